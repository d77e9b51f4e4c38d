// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// GitChanges::status(): `git status` of a workspace against HEAD with libgit2.
#include "sandcastle/core/review/gitchanges.h"
#include "vcs/libgit2_p.h"

#include <git2.h>

namespace Sandcastle::Core {

using namespace Internal;

QString gitFileStateName(GitFileStatus::State state)
{
    switch (state) {
    case GitFileStatus::State::Modified:
        return QStringLiteral("modified");
    case GitFileStatus::State::Added:
        return QStringLiteral("added");
    case GitFileStatus::State::Deleted:
        return QStringLiteral("deleted");
    case GitFileStatus::State::Untracked:
        return QStringLiteral("untracked");
    }
    return {};
}

Result<QList<GitFileStatus>> GitChanges::status(const QString &workspaceDir)
{
    GitRuntime runtime;
    Result<WorkspaceRepository> opened = openWorkspaceRepository(workspaceDir);
    if (!opened) {
        return std::unexpected(opened.error());
    }
    const RepoPtr repo = std::move(opened->repo);
    const QString prefix = opened->prefix;
    git_status_options opts = GIT_STATUS_OPTIONS_INIT;
    opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
    opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
                 GIT_STATUS_OPT_EXCLUDE_SUBMODULES | GIT_STATUS_OPT_SORT_CASE_SENSITIVELY;
    const QByteArray pathspec = prefix.toUtf8();
    char *specs[] = {const_cast<char *>(pathspec.constData())};
    if (!prefix.isEmpty()) {
        opts.pathspec = {specs, 1};
    }
    git_status_list *rawStatus = nullptr;
    if (git_status_list_new(&rawStatus, repo.get(), &opts) != 0) {
        return fail(ErrorCode::Io, gitError(QStringLiteral("git status of %1").arg(opened->workdir)));
    }
    const StatusPtr list(rawStatus);
    QList<GitFileStatus> out;
    const size_t count = git_status_list_entrycount(list.get());
    for (size_t k = 0; k < count; ++k) {
        const git_status_entry *e = git_status_byindex(list.get(), k);
        const unsigned flags = e->status;
        const git_diff_delta *delta = e->head_to_index ? e->head_to_index : e->index_to_workdir;
        if (!delta || (flags & GIT_STATUS_IGNORED) || flags == GIT_STATUS_CURRENT) {
            continue;
        }
        const char *raw = delta->new_file.path ? delta->new_file.path : delta->old_file.path;
        const QString path = QString::fromUtf8(raw);
        if (!path.startsWith(prefix)) {
            continue;
        }
        GitFileStatus::State state = GitFileStatus::State::Modified;
        if (flags & GIT_STATUS_INDEX_NEW) {
            if (flags & GIT_STATUS_WT_DELETED) {
                continue; // added to the index and deleted again: HEAD and the work tree agree
            }
            state = GitFileStatus::State::Added;
        } else if (flags & (GIT_STATUS_INDEX_DELETED | GIT_STATUS_WT_DELETED)) {
            state = GitFileStatus::State::Deleted;
        } else if (flags & GIT_STATUS_WT_NEW) {
            state = GitFileStatus::State::Untracked;
        }
        out.append(GitFileStatus{path.mid(prefix.size()), state});
    }
    std::sort(out.begin(), out.end(), [](const GitFileStatus &a, const GitFileStatus &b) { return a.path < b.path; });
    return out;
}

} // namespace Sandcastle::Core
