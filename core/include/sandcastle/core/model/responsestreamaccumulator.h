// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/model/modelclient.h"
#include "sandcastle/core/result.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace Sandcastle::Core {

/// Accumulates one Responses API stream (`POST /responses` with `stream: true`), event by event.
///
/// Tracks text deltas per item/content index, function_call argument deltas, custom_tool_call
/// input deltas, apply_patch_call operation diff deltas, reasoning summary text per summary index,
/// shell_call command deltas, the `output_item.done` items (the fallback output when
/// `response.completed` carries an empty `output`), the terminal event and `error` events, and
/// whether `sequence_number`s are contiguous. Dispatches on the JSON `type` (the SSE `event:`
/// name is ignored, like codex). Unknown types are ignored (kind Other); an event that is not a
/// JSON object is rejected with a precise error and changes nothing. A plain value type; no
/// thread affinity.
class ResponseStreamAccumulator
{
public:
    /// Consumes one event's `data` payload. Returns the interpreted event, or InvalidInput when
    /// the payload is not a JSON object with a string `type` (the caller may log and go on).
    [[nodiscard]] Result<ModelStreamEvent> addEvent(const QByteArray &data);
    /// Same for an already parsed event object.
    [[nodiscard]] Result<ModelStreamEvent> addEvent(const QJsonObject &event);

    /// Accumulated deltas, keyed `text:<item_id>/<content_index>`, `args:<item_id>`,
    /// `input:<item_id>`, `diff:<item_id>`, `summary:<item_id>/<summary_index>`,
    /// `reasoning:<item_id>/<content_index>` and `cmd:<output_index>/<command_index>`.
    [[nodiscard]] const QMap<QString, QString> &accumulations() const { return m_acc; }
    [[nodiscard]] QString text(const QString &itemId, int contentIndex = 0) const;
    [[nodiscard]] QString arguments(const QString &itemId) const;

    /// `item` of every `response.output_item.done`, in arrival order.
    [[nodiscard]] const QList<QJsonObject> &outputItemsDone() const { return m_itemsDone; }
    /// `item` of `response.output_item.added` by output index (latest state known).
    [[nodiscard]] const QMap<int, QJsonObject> &outputItemsAdded() const { return m_itemsAdded; }

    /// Events accepted (valid JSON objects with a type).
    [[nodiscard]] int eventCount() const { return m_eventCount; }
    /// "absent", "contiguous from N", or "gap: expected N, got M" / "partial: K of N events".
    [[nodiscard]] QString sequenceSummary() const;

    [[nodiscard]] bool hasTerminal() const { return !m_terminalType.isEmpty(); }
    /// `response.completed`, `response.failed` or `response.incomplete` (empty while streaming).
    [[nodiscard]] QString terminalType() const { return m_terminalType; }
    /// The `response` object of the terminal event.
    [[nodiscard]] QJsonObject terminalResponse() const { return m_terminalResponse; }
    /// The last `error` / `response.error` event, flattened to {type, code, message, param}.
    [[nodiscard]] QJsonObject errorEvent() const { return m_errorEvent; }
    [[nodiscard]] QString responseId() const { return m_responseId; }

    /// A `.done` value that differs from its accumulated deltas:
    /// {"mismatch", [kind, item_id, index?]} or {"mismatch", ["cmd", output_index, command_index]}.
    [[nodiscard]] QJsonArray deltaVsDoneProblems() const { return m_problems; }

    /// True once the outcome is known: a terminal event was seen.
    [[nodiscard]] bool isComplete() const { return hasTerminal(); }

    /// The outcome. completed -> the response (output falls back to outputItemsDone() when the
    /// completed output is empty); failed / error event -> Provider error with the server's
    /// message (detail: code); incomplete -> Provider error "Incomplete response returned, reason:
    /// <reason>"; no terminal yet -> Network error "stream closed before response.completed".
    [[nodiscard]] Result<ModelResponse> result() const;

private:
    void checkDone(const QString &key, const QString &doneValue, const QJsonArray &problemKey);
    void trackSequence(const QJsonObject &event);

    QMap<QString, QString> m_acc;
    QList<QJsonObject> m_itemsDone;
    QMap<int, QJsonObject> m_itemsAdded;
    QJsonArray m_problems;
    QString m_terminalType;
    QJsonObject m_terminalResponse;
    QJsonObject m_errorEvent;
    QString m_responseId;
    int m_eventCount = 0;
    int m_seqCount = 0;
    qint64 m_seqFirst = -1;
    qint64 m_seqLast = -1;
    QString m_seqGap;
};

} // namespace Sandcastle::Core
