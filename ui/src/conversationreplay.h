// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/journal/runjournal.h"
#include "sandcastle/core/runner/runevent.h"

#include <QJsonArray>
#include <QList>
#include <QString>

#include <optional>

namespace Sandcastle::Ui {

/// One step of a replayed conversation: a user message, or the RunEvent the runner emitted for an
/// item of the conversation (an assistant message, a reasoning summary, a tool call or its result).
struct ConversationReplayStep
{
    std::optional<QString> userMessage;
    Core::RunEvent event;
};

/// Turns a run's conversation as the journal keeps it (the Responses API items of
/// JournalRunState::history) back into what the transcript shows, so that a run resumed in a new
/// window shows its earlier turns. Items the transcript does not show (system/developer messages,
/// unknown types) are skipped; a tool call without an output item is replayed as running (the
/// resumed run reports it again). Pure functions of plain values.
class ConversationReplay
{
public:
    [[nodiscard]] static QList<ConversationReplayStep> fromHistory(const QJsonArray &history, const QString &runId);

    /// True when the run stopped before its end (status running, cancelled or failed) and left
    /// work a resume would do: open tool calls, or a conversation that does not end in an
    /// assistant message.
    [[nodiscard]] static bool hasUnfinishedWork(const Core::JournalRunState &state);
};

} // namespace Sandcastle::Ui
