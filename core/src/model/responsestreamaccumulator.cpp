// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/model/responsestreamaccumulator.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace Sandcastle::Core {

namespace {

QString str(const QJsonObject &o, QLatin1StringView key)
{
    return o.value(key).toString();
}

QString indexed(const QString &prefix, const QString &id, int index)
{
    return prefix + id + QLatin1Char('/') + QString::number(index);
}

} // namespace

Result<ModelStreamEvent> ResponseStreamAccumulator::addEvent(const QByteArray &data)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &pe);
    if (pe.error != QJsonParseError::NoError) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("stream event %1 is not valid JSON: %2 at offset %3")
                        .arg(m_eventCount + 1)
                        .arg(pe.errorString())
                        .arg(pe.offset),
                    QString::fromUtf8(data.left(200)));
    }
    if (!doc.isObject()) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("stream event %1 is not a JSON object").arg(m_eventCount + 1),
                    QString::fromUtf8(data.left(200)));
    }
    return addEvent(doc.object());
}

Result<ModelStreamEvent> ResponseStreamAccumulator::addEvent(const QJsonObject &event)
{
    const QJsonValue typeValue = event.value(QLatin1StringView("type"));
    if (!typeValue.isString()) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("stream event %1 has no string \"type\"").arg(m_eventCount + 1),
                    QStringLiteral("/type"));
    }
    const QString type = typeValue.toString();
    trackSequence(event);
    ++m_eventCount;

    ModelStreamEvent e;
    e.raw = event;
    e.itemId = str(event, QLatin1StringView("item_id"));
    e.outputIndex = event.value(QLatin1StringView("output_index")).toInt(-1);
    const QString delta = str(event, QLatin1StringView("delta"));
    const int contentIndex = event.value(QLatin1StringView("content_index")).toInt(0);
    const int summaryIndex = event.value(QLatin1StringView("summary_index")).toInt(0);

    if (type == QLatin1StringView("response.created") || type == QLatin1StringView("response.in_progress") ||
        type == QLatin1StringView("response.queued")) {
        const QJsonObject response = event.value(QLatin1StringView("response")).toObject();
        if (m_responseId.isEmpty()) {
            m_responseId = str(response, QLatin1StringView("id"));
        }
        if (type == QLatin1StringView("response.created")) {
            e.kind = ModelStreamEvent::Created;
        }
    } else if (type == QLatin1StringView("response.output_item.added") ||
               type == QLatin1StringView("response.output_item.done")) {
        e.item = event.value(QLatin1StringView("item")).toObject();
        e.itemId = str(e.item, QLatin1StringView("id"));
        if (e.outputIndex >= 0) {
            m_itemsAdded.insert(e.outputIndex, e.item);
        }
        if (type == QLatin1StringView("response.output_item.done")) {
            e.kind = ModelStreamEvent::OutputItemDone;
            m_itemsDone.append(e.item);
        } else {
            e.kind = ModelStreamEvent::OutputItemAdded;
        }
    } else if (type == QLatin1StringView("response.output_text.delta")) {
        e.kind = ModelStreamEvent::TextDelta;
        e.delta = delta;
        m_acc[indexed(QStringLiteral("text:"), e.itemId, contentIndex)] += delta;
    } else if (type == QLatin1StringView("response.output_text.done")) {
        checkDone(indexed(QStringLiteral("text:"), e.itemId, contentIndex), str(event, QLatin1StringView("text")),
                  QJsonArray{QStringLiteral("text"), e.itemId, contentIndex});
    } else if (type == QLatin1StringView("response.function_call_arguments.delta")) {
        e.kind = ModelStreamEvent::FunctionArgumentsDelta;
        e.delta = delta;
        m_acc[QStringLiteral("args:") + e.itemId] += delta;
    } else if (type == QLatin1StringView("response.function_call_arguments.done")) {
        checkDone(QStringLiteral("args:") + e.itemId, str(event, QLatin1StringView("arguments")),
                  QJsonArray{QStringLiteral("args"), e.itemId});
    } else if (type == QLatin1StringView("response.custom_tool_call_input.delta") ||
               type == QLatin1StringView("response.custom_tool_call_input.done")) {
        if (e.itemId.isEmpty()) {
            e.itemId = str(event, QLatin1StringView("call_id")); // codex accepts call_id
        }
        if (type.endsWith(QLatin1StringView(".delta"))) {
            e.kind = ModelStreamEvent::CustomToolInputDelta;
            e.delta = delta;
            m_acc[QStringLiteral("input:") + e.itemId] += delta;
        } else {
            checkDone(QStringLiteral("input:") + e.itemId, str(event, QLatin1StringView("input")),
                      QJsonArray{QStringLiteral("input"), e.itemId});
        }
    } else if (type == QLatin1StringView("response.apply_patch_call_operation_diff.delta")) {
        e.kind = ModelStreamEvent::ApplyPatchDiffDelta;
        e.delta = delta;
        m_acc[QStringLiteral("diff:") + e.itemId] += delta;
    } else if (type == QLatin1StringView("response.apply_patch_call_operation_diff.done")) {
        checkDone(QStringLiteral("diff:") + e.itemId, str(event, QLatin1StringView("diff")),
                  QJsonArray{QStringLiteral("diff"), e.itemId});
    } else if (type == QLatin1StringView("response.reasoning_summary_text.delta")) {
        e.kind = ModelStreamEvent::ReasoningSummaryDelta;
        e.delta = delta;
        m_acc[indexed(QStringLiteral("summary:"), e.itemId, summaryIndex)] += delta;
    } else if (type == QLatin1StringView("response.reasoning_summary_text.done")) {
        checkDone(indexed(QStringLiteral("summary:"), e.itemId, summaryIndex), str(event, QLatin1StringView("text")),
                  QJsonArray{QStringLiteral("summary"), e.itemId, summaryIndex});
    } else if (type == QLatin1StringView("response.reasoning_text.delta")) {
        e.delta = delta;
        m_acc[indexed(QStringLiteral("reasoning:"), e.itemId, contentIndex)] += delta;
    } else if (type == QLatin1StringView("response.reasoning_text.done")) {
        checkDone(indexed(QStringLiteral("reasoning:"), e.itemId, contentIndex), str(event, QLatin1StringView("text")),
                  QJsonArray{QStringLiteral("reasoning"), e.itemId, contentIndex});
    } else if (type.startsWith(QLatin1StringView("response.shell_call_command."))) {
        const int commandIndex = event.value(QLatin1StringView("command_index")).toInt(0);
        const QString key =
            QStringLiteral("cmd:") + QString::number(e.outputIndex) + QLatin1Char('/') + QString::number(commandIndex);
        if (type.endsWith(QLatin1StringView(".added"))) {
            m_acc[key] = str(event, QLatin1StringView("command"));
        } else if (type.endsWith(QLatin1StringView(".delta"))) {
            e.delta = delta;
            m_acc[key] += delta;
        } else if (type.endsWith(QLatin1StringView(".done"))) {
            checkDone(key, str(event, QLatin1StringView("command")),
                      QJsonArray{QStringLiteral("cmd"), e.outputIndex, commandIndex});
        }
    } else if (type == QLatin1StringView("response.completed") || type == QLatin1StringView("response.failed") ||
               type == QLatin1StringView("response.incomplete")) {
        m_terminalType = type;
        m_terminalResponse = event.value(QLatin1StringView("response")).toObject();
        if (m_responseId.isEmpty()) {
            m_responseId = str(m_terminalResponse, QLatin1StringView("id"));
        }
    } else if (type == QLatin1StringView("error") || type == QLatin1StringView("response.error")) {
        // The spec's flat form {code, message, param} and the nested form real servers send.
        const QJsonObject nested = event.value(QLatin1StringView("error")).toObject();
        const QJsonObject &src = nested.isEmpty() ? event : nested;
        QJsonObject flat;
        for (const auto key : {QLatin1StringView("code"), QLatin1StringView("message"), QLatin1StringView("param")}) {
            flat.insert(key, src.value(key).isUndefined() ? QJsonValue(QJsonValue::Null) : src.value(key));
        }
        flat.insert(QLatin1StringView("type"),
                    nested.isEmpty() ? QJsonValue(QJsonValue::Null) : nested.value(QLatin1StringView("type")));
        m_errorEvent = flat;
    }
    return e;
}

void ResponseStreamAccumulator::checkDone(const QString &key, const QString &doneValue, const QJsonArray &problemKey)
{
    const auto it = m_acc.constFind(key);
    if (it == m_acc.cend()) {
        if (!doneValue.isEmpty()) {
            m_problems.append(QJsonArray{QStringLiteral("no_deltas"), problemKey});
        }
        return;
    }
    if (*it != doneValue) {
        m_problems.append(QJsonArray{QStringLiteral("mismatch"), problemKey});
    }
}

void ResponseStreamAccumulator::trackSequence(const QJsonObject &event)
{
    const QJsonValue v = event.value(QLatin1StringView("sequence_number"));
    if (!v.isDouble()) {
        return;
    }
    const auto n = static_cast<qint64>(v.toDouble());
    if (m_seqCount == 0) {
        m_seqFirst = n;
    } else if (n != m_seqLast + 1 && m_seqGap.isEmpty()) {
        m_seqGap = QStringLiteral("gap: expected %1, got %2").arg(m_seqLast + 1).arg(n);
    }
    m_seqLast = n;
    ++m_seqCount;
}

QString ResponseStreamAccumulator::sequenceSummary() const
{
    if (m_seqCount == 0) {
        return QStringLiteral("absent");
    }
    if (!m_seqGap.isEmpty()) {
        return m_seqGap;
    }
    if (m_seqCount < m_eventCount) {
        return QStringLiteral("partial: %1 of %2 events").arg(m_seqCount).arg(m_eventCount);
    }
    return QStringLiteral("contiguous from %1").arg(m_seqFirst);
}

QString ResponseStreamAccumulator::text(const QString &itemId, int contentIndex) const
{
    return m_acc.value(indexed(QStringLiteral("text:"), itemId, contentIndex));
}

QString ResponseStreamAccumulator::arguments(const QString &itemId) const
{
    return m_acc.value(QStringLiteral("args:") + itemId);
}

Result<ModelResponse> ResponseStreamAccumulator::result() const
{
    const auto errorFrom = [](const QJsonObject &error, const QString &origin) {
        const QString message = error.value(QLatin1StringView("message")).toString();
        const QJsonValue code = error.value(QLatin1StringView("code"));
        QString detail = origin;
        if (code.isString()) {
            detail += QStringLiteral(", code ") + code.toString();
        }
        return fail(ErrorCode::Provider,
                    message.isEmpty() ? QStringLiteral("the model provider reported an error without a message")
                                      : message,
                    detail);
    };
    if (m_terminalType == QLatin1StringView("response.completed")) {
        ModelResponse r;
        r.raw = m_terminalResponse;
        r.id = m_responseId;
        r.status = m_terminalResponse.value(QLatin1StringView("status")).toString(QStringLiteral("completed"));
        r.output = m_terminalResponse.value(QLatin1StringView("output")).toArray();
        if (r.output.isEmpty()) {
            for (const QJsonObject &item : m_itemsDone) {
                r.output.append(item);
            }
        }
        r.usage = ModelUsage::fromJson(m_terminalResponse.value(QLatin1StringView("usage")).toObject());
        return r;
    }
    if (m_terminalType == QLatin1StringView("response.failed")) {
        QJsonObject error = m_terminalResponse.value(QLatin1StringView("error")).toObject();
        if (error.value(QLatin1StringView("message")).toString().isEmpty() && !m_errorEvent.isEmpty()) {
            error = m_errorEvent;
        }
        return errorFrom(error, QStringLiteral("response.failed"));
    }
    if (m_terminalType == QLatin1StringView("response.incomplete")) {
        const QString reason = m_terminalResponse.value(QLatin1StringView("incomplete_details"))
                                   .toObject()
                                   .value(QLatin1StringView("reason"))
                                   .toString(QStringLiteral("unknown"));
        return fail(ErrorCode::Provider, QStringLiteral("Incomplete response returned, reason: ") + reason,
                    QStringLiteral("response.incomplete"));
    }
    if (!m_errorEvent.isEmpty()) {
        return errorFrom(m_errorEvent, QStringLiteral("error event"));
    }
    return fail(ErrorCode::Network, QStringLiteral("stream closed before response.completed"),
                QStringLiteral("after %1 events").arg(m_eventCount));
}

} // namespace Sandcastle::Core
