// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/runner/runner.h"

#include "runner_p.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSet>
#include <QUuid>

Q_LOGGING_CATEGORY(lcRunner, "sandcastle.core.runner")

namespace Sandcastle::Core {

namespace Internal {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString toolKindName(ToolKind kind)
{
    switch (kind) {
    case ToolKind::Function:
        return QStringLiteral("function");
    case ToolKind::Custom:
        return QStringLiteral("custom");
    case ToolKind::ApplyPatch:
        return QStringLiteral("apply_patch");
    }
    return QStringLiteral("function");
}

} // namespace Internal

using Internal::nowMs;
using Internal::toolKindName;

namespace {

QString messageText(const QJsonObject &item)
{
    QString text;
    for (const QJsonValue &part : item.value(QStringLiteral("content")).toArray()) {
        const QJsonObject p = part.toObject();
        const QString type = p.value(QStringLiteral("type")).toString();
        if (type == QLatin1String("output_text") || type == QLatin1String("text")) {
            text += p.value(QStringLiteral("text")).toString();
        } else if (type == QLatin1String("refusal")) {
            text += p.value(QStringLiteral("refusal")).toString();
        }
    }
    return text;
}

QJsonObject usageJson(const ModelUsage &u)
{
    return u.toJson();
}

} // namespace

QString runStatusName(RunStatus status)
{
    switch (status) {
    case RunStatus::Running:
        return QStringLiteral("running");
    case RunStatus::Done:
        return QStringLiteral("done");
    case RunStatus::MaxTurns:
        return QStringLiteral("max_turns");
    case RunStatus::Failed:
        return QStringLiteral("failed");
    case RunStatus::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("failed");
}

Runner::Runner(ModelClient *model, QList<Capability *> capabilities, ToolContext context, RunConfig config,
               QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_capabilities(std::move(capabilities))
    , m_context(std::move(context))
    , m_config(std::move(config))
    , m_runId(m_context.runId.isEmpty() ? QStringLiteral("run_") + QUuid::createUuid().toString(QUuid::Id128)
                                        : m_context.runId)
{
    m_context.runId = m_runId;
}

Runner::~Runner()
{
    if (m_call) {
        m_call->cancel();
    }
}

Result<void> Runner::validate() const
{
    QSet<QString> types;
    for (const Capability *c : m_capabilities) {
        types.insert(c->type());
    }
    for (const Capability *c : m_capabilities) {
        QStringList missing;
        for (const QString &req : c->requiredCapabilityTypes()) {
            if (!types.contains(req)) {
                missing << req;
            }
        }
        if (!missing.isEmpty()) {
            return fail(ErrorCode::InvalidInput, QStringLiteral("capability %1 requires missing capabilities: %2")
                                                     .arg(c->type(), missing.join(QStringLiteral(", "))));
        }
    }
    QSet<QString> names;
    for (const Capability *c : m_capabilities) {
        for (const Tool *t : c->tools()) {
            if (names.contains(t->name())) {
                return fail(ErrorCode::InvalidInput,
                            QStringLiteral("two capabilities offer a tool named %1").arg(t->name()));
            }
            names.insert(t->name());
        }
    }
    if (m_config.maxTurns < 1) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("max turns must be at least 1"));
    }
    return {};
}

void Runner::emitEvent(RunEvent::Kind kind, QJsonObject data)
{
    RunEvent e;
    e.kind = kind;
    e.runId = m_runId;
    e.turn = m_turn;
    e.time = QDateTime::currentDateTimeUtc();
    e.data = std::move(data);
    Q_EMIT eventEmitted(e);
}

void Runner::beginRun(const QString &prompt, bool resumed)
{
    m_running = true;
    m_cancelled = false;
    QStringList caps;
    for (const Capability *c : m_capabilities) {
        caps << c->type();
    }
    QJsonObject data{{QStringLiteral("model"), m_config.model},
                     {QStringLiteral("max_turns"), m_config.maxTurns},
                     {QStringLiteral("capabilities"), QJsonArray::fromStringList(caps)},
                     {QStringLiteral("prompt"), prompt}};
    if (resumed) {
        data.insert(QStringLiteral("resumed"), true);
        data.insert(QStringLiteral("history_items"), m_history.size());
    }
    emitEvent(RunEvent::Kind::RunStarted, data);
    if (!m_config.sandbox.isEmpty()) {
        emitEvent(RunEvent::Kind::SandboxReady, m_config.sandbox);
    }
}

void Runner::start(const QString &prompt)
{
    if (m_running) {
        qCWarning(lcRunner) << "start() while a run is going; ignored";
        return;
    }
    m_turn = 0;
    beginRun(prompt, false);
    if (const Result<void> ok = validate(); !ok) {
        finish(RunStatus::Failed, {}, ok.error());
        return;
    }
    appendUserMessage(prompt);
    nextTurn();
}

void Runner::appendUserMessage(const QString &prompt)
{
    const QJsonObject message{{QStringLiteral("type"), QStringLiteral("message")},
                              {QStringLiteral("role"), QStringLiteral("user")},
                              {QStringLiteral("content"), prompt}};
    m_history.append(message);
    Q_EMIT itemsAppended(QJsonArray{message});
}

void Runner::restore(const QString &runId, const QJsonArray &history, int turns, const ModelUsage &usage)
{
    if (m_running) {
        qCWarning(lcRunner) << "restore() while a run is going; ignored";
        return;
    }
    m_runId = runId;
    m_history = history;
    forgetServerState();
    m_turn = turns;
    m_usage = usage;
}

void Runner::resume(const QString &prompt, const QHash<QString, QJsonObject> &recordedOutputs)
{
    if (m_running) {
        qCWarning(lcRunner) << "resume() while a run is going; ignored";
        return;
    }
    beginRun(prompt, true);
    if (const Result<void> ok = validate(); !ok) {
        finish(RunStatus::Failed, {}, ok.error());
        return;
    }
    // Tool calls of the last response without an output item in the conversation.
    QSet<QString> answered;
    for (const QJsonValue &v : std::as_const(m_history)) {
        const QJsonObject item = v.toObject();
        if (item.value(QStringLiteral("type")).toString().endsWith(QLatin1String("_output"))) {
            answered.insert(item.value(QStringLiteral("call_id")).toString());
        }
    }
    QList<PendingCall> open;
    for (const QJsonValue &v : std::as_const(m_history)) {
        QString parseError;
        const std::optional<ToolCall> call = toolCallFromItem(v.toObject(), &parseError);
        if (call && !answered.contains(call->callId)) {
            PendingCall p;
            p.call = *call;
            p.parseError = parseError;
            open.append(p);
        }
    }
    if (!open.isEmpty()) {
        startToolCalls(open, recordedOutputs);
        return;
    }
    if (!prompt.isEmpty()) {
        m_turn = 0;
        appendUserMessage(prompt);
        nextTurn();
        return;
    }
    const QJsonObject last = m_history.isEmpty() ? QJsonObject{} : m_history.last().toObject();
    if (last.value(QStringLiteral("type")).toString() == QLatin1String("message") &&
        last.value(QStringLiteral("role")).toString() == QLatin1String("assistant")) {
        finish(RunStatus::Done, messageText(last));
        return;
    }
    nextTurn(); // the last step was a user message or a round of tool outputs
}

void Runner::nextTurn()
{
    if (m_cancelled) {
        finish(RunStatus::Cancelled, {}, Error{ErrorCode::Cancelled, QStringLiteral("the run was cancelled"), {}});
        return;
    }
    if (m_turn >= m_config.maxTurns) {
        finish(RunStatus::MaxTurns, {},
               Error{ErrorCode::InvalidInput, QStringLiteral("max turns (%1) reached").arg(m_config.maxTurns), {}});
        return;
    }
    ++m_turn;
    const ModelRequest request = buildRequest();
    QJsonArray toolNames;
    for (const QJsonValue &t : request.tools) {
        const QJsonObject o = t.toObject();
        toolNames.append(o.value(QStringLiteral("name")).toString(o.value(QStringLiteral("type")).toString()));
    }
    emitEvent(RunEvent::Kind::ModelRequest, {{QStringLiteral("model"), request.model},
                                             {QStringLiteral("input_items"), request.input.size()},
                                             {QStringLiteral("tools"), toolNames}});
    ModelCall *call = m_model->start(request, this);
    m_call = call;
    connect(call, &ModelCall::streamEvent, this, &Runner::onStreamEvent);
    connect(call, &ModelCall::finished, this, [this, call](const Result<ModelResponse> &r) {
        call->deleteLater();
        if (m_call == call) {
            m_call = nullptr;
            onModelFinished(r);
        }
    });
}

void Runner::onStreamEvent(const ModelStreamEvent &event)
{
    switch (event.kind) {
    case ModelStreamEvent::TextDelta:
        emitEvent(RunEvent::Kind::TextDelta,
                  {{QStringLiteral("item_id"), event.itemId}, {QStringLiteral("delta"), event.delta}});
        break;
    case ModelStreamEvent::ReasoningSummaryDelta:
        emitEvent(RunEvent::Kind::ReasoningDelta,
                  {{QStringLiteral("item_id"), event.itemId}, {QStringLiteral("delta"), event.delta}});
        break;
    case ModelStreamEvent::FunctionArgumentsDelta:
    case ModelStreamEvent::CustomToolInputDelta:
    case ModelStreamEvent::ApplyPatchDiffDelta:
        emitEvent(RunEvent::Kind::ToolCallDelta,
                  {{QStringLiteral("item_id"), event.itemId}, {QStringLiteral("delta"), event.delta}});
        break;
    default:
        break;
    }
}

void Runner::onModelFinished(const Result<ModelResponse> &result)
{
    if (m_cancelled) {
        finish(RunStatus::Cancelled, {}, Error{ErrorCode::Cancelled, QStringLiteral("the run was cancelled"), {}});
        return;
    }
    if (!result) {
        finish(result.error().code == ErrorCode::Cancelled ? RunStatus::Cancelled : RunStatus::Failed, {},
               result.error());
        return;
    }
    const ModelResponse &response = *result;
    m_usage += response.usage;
    QJsonObject usage = usageJson(response.usage);
    usage.insert(QStringLiteral("total"), usageJson(m_usage));
    emitEvent(RunEvent::Kind::Usage, usage);

    QList<PendingCall> calls;
    QString lastText;
    QJsonArray appended;
    for (const QJsonValue &v : response.output) {
        QJsonObject item = v.toObject();
        item.remove(QStringLiteral("created_by"));
        m_history.append(item);
        appended.append(item);
    }
    noteResponse(response.id);
    Q_EMIT itemsAppended(appended);
    for (const QJsonValue &v : std::as_const(appended)) {
        const QJsonObject item = v.toObject();
        const QString type = item.value(QStringLiteral("type")).toString();
        if (type == QLatin1String("message")) {
            lastText = messageText(item);
            emitEvent(RunEvent::Kind::MessageOutput,
                      {{QStringLiteral("item_id"), item.value(QStringLiteral("id")).toString()},
                       {QStringLiteral("text"), lastText}});
            continue;
        }
        QString parseError;
        if (std::optional<ToolCall> call = toolCallFromItem(item, &parseError)) {
            // A parse error is reported to the model as this call's output, like the SDKs do.
            if (!parseError.isEmpty() && call->name.isEmpty()) {
                call->name = QStringLiteral("?");
            }
            PendingCall pending;
            pending.call = *call;
            pending.parseError = parseError;
            calls.append(pending);
        }
    }
    if (calls.isEmpty()) {
        finish(RunStatus::Done, lastText);
        return;
    }
    startToolCalls(calls);
}

void Runner::cancel()
{
    if (!m_running) {
        return;
    }
    m_cancelled = true;
    ++m_generation;
    for (const PendingCall &p : std::as_const(m_pending)) {
        if (p.tool && p.started && !p.output) {
            p.tool->cancel();
        }
    }
    if (m_call) {
        m_call->cancel();
        return; // onModelFinished reports Cancelled
    }
    finish(RunStatus::Cancelled, {}, Error{ErrorCode::Cancelled, QStringLiteral("the run was cancelled"), {}});
}

void Runner::finish(RunStatus status, const QString &finalOutput, const Error &error)
{
    if (!m_running) {
        return;
    }
    m_running = false;
    ++m_generation;
    m_pending.clear();
    RunOutcome outcome;
    outcome.status = status;
    outcome.finalOutput = finalOutput;
    outcome.error = error;
    outcome.usage = m_usage;
    outcome.turns = m_turn;
    QJsonObject data{{QStringLiteral("status"), runStatusName(status)},
                     {QStringLiteral("final_output"), finalOutput},
                     {QStringLiteral("turns"), m_turn},
                     {QStringLiteral("usage"), usageJson(m_usage)}};
    if (status != RunStatus::Done) {
        data.insert(QStringLiteral("error"), error.toString());
        data.insert(QStringLiteral("error_code"), errorCodeName(error.code));
    }
    emitEvent(RunEvent::Kind::RunFinished, data);
    Q_EMIT finished(outcome);
}

} // namespace Sandcastle::Core
