// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The Docker sandbox against the real dockerd and SANDCASTLE_SANDBOX_IMAGE (default
// sandcastle/sandbox:latest), in one run:
//  - container create + start until the first exec has finished, with the exec helper and without;
//  - the round trip of `true` in the warm container through DockerSandboxSession::exec over the
//    exec helper and over Engine API execs, through a bare Engine API exec (DockerEngine::runExec:
//    create + start + inspect) and through `docker exec <id> true` from the CLI (skipped without a
//    docker binary on PATH);
//  - the throughput of a 100 MB stdout stream: the hijacked stream read with blocking recv()
//    (what dockerd delivers, the Engine API path's floor), DockerExecStream alone, and for both
//    exec paths DockerSandboxSession::exec (collected) and the unified-exec process behind
//    exec_command (1 MiB cap);
//  - the TCP tunnel to an unpublished port (PortTunnel + the helper's tunnel frame): the round trip
//    of one byte on an open connection, a new connection's first echoed byte, and 100 MiB read
//    from a container service through it.
// Prints median / p90 / min in milliseconds and MB/s (1 MB = 10^6 bytes). Exit code 2 when
// dockerd or the image is missing. `--throughput` runs only the throughput part (for profiling).
#include "sandcastle/core/sandbox/docker/dockerengine.h"
#include "sandcastle/core/sandbox/docker/dockerexecstream.h"
#include "sandcastle/core/sandbox/docker/dockersandboxclient.h"
#include "sandcastle/core/sandbox/docker/dockersandboxsession.h"
#include "sandcastle/core/sandbox/docker/porttunnel.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Sandcastle::Core;

namespace {

constexpr int kRuns = 60;
constexpr int kWarmup = 3;
constexpr qint64 kFloodBytes = 100'000'000;
const QString kFloodCommand = QStringLiteral("head -c 100000000 /dev/zero");

template<class T>
T waitFor(QFuture<T> future)
{
    while (!future.isFinished()) {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return future.result();
}

void report(const QByteArray &label, QList<double> ms)
{
    std::sort(ms.begin(), ms.end());
    std::printf("%-44s runs=%lld median=%.2f ms  p90=%.2f ms  min=%.2f ms\n", label.constData(),
                static_cast<long long>(ms.size()), ms.at(ms.size() / 2), ms.at(ms.size() * 9 / 10), ms.first());
    std::fflush(stdout);
}

/// CPU time (user + system) this process has used, in ms.
double cpuMs()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

/// Wall clock and our own CPU time of one throughput run.
struct RateClock
{
    QElapsedTimer wall;
    double cpuStart = cpuMs();
    RateClock() { wall.start(); }
};

void reportRate(const QByteArray &label, qint64 bytes, const RateClock &clock)
{
    const double seconds = double(clock.wall.nsecsElapsed()) / 1e9;
    std::printf("%-44s %lld bytes in %.3f s = %.0f MB/s (our CPU %.0f ms)\n", label.constData(),
                static_cast<long long>(bytes), seconds, double(bytes) / seconds / 1e6, cpuMs() - clock.cpuStart);
    std::fflush(stdout);
}

void skip(const QByteArray &label, const QString &why)
{
    std::printf("%-44s skipped: %s\n", label.constData(), qPrintable(why));
    std::fflush(stdout);
}

template<class F>
bool measure(const QByteArray &label, F once)
{
    QList<double> ms;
    for (int i = 0; i < kRuns + kWarmup; ++i) {
        QElapsedTimer clock;
        clock.start();
        const Result<void> r = once();
        const double elapsed = double(clock.nsecsElapsed()) / 1e6;
        if (!r) {
            skip(label, r.error().toString());
            return false;
        }
        if (i >= kWarmup) {
            ms.append(elapsed);
        }
    }
    report(label, ms);
    return true;
}

/// POST /exec/{id}/start on a blocking socket, reading with 1 MiB recv() calls until EOF: what
/// dockerd delivers with no event loop, no demultiplexing and no copies. Returns the bytes read.
qint64 rawExecStart(const QString &socketPath, const QString &apiVersion, const QString &execId)
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const QByteArray path = socketPath.toLocal8Bit();
    std::copy_n(path.constData(), std::min<qsizetype>(path.size(), sizeof(address.sun_path) - 1), address.sun_path);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0) {
        ::close(fd);
        return -1;
    }
    const QByteArray body = R"({"Detach":false,"Tty":false})";
    const QByteArray request = "POST /v" + apiVersion.toLatin1() + "/exec/" + execId.toLatin1() +
                               "/start HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n"
                               "Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: " +
                               QByteArray::number(body.size()) + "\r\n\r\n" + body;
    if (::write(fd, request.constData(), size_t(request.size())) != request.size()) {
        ::close(fd);
        return -1;
    }
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    qint64 total = 0;
    for (;;) {
        const ssize_t n = ::recv(fd, buffer.data(), size_t(buffer.size()), 0);
        if (n <= 0) {
            break;
        }
        total += n;
    }
    ::close(fd);
    return total;
}

void benchSessionThroughput(DockerSandboxSession &session, const QStringList &argv)
{
    const QByteArray via = session.usesExecHelper() ? "helper" : "Engine API";
    // DockerSandboxSession::exec: everything collected in the ExecResult.
    {
        ExecRequest request;
        request.argv = argv;
        const RateClock clock;
        const Result<ExecResult> r = waitFor(session.exec(request).future);
        if (!r || r->stdoutData.size() != kFloodBytes) {
            skip("100 MB: session exec " + via,
                 r ? QStringLiteral("%1 bytes").arg(r->stdoutData.size()) : r.error().toString());
        } else {
            reportRate("100 MB: session exec, " + via + " (collected)", kFloodBytes, clock);
        }
    }

    // The unified-exec process (exec_command): the last 1 MiB kept.
    {
        ProcessRequest request;
        request.argv = argv;
        const RateClock clock;
        const Result<ProcessChunk> r = waitFor(session.startProcess(request, 120000));
        if (!r || !r->exitCode) {
            skip("100 MB: unified-exec process " + via, r ? QStringLiteral("still running") : r.error().toString());
            session.terminateAllProcesses();
        } else {
            reportRate("100 MB: unified-exec, " + via + " (1 MiB cap)", kFloodBytes, clock);
        }
    }
}

void benchThroughput(DockerEngine &engine, DockerSandboxSession &session)
{
    DockerExecSpec spec;
    spec.cmd = {QStringLiteral("sh"), QStringLiteral("-c"), kFloodCommand};
    spec.user = QStringLiteral("%1:%2").arg(::getuid()).arg(::getgid());

    // dockerd alone, read with blocking recv().
    if (const Result<QString> id = waitFor(engine.createExec(session.containerId(), spec)); id) {
        const RateClock clock;
        const qint64 bytes = rawExecStart(engine.socketPath(), engine.apiVersion(), *id);
        reportRate("100 MB: dockerd, blocking recv (floor)", bytes, clock);
    }

    // DockerExecStream: frames demultiplexed, output counted and dropped.
    if (const Result<QString> id = waitFor(engine.createExec(session.containerId(), spec)); id) {
        const RateClock clock;
        DockerExecStream *stream = engine.startExec(*id, false);
        qint64 bytes = 0;
        QObject::connect(stream, &DockerExecStream::outputReceived, stream,
                         [&bytes](DockerStream, const QByteArray &data) { bytes += data.size(); });
        while (!stream->isFinished()) {
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        }
        reportRate("100 MB: DockerExecStream", bytes, clock);
        delete stream;
    }

    benchSessionThroughput(session, spec.cmd);
}

/// Spins the event loop until `done()` or 30 s passed; false on the deadline.
template<class F>
bool spinUntil(F done)
{
    const QDeadlineTimer deadline(30000);
    while (!done()) {
        if (deadline.hasExpired()) {
            return false;
        }
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
    }
    return true;
}

/// An echo service on 9100 and a 100 MiB flood on 9101 inside the container, reached through
/// the session's tunnels.
void benchTunnel(DockerSandboxSession &session)
{
    const QByteArray script = "import socket, threading\n"
                              "def echo(c):\n"
                              "    while True:\n"
                              "        d = c.recv(65536)\n"
                              "        if not d: break\n"
                              "        c.sendall(d)\n"
                              "    c.close()\n"
                              "def flood(c):\n"
                              "    block = bytes(1048576)\n"
                              "    for _ in range(100): c.sendall(block)\n"
                              "    c.close()\n"
                              "def serve(port, handler):\n"
                              "    s = socket.socket()\n"
                              "    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                              "    s.bind(('127.0.0.1', port))\n"
                              "    s.listen(16)\n"
                              "    while True:\n"
                              "        c, _ = s.accept()\n"
                              "        threading.Thread(target=handler, args=(c,), daemon=True).start()\n"
                              "threading.Thread(target=serve, args=(9101, flood), daemon=True).start()\n"
                              "serve(9100, echo)\n";
    if (const Result<void> written = session.writeFile(QStringLiteral("tunnelbench.py"), script); !written) {
        skip("tunnel", written.error().toString());
        return;
    }
    ProcessRequest server;
    server.argv = {QStringLiteral("python3"), QStringLiteral("tunnelbench.py")};
    if (const Result<ProcessChunk> started = waitFor(session.startProcess(server, 0)); !started) {
        skip("tunnel", started.error().toString());
        return;
    }
    const bool listening = spinUntil([&] {
        const Result<QList<ListeningPort>> ports = waitFor(session.listeningPorts());
        return ports && ports->size() >= 2;
    });
    const Result<QUrl> echoUrl = session.tunnelForPort(9100);
    const Result<QUrl> floodUrl = session.tunnelForPort(9101);
    if (!listening || !echoUrl || !floodUrl) {
        skip("tunnel", !listening ? QStringLiteral("the service did not listen")
                       : !echoUrl ? echoUrl.error().toString()
                                  : floodUrl.error().toString());
        return;
    }
    auto roundTrip = [](QTcpSocket &socket) -> Result<void> {
        socket.write("x", 1);
        if (!spinUntil(
                [&] { return socket.bytesAvailable() > 0 || socket.state() != QAbstractSocket::ConnectedState; }) ||
            socket.read(1) != "x") {
            return fail(ErrorCode::Network, QStringLiteral("no echo through the tunnel"));
        }
        return {};
    };
    QTcpSocket open;
    open.connectToHost(QHostAddress::LocalHost, quint16(echoUrl->port()));
    if (!spinUntil([&] { return open.state() == QAbstractSocket::ConnectedState; })) {
        skip("tunnel", open.errorString());
        return;
    }
    measure("tunnel: 1-byte round trip, open connection", [&] { return roundTrip(open); });
    measure("tunnel: connect + first echoed byte", [&]() -> Result<void> {
        QTcpSocket fresh;
        fresh.connectToHost(QHostAddress::LocalHost, quint16(echoUrl->port()));
        if (!spinUntil([&] {
                return fresh.state() != QAbstractSocket::ConnectingState &&
                       fresh.state() != QAbstractSocket::HostLookupState;
            })) {
            return fail(ErrorCode::Network, QStringLiteral("cannot connect to the tunnel"));
        }
        return roundTrip(fresh);
    });

    QTcpSocket flood;
    qint64 received = 0;
    bool closed = false;
    QObject::connect(&flood, &QTcpSocket::readyRead, &flood, [&] { received += flood.readAll().size(); });
    QObject::connect(&flood, &QTcpSocket::disconnected, &flood, [&] { closed = true; });
    const RateClock clock;
    flood.connectToHost(QHostAddress::LocalHost, quint16(floodUrl->port()));
    if (!spinUntil([&] { return closed; })) {
        skip("tunnel: 100 MiB from a container service", QStringLiteral("did not finish in 30 s"));
        return;
    }
    received += flood.readAll().size();
    reportRate("tunnel: 100 MiB from a container service", received, clock);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const Result<QString> socket = DockerEngine::socketPathFromEnvironment();
    if (!socket) {
        skip("docker", socket.error().toString());
        return 2;
    }
    DockerEngine engine(*socket);
    if (const Result<QString> version = waitFor(engine.negotiate()); !version) {
        skip("docker", version.error().toString());
        return 2;
    }
    const QString image = DockerSandboxClient::defaultImage();
    if (const Result<void> present = waitFor(engine.inspectImage(image)); !present) {
        skip("docker", present.error().toString());
        return 2;
    }
    std::printf("image %s, Engine API %s\n", qPrintable(image), qPrintable(engine.apiVersion()));

    QTemporaryDir dir;
    ExecRequest trueRequest;
    trueRequest.argv = {QStringLiteral("true")};

    // One session per exec path, each timed from create to the end of its first command.
    auto startSession = [&](DockerExecPath path, const QString &sub) -> DockerSandboxSession * {
        DockerSandboxOptions docker;
        docker.execPath = path;
        auto *client = new DockerSandboxClient(docker, &app);
        SandboxOptions options;
        options.workspaceDir = dir.filePath(sub);
        QElapsedTimer clock;
        clock.start();
        const Result<SandboxSession *> created = waitFor(client->create(options));
        if (!created) {
            skip("docker session", created.error().toString());
            return nullptr;
        }
        auto *session = qobject_cast<DockerSandboxSession *>(*created);
        if (const Result<void> started = waitFor(session->start()); !started) {
            skip("docker session", started.error().toString());
            return nullptr;
        }
        if (const Result<ExecResult> first = waitFor(session->exec(trueRequest).future); !first) {
            skip("docker session", first.error().toString());
            return nullptr;
        }
        const QByteArray label =
            QByteArray("create + start + first exec, ") + (session->usesExecHelper() ? "helper" : "Engine API");
        std::printf("%-44s %.0f ms\n", label.constData(), double(clock.nsecsElapsed()) / 1e6);
        return session;
    };
    DockerSandboxSession *session = startSession(DockerExecPath::Helper, QStringLiteral("helper"));
    DockerSandboxSession *engineSession = startSession(DockerExecPath::EngineApi, QStringLiteral("engine"));
    if (!session || !engineSession) {
        return 1;
    }

    const bool throughputOnly = app.arguments().contains(QStringLiteral("--throughput"));
    if (throughputOnly) {
        benchThroughput(engine, *engineSession);
        benchSessionThroughput(*session, {QStringLiteral("sh"), QStringLiteral("-c"), kFloodCommand});
        static_cast<void>(waitFor(session->shutdown()));
        static_cast<void>(waitFor(engineSession->shutdown()));
        return 0;
    }

    measure("exec true: session, exec helper", [&]() -> Result<void> {
        const Result<ExecResult> r = waitFor(session->exec(trueRequest).future);
        if (!r) {
            return std::unexpected(r.error());
        }
        return r->exitCode == 0 ? Result<void>{} : fail(ErrorCode::Sandbox, QStringLiteral("non-zero exit"));
    });
    measure("exec true: session, Engine API execs", [&]() -> Result<void> {
        const Result<ExecResult> r = waitFor(engineSession->exec(trueRequest).future);
        if (!r) {
            return std::unexpected(r.error());
        }
        return r->exitCode == 0 ? Result<void>{} : fail(ErrorCode::Sandbox, QStringLiteral("non-zero exit"));
    });

    DockerExecSpec trueSpec;
    trueSpec.cmd = trueRequest.argv;
    measure("exec true: Engine API create+start+inspect", [&]() -> Result<void> {
        const Result<DockerExecResult> r = waitFor(engine.runExec(session->containerId(), trueSpec));
        if (!r) {
            return std::unexpected(r.error());
        }
        return r->exitCode == 0 ? Result<void>{} : fail(ErrorCode::Sandbox, QStringLiteral("non-zero exit"));
    });

    const QString docker = QStandardPaths::findExecutable(QStringLiteral("docker"));
    if (docker.isEmpty()) {
        skip("exec true: docker exec (CLI)", QStringLiteral("no docker binary on PATH"));
    } else {
        measure("exec true: docker exec (CLI)", [&]() -> Result<void> {
            QProcess process;
            process.start(docker, {QStringLiteral("exec"), session->containerId(), QStringLiteral("true")});
            bool done = false;
            QObject::connect(&process, &QProcess::finished, &process, [&done] { done = true; });
            while (!done) {
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
            }
            if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
                return fail(ErrorCode::Sandbox, QString::fromLocal8Bit(process.readAllStandardError()));
            }
            return {};
        });
    }

    benchThroughput(engine, *engineSession);
    benchSessionThroughput(*session, {QStringLiteral("sh"), QStringLiteral("-c"), kFloodCommand});
    benchTunnel(*session);
    std::printf("targets: exec true through the helper < 5 ms; create+start to first exec < 1.5 s; "
                "100 MB stream > 200 MB/s\n");

    static_cast<void>(waitFor(session->shutdown()));
    static_cast<void>(waitFor(engineSession->shutdown()));
    return 0;
}
