// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// End-to-end runs of `sandcastle run`: the real program, a real sandbox (bubblewrap unless a row
// says otherwise), and the scripted model server on loopback speaking the Responses wire format.
#include "scriptedmodelserver.h"

#include "clirun.h"
#include "testenv.h"

#include "sandcastle/core/sandbox/docker/dockerengine.h"
#include "sandcastle/core/sandbox/docker/dockersandboxclient.h"
#include "sandcastle/core/sandbox/workspaceowner.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>

#include <csignal>
#include <functional>

using namespace Sandcastle::Test;

// Every end-to-end scenario runs once per sandbox client ("unix", "docker"): same model script,
// same expectations, only the client changes.
#define CLIENT_ARGS()                                                                                                  \
    QFETCH(QString, client);                                                                                           \
    if (client == QLatin1String("docker") && !m_dockerSkip.isEmpty()) {                                                \
        QSKIP(qPrintable(m_dockerSkip));                                                                               \
    }                                                                                                                  \
    const QStringList clientArgs = clientArgsFor(client)

namespace {

const QByteArray kAppPy = "def greet(name):\n    return f\"hello {name}\"\n\nprint(greet(\"world\"))\n";

} // namespace

class tst_RunCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_manifest;
    std::unique_ptr<ScriptedModelServer> m_server;

    /// Runs `sandcastle run` against the scripted server; `onRequest` (optional) is called with
    /// the process when the server receives a request.
    CliRun runCli(const QStringList &extraArgs, const QString &workspace, const QString &prompt, int timeoutMs = 60000,
                  const std::function<void(QProcess &)> &onRequest = {})
    {
        const QString eventsFile =
            m_tmp.filePath(QUuid::createUuid().toString(QUuid::WithoutBraces) + QStringLiteral(".jsonl"));
        QStringList args{QStringLiteral("run"),
                         QStringLiteral("--manifest"),
                         m_manifest,
                         QStringLiteral("--workspace"),
                         workspace,
                         QStringLiteral("--base-url"),
                         m_server->baseUrl().toString(),
                         QStringLiteral("--model"),
                         QStringLiteral("gpt-5.5"),
                         QStringLiteral("--events"),
                         eventsFile};
        if (!extraArgs.contains(QStringLiteral("--state")) && !extraArgs.contains(QStringLiteral("--no-state"))) {
            args << QStringLiteral("--state") << workspace + QStringLiteral(".journal.sqlite");
        }
        args << extraArgs << prompt;
        return runSandcastle(args, eventsFile, timeoutMs, m_server.get(),
                             onRequest ? [onRequest](QProcess &p, int) { onRequest(p); }
                                       : std::function<void(QProcess &, int)>{});
    }

    QString m_dockerSkip; ///< why the docker rows are skipped; empty when dockerd and the image are there

    void clientRows()
    {
        QTest::addColumn<QString>("client");
        QTest::newRow("unix") << QStringLiteral("unix");
        QTest::newRow("docker") << QStringLiteral("docker");
    }

    QStringList clientArgsFor(const QString &client) const
    {
        return client == QLatin1String("docker") ? QStringList{QStringLiteral("--client"), QStringLiteral("docker")}
                                                 : QStringList{};
    }

    QString freshWorkspace()
    {
        return m_tmp.filePath(QStringLiteral("ws-") + QUuid::createUuid().toString(QUuid::Id128));
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString bin = qEnvironmentVariable("SANDCASTLE_BIN");
        QVERIFY2(QFileInfo(bin).isExecutable(), qPrintable(QStringLiteral("SANDCASTLE_BIN not executable: ") + bin));
        QVERIFY(m_tmp.isValid());
        m_dockerSkip = dockerUnavailableReason();
        // The test command (scripts/test) provides dockerd and the image: there, docker rows must run.
        if (!m_dockerSkip.isEmpty() && !qEnvironmentVariableIsEmpty("SANDCASTLE_SANDBOX_IMAGE")) {
            QFAIL(qPrintable(m_dockerSkip));
        }
        m_manifest = m_tmp.filePath(QStringLiteral("manifest.json"));
        const QJsonObject manifest{
            {QStringLiteral("version"), 1},
            {QStringLiteral("root"), QStringLiteral("/workspace")},
            {QStringLiteral("entries"),
             QJsonObject{
                 {QStringLiteral("app.py"), QJsonObject{{QStringLiteral("type"), QStringLiteral("file")},
                                                        {QStringLiteral("content"), QString::fromUtf8(kAppPy)}}},
                 {QStringLiteral("docs"),
                  QJsonObject{
                      {QStringLiteral("type"), QStringLiteral("dir")},
                      {QStringLiteral("children"),
                       QJsonObject{{QStringLiteral("notes.md"),
                                    QJsonObject{{QStringLiteral("type"), QStringLiteral("file")},
                                                {QStringLiteral("content"), QStringLiteral("# Notes\n")}}}}}}}}},
            {QStringLiteral("environment"), QJsonObject{{QStringLiteral("GREETING_STYLE"), QStringLiteral("plain")}}}};
        QVERIFY(writeTestFile(m_manifest, QJsonDocument(manifest).toJson()));
    }

    void init()
    {
        m_server = std::make_unique<ScriptedModelServer>();
        QVERIFY(m_server->listen());
    }

    void cleanup() { m_server.reset(); }

    void run_listPatchPythonAnswer_editsWorkspaceAndReportsEveryStep_data() { clientRows(); }

    void run_listPatchPythonAnswer_editsWorkspaceAndReportsEveryStep()
    {
        CLIENT_ARGS();
        const QString patch = QStringLiteral("*** Begin Patch\n*** Update File: app.py\n@@ def greet(name):\n"
                                             "-    return f\"hello {name}\"\n+    return f\"hello, {name}!\"\n"
                                             "*** End Patch\n");
        m_server->enqueue(toolTurn(functionCallItem(QStringLiteral("exec_command"),
                                                    execArguments(QStringLiteral("ls -R; echo env=$GREETING_STYLE")),
                                                    QStringLiteral("call_ls"))));
        m_server->enqueue(
            toolTurn(customToolCallItem(QStringLiteral("apply_patch"), patch, QStringLiteral("call_patch"))));
        m_server->enqueue(toolTurn(functionCallItem(
            QStringLiteral("exec_command"), execArguments(QStringLiteral("python3 app.py > out.txt; cat out.txt")),
            QStringLiteral("call_py"))));
        m_server->enqueue(answerTurn(QStringLiteral("The script now prints: hello, world!")));

        const QString ws = freshWorkspace();
        const CliRun r = runCli(clientArgs, ws, QStringLiteral("Make the greeting friendlier and run it."));
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(r.out, QStringLiteral("The script now prints: hello, world!\n"));
        QCOMPARE(readTestFile(ws + QStringLiteral("/app.py")),
                 QByteArray(kAppPy).replace("hello {name}", "hello, {name}!"));
        QCOMPARE(readTestFile(ws + QStringLiteral("/docs/notes.md")), QByteArray("# Notes\n"));
        // The command wrote into the materialized workspace: on a root host the docker row's commands
        // run as kRootHostSandboxOwner, who was given the workspace and the patched file.
        QCOMPARE(readTestFile(ws + QStringLiteral("/out.txt")), QByteArray("hello, world!\n"));
        if (client == QLatin1String("docker") && Sandcastle::Core::runningAsRoot()) {
            for (const QString &path :
                 QStringList{ws, ws + QStringLiteral("/app.py"), ws + QStringLiteral("/out.txt")}) {
                QCOMPARE(QFileInfo(path).ownerId(), Sandcastle::Core::kRootHostSandboxOwner.uid);
            }
        }

        const QList<RecordedRequest> requests = m_server->requests();
        QCOMPARE(requests.size(), 4);
        const QHash<QString, QString> outputs = toolOutputs(requests.at(3));
        QVERIFY2(outputs.value(QStringLiteral("call_ls")).contains(QLatin1String("app.py")),
                 qPrintable(outputs.value(QStringLiteral("call_ls"))));
        QVERIFY2(outputs.value(QStringLiteral("call_ls")).contains(QLatin1String("notes.md")),
                 qPrintable(outputs.value(QStringLiteral("call_ls"))));
        QVERIFY2(outputs.value(QStringLiteral("call_ls")).contains(QLatin1String("env=plain")),
                 qPrintable(outputs.value(QStringLiteral("call_ls"))));
        QVERIFY2(outputs.value(QStringLiteral("call_patch")).contains(QLatin1String("M app.py")),
                 qPrintable(outputs.value(QStringLiteral("call_patch"))));
        QVERIFY2(outputs.value(QStringLiteral("call_py")).contains(QLatin1String("Process exited with code 0")),
                 qPrintable(outputs.value(QStringLiteral("call_py"))));
        QVERIFY2(outputs.value(QStringLiteral("call_py")).contains(QLatin1String("hello, world!")),
                 qPrintable(outputs.value(QStringLiteral("call_py"))));
        // The instructions describe the workspace from the manifest.
        QVERIFY(requests.at(0).json.value(QStringLiteral("instructions")).toString().contains(QLatin1String("app.py")));

        QCOMPARE(r.eventsOfType(QStringLiteral("run_started")).size(), 1);
        const QList<QJsonObject> ready = r.eventsOfType(QStringLiteral("sandbox_ready"));
        QCOMPARE(ready.size(), 1);
        const QJsonObject sandbox = ready.first().value(QStringLiteral("data")).toObject();
        QCOMPARE(sandbox.value(QStringLiteral("client")).toString(),
                 client == QLatin1String("unix") ? QStringLiteral("unix_local") : QStringLiteral("docker"));
        QCOMPARE(sandbox.value(QStringLiteral("confinement")).toString(),
                 client == QLatin1String("unix") ? QStringLiteral("bwrap") : QStringLiteral("docker"));
        QVERIFY(!sandbox.value(QStringLiteral("reason")).toString().isEmpty());
        QCOMPARE(r.eventsOfType(QStringLiteral("tool_call")).size(), 3);
        QCOMPARE(r.eventsOfType(QStringLiteral("tool_result")).size(), 3);
        QCOMPARE(r.eventsOfType(QStringLiteral("usage")).size(), 4);
        const QList<QJsonObject> done = r.eventsOfType(QStringLiteral("run_finished"));
        QCOMPARE(done.size(), 1);
        QCOMPARE(done.first().value(QStringLiteral("data")).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("done"));
        QCOMPARE(r.events.last().value(QStringLiteral("type")).toString(), QStringLiteral("run_finished"));
    }

    void run_patchDoesNotApply_modelGetsPreciseErrorAndWorkspaceIsUnchanged_data() { clientRows(); }

    void run_patchDoesNotApply_modelGetsPreciseErrorAndWorkspaceIsUnchanged()
    {
        CLIENT_ARGS();
        const QString patch = QStringLiteral("*** Begin Patch\n*** Update File: app.py\n"
                                             "-print(greet(\"moon\"))\n+print(greet(\"sun\"))\n"
                                             "*** Add File: new.txt\n+never written\n*** End Patch\n");
        m_server->enqueue(
            toolTurn(customToolCallItem(QStringLiteral("apply_patch"), patch, QStringLiteral("call_bad"))));
        m_server->enqueue(answerTurn(QStringLiteral("The patch did not apply.")));
        const QString ws = freshWorkspace();
        const CliRun r = runCli(clientArgs, ws, QStringLiteral("Change the greeting."));
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(readTestFile(ws + QStringLiteral("/app.py")), kAppPy);
        QVERIFY(!QFileInfo::exists(ws + QStringLiteral("/new.txt")));
        QCOMPARE(m_server->requests().size(), 2);
        const QString output = toolOutputs(m_server->requests().at(1)).value(QStringLiteral("call_bad"));
        QVERIFY2(output.contains(QLatin1String("app.py")), qPrintable(output));
        QVERIFY2(output.contains(QLatin1String("print(greet(\"moon\"))")), qPrintable(output));
        const QList<QJsonObject> results = r.eventsOfType(QStringLiteral("tool_result"));
        QCOMPARE(results.size(), 1);
        QCOMPARE(results.first().value(QStringLiteral("data")).toObject().value(QStringLiteral("failed")).toBool(),
                 true);
    }

    void run_interactiveWriteStdin_roundTripsThroughThePty_data() { clientRows(); }

    void run_interactiveWriteStdin_roundTripsThroughThePty()
    {
        CLIENT_ARGS();
        const QString program = QStringLiteral("python3 -u -c \"n = input('name? '); print('hello ' + n + '!')\"");
        QJsonObject start = execArguments(program, 1000);
        start.insert(QStringLiteral("tty"), true);
        m_server->enqueue(
            toolTurn(functionCallItem(QStringLiteral("exec_command"), start, QStringLiteral("call_start"))));
        m_server->enqueue(toolTurn(functionCallItem(QStringLiteral("write_stdin"),
                                                    {{QStringLiteral("session_id"), 1},
                                                     {QStringLiteral("chars"), QStringLiteral("sandcastle\n")},
                                                     {QStringLiteral("yield_time_ms"), 2000}},
                                                    QStringLiteral("call_write"))));
        m_server->enqueue(answerTurn(QStringLiteral("It greeted sandcastle.")));
        const CliRun r = runCli(clientArgs, freshWorkspace(), QStringLiteral("Answer the prompt."));
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        const QHash<QString, QString> outputs = toolOutputs(m_server->requests().at(2));
        const QString started = outputs.value(QStringLiteral("call_start"));
        QVERIFY2(started.contains(QLatin1String("name? ")), qPrintable(started));
        QVERIFY2(started.contains(QLatin1String("Process running with session ID 1")), qPrintable(started));
        const QString written = outputs.value(QStringLiteral("call_write"));
        QVERIFY2(written.contains(QLatin1String("hello sandcastle!")), qPrintable(written));
        QVERIFY2(written.contains(QLatin1String("Process exited with code 0")), qPrintable(written));
    }

    void run_longCommand_yieldsThenIsKilledWhenTheRunEnds_data() { clientRows(); }

    void run_longCommand_yieldsThenIsKilledWhenTheRunEnds()
    {
        CLIENT_ARGS();
        // A command outliving its yield time returns a session id; the run ends without waiting
        // for it, and closing the session kills its whole process group.
        const QString marker = QStringLiteral("sc-timeout-%1").arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
        const QString cmd = QStringLiteral("sh -c 'sleep 300; echo %1' & sleep 301").arg(marker);
        m_server->enqueue(toolTurn(
            functionCallItem(QStringLiteral("exec_command"), execArguments(cmd, 500), QStringLiteral("call_slow"))));
        m_server->enqueue(answerTurn(QStringLiteral("Left it running.")));
        QElapsedTimer clock;
        clock.start();
        const CliRun r = runCli(clientArgs, freshWorkspace(), QStringLiteral("Start the slow job."));
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(clock.elapsed() < 20000, qPrintable(QString::number(clock.elapsed())));
        const QString output = toolOutputs(m_server->requests().at(1)).value(QStringLiteral("call_slow"));
        QVERIFY2(output.contains(QLatin1String("Process running with session ID")), qPrintable(output));
        // No process of that command survives the run.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                QDirIterator it(QStringLiteral("/proc"), QDir::Dirs | QDir::NoDotAndDotDot);
                while (it.hasNext()) {
                    if (readTestFile(it.next() + QStringLiteral("/cmdline")).contains(marker.toUtf8())) {
                        return false;
                    }
                }
                return true;
            }(),
            5000);
    }

    void run_writeOutsideWorkspace_neverReachesTheHost_data() { clientRows(); }

    void run_writeOutsideWorkspace_neverReachesTheHost()
    {
        CLIENT_ARGS();
        const QString outside =
            QStringLiteral("/root/.sandcastle-escape-%1").arg(QUuid::createUuid().toString(QUuid::Id128));
        const QString insideName = QStringLiteral("inside.txt");
        m_server->enqueue(toolTurn(functionCallItem(
            QStringLiteral("exec_command"),
            execArguments(QStringLiteral("echo x > %1; echo rc=$?; echo y > %2; echo rc2=$?").arg(outside, insideName)),
            QStringLiteral("call_escape"))));
        m_server->enqueue(answerTurn(QStringLiteral("Could not write outside.")));
        const QString ws = freshWorkspace();
        const CliRun r =
            runCli(client == QLatin1String("unix") ? QStringList{QStringLiteral("--confine"), QStringLiteral("bwrap")}
                                                   : clientArgs,
                   ws, QStringLiteral("Try to escape."));
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        const QString output = toolOutputs(m_server->requests().at(1)).value(QStringLiteral("call_escape"));
        if (client == QLatin1String("unix")) {
            // bubblewrap binds / read-only; in a container the write lands in the container's own
            // file system, which the host never sees.
            QVERIFY2(output.contains(QLatin1String("Read-only file system")), qPrintable(output));
            QVERIFY2(output.contains(QLatin1String("rc=1")) || output.contains(QLatin1String("rc=2")),
                     qPrintable(output));
        }
        QVERIFY2(output.contains(QLatin1String("rc2=0")), qPrintable(output));
        QVERIFY(!QFileInfo::exists(outside));
        QCOMPARE(readTestFile(ws + QLatin1Char('/') + insideName), QByteArray("y\n"));
    }

    void run_badInput_exitCodesAndMessages_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("stderrContains");
        QTest::newRow("bad confine") << QStringList{QStringLiteral("--confine"), QStringLiteral("maybe")} << 2
                                     << QStringLiteral("--confine must be auto, bwrap or none");
        QTest::newRow("bad api") << QStringList{QStringLiteral("--api"), QStringLiteral("grpc")} << 2
                                 << QStringLiteral("unknown model API \"grpc\"");
        QTest::newRow("bad max turns") << QStringList{QStringLiteral("--max-turns"), QStringLiteral("0")} << 2
                                       << QStringLiteral("--max-turns must be a positive number");
        QTest::newRow("bad capability") << QStringList{QStringLiteral("--capabilities"),
                                                       QStringLiteral("shell,teleport")}
                                        << 2 << QStringLiteral("unknown capability \"teleport\"");
        QTest::newRow("image without docker") << QStringList{QStringLiteral("--image"), QStringLiteral("debian")} << 2
                                              << QStringLiteral("--image, --cpus and --memory need --client docker");
        QTest::newRow("confine with docker") << QStringList{QStringLiteral("--client"), QStringLiteral("docker"),
                                                            QStringLiteral("--confine"), QStringLiteral("none")}
                                             << 2 << QStringLiteral("--confine applies to --client unix");
        QTest::newRow("unknown client") << QStringList{QStringLiteral("--client"), QStringLiteral("vm")} << 2
                                        << QStringLiteral("--client must be");
        QTest::newRow("port out of range") << QStringList{QStringLiteral("--port"), QStringLiteral("8000"),
                                                          QStringLiteral("--port"), QStringLiteral("70000")}
                                           << 2
                                           << QStringLiteral("--port: exposed port 70000 is out of range (expected "
                                                             "1..65535)");
        QTest::newRow("port not a number") << QStringList{QStringLiteral("--port"), QStringLiteral("http")} << 2
                                           << QStringLiteral("--port must be a port number in 1..65535 (got \"http\")");
        QTest::newRow("docker port without network")
            << QStringList{QStringLiteral("--client"), QStringLiteral("docker"), QStringLiteral("--port"),
                           QStringLiteral("8000")}
            << 2 << QStringLiteral("--port with --client docker needs --network");
    }

    void run_badInput_exitCodesAndMessages()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, stderrContains);
        const CliRun r = runCli(args, freshWorkspace(), QStringLiteral("anything"));
        QVERIFY2(r.finished, qPrintable(r.describe()));
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(stderrContains), qPrintable(r.err));
        QCOMPARE(m_server->requests().size(), 0);
    }

    void run_malformedManifest_exitsTwoNamingThePointer()
    {
        const QString bad = m_tmp.filePath(QStringLiteral("bad.json"));
        QVERIFY(writeTestFile(bad, R"({"version":1,"entries":{"../x":{"type":"file","content":""}}})"));
        const QString saved = m_manifest;
        m_manifest = bad;
        const CliRun r = runCli({}, freshWorkspace(), QStringLiteral("anything"));
        m_manifest = saved;
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(bad) && r.err.contains(QLatin1String("/entries/")), qPrintable(r.err));
    }

    void run_providerError_exitsThree()
    {
        ScriptedTurn failing;
        failing.httpStatus = 401;
        m_server->enqueue(failing);
        const CliRun r = runCli({}, freshWorkspace(), QStringLiteral("anything"));
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QLatin1String("401")), qPrintable(r.err));
    }

    void run_maxTurns_exitsFive()
    {
        for (int i = 0; i < 2; ++i) {
            m_server->enqueue(
                toolTurn(functionCallItem(QStringLiteral("exec_command"), execArguments(QStringLiteral("true")),
                                          QStringLiteral("call_%1").arg(i))));
        }
        const CliRun r =
            runCli({QStringLiteral("--max-turns"), QStringLiteral("2")}, freshWorkspace(), QStringLiteral("loop"));
        QCOMPARE(r.exitCode, 5);
        QVERIFY2(r.err.contains(QLatin1String("max turns (2) reached")), qPrintable(r.err));
        QCOMPARE(m_server->requests().size(), 2);
    }

    void run_interrupted_cancelsAndExits130_data() { clientRows(); }

    void run_interrupted_cancelsAndExits130()
    {
        CLIENT_ARGS();
        ScriptedTurn slow;
        slow.delayMs = 30000;
        slow.outputItems = {messageItem(QStringLiteral("too late"))};
        m_server->enqueue(slow);
        QElapsedTimer clock;
        clock.start();
        const CliRun r = runCli(clientArgs, freshWorkspace(), QStringLiteral("wait"), 20000,
                                [](QProcess &p) { ::kill(pid_t(p.processId()), SIGINT); });
        QVERIFY2(r.finished, qPrintable(r.describe()));
        QCOMPARE(r.exitCode, 130);
        QVERIFY(clock.elapsed() < 15000);
        const QList<QJsonObject> done = r.eventsOfType(QStringLiteral("run_finished"));
        QCOMPARE(done.size(), 1);
        QCOMPARE(done.first().value(QStringLiteral("data")).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("cancelled"));
    }

    void run_approveDeny_toolsNeverRun()
    {
        m_server->enqueue(
            toolTurn(functionCallItem(QStringLiteral("exec_command"), execArguments(QStringLiteral("touch ran")),
                                      QStringLiteral("call_denied"))));
        m_server->enqueue(answerTurn(QStringLiteral("Denied.")));
        const QString ws = freshWorkspace();
        const CliRun r = runCli({QStringLiteral("--approve"), QStringLiteral("deny")}, ws, QStringLiteral("touch"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY(!QFileInfo::exists(ws + QStringLiteral("/ran")));
        QCOMPARE(r.eventsOfType(QStringLiteral("approval_decided")).size(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_RunCli)
#include "tst_runcli.moc"
