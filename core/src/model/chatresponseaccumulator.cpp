// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatresponseaccumulator_p.h"

#include "httpmodelcall_p.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Sandcastle::Core::Internal {

namespace {

ModelStreamEvent deltaEvent(ModelStreamEvent::Kind kind, const QString &itemId, int outputIndex, const QString &delta,
                            const QJsonObject &raw)
{
    ModelStreamEvent e;
    e.kind = kind;
    e.itemId = itemId;
    e.outputIndex = outputIndex;
    e.delta = delta;
    e.raw = raw;
    return e;
}

} // namespace

ChatResponseAccumulator::ChatResponseAccumulator(QSet<QString> customTools)
    : m_customTools(std::move(customTools))
{}

ModelStreamEvent ChatResponseAccumulator::added(int outputIndex, const QJsonObject &stub, const QJsonObject &raw) const
{
    ModelStreamEvent e;
    e.kind = ModelStreamEvent::OutputItemAdded;
    e.outputIndex = outputIndex;
    e.item = stub;
    e.itemId = stub.value(QLatin1StringView("id")).toString();
    e.raw = raw;
    return e;
}

Result<QList<ModelStreamEvent>> ChatResponseAccumulator::addChunk(const QByteArray &data)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &pe);
    if (!doc.isObject()) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("chat chunk %1 is not a JSON object: %2").arg(m_chunks + 1).arg(pe.errorString()),
                    QString::fromUtf8(data.left(200)));
    }
    const QJsonObject chunk = doc.object();
    if (chunk.contains(QLatin1StringView("error"))) {
        const Error e = providerHttpError(200, data);
        return std::unexpected(Error{ErrorCode::Provider, e.message, QStringLiteral("error in the chat stream")});
    }
    ++m_chunks;
    QList<ModelStreamEvent> events;
    if (m_id.isEmpty()) {
        m_id = chunk.value(QLatin1StringView("id")).toString(QStringLiteral("chatcmpl"));
        m_model = chunk.value(QLatin1StringView("model")).toString();
        ModelStreamEvent created;
        created.kind = ModelStreamEvent::Created;
        created.raw = chunk;
        events << created;
    }
    if (chunk.value(QLatin1StringView("usage")).isObject()) {
        m_usage = chunk.value(QLatin1StringView("usage")).toObject();
    }
    const QJsonArray choices = chunk.value(QLatin1StringView("choices")).toArray();
    if (choices.isEmpty()) {
        return events;
    }
    const QJsonObject choice = choices.at(0).toObject();
    const QString finish = choice.value(QLatin1StringView("finish_reason")).toString();
    if (!finish.isEmpty()) {
        m_finishReason = finish;
    }
    const QJsonObject delta = choice.contains(QLatin1StringView("message"))
                                  ? choice.value(QLatin1StringView("message")).toObject()
                                  : choice.value(QLatin1StringView("delta")).toObject();

    QString reasoning = delta.value(QLatin1StringView("reasoning_content")).toString();
    if (reasoning.isEmpty()) {
        reasoning = delta.value(QLatin1StringView("reasoning")).toString();
    }
    if (!reasoning.isEmpty()) {
        if (m_reasoningIndex < 0) {
            m_reasoningIndex = m_nextIndex++;
            events << added(m_reasoningIndex,
                            QJsonObject{{QStringLiteral("type"), QStringLiteral("reasoning")},
                                        {QStringLiteral("id"), QString(QStringLiteral("rs_") + m_id)},
                                        {QStringLiteral("summary"), QJsonArray()}},
                            chunk);
        }
        m_reasoning += reasoning;
        events << deltaEvent(ModelStreamEvent::ReasoningSummaryDelta, QString(QStringLiteral("rs_") + m_id),
                             m_reasoningIndex, reasoning, chunk);
    }
    const QString content = delta.value(QLatin1StringView("content")).toString();
    if (!content.isEmpty()) {
        if (m_textIndex < 0) {
            m_textIndex = m_nextIndex++;
            events << added(m_textIndex,
                            QJsonObject{{QStringLiteral("type"), QStringLiteral("message")},
                                        {QStringLiteral("id"), QString(QStringLiteral("msg_") + m_id)},
                                        {QStringLiteral("role"), QStringLiteral("assistant")},
                                        {QStringLiteral("status"), QStringLiteral("in_progress")},
                                        {QStringLiteral("content"), QJsonArray()}},
                            chunk);
        }
        m_text += content;
        events << deltaEvent(ModelStreamEvent::TextDelta, QString(QStringLiteral("msg_") + m_id), m_textIndex, content,
                             chunk);
    }
    const QJsonArray toolCalls = delta.value(QLatin1StringView("tool_calls")).toArray();
    for (qsizetype i = 0; i < toolCalls.size(); ++i) {
        const QJsonObject tc = toolCalls.at(i).toObject();
        const int index = tc.value(QLatin1StringView("index")).toInt(static_cast<int>(i));
        ToolCall &call = m_toolCalls[index];
        if (tc.value(QLatin1StringView("type")).toString() == QLatin1StringView("custom") ||
            tc.value(QLatin1StringView("custom")).isObject()) {
            call.custom = true;
        }
        const QJsonObject fn =
            tc.value(call.custom ? QLatin1StringView("custom") : QLatin1StringView("function")).toObject();
        if (call.outputIndex < 0) {
            call.outputIndex = m_nextIndex++;
        }
        if (call.id.isEmpty()) {
            call.id = tc.value(QLatin1StringView("id")).toString();
        }
        call.name += fn.value(QLatin1StringView("name")).toString();
        const QString args =
            fn.value(call.custom ? QLatin1StringView("input") : QLatin1StringView("arguments")).toString();
        call.arguments += args;
        if (!args.isEmpty() && (call.custom || !m_customTools.contains(call.name))) {
            events << deltaEvent(
                call.custom ? ModelStreamEvent::CustomToolInputDelta : ModelStreamEvent::FunctionArgumentsDelta,
                (call.custom ? QStringLiteral("ctc_%1_%2") : QStringLiteral("fc_%1_%2")).arg(m_id).arg(index),
                call.outputIndex, args, chunk);
        }
    }
    return events;
}

QJsonArray ChatResponseAccumulator::outputItems() const
{
    QMap<int, QJsonObject> byIndex;
    if (m_reasoningIndex >= 0) {
        byIndex.insert(m_reasoningIndex,
                       QJsonObject{{QStringLiteral("type"), QStringLiteral("reasoning")},
                                   {QStringLiteral("id"), QString(QStringLiteral("rs_") + m_id)},
                                   {QStringLiteral("summary"),
                                    QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("summary_text")},
                                                           {QStringLiteral("text"), m_reasoning}}}}});
    }
    if (m_textIndex >= 0) {
        byIndex.insert(m_textIndex,
                       QJsonObject{{QStringLiteral("type"), QStringLiteral("message")},
                                   {QStringLiteral("id"), QString(QStringLiteral("msg_") + m_id)},
                                   {QStringLiteral("role"), QStringLiteral("assistant")},
                                   {QStringLiteral("status"), QStringLiteral("completed")},
                                   {QStringLiteral("content"),
                                    QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("output_text")},
                                                           {QStringLiteral("text"), m_text},
                                                           {QStringLiteral("annotations"), QJsonArray()}}}}});
    }
    for (auto it = m_toolCalls.cbegin(); it != m_toolCalls.cend(); ++it) {
        const ToolCall &call = it.value();
        const QString callId = call.id.isEmpty() ? QStringLiteral("call_%1_%2").arg(m_id).arg(it.key()) : call.id;
        const bool custom = call.custom || m_customTools.contains(call.name);
        QJsonObject item{
            {QStringLiteral("type"), custom ? QStringLiteral("custom_tool_call") : QStringLiteral("function_call")},
            {QStringLiteral("id"),
             (custom ? QStringLiteral("ctc_%1_%2") : QStringLiteral("fc_%1_%2")).arg(m_id).arg(it.key())},
            {QStringLiteral("call_id"), callId},
            {QStringLiteral("name"), call.name},
            {QStringLiteral("status"), QStringLiteral("completed")}};
        if (custom) {
            // The function-tool wrapper {"input": "..."}; a model that sent the raw text is accepted too.
            const QJsonObject args =
                call.custom ? QJsonObject() : QJsonDocument::fromJson(call.arguments.toUtf8()).object();
            const QJsonValue input = args.value(QLatin1StringView("input"));
            item.insert(QStringLiteral("input"), input.isString() ? input.toString() : call.arguments);
        } else {
            item.insert(QStringLiteral("arguments"), call.arguments.isEmpty() ? QStringLiteral("{}") : call.arguments);
        }
        byIndex.insert(call.outputIndex, item);
    }
    QJsonArray out;
    for (const QJsonObject &item : std::as_const(byIndex)) {
        out.append(item);
    }
    return out;
}

QList<ModelStreamEvent> ChatResponseAccumulator::itemsDoneEvents() const
{
    QList<ModelStreamEvent> events;
    int index = 0;
    for (const QJsonValue &v : outputItems()) {
        ModelStreamEvent e;
        e.kind = ModelStreamEvent::OutputItemDone;
        e.item = v.toObject();
        e.itemId = e.item.value(QLatin1StringView("id")).toString();
        e.outputIndex = index++;
        events << e;
    }
    return events;
}

Result<ModelResponse> ChatResponseAccumulator::result() const
{
    if (!hasEnd()) {
        return fail(ErrorCode::Network, QStringLiteral("chat stream closed before the final chunk"),
                    QStringLiteral("after %1 chunks, no finish_reason and no [DONE]").arg(m_chunks));
    }
    if (m_finishReason == QLatin1StringView("length") || m_finishReason == QLatin1StringView("content_filter")) {
        return fail(
            ErrorCode::Provider,
            QStringLiteral("Incomplete response returned, reason: ") +
                (m_finishReason == QLatin1StringView("length") ? QStringLiteral("max_output_tokens") : m_finishReason),
            QStringLiteral("chat finish_reason ") + m_finishReason);
    }
    ModelResponse r;
    r.id = m_id;
    r.status = QStringLiteral("completed");
    r.output = outputItems();
    r.usage = ModelUsage::fromJson(m_usage);
    r.raw = QJsonObject{{QStringLiteral("id"), m_id},           {QStringLiteral("object"), QStringLiteral("response")},
                        {QStringLiteral("model"), m_model},     {QStringLiteral("status"), r.status},
                        {QStringLiteral("output"), r.output},   {QStringLiteral("usage"), r.usage.toJson()},
                        {QStringLiteral("chat_usage"), m_usage}};
    return r;
}

} // namespace Sandcastle::Core::Internal
