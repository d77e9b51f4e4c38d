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

/// One commit GitChanges::commit() made.
struct GitCommit
{
    QString repository; ///< "" for the repository the workspace is in, else the git_repo entry's directory
    QString id;         ///< the new commit's id (40 hex digits)
    friend bool operator==(const GitCommit &, const GitCommit &) = default;
};

/// Who GitChanges::commit() would name as author and committer in one repository.
struct GitAuthor
{
    QString repository; ///< as GitCommit::repository
    QString name;
    QString email;
    friend bool operator==(const GitAuthor &, const GitAuthor &) = default;
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

    /// The authors commit() would use for `set`, one per repository in the same order, or the error
    /// it would fail with before committing anything (no identity, files in no repository).
    [[nodiscard]] static Result<QList<GitAuthor>> commitAuthors(const QString &workspaceDir, const ChangeSet &set);

    /// Commits the files `set` wrote (their current content in the work tree, which holds only the
    /// accepted hunks; deleted files removed from the index) on top of HEAD (or as the first
    /// commit), with `message`. A file inside a git_repo entry (entryRepositories()) is committed
    /// into that entry's kept clone, any other into the repository the workspace is in: one commit
    /// per repository, the workspace's own first, then the entries by path. The author and committer
    /// come from each repository's git config `user.name`/`user.email` (its own config, then the
    /// global and XDG ones, as libgit2's default signature reads them). Nothing is changed when a
    /// repository has no identity (InvalidInput naming the repository and the missing keys) or when
    /// files lie in no repository (InvalidInput listing them); NotFound when the workspace is in no
    /// repository and has no entries. A failure after an earlier repository was committed names the
    /// commits made. Returns the commits made.
    [[nodiscard]] static Result<QList<GitCommit>> commit(const QString &workspaceDir, const ChangeSet &set,
                                                         const QString &message);
};

} // namespace Sandcastle::Core
