// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// Faults of the Docker sandbox against the real dockerd and SANDCASTLE_SANDBOX_IMAGE: no daemon, the
// socket not permitted, the image missing, the container killed under running commands, a command that
// floods 100 MB. Each ends in a clear error or a truncated result within a bounded time, and leaves no
// container behind (every test checks the `sandcastle.session=<id>` label).
//
// dockerd restarted mid-run: restarting the one shared daemon would break whatever else runs against
// it, so the session talks to dockerd through a socket proxy of the test. The "restart" is what the
// client sees of a real one: every connection to the daemon drops, the socket refuses connections
// for a while, and the containers are stopped (dockerd stops containers without live-restore).
#include "daemonproxy.h"
#include "dockertesthost.h"
#include "futurewait.h"
#include "resultverify.h"
#include "sandcastle/core/capabilities/shell/shellcapability.h"
#include "sandcastle/core/sandbox/docker/dockerengine.h"
#include "sandcastle/core/sandbox/docker/dockersandboxclient.h"
#include "sandcastle/core/sandbox/docker/dockersandboxsession.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

#include <grp.h>
#include <unistd.h>

using namespace Sandcastle::Core;
using Sandcastle::Test::await;
using Sandcastle::Test::DaemonProxy;

namespace {

/// Set in the environment of the unprivileged child of socket_permissionDenied_namesSocket.
constexpr char kChildVariable[] = "SC_DOCKERFAULTS_CHILD_WORKSPACE";
constexpr int kNobody = 65534;

/// The child: creates a session over the default socket and prints "<code>\n<message>".
int runUnprivilegedChild(const QString &workspace)
{
    DockerSandboxClient client;
    SandboxOptions options;
    options.workspaceDir = workspace;
    const Result<SandboxSession *> created = await(client.create(options), 20000);
    if (created) {
        std::printf("created\n");
        return 1;
    }
    std::printf("%d\n%s\n", int(created.error().code), qPrintable(created.error().message));
    return 0;
}

} // namespace

class tst_DockerFaults : public QObject
{
    Q_OBJECT

    std::unique_ptr<DockerEngine> m_engine;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_image;

    Result<std::unique_ptr<DockerSandboxSession>> startSession(const QString &name)
    {
        DockerSandboxOptions docker;
        docker.image = m_image;
        DockerSandboxClient client(docker);
        SandboxOptions options;
        options.workspaceDir = m_dir->path() + QLatin1Char('/') + name;
        const Result<SandboxSession *> created = await(client.create(options));
        if (!created) {
            return std::unexpected(created.error());
        }
        std::unique_ptr<DockerSandboxSession> session(qobject_cast<DockerSandboxSession *>(*created));
        session->setParent(nullptr);
        if (const Result<void> started = await(session->start()); !started) {
            return std::unexpected(started.error());
        }
        return session;
    }

    /// Containers carrying the session's label; fails the test when listing fails.
    Result<qsizetype> leftovers(const QString &sessionId)
    {
        const auto list = await(m_engine->listContainers({QString(DockerEngine::sessionLabel) + u'=' + sessionId}));
        if (!list) {
            return std::unexpected(list.error());
        }
        return list->size();
    }

    /// A unified-exec process that prints "up" and sleeps; fails unless it is running and said so.
    Result<ProcessChunk> startSleeper(SandboxSession *s, bool tty)
    {
        ProcessRequest request;
        request.argv = {QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("echo up; sleep 600")};
        request.tty = tty;
        Result<ProcessChunk> chunk = await(s->startProcess(request, 2000));
        if (chunk && (!chunk->processId || !chunk->output.contains("up"))) {
            return fail(ErrorCode::Sandbox, QStringLiteral("the sleeper did not start"),
                        QString::fromUtf8(chunk->output));
        }
        return chunk;
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
                return await(t->invoke(c, ToolContext{}), 90000);
            }
        }
        return fail(ErrorCode::NotFound, QStringLiteral("no tool ") + name);
    }

private Q_SLOTS:
    void initTestCase()
    {
        DOCKER_TEST_HOST_OR_SKIP(m_engine, m_image);
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void noDaemon_dockerHostNonexistent_namesSocketWithoutHang()
    {
        const QByteArray saved = qgetenv("DOCKER_HOST");
        qputenv("DOCKER_HOST", "unix:///nonexistent.sock");
        DockerSandboxClient client;
        SandboxOptions options;
        options.workspaceDir = m_dir->path() + QStringLiteral("/nodaemon");
        QElapsedTimer clock;
        clock.start();
        const Result<SandboxSession *> created = await(client.create(options), 10000);
        const qint64 elapsed = clock.elapsed();
        if (saved.isNull()) {
            qunsetenv("DOCKER_HOST");
        } else {
            qputenv("DOCKER_HOST", saved);
        }
        QVERIFY(!created);
        QCOMPARE(created.error().code, ErrorCode::Sandbox);
        QCOMPARE(created.error().message,
                 QStringLiteral("the Docker sandbox needs dockerd: Docker socket /nonexistent.sock does not exist"));
        QVERIFY2(created.error().detail.contains(QLatin1String("DOCKER_HOST")), qPrintable(created.error().detail));
        QVERIFY2(elapsed < 5000, qPrintable(QString::number(elapsed)));
    }

    // Root is never denied by file permissions, so a chmod 000 socket proves nothing here. The
    // check runs this test binary again as a child with uid/gid 65534 and no supplementary groups,
    // which the real /run/docker.sock (root:docker, 0660) refuses.
    void socket_permissionDenied_namesSocket()
    {
        const QString socketPath = m_engine->socketPath();
        if (::geteuid() != 0) {
            QSKIP("needs root to drop to uid 65534 in a child");
        }
        QTemporaryDir workspace(QStringLiteral("/tmp/sc-faults-XXXXXX"));
        QVERIFY(workspace.isValid());
        QVERIFY(QFile::setPermissions(workspace.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                            QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                                            QFileDevice::WriteOther | QFileDevice::ExeOther));
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QString::fromLatin1(kChildVariable), workspace.path() + QStringLiteral("/ws"));
        env.insert(QStringLiteral("DOCKER_HOST"), QStringLiteral("unix://") + socketPath);
        env.insert(QStringLiteral("HOME"), workspace.path());
        child.setProcessEnvironment(env);
        child.setChildProcessModifier([] {
            // Only async-signal-safe calls between fork and exec; a failure makes exec run as root,
            // which the test detects from the child's answer.
            ::setgroups(0, nullptr);
            static_cast<void>(::setgid(kNobody));
            static_cast<void>(::setuid(kNobody));
        });
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY2(child.waitForFinished(30000), qPrintable(child.errorString()));
        const QString out = QString::fromLocal8Bit(child.readAllStandardOutput()).trimmed();
        QVERIFY2(child.exitCode() == 0,
                 qPrintable(out + QLatin1Char('\n') + QString::fromLocal8Bit(child.readAllStandardError())));
        const QStringList lines = out.split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines.at(0).toInt(), int(ErrorCode::Sandbox));
        QCOMPARE(
            lines.at(1),
            QStringLiteral("the Docker sandbox needs dockerd: permission denied on Docker socket %1").arg(socketPath));
    }

    void image_missing_namesBuildScriptAndCreatesNothing()
    {
        DockerSandboxOptions docker;
        docker.image = QStringLiteral("sandcastle-no-such-image:missing");
        DockerSandboxClient client(docker);
        SandboxOptions options;
        options.workspaceDir = m_dir->path() + QStringLiteral("/missing");
        const Result<SandboxSession *> created = await(client.create(options));
        QVERIFY(!created);
        QCOMPARE(created.error().code, ErrorCode::Sandbox);
        QVERIFY2(created.error().message.contains(docker.image), qPrintable(created.error().toString()));
        QVERIFY2(created.error().message.contains(QLatin1String("scripts/build-sandbox-image")),
                 qPrintable(created.error().toString()));
        const auto all = await(m_engine->listContainers({QString(DockerEngine::sandcastleLabel)}));
        SC_VERIFY_OK(all);
        for (const DockerContainerInfo &c : *all) {
            QVERIFY2(c.image != docker.image, qPrintable(c.id));
        }
    }

    void container_killedUnderCommands_endsCommandsAndSessionStops()
    {
        auto session = startSession(QStringLiteral("killed"));
        SC_VERIFY_OK(session);
        DockerSandboxSession *s = session->get();
        const QString sessionId = s->sessionId();
        const QString containerId = s->containerId();

        const Result<ProcessChunk> ttyChunk = startSleeper(s, true);
        SC_VERIFY_OK(ttyChunk);
        const Result<ProcessChunk> pipeChunk = startSleeper(s, false);
        SC_VERIFY_OK(pipeChunk);
        ExecRequest sleeper;
        sleeper.argv = {QStringLiteral("sleep"), QStringLiteral("600")};
        const ExecCall call = s->exec(sleeper);
        QTest::qWait(500); // let the exec start; it ends either way
        QVERIFY(!call.future.isFinished());

        QElapsedTimer clock;
        clock.start();
        SC_VERIFY_OK(await(m_engine->stopContainer(containerId, 0))); // SIGKILL to the container

        const Result<ExecResult> ended = await(call.future, 20000);
        QVERIFY2(ended || ended.error().code != ErrorCode::Timeout, qPrintable(ended.error().toString()));
        if (ended) {
            QVERIFY2(ended->exitCode == 137, qPrintable(QString::number(ended->exitCode)));
        } else {
            QCOMPARE(ended.error().code, ErrorCode::Sandbox);
        }
        for (const int id : {*ttyChunk->processId, *pipeChunk->processId}) {
            const Result<ProcessChunk> last = await(s->writeStdin(id, {}, 15000), 20000);
            SC_VERIFY_OK(last);
            QVERIFY2(last->exitCode.has_value(), last->output.constData());
            QVERIFY2(*last->exitCode == 137 || *last->exitCode == -1, qPrintable(QString::number(*last->exitCode)));
        }
        QVERIFY2(clock.elapsed() < 30000, qPrintable(QString::number(clock.elapsed())));
        QTRY_VERIFY_WITH_TIMEOUT(!s->isRunning(), 10000);
        const Result<ExecResult> after = await(s->exec(sleeper).future);
        QVERIFY(!after);
        QCOMPARE(after.error().code, ErrorCode::Sandbox);
        QCOMPARE(after.error().message, QStringLiteral("the Docker sandbox is not running"));

        SC_VERIFY_OK(await(s->shutdown()));
        const Result<qsizetype> left = leftovers(sessionId);
        SC_VERIFY_OK(left);
        QCOMPARE(*left, 0);
    }

    void dockerdRestarted_midCommand_clearErrorsThenResume()
    {
        const Result<QString> realSocket = DockerEngine::socketPathFromEnvironment();
        SC_VERIFY_OK(realSocket);
        DaemonProxy proxy(m_dir->filePath(QStringLiteral("proxy.sock")).toStdString(), realSocket->toStdString());
        QVERIFY(proxy.up());
        DockerSandboxOptions docker;
        docker.image = m_image;
        DockerSandboxClient client(docker);
        client.setSocketPath(proxy.path());
        SandboxOptions options;
        options.workspaceDir = m_dir->filePath(QStringLiteral("restart"));
        const Result<SandboxSession *> created = await(client.create(options));
        SC_VERIFY_OK(created);
        auto *s = qobject_cast<DockerSandboxSession *>(*created);
        SC_VERIFY_OK(await(s->start()));
        const QString sessionId = s->sessionId();
        const QJsonObject state = s->state();

        const Result<ProcessChunk> ttyChunk = startSleeper(s, true);
        SC_VERIFY_OK(ttyChunk);
        ExecRequest sleeper;
        sleeper.argv = {QStringLiteral("sleep"), QStringLiteral("600")};
        const ExecCall call = s->exec(sleeper);
        QTest::qWait(500);
        QVERIFY(!call.future.isFinished());

        // The restart: connections drop, the socket is gone, the container is stopped.
        QElapsedTimer clock;
        clock.start();
        proxy.down();
        SC_VERIFY_OK(await(m_engine->stopContainer(s->containerId(), 1)));
        const Result<ExecResult> ended = await(call.future, 20000);
        QVERIFY2(ended || ended.error().code == ErrorCode::Sandbox, qPrintable(ended.error().toString()));
        if (ended) {
            QVERIFY2(ended->exitCode >= 128, qPrintable(QString::number(ended->exitCode)));
        }
        const Result<ProcessChunk> last = await(s->writeStdin(*ttyChunk->processId, {}, 15000), 20000);
        SC_VERIFY_OK(last);
        QVERIFY2(last->exitCode.has_value(), last->output.constData());
        QVERIFY2(*last->exitCode == -1 || *last->exitCode >= 128, qPrintable(QString::number(*last->exitCode)));
        // While the daemon is down, a new command fails at once with a clear error.
        const Result<ExecResult> during = await(s->exec(sleeper).future, 15000);
        QVERIFY(!during);
        QCOMPARE(during.error().code, ErrorCode::Sandbox);
        QVERIFY2(clock.elapsed() < 40000, qPrintable(QString::number(clock.elapsed())));

        // The daemon is back: the session state resumes (the stopped container is started again).
        QVERIFY(proxy.up());
        const Result<SandboxSession *> resumed = await(client.resume(state));
        SC_VERIFY_OK(resumed);
        ExecRequest echo;
        echo.argv = {QStringLiteral("echo"), QStringLiteral("back")};
        const Result<ExecResult> back = await((*resumed)->exec(echo).future);
        SC_VERIFY_OK(back);
        QCOMPARE(back->stdoutData, QByteArray("back\n"));
        SC_VERIFY_OK(await(qobject_cast<DockerSandboxSession *>(*resumed)->shutdown()));
        SC_VERIFY_OK(await(s->shutdown()));
        const Result<qsizetype> left = leftovers(sessionId);
        SC_VERIFY_OK(left);
        QCOMPARE(*left, 0);
    }

    void execCommand_floodsBothStreams_truncatedInBoundedTime()
    {
        auto session = startSession(QStringLiteral("flood"));
        SC_VERIFY_OK(session);
        const QString sessionId = (*session)->sessionId();
        ShellCapability shell;
        shell.bind(session->get());
        QElapsedTimer clock;
        clock.start();
        // 50 MB on stdout and 50 MB on stderr at the same time, then a last line.
        const Result<ToolOutput> r = callTool(
            shell, QStringLiteral("exec_command"),
            {{QStringLiteral("cmd"),
              QStringLiteral("head -c 50000000 /dev/zero | tr '\\0' o & head -c 50000000 /dev/zero | tr '\\0' e >&2; "
                             "wait; echo; echo end")},
             {QStringLiteral("max_output_tokens"), 200},
             {QStringLiteral("yield_time_ms"), 30000}});
        SC_VERIFY_OK(r);
        QVERIFY2(clock.elapsed() < 40000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY2(r->text.contains(QLatin1String("\nProcess exited with code 0\nOriginal token count: ")),
                 qPrintable(r->text.left(500)));
        QVERIFY2(r->text.size() < 4000, qPrintable(r->text.left(500)));
        QVERIFY2(r->text.endsWith(QLatin1String("end\n")), qPrintable(r->text.right(200)));
        QCOMPARE((*session)->processCount(), 0);

        SC_VERIFY_OK(await((*session)->shutdown()));
        const Result<qsizetype> left = leftovers(sessionId);
        SC_VERIFY_OK(left);
        QCOMPARE(*left, 0);
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (const QString workspace = qEnvironmentVariable(kChildVariable); !workspace.isEmpty()) {
        return runUnprivilegedChild(workspace);
    }
    tst_DockerFaults test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_dockerfaults.moc"
