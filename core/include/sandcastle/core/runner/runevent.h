// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>

namespace Sandcastle::Core {

/// One step of a run, the single stream between the runner and everything that shows or stores
/// a run (views, the journal, `--events FILE.jsonl`, the trace writer). A value type.
/// The JSON form (`toJson()`) is documented in docs/FORMATS.md ("Run events").
struct RunEvent
{
    enum class Kind {
        RunStarted,   ///< {run_id, model, max_turns, capabilities[]}
        SandboxReady, ///< {client, workspace, sandbox_root, network, reused_workspace, restored_snapshot, description,
                      ///< confinement, requested_confinement, reason}
        ModelRequest, ///< {turn, model, input_items, tools[]}
        TextDelta,    ///< {item_id, delta}
        ReasoningDelta,    ///< {item_id, delta}
        ToolCallDelta,     ///< {item_id, delta} (function arguments / custom input / patch diff)
        MessageOutput,     ///< {item_id, text}
        ToolCall,          ///< {call_id, name, kind, arguments|input|operation}
        ApprovalRequested, ///< {call_id, name, reason (ApprovalPolicy::Outside: why it asks)}
        ApprovalDecided,   ///< {call_id, approved, comment, by: user, policy or rule (Always for this run)}
        ToolResult,        ///< {call_id, name, output, failed, duration_ms}
        Usage,             ///< this response's usage (ModelUsage::toJson(): requests, input_tokens,
               ///< input_tokens_details{cached_tokens}, output_tokens, output_tokens_details{reasoning_tokens},
               ///< total_tokens) plus total{...} of the run
        Snapshot,    ///< {turn, snapshot_id, files, bytes, added_bytes}: the workspace after a tool round
        RunFinished, ///< {status: done|max_turns|failed|cancelled, final_output, error, turns, usage}
        /// {change_set_id, call_id, source: apply_patch|shell, status, turn, files:[{path, source_path?, kind,
        /// added, removed, binary, hunks}]}: a change set was written to the journal (ChangeSet::summaryJson())
        ChangeSetRecorded,
        PatchReviewRequested, ///< the same fields: review_before_write holds the call until decidePatchReview()
        PatchReviewDecided,   ///< {change_set_id, call_id, status: reviewed|rejected|conflict, applied[], rejected[],
                              ///< comment}; applied/rejected entries are {file, hunk, path, header}
        ChangeReverted,       ///< {change_set_id, file, hunk, status: reverted|conflict, detail} (file/hunk -1: all)
        /// {capability: skills|memory, file, reason}: bad input a capability skipped while the run carried on
        /// (CapabilityIssue::toJson()); kept in the journal's `events` table
        CapabilityIssue,
    };

    Kind kind = Kind::RunStarted;
    QString runId;
    int turn = 0;
    QDateTime time;
    QJsonObject data;

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static QString kindName(Kind kind);
    /// The kind kindName() names; std::nullopt for an unknown name.
    [[nodiscard]] static std::optional<Kind> kindFromName(const QString &name);
};

} // namespace Sandcastle::Core

Q_DECLARE_METATYPE(Sandcastle::Core::RunEvent)
