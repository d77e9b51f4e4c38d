// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/capabilities/filesystem/patchapplier.h"
#include "sandcastle/core/result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Sandcastle::Core {

/// The regular files that differ between a baseline and the workspace on disk, as FileChanges with
/// exact before/after bytes (Add, Update, Delete; renames appear as Delete + Add), sorted by path.
/// ChangeSet::fromChanges() turns them into a change set with source "shell".
struct WorkspaceChanges
{
    QList<FileChange> changes;
    QList<FileOrigin> origins; ///< parallel to `changes`
};

/// Finds what changed in a workspace without knowing who changed it (shell commands), against:
/// - a snapshot of the SnapshotStore: the snapshot's listing is read and each file compared by
///   size and SHA-256; `before` comes from the store's blobs;
/// - git HEAD (libgit2 `git_status_list`, untracked files included, ignored files not): `before`
///   is the blob in HEAD.
/// Symlinks and directories are not compared; `.git` is skipped. Stateless; blocks on file I/O
/// (run on a worker thread). The snapshot store is read without its lock: do not run gc() at the
/// same time.
class WorkspaceDiff
{
public:
    /// `excluded`: workspace-relative paths skipped with everything below them.
    [[nodiscard]] static Result<WorkspaceChanges> againstSnapshot(const QString &storeDir, const QString &snapshotId,
                                                                  const QString &workspaceDir,
                                                                  const QStringList &excluded = {});
    /// Against the newest snapshot of the store (the parent the next SnapshotStore::create() would
    /// use); NotFound when the store has none.
    [[nodiscard]] static Result<WorkspaceChanges>
    againstLatestSnapshot(const QString &storeDir, const QString &workspaceDir, const QStringList &excluded = {});
    /// NotFound when `workspaceDir` is not inside a git repository; paths are relative to the
    /// workspace (which may be a subdirectory of the repository's work tree).
    [[nodiscard]] static Result<WorkspaceChanges> againstGitHead(const QString &workspaceDir);
};

} // namespace Sandcastle::Core
