// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Runs that stop (kill -9, a finished run, a removed container) and `sandcastle resume`: nothing
// that finished is lost, what was interrupted runs again, and bad journals are refused intact.
#include "clirun.h"
#include "futurewait.h"
#include "resultverify.h"
#include "testenv.h"

#include "sandcastle/core/journal/runjournal.h"
#include "sandcastle/core/sandbox/docker/dockerengine.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>

#include <csignal>

using namespace Sandcastle::Test;
using namespace Sandcastle::Core;

class tst_ResumeCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_dockerSkip;

    struct Paths
    {
        QString workspace;
        QString journal;
        QString events;
    };

    Paths freshPaths()
    {
        const QString base = m_tmp.filePath(QUuid::createUuid().toString(QUuid::Id128));
        return {base + QStringLiteral("-ws"), base + QStringLiteral(".sqlite"), base + QStringLiteral(".jsonl")};
    }

    static QStringList runArgs(const Paths &p, const ScriptedModelServer &server, const QStringList &extra,
                               const QString &prompt)
    {
        return QStringList{QStringLiteral("run"),
                           QStringLiteral("--workspace"),
                           p.workspace,
                           QStringLiteral("--state"),
                           p.journal,
                           QStringLiteral("--base-url"),
                           server.baseUrl().toString(),
                           QStringLiteral("--events"),
                           p.events}
               << extra << prompt;
    }

    static QStringList resumeArgs(const Paths &p, const ScriptedModelServer &server, const QString &prompt = {})
    {
        QStringList args{QStringLiteral("resume"),
                         QStringLiteral("--state"),
                         p.journal,
                         QStringLiteral("--base-url"),
                         server.baseUrl().toString(),
                         QStringLiteral("--events"),
                         p.events + QStringLiteral(".resume")};
        if (!prompt.isEmpty()) {
            args << prompt;
        }
        return args;
    }

    /// Starts a run and kills it with SIGKILL 300 ms after its journal shows `callId` with `status`,
    /// while a slow command runs ("done": the next call's; "started": this call's own). Every call
    /// before the cut has its result committed. Polling the journal, not a delay after a request,
    /// keeps the cut at the same step however slow the sandbox is.
    static CliRun runAndKillAfter(const QStringList &args, ScriptedModelServer &server, const QString &journalPath,
                                  const QString &callId, const QString &status)
    {
        auto poll = std::make_shared<QTimer>();
        poll->setInterval(20);
        return runSandcastle(args, {}, 60000, &server, [poll, journalPath, callId, status](QProcess &p, int) {
            if (poll->isActive()) {
                return;
            }
            const auto pid = pid_t(p.processId());
            QObject::connect(poll.get(), &QTimer::timeout, poll.get(),
                             [timer = poll.get(), pid, journalPath, callId, status] {
                                 const Result<JournalRunState> state = lastJournalRun(journalPath);
                                 if (!state) {
                                     return; // not written yet
                                 }
                                 for (const JournalToolCall &call : state->toolCalls) {
                                     if (call.callId == callId && call.status == status) {
                                         timer->stop();
                                         QTimer::singleShot(300, [pid] { ::kill(pid, SIGKILL); });
                                     }
                                 }
                             });
            poll->start();
        });
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_dockerSkip = dockerUnavailableReason();
        if (!m_dockerSkip.isEmpty() && !qEnvironmentVariableIsEmpty("SANDCASTLE_SANDBOX_IMAGE")) {
            QFAIL(qPrintable(m_dockerSkip));
        }
    }

    void resume_afterKill9MidCommand_keepsFinishedResultsAndRerunsTheInterruptedCall_data()
    {
        QTest::addColumn<QString>("client");
        QTest::newRow("unix") << QStringLiteral("unix");
        // The container survives the kill with the interrupted command still running in it.
        QTest::newRow("docker, container reattached") << QStringLiteral("docker");
    }

    void resume_afterKill9MidCommand_keepsFinishedResultsAndRerunsTheInterruptedCall()
    {
        QFETCH(QString, client);
        if (client == QLatin1String("docker") && !m_dockerSkip.isEmpty()) {
            QSKIP(qPrintable(m_dockerSkip));
        }
        const Paths p = freshPaths();
        ScriptedModelServer first;
        QVERIFY(first.listen());
        first.enqueue(toolTurn(functionCallItem(QStringLiteral("exec_command"),
                                                execArguments(QStringLiteral("echo one >> log.txt")),
                                                QStringLiteral("call_one"))));
        // Two calls in one response: the quick one finishes, the slow one is cut off by the kill.
        ScriptedTurn pair;
        pair.outputItems = {functionCallItem(QStringLiteral("exec_command"),
                                             execArguments(QStringLiteral("echo two >> log.txt")),
                                             QStringLiteral("call_two")),
                            functionCallItem(QStringLiteral("exec_command"),
                                             execArguments(QStringLiteral("sleep 2; echo three >> log.txt")),
                                             QStringLiteral("call_three"))};
        first.enqueue(pair);
        first.enqueue(answerTurn(QStringLiteral("never reached")));
        const CliRun killed =
            runAndKillAfter(runArgs(p, first, {QStringLiteral("--client"), client}, QStringLiteral("log twice")), first,
                            p.journal, QStringLiteral("call_two"), QStringLiteral("done"));
        QVERIFY2(!killed.finished, qPrintable(killed.describe()));

        // What the journal holds right after the crash.
        const Result<JournalRunState> crashed = lastJournalRun(p.journal);
        SC_VERIFY_OK(crashed);
        QCOMPARE(crashed->run.status, QStringLiteral("running"));
        QHash<QString, QString> status;
        for (const JournalToolCall &call : crashed->toolCalls) {
            status.insert(call.callId, call.status);
        }
        QCOMPARE(status.value(QStringLiteral("call_one")), QStringLiteral("done"));
        QCOMPARE(status.value(QStringLiteral("call_two")), QStringLiteral("done"));
        QCOMPARE(status.value(QStringLiteral("call_three")), QStringLiteral("started"));
        QCOMPARE(readTestFile(p.workspace + QStringLiteral("/log.txt")), QByteArray("one\ntwo\n"));

        ScriptedModelServer second;
        QVERIFY(second.listen());
        second.enqueue(answerTurn(QStringLiteral("Logged twice.")));
        const CliRun resumed = runSandcastle(resumeArgs(p, second), p.events + QStringLiteral(".resume"));
        QVERIFY2(resumed.finished && resumed.exitCode == 0, qPrintable(resumed.describe()));
        QCOMPARE(resumed.out, QStringLiteral("Logged twice.\n"));
        // The same final workspace as an uninterrupted run: finished calls did not run again.
        QCOMPARE(readTestFile(p.workspace + QStringLiteral("/log.txt")), QByteArray("one\ntwo\nthree\n"));
        QCOMPARE(second.requests().size(), 1);
        const QHash<QString, QString> outputs = toolOutputs(second.requests().first());
        QVERIFY2(outputs.value(QStringLiteral("call_one")).contains(QLatin1String("Process exited with code 0")),
                 qPrintable(outputs.value(QStringLiteral("call_one"))));
        for (const QString &id : {QStringLiteral("call_two"), QStringLiteral("call_three")}) {
            QVERIFY2(outputs.value(id).contains(QLatin1String("Process exited with code 0")),
                     qPrintable(outputs.value(id)));
        }
        // The conversation sent on resume is the whole run: the prompt comes first.
        const QJsonArray input = second.requests().first().json.value(QStringLiteral("input")).toArray();
        QCOMPARE(input.first().toObject().value(QStringLiteral("content")).toString(), QStringLiteral("log twice"));
        const QList<QJsonObject> results = resumed.eventsOfType(QStringLiteral("tool_result"));
        QCOMPARE(results.size(), 2);
        QCOMPARE(results.at(0).value(QStringLiteral("data")).toObject().value(QStringLiteral("restored")).toBool(),
                 true);
        QCOMPARE(results.at(0).value(QStringLiteral("data")).toObject().value(QStringLiteral("call_id")).toString(),
                 QStringLiteral("call_two"));
        QCOMPARE(results.at(1).value(QStringLiteral("data")).toObject().value(QStringLiteral("call_id")).toString(),
                 QStringLiteral("call_three"));
        QVERIFY(!results.at(1).value(QStringLiteral("data")).toObject().contains(QStringLiteral("restored")));
        if (client == QLatin1String("docker")) {
            // The reattached container's leftover "sleep 2; echo three" was killed: no second "three".
            QTest::qWait(2500);
            QCOMPARE(readTestFile(p.workspace + QStringLiteral("/log.txt")), QByteArray("one\ntwo\nthree\n"));
            const QJsonObject sandbox =
                resumed.eventsOfType(QStringLiteral("sandbox_ready")).value(0).value(QStringLiteral("data")).toObject();
            QCOMPARE(sandbox.value(QStringLiteral("container_id")).toString(),
                     crashed->run.sessionState.value(QStringLiteral("container_id")).toString());
        }
        const Result<JournalRunState> done = lastJournalRun(p.journal);
        SC_VERIFY_OK(done);
        QCOMPARE(done->run.status, QStringLiteral("done"));
        QCOMPARE(done->run.finalOutput, QStringLiteral("Logged twice."));
    }

    void resume_finishedRun_newPromptContinuesTheConversation()
    {
        const Paths p = freshPaths();
        ScriptedModelServer first;
        QVERIFY(first.listen());
        first.enqueue(answerTurn(QStringLiteral("The answer is 42.")));
        const CliRun ran = runSandcastle(runArgs(p, first, {}, QStringLiteral("What is the answer?")));
        QVERIFY2(ran.exitCode == 0, qPrintable(ran.describe()));

        ScriptedModelServer second;
        QVERIFY(second.listen());
        second.enqueue(answerTurn(QStringLiteral("Still 42.")));
        const CliRun resumed = runSandcastle(resumeArgs(p, second, QStringLiteral("Are you sure?")));
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.describe()));
        QCOMPARE(resumed.out, QStringLiteral("Still 42.\n"));
        const QJsonArray input = second.requests().first().json.value(QStringLiteral("input")).toArray();
        QStringList texts;
        for (const QJsonValue &v : input) {
            const QJsonValue content = v.toObject().value(QStringLiteral("content"));
            texts << (content.isString()
                          ? content.toString()
                          : content.toArray().first().toObject().value(QStringLiteral("text")).toString());
        }
        QCOMPARE(texts, (QStringList{QStringLiteral("What is the answer?"), QStringLiteral("The answer is 42."),
                                     QStringLiteral("Are you sure?")}));

        // Without a prompt, a finished run just reports its answer again; the model is not asked.
        ScriptedModelServer third;
        QVERIFY(third.listen());
        const CliRun again = runSandcastle(resumeArgs(p, third));
        QVERIFY2(again.exitCode == 0, qPrintable(again.describe()));
        QCOMPARE(again.out, QStringLiteral("Still 42.\n"));
        QCOMPARE(third.requests().size(), 0);
    }

    void resume_dockerContainerRemovedWhileStopped_recreatesItOnTheSameWorkspace()
    {
        if (!m_dockerSkip.isEmpty()) {
            QSKIP(qPrintable(m_dockerSkip));
        }
        const Paths p = freshPaths();
        ScriptedModelServer first;
        QVERIFY(first.listen());
        first.enqueue(toolTurn(functionCallItem(QStringLiteral("exec_command"),
                                                execArguments(QStringLiteral("echo one >> log.txt")),
                                                QStringLiteral("call_one"))));
        first.enqueue(toolTurn(functionCallItem(QStringLiteral("exec_command"),
                                                execArguments(QStringLiteral("sleep 3; echo two >> log.txt")),
                                                QStringLiteral("call_two"))));
        const CliRun killed = runAndKillAfter(
            runArgs(p, first, {QStringLiteral("--client"), QStringLiteral("docker")}, QStringLiteral("log twice")),
            first, p.journal, QStringLiteral("call_two"), QStringLiteral("started"));
        QVERIFY2(!killed.finished, qPrintable(killed.describe()));
        const Result<JournalRunState> crashed = lastJournalRun(p.journal);
        SC_VERIFY_OK(crashed);
        const QString containerId = crashed->run.sessionState.value(QStringLiteral("container_id")).toString();
        QVERIFY2(!containerId.isEmpty(), qPrintable(QJsonDocument(crashed->run.sessionState).toJson()));

        // The container goes away while the run is stopped.
        const Result<QString> socket = DockerEngine::socketPathFromEnvironment();
        SC_VERIFY_OK(socket);
        DockerEngine engine(*socket);
        SC_VERIFY_OK(await(engine.removeContainer(containerId, true), 30000));

        ScriptedModelServer second;
        QVERIFY(second.listen());
        second.enqueue(answerTurn(QStringLiteral("Logged twice in a new container.")));
        const CliRun resumed = runSandcastle(resumeArgs(p, second), p.events + QStringLiteral(".resume"));
        QVERIFY2(resumed.finished && resumed.exitCode == 0, qPrintable(resumed.describe()));
        QCOMPARE(readTestFile(p.workspace + QStringLiteral("/log.txt")), QByteArray("one\ntwo\n"));
        const QList<QJsonObject> ready = resumed.eventsOfType(QStringLiteral("sandbox_ready"));
        QCOMPARE(ready.size(), 1);
        const QJsonObject sandbox = ready.first().value(QStringLiteral("data")).toObject();
        QCOMPARE(sandbox.value(QStringLiteral("client")).toString(), QStringLiteral("docker"));
        QVERIFY(sandbox.value(QStringLiteral("container_id")).toString() != containerId);
        // Nothing left behind by the resumed run.
        const Result<QList<DockerContainerInfo>> left =
            await(engine.listContainers({QStringLiteral("sandcastle.session")}), 30000);
        SC_VERIFY_OK(left);
        for (const DockerContainerInfo &c : *left) {
            QVERIFY2(c.id != sandbox.value(QStringLiteral("container_id")).toString(), qPrintable(c.id));
        }
    }

    void resume_workspaceGone_restoresTheLastSnapshot()
    {
        const Paths p = freshPaths();
        const QString store = p.workspace + QStringLiteral("-snapshots");
        ScriptedModelServer first;
        QVERIFY(first.listen());
        first.enqueue(toolTurn(functionCallItem(QStringLiteral("exec_command"),
                                                execArguments(QStringLiteral("mkdir -p src && echo one > src/a.txt")),
                                                QStringLiteral("call_write"))));
        first.enqueue(answerTurn(QStringLiteral("Wrote it.")));
        const CliRun ran = runSandcastle(
            runArgs(p, first, {QStringLiteral("--snapshot-every-turn"), QStringLiteral("--snapshot-store"), store},
                    QStringLiteral("write a file")),
            p.events);
        QVERIFY2(ran.exitCode == 0, qPrintable(ran.describe()));
        const QList<QJsonObject> snapshots = ran.eventsOfType(QStringLiteral("snapshot"));
        QCOMPARE(snapshots.size(), 1);
        const QString snapshotId =
            snapshots.first().value(QStringLiteral("data")).toObject().value(QStringLiteral("snapshot_id")).toString();
        QVERIFY(!snapshotId.isEmpty());

        // The snapshot command sees it and restores it anywhere.
        const CliRun listed =
            runSandcastle({QStringLiteral("snapshot"), QStringLiteral("list"), QStringLiteral("--store"), store});
        QVERIFY2(listed.exitCode == 0 && listed.out.contains(snapshotId) &&
                     listed.out.contains(QLatin1String("turn 1")),
                 qPrintable(listed.describe()));
        const QString copy = p.workspace + QStringLiteral("-copy");
        const CliRun restored = runSandcastle({QStringLiteral("snapshot"), QStringLiteral("restore"),
                                               QStringLiteral("--store"), store, snapshotId, copy});
        QVERIFY2(restored.exitCode == 0, qPrintable(restored.describe()));
        QCOMPARE(readTestFile(copy + QStringLiteral("/src/a.txt")), QByteArray("one\n"));

        // The workspace is lost; resume brings it back from the run's last snapshot.
        QVERIFY(QDir(p.workspace).removeRecursively());
        ScriptedModelServer second;
        QVERIFY(second.listen());
        second.enqueue(
            toolTurn(functionCallItem(QStringLiteral("exec_command"), execArguments(QStringLiteral("cat src/a.txt")),
                                      QStringLiteral("call_read"))));
        second.enqueue(answerTurn(QStringLiteral("It says one.")));
        const CliRun resumed = runSandcastle(resumeArgs(p, second, QStringLiteral("What is in a.txt?")),
                                             p.events + QStringLiteral(".resume"));
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.describe()));
        const QString output = toolOutputs(second.requests().at(1)).value(QStringLiteral("call_read"));
        QVERIFY2(output.contains(QLatin1String("Output:\none")), qPrintable(output));
        const QJsonObject sandbox =
            resumed.eventsOfType(QStringLiteral("sandbox_ready")).value(0).value(QStringLiteral("data")).toObject();
        QCOMPARE(sandbox.value(QStringLiteral("restored_snapshot")).toString(), snapshotId);
    }

    void snapshot_fromUnixLocalRun_seedsDockerRun()
    {
        if (!m_dockerSkip.isEmpty()) {
            QSKIP(qPrintable(m_dockerSkip));
        }
        // Snapshots hold host workspace trees, so one client's snapshot seeds the other's session.
        const Paths unix = freshPaths();
        ScriptedModelServer first;
        QVERIFY(first.listen());
        first.enqueue(toolTurn(functionCallItem(QStringLiteral("exec_command"),
                                                execArguments(QStringLiteral("echo made-on-unix > origin.txt")),
                                                QStringLiteral("call_make"))));
        first.enqueue(answerTurn(QStringLiteral("Made.")));
        const QString store = unix.workspace + QStringLiteral("-snapshots");
        QVERIFY2(
            runSandcastle(runArgs(unix, first,
                                  {QStringLiteral("--snapshot-every-turn"), QStringLiteral("--snapshot-store"), store},
                                  QStringLiteral("make")))
                    .exitCode == 0,
            "the unix run failed");
        const CliRun listed =
            runSandcastle({QStringLiteral("snapshot"), QStringLiteral("list"), QStringLiteral("--store"), store});
        // Oldest first: the run's baseline, then its turn's snapshot (the one with origin.txt).
        const QString id = listed.out.trimmed().section(QLatin1Char('\n'), -1).section(QLatin1Char(' '), 0, 0);
        QVERIFY2(!id.isEmpty(), qPrintable(listed.describe()));
        const Paths docker = freshPaths();
        QCOMPARE(runSandcastle({QStringLiteral("snapshot"), QStringLiteral("restore"), QStringLiteral("--store"), store,
                                id, docker.workspace})
                     .exitCode,
                 0);
        ScriptedModelServer second;
        QVERIFY(second.listen());
        second.enqueue(
            toolTurn(functionCallItem(QStringLiteral("exec_command"), execArguments(QStringLiteral("cat origin.txt")),
                                      QStringLiteral("call_cat"))));
        second.enqueue(answerTurn(QStringLiteral("Read.")));
        const CliRun ran = runSandcastle(
            runArgs(docker, second, {QStringLiteral("--client"), QStringLiteral("docker")}, QStringLiteral("read")));
        QVERIFY2(ran.exitCode == 0, qPrintable(ran.describe()));
        const QString output = toolOutputs(second.requests().at(1)).value(QStringLiteral("call_cat"));
        QVERIFY2(output.contains(QLatin1String("made-on-unix")), qPrintable(output));
    }

    void snapshotCommand_badArguments_exitTwo()
    {
        const CliRun none = runSandcastle({QStringLiteral("snapshot"), QStringLiteral("list")});
        QCOMPARE(none.exitCode, 2);
        QVERIFY2(none.err.contains(QLatin1String("give --workspace DIR or --store DIR")), qPrintable(none.err));
        const CliRun unknown = runSandcastle({QStringLiteral("snapshot"), QStringLiteral("restore"),
                                              QStringLiteral("--store"), m_tmp.filePath(QStringLiteral("empty-store")),
                                              QStringLiteral("nope"), m_tmp.filePath(QStringLiteral("t"))});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains(QLatin1String("nope")), qPrintable(unknown.err));
    }

    void resume_badJournal_preciseErrorAndFileUntouched_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not a database") << QByteArray("garbage\n") << QStringLiteral("not an SQLite database");
        QByteArray truncated("SQLite format 3\0", 16);
        truncated.append(QByteArray(100, '\0'));
        QTest::newRow("truncated") << truncated << QStringLiteral("journal");
    }

    void resume_badJournal_preciseErrorAndFileUntouched()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const Paths p = freshPaths();
        QVERIFY(writeTestFile(p.journal, content));
        ScriptedModelServer server;
        QVERIFY(server.listen());
        const CliRun r = runSandcastle(resumeArgs(p, server));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(p.journal) && r.err.contains(expected), qPrintable(r.err));
        QCOMPARE(readTestFile(p.journal), content);
        QCOMPARE(server.requests().size(), 0);
    }

    void resume_missingJournal_exitsTwo()
    {
        const Paths p = freshPaths();
        ScriptedModelServer server;
        QVERIFY(server.listen());
        const CliRun r = runSandcastle(resumeArgs(p, server));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("no such journal")), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(p.journal));
    }
};

QTEST_GUILESS_MAIN(tst_ResumeCli)
#include "tst_resumecli.moc"
