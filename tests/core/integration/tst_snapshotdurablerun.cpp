// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Per-turn snapshots of a run become durable in the background (issue 5): the next turn starts
// while the snapshot is being flushed, and the journal names the snapshot only once it is durable.
// The test hook SANDCASTLE_TEST_SNAPSHOT_DURABLE_GATE(_LABEL) holds the durability step of the
// snapshot labelled "turn 1" until the gate file exists.
#include "sandcastle/core/journal/runjournal.h"
#include "sandcastle/core/runner/agentrun.h"
#include "sandcastle/core/snapshot/snapshotstore.h"

#include "futurewait.h"
#include "patchfixtures.h"
#include "resultverify.h"
#include "scriptedmodelserver.h"
#include "testenv.h"

#include <QDir>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;
using namespace Sandcastle::Test;

namespace {

constexpr int kTimeoutMs = 30000;

} // namespace

class tst_SnapshotDurableRun : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void perTurnSnapshot_journalRowOnlyOnceDurable_nextTurnDoesNotWait()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(writeTestFile(dir.filePath(QStringLiteral("ws/notes.txt")), numberedCrlfLines(30)));
        const QString gate = dir.filePath(QStringLiteral("gate"));
        qputenv("SANDCASTLE_TEST_SNAPSHOT_DURABLE_GATE", gate.toLocal8Bit());
        qputenv("SANDCASTLE_TEST_SNAPSHOT_DURABLE_GATE_LABEL", "turn 1");
        // On every way out: the gate variables go, so a held step never waits for a removed file.
        const auto openGate = qScopeGuard([] {
            qunsetenv("SANDCASTLE_TEST_SNAPSHOT_DURABLE_GATE");
            qunsetenv("SANDCASTLE_TEST_SNAPSHOT_DURABLE_GATE_LABEL");
        });

        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn patch;
        patch.outputItems = {
            customToolCallItem(QStringLiteral("apply_patch"), twoHunkNotesPatch(), QStringLiteral("call_p"))};
        ScriptedTurn answer;
        answer.outputItems = {messageItem(QStringLiteral("done"))};
        server.enqueue(patch);
        server.enqueue(answer);

        AgentRunOptions o;
        o.manifest.reset();
        o.workspaceDir = dir.filePath(QStringLiteral("ws"));
        o.client = QStringLiteral("unix_local");
        o.confinement = Confinement::None;
        o.capabilities = {QStringLiteral("filesystem")};
        o.provider.baseUrl = server.baseUrl();
        o.run.model = QStringLiteral("scripted-model");
        o.journalPath = dir.filePath(QStringLiteral("journal.sqlite"));
        o.snapshotEveryTurn = true;
        o.snapshotStore = dir.filePath(QStringLiteral("store"));
        AgentRun run(o, nullptr);
        QList<RunEvent> snapshotEvents;
        connect(&run, &AgentRun::eventEmitted, this, [&snapshotEvents](const RunEvent &e) {
            if (e.kind == RunEvent::Kind::Snapshot) {
                snapshotEvents.append(e);
            }
        });
        QSignalSpy finished(&run, &AgentRun::finished);
        run.start(QStringLiteral("edit notes"));

        // Turn 1's snapshot is captured but held: the second model request (the
        // next turn) still goes out, and the run does not finish before its snapshot is durable.
        QVERIFY(QTest::qWaitFor([&server] { return server.requests().size() == 2; }, kTimeoutMs));
        if (finished.isEmpty()) {
            static_cast<void>(finished.wait(300));
        }
        if (!finished.isEmpty()) {
            const auto outcome = finished.first().first().value<RunOutcome>();
            QFAIL(qPrintable(QStringLiteral("the run finished before its snapshot was durable: %1 %2")
                                 .arg(int(outcome.status))
                                 .arg(outcome.error.toString())));
        }
        QVERIFY(snapshotEvents.isEmpty());
        RunJournal journal;
        SC_VERIFY_OK(journal.openExisting(o.journalPath));
        const Result<QString> runId = journal.lastRunId();
        SC_VERIFY_OK(runId);
        const Result<QStringList> before = journal.snapshots(*runId);
        SC_VERIFY_OK(before);
        QVERIFY2(before->isEmpty(), qPrintable(before->join(QLatin1Char(' '))));
        const SnapshotStore store(o.snapshotStore);
        // Only the baseline's envelope exists.
        QCOMPARE(QDir(o.snapshotStore + QStringLiteral("/snapshots")).entryList({QStringLiteral("*.json")}).size(), 1);

        QVERIFY(writeTestFile(gate, "open"));
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(finished.first().first().value<RunOutcome>().status, RunStatus::Done);
        const Result<QStringList> after = journal.snapshots(*runId);
        SC_VERIFY_OK(after);
        QCOMPARE(after->size(), 1);
        QCOMPARE(snapshotEvents.size(), 1);
        QCOMPARE(snapshotEvents.first().data.value(QStringLiteral("snapshot_id")).toString(), after->first());
        const Result<QList<SnapshotInfo>> listed = await(store.list(), kTimeoutMs);
        SC_VERIFY_OK(listed);
        QCOMPARE(listed->size(), 2); // the baseline and turn 1
        QCOMPARE(listed->last().id, after->first());
        QCOMPARE(listed->last().label, QStringLiteral("turn 1"));
    }
};

QTEST_GUILESS_MAIN(tst_SnapshotDurableRun)
#include "tst_snapshotdurablerun.moc"
