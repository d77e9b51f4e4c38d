// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <chrono>

namespace Sandcastle::Core {

/// What GitFetcher::exportTree() wrote.
struct GitExportStats
{
    qint64 files = 0; ///< regular files and symlinks written
    qint64 dirs = 0;  ///< directories created (the destination itself not counted)
    qint64 bytes = 0; ///< bytes of file content written
    QString commit;   ///< the commit id the ref resolved to
};

/// Fetches git repositories with libgit2 (git_repo manifest entries; DECISIONS: cloned on the host).
/// libgit2 is initialised once per process on first use and shut down at exit.
///
/// All functions are blocking and must run on a worker thread, never the GUI thread; they are
/// reentrant (each call uses its own repository objects). Failures: InvalidInput for a ref or
/// subpath that does not exist, Network/Io for clone and file system failures, Cancelled when
/// `cancel` became true.
class GitFetcher
{
public:
    /// The URL to clone for a manifest `repo`: a URL (`scheme://...`, `git@host:...`) is kept;
    /// an existing local directory (absolute or relative to `baseDir`) becomes its absolute
    /// path; `owner/name` becomes `https://<host>/owner/name.git`.
    [[nodiscard]] static QString resolveRepositoryUrl(const QString &repo, const QString &host, const QString &baseDir);

    /// Clones `url` (bare, into a temporary directory that is always removed), resolves `ref`
    /// (branch, tag, commit id or any revspec; empty = the remote's HEAD), and writes the tree
    /// of that commit, or of `subpath` inside it, into the existing directory `destDir`.
    /// Executable bits and symlinks are kept; submodules become empty directories. `.git` is
    /// not written. On failure files written so far stay in `destDir` (the caller owns it).
    [[nodiscard]] static Result<GitExportStats> exportTree(const QString &url, const QString &ref,
                                                           const QString &subpath, const QString &destDir,
                                                           const std::atomic_bool *cancel = nullptr);

    /// exportTree() that keeps the clone: the git directory is `gitDir` (which must not exist;
    /// removed again on failure) instead of a temporary one, set up so that `git status` of
    /// `workTree` (where `destDir` ends up; the work tree is recorded in `core.worktree`, no `.git`
    /// is written into it) compares against what was exported: HEAD is detached at the resolved
    /// commit (with `subpath`, at a parentless commit whose root tree is that subtree) and the index
    /// holds its tree. GitChanges::status() reads these (keptRepositoriesDir()).
    [[nodiscard]] static Result<GitExportStats> exportTreeKeepingClone(const QString &url, const QString &ref,
                                                                       const QString &subpath, const QString &destDir,
                                                                       const QString &gitDir, const QString &workTree,
                                                                       const std::atomic_bool *cancel = nullptr);

    /// Where the clones of a workspace's git_repo entries are kept: a directory per workspace
    /// (named by the SHA-1 of its absolute path) under the user's cache,
    /// `$XDG_CACHE_HOME/sandcastle/git-entries/`: outside the workspace, so the agent cannot
    /// rewrite them.
    [[nodiscard]] static QString keptRepositoriesDir(const QString &workspaceDir);

    /// Creates keptRepositoriesDir(workspaceDir) and records in it (`workspace.json`, written
    /// atomically; docs/FORMATS.md) which workspace its clones belong to and `stagingDir`, where
    /// that workspace is being built: pruneKeptRepositories() keeps the clones while the staging
    /// directory exists. The materializer calls it before it keeps the first clone. Io on failure.
    [[nodiscard]] static Result<void> recordKeptRepositories(const QString &workspaceDir, const QString &stagingDir);

    /// What pruneKeptRepositories() did.
    struct PruneReport
    {
        int workspaces = 0;   ///< keptRepositoriesDir() directories removed
        int clones = 0;       ///< single clones removed first (their directory may have gone after them)
        QStringList failures; ///< "<path>: why" for what could not be removed
    };

    /// Removes the kept clones nothing uses any more, under `$XDG_CACHE_HOME/sandcastle/git-entries`:
    /// a workspace's whole directory when its recorded workspace no longer exists (and its staging
    /// directory is gone), a single clone when its entry's directory (`core.worktree`) no longer
    /// exists in a workspace that does. A directory without a record (written before the record
    /// existed) loses the clones whose entry directory is gone, and goes when none is left. A clone
    /// holding its own commits (HEAD moved on from `sandcastle.exported` in its config: "commit
    /// accepted changes") is never removed, since they exist nowhere else. Nothing
    /// modified less than `grace` ago is removed (a materialization in another process may be
    /// creating it). Blocking (file system only): run it on a worker thread; safe to run while
    /// workspaces are materialized.
    [[nodiscard]] static PruneReport pruneKeptRepositories(std::chrono::seconds grace = std::chrono::hours(1));
};

} // namespace Sandcastle::Core
