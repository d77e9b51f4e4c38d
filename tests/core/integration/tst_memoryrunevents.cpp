// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Issue 6 through AgentRun against the scripted model server: how a run ended as the rollout
// segment records it (`interrupted` with its `interruptions`, `cancelled`, `failed`), and capability
// issues as run events that the journal keeps.
#include "sandcastle/core/journal/runjournal.h"
#include "sandcastle/core/runner/agentrun.h"

#include "clirun.h"
#include "resultverify.h"
#include "scriptedmodelserver.h"
#include "testenv.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;
using namespace Sandcastle::Test;

namespace {

constexpr int kTimeoutMs = 60000;

bool hasEvent(const QSignalSpy &spy, RunEvent::Kind kind)
{
    return std::any_of(spy.cbegin(), spy.cend(),
                       [kind](const QList<QVariant> &args) { return args.first().value<RunEvent>().kind == kind; });
}

} // namespace

class tst_MemoryRunEvents : public QObject
{
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> m_dir;

    QString ws(const QString &relative = {}) const
    {
        return m_dir->filePath(QStringLiteral("ws")) + (relative.isEmpty() ? QString() : QLatin1Char('/') + relative);
    }

    AgentRunOptions options(const ScriptedModelServer &server) const
    {
        AgentRunOptions o;
        o.workspaceDir = ws();
        o.client = QStringLiteral("unix_local");
        o.confinement = Confinement::None;
        o.capabilities = {QStringLiteral("shell"), QStringLiteral("memory")};
        o.provider.baseUrl = server.baseUrl();
        o.run.model = QStringLiteral("main-model");
        o.memory.read = false;
        o.memory.phaseOneModel = QStringLiteral("main-model");
        o.memory.phaseTwoModel = QStringLiteral("main-model");
        o.conversationId = QStringLiteral("conv-e");
        return o;
    }

    QJsonObject lastSegment() const
    {
        const QList<QByteArray> lines = readTestFile(ws(QStringLiteral("sessions/conv-e.jsonl"))).trimmed().split('\n');
        return QJsonDocument::fromJson(lines.last()).object();
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QVERIFY(writeTestFile(ws(QStringLiteral("README.md")), "project\n"));
    }

    void askPolicy_stoppedWhileApprovalPending_segmentIsInterrupted()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(itemsTurn({functionCallItem(QStringLiteral("exec_command"),
                                                   {{QStringLiteral("cmd"), QStringLiteral("echo hi > ran.txt")}},
                                                   QStringLiteral("call_ask"))}));
        AgentRunOptions o = options(server);
        o.run.approval = ApprovalPolicy::Ask;
        AgentRun run(o, nullptr);
        QSignalSpy events(&run, &AgentRun::eventEmitted);
        QSignalSpy finished(&run, &AgentRun::finished);
        run.start(QStringLiteral("write the marker"));
        QTRY_VERIFY_WITH_TIMEOUT(hasEvent(events, RunEvent::Kind::ApprovalRequested), kTimeoutMs);
        run.cancel(); // the person stops the run instead of deciding
        QVERIFY(finished.wait(kTimeoutMs));
        run.close();
        QCOMPARE(server.requests().size(), 1); // a stopped run generates no memory now

        const QJsonObject segment = lastSegment();
        QCOMPARE(segment.keys(), (QStringList{QStringLiteral("generated_items"), QStringLiteral("input"),
                                              QStringLiteral("interruptions"), QStringLiteral("rollout_id"),
                                              QStringLiteral("terminal_metadata"), QStringLiteral("updated_at")}));
        const QJsonObject terminal = segment.value(QStringLiteral("terminal_metadata")).toObject();
        QCOMPARE(terminal.value(QStringLiteral("terminal_state")).toString(), QStringLiteral("interrupted"));
        QVERIFY(terminal.value(QStringLiteral("exception_type")).isNull());
        QCOMPARE(terminal.value(QStringLiteral("has_final_output")).toBool(true), false);
        const QJsonArray interruptions = segment.value(QStringLiteral("interruptions")).toArray();
        QCOMPARE(interruptions.size(), 1);
        const QJsonObject pending = interruptions.first().toObject();
        QCOMPARE(pending.value(QStringLiteral("type")).toString(), QStringLiteral("tool_approval_item"));
        QCOMPARE(pending.value(QStringLiteral("tool_name")).toString(), QStringLiteral("exec_command"));
        QCOMPARE(pending[QStringLiteral("raw_item")][QStringLiteral("call_id")].toString(), QStringLiteral("call_ask"));
        // The raw line keeps the spec's key order: interruptions between generated_items and terminal_metadata.
        const QByteArray line = readTestFile(ws(QStringLiteral("sessions/conv-e.jsonl")));
        QVERIFY2(line.indexOf("\"generated_items\":") < line.indexOf("\"interruptions\":") &&
                     line.indexOf("\"interruptions\":") < line.indexOf("\"terminal_metadata\":"),
                 line.constData());
    }

    void approvedCall_thenCancelled_segmentIsCancelledWithoutInterruptions()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(itemsTurn(
            {functionCallItem(QStringLiteral("exec_command"), {{QStringLiteral("cmd"), QStringLiteral("echo hi")}},
                              QStringLiteral("call_ok"))}));
        ScriptedTurn slow = answerTurn(QStringLiteral("a long answer that is never finished"));
        slow.eventIntervalMs = 2000;
        server.enqueue(slow);
        AgentRunOptions o = options(server);
        o.run.approval = ApprovalPolicy::Ask;
        AgentRun run(o, nullptr);
        QSignalSpy finished(&run, &AgentRun::finished);
        connect(&run, &AgentRun::eventEmitted, this, [&run](const RunEvent &e) {
            if (e.kind == RunEvent::Kind::ApprovalRequested) {
                run.decideApproval(e.data.value(QStringLiteral("call_id")).toString(), true);
            }
        });
        connect(&server, &ScriptedModelServer::requestReceived, this, [&run](int index) {
            if (index == 1) {
                run.cancel();
            }
        });
        run.start(QStringLiteral("say hi"));
        QVERIFY(finished.wait(kTimeoutMs));
        run.close();
        const QJsonObject segment = lastSegment();
        QVERIFY(!segment.contains(QStringLiteral("interruptions")));
        QCOMPARE(segment[QStringLiteral("terminal_metadata")][QStringLiteral("terminal_state")].toString(),
                 QStringLiteral("cancelled"));
    }

    void modelFails_segmentIsFailedWithTheError()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn rejected;
        rejected.httpStatus = 400;
        server.enqueue(rejected);
        // Phase one of the failed rollout finds nothing worth keeping.
        server.enqueue(answerTurn(QStringLiteral(R"({"rollout_slug":"","rollout_summary":"","raw_memory":""})")));
        const AgentRunOptions o = options(server);
        AgentRun run(o, nullptr);
        QSignalSpy finished(&run, &AgentRun::finished);
        run.start(QStringLiteral("work"));
        QVERIFY(finished.wait(kTimeoutMs));
        run.close();
        const QJsonObject terminal = lastSegment().value(QStringLiteral("terminal_metadata")).toObject();
        QCOMPARE(terminal.value(QStringLiteral("terminal_state")).toString(), QStringLiteral("failed"));
        QVERIFY2(!terminal.value(QStringLiteral("exception_type")).toString().isEmpty(),
                 qPrintable(QString::fromUtf8(QJsonDocument(terminal).toJson())));
        QVERIFY2(terminal.value(QStringLiteral("exception_message")).toString().contains(QStringLiteral("400")),
                 qPrintable(terminal.value(QStringLiteral("exception_message")).toString()));
    }

    void corruptSelection_issueIsARunEventInTheJournal()
    {
        QVERIFY(writeTestFile(ws(QStringLiteral("memories/phase_two_selection.json")), "{corrupt"));
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(answerTurn(QStringLiteral("done")));
        server.enqueue(
            answerTurn(QStringLiteral(R"({"rollout_slug":"s","rollout_summary":"sum","raw_memory":"raw"})")));
        server.enqueue(answerTurn(QStringLiteral("consolidated")));
        AgentRunOptions o = options(server);
        o.journalPath = m_dir->filePath(QStringLiteral("journal.sqlite"));
        AgentRun run(o, nullptr);
        QSignalSpy events(&run, &AgentRun::eventEmitted);
        QSignalSpy finished(&run, &AgentRun::finished);
        run.start(QStringLiteral("work"));
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(finished.first().first().value<RunOutcome>().status, RunStatus::Done);
        QVERIFY(hasEvent(events, RunEvent::Kind::CapabilityIssue));
        run.close();

        RunJournal journal;
        SC_VERIFY_OK(journal.openExisting(o.journalPath));
        const Result<QString> runId = journal.lastRunId();
        SC_VERIFY_OK(runId);
        const Result<QList<RunEvent>> kept = journal.events(*runId);
        SC_VERIFY_OK(kept);
        QCOMPARE(kept->size(), 1);
        const RunEvent &issue = kept->first();
        QCOMPARE(issue.kind, RunEvent::Kind::CapabilityIssue);
        QCOMPARE(issue.runId, *runId);
        QCOMPARE(issue.data.value(QStringLiteral("capability")).toString(), QStringLiteral("memory"));
        QCOMPARE(issue.data.value(QStringLiteral("file")).toString(),
                 QStringLiteral("memories/phase_two_selection.json"));
        QVERIFY2(issue.data.value(QStringLiteral("reason")).toString().contains(QStringLiteral("not JSON")),
                 qPrintable(issue.data.value(QStringLiteral("reason")).toString()));
    }
};

QTEST_GUILESS_MAIN(tst_MemoryRunEvents)
#include "tst_memoryrunevents.moc"
