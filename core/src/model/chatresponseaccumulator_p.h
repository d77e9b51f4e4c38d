// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/model/modelclient.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QSet>
#include <QString>

namespace Sandcastle::Core::Internal {

/// Turns Chat Completions chunks (or one non-streamed completion) back into Responses-shaped
/// output items: reasoning (from `reasoning_content` / `reasoning`), message, function_call, and
/// custom_tool_call for tools that were custom in the request (their `{"input": ...}` argument
/// unwrapped). Value type; no thread affinity.
class ChatResponseAccumulator
{
public:
    explicit ChatResponseAccumulator(QSet<QString> customTools = {});

    /// One streamed chunk (`delta`) or a whole completion (`message`). Returns the stream events it
    /// produced, or Provider error for an `error` object, InvalidInput for non-JSON.
    [[nodiscard]] Result<QList<ModelStreamEvent>> addChunk(const QByteArray &data);
    /// `data: [DONE]` seen.
    void markDone() { m_done = true; }
    /// True when the stream can end: `[DONE]` or a finish_reason was seen.
    [[nodiscard]] bool hasEnd() const { return m_done || !m_finishReason.isEmpty(); }
    /// The final output items (in output-index order), each also reported by itemsDoneEvents().
    [[nodiscard]] QJsonArray outputItems() const;
    [[nodiscard]] QList<ModelStreamEvent> itemsDoneEvents() const;
    /// The outcome: success with output and usage; Provider error for finish_reason length /
    /// content_filter ("Incomplete response returned, reason: ..."); Network error when the stream
    /// ended before a finish_reason or [DONE].
    [[nodiscard]] Result<ModelResponse> result() const;

private:
    struct ToolCall
    {
        int outputIndex = -1;
        QString id;
        QString name;
        QString arguments;   ///< function arguments, or the raw input of a `type: custom` call
        bool custom = false; ///< the server sent `type: custom` with `custom: {name, input}`
    };
    ModelStreamEvent added(int outputIndex, const QJsonObject &stub, const QJsonObject &raw) const;

    QSet<QString> m_customTools;
    QString m_id;
    QString m_model;
    QString m_text;
    QString m_reasoning;
    int m_textIndex = -1;
    int m_reasoningIndex = -1;
    int m_nextIndex = 0;
    QMap<int, ToolCall> m_toolCalls; ///< by the chunk's tool call index
    QString m_finishReason;
    QJsonObject m_usage;
    int m_chunks = 0;
    bool m_done = false;
};

} // namespace Sandcastle::Core::Internal
