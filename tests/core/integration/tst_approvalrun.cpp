// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The runner's approval gate with the Outside policy and "Always for this run", against the
// scripted model server over real HTTP. The tool is a recording stand-in named exec_command (the
// approval rules read its `cmd`); the rules themselves are tabled in tst_approvalrules, complete
// runs with the real shell tools in the GUI test tst_approvalflow.
#include "sandcastle/core/model/responsesclient.h"
#include "sandcastle/core/runner/runner.h"

#include "scriptedmodelserver.h"

#include <QDir>
#include <QSignalSpy>
#include <QTest>

using namespace Sandcastle::Core;
using namespace Sandcastle::Test;

namespace {

class RecordingExecTool final : public Tool
{
public:
    QStringList ran;
    QString name() const override { return QStringLiteral("exec_command"); }
    ToolKind kind() const override { return ToolKind::Function; }
    QJsonObject definition() const override
    {
        return QJsonObject{
            {QStringLiteral("type"), QStringLiteral("function")},
            {QStringLiteral("name"), name()},
            {QStringLiteral("description"), QStringLiteral("Runs a command.")},
            {QStringLiteral("parameters"), QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}}},
            {QStringLiteral("strict"), false}};
    }
    QFuture<Result<ToolOutput>> invoke(const ToolCall &call, const ToolContext &) override
    {
        const QString cmd = call.arguments.value(QStringLiteral("cmd")).toString();
        ran.append(cmd);
        return QtFuture::makeReadyValueFuture(
            Result<ToolOutput>(ToolOutput{QStringLiteral("ran ") + cmd, {}, false, {}}));
    }
};

class ExecCapability final : public Capability
{
public:
    RecordingExecTool tool;
    QString type() const override { return QStringLiteral("fakeshell"); }
    std::vector<Tool *> tools() const override { return {const_cast<RecordingExecTool *>(&tool)}; }
};

QJsonObject execItem(const QString &cmd, const QString &callId)
{
    return functionCallItem(QStringLiteral("exec_command"), QJsonObject{{QStringLiteral("cmd"), cmd}}, callId);
}

ScriptedTurn turn(QJsonArray items)
{
    ScriptedTurn t;
    t.outputItems = std::move(items);
    return t;
}

QList<RunEvent> eventsOf(const QSignalSpy &spy, RunEvent::Kind kind)
{
    QList<RunEvent> out;
    for (const QList<QVariant> &args : spy) {
        const auto e = args.first().value<RunEvent>();
        if (e.kind == kind) {
            out.append(e);
        }
    }
    return out;
}

/// The output the model got for `callId` in request `request`.
QString outputFor(const ScriptedModelServer &server, int request, const QString &callId)
{
    for (const QJsonValue &v : server.requests().at(request).json.value(QStringLiteral("input")).toArray()) {
        const QJsonObject item = v.toObject();
        if (item.value(QStringLiteral("type")) == QLatin1String("function_call_output") &&
            item.value(QStringLiteral("call_id")) == callId) {
            return item.value(QStringLiteral("output")).toString();
        }
    }
    return {};
}

} // namespace

class tst_ApprovalRun : public QObject
{
    Q_OBJECT

    std::unique_ptr<ScriptedModelServer> m_server;
    std::unique_ptr<ResponsesClient> m_client;
    std::unique_ptr<ExecCapability> m_exec;

    std::unique_ptr<Runner> makeRunner(ApprovalPolicy policy)
    {
        RunConfig config;
        config.model = QStringLiteral("gpt-5.5");
        config.approval = policy;
        ToolContext ctx;
        ctx.workspaceRoot = QDir::tempPath();
        ctx.sandboxRoot = QStringLiteral("/workspace");
        return std::make_unique<Runner>(m_client.get(), QList<Capability *>{m_exec.get()}, ctx, config);
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<ScriptedModelServer>();
        QVERIFY(m_server->listen());
        ProviderSettings settings;
        settings.baseUrl = m_server->baseUrl();
        settings.apiKey = QStringLiteral("sk-test");
        settings.maxRetries = 0;
        m_client = std::make_unique<ResponsesClient>(settings);
        m_exec = std::make_unique<ExecCapability>();
    }
    void cleanup()
    {
        m_client.reset();
        m_server.reset();
    }

    void outside_holdsOnlyNetworkAndOutsideCalls()
    {
        m_server->enqueue(turn({execItem(QStringLiteral("ls src"), QStringLiteral("c1")),
                                execItem(QStringLiteral("curl -s example.com"), QStringLiteral("c2")),
                                execItem(QStringLiteral("cat /etc/passwd"), QStringLiteral("c3"))}));
        m_server->enqueue(turn({messageItem(QStringLiteral("done"))}));
        auto runner = makeRunner(ApprovalPolicy::Outside);
        QSignalSpy events(runner.get(), &Runner::eventEmitted);
        QSignalSpy finished(runner.get(), &Runner::finished);
        runner->start(QStringLiteral("go"));
        QTRY_COMPARE_WITH_TIMEOUT(eventsOf(events, RunEvent::Kind::ApprovalRequested).size(), 2, 10000);
        QTRY_COMPARE(m_exec->tool.ran, QStringList{QStringLiteral("ls src")});
        const QList<RunEvent> asked = eventsOf(events, RunEvent::Kind::ApprovalRequested);
        QCOMPARE(asked.at(0).data.value(QStringLiteral("call_id")).toString(), QStringLiteral("c2"));
        QCOMPARE(asked.at(0).data.value(QStringLiteral("reason")).toString(),
                 QStringLiteral("uses the network (curl)"));
        QCOMPARE(asked.at(1).data.value(QStringLiteral("reason")).toString(),
                 QStringLiteral("names /etc/passwd, outside the workspace"));
        QCOMPARE(m_server->requests().size(), 1);

        runner->decideApproval(QStringLiteral("c2"), ApprovalDecision::Approve);
        runner->decideApproval(QStringLiteral("c3"), ApprovalDecision::Deny, QStringLiteral("not there"));
        QVERIFY(finished.wait(10000));
        QCOMPARE(m_exec->tool.ran, (QStringList{QStringLiteral("ls src"), QStringLiteral("curl -s example.com")}));
        QCOMPARE(outputFor(*m_server, 1, QStringLiteral("c3")),
                 QStringLiteral("The user denied this tool call. Comment: not there"));
        QCOMPARE(outputFor(*m_server, 1, QStringLiteral("c2")), QStringLiteral("ran curl -s example.com"));
    }

    void always_approvesMatchingCallsOfThisRunOnly()
    {
        // Round 1: two `npm test` calls and a `make` held; Always on the first releases the second.
        m_server->enqueue(turn({execItem(QStringLiteral("npm test"), QStringLiteral("c1")),
                                execItem(QStringLiteral("npm test -- --ci"), QStringLiteral("c2")),
                                execItem(QStringLiteral("make"), QStringLiteral("c3"))}));
        // Round 2: `npm test` again runs without asking; `npm publish` is asked.
        m_server->enqueue(turn({execItem(QStringLiteral("npm test --watch=false"), QStringLiteral("c4")),
                                execItem(QStringLiteral("npm publish"), QStringLiteral("c5"))}));
        m_server->enqueue(turn({messageItem(QStringLiteral("done"))}));
        auto runner = makeRunner(ApprovalPolicy::Ask);
        QSignalSpy events(runner.get(), &Runner::eventEmitted);
        QSignalSpy finished(runner.get(), &Runner::finished);
        runner->start(QStringLiteral("go"));
        QTRY_COMPARE_WITH_TIMEOUT(eventsOf(events, RunEvent::Kind::ApprovalRequested).size(), 3, 10000);
        QVERIFY(m_exec->tool.ran.isEmpty());

        runner->decideApproval(QStringLiteral("c1"), ApprovalDecision::AlwaysForRun);
        QTRY_COMPARE(m_exec->tool.ran.size(), 2);
        QCOMPARE(runner->standingApprovals().keys(), QStringList{QStringLiteral("exec_command:npm test")});
        const QList<RunEvent> decided = eventsOf(events, RunEvent::Kind::ApprovalDecided);
        QCOMPARE(decided.size(), 2);
        QCOMPARE(decided.at(0).data.value(QStringLiteral("by")).toString(), QStringLiteral("user"));
        QCOMPARE(decided.at(1).data.value(QStringLiteral("call_id")).toString(), QStringLiteral("c2"));
        QCOMPARE(decided.at(1).data.value(QStringLiteral("by")).toString(), QStringLiteral("rule"));
        QCOMPARE(m_server->requests().size(), 1); // c3 still held

        runner->decideApproval(QStringLiteral("c3"), ApprovalDecision::Approve);
        QTRY_COMPARE_WITH_TIMEOUT(eventsOf(events, RunEvent::Kind::ApprovalRequested).size(), 4, 10000);
        const RunEvent lastAsk = eventsOf(events, RunEvent::Kind::ApprovalRequested).last();
        QCOMPARE(lastAsk.data.value(QStringLiteral("call_id")).toString(), QStringLiteral("c5"));
        QTRY_VERIFY(m_exec->tool.ran.contains(QStringLiteral("npm test --watch=false")));
        QVERIFY(!m_exec->tool.ran.contains(QStringLiteral("npm publish")));

        runner->decideApproval(QStringLiteral("c5"), ApprovalDecision::Deny);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().value<RunOutcome>().status, RunStatus::Done);
        QCOMPARE(m_exec->tool.ran, (QStringList{QStringLiteral("npm test"), QStringLiteral("npm test -- --ci"),
                                                QStringLiteral("make"), QStringLiteral("npm test --watch=false")}));
        QCOMPARE(outputFor(*m_server, 2, QStringLiteral("c5")), QStringLiteral("The user denied this tool call."));

        // A new runner (another run) starts without standing approvals.
        QVERIFY(makeRunner(ApprovalPolicy::Ask)->standingApprovals().keys().isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_ApprovalRun)
#include "tst_approvalrun.moc"
