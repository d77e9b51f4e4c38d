// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// What the GUI benchmarks measure: the worst event-loop stall (the longest gap between the ticks
// of a 1 ms heartbeat timer) and the GUI thread's longest event in CPU time (which other
// processes on a busy machine do not inflate), plus the process's resident memory.
#pragma once

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QThread>
#include <QTimer>

#include <ctime>
#include <functional>

namespace Sandcastle::Bench {

/// The longest gap between two ticks of a 1 ms timer: how long the event loop was blocked.
class StallMeter
{
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            m_worst = std::max(m_worst, m_sinceTick.nsecsElapsed());
            m_sinceTick.restart();
        });
    }
    void start()
    {
        m_worst = 0;
        m_sinceTick.start();
        m_timer.start();
    }
    /// Worst gap in ms since start().
    double stop()
    {
        m_timer.stop();
        m_worst = std::max(m_worst, m_sinceTick.nsecsElapsed());
        return double(m_worst) / 1e6;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_sinceTick;
    qint64 m_worst = 0;
};

inline qint64 threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

/// Measures the GUI thread's CPU time per outermost event delivery.
class MeasuringApplication : public QApplication
{
public:
    using QApplication::QApplication;
    bool notify(QObject *receiver, QEvent *event) override
    {
        if (m_depth > 0 || QThread::currentThread() != thread()) { // the GUI thread only
            return QApplication::notify(receiver, event);
        }
        ++m_depth;
        const qint64 start = threadCpuNs();
        const bool result = QApplication::notify(receiver, event);
        m_worstNs = std::max(m_worstNs, threadCpuNs() - start);
        --m_depth;
        return result;
    }
    /// The longest event in ms of CPU time since the last call.
    double takeWorstMs()
    {
        const double ms = double(m_worstNs) / 1e6;
        m_worstNs = 0;
        return ms;
    }

private:
    int m_depth = 0;
    qint64 m_worstNs = 0;
};

/// Runs the event loop until `done` holds; false after `timeoutMs`.
inline bool spinUntil(const std::function<bool()> &done, int timeoutMs = 120000)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs) {
            return false;
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 5);
    }
    QCoreApplication::processEvents(); // the paint that follows
    return true;
}

/// VmRSS of this process in MB.
inline double residentMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) {
        return 0;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) {
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
        }
    }
    return 0;
}

} // namespace Sandcastle::Bench
