// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "startupreport.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QTimer>
#include <QWidget>

#include <cstdio>
#include <ctime>

namespace Sandcastle::App {

namespace {

QByteArray procSelf(const char *name)
{
    QFile f(QStringLiteral("/proc/self/") + QLatin1String(name));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

qint64 rssKb()
{
    for (const QByteArray &line : procSelf("status").split('\n')) {
        if (line.startsWith("VmRSS:")) {
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
        }
    }
    return -1;
}

qint64 cpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return qint64(t.tv_sec) * 1000 + t.tv_nsec / 1000000;
}

struct Phase
{
    const char *name;
    qint64 sinceReferenceMs; ///< QElapsedTimer::msecsSinceReference()
    qint64 cpuMs;
};

QList<Phase> &phases()
{
    static QList<Phase> list;
    return list;
}

class FirstPaint : public QObject
{
public:
    FirstPaint(QWidget *window, const QElapsedTimer &sinceStart, int idleMs)
        : QObject(window)
        , m_sinceStart(sinceStart)
        , m_idleMs(idleMs)
    {
        window->installEventFilter(this);
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_seen) {
            m_seen = true;
            watched->removeEventFilter(this);
            // After the paint event has been handled and the backing store flushed.
            QTimer::singleShot(0, this, [this] {
                markStartupPhase("first-paint");
                std::printf("first-paint-ms %lld\nfirst-paint-cpu-ms %lld\nwebengine-loaded %d\n",
                            qint64(m_sinceStart.elapsed()), cpuMs(),
                            procSelf("maps").contains("libQt6WebEngineCore") ? 1 : 0);
                for (const Phase &phase : std::as_const(phases())) {
                    std::printf("phase %s %lld %lld\n", phase.name,
                                phase.sinceReferenceMs - m_sinceStart.msecsSinceReference(), phase.cpuMs);
                }
                phases().clear();
                std::fflush(stdout);
                QTimer::singleShot(m_idleMs, this, [] {
                    std::printf("idle-rss-kb %lld\n", rssKb());
                    std::fflush(stdout);
                    QApplication::exit(0);
                });
            });
        }
        return false;
    }

private:
    const QElapsedTimer &m_sinceStart;
    int m_idleMs;
    bool m_seen = false;
};

} // namespace

void markStartupPhase(const char *name)
{
    QElapsedTimer now;
    now.start();
    phases().append({name, now.msecsSinceReference(), cpuMs()});
}

void reportStartup(QWidget *window, const QElapsedTimer &sinceStart, int idleMs)
{
    new FirstPaint(window, sinceStart, idleMs);
}

} // namespace Sandcastle::App
