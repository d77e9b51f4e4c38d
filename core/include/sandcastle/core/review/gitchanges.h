// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"
#include "sandcastle/core/review/changeset.h"

#include <QByteArray>
#include <QString>

namespace Sandcastle::Core {

/// git side of review (libgit2): export a change set as a patch and commit what a change set
/// wrote. The working tree status against HEAD is WorkspaceDiff::againstGitHead(). Stateless;
/// commit() blocks on repository I/O (run it on a worker thread).
class GitChanges
{
public:
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
