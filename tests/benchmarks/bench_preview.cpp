// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Preview figures (issue 9), as the app sees them: a Unix-local sandbox session (unconfined, on
// the host's network) runs "python3 -m http.server" as the agent would; a real PortMonitor finds
// the port and the dock gets the offer (what RunController and MainWindow do), the dock warms
// WebEngine up, and the user clicks "Preview" as soon as the offer is there and the engine is warm
// (--click-at-offer: at the offer). A thread connecting every millisecond notes when the server
// listens. Timestamps per round: command started, listening, offered, warmed up, clicked, painted
// (first loadFinished, then a rendered frame), and the GUI thread's longest stall in between. The
// first round is the process's first preview (the plugin loads, Chromium starts); later rounds
// make the profile again. Cases, each in a process of its own: a DETECTED port (nobody declared
// it), a DECLARED one (the run declares it: expectPorts() at the run's start, here right before the
// command) and --breakdown (the first warm-up step by step: plugin, profile, warm-up page, first
// page). --baseline: as before session 8 (the monitor's 1 s polls only, no warm-up on a server
// command). Also: what one poll of the monitor costs (wall and CPU), memory before any preview,
// with one, and after closing it. Runs under Xvfb (or any display); with
// SANDCASTLE_PREVIEW_PROCESS=separate|inprocess, WebEngine runs where that says. A separate host
// released at a round's end lingers (SANDCASTLE_PREVIEW_HOST_LINGER_MS; 10 s here unless set), so
// later rounds reuse it; the memory once it has quit is printed last.

#include "bench_previewmemory.h"
#include "futurewait.h"
#include "guistall.h"
#include "previewpluginloader.h"
#include "previewremote.h"
#include "previewtab.h"
#include "previewtrust.h"
#include "sandcastle/core/sandbox/portmonitor.h"
#include "sandcastle/core/sandbox/unixlocalsandboxclient.h"
#include "sandcastle/core/sandbox/unixlocalsandboxsession.h"
#include "sandcastle/ui/previewdock.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QPointer>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace Sandcastle;
using namespace Sandcastle::Ui;
using Bench::measureMemory;
using Bench::Memory;
using Bench::printMemory;

namespace {

/// A port nothing listens on now.
quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

/// Notes (in ms on `clock`) when something first accepts connections on 127.0.0.1:`port`.
class ListenProbe
{
public:
    ListenProbe(quint16 port, const QElapsedTimer &clock)
        : m_thread([this, port, &clock] {
            sockaddr_in address{};
            address.sin_family = AF_INET;
            address.sin_port = htons(port);
            address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            while (!m_stop) {
                const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
                const bool up = ::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0;
                ::close(fd);
                if (up) {
                    m_at = clock.nsecsElapsed() / 1e6;
                    return;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        })
    {}
    ~ListenProbe()
    {
        m_stop = true;
        m_thread.join();
    }
    /// ms, or a negative number while nothing listens.
    [[nodiscard]] double at() const { return m_at; }

private:
    std::atomic<bool> m_stop = false;
    std::atomic<double> m_at = -1;
    std::thread m_thread;
};

double median(QList<double> values)
{
    std::ranges::sort(values);
    return values.isEmpty() ? -1 : values.at(values.size() / 2);
}

/// One round's timestamps in ms from the command's start (negative: did not happen).
struct Round
{
    double started = 0;
    double listening = -1;
    double offered = -1;
    double warm = -1;
    double clicked = -1;
    double painted = -1;
    double worstStallMs = 0;
};

void printFigure(const char *label, const QList<Round> &rounds, double Round::*to, double Round::*from)
{
    QList<double> values;
    for (const Round &r : rounds) {
        values.append(r.*to - r.*from);
    }
    std::printf("  %-28s first %6.0f ms, later median %6.0f ms (min %4.0f, max %4.0f)\n", label, values.first(),
                median(values.mid(1)), std::ranges::min(values.mid(1)), std::ranges::max(values.mid(1)));
}

/// The first warm-up step by step, as PreviewDock::ensureBackend() and warmUp() do it, then the
/// first page in a tab; each step's time and the longest GUI stall while it ran.
int breakdown(const QString &workspace, const QUrl &url)
{
    QElapsedTimer step;
    Bench::StallMeter stall;
    const auto report = [&](const char *what) {
        const double stalled = stall.stop();
        std::printf("  %-52s %6.0f ms, longest GUI stall %6.0f ms\n", what, step.nsecsElapsed() / 1e6, stalled);
    };
    std::printf("BREAKDOWN of the first warm-up (one process, nothing loaded before)\n");
    step.start();
    stall.start();
    PreviewPluginLoader loader;
    QFuture<bool> preloaded = loader.preload();
    report("shared OpenGL context (GUI thread)");
    step.restart();
    stall.start();
    if (!Bench::spinUntil([&] { return preloaded.isFinished(); }, 60000) || !preloaded.result()) {
        std::printf("cannot map the plugin\n");
        return 1;
    }
    report("libraries mapped (worker thread)");
    step.restart();
    stall.start();
    auto factory = loader.load();
    if (!factory) {
        std::printf("%s\n", qPrintable(factory.error().toString()));
        return 1;
    }
    report("the plugin's instance");
    step.restart();
    stall.start();
    PreviewProfileSettings settings;
    settings.storageName = QStringLiteral("bench-breakdown");
    settings.dataPath = workspace + QStringLiteral("/profile");
    settings.downloadPath = workspace + QStringLiteral("/downloads");
    std::unique_ptr<PreviewBackend> backend = (*factory)->createBackend(settings);
    report("profile (Chromium's browser side starts)");
    step.restart();
    stall.start();
    backend->warmUp();
    report("warm-up page made (synchronous part)");
    step.restart();
    stall.start();
    if (!Bench::spinUntil([&] { return backend->isWarm(); }, 60000)) {
        return 1;
    }
    report("warm-up page loaded (GPU and renderer processes)");
    PreviewTrust trust;
    trust.trust(url);
    PreviewTabContext context;
    context.trust = &trust;
    context.decideNavigation = [](const QUrl &, std::function<void(bool)> answer) { answer(false); };
    context.chooseDownloadPath = [](const QString &, std::function<void(const QString &)> answer) { answer({}); };
    context.openPopupTab = [] { return nullptr; };
    QWidget window;
    window.resize(1000, 800);
    step.restart();
    stall.start();
    auto *tab = new PreviewTab(*backend, context, url.port(), &window);
    tab->resize(window.size());
    window.show();
    bool painted = false;
    QObject::connect(
        tab, &PreviewTab::loadFinished, tab, [&, tab](bool) { tab->page()->notifyNextFrame([&] { painted = true; }); },
        Qt::SingleShotConnection);
    tab->load(url);
    if (!Bench::spinUntil([&] { return painted; }, 60000)) {
        return 1;
    }
    report("first page in a tab: loaded and painted");
    delete tab;
    backend->endWarmUp();
    return 0;
}

/// What one poll of the port monitor costs: SandboxSession::listeningPorts() (for Unix-local the
/// /proc scan on a worker thread), while the session runs a command.
bool printPollCost(Core::SandboxSession &session)
{
    timespec cpu{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
    const double cpuBefore = cpu.tv_sec * 1e3 + cpu.tv_nsec / 1e6;
    QElapsedTimer wall;
    wall.start();
    const int polls = 50;
    for (int i = 0; i < polls; ++i) {
        QFuture<Core::Result<QList<Core::ListeningPort>>> ports = session.listeningPorts();
        if (!Bench::spinUntil([&] { return ports.isFinished(); }, 10000) || !ports.result() ||
            ports.result()->isEmpty()) {
            std::printf("listing the session's ports failed\n");
            return false;
        }
    }
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
    const qsizetype processes = QDir(QStringLiteral("/proc")).entryList({QStringLiteral("[0-9]*")}, QDir::Dirs).size();
    std::printf("one poll (Unix-local /proc scan, %lld processes on the host): %.2f ms wall, %.2f ms CPU\n",
                static_cast<long long>(processes), wall.nsecsElapsed() / 1e6 / polls,
                (cpu.tv_sec * 1e3 + cpu.tv_nsec / 1e6 - cpuBefore) / polls);
    return true;
}

struct Setup
{
    QString site;
    QString workspace;
    bool declared = false;
    bool clickAtOffer = false;
    bool baseline = false;
};

int endToEnd(const Setup &setup)
{
    using namespace Sandcastle::Core;
    PreviewDock dock;
    dock.setWorkspacePath(setup.workspace);
    dock.resize(1000, 800);
    dock.show();
    if (!QTest::qWaitForWindowExposed(&dock)) {
        std::printf("the dock was not shown (no display?)\n");
        return 1;
    }
    UnixLocalSandboxClient client(Confinement::None);
    SandboxOptions options;
    options.workspaceDir = setup.workspace + QStringLiteral("/ws");
    const Result<SandboxSession *> created = Test::await(client.create(options));
    if (!created || !Test::await((*created)->start())) {
        std::printf("cannot start a Unix-local sandbox\n");
        return 1;
    }
    SandboxSession *session = *created;
    {
        // Before the monitor starts and any WebEngine thread runs here: a listener for the scan to find (not
        // a command that looks like a server, which would warm the engine up).
        ProcessRequest sleeper;
        sleeper.argv = QStringList{QStringLiteral("python3"), QStringLiteral("-c"),
                                   QStringLiteral("import socket, time\ns = socket.socket()\n"
                                                  "s.bind(('127.0.0.1', 0))\ns.listen()\ntime.sleep(60)")};
        const Result<ProcessChunk> sleeping = Test::await(session->startProcess(sleeper, 0));
        QTest::qWait(500);
        if (!sleeping || !sleeping->processId || !printPollCost(*session)) {
            return 1;
        }
        session->terminateProcess(*sleeping->processId);
    }
    // What RunController::watchPorts() and MainWindow do.
    PortMonitor monitor(session);
    QElapsedTimer clock;
    Round round;
    quint16 roundPort = 0;
    QObject::connect(&monitor, &PortMonitor::portOpened, &dock, [&](quint16 port, const QUrl &url) {
        if (port == roundPort && round.offered < 0) {
            round.offered = clock.nsecsElapsed() / 1e6;
        }
        dock.offerPort(port, url);
    });
    QObject::connect(&monitor, &PortMonitor::portClosed, &dock, &PreviewDock::portClosed);
    QObject::connect(&monitor, &PortMonitor::serverLikely, &dock, &PreviewDock::expectServer);
    if (setup.baseline) {
        // As before session 8: no fast polling after a command starts, no warm-up on a server command.
        QObject::disconnect(session, &SandboxSession::commandStarted, &monitor, nullptr);
    }
    monitor.start();
    QTest::qWait(200);
    std::printf("WebEngine mapped before the first offer: %s; port monitor interval %d ms\n",
                isWebEngineMapped() ? "yes" : "no", monitor.intervalMs());
    printMemory("before any preview:", measureMemory());

    QList<Round> rounds;
    Memory withOne;
    Memory afterClose;
    for (int i = 0; i < 6; ++i) {
        const quint16 port = freePort();
        roundPort = port;
        round = Round();
        Bench::StallMeter stall;
        clock.start();
        stall.start();
        const ListenProbe probe(port, clock);
        if (setup.declared) {
            dock.expectPorts({port}); // the run starts (the worst case: its server right away)
        }
        ProcessRequest request;
        request.argv = QStringList{QStringLiteral("python3"),     QStringLiteral("-m"),
                                   QStringLiteral("http.server"), QString::number(port),
                                   QStringLiteral("--bind"),      QStringLiteral("127.0.0.1"),
                                   QStringLiteral("--directory"), setup.site};
        QFuture<Result<ProcessChunk>> started = session->startProcess(request, 0);
        PreviewTab *tab = nullptr;
        bool painted = false;
        const bool done = Bench::spinUntil(
            [&] {
                if (round.warm < 0 && dock.isWarm()) {
                    round.warm = clock.nsecsElapsed() / 1e6;
                }
                if (tab == nullptr && round.offered >= 0 && (setup.clickAtOffer || dock.isWarm())) {
                    round.clicked = clock.nsecsElapsed() / 1e6;
                    tab = dock.openPort(port, QUrl(QStringLiteral("http://127.0.0.1:%1/index.html").arg(port)));
                    if (tab == nullptr) {
                        return true;
                    }
                    QObject::connect(
                        tab, &PreviewTab::loadFinished, tab,
                        [&] { tab->page()->notifyNextFrame([&] { painted = true; }); }, Qt::SingleShotConnection);
                }
                return painted;
            },
            60000);
        round.painted = clock.nsecsElapsed() / 1e6;
        round.worstStallMs = stall.stop();
        round.listening = probe.at();
        if (!done || tab == nullptr || !started.isFinished() || !started.result() ||
            !started.result()->processId.has_value()) {
            std::printf("the preview did not paint within 60 s: %s\n", qPrintable(dock.lastError()));
            return 1;
        }
        if (round.warm < 0) {
            round.warm = round.clicked; // clicked at the offer: the tab warms the engine itself
        }
        rounds.append(round);
        if (i == 0) {
            QTest::qWait(1000); // let the renderer settle before measuring
            withOne = measureMemory();
        }
        QPointer<QObject> page = tab->page()->pageObject();
        dock.closeTab(0);
        dock.expectPorts({}); // the run ended
        session->terminateProcess(*started.result()->processId);
        if (!QTest::qWaitFor(
                [&] { return page.isNull() && !dock.isBackendLoaded() && !monitor.openPorts().contains(port); },
                10000)) {
            std::printf("the closed tab's page or the profile was not freed, or the port not seen closed\n");
            return 1;
        }
        if (i == 0) {
            QTest::qWait(3000); // the renderer processes exit
            afterClose = measureMemory();
        }
    }
    printMemory("with one preview:", withOne);
    printMemory("after closing it:", afterClose);
    if (previewProcessMode() == PreviewProcessMode::Separate) {
        // The released host quits once its linger ends: then nothing of WebEngine is left.
        const int linger = PreviewHostReserve::lingerMs();
        QTest::qWait(linger + 1000);
        if (!QTest::qWaitFor([] { return measureMemory().kinds.isEmpty(); },
                             PreviewHostConnection::kQuitGraceMs + 2000)) {
            std::printf("the released preview host did not quit after its linger\n");
        }
        printMemory(qPrintable(QStringLiteral("after the linger (%1 s):").arg(linger / 1000.0)), measureMemory());
    }
    std::printf("%s, %s%s:\n",
                setup.declared ? "DECLARED port (expectPorts() at the run's start)"
                               : "DETECTED port (nobody declared it)",
                setup.clickAtOffer ? "click at the offer" : "click once offered and warm",
                setup.baseline ? ", BASELINE (no fast polling or warm-up after the command starts)" : "");
    printFigure("command -> listening", rounds, &Round::listening, &Round::started);
    printFigure("listening -> offered", rounds, &Round::offered, &Round::listening);
    printFigure("listening -> warm", rounds, &Round::warm, &Round::listening);
    printFigure("click -> painted", rounds, &Round::painted, &Round::clicked);
    printFigure("LISTENING -> PAINTED", rounds, &Round::painted, &Round::listening);
    printFigure("longest GUI stall", rounds, &Round::worstStallMs, &Round::started);
    std::printf("pages alive after closing every tab: %d, profile loaded: %s\n", dock.livePageCount(),
                dock.isBackendLoaded() ? "yes" : "no");
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (geteuid() == 0 && qEnvironmentVariableIsEmpty("QTWEBENGINE_DISABLE_SANDBOX")) {
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1"); // Chromium's sandbox refuses to run as root
    }
    if (qEnvironmentVariableIsEmpty("SANDCASTLE_PREVIEW_HOST_LINGER_MS")) {
        // Long enough to keep a released host from one round to the next (as the app's default
        // does between runs), short enough to wait for it at the end.
        qputenv("SANDCASTLE_PREVIEW_HOST_LINGER_MS", "10000");
    }
    QApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    const QStringList modes{QStringLiteral("--detected"), QStringLiteral("--declared"), QStringLiteral("--breakdown")};
    if (std::ranges::none_of(modes, [&](const QString &mode) { return args.contains(mode); })) {
        // Each case in a process of its own: only a process's first preview loads the plugin and
        // starts Chromium.
        bool ok = true;
        for (const QString &mode : modes) {
            QProcess child;
            child.setProcessChannelMode(QProcess::ForwardedChannels);
            child.start(QCoreApplication::applicationFilePath(), args.mid(1) << mode);
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
    if (args.contains(QStringLiteral("--breakdown"))) {
        QProcess server;
        const quint16 port = freePort();
        server.start(QStringLiteral("python3"),
                     {QStringLiteral("-m"), QStringLiteral("http.server"), QString::number(port),
                      QStringLiteral("--bind"), QStringLiteral("127.0.0.1"), QStringLiteral("--directory"),
                      site.path()});
        QElapsedTimer clock;
        clock.start();
        const ListenProbe probe(port, clock);
        if (!QTest::qWaitFor([&] { return probe.at() >= 0; }, 10000)) {
            return 1;
        }
        const int rc = breakdown(workspace.path(), QUrl(QStringLiteral("http://127.0.0.1:%1/index.html").arg(port)));
        server.kill();
        server.waitForFinished();
        return rc;
    }
    Setup setup;
    setup.site = site.path();
    setup.workspace = workspace.path();
    setup.declared = args.contains(QStringLiteral("--declared"));
    setup.clickAtOffer = args.contains(QStringLiteral("--click-at-offer"));
    setup.baseline = args.contains(QStringLiteral("--baseline"));
    return endToEnd(setup);
}
