// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scriptedmodelserver.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QStringList>

// Wire-format rendering used by ScriptedModelServer: pure functions, no I/O.
namespace Sandcastle::Test {

/// Expands script shorthands and fills what a real item always has (id, status, call_id):
/// message {"text"} -> content[output_text]; function_call "arguments" object -> JSON string;
/// reasoning "summary" string -> [{summary_text}].
QJsonObject normalizeOutputItem(const QJsonObject &item);

/// Splits a delta-streamed string into several pieces (never inside a surrogate pair).
QStringList splitDeltas(const QString &text);

/// Plausible Responses usage computed from the request and output sizes.
QJsonObject defaultUsage(const QJsonObject &request, const QJsonArray &output);

/// The full Response object in its final state for `turn` (status completed/failed/incomplete).
QJsonObject responseObject(const ScriptedTurn &turn, const QJsonObject &request, const QString &responseId,
                           const QJsonArray &normalizedOutput);

/// Every event of a Responses stream for `turn`, with contiguous sequence_number from 0.
QList<QJsonObject> responsesStreamEvents(const ScriptedTurn &turn, const QJsonObject &request,
                                         const QString &responseId);

/// `event: <type>\ndata: <json with "type" first>\n\n`
QByteArray sseEventBytes(const QJsonObject &event);

/// Splits raw SSE bytes into events (each keeps its trailing blank line); joining them gives `raw`.
QList<QByteArray> splitSse(const QByteArray &raw);

/// `data: {chat.completion.chunk}\n\n` pieces, a usage chunk and `data: [DONE]\n\n`.
QList<QByteArray> chatCompletionStreamChunks(const ScriptedTurn &turn, const QJsonObject &request,
                                             const QString &completionId);

/// A non-streamed chat.completion object.
QJsonObject chatCompletionObject(const ScriptedTurn &turn, const QJsonObject &request, const QString &completionId);

/// `{"error":{"message","type","param":null,"code"}}`
QByteArray errorJson(const QString &message, const QString &type, const QString &code);

namespace Internal {
QString freshId(const char *prefix); ///< "<prefix>_scripted000042", unique in the process
QByteArray compact(const QJsonObject &o);
QString itemText(const QJsonObject &item); ///< the streamed payload: text, arguments, input or diff
QJsonObject outputTextPart(const QString &text);
QString modelOf(const QJsonObject &request);     ///< request "model", or "scripted-model"
QJsonObject turnError(const ScriptedTurn &turn); ///< turn.error with code/message defaults
} // namespace Internal

} // namespace Sandcastle::Test
