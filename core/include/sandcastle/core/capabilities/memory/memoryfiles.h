// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/capabilities/capabilityissue.h"
#include "sandcastle/core/capabilities/memory/memorycapability.h"
#include "sandcastle/core/result.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>

namespace Sandcastle::Core {

/// How a run ended, as the rollout segment records it (spec 2.5 `terminal_metadata`).
struct MemoryTerminalMetadata
{
    QString state; ///< completed | interrupted | cancelled | max_turns_exceeded | guardrail_tripped | failed
    QString exceptionType;
    QString exceptionMessage;
    bool hasFinalOutput = false;

    /// `{terminal_state, exception_type, exception_message, has_final_output}` (null for empty strings).
    [[nodiscard]] QJsonObject toJson() const;
};

/// One entry of a phase-two selection (`phase_two_selection.json` "selected", and the header of a
/// raw memory file).
struct MemorySelectionItem
{
    QString rolloutId;
    QString updatedAt;
    QString rolloutPath;
    QString rolloutSummaryFile;
    QString terminalState;
    [[nodiscard]] QJsonObject toJson() const;
    friend bool operator==(const MemorySelectionItem &, const MemorySelectionItem &) = default;
};

/// The phase-two selection compared with the previous one.
struct MemorySelection
{
    QList<MemorySelectionItem> selected; ///< newest first
    QStringList added;                   ///< rollout ids new in this selection
    QStringList retained;                ///< rollout ids that were selected before too
    QList<MemorySelectionItem> removed;  ///< in the previous selection, not any more
};

/// The memory files of spec 2.5: rollout segments, raw memories, rollout summaries, the phase-two
/// selection. Pure functions and blocking file helpers (run them off the GUI thread for big
/// files); every write goes through a temporary file and a rename, so an existing file is never
/// lost or truncated.
namespace MemoryFiles {

/// `^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`.
[[nodiscard]] bool isValidRolloutId(const QString &id);
/// Spec 2.5 grouping: the first non-empty (after trimming) of conversation id, session id, group
/// id, else `run-<32 hex>`; InvalidInput when the chosen id is not a valid rollout id.
[[nodiscard]] Result<QString> resolveRolloutId(const QString &conversationId, const QString &sessionId,
                                               const QString &groupId);
/// The spec 2.5 item filter: drops developer/system messages, reasoning, compaction and unknown
/// item types; keeps user/assistant/tool messages and the tool call / output item types.
[[nodiscard]] QJsonArray filterItems(const QJsonArray &items);
/// One compact JSON line with the keys in spec order (updated_at, rollout_id, input,
/// generated_items, interruptions when there are any, terminal_metadata, final_output when there is
/// one) and a trailing newline.
[[nodiscard]] QByteArray segmentLine(const QDateTime &updatedAt, const QString &rolloutId, const QJsonArray &input,
                                     const QJsonArray &generatedItems, const QJsonArray &interruptions,
                                     const MemoryTerminalMetadata &terminal, const QString &finalOutput);
/// UTC ISO-8601 with `+00:00` and microseconds, as the SDK writes it.
[[nodiscard]] QString timestamp(const QDateTime &time);

/// Creates the layout's directories and empty MEMORY.md / memory_summary.md when missing.
[[nodiscard]] Result<void> ensureLayout(const QString &workspaceRoot, const MemoryLayout &layout);
/// Writes `bytes` to `path` through a temporary file and a rename (parent folders created).
[[nodiscard]] Result<void> writeAtomically(const QString &path, const QByteArray &bytes);
/// Appends `line` to `path`: the old bytes plus the line, written atomically.
[[nodiscard]] Result<void> appendLine(const QString &path, const QByteArray &line);

/// `raw_memories/<id>.md`: header lines rollout_id, updated_at, rollout_path,
/// rollout_summary_file, terminal_state; a blank line; `body` (one trailing newline).
[[nodiscard]] QByteArray rawMemoryText(const MemorySelectionItem &header, const QString &body);
/// `rollout_summaries/<id>_<slug>.md`: session_id, updated_at, rollout_path, terminal_state; blank; body.
[[nodiscard]] QByteArray rolloutSummaryText(const QString &sessionId, const MemorySelectionItem &header,
                                            const QString &body);
/// The `key: value` lines before the first blank line.
[[nodiscard]] QMap<QString, QString> parseHeader(const QString &text);

/// Lists `raw_memories/*.md`, newest first by updated_at (missing/unknown last, ties by rollout id
/// descending), the first `limit`, compared with `previous`. Unreadable files become issues.
[[nodiscard]] MemorySelection selectRawMemories(const QString &memoriesRoot, const QString &memoriesDir, int limit,
                                                const QList<MemorySelectionItem> &previous,
                                                QList<CapabilityIssue> *issues);
/// Reads `phase_two_selection.json`; a missing file is an empty list, a corrupt one InvalidInput
/// with the JSON pointer.
[[nodiscard]] Result<QList<MemorySelectionItem>> readSelection(const QString &path);
/// `object` as JSON indented by two spaces (keys sorted), with a trailing newline.
[[nodiscard]] QByteArray indentedJson(const QJsonObject &object);
/// `{"version":1,"updated_at":...,"selected":[...]}`, indented by two spaces, with a trailing newline.
[[nodiscard]] QByteArray selectionJson(const QList<MemorySelectionItem> &selected, const QDateTime &updatedAt);

} // namespace MemoryFiles

} // namespace Sandcastle::Core
