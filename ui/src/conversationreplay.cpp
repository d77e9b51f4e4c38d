// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationreplay.h"

#include "sandcastle/core/runner/runner.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>

namespace Sandcastle::Ui {

namespace {

using Kind = Core::RunEvent::Kind;

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

// Message content is a string (what Runner::appendUserMessage writes) or an array of parts.
QString contentText(const QJsonValue &content)
{
    if (content.isString()) {
        return content.toString();
    }
    QString text;
    for (const QJsonValue &part : content.toArray()) {
        const QJsonObject p = part.toObject();
        const QString type = str(p, "type");
        if (type == QLatin1String("input_text") || type == QLatin1String("output_text") ||
            type == QLatin1String("text")) {
            text += str(p, "text");
        } else if (type == QLatin1String("refusal")) {
            text += str(p, "refusal");
        }
    }
    return text;
}

bool isToolOutput(const QJsonObject &item)
{
    return str(item, "type").endsWith(QLatin1String("_output"));
}

bool isAssistantMessage(const QJsonObject &item)
{
    return str(item, "type") == QLatin1String("message") && str(item, "role") == QLatin1String("assistant");
}

Core::RunEvent event(Kind kind, const QString &runId, const QJsonObject &data)
{
    Core::RunEvent e;
    e.kind = kind;
    e.runId = runId;
    e.data = data;
    return e;
}

QJsonObject toolCallData(const Core::ToolCall &call, const QJsonObject &item)
{
    QJsonObject data{{QStringLiteral("call_id"), call.callId}, {QStringLiteral("name"), call.name}};
    switch (call.kind) {
    case Core::ToolKind::Function:
        data.insert(QStringLiteral("kind"), QStringLiteral("function"));
        data.insert(QStringLiteral("arguments"), call.rawArguments);
        break;
    case Core::ToolKind::Custom:
        data.insert(QStringLiteral("kind"), QStringLiteral("custom"));
        data.insert(QStringLiteral("input"), call.input);
        break;
    case Core::ToolKind::ApplyPatch:
        data.insert(QStringLiteral("kind"), QStringLiteral("apply_patch"));
        data.insert(QStringLiteral("operation"), item.value(QStringLiteral("operation")));
        break;
    }
    return data;
}

} // namespace

QList<ConversationReplayStep> ConversationReplay::fromHistory(const QJsonArray &history, const QString &runId)
{
    QList<ConversationReplayStep> steps;
    QHash<QString, QString> toolNames; // call id -> name, for the results
    for (const QJsonValue &v : history) {
        const QJsonObject item = v.toObject();
        const QString type = str(item, "type");
        if (type == QLatin1String("message")) {
            const QString role = str(item, "role");
            const QString text = contentText(item.value(QStringLiteral("content")));
            if (role == QLatin1String("user")) {
                steps.append({text, {}});
            } else if (role == QLatin1String("assistant")) {
                steps.append({std::nullopt,
                              event(Kind::MessageOutput, runId,
                                    {{QStringLiteral("item_id"), str(item, "id")}, {QStringLiteral("text"), text}})});
            }
            continue;
        }
        if (type == QLatin1String("reasoning")) {
            QString summary;
            for (const QJsonValue &part : item.value(QStringLiteral("summary")).toArray()) {
                summary += (summary.isEmpty() ? QString() : QStringLiteral("\n\n")) + str(part.toObject(), "text");
            }
            if (!summary.isEmpty()) {
                steps.append({std::nullopt, event(Kind::ReasoningDelta, runId,
                                                  {{QStringLiteral("item_id"), str(item, "id")},
                                                   {QStringLiteral("delta"), summary}})});
            }
            continue;
        }
        if (isToolOutput(item)) {
            const QString callId = str(item, "call_id");
            const QJsonValue output = item.value(QStringLiteral("output"));
            const QString status = str(item, "status");
            steps.append({std::nullopt, event(Kind::ToolResult, runId,
                                              {{QStringLiteral("call_id"), callId},
                                               {QStringLiteral("name"), toolNames.value(callId)},
                                               {QStringLiteral("output"),
                                                output.isString() ? output.toString() : contentText(output)},
                                               {QStringLiteral("failed"), status == QLatin1String("failed")},
                                               {QStringLiteral("duration_ms"), 0}})});
            continue;
        }
        QString parseError;
        if (const std::optional<Core::ToolCall> call = Core::toolCallFromItem(item, &parseError)) {
            toolNames.insert(call->callId, call->name);
            steps.append({std::nullopt, event(Kind::ToolCall, runId, toolCallData(*call, item))});
        }
    }
    return steps;
}

bool ConversationReplay::hasUnfinishedWork(const Core::JournalRunState &state)
{
    const QString &status = state.run.status;
    if (status != QLatin1String("running") && status != QLatin1String("cancelled") &&
        status != QLatin1String("failed")) {
        return false;
    }
    if (state.history.isEmpty()) {
        return false;
    }
    QSet<QString> answered;
    for (const QJsonValue &v : state.history) {
        if (isToolOutput(v.toObject())) {
            answered.insert(str(v.toObject(), "call_id"));
        }
    }
    for (const QJsonValue &v : state.history) {
        QString parseError;
        const std::optional<Core::ToolCall> call = Core::toolCallFromItem(v.toObject(), &parseError);
        if (call && !answered.contains(call->callId)) {
            return true;
        }
    }
    return !isAssistantMessage(state.history.last().toObject());
}

} // namespace Sandcastle::Ui
