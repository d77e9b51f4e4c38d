// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"
#include "sandcastle/core/review/changeset.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Sandcastle::Core {

/// One path of `git status`: how the work tree (and index) differ from HEAD.
struct GitFileStatus
{
    enum class State { Modified, Added, Deleted, Untracked };
    QString path; ///< relative to the workspace
    State state = State::Modified;
    friend bool operator==(const GitFileStatus &, const GitFileStatus &) = default;
};

/// A git_repo manifest entry of a workspace whose clone was kept (GitFetcher::exportTreeKeepingClone()).
struct GitEntryRepository
{
    QString path;   ///< the entry's directory, relative to the workspace
    QString gitDir; ///< its git directory, outside the workspace
    friend bool operator==(const GitEntryRepository &, const GitEntryRepository &) = default;
};

[[nodiscard]] QString gitFileStateName(GitFileStatus::State state); ///< modified | added | deleted | untracked

/// git side of review (libgit2): the working tree status against HEAD, export a change set as a
/// patch and commit what a change set wrote. The changes' contents against HEAD are
/// WorkspaceDiff::againstGitHead(). Stateless; status() and commit() block on repository I/O (run
/// them on a worker thread).
class GitChanges
{
public:
    /// The paths under `workspaceDir` whose work tree or index differs from HEAD, sorted by path:
    /// Added (in the index, not in HEAD), Deleted (in HEAD, gone from the index or the work tree),
    /// Untracked (only in the work tree; ignored files are left out), Modified (anything else,
    /// type changes included). Without a HEAD (no commit yet) every indexed file is Added.
    /// The git_repo entries of the workspace (entryRepositories()) add their own status against
    /// the commit they were materialized from, their paths prefixed with the entry's directory.
    /// NotFound when `workspaceDir` is neither in a git repository nor has such entries.
    [[nodiscard]] static Result<QList<GitFileStatus>> status(const QString &workspaceDir);

    /// The git_repo entries materialized into `workspaceDir` whose clones are kept (in
    /// GitFetcher::keptRepositoriesDir()) and whose work tree still exists, sorted by path.
    [[nodiscard]] static QList<GitEntryRepository> entryRepositories(const QString &workspaceDir);

    /// The change set as `git diff` text: per file `diff --git a/P b/P`, `new file mode` /
    /// `deleted file mode` / `rename from`/`rename to` lines where they apply, `--- a/P` / `+++ b/P`
    /// (`/dev/null` for added and deleted files), the hunks with exact line bytes and `\ No newline
    /// at end of file`; binary files as `Binary files a/P and b/P differ`. What the review wrote
    /// counts (ChangeSetFile::written; files it left untouched are skipped). `git apply` accepts it.
    [[nodiscard]] static QByteArray patchText(const ChangeSet &set);

    /// Commits the files `set` wrote (their current content in the work tree; deleted files
    /// removed from the index) on top of HEAD (or as the first commit), with `message`. The author
    /// and committer come from git config `user.name`/`user.email`; when either is missing the
    /// commit fails with InvalidInput saying so and nothing is changed. NotFound when
    /// `workspaceDir` is not in a git repository. Returns the new commit's id (40 hex digits).
    [[nodiscard]] static Result<QString> commit(const QString &workspaceDir, const ChangeSet &set,
                                                const QString &message);
};

} // namespace Sandcastle::Core
