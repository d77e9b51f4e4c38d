// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Cold start of the desktop app on the bundled demo workspace (issue 7), as a new process each
// time (`sandcastle --startup-report`, under Xvfb or any display): the wall time from starting the
// process to its report of the first painted main window, the same measured inside the process
// (from main), whether Qt WebEngine was loaded by then, and the resident memory after 2 s idle
// with the demo workspace open. Targets: first paint < 400 ms without WebEngine, idle RSS < 120 MB.
// One warm-up start materializes the demo workspace in a fresh data directory first.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>

namespace {

struct Start
{
    qint64 wallMs = -1;
    qint64 inProcessMs = -1;
    qint64 cpuMs = -1;
    QList<std::pair<QByteArray, std::pair<qint64, qint64>>> phases; ///< name, wall and CPU ms at its end
    bool webEngine = true;
    qint64 idleRssKb = -1;
    QString error;
};

Start startOnce(const QProcessEnvironment &env)
{
    Start s;
    QProcess app;
    app.setProcessEnvironment(env);
    app.setProcessChannelMode(QProcess::SeparateChannels);
    QElapsedTimer wall;
    wall.start();
    app.start(QStringLiteral(SANDCASTLE_APP), {QStringLiteral("--startup-report")});
    QByteArray out;
    while (app.state() != QProcess::NotRunning || app.bytesAvailable() > 0) {
        app.waitForReadyRead(100);
        out += app.readAllStandardOutput();
        if (s.wallMs < 0 && out.contains("first-paint-ms")) {
            s.wallMs = wall.elapsed();
        }
        if (wall.elapsed() > 60000) {
            app.kill();
            app.waitForFinished();
            s.error = QStringLiteral("no report within 60 s");
            return s;
        }
    }
    for (const QByteArray &line : out.split('\n')) {
        const QList<QByteArray> f = line.split(' ');
        if (f.value(0) == "first-paint-ms") {
            s.inProcessMs = f.value(1).toLongLong();
        } else if (f.value(0) == "first-paint-cpu-ms") {
            s.cpuMs = f.value(1).toLongLong();
        } else if (f.value(0) == "phase" && f.size() == 4) {
            s.phases.append({f.at(1), {f.at(2).toLongLong(), f.at(3).toLongLong()}});
        } else if (f.value(0) == "webengine-loaded") {
            s.webEngine = f.value(1) == "1";
        } else if (f.value(0) == "idle-rss-kb") {
            s.idleRssKb = f.value(1).toLongLong();
        }
    }
    if (app.exitCode() != 0 || s.idleRssKb < 0) {
        s.error =
            QStringLiteral("exit %1: %2").arg(app.exitCode()).arg(QString::fromLocal8Bit(app.readAllStandardError()));
    }
    return s;
}

qint64 median(QList<qint64> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? -1 : v.at(v.size() / 2);
}

QString loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll().trimmed()) : QStringLiteral("?");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTemporaryDir home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral("cache")));
    env.remove(QStringLiteral("OPENAI_API_KEY"));

    const Start warm = startOnce(env);
    if (!warm.error.isEmpty()) {
        out << "bench_appstart: the app did not start: " << warm.error << "\n";
        return 1;
    }
    constexpr int kRuns = 7;
    QList<qint64> wall;
    QList<qint64> inProcess;
    QList<qint64> cpu;
    QList<QList<std::pair<QByteArray, std::pair<qint64, qint64>>>> phases;
    QList<qint64> rss;
    bool webEngine = false;
    for (int i = 0; i < kRuns; ++i) {
        const Start s = startOnce(env);
        if (!s.error.isEmpty()) {
            out << "bench_appstart: run " << i << " failed: " << s.error << "\n";
            return 1;
        }
        wall.append(s.wallMs);
        inProcess.append(s.inProcessMs);
        cpu.append(s.cpuMs);
        phases.append(s.phases);
        rss.append(s.idleRssKb);
        webEngine = webEngine || s.webEngine;
    }
    out << "cold start to first painted main window, " << kRuns << " starts (demo workspace):\n"
        << "  process start -> first paint: median " << median(wall) << " ms, min "
        << *std::min_element(wall.begin(), wall.end()) << " ms, max " << *std::max_element(wall.begin(), wall.end())
        << " ms (target < 400 ms)\n"
        << "  inside the process (from main): median " << median(inProcess)
        << " ms; CPU time of the process by then: median " << median(cpu) << " ms (load average " << loadAverage()
        << ")\n"
        << "  Qt WebEngine loaded at first paint: " << (webEngine ? "yes" : "no") << " (target: no)\n"
        << "  idle RSS after 2 s with the demo workspace open: median " << median(rss) / 1024 << " MB, max "
        << *std::max_element(rss.begin(), rss.end()) / 1024 << " MB (target < 120 MB)\n";
    // Each phase's share (wall and CPU ms since the previous mark), medians over the starts.
    out << "  phases (median wall / CPU ms of each, the first from main):\n";
    for (qsizetype p = 0; p < phases.first().size(); ++p) {
        QList<qint64> wallShare;
        QList<qint64> cpuShare;
        for (const auto &run : std::as_const(phases)) {
            if (p < run.size()) {
                wallShare.append(run.at(p).second.first - (p > 0 ? run.at(p - 1).second.first : 0));
                cpuShare.append(run.at(p).second.second - (p > 0 ? run.at(p - 1).second.second : 0));
            }
        }
        out << "    " << phases.first().at(p).first << ": " << median(wallShare) << " / " << median(cpuShare) << "\n";
    }
    return 0;
}
