// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Issue 5: a pending approval survives the end of the process that held it. A run with the Ask
// policy stops while a command waits for approval (the app is closed, or it crashed: the AgentRun
// is destroyed without a decision). The journal has the call as awaiting_approval; a resume with
// the journal's own options asks for the same call again, runs nothing before the decision, and
// finishes once it is approved. A denial is reported to the model instead.
#include "sandcastle/core/journal/runjournal.h"
#include "sandcastle/core/runner/agentrun.h"

#include "resultverify.h"
#include "scriptedmodelserver.h"
#include "testenv.h"

#include <QFileInfo>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;
using namespace Sandcastle::Test;

namespace {

constexpr int kTimeoutMs = 30000;

} // namespace

class TestResumeApproval : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_dir;

    QString marker() const { return m_dir->filePath(QStringLiteral("ws/ran.txt")); }
    QString journalPath() const { return m_dir->filePath(QStringLiteral("journal.sqlite")); }

    AgentRunOptions options(const ScriptedModelServer &server) const
    {
        AgentRunOptions o;
        o.manifest.reset();
        o.workspaceDir = m_dir->filePath(QStringLiteral("ws"));
        o.client = QStringLiteral("unix_local");
        o.confinement = Confinement::None;
        o.capabilities = {QStringLiteral("shell")};
        o.provider.baseUrl = server.baseUrl();
        o.run.model = QStringLiteral("scripted-model");
        o.run.approval = ApprovalPolicy::Ask;
        o.journalPath = journalPath();
        return o;
    }

    /// Starts a run whose first call waits for approval, then drops the run without a decision.
    void leaveAPendingApproval(ScriptedModelServer &server)
    {
        server.enqueue(itemsTurn({functionCallItem(QStringLiteral("exec_command"),
                                                   {{QStringLiteral("cmd"), QStringLiteral("echo approved > ran.txt")}},
                                                   QStringLiteral("call_cmd"))}));
        auto run = std::make_unique<AgentRun>(options(server), nullptr);
        QSignalSpy asked(run.get(), &AgentRun::eventEmitted);
        run->start(QStringLiteral("write the marker"));
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(asked.cbegin(), asked.cend(),
                                             [](const QList<QVariant> &args) {
                                                 return args.first().value<RunEvent>().kind ==
                                                        RunEvent::Kind::ApprovalRequested;
                                             }),
                                 kTimeoutMs);
        run.reset(); // the app goes away while the approval is pending
        QVERIFY(!QFileInfo::exists(marker()));
    }

    /// The journal's last run, with the call still awaiting approval.
    JournalRunState pendingState()
    {
        RunJournal journal;
        const auto opened = journal.openExisting(journalPath());
        if (!opened) {
            qWarning() << opened.error().toString();
            return {};
        }
        const auto id = journal.lastRunId();
        const auto state = id ? journal.loadRun(*id) : Result<JournalRunState>(std::unexpected(id.error()));
        if (!state) {
            qWarning() << state.error().toString();
            return {};
        }
        return *state;
    }

    /// The options the journal kept for the run (the server's port is new in each test).
    Result<AgentRunOptions> resumedOptions(const JournalRunState &state, const ScriptedModelServer &server) const
    {
        auto o = AgentRunOptions::fromJson(state.run.config, journalPath());
        if (o) {
            o->provider.baseUrl = server.baseUrl();
            o->journalPath = journalPath();
        }
        return o;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QVERIFY(writeTestFile(m_dir->filePath(QStringLiteral("ws/README.md")), "demo\n"));
    }

    void resume_pendingApproval_isAskedAgainAndRunsOnlyWhenApproved()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        leaveAPendingApproval(server);

        const JournalRunState state = pendingState();
        const auto call = std::find_if(state.toolCalls.cbegin(), state.toolCalls.cend(),
                                       [](const JournalToolCall &c) { return c.callId == QLatin1String("call_cmd"); });
        QVERIFY(call != state.toolCalls.cend());
        QCOMPARE(call->status, QStringLiteral("awaiting_approval"));

        server.enqueue(itemsTurn({messageItem(QStringLiteral("marker written"))}));
        const auto o = resumedOptions(state, server);
        SC_VERIFY_OK(o);
        QCOMPARE(o->run.approval, ApprovalPolicy::Ask);
        AgentRun resumed(*o, nullptr);
        QString askedFor;
        connect(&resumed, &AgentRun::eventEmitted, this, [&](const RunEvent &e) {
            if (e.kind == RunEvent::Kind::ApprovalRequested) {
                askedFor = e.data.value(QStringLiteral("call_id")).toString();
            }
        });
        QSignalSpy finished(&resumed, &AgentRun::finished);
        resumed.resume(state, {});
        QTRY_COMPARE_WITH_TIMEOUT(askedFor, QStringLiteral("call_cmd"), kTimeoutMs);
        QTest::qWait(300); // nothing runs while the approval is pending
        QVERIFY(!QFileInfo::exists(marker()));
        QCOMPARE(finished.count(), 0);

        resumed.decideApproval(QStringLiteral("call_cmd"), true);
        QVERIFY(finished.wait(kTimeoutMs));
        const auto outcome = finished.first().first().value<RunOutcome>();
        QCOMPARE(outcome.status, RunStatus::Done);
        QCOMPARE(outcome.finalOutput, QStringLiteral("marker written"));
        QCOMPARE(readTestFile(marker()), QByteArray("approved\n"));
        // The model's second request carries the command's output.
        QCOMPARE(server.requests().size(), 2);
        const QString output = toolOutputIn(server, 1, QStringLiteral("call_cmd"));
        QVERIFY2(output.contains(QStringLiteral("Process exited with code 0")), qPrintable(output));
    }

    void resume_pendingApprovalDenied_tellsTheModelAndRunsNothing()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        leaveAPendingApproval(server);
        const JournalRunState state = pendingState();
        QVERIFY(!state.run.id.isEmpty());

        server.enqueue(itemsTurn({messageItem(QStringLiteral("understood"))}));
        const auto o = resumedOptions(state, server);
        SC_VERIFY_OK(o);
        AgentRun resumed(*o, nullptr);
        // Decided inside the signal, as a headless front end may: the round must finish exactly once.
        connect(&resumed, &AgentRun::eventEmitted, this, [&resumed](const RunEvent &e) {
            if (e.kind == RunEvent::Kind::ApprovalRequested) {
                resumed.decideApproval(e.data.value(QStringLiteral("call_id")).toString(), false,
                                       QStringLiteral("not today"));
            }
        });
        QSignalSpy finished(&resumed, &AgentRun::finished);
        resumed.resume(state, {});
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(finished.first().first().value<RunOutcome>().status, RunStatus::Done);
        QVERIFY(!QFileInfo::exists(marker()));
        QCOMPARE(server.requests().size(), 2);
        const QString output = toolOutputIn(server, 1, QStringLiteral("call_cmd"));
        QVERIFY2(output.contains(QStringLiteral("not today")), qPrintable(output));
    }
};

QTEST_GUILESS_MAIN(TestResumeApproval)
#include "tst_resumeapproval.moc"
