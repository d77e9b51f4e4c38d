// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The Docker sandbox against the real dockerd and the image SANDCASTLE_SANDBOX_IMAGE. Most tests share one
// session; lifecycle tests make their own. cleanupTestCase() removes every container the test created.
#include "dockertesthost.h"
#include "futurewait.h"
#include "resultverify.h"
#include "sandcastle/core/capabilities/shell/shellcapability.h"
#include "sandcastle/core/sandbox/docker/dockerengine.h"
#include "sandcastle/core/sandbox/docker/dockersandboxclient.h"
#include "sandcastle/core/sandbox/docker/dockersandboxsession.h"
#include "sandcastle/core/sandbox/unixlocalsandboxclient.h"
#include "testenv.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Sandcastle::Core;
using Sandcastle::Test::await;

namespace {

const QString kHeader = QStringLiteral("^Chunk ID: [0-9a-f]{6}\\nWall time: \\d+\\.\\d{4} seconds\\n");

QStringList sh(const QString &script)
{
    return {QStringLiteral("sh"), QStringLiteral("-c"), script};
}

} // namespace

class tst_DockerSandbox : public QObject
{
    Q_OBJECT

    std::unique_ptr<DockerEngine> m_engine;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DockerSandboxSession> m_shared;
    QStringList m_containers; ///< every container id we saw, removed at the end
    QString m_image;

    Result<std::unique_ptr<DockerSandboxSession>> startSession(const QString &workspace, SandboxOptions options = {},
                                                               DockerSandboxOptions docker = {})
    {
        docker.image = m_image;
        DockerSandboxClient client(docker);
        options.workspaceDir = workspace;
        const Result<SandboxSession *> created = await(client.create(options));
        if (!created) {
            return std::unexpected(created.error());
        }
        std::unique_ptr<DockerSandboxSession> session(qobject_cast<DockerSandboxSession *>(*created));
        session->setParent(nullptr);
        const Result<void> started = await(session->start());
        if (!started) {
            return std::unexpected(started.error());
        }
        m_containers.append(session->containerId());
        return session;
    }

    Result<ExecResult> run(SandboxSession *session, const QStringList &argv, int timeoutMs = 0)
    {
        ExecRequest request;
        request.argv = argv;
        request.timeoutMs = timeoutMs;
        return await(session->exec(request).future);
    }

    Result<ToolOutput> callTool(ShellCapability &shell, const QString &name, const QJsonObject &arguments)
    {
        for (Tool *t : shell.tools()) {
            if (t->name() == name) {
                ToolCall c;
                c.callId = QStringLiteral("call_1");
                c.name = name;
                c.arguments = arguments;
                c.rawArguments = QString::fromUtf8(QJsonDocument(arguments).toJson(QJsonDocument::Compact));
                return await(t->invoke(c, ToolContext{}), 60000);
            }
        }
        return fail(ErrorCode::NotFound, QStringLiteral("no tool ") + name);
    }

    bool containerExists(const QString &id)
    {
        const Result<DockerContainerInfo> info = await(m_engine->inspectContainer(id));
        return info.has_value() || info.error().code != ErrorCode::NotFound;
    }

private Q_SLOTS:
    void initTestCase()
    {
        DOCKER_TEST_HOST_OR_SKIP(m_engine, m_image);

        qputenv("SC_DOCKER_TEST_HOST_ONLY", "leaked");
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        SandboxOptions options;
        options.environment.insert(QStringLiteral("SC_MANIFEST_VAR"), QStringLiteral("from manifest"));
        auto session = startSession(m_dir->path() + QStringLiteral("/shared"), options);
        SC_VERIFY_OK(session);
        m_shared = std::move(*session);
    }

    void cleanupTestCase()
    {
        m_shared.reset();
        if (!m_engine) {
            return;
        }
        for (const QString &id : std::as_const(m_containers)) {
            static_cast<void>(await(m_engine->removeContainer(id, true)));
        }
    }

    void exec_outputExitCodesAndRecords()
    {
        QSignalSpy started(m_shared.get(), &SandboxSession::commandStarted);
        QSignalSpy finished(m_shared.get(), &SandboxSession::commandFinished);
        const Result<ExecResult> r = run(m_shared.get(), sh(QStringLiteral("echo out; echo err >&2; exit 3")));
        SC_VERIFY_OK(r);
        QCOMPARE(r->stdoutData, QByteArray("out\n"));
        QCOMPARE(r->stderrData, QByteArray("err\n"));
        QCOMPARE(r->exitCode, 3);
        QCOMPARE(started.count(), 1);
        QCOMPARE(finished.count(), 1);
        const auto record = finished.first().first().value<CommandRecord>();
        QCOMPARE(record.exitCode, std::optional<int>(3));
        QCOMPARE(record.workdir, QStringLiteral("/workspace"));

        const Result<ExecResult> echo = run(m_shared.get(), {QStringLiteral("echo"), QStringLiteral("hi there")});
        SC_VERIFY_OK(echo);
        QCOMPARE(echo->stdoutData, QByteArray("hi there\n"));
        QCOMPARE(echo->exitCode, 0);

        const Result<ExecResult> missing = run(m_shared.get(), {QStringLiteral("no-such-command-xyz")});
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, ErrorCode::Sandbox);
    }

    void workspace_sharedWithHost_ownedByHostUser()
    {
        // The host user; on a root host the unprivileged user the session gave its workspace to.
        const SandboxOwner user =
            runningAsRoot() ? kRootHostSandboxOwner : SandboxOwner{unsigned(getuid()), unsigned(getgid())};
        const Result<ExecResult> r = run(m_shared.get(), sh(QStringLiteral("pwd; echo made > made.txt; id -u")));
        SC_VERIFY_OK(r);
        QCOMPARE(r->stdoutData, QByteArray("/workspace\n") + QByteArray::number(user.uid) + '\n');
        const QFileInfo made(m_shared->workspaceRoot() + QStringLiteral("/made.txt"));
        QVERIFY(made.exists());
        QCOMPARE(made.ownerId(), user.uid);
        QCOMPARE(made.groupId(), user.gid);
        QCOMPARE(*m_shared->readFile(QStringLiteral("made.txt")), QByteArray("made\n"));

        SC_VERIFY_OK(m_shared->writeFile(QStringLiteral("dir/from-host.txt"), "host\n"));
        const Result<ExecResult> cat =
            run(m_shared.get(), {QStringLiteral("cat"), QStringLiteral("dir/from-host.txt")});
        SC_VERIFY_OK(cat);
        QCOMPARE(cat->stdoutData, QByteArray("host\n"));
    }

    void environment_manifestPassed_hostAbsent()
    {
        const Result<ExecResult> r = run(m_shared.get(), {QStringLiteral("env")});
        SC_VERIFY_OK(r);
        const QList<QByteArray> lines = r->stdoutData.split('\n');
        QVERIFY2(lines.contains("SC_MANIFEST_VAR=from manifest"), r->stdoutData.constData());
        QVERIFY2(lines.contains("HOME=/workspace"), r->stdoutData.constData());
        QVERIFY2(lines.contains("LANG=C.UTF-8"), r->stdoutData.constData());
        QVERIFY2(lines.contains("PATH=" + UnixLocalSandboxClient::fixedPath().toUtf8()), r->stdoutData.constData());
        QVERIFY(!qgetenv("SC_DOCKER_TEST_HOST_ONLY").isEmpty());
        QVERIFY2(!r->stdoutData.contains("SC_DOCKER_TEST_HOST_ONLY"), r->stdoutData.constData());
        QVERIFY(!QJsonDocument(m_shared->state()).toJson().contains("from manifest"));
        // dockerd keeps the container's Env on disk: manifest values (secrets) are passed per exec.
        const Result<DockerContainerInfo> info = await(m_engine->inspectContainer(m_shared->containerId()));
        SC_VERIFY_OK(info);
        QVERIFY2(info->env.contains(QStringLiteral("LANG=C.UTF-8")), qPrintable(info->env.join(u' ')));
        QVERIFY2(!info->env.join(u'\n').contains(QLatin1String("from manifest")), qPrintable(info->env.join(u' ')));
    }

    void network_offByDefault_connectFails()
    {
        const Result<ExecResult> r =
            run(m_shared.get(), {QStringLiteral("python3"), QStringLiteral("-c"),
                                 QStringLiteral("import socket\ns = socket.socket()\ns.settimeout(3)\n"
                                                "try:\n    s.connect(('1.1.1.1', 80))\n    print('connected')\n"
                                                "except OSError as e:\n    print('failed', e.errno)\n")});
        SC_VERIFY_OK(r);
        QVERIFY2(r->stdoutData.startsWith("failed"), r->stdoutData.constData());
        const Result<ExecResult> interfaces =
            run(m_shared.get(), {QStringLiteral("ls"), QStringLiteral("/sys/class/net")});
        SC_VERIFY_OK(interfaces);
        QCOMPARE(interfaces->stdoutData, QByteArray("lo\n"));
        QVERIFY(m_shared->describe().contains(QLatin1String("no network")));
    }

    void exec_timeout_killsProcessGroupAndFailsWithTimeout()
    {
        QElapsedTimer clock;
        clock.start();
        const Result<ExecResult> r =
            run(m_shared.get(), sh(QStringLiteral("sleep 41 & sleep 42; echo not reached")), 500);
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::Timeout);
        QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
        auto sleepersGone = [this] {
            const Result<ExecResult> ps =
                run(m_shared.get(), {QStringLiteral("ps"), QStringLiteral("-eo"), QStringLiteral("args")});
            return ps && !ps->stdoutData.contains("sleep 41") && !ps->stdoutData.contains("sleep 42");
        };
        QTRY_VERIFY_WITH_TIMEOUT(sleepersGone(), 5000);

        ExecRequest request;
        request.argv = sh(QStringLiteral("sleep 43"));
        ExecCall call = m_shared->exec(request);
        QTest::qWait(300);
        m_shared->cancelExec(call.id);
        const Result<ExecResult> cancelled = await(call.future);
        QVERIFY(!cancelled);
        QCOMPARE(cancelled.error().code, ErrorCode::Cancelled);
    }

    void process_ttyCatRoundTripResizeAndCtrlC()
    {
        ProcessRequest request;
        request.argv = {QStringLiteral("cat")};
        request.tty = true;
        const Result<ProcessChunk> started = await(m_shared->startProcess(request, 300));
        SC_VERIFY_OK(started);
        QVERIFY(started->processId.has_value());
        const int id = *started->processId;

        const Result<ProcessChunk> echoed = await(m_shared->writeStdin(id, "hello docker\n", 1000));
        SC_VERIFY_OK(echoed);
        QVERIFY2(echoed->output.count("hello docker") == 2, echoed->output.constData()); // terminal echo + cat

        const Result<ProcessChunk> interrupted = await(m_shared->writeStdin(id, "\x03", 5000));
        SC_VERIFY_OK(interrupted);
        QCOMPARE(interrupted->exitCode, std::optional<int>(130));
        QCOMPARE(m_shared->processCount(), 0);

        ProcessRequest sized;
        sized.argv = sh(QStringLiteral("sleep 0.5; stty size"));
        sized.tty = true;
        sized.rows = 33;
        sized.columns = 101;
        const Result<ProcessChunk> size = await(m_shared->startProcess(sized, 5000));
        SC_VERIFY_OK(size);
        QCOMPARE(size->exitCode, std::optional<int>(0));
        QVERIFY2(size->output.contains("33 101"), size->output.constData());
    }

    void shellCapability_sameOutputShapeAsUnixLocal()
    {
        ShellCapability shell;
        shell.bind(m_shared.get());

        const Result<ToolOutput> done =
            callTool(shell, QStringLiteral("exec_command"),
                     {{QStringLiteral("cmd"), QStringLiteral("echo out; echo err >&2; exit 7")}});
        SC_VERIFY_OK(done);
        QVERIFY(!done->failed);
        QVERIFY2(QRegularExpression(kHeader + QStringLiteral("Process exited with code 7\nOutput:\nout\nerr\n$"))
                     .match(done->text)
                     .hasMatch(),
                 qPrintable(done->text));

        const Result<ToolOutput> running = callTool(
            shell, QStringLiteral("exec_command"),
            {{QStringLiteral("cmd"), QStringLiteral("echo begun; sleep 60")}, {QStringLiteral("yield_time_ms"), 1000}});
        SC_VERIFY_OK(running);
        QVERIFY2(
            QRegularExpression(kHeader + QStringLiteral("Process running with session ID (\\d+)\nOutput:\nbegun\n$"))
                .match(running->text)
                .hasMatch(),
            qPrintable(running->text));
        const int id = m_shared->processIds().value(0, -1);
        QVERIFY(id > 0);
        const Result<ToolOutput> stopped = callTool(shell, QStringLiteral("write_stdin"),
                                                    {{QStringLiteral("session_id"), id},
                                                     {QStringLiteral("chars"), QStringLiteral("\u0003")},
                                                     // Ctrl-C travels through a second exec (about 160 ms on a loaded
                                                     // machine): wait for the exit rather than for the default 250 ms.
                                                     {QStringLiteral("yield_time_ms"), 5000}});
        SC_VERIFY_OK(stopped);
        QVERIFY2(stopped->text.contains(QLatin1String("\nProcess exited with code 130\nOutput:\n")),
                 qPrintable(stopped->text));

        const Result<ToolOutput> tty = callTool(shell, QStringLiteral("exec_command"),
                                                {{QStringLiteral("cmd"), QStringLiteral("cat")},
                                                 {QStringLiteral("tty"), true},
                                                 {QStringLiteral("yield_time_ms"), 300}});
        SC_VERIFY_OK(tty);
        const int ttyId = m_shared->processIds().value(0, -1);
        QVERIFY2(tty->text.contains(QStringLiteral("Process running with session ID %1\n").arg(ttyId)),
                 qPrintable(tty->text));
        const Result<ToolOutput> echoed = callTool(shell, QStringLiteral("write_stdin"),
                                                   {{QStringLiteral("session_id"), ttyId},
                                                    {QStringLiteral("chars"), QStringLiteral("ping\n")},
                                                    {QStringLiteral("yield_time_ms"), 1500}});
        SC_VERIFY_OK(echoed);
        QVERIFY2(echoed->text.endsWith(QLatin1String("Output:\nping\r\nping\r\n")), qPrintable(echoed->text));
        m_shared->terminateAllProcesses();
    }

    void shellCapability_floodOf100MB_truncatedWithoutHang()
    {
        ShellCapability shell;
        shell.bind(m_shared.get());
        QElapsedTimer clock;
        clock.start();
        const Result<ToolOutput> r = callTool(
            shell, QStringLiteral("exec_command"),
            {{QStringLiteral("cmd"), QStringLiteral("head -c 100000000 /dev/zero | tr '\\0' a; echo; echo end")},
             {QStringLiteral("max_output_tokens"), 100},
             {QStringLiteral("yield_time_ms"), 30000}});
        SC_VERIFY_OK(r);
        QVERIFY2(clock.elapsed() < 30000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY2(r->text.contains(QLatin1String("\nProcess exited with code 0\nOriginal token count: ")),
                 qPrintable(r->text.left(500)));
        QVERIFY2(r->text.size() < 2000, qPrintable(r->text.left(500)));
        QVERIFY2(r->text.endsWith(QLatin1String("end\n")), qPrintable(r->text.right(200)));
        QCOMPARE(m_shared->processCount(), 0);
    }

    void container_labelsStateAndDescribe()
    {
        const Result<DockerContainerInfo> info = await(m_engine->inspectContainer(m_shared->containerId()));
        SC_VERIFY_OK(info);
        QVERIFY(info->running);
        QCOMPARE(info->labels.value(QStringLiteral("sandcastle")), QStringLiteral("1"));
        QCOMPARE(info->labels.value(QStringLiteral("sandcastle.session")), m_shared->sessionId());
        QCOMPARE(info->image, m_image);

        const QJsonObject state = m_shared->state();
        QCOMPARE(state.value(QStringLiteral("backend")).toString(), QStringLiteral("docker"));
        QCOMPARE(state.value(QStringLiteral("container_id")).toString(), m_shared->containerId());
        QCOMPARE(state.value(QStringLiteral("image")).toString(), m_image);
        QCOMPARE(state.value(QStringLiteral("workspace_dir")).toString(), m_shared->workspaceRoot());
        QCOMPARE(state.value(QStringLiteral("manifest_root")).toString(), QStringLiteral("/workspace"));
        QCOMPARE(state.value(QStringLiteral("network")).toBool(true), false);

        const QString line = m_shared->describe();
        QVERIFY2(line.contains(m_image) && line.contains(m_shared->containerId().left(12)), qPrintable(line));
        QVERIFY(!line.contains(QLatin1Char('\n')));

        // This test binary runs once per exec path (SANDCASTLE_DOCKER_EXEC, see tests/CMakeLists.txt).
        const bool helper = DockerSandboxClient::execPathFromEnvironment() != DockerExecPath::EngineApi;
        QCOMPARE(m_shared->usesExecHelper(), helper);
        QCOMPARE(state.contains(QStringLiteral("exec_helper_socket")), helper);
        QVERIFY2(line.contains(helper ? QStringLiteral("commands through the exec helper")
                                      : QStringLiteral("commands through Engine API execs (Engine API execs chosen)")),
                 qPrintable(line));
        if (helper) {
            const QString socket = state.value(QStringLiteral("exec_helper_socket")).toString();
            QVERIFY2(QFileInfo(socket).absolutePath().endsWith(QStringLiteral("/sandcastle/docker/") +
                                                               info->name.mid(info->name.startsWith(u'/') ? 1 : 0)),
                     qPrintable(socket));
            QVERIFY(QFileInfo::exists(socket));
        }
    }

    void execHelper_unusable_fallsBackOrFails()
    {
        // A helper "binary" the container cannot execute: Auto falls back to Engine API execs,
        // Helper refuses to start and leaves no container behind.
        const QString bogus = m_dir->filePath(QStringLiteral("bogus-helper"));
        QVERIFY(Sandcastle::Test::writeTestFile(bogus, "not an executable\n"));
        QVERIFY(QFile::setPermissions(bogus, QFile::permissions(bogus) | QFileDevice::ExeOwner));
        const QByteArray saved = qgetenv("SANDCASTLE_DOCKER_EXEC");
        qputenv("SANDCASTLE_DOCKER_EXEC", "auto");
        auto restore = qScopeGuard([&] { qputenv("SANDCASTLE_DOCKER_EXEC", saved); });

        DockerSandboxOptions docker;
        docker.execHelper = bogus;
        auto fallback = startSession(m_dir->filePath(QStringLiteral("fallback")), {}, docker);
        SC_VERIFY_OK(fallback);
        QVERIFY(!(*fallback)->usesExecHelper());
        const QString line = (*fallback)->describe();
        QVERIFY2(line.contains(QStringLiteral("commands through Engine API execs (the helper did not start: ")),
                 qPrintable(line));
        const Result<ExecResult> echoed = run(fallback->get(), sh(QStringLiteral("echo works")));
        SC_VERIFY_OK(echoed);
        QCOMPARE(echoed->stdoutData, QByteArray("works\n"));
        QVERIFY(!(*fallback)->state().contains(QStringLiteral("exec_helper_socket")));

        docker.execPath = DockerExecPath::Helper;
        docker.image = m_image;
        DockerSandboxClient client(docker);
        SandboxOptions options;
        options.workspaceDir = m_dir->filePath(QStringLiteral("strict"));
        const Result<SandboxSession *> created = await(client.create(options));
        SC_VERIFY_OK(created);
        auto *strict = qobject_cast<DockerSandboxSession *>(*created);
        const Result<void> started = await(strict->start());
        QVERIFY(!started);
        QCOMPARE(started.error().code, ErrorCode::Sandbox);
        const QString label = QString(DockerEngine::sessionLabel) + u'=' + strict->sessionId();
        QTRY_COMPARE_WITH_TIMEOUT(await(m_engine->listContainers({label}))->size(), 0, 10000);
    }

    void close_removesContainer_destructorToo()
    {
        auto session = startSession(m_dir->path() + QStringLiteral("/close"));
        SC_VERIFY_OK(session);
        const QString id = (*session)->containerId();
        QVERIFY(containerExists(id));
        SC_VERIFY_OK(await((*session)->shutdown()));
        QVERIFY(!containerExists(id));
        (*session)->close(); // idempotent
        SC_VERIFY_OK(await((*session)->shutdown()));
        const Result<ExecResult> after = run(session->get(), {QStringLiteral("true")});
        QVERIFY(!after);
        QCOMPARE(after.error().code, ErrorCode::Sandbox);

        auto dropped = startSession(m_dir->path() + QStringLiteral("/dropped"));
        SC_VERIFY_OK(dropped);
        const QString droppedId = (*dropped)->containerId();
        dropped->reset(); // no close(): the destructor removes the container
        QVERIFY(!containerExists(droppedId));
    }

    void resume_reattachesRestartsAndReportsGone()
    {
        auto original = startSession(m_dir->path() + QStringLiteral("/resume"));
        SC_VERIFY_OK(original);
        SC_VERIFY_OK(run(original->get(), sh(QStringLiteral("echo kept > /tmp/marker"))));
        const QJsonObject state = (*original)->state();
        (*original)->detach();
        original->reset(); // the container outlives the session object

        DockerSandboxClient client;
        const Result<SandboxSession *> resumed = await(client.resume(state));
        SC_VERIFY_OK(resumed);
        auto *session = qobject_cast<DockerSandboxSession *>(*resumed);
        QVERIFY(session);
        QCOMPARE(session->containerId(), state.value(QStringLiteral("container_id")).toString());
        QCOMPARE(session->sessionId(), state.value(QStringLiteral("session_id")).toString());
        QCOMPARE(session->usesExecHelper(), state.contains(QStringLiteral("exec_helper_socket")));
        const Result<ExecResult> marker = run(session, {QStringLiteral("cat"), QStringLiteral("/tmp/marker")});
        SC_VERIFY_OK(marker);
        QCOMPARE(marker->stdoutData, QByteArray("kept\n"));

        // A stopped container (dockerd restarted) is started again.
        SC_VERIFY_OK(await(m_engine->stopContainer(state.value(QStringLiteral("container_id")).toString(), 1)));
        const Result<SandboxSession *> restarted = await(client.resume(state));
        SC_VERIFY_OK(restarted);
        QCOMPARE(qobject_cast<DockerSandboxSession *>(*restarted)->usesExecHelper(),
                 state.contains(QStringLiteral("exec_helper_socket")));
        SC_VERIFY_OK(run(*restarted, {QStringLiteral("true")}));

        SC_VERIFY_OK(await(session->shutdown()));
        const Result<SandboxSession *> gone = await(client.resume(state));
        QVERIFY(!gone);
        QCOMPARE(gone.error().code, ErrorCode::NotFound);
        QCOMPARE(gone.error().message,
                 QStringLiteral("container %1 is gone").arg(state.value(QStringLiteral("container_id")).toString()));

        QJsonObject bad = state;
        bad.remove(QStringLiteral("workspace_dir"));
        const Result<SandboxSession *> invalid = await(client.resume(bad));
        QVERIFY(!invalid);
        QCOMPARE(invalid.error().code, ErrorCode::InvalidInput);
        QVERIFY2(invalid.error().detail.startsWith(QLatin1String("/workspace_dir")),
                 qPrintable(invalid.error().detail));
    }

    void create_missingImageOrDaemon_clearErrors()
    {
        DockerSandboxOptions docker;
        docker.image = QStringLiteral("sandcastle-no-such-image:missing");
        DockerSandboxClient client(docker);
        SandboxOptions options;
        options.workspaceDir = m_dir->path() + QStringLiteral("/missing");
        const Result<SandboxSession *> missing = await(client.create(options));
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, ErrorCode::Sandbox);
        QVERIFY2(missing.error().message.contains(docker.image), qPrintable(missing.error().toString()));
        QVERIFY2(missing.error().message.contains(QLatin1String("scripts/build-sandbox-image")),
                 qPrintable(missing.error().toString()));

        const QString socket = m_dir->path() + QStringLiteral("/no-dockerd.sock");
        client.setSocketPath(socket);
        const Result<SandboxSession *> noDaemon = await(client.create(options));
        QVERIFY(!noDaemon);
        QCOMPARE(noDaemon.error().code, ErrorCode::Sandbox);
        QVERIFY2(noDaemon.error().message.contains(socket), qPrintable(noDaemon.error().toString()));

        DockerSandboxOptions ports;
        ports.exposedPorts = {8080};
        DockerSandboxClient portsClient(ports);
        const Result<SandboxSession *> refused = await(portsClient.create(options));
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::InvalidInput);
    }

    void exposedPort_publishedOnLoopback()
    {
        DockerSandboxOptions docker;
        docker.networkEnabled = true;
        docker.exposedPorts = {8000};
        auto session = startSession(m_dir->path() + QStringLiteral("/ports"), {}, docker);
        SC_VERIFY_OK(session);
        const Result<QUrl> url = (*session)->hostUrlForPort(8000);
        SC_VERIFY_OK(url);
        QCOMPARE(url->host(), QStringLiteral("127.0.0.1"));
        QCOMPARE((*session)->hostUrlForPort(9999).error().code, ErrorCode::NotFound);

        SC_VERIFY_OK((*session)->writeFile(QStringLiteral("index.html"), "served from the sandbox\n"));
        ProcessRequest server;
        server.argv = {QStringLiteral("python3"), QStringLiteral("-m"), QStringLiteral("http.server"),
                       QStringLiteral("8000")};
        SC_VERIFY_OK(await((*session)->startProcess(server, 0)));
        const QUrl target = *url;
        auto served = [target] {
            QTcpSocket socket;
            socket.connectToHost(target.host(), quint16(target.port()));
            if (!socket.waitForConnected(500)) {
                return false;
            }
            socket.write("GET /index.html HTTP/1.0\r\n\r\n");
            QByteArray reply;
            while (socket.waitForReadyRead(1000)) {
                reply += socket.readAll();
            }
            return reply.contains("served from the sandbox");
        };
        QTRY_VERIFY_WITH_TIMEOUT(served(), 10000);
        SC_VERIFY_OK(await((*session)->shutdown()));
    }
};

QTEST_GUILESS_MAIN(tst_DockerSandbox)
#include "tst_dockersandbox.moc"
