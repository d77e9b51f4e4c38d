// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"
#include "sandcastle/core/review/changeset.h"

#include <QList>
#include <QString>

namespace Sandcastle::Core {

/// Why a revert did not happen: the file no longer holds what the change wrote at that place.
struct RevertConflict
{
    int file = 0;
    int hunk = -1; ///< -1: the whole file
    QString path;
    QString header;     ///< the hunk's `@@` header (empty for whole files)
    QByteArray current; ///< the lines found at the expected place (or the whole current file)
    QString reason;
};

struct RevertOutcome
{
    QList<RevertConflict> conflicts; ///< non-empty: nothing was written
    QStringList written;             ///< workspace-relative paths written or deleted
    [[nodiscard]] bool ok() const { return conflicts.isEmpty(); }
};

/// Reverts recorded changes in a workspace: one hunk, one file, a change set, or several change
/// sets (a turn, newest first). The inverse of a hunk is applied only where the current file still
/// holds the hunk's new side exactly: at the recorded line, else at the nearest line where the same
/// lines occur (an offset search like patch's; never fuzzy content). Whole files: an Add is deleted
/// if its content is unchanged, a Delete recreated with its exact bytes and mode (if nothing is
/// there now), a Move moved back. Binary files revert only as whole files. Any conflict means
/// nothing is written (RevertOutcome::conflicts); otherwise all writes happen at once, atomically
/// (PatchApplier::writeFiles).
///
/// For a Reviewed change set the change is what was actually written (ChangeSetFile::written), and
/// hunk indexes refer to the diff of `before` and that content. Stateless; blocks on file I/O.
class ChangeReverter
{
public:
    /// `file` -1 reverts the whole set, `hunk` -1 the whole file. InvalidInput for indexes out of
    /// range or a hunk of a binary file; Io for write failures.
    [[nodiscard]] static Result<RevertOutcome> revert(const QString &root, const ChangeSet &set, int file = -1,
                                                      int hunk = -1);
    /// Reverts every set (give them newest first, e.g. all sets of a turn) as one change.
    [[nodiscard]] static Result<RevertOutcome> revertAll(const QString &root, const QList<ChangeSet> &sets);
};

} // namespace Sandcastle::Core
