// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/capabilities/filesystem/patchapplier.h"
#include "sandcastle/core/review/textdiff.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace Sandcastle::Core {

/// One file of a change set: what changed (exact before/after bytes), how the file was before,
/// and its hunks (computed from before/after with TextDiffer, 3 lines of context; hunk indexes
/// are stable because the computation is deterministic).
struct ChangeSetFile
{
    int index = 0; ///< position in ChangeSet::files
    FileChange change;
    FileOrigin origin; ///< existed before? its mode (Delete/Move revert recreates it)
    TextDiff diff;
    /// Reviewed change sets, per file: `written` holds the bytes actually written when the review
    /// accepted only part of the hunks (or edited one); std::nullopt means "as proposed"
    /// (`change.after`). `writtenNothing` marks a file the review left untouched.
    std::optional<QByteArray> written;
    bool writtenNothing = false;

    [[nodiscard]] bool isBinary() const { return diff.binary; }
};

/// A reviewer's decision on one hunk; `hunk` -1 decides a whole file that has no text hunks
/// (binary, a pure move, an empty file).
struct HunkDecision
{
    int file = 0;
    int hunk = 0;
    bool accepted = false;
    /// With `accepted`: the bytes that replace the hunk's old side instead of its new side.
    std::optional<QByteArray> replacement;
    friend bool operator==(const HunkDecision &, const HunkDecision &) = default;
};

/// What review did to a change set.
enum class ChangeSetStatus {
    Applied,    ///< written when the tool ran (write_then_review, shell changes)
    Pending,    ///< review_before_write: held until decided
    Reviewed,   ///< decided: the accepted hunks were written (see the hunk decisions)
    Rejected,   ///< decided (or cancelled): nothing written
    Conflict,   ///< decided, but a file had changed meanwhile: nothing written
    Superseded, ///< pending when its run stopped; the call ran again with a new change set
};

/// The changes of one apply_patch call (source "apply_patch") or of the shell commands of one
/// turn (source "shell"), per file and per hunk. A value type; built by fromChanges(), stored by
/// RunJournal::recordChangeSet().
struct ChangeSet
{
    QString id; ///< a UUID without braces
    QString runId;
    QString callId; ///< the tool call (empty for shell change sets)
    int turn = 0;
    QString source = QStringLiteral("apply_patch");
    ChangeSetStatus status = ChangeSetStatus::Applied;
    QString comment; ///< the reviewer's comment
    QDateTime createdAt;
    QList<ChangeSetFile> files;

    /// Builds the files from a patch's per-operation changes: operations on the same path are
    /// coalesced (Add then Update is one Add with the final content; Update then Delete is one
    /// Delete of the original; Add then Move is an Add at the destination), then each file's diff is
    /// computed. Assigns a new id and the current time.
    [[nodiscard]] static ChangeSet fromChanges(const QList<FileChange> &changes, const QList<FileOrigin> &origins);

    /// `<id>/<file>/<hunk>`: a hunk's id across views, journal and CLI.
    [[nodiscard]] QString hunkId(int file, int hunk) const;
    [[nodiscard]] int added() const;
    [[nodiscard]] int removed() const;
    /// `{change_set_id, call_id, source, status, turn, files:[{path, source_path?, kind, added,
    /// removed, binary, hunks}]}`: the data of the ChangeSetRecorded / PatchReviewRequested events.
    [[nodiscard]] QJsonObject summaryJson() const;
};

[[nodiscard]] QString changeKindName(FileChange::Kind kind); ///< add | update | delete | move
[[nodiscard]] std::optional<FileChange::Kind> changeKindFromName(const QString &name);
[[nodiscard]] QString changeSetStatusName(ChangeSetStatus status); ///< applied | pending | ...
[[nodiscard]] std::optional<ChangeSetStatus> changeSetStatusFromName(const QString &name);

} // namespace Sandcastle::Core
