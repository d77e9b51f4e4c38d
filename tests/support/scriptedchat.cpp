// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Chat Completions rendering of a ScriptedTurn.
#include "scriptedrender.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace Sandcastle::Test {

using namespace Internal;

namespace {

QJsonObject chatChunk(const QString &id, qint64 created, const QString &model, const QJsonObject &delta,
                      const QJsonValue &finishReason = QJsonValue(QJsonValue::Null))
{
    const QJsonObject choice{{QStringLiteral("index"), 0},
                             {QStringLiteral("delta"), delta},
                             {QStringLiteral("logprobs"), QJsonValue(QJsonValue::Null)},
                             {QStringLiteral("finish_reason"), finishReason}};
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
                       {QStringLiteral("created"), created},
                       {QStringLiteral("model"), model},
                       {QStringLiteral("system_fingerprint"), QJsonValue(QJsonValue::Null)},
                       {QStringLiteral("choices"), QJsonArray{choice}}};
}

QJsonObject chatUsage(const QJsonObject &usage)
{
    const int in = usage.value(QLatin1String("input_tokens")).toInt();
    const int out = usage.value(QLatin1String("output_tokens")).toInt();
    return QJsonObject{{QStringLiteral("prompt_tokens"), in},
                       {QStringLiteral("completion_tokens"), out},
                       {QStringLiteral("total_tokens"), usage.value(QLatin1String("total_tokens")).toInt(in + out)}};
}

QString finishReasonFor(const ScriptedTurn &turn, bool hasToolCalls)
{
    if (turn.terminal == QLatin1String("incomplete")) {
        return turn.incompleteReason == QLatin1String("content_filter") ? QStringLiteral("content_filter")
                                                                        : QStringLiteral("length");
    }
    return hasToolCalls ? QStringLiteral("tool_calls") : QStringLiteral("stop");
}
} // namespace

QList<QByteArray> chatCompletionStreamChunks(const ScriptedTurn &turn, const QJsonObject &request,
                                             const QString &completionId)
{
    QJsonArray output;
    for (const QJsonValue &v : turn.outputItems) {
        output.append(normalizeOutputItem(v.toObject()));
    }
    const qint64 created = QDateTime::currentSecsSinceEpoch();
    const QString model = modelOf(request);
    QList<QByteArray> chunks;
    auto add = [&](const QJsonObject &chunk) { chunks.append("data: " + compact(chunk) + "\n\n"); };
    add(chatChunk(completionId, created, model,
                  {{QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("content"), QString()}}));
    int toolIndex = 0;
    for (const QJsonValue &v : output) {
        const QJsonObject item = v.toObject();
        const QString type = item.value(QLatin1String("type")).toString();
        if (type == QLatin1String("message")) {
            for (const QString &piece : splitDeltas(itemText(item))) {
                add(chatChunk(completionId, created, model, {{QStringLiteral("content"), piece}}));
            }
        } else if (type == QLatin1String("function_call") || type == QLatin1String("custom_tool_call")) {
            const bool custom = type == QLatin1String("custom_tool_call");
            const QString kind = custom ? QStringLiteral("custom") : QStringLiteral("function");
            const QString argKey = custom ? QStringLiteral("input") : QStringLiteral("arguments");
            const QJsonObject first{
                {QStringLiteral("index"), toolIndex},
                {QStringLiteral("id"), item.value(QLatin1String("call_id"))},
                {QStringLiteral("type"), kind},
                {kind, QJsonObject{{QStringLiteral("name"), item.value(QLatin1String("name"))}, {argKey, QString()}}}};
            add(chatChunk(completionId, created, model, {{QStringLiteral("tool_calls"), QJsonArray{first}}}));
            for (const QString &piece : splitDeltas(itemText(item))) {
                const QJsonObject frag{{QStringLiteral("index"), toolIndex}, {kind, QJsonObject{{argKey, piece}}}};
                add(chatChunk(completionId, created, model, {{QStringLiteral("tool_calls"), QJsonArray{frag}}}));
            }
            ++toolIndex;
        }
    }
    if (turn.terminal == QLatin1String("failed") || turn.terminal == QLatin1String("error")) {
        const QJsonObject e = turnError(turn);
        chunks.append("data: " +
                      errorJson(e.value(QLatin1String("message")).toString(), QStringLiteral("server_error"),
                                e.value(QLatin1String("code")).toString()) +
                      "\n\n");
        return chunks;
    }
    add(chatChunk(completionId, created, model, {}, finishReasonFor(turn, toolIndex > 0)));
    QJsonObject usageChunk = chatChunk(completionId, created, model, {});
    usageChunk.insert(QStringLiteral("choices"), QJsonArray());
    usageChunk.insert(QStringLiteral("usage"),
                      chatUsage(turn.usage.isEmpty() ? defaultUsage(request, output) : turn.usage));
    add(usageChunk);
    chunks.append("data: [DONE]\n\n");
    return chunks;
}

QJsonObject chatCompletionObject(const ScriptedTurn &turn, const QJsonObject &request, const QString &completionId)
{
    QJsonArray output;
    for (const QJsonValue &v : turn.outputItems) {
        output.append(normalizeOutputItem(v.toObject()));
    }
    QString content;
    bool hasContent = false;
    QJsonArray toolCalls;
    for (const QJsonValue &v : output) {
        const QJsonObject item = v.toObject();
        const QString type = item.value(QLatin1String("type")).toString();
        if (type == QLatin1String("message")) {
            content += itemText(item);
            hasContent = true;
        } else if (type == QLatin1String("function_call") || type == QLatin1String("custom_tool_call")) {
            const bool custom = type == QLatin1String("custom_tool_call");
            const QString kind = custom ? QStringLiteral("custom") : QStringLiteral("function");
            toolCalls.append(QJsonObject{
                {QStringLiteral("id"), item.value(QLatin1String("call_id"))},
                {QStringLiteral("type"), kind},
                {kind, QJsonObject{{QStringLiteral("name"), item.value(QLatin1String("name"))},
                                   {custom ? QStringLiteral("input") : QStringLiteral("arguments"), itemText(item)}}}});
        }
    }
    QJsonObject message{{QStringLiteral("role"), QStringLiteral("assistant")},
                        {QStringLiteral("content"), hasContent ? QJsonValue(content) : QJsonValue(QJsonValue::Null)},
                        {QStringLiteral("refusal"), QJsonValue(QJsonValue::Null)}};
    if (!toolCalls.isEmpty()) {
        message.insert(QStringLiteral("tool_calls"), toolCalls);
    }
    const QJsonObject choice{{QStringLiteral("index"), 0},
                             {QStringLiteral("message"), message},
                             {QStringLiteral("logprobs"), QJsonValue(QJsonValue::Null)},
                             {QStringLiteral("finish_reason"), finishReasonFor(turn, !toolCalls.isEmpty())}};
    return QJsonObject{
        {QStringLiteral("id"), completionId},
        {QStringLiteral("object"), QStringLiteral("chat.completion")},
        {QStringLiteral("created"), QDateTime::currentSecsSinceEpoch()},
        {QStringLiteral("model"), modelOf(request)},
        {QStringLiteral("system_fingerprint"), QJsonValue(QJsonValue::Null)},
        {QStringLiteral("choices"), QJsonArray{choice}},
        {QStringLiteral("usage"), chatUsage(turn.usage.isEmpty() ? defaultUsage(request, output) : turn.usage)}};
}
} // namespace Sandcastle::Test
