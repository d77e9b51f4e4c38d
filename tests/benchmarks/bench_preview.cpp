// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Preview figures (issue 9), as the app sees them: "python3 -m http.server" reports its port (the
// server listens), the dock gets the offer at once (what the port monitor does), warms WebEngine
// up in the background, then the user clicks "Preview". Measured: listening -> warmed up, click ->
// preview painted (first loadFinished, then a rendered frame), for the first preview (the plugin
// loads, Chromium starts) and for later ones (the profile was freed with the last tab and is made
// again). With --click-at-offer the click comes with the offer, before any warm-up (the worst
// case: everything on the click). Two cases, each in a process of its own: a DETECTED port (the
// warm-up starts with the offer) and a DECLARED one (--declared: the run's exposed port, so the
// warm-up starts with the run, here right before the server). Memory before any preview, with one, and after closing
// it: this process (RSS, anonymous and file-backed) and its QtWebEngineProcess descendants (PSS) apart. Runs under Xvfb
// (or any display).

#include "previewpluginloader.h"
#include "previewtab.h"
#include "sandcastle/ui/previewdock.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QPointer>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <unistd.h>

using namespace Sandcastle::Ui;

namespace {

/// A "Name:   N kB" field of /proc/<pid>/<file> in KiB (0 when gone).
qint64 procKiB(const QString &pid, const char *file, const QByteArray &field)
{
    QFile status(QStringLiteral("/proc/%1/%2").arg(pid, QLatin1String(file)));
    if (!status.open(QIODevice::ReadOnly)) {
        return 0;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field)) {
            return line.mid(field.size()).trimmed().split(' ').first().toLongLong();
        }
    }
    return 0;
}

struct Memory
{
    qint64 selfRss = 0;
    qint64 selfAnon = 0; ///< heap and other private memory
    qint64 selfFile = 0; ///< mapped files (WebEngine's code and resources): clean, the kernel can drop them
    qint64 childrenPss = 0;
    QStringList kinds; ///< each WebEngine process: zygote, renderer, gpu-process, utility
};

/// This process and its QtWebEngineProcess descendants (the test's HTTP server is not counted).
/// Children as PSS: the zygote and the renderers forked from it share most of their pages.
Memory measureMemory()
{
    QHash<QString, QString> parentOf;
    QHash<QString, QString> typeOf;
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList({QStringLiteral("[0-9]*")}, QDir::Dirs);
    for (const QString &pid : pids) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!stat.open(QIODevice::ReadOnly) || !cmdline.open(QIODevice::ReadOnly)) {
            continue;
        }
        const QByteArray text = stat.readAll();
        const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 1) {
            parentOf.insert(pid, QString::fromLatin1(fields.at(1)));
        }
        const QList<QByteArray> args = cmdline.readAll().split('\0');
        if (!args.isEmpty() && args.first().contains("QtWebEngineProcess")) {
            QString type = QStringLiteral("other");
            for (const QByteArray &arg : args) {
                if (arg.startsWith("--type=")) {
                    type = QString::fromLatin1(arg.mid(7));
                }
            }
            typeOf.insert(pid, type);
        }
    }
    const QString self = QString::number(QCoreApplication::applicationPid());
    Memory memory;
    memory.selfRss = procKiB(self, "status", "VmRSS:");
    memory.selfAnon = procKiB(self, "status", "RssAnon:");
    memory.selfFile = procKiB(self, "status", "RssFile:");
    for (auto it = typeOf.cbegin(); it != typeOf.cend(); ++it) {
        QString p = parentOf.value(it.key());
        for (int depth = 0; depth < 8 && !p.isEmpty() && p != u"0"; ++depth, p = parentOf.value(p)) {
            if (p == self) {
                memory.childrenPss += procKiB(it.key(), "smaps_rollup", "Pss:");
                // Renderers are forked by the zygote and keep its command line.
                const bool forked = typeOf.value(parentOf.value(it.key())) == u"zygote";
                memory.kinds.append(forked ? QStringLiteral("renderer") : it.value());
                break;
            }
        }
    }
    memory.kinds.sort();
    return memory;
}

void printMemory(const char *label, const Memory &m)
{
    std::printf("%-24s app RSS %6.1f MiB (anon %6.1f, files %6.1f)  WebEngine processes PSS %6.1f MiB (%s)\n", label,
                m.selfRss / 1024.0, m.selfAnon / 1024.0, m.selfFile / 1024.0, m.childrenPss / 1024.0,
                qPrintable(m.kinds.join(QStringLiteral(", "))));
}

/// A port nothing listens on now (for a server the run declares before it starts).
quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

/// Starts `python3 -m http.server` on `port` (0: any) and returns the port once it says it
/// listens (0 on failure).
quint16 startServer(QProcess &server, const QString &dir, quint16 port = 0)
{
    server.setProgram(QStringLiteral("python3"));
    server.setArguments({QStringLiteral("-u"), QStringLiteral("-m"), QStringLiteral("http.server"),
                         QString::number(port), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                         QStringLiteral("--directory"), dir});
    server.setProcessChannelMode(QProcess::MergedChannels);
    server.start();
    QByteArray out;
    port = 0;
    const QRegularExpression re(QStringLiteral("port (\\d+)"));
    const bool started = QTest::qWaitFor(
        [&] {
            out += server.readAll();
            const auto m = re.match(QString::fromUtf8(out));
            port = m.hasMatch() ? m.captured(1).toUShort() : 0;
            return port != 0 || server.state() == QProcess::NotRunning;
        },
        10000);
    return started ? port : 0;
}

/// Opens the port's tab (the click) and returns ms until its first load finished and a frame rendered.
double openAndPaint(PreviewDock &dock, quint16 port)
{
    QElapsedTimer sinceClick;
    sinceClick.start();
    PreviewTab *tab = dock.openPort(port, QUrl(QStringLiteral("http://127.0.0.1:%1/index.html").arg(port)));
    if (tab == nullptr) {
        std::printf("cannot open a preview: %s\n", qPrintable(dock.lastError()));
        return -1;
    }
    bool loaded = false;
    bool painted = false;
    QObject::connect(tab, &PreviewTab::loadFinished, tab, [&, tab](bool) {
        if (!loaded) {
            loaded = true;
            tab->page()->notifyNextFrame([&] { painted = true; });
        }
    });
    if (!QTest::qWaitFor([&] { return painted; }, 60000)) {
        return -1;
    }
    return sinceClick.nsecsElapsed() / 1e6;
}

double median(QList<double> values)
{
    std::ranges::sort(values);
    return values.isEmpty() ? -1 : values.at(values.size() / 2);
}

} // namespace

int main(int argc, char **argv)
{
    if (geteuid() == 0 && qEnvironmentVariableIsEmpty("QTWEBENGINE_DISABLE_SANDBOX")) {
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1"); // Chromium's sandbox refuses to run as root
    }
    QApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    const bool clickAtOffer = args.contains(QStringLiteral("--click-at-offer"));
    const bool declared = args.contains(QStringLiteral("--declared"));
    if (!clickAtOffer && !declared && !args.contains(QStringLiteral("--detected"))) {
        // Each case in a process of its own: only a process's first preview loads the plugin and
        // starts Chromium.
        bool ok = true;
        for (const QString &mode : {QStringLiteral("--detected"), QStringLiteral("--declared")}) {
            QProcess child;
            child.setProcessChannelMode(QProcess::ForwardedChannels);
            child.start(QCoreApplication::applicationFilePath(), {mode});
            ok = child.waitForFinished(-1) && child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0 && ok;
        }
        return ok ? 0 : 1;
    }
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir site;
    QTemporaryDir workspace;
    QFile index(site.filePath(QStringLiteral("index.html")));
    if (!index.open(QIODevice::WriteOnly) ||
        index.write("<!doctype html><title>bench</title><body style='background:#2060c0'><h1>Preview</h1>") < 0) {
        return 1;
    }
    index.close();

    PreviewDock dock;
    dock.setWorkspacePath(workspace.path());
    dock.resize(1000, 800);
    dock.show();
    if (!QTest::qWaitForWindowExposed(&dock)) {
        std::printf("the dock was not shown (no display?)\n");
        return 1;
    }
    QTest::qWait(200);
    std::printf("WebEngine mapped before the first offer: %s\n", isWebEngineMapped() ? "yes" : "no");
    printMemory("before any preview:", measureMemory());

    QList<double> warmUps;
    QList<double> runStartToListening;
    QList<double> clicks;
    QList<double> totals;
    Memory withOne;
    Memory afterClose;
    const int rounds = 6;
    for (int round = 0; round < rounds; ++round) {
        QProcess server;
        QElapsedTimer sinceRunStart;
        quint16 declaredPort = 0;
        if (declared) {
            // A run that declares the port starts, and its server right away (the worst case: a
            // real run prepares its sandbox and asks the model first).
            declaredPort = freePort();
            sinceRunStart.start();
            dock.expectPorts({declaredPort});
        }
        QElapsedTimer sinceListening;
        const quint16 port = startServer(server, site.path(), declaredPort);
        sinceListening.start();
        if (declared) {
            runStartToListening.append(sinceRunStart.nsecsElapsed() / 1e6);
        }
        if (port == 0) {
            std::printf("python3 -m http.server did not start\n");
            return 1;
        }
        const QUrl url(QStringLiteral("http://127.0.0.1:%1/index.html").arg(port));
        dock.offerPort(port, url);
        if (!clickAtOffer) {
            if (!QTest::qWaitFor([&] { return dock.isWarm(); }, 60000)) {
                std::printf("the engine did not warm up within 60 s: %s\n", qPrintable(dock.lastError()));
                return 1;
            }
            warmUps.append(sinceListening.nsecsElapsed() / 1e6);
        }
        const double ms = openAndPaint(dock, port);
        if (ms < 0) {
            std::printf("the preview did not paint within 60 s\n");
            return 1;
        }
        clicks.append(ms);
        totals.append(sinceListening.nsecsElapsed() / 1e6);
        if (round == 0) {
            QTest::qWait(1000); // let the renderer settle before measuring
            withOne = measureMemory();
        }
        QPointer<QObject> page = dock.tabAt(0)->page()->pageObject();
        dock.closeTab(0);
        dock.expectPorts({}); // the run ended
        if (!QTest::qWaitFor([&] { return page.isNull() && !dock.isBackendLoaded(); }, 10000)) {
            std::printf("the closed tab's page or the profile was not freed\n");
            return 1;
        }
        if (round == 0) {
            QTest::qWait(3000); // the renderer processes exit
            afterClose = measureMemory();
        }
        server.kill();
        server.waitForFinished(5000);
    }
    printMemory("with one preview:", withOne);
    printMemory("after closing it:", afterClose);
    const char *click = clickAtOffer ? "click at the offer (no warm-up)" : "click after the warm-up";
    std::printf("%s: %s\n",
                declared ? "DECLARED port (the run declares it, warm-up from the run's start)"
                         : "DETECTED port (warm-up from the offer)",
                click);
    if (!runStartToListening.isEmpty()) {
        std::printf("run start -> server listening: first %.0f ms, later median %.0f ms\n", runStartToListening.first(),
                    median(runStartToListening.mid(1)));
    }
    if (!warmUps.isEmpty()) {
        std::printf("listening -> warmed up: first %.0f ms (plugin + WebEngine start), later median %.0f ms\n",
                    warmUps.first(), median(warmUps.mid(1)));
    }
    std::printf("click -> preview painted: first %.0f ms, later median of %lld: %.0f ms (max %.0f)\n", clicks.first(),
                static_cast<long long>(clicks.size() - 1), median(clicks.mid(1)), std::ranges::max(clicks.mid(1)));
    std::printf("listening -> preview painted, clicking as soon as possible: first %.0f ms, later median %.0f ms\n",
                totals.first(), median(totals.mid(1)));
    std::printf("pages alive after closing every tab: %d, profile loaded: %s\n", dock.livePageCount(),
                dock.isBackendLoaded() ? "yes" : "no");
    return 0;
}
