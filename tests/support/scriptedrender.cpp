// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "scriptedrender.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <atomic>

namespace Sandcastle::Test {

namespace Internal {

QString freshId(const char *prefix)
{
    static std::atomic<int> counter{0};
    const int n = ++counter;
    return QLatin1String(prefix) + QStringLiteral("_scripted%1").arg(n, 6, 10, QLatin1Char('0'));
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QString itemText(const QJsonObject &item)
{
    // The streamed, size-relevant payload of an item.
    const QString type = item.value(QLatin1String("type")).toString();
    if (type == QLatin1String("message")) {
        QString text;
        for (const QJsonValue &part : item.value(QLatin1String("content")).toArray()) {
            text += part.toObject().value(QLatin1String("text")).toString();
            text += part.toObject().value(QLatin1String("refusal")).toString();
        }
        return text;
    }
    if (type == QLatin1String("function_call")) {
        return item.value(QLatin1String("arguments")).toString();
    }
    if (type == QLatin1String("custom_tool_call")) {
        return item.value(QLatin1String("input")).toString();
    }
    if (type == QLatin1String("apply_patch_call")) {
        return item.value(QLatin1String("operation")).toObject().value(QLatin1String("diff")).toString();
    }
    return QString::fromUtf8(compact(item));
}

QJsonObject outputTextPart(const QString &text)
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("output_text")},
                       {QStringLiteral("annotations"), QJsonArray()},
                       {QStringLiteral("logprobs"), QJsonArray()},
                       {QStringLiteral("text"), text}};
}

QString modelOf(const QJsonObject &request)
{
    const QString m = request.value(QLatin1String("model")).toString();
    return m.isEmpty() ? QStringLiteral("scripted-model") : m;
}

QJsonObject turnError(const ScriptedTurn &turn)
{
    QJsonObject e = turn.error;
    if (!e.contains(QLatin1String("code"))) {
        e.insert(QStringLiteral("code"), QStringLiteral("server_error"));
    }
    if (!e.contains(QLatin1String("message"))) {
        e.insert(QStringLiteral("message"), QStringLiteral("The scripted model turn failed."));
    }
    return e;
}
} // namespace Internal

using namespace Internal;

namespace {

QJsonValue orNull(const QJsonObject &request, const QString &key)
{
    return request.contains(key) ? request.value(key) : QJsonValue(QJsonValue::Null);
}

int approxTokens(qsizetype chars)
{
    return int(qMax<qsizetype>(1, (chars + 3) / 4));
}
} // namespace

QJsonObject normalizeOutputItem(const QJsonObject &in)
{
    QJsonObject item = in;
    const QString type = item.value(QLatin1String("type")).toString();
    auto fill = [&item](const char *key, const QJsonValue &value) {
        if (!item.contains(QLatin1String(key))) {
            item.insert(QLatin1String(key), value);
        }
    };
    if (type == QLatin1String("message")) {
        fill("id", freshId("msg"));
        if (item.contains(QLatin1String("text")) && !item.contains(QLatin1String("content"))) {
            item.insert(QStringLiteral("content"),
                        QJsonArray{outputTextPart(item.value(QLatin1String("text")).toString())});
        }
        item.remove(QStringLiteral("text"));
        fill("role", QStringLiteral("assistant"));
        fill("content", QJsonArray());
    } else if (type == QLatin1String("function_call")) {
        fill("id", freshId("fc"));
        fill("call_id", freshId("call"));
        const QJsonValue args = item.value(QLatin1String("arguments"));
        if (args.isObject()) {
            item.insert(QStringLiteral("arguments"), QString::fromUtf8(compact(args.toObject())));
        }
        fill("arguments", QStringLiteral("{}"));
    } else if (type == QLatin1String("custom_tool_call")) {
        fill("id", freshId("ctc"));
        fill("call_id", freshId("call"));
        fill("input", QString());
    } else if (type == QLatin1String("apply_patch_call")) {
        fill("id", freshId("apc"));
        fill("call_id", freshId("call"));
    } else if (type == QLatin1String("reasoning")) {
        fill("id", freshId("rs"));
        const QJsonValue summary = item.value(QLatin1String("summary"));
        if (summary.isString()) {
            QJsonArray parts;
            if (!summary.toString().isEmpty()) {
                parts.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("summary_text")},
                                         {QStringLiteral("text"), summary.toString()}});
            }
            item.insert(QStringLiteral("summary"), parts);
        }
        fill("summary", QJsonArray());
        return item; // real reasoning items often carry no status
    } else {
        fill("id", freshId("item"));
    }
    fill("status", QStringLiteral("completed"));
    return item;
}

QStringList splitDeltas(const QString &text)
{
    QStringList pieces;
    const qsizetype size = std::clamp<qsizetype>(text.size() / 4, 1, 24);
    qsizetype pos = 0;
    while (pos < text.size()) {
        qsizetype len = qMin(size, text.size() - pos);
        if (pos + len < text.size() && text.at(pos + len - 1).isHighSurrogate()) {
            ++len;
        }
        pieces.append(text.mid(pos, len));
        pos += len;
    }
    return pieces;
}

QJsonObject defaultUsage(const QJsonObject &request, const QJsonArray &output)
{
    const int input = approxTokens(compact(request).size());
    int out = 0;
    int reasoning = 0;
    for (const QJsonValue &v : output) {
        const QJsonObject item = v.toObject();
        if (item.value(QLatin1String("type")).toString() == QLatin1String("reasoning")) {
            reasoning += approxTokens(itemText(item).size());
        } else {
            out += approxTokens(itemText(item).size());
        }
    }
    out += reasoning;
    return QJsonObject{
        {QStringLiteral("input_tokens"), input},
        {QStringLiteral("input_tokens_details"), QJsonObject{{QStringLiteral("cached_tokens"), 0}}},
        {QStringLiteral("output_tokens"), out},
        {QStringLiteral("output_tokens_details"), QJsonObject{{QStringLiteral("reasoning_tokens"), reasoning}}},
        {QStringLiteral("total_tokens"), input + out}};
}

QJsonObject responseObject(const ScriptedTurn &turn, const QJsonObject &request, const QString &responseId,
                           const QJsonArray &normalizedOutput)
{
    QString status = QStringLiteral("completed");
    QJsonValue error(QJsonValue::Null);
    QJsonValue incomplete(QJsonValue::Null);
    if (turn.terminal == QLatin1String("failed") || turn.terminal == QLatin1String("error")) {
        status = QStringLiteral("failed");
        QJsonObject e = turnError(turn);
        error = QJsonObject{{QStringLiteral("code"), e.value(QLatin1String("code"))},
                            {QStringLiteral("message"), e.value(QLatin1String("message"))}};
    } else if (turn.terminal == QLatin1String("incomplete")) {
        status = QStringLiteral("incomplete");
        incomplete =
            QJsonObject{{QStringLiteral("reason"), turn.incompleteReason.isEmpty() ? QStringLiteral("max_output_tokens")
                                                                                   : turn.incompleteReason}};
    }
    const bool failed = status == QLatin1String("failed");
    const QJsonObject usage = turn.usage.isEmpty() ? defaultUsage(request, normalizedOutput) : turn.usage;
    return QJsonObject{
        {QStringLiteral("id"), responseId},
        {QStringLiteral("object"), QStringLiteral("response")},
        {QStringLiteral("created_at"), QDateTime::currentSecsSinceEpoch()},
        {QStringLiteral("status"), status},
        {QStringLiteral("background"), false},
        {QStringLiteral("error"), error},
        {QStringLiteral("incomplete_details"), incomplete},
        {QStringLiteral("instructions"), orNull(request, QStringLiteral("instructions"))},
        {QStringLiteral("max_output_tokens"), orNull(request, QStringLiteral("max_output_tokens"))},
        {QStringLiteral("model"), modelOf(request)},
        {QStringLiteral("output"), normalizedOutput},
        {QStringLiteral("parallel_tool_calls"), request.value(QLatin1String("parallel_tool_calls")).toBool(true)},
        {QStringLiteral("previous_response_id"), orNull(request, QStringLiteral("previous_response_id"))},
        {QStringLiteral("reasoning"), request.contains(QLatin1String("reasoning"))
                                          ? request.value(QLatin1String("reasoning"))
                                          : QJsonObject{{QStringLiteral("effort"), QJsonValue(QJsonValue::Null)},
                                                        {QStringLiteral("summary"), QJsonValue(QJsonValue::Null)}}},
        {QStringLiteral("store"), request.value(QLatin1String("store")).toBool(true)},
        {QStringLiteral("temperature"), request.value(QLatin1String("temperature")).toDouble(1)},
        {QStringLiteral("text"),
         request.contains(QLatin1String("text"))
             ? request.value(QLatin1String("text"))
             : QJsonObject{{QStringLiteral("format"), QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}}}}},
        {QStringLiteral("tool_choice"), request.contains(QLatin1String("tool_choice"))
                                            ? request.value(QLatin1String("tool_choice"))
                                            : QJsonValue(QStringLiteral("auto"))},
        {QStringLiteral("tools"), request.value(QLatin1String("tools")).toArray()},
        {QStringLiteral("top_p"), request.value(QLatin1String("top_p")).toDouble(1)},
        {QStringLiteral("truncation"), QStringLiteral("disabled")},
        {QStringLiteral("usage"), failed ? QJsonValue(QJsonValue::Null) : QJsonValue(usage)},
        {QStringLiteral("user"), QJsonValue(QJsonValue::Null)},
        {QStringLiteral("metadata"), request.value(QLatin1String("metadata")).toObject()},
    };
}

QList<QJsonObject> responsesStreamEvents(const ScriptedTurn &turn, const QJsonObject &request,
                                         const QString &responseId)
{
    QJsonArray output;
    for (const QJsonValue &v : turn.outputItems) {
        output.append(normalizeOutputItem(v.toObject()));
    }
    const QJsonObject finalResponse = responseObject(turn, request, responseId, output);
    QJsonObject initial = finalResponse;
    initial.insert(QStringLiteral("status"), QStringLiteral("in_progress"));
    initial.insert(QStringLiteral("output"), QJsonArray());
    initial.insert(QStringLiteral("usage"), QJsonValue(QJsonValue::Null));
    initial.insert(QStringLiteral("error"), QJsonValue(QJsonValue::Null));
    initial.insert(QStringLiteral("incomplete_details"), QJsonValue(QJsonValue::Null));

    QList<QJsonObject> events;
    auto add = [&events](const char *type, QJsonObject fields) {
        fields.insert(QStringLiteral("type"), QLatin1String(type));
        fields.insert(QStringLiteral("sequence_number"), int(events.size()));
        events.append(fields);
    };
    add("response.created", {{QStringLiteral("response"), initial}});
    add("response.in_progress", {{QStringLiteral("response"), initial}});

    for (qsizetype index = 0; index < output.size(); ++index) {
        const QJsonObject item = output.at(index).toObject();
        const QString type = item.value(QLatin1String("type")).toString();
        const QJsonValue itemId = item.value(QLatin1String("id"));
        const int oi = int(index);
        auto at = [&](QJsonObject fields) {
            fields.insert(QStringLiteral("item_id"), itemId);
            fields.insert(QStringLiteral("output_index"), oi);
            return fields;
        };
        QJsonObject stub = item;
        if (stub.contains(QLatin1String("status"))) {
            stub.insert(QStringLiteral("status"), QStringLiteral("in_progress"));
        }
        if (type == QLatin1String("message")) {
            stub.insert(QStringLiteral("content"), QJsonArray());
        } else if (type == QLatin1String("function_call")) {
            stub.insert(QStringLiteral("arguments"), QString());
        } else if (type == QLatin1String("custom_tool_call")) {
            stub.insert(QStringLiteral("input"), QString());
        } else if (type == QLatin1String("apply_patch_call")) {
            QJsonObject op = item.value(QLatin1String("operation")).toObject();
            if (op.contains(QLatin1String("diff"))) {
                op.insert(QStringLiteral("diff"), QString());
            }
            stub.insert(QStringLiteral("operation"), op);
        } else if (type == QLatin1String("reasoning")) {
            stub.insert(QStringLiteral("summary"), QJsonArray());
            if (stub.contains(QLatin1String("content"))) {
                stub.insert(QStringLiteral("content"), QJsonArray());
            }
        }
        add("response.output_item.added", {{QStringLiteral("output_index"), oi}, {QStringLiteral("item"), stub}});

        if (type == QLatin1String("message")) {
            const QJsonArray content = item.value(QLatin1String("content")).toArray();
            for (qsizetype ci = 0; ci < content.size(); ++ci) {
                const QJsonObject part = content.at(ci).toObject();
                const bool refusal = part.value(QLatin1String("type")).toString() == QLatin1String("refusal");
                const QString key = refusal ? QStringLiteral("refusal") : QStringLiteral("text");
                const QString text = part.value(key).toString();
                QJsonObject emptyPart = part;
                emptyPart.insert(key, QString());
                auto withCi = [&](QJsonObject f) {
                    f.insert(QStringLiteral("content_index"), int(ci));
                    return at(f);
                };
                add("response.content_part.added", withCi({{QStringLiteral("part"), emptyPart}}));
                for (const QString &piece : splitDeltas(text)) {
                    QJsonObject delta{{QStringLiteral("delta"), piece}};
                    if (!refusal) {
                        delta.insert(QStringLiteral("logprobs"), QJsonArray());
                    }
                    add(refusal ? "response.refusal.delta" : "response.output_text.delta", withCi(delta));
                }
                QJsonObject done{{key, text}};
                if (!refusal) {
                    done.insert(QStringLiteral("logprobs"), QJsonArray());
                }
                add(refusal ? "response.refusal.done" : "response.output_text.done", withCi(done));
                add("response.content_part.done", withCi({{QStringLiteral("part"), part}}));
            }
        } else if (type == QLatin1String("function_call")) {
            const QString args = item.value(QLatin1String("arguments")).toString();
            for (const QString &piece : splitDeltas(args)) {
                add("response.function_call_arguments.delta", at({{QStringLiteral("delta"), piece}}));
            }
            add("response.function_call_arguments.done",
                at({{QStringLiteral("arguments"), args}, {QStringLiteral("name"), item.value(QLatin1String("name"))}}));
        } else if (type == QLatin1String("custom_tool_call")) {
            const QString input = item.value(QLatin1String("input")).toString();
            for (const QString &piece : splitDeltas(input)) {
                add("response.custom_tool_call_input.delta", at({{QStringLiteral("delta"), piece}}));
            }
            add("response.custom_tool_call_input.done", at({{QStringLiteral("input"), input}}));
        } else if (type == QLatin1String("apply_patch_call")) {
            const QJsonObject op = item.value(QLatin1String("operation")).toObject();
            if (op.contains(QLatin1String("diff"))) {
                const QString diff = op.value(QLatin1String("diff")).toString();
                for (const QString &piece : splitDeltas(diff)) {
                    add("response.apply_patch_call_operation_diff.delta", at({{QStringLiteral("delta"), piece}}));
                }
                add("response.apply_patch_call_operation_diff.done", at({{QStringLiteral("diff"), diff}}));
            }
        } else if (type == QLatin1String("reasoning")) {
            const QJsonArray summary = item.value(QLatin1String("summary")).toArray();
            for (qsizetype si = 0; si < summary.size(); ++si) {
                const QJsonObject part = summary.at(si).toObject();
                const QString text = part.value(QLatin1String("text")).toString();
                auto withSi = [&](QJsonObject f) {
                    f.insert(QStringLiteral("summary_index"), int(si));
                    return at(f);
                };
                QJsonObject emptyPart = part;
                emptyPart.insert(QStringLiteral("text"), QString());
                add("response.reasoning_summary_part.added", withSi({{QStringLiteral("part"), emptyPart}}));
                for (const QString &piece : splitDeltas(text)) {
                    add("response.reasoning_summary_text.delta", withSi({{QStringLiteral("delta"), piece}}));
                }
                add("response.reasoning_summary_text.done", withSi({{QStringLiteral("text"), text}}));
                add("response.reasoning_summary_part.done", withSi({{QStringLiteral("part"), part}}));
            }
            const QJsonArray content = item.value(QLatin1String("content")).toArray();
            for (qsizetype ci = 0; ci < content.size(); ++ci) {
                const QString text = content.at(ci).toObject().value(QLatin1String("text")).toString();
                for (const QString &piece : splitDeltas(text)) {
                    add("response.reasoning_text.delta",
                        at({{QStringLiteral("content_index"), int(ci)}, {QStringLiteral("delta"), piece}}));
                }
                add("response.reasoning_text.done",
                    at({{QStringLiteral("content_index"), int(ci)}, {QStringLiteral("text"), text}}));
            }
        }
        add("response.output_item.done", {{QStringLiteral("output_index"), oi}, {QStringLiteral("item"), item}});
    }

    if (turn.terminal == QLatin1String("error")) {
        const QJsonObject e = turnError(turn);
        add("error",
            {{QStringLiteral("error"), QJsonObject{{QStringLiteral("type"), e.value(QLatin1String("code"))},
                                                   {QStringLiteral("code"), e.value(QLatin1String("code"))},
                                                   {QStringLiteral("message"), e.value(QLatin1String("message"))},
                                                   {QStringLiteral("param"), QJsonValue(QJsonValue::Null)}}}});
    }
    const QString status = finalResponse.value(QLatin1String("status")).toString();
    const char *terminalType = status == QLatin1String("failed")       ? "response.failed"
                               : status == QLatin1String("incomplete") ? "response.incomplete"
                                                                       : "response.completed";
    add(terminalType, {{QStringLiteral("response"), finalResponse}});
    return events;
}

QByteArray sseEventBytes(const QJsonObject &event)
{
    const QByteArray type = event.value(QLatin1String("type")).toString().toUtf8();
    QJsonObject rest = event;
    rest.remove(QStringLiteral("type"));
    // QJsonObject sorts keys; put "type" first as the recorded streams do.
    const QByteArray quotedType =
        QJsonDocument(QJsonArray{QString::fromUtf8(type)}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
    const QByteArray json = "{\"type\":" + quotedType + (rest.isEmpty() ? QByteArray("}") : "," + compact(rest).mid(1));
    return "event: " + type + "\ndata: " + json + "\n\n";
}

QList<QByteArray> splitSse(const QByteArray &raw)
{
    QList<QByteArray> events;
    qsizetype start = 0;
    qsizetype pos = 0;
    while (pos < raw.size()) {
        if (raw.at(pos) == '\n' && pos + 1 < raw.size() && raw.at(pos + 1) == '\n') {
            events.append(raw.mid(start, pos + 2 - start));
            start = pos = pos + 2;
        } else if (raw.mid(pos, 4) == "\r\n\r\n") {
            events.append(raw.mid(start, pos + 4 - start));
            start = pos = pos + 4;
        } else {
            ++pos;
        }
    }
    if (start < raw.size()) {
        events.append(raw.mid(start));
    }
    return events;
}

QByteArray errorJson(const QString &message, const QString &type, const QString &code)
{
    return compact(
        QJsonObject{{QStringLiteral("error"), QJsonObject{{QStringLiteral("message"), message},
                                                          {QStringLiteral("type"), type},
                                                          {QStringLiteral("param"), QJsonValue(QJsonValue::Null)},
                                                          {QStringLiteral("code"), code}}}});
}

QJsonObject messageItem(const QString &text, const QString &id)
{
    return QJsonObject{{QStringLiteral("id"), id.isEmpty() ? freshId("msg") : id},
                       {QStringLiteral("type"), QStringLiteral("message")},
                       {QStringLiteral("status"), QStringLiteral("completed")},
                       {QStringLiteral("content"), QJsonArray{outputTextPart(text)}},
                       {QStringLiteral("role"), QStringLiteral("assistant")}};
}

QJsonObject functionCallItem(const QString &name, const QJsonObject &arguments, const QString &callId)
{
    return QJsonObject{{QStringLiteral("id"), freshId("fc")},
                       {QStringLiteral("type"), QStringLiteral("function_call")},
                       {QStringLiteral("status"), QStringLiteral("completed")},
                       {QStringLiteral("arguments"), QString::fromUtf8(compact(arguments))},
                       {QStringLiteral("call_id"), callId.isEmpty() ? freshId("call") : callId},
                       {QStringLiteral("name"), name}};
}

QJsonObject customToolCallItem(const QString &name, const QString &input, const QString &callId)
{
    return QJsonObject{{QStringLiteral("id"), freshId("ctc")},
                       {QStringLiteral("type"), QStringLiteral("custom_tool_call")},
                       {QStringLiteral("status"), QStringLiteral("completed")},
                       {QStringLiteral("call_id"), callId.isEmpty() ? freshId("call") : callId},
                       {QStringLiteral("name"), name},
                       {QStringLiteral("input"), input}};
}

QJsonObject applyPatchCallItem(const QJsonObject &operation, const QString &callId)
{
    return QJsonObject{{QStringLiteral("id"), freshId("apc")},
                       {QStringLiteral("type"), QStringLiteral("apply_patch_call")},
                       {QStringLiteral("status"), QStringLiteral("completed")},
                       {QStringLiteral("call_id"), callId.isEmpty() ? freshId("call") : callId},
                       {QStringLiteral("operation"), operation}};
}

QJsonObject reasoningItem(const QString &summaryText)
{
    QJsonArray summary;
    if (!summaryText.isEmpty()) {
        summary.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("summary_text")},
                                   {QStringLiteral("text"), summaryText}});
    }
    return QJsonObject{{QStringLiteral("id"), freshId("rs")},
                       {QStringLiteral("type"), QStringLiteral("reasoning")},
                       {QStringLiteral("summary"), summary}};
}

ScriptedTurn itemsTurn(const QJsonArray &items)
{
    ScriptedTurn turn;
    turn.outputItems = items;
    return turn;
}

QString toolOutputIn(const ScriptedModelServer &server, int index, const QString &callId)
{
    const QList<RecordedRequest> requests = server.requests();
    const QJsonArray input =
        index < requests.size() ? requests.at(index).json.value(QStringLiteral("input")).toArray() : QJsonArray();
    for (const QJsonValue &v : input) {
        const QJsonObject item = v.toObject();
        if (item.value(QStringLiteral("call_id")).toString() == callId &&
            item.value(QStringLiteral("type")).toString().endsWith(QLatin1String("_output"))) {
            return item.value(QStringLiteral("output")).toString();
        }
    }
    return QStringLiteral("<no output for %1>").arg(callId);
}
} // namespace Sandcastle::Test
