// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The runner's tool rounds: routing calls to tools, the approval gate, parallel or sequential
// execution, results (and their output filter), and the end of a round. The turn loop, requests
// and resume live in runner.cpp.
#include "sandcastle/core/runner/runner.h"

#include "runner_p.h"

#include <QFutureWatcher>
#include <QJsonDocument>
#include <QLoggingCategory>

namespace Sandcastle::Core {

using Internal::nowMs;
using Internal::toolKindName;

std::optional<ToolCall> toolCallFromItem(const QJsonObject &item, QString *parseError)
{
    const QString type = item.value(QStringLiteral("type")).toString();
    ToolCall call;
    call.callId = item.value(QStringLiteral("call_id")).toString();
    call.itemId = item.value(QStringLiteral("id")).toString();
    call.name = item.value(QStringLiteral("name")).toString();
    if (type == QLatin1String("function_call")) {
        call.kind = ToolKind::Function;
        call.rawArguments = item.value(QStringLiteral("arguments")).toString();
        QJsonParseError err{};
        const QJsonDocument doc = QJsonDocument::fromJson(call.rawArguments.toUtf8(), &err);
        if (call.rawArguments.trimmed().isEmpty()) {
            call.arguments = {};
        } else if (err.error != QJsonParseError::NoError || !doc.isObject()) {
            if (parseError) {
                *parseError =
                    err.error != QJsonParseError::NoError
                        ? QStringLiteral("invalid JSON at offset %1: %2").arg(err.offset).arg(err.errorString())
                        : QStringLiteral("expected a JSON object");
            }
        } else {
            call.arguments = doc.object();
        }
        return call;
    }
    if (type == QLatin1String("custom_tool_call")) {
        call.kind = ToolKind::Custom;
        call.input = item.value(QStringLiteral("input")).toString();
        return call;
    }
    if (type == QLatin1String("apply_patch_call")) {
        call.kind = ToolKind::ApplyPatch;
        call.name = QStringLiteral("apply_patch");
        call.operation = item.value(QStringLiteral("operation")).toObject();
        return call;
    }
    return std::nullopt;
}

QJsonObject toolOutputItem(const ToolCall &call, const ToolOutput &output)
{
    switch (call.kind) {
    case ToolKind::Function: {
        QJsonObject item{{QStringLiteral("type"), QStringLiteral("function_call_output")},
                         {QStringLiteral("call_id"), call.callId}};
        if (!output.content.isEmpty()) {
            item.insert(QStringLiteral("output"), output.content);
        } else {
            item.insert(QStringLiteral("output"), output.text);
        }
        return item;
    }
    case ToolKind::Custom:
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("custom_tool_call_output")},
                           {QStringLiteral("call_id"), call.callId},
                           {QStringLiteral("output"), output.text}};
    case ToolKind::ApplyPatch:
        return QJsonObject{
            {QStringLiteral("type"), QStringLiteral("apply_patch_call_output")},
            {QStringLiteral("call_id"), call.callId},
            {QStringLiteral("status"), !output.status.isEmpty()
                                           ? output.status
                                           : (output.failed ? QStringLiteral("failed") : QStringLiteral("completed"))},
            {QStringLiteral("output"), output.text}};
    }
    return {};
}

void Runner::setOutput(PendingCall &p, ToolOutput output)
{
    if (m_outputFilter) {
        output = m_outputFilter(std::move(output));
    }
    p.outputItem = toolOutputItem(p.call, output);
    p.output = std::move(output);
    Q_EMIT toolOutputRecorded(p.call.callId, p.outputItem);
}

Tool *Runner::findTool(const ToolCall &call) const
{
    for (const Capability *c : m_capabilities) {
        for (Tool *t : c->tools()) {
            if (call.kind == ToolKind::ApplyPatch ? t->kind() == ToolKind::ApplyPatch : t->name() == call.name) {
                return t;
            }
        }
    }
    return nullptr;
}

void Runner::startToolCalls(QList<PendingCall> calls, const QHash<QString, QJsonObject> &recordedOutputs)
{
    m_pending.clear();
    for (PendingCall &p : calls) {
        const ToolCall &call = p.call;
        p.tool = findTool(call);
        QJsonObject data{{QStringLiteral("call_id"), call.callId},
                         {QStringLiteral("name"), call.name},
                         {QStringLiteral("kind"), toolKindName(call.kind)}};
        switch (call.kind) {
        case ToolKind::Function:
            data.insert(QStringLiteral("arguments"), call.rawArguments);
            break;
        case ToolKind::Custom:
            data.insert(QStringLiteral("input"), call.input);
            break;
        case ToolKind::ApplyPatch:
            data.insert(QStringLiteral("operation"), call.operation);
            break;
        }
        emitEvent(RunEvent::Kind::ToolCall, data);
        m_pending.append(p);
    }
    const quint64 generation = m_generation;
    struct Ask
    {
        QString callId;
        QString name;
        QString reason;
    };
    QList<Ask> askFor;
    for (int i = 0; i < m_pending.size(); ++i) {
        PendingCall &p = m_pending[i];
        if (const auto recorded = recordedOutputs.constFind(p.call.callId); recorded != recordedOutputs.cend()) {
            // Finished before the run stopped: the journal kept its result, nothing runs again.
            const QJsonValue out = recorded->value(QStringLiteral("output"));
            p.output = ToolOutput{out.isString() ? out.toString() : QStringLiteral("(recorded output)"), {}, false, {}};
            p.outputItem = *recorded;
            p.restored = true;
            continue;
        }
        if (!p.parseError.isEmpty()) {
            setOutput(p, ToolOutput{QStringLiteral("An error occurred while parsing tool arguments. Please try "
                                                   "again with valid JSON. Error: %1")
                                        .arg(p.parseError),
                                    {},
                                    true,
                                    {}});
            continue;
        }
        if (!p.tool) {
            setOutput(p, ToolOutput{QStringLiteral("Tool %1 not found in agent.").arg(p.call.name), {}, true, {}});
            continue;
        }
        switch (m_config.approval) {
        case ApprovalPolicy::Auto:
            break;
        case ApprovalPolicy::Deny:
            emitEvent(RunEvent::Kind::ApprovalDecided, {{QStringLiteral("call_id"), p.call.callId},
                                                        {QStringLiteral("approved"), false},
                                                        {QStringLiteral("by"), QStringLiteral("policy")}});
            setOutput(p, ToolOutput{QStringLiteral("The user denied this tool call (approval policy: deny)."),
                                    {},
                                    true,
                                    QStringLiteral("failed")});
            break;
        case ApprovalPolicy::Ask:
        case ApprovalPolicy::Outside: {
            if (m_standing.covers(p.call)) {
                emitEvent(RunEvent::Kind::ApprovalDecided, {{QStringLiteral("call_id"), p.call.callId},
                                                            {QStringLiteral("approved"), true},
                                                            {QStringLiteral("by"), QStringLiteral("rule")}});
                break;
            }
            const QString reason = m_config.approval == ApprovalPolicy::Outside
                                       ? approvalReason(p.call, m_context.sandboxRoot)
                                       : QString();
            if (m_config.approval == ApprovalPolicy::Outside && reason.isEmpty()) {
                break;
            }
            p.awaitingApproval = true;
            askFor.append({p.call.callId, p.call.name, reason});
            break;
        }
        }
    }
    if (generation != m_generation) {
        return;
    }
    for (const PendingCall &p : std::as_const(m_pending)) {
        if (p.output) {
            QJsonObject data{{QStringLiteral("call_id"), p.call.callId},
                             {QStringLiteral("name"), p.call.name},
                             {QStringLiteral("output"), p.output->text},
                             {QStringLiteral("failed"), p.output->failed},
                             {QStringLiteral("duration_ms"), 0}};
            if (p.restored) {
                data.insert(QStringLiteral("restored"), true);
            }
            emitEvent(RunEvent::Kind::ToolResult, data);
        }
    }
    if (m_config.parallelToolCalls) {
        for (int i = 0; i < m_pending.size(); ++i) {
            if (!m_pending[i].output && !m_pending[i].awaitingApproval) {
                runCall(i);
            }
        }
    } else {
        maybeStartNextSequential();
    }
    finishToolRound();
    // Asked last: a receiver may decide at once (inside the signal), which can finish the round and
    // start the next turn; nothing of this round may run after that.
    for (const Ask &ask : std::as_const(askFor)) {
        const bool stillAwaiting =
            generation == m_generation && std::any_of(m_pending.cbegin(), m_pending.cend(), [&](const PendingCall &p) {
                return p.call.callId == ask.callId && p.awaitingApproval;
            });
        if (stillAwaiting) {
            QJsonObject data{{QStringLiteral("call_id"), ask.callId}, {QStringLiteral("name"), ask.name}};
            if (!ask.reason.isEmpty()) {
                data.insert(QStringLiteral("reason"), ask.reason);
            }
            emitEvent(RunEvent::Kind::ApprovalRequested, data);
        }
    }
}

void Runner::maybeStartNextSequential()
{
    for (int i = 0; i < m_pending.size(); ++i) {
        const PendingCall &p = m_pending[i];
        if (p.output) {
            continue;
        }
        if (p.started || p.awaitingApproval) {
            return; // one at a time, in order
        }
        runCall(i);
        return;
    }
}

void Runner::runCall(int index)
{
    PendingCall &p = m_pending[index];
    p.started = true;
    p.startedMs = nowMs();
    const quint64 generation = m_generation;
    QFuture<Result<ToolOutput>> future = p.tool->invoke(p.call, m_context);
    auto *watcher = new QFutureWatcher<Result<ToolOutput>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, index, generation] {
        watcher->deleteLater();
        if (generation != m_generation || index >= m_pending.size()) {
            return;
        }
        const QFuture<Result<ToolOutput>> f = watcher->future();
        Result<ToolOutput> r =
            f.resultCount() > 0
                ? f.result()
                : Result<ToolOutput>(fail(ErrorCode::Internal, QStringLiteral("tool finished without a result")));
        if (!r) {
            const Error &e = r.error();
            if (e.code == ErrorCode::Sandbox || e.code == ErrorCode::Internal || e.code == ErrorCode::Cancelled) {
                finish(e.code == ErrorCode::Cancelled ? RunStatus::Cancelled : RunStatus::Failed, {}, e);
                return;
            }
            const PendingCall &pc = m_pending[index];
            QString text = pc.call.kind == ToolKind::Function
                               ? QStringLiteral("An error occurred while running the tool. Please try again. Error: %1")
                                     .arg(e.toString())
                               : e.toString();
            onCallDone(index, ToolOutput{text, {}, true, QStringLiteral("failed")});
            return;
        }
        onCallDone(index, *r);
    });
    watcher->setFuture(future);
}

void Runner::onCallDone(int index, ToolOutput output)
{
    PendingCall &p = m_pending[index];
    setOutput(p, std::move(output));
    emitEvent(RunEvent::Kind::ToolResult,
              {{QStringLiteral("call_id"), p.call.callId},
               {QStringLiteral("name"), p.call.name},
               {QStringLiteral("output"), p.output->text},
               {QStringLiteral("failed"), p.output->failed},
               // a denied call never started
               {QStringLiteral("duration_ms"), p.startedMs > 0 ? nowMs() - p.startedMs : 0}});
    if (!m_config.parallelToolCalls) {
        maybeStartNextSequential();
    }
    finishToolRound();
}

void Runner::decideApproval(const QString &callId, ApprovalDecision decision, const QString &comment)
{
    const auto held = std::find_if(m_pending.cbegin(), m_pending.cend(),
                                   [&](const PendingCall &p) { return p.call.callId == callId && p.awaitingApproval; });
    if (held == m_pending.cend()) {
        qCWarning(lcRunner) << "no tool call awaiting approval with id" << callId;
        return;
    }
    const int index = int(held - m_pending.cbegin());
    if (decision == ApprovalDecision::AlwaysForRun) {
        m_standing.allow(m_pending[index].call);
    }
    releaseHeld(index, decision != ApprovalDecision::Deny, comment, QStringLiteral("user"));
    if (decision != ApprovalDecision::AlwaysForRun) {
        return;
    }
    // Approving runs asynchronously, so the round stays open while the others are released.
    for (int i = 0; i < m_pending.size(); ++i) {
        if (m_pending[i].awaitingApproval && m_standing.covers(m_pending[i].call)) {
            releaseHeld(i, true, {}, QStringLiteral("rule"));
        }
    }
}

void Runner::releaseHeld(int index, bool approved, const QString &comment, const QString &by)
{
    PendingCall &p = m_pending[index];
    p.awaitingApproval = false;
    QJsonObject data{{QStringLiteral("call_id"), p.call.callId},
                     {QStringLiteral("approved"), approved},
                     {QStringLiteral("comment"), comment},
                     {QStringLiteral("by"), by}};
    emitEvent(RunEvent::Kind::ApprovalDecided, data);
    if (!approved) {
        QString text = QStringLiteral("The user denied this tool call.");
        if (!comment.isEmpty()) {
            text += QStringLiteral(" Comment: ") + comment;
        }
        onCallDone(index, ToolOutput{text, {}, true, QStringLiteral("failed")});
        return;
    }
    if (m_config.parallelToolCalls) {
        runCall(index);
    } else {
        maybeStartNextSequential();
    }
}

void Runner::finishToolRound()
{
    if (!m_running) {
        return;
    }
    for (const PendingCall &p : std::as_const(m_pending)) {
        if (!p.output) {
            return;
        }
    }
    QJsonArray outputs;
    for (const PendingCall &p : std::as_const(m_pending)) {
        m_history.append(p.outputItem);
        outputs.append(p.outputItem);
    }
    m_pending.clear();
    Q_EMIT itemsAppended(outputs);
    if (!m_afterToolRound) {
        nextTurn();
        return;
    }
    // The composition's step between turns (a workspace snapshot): the next model call waits.
    const quint64 generation = m_generation;
    m_afterToolRound(m_turn).then(this, [this, generation](const Result<void> &done) {
        if (generation != m_generation || !m_running) {
            return;
        }
        if (!done) {
            finish(RunStatus::Failed, {}, done.error());
            return;
        }
        nextTurn();
    });
}

} // namespace Sandcastle::Core
