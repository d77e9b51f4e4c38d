// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Issue 8 end to end: a complete AgentRun (Unix-local, filesystem capability) against the scripted
// model server. write_then_review records every apply_patch call as a change set in the journal;
// review_before_write holds the patch, writes nothing before the decision, writes only the
// accepted hunk and tells the model which hunks were rejected and the user's comment.
#include "sandcastle/core/journal/runjournal.h"
#include "sandcastle/core/runner/agentrun.h"

#include "futurewait.h"
#include "patchfixtures.h"
#include "resultverify.h"
#include "scriptedmodelserver.h"
#include "testenv.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;
using namespace Sandcastle::Test;

namespace {

constexpr int kTimeoutMs = 30000;

ScriptedTurn patchTurn(const QString &patch, const QString &callId)
{
    ScriptedTurn turn;
    turn.outputItems = {customToolCallItem(QStringLiteral("apply_patch"), patch, callId)};
    return turn;
}

ScriptedTurn answerTurn(const QString &text)
{
    ScriptedTurn turn;
    turn.outputItems = {messageItem(text)};
    return turn;
}

} // namespace

class TestPatchReview : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_dir;

    AgentRunOptions options(const ScriptedModelServer &server, PatchReviewMode mode) const
    {
        AgentRunOptions o;
        o.manifest.reset();
        o.workspaceDir = m_dir->filePath(QStringLiteral("ws"));
        o.client = QStringLiteral("unix_local");
        o.confinement = Confinement::None;
        o.capabilities = {QStringLiteral("filesystem")};
        o.provider.baseUrl = server.baseUrl();
        o.run.model = QStringLiteral("scripted-model");
        o.journalPath = m_dir->filePath(QStringLiteral("journal.sqlite"));
        o.patchReview = mode;
        return o;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QVERIFY(writeTestFile(m_dir->filePath(QStringLiteral("ws/notes.txt")), numberedCrlfLines(30)));
    }

    void writeThenReview_patch_recordedInJournalWithEvent()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(patchTurn(twoHunkNotesPatch(), QStringLiteral("call_p")));
        server.enqueue(answerTurn(QStringLiteral("done")));
        AgentRun run(options(server, PatchReviewMode::WriteThenReview), nullptr);
        QList<RunEvent> events;
        connect(&run, &AgentRun::eventEmitted, this, [&events](const RunEvent &e) { events.append(e); });
        QSignalSpy finished(&run, &AgentRun::finished);
        run.start(QStringLiteral("edit notes"));
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(finished.first().first().value<RunOutcome>().status, RunStatus::Done);

        QByteArray expected = numberedCrlfLines(30);
        expected.replace("line 5\r\n", "FIVE\r\n").replace("line 25\r\n", "TWENTY-FIVE\r\n");
        QCOMPARE(readTestFile(m_dir->filePath(QStringLiteral("ws/notes.txt"))), expected);

        const auto recorded = std::find_if(events.cbegin(), events.cend(), [](const RunEvent &e) {
            return e.kind == RunEvent::Kind::ChangeSetRecorded;
        });
        QVERIFY(recorded != events.cend());
        QCOMPARE(recorded->data.value(QStringLiteral("call_id")).toString(), QStringLiteral("call_p"));
        const QJsonObject file = recorded->data.value(QStringLiteral("files")).toArray().at(0).toObject();
        QCOMPARE(file.value(QStringLiteral("path")).toString(), QStringLiteral("notes.txt"));
        QCOMPARE(file.value(QStringLiteral("added")).toInt(), 2);
        QCOMPARE(file.value(QStringLiteral("removed")).toInt(), 2);
        QCOMPARE(file.value(QStringLiteral("hunks")).toInt(), 2);

        RunJournal journal;
        SC_VERIFY_OK(journal.openExisting(m_dir->filePath(QStringLiteral("journal.sqlite"))));
        const auto sets = journal.changeSets();
        SC_VERIFY_OK(sets);
        QCOMPARE(sets->size(), 1);
        const ChangeSet &set = sets->first();
        QCOMPARE(set.id, recorded->data.value(QStringLiteral("change_set_id")).toString());
        QCOMPARE(set.status, ChangeSetStatus::Applied);
        QCOMPARE(set.source, QStringLiteral("apply_patch"));
        QCOMPARE(set.turn, 1);
        QCOMPARE(set.files.first().change.before, numberedCrlfLines(30));
        QCOMPARE(set.files.first().change.after, expected);
        QCOMPARE(set.files.first().diff.hunks.at(1).header(), QStringLiteral("@@ -22,7 +22,7 @@"));

        // Revert hunk 1 through the run: exact bytes back, journaled, reported.
        events.clear();
        const auto reverted = await(run.revertChanges(set.id, 0, 1));
        SC_VERIFY_OK(reverted);
        QVERIFY(reverted->ok());
        expected.replace("TWENTY-FIVE\r\n", "line 25\r\n");
        QCOMPARE(readTestFile(m_dir->filePath(QStringLiteral("ws/notes.txt"))), expected);
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().kind, RunEvent::Kind::ChangeReverted);
        QCOMPARE(events.first().data.value(QStringLiteral("status")).toString(), QStringLiteral("reverted"));
        // The whole turn: hunk 0 goes back, hunk 1 is gone already -> conflict, nothing written.
        const auto turn = await(run.revertTurn(1));
        SC_VERIFY_OK(turn);
        QCOMPARE(turn->conflicts.size(), 1);
        QCOMPARE(readTestFile(m_dir->filePath(QStringLiteral("ws/notes.txt"))), expected);
        const auto reverts = journal.reverts(set.id);
        SC_VERIFY_OK(reverts);
        QCOMPARE(reverts->size(), 2);
        QCOMPARE(reverts->at(1).status, QStringLiteral("conflict"));
        // Hunk 0 alone still reverts to the original bytes.
        SC_VERIFY_OK(await(run.revertChanges(set.id, 0, 0)));
        QCOMPARE(readTestFile(m_dir->filePath(QStringLiteral("ws/notes.txt"))), numberedCrlfLines(30));
    }

    void reviewBeforeWrite_acceptFirstRejectSecond_onlyFirstWrittenAndModelTold()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(patchTurn(twoHunkNotesPatch(), QStringLiteral("call_p")));
        server.enqueue(answerTurn(QStringLiteral("understood")));
        AgentRun run(options(server, PatchReviewMode::ReviewBeforeWrite), nullptr);
        QList<RunEvent> events;
        QString pendingId;
        connect(&run, &AgentRun::eventEmitted, this, [&](const RunEvent &e) {
            events.append(e);
            if (e.kind == RunEvent::Kind::PatchReviewRequested) {
                pendingId = e.data.value(QStringLiteral("change_set_id")).toString();
            }
        });
        QSignalSpy finished(&run, &AgentRun::finished);
        run.start(QStringLiteral("edit notes"));
        QTRY_VERIFY_WITH_TIMEOUT(!pendingId.isEmpty(), kTimeoutMs);

        // Held: nothing on disk yet, the journal says so.
        QCOMPARE(readTestFile(m_dir->filePath(QStringLiteral("ws/notes.txt"))), numberedCrlfLines(30));
        {
            RunJournal journal;
            SC_VERIFY_OK(journal.openExisting(m_dir->filePath(QStringLiteral("journal.sqlite"))));
            const auto set = journal.changeSet(pendingId);
            SC_VERIFY_OK(set);
            QCOMPARE(set->status, ChangeSetStatus::Pending);
            const auto state = journal.loadRun(set->runId);
            SC_VERIFY_OK(state);
            QCOMPARE(state->toolCalls.first().status, QStringLiteral("awaiting_review"));
        }
        QCOMPARE(server.requests().size(), 1);
        QVERIFY(run.reviewGate());
        QCOMPARE(run.reviewGate()->pending().size(), 1);

        PatchReviewDecision decision;
        decision.hunks = {HunkDecision{0, 0, true, {}}, HunkDecision{0, 1, false, {}}};
        decision.comment = QStringLiteral("keep line 25 as it is");
        QVERIFY(!run.decidePatchReview(QStringLiteral("call_other"), decision));
        QVERIFY(run.decidePatchReview(QStringLiteral("call_p"), decision));
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(finished.first().first().value<RunOutcome>().status, RunStatus::Done);

        QByteArray expected = numberedCrlfLines(30);
        expected.replace("line 5\r\n", "FIVE\r\n");
        QCOMPARE(readTestFile(m_dir->filePath(QStringLiteral("ws/notes.txt"))), expected);

        const QString output = toolOutputIn(server, 1, QStringLiteral("call_p"));
        QCOMPARE(output, QStringLiteral("Success. Updated the following files:\n"
                                        "M notes.txt\n"
                                        "The user reviewed this patch: applied 1 of 2 hunks, rejected 1.\n"
                                        "Applied:\n"
                                        "- notes.txt hunk 0 @@ -2,7 +2,7 @@\n"
                                        "Rejected by the user (not written):\n"
                                        "- notes.txt hunk 1 @@ -22,7 +22,7 @@\n"
                                        "User comment: keep line 25 as it is\n"));

        const auto decided = std::find_if(events.cbegin(), events.cend(), [](const RunEvent &e) {
            return e.kind == RunEvent::Kind::PatchReviewDecided;
        });
        QVERIFY(decided != events.cend());
        QCOMPARE(decided->data.value(QStringLiteral("status")).toString(), QStringLiteral("reviewed"));
        QCOMPARE(decided->data.value(QStringLiteral("rejected")).toArray().size(), 1);

        RunJournal journal;
        SC_VERIFY_OK(journal.openExisting(m_dir->filePath(QStringLiteral("journal.sqlite"))));
        const auto set = journal.changeSet(pendingId);
        SC_VERIFY_OK(set);
        QCOMPARE(set->status, ChangeSetStatus::Reviewed);
        QCOMPARE(set->comment, QStringLiteral("keep line 25 as it is"));
        QVERIFY(set->files.first().written.has_value());
        QCOMPARE(*set->files.first().written, expected);
        const auto decisions = journal.hunkDecisions(pendingId);
        SC_VERIFY_OK(decisions);
        QCOMPARE(*decisions, (QList<HunkDecision>{{0, 0, true, {}}, {0, 1, false, {}}}));
    }

    void reviewBeforeWrite_fileChangedMeanwhile_conflictNothingWritten()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(patchTurn(twoHunkNotesPatch(), QStringLiteral("call_p")));
        server.enqueue(answerTurn(QStringLiteral("ok")));
        AgentRun run(options(server, PatchReviewMode::ReviewBeforeWrite), nullptr);
        QSignalSpy finished(&run, &AgentRun::finished);
        run.start(QStringLiteral("edit notes"));
        QTRY_VERIFY_WITH_TIMEOUT(run.reviewGate() && !run.reviewGate()->pending().isEmpty(), kTimeoutMs);
        const QByteArray edited = numberedCrlfLines(30) + "added by the user\r\n";
        QVERIFY(writeTestFile(m_dir->filePath(QStringLiteral("ws/notes.txt")), edited));
        const ChangeSet set = run.reviewGate()->pending().first();
        QVERIFY(run.decidePatchReview(QStringLiteral("call_p"), PatchReviewDecision::acceptAll(set)));
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(readTestFile(m_dir->filePath(QStringLiteral("ws/notes.txt"))), edited);
        const QString output = toolOutputIn(server, 1, QStringLiteral("call_p"));
        QVERIFY2(output.startsWith(QStringLiteral("The reviewed patch was not applied: conflict: notes.txt changed "
                                                  "since the change was computed (its content differs).")),
                 qPrintable(output));
        RunJournal journal;
        SC_VERIFY_OK(journal.openExisting(m_dir->filePath(QStringLiteral("journal.sqlite"))));
        const auto stored = journal.changeSet(set.id);
        SC_VERIFY_OK(stored);
        QCOMPARE(stored->status, ChangeSetStatus::Conflict);
    }

    void reviewBeforeWrite_cancel_rejectsAndWritesNothing()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(patchTurn(twoHunkNotesPatch(), QStringLiteral("call_p")));
        AgentRun run(options(server, PatchReviewMode::ReviewBeforeWrite), nullptr);
        QSignalSpy finished(&run, &AgentRun::finished);
        run.start(QStringLiteral("edit notes"));
        QTRY_VERIFY_WITH_TIMEOUT(run.reviewGate() && !run.reviewGate()->pending().isEmpty(), kTimeoutMs);
        const QString id = run.reviewGate()->pending().first().id;
        run.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kTimeoutMs);
        QCOMPARE(finished.first().first().value<RunOutcome>().status, RunStatus::Cancelled);
        QVERIFY(run.reviewGate()->pending().isEmpty());
        QCOMPARE(readTestFile(m_dir->filePath(QStringLiteral("ws/notes.txt"))), numberedCrlfLines(30));
        // The rejection is journaled once the (ignored) tool result comes back.
        RunJournal journal;
        SC_VERIFY_OK(journal.openExisting(m_dir->filePath(QStringLiteral("journal.sqlite"))));
        QTRY_COMPARE_WITH_TIMEOUT(journal.changeSet(id).value_or(ChangeSet{}).status, ChangeSetStatus::Rejected,
                                  kTimeoutMs);
    }

    void shellCommands_perTurnSnapshots_firstTurnToo_shellChangeSetWithoutPatchedFiles()
    {
        QVERIFY(writeTestFile(m_dir->filePath(QStringLiteral("ws/gone.txt")), "bye\n"));
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn first;
        first.outputItems = {
            functionCallItem(QStringLiteral("exec_command"),
                             {{QStringLiteral("cmd"),
                               QStringLiteral("sed -i 's/^line 7\\r$/SEVEN\\r/' notes.txt && echo one > first.txt")}},
                             QStringLiteral("call_1"))};
        ScriptedTurn second;
        second.outputItems = {
            functionCallItem(QStringLiteral("exec_command"),
                             {{QStringLiteral("cmd"), QStringLiteral("printf 'made\\n' > made.txt && rm gone.txt")}},
                             QStringLiteral("call_2")),
            customToolCallItem(QStringLiteral("apply_patch"), twoHunkNotesPatch(), QStringLiteral("call_p"))};
        server.enqueue(first);
        server.enqueue(second);
        server.enqueue(answerTurn(QStringLiteral("done")));
        AgentRunOptions o = options(server, PatchReviewMode::WriteThenReview);
        o.capabilities = {QStringLiteral("filesystem"), QStringLiteral("shell")};
        o.snapshotEveryTurn = true;
        o.snapshotStore = m_dir->filePath(QStringLiteral("store"));
        o.run.parallelToolCalls = false;
        AgentRun run(o, nullptr);
        QList<RunEvent> recorded;
        connect(&run, &AgentRun::eventEmitted, this, [&recorded](const RunEvent &e) {
            if (e.kind == RunEvent::Kind::ChangeSetRecorded) {
                recorded.append(e);
            }
        });
        QSignalSpy finished(&run, &AgentRun::finished);
        run.start(QStringLiteral("work"));
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(finished.first().first().value<RunOutcome>().status, RunStatus::Done);
        // Turn 1 against the baseline taken when the run started; turn 2: the patch's own set, then
        // the shell's.
        QCOMPARE(recorded.size(), 3);
        const QJsonObject firstShell = recorded.at(0).data;
        QCOMPARE(firstShell.value(QStringLiteral("source")).toString(), QStringLiteral("shell"));
        QCOMPARE(firstShell.value(QStringLiteral("turn")).toInt(), 1);
        QCOMPARE(recorded.at(1).data.value(QStringLiteral("source")).toString(), QStringLiteral("apply_patch"));
        const QJsonObject shell = recorded.at(2).data;
        QCOMPARE(shell.value(QStringLiteral("source")).toString(), QStringLiteral("shell"));
        QCOMPARE(shell.value(QStringLiteral("turn")).toInt(), 2);
        QStringList files;
        for (const QJsonValue &f : shell.value(QStringLiteral("files")).toArray()) {
            files.append(f.toObject().value(QStringLiteral("kind")).toString() + QLatin1Char(' ') +
                         f.toObject().value(QStringLiteral("path")).toString());
        }
        QCOMPARE(files, (QStringList{QStringLiteral("delete gone.txt"), QStringLiteral("add made.txt")}));
        RunJournal journal;
        SC_VERIFY_OK(journal.openExisting(m_dir->filePath(QStringLiteral("journal.sqlite"))));
        const auto set = journal.changeSet(shell.value(QStringLiteral("change_set_id")).toString());
        SC_VERIFY_OK(set);
        QCOMPARE(set->files.at(0).change.before, QByteArray("bye\n"));
        QCOMPARE(set->files.at(1).change.after, QByteArray("made\n"));

        // The first turn's set: the exact diff of the sed edit (CRLF kept) and the new file.
        const auto turn1 = journal.changeSet(firstShell.value(QStringLiteral("change_set_id")).toString());
        SC_VERIFY_OK(turn1);
        QCOMPARE(turn1->files.size(), 2);
        QCOMPARE(turn1->files.at(0).change.path, QStringLiteral("first.txt"));
        QCOMPARE(turn1->files.at(0).change.kind, FileChange::Kind::Add);
        QCOMPARE(turn1->files.at(0).change.after, QByteArray("one\n"));
        const ChangeSetFile &notes = turn1->files.at(1);
        QCOMPARE(notes.change.path, QStringLiteral("notes.txt"));
        QCOMPARE(notes.change.kind, FileChange::Kind::Update);
        QCOMPARE(notes.change.before, numberedCrlfLines(30));
        QByteArray seven = numberedCrlfLines(30);
        seven.replace("\r\nline 7\r\n", "\r\nSEVEN\r\n");
        QCOMPARE(notes.change.after, seven);
        QCOMPARE(notes.diff.hunks.size(), 1);
        QCOMPARE(notes.diff.hunks.first().header(), QStringLiteral("@@ -4,7 +4,7 @@"));
        QCOMPARE(TextDiffer::unified(notes.diff, QStringLiteral("a/notes.txt"), QStringLiteral("b/notes.txt")),
                 QByteArray("--- a/notes.txt\n+++ b/notes.txt\n@@ -4,7 +4,7 @@\n line 4\r\n line 5\r\n line 6\r\n"
                            "-line 7\r\n+SEVEN\r\n line 8\r\n line 9\r\n line 10\r\n"));
    }
};

QTEST_GUILESS_MAIN(TestPatchReview)
#include "tst_patchreview.moc"
