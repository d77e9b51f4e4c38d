// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// GitChanges::status(): `git status` of a workspace against HEAD with libgit2.
#include "sandcastle/core/review/gitchanges.h"
#include "sandcastle/core/vcs/gitfetcher.h"
#include "vcs/libgit2_p.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

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

namespace {

/// Appends the status of `repo`'s paths under `prefix` to `out`, each path with `prefix` replaced
/// by `outPrefix`; false (with libgit2's error) when the status cannot be read.
bool appendStatus(git_repository *repo, const QString &prefix, const QString &outPrefix, QList<GitFileStatus> &out)
{
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
    if (git_status_list_new(&rawStatus, repo, &opts) != 0) {
        return false;
    }
    const StatusPtr list(rawStatus);
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
        out.append(GitFileStatus{outPrefix + path.mid(prefix.size()), state});
    }
    return true;
}

} // namespace

QList<GitEntryRepository> GitChanges::entryRepositories(const QString &workspaceDir)
{
    QList<GitEntryRepository> out;
    const QDir store(GitFetcher::keptRepositoriesDir(workspaceDir));
    const QStringList dirs = store.entryList({QStringLiteral("*.git")}, QDir::Dirs | QDir::NoDotAndDotDot);
    if (dirs.isEmpty()) {
        return out;
    }
    GitRuntime runtime;
    const QString workspace = QFileInfo(workspaceDir).canonicalFilePath();
    for (const QString &name : dirs) {
        const QString gitDir = store.filePath(name);
        git_repository *raw = nullptr;
        if (git_repository_open_ext(&raw, QFile::encodeName(gitDir).constData(), GIT_REPOSITORY_OPEN_NO_SEARCH,
                                    nullptr) != 0) {
            continue;
        }
        const RepoPtr repo(raw);
        const char *workdir = git_repository_workdir(repo.get());
        const QString work = workdir ? QFileInfo(QFile::decodeName(workdir)).canonicalFilePath() : QString();
        if (work.isEmpty() || workspace.isEmpty() || !work.startsWith(workspace + QLatin1Char('/'))) {
            continue;
        }
        out.append(GitEntryRepository{work.mid(workspace.size() + 1), gitDir});
    }
    std::sort(out.begin(), out.end(),
              [](const GitEntryRepository &a, const GitEntryRepository &b) { return a.path < b.path; });
    return out;
}

Result<QList<GitFileStatus>> GitChanges::status(const QString &workspaceDir)
{
    GitRuntime runtime;
    const QList<GitEntryRepository> entries = entryRepositories(workspaceDir);
    Result<WorkspaceRepository> opened = openWorkspaceRepository(workspaceDir);
    if (!opened && (opened.error().code != ErrorCode::NotFound || entries.isEmpty())) {
        return std::unexpected(opened.error());
    }
    QList<GitFileStatus> out;
    if (opened && !appendStatus(opened->repo.get(), opened->prefix, QString(), out)) {
        return fail(ErrorCode::Io, gitError(QStringLiteral("git status of %1").arg(opened->workdir)));
    }
    for (const GitEntryRepository &entry : entries) {
        // The entry's files are the entry's business, not the surrounding repository's.
        const QString under = entry.path + QLatin1Char('/');
        out.removeIf([&under](const GitFileStatus &s) { return s.path.startsWith(under); });
        git_repository *raw = nullptr;
        if (git_repository_open_ext(&raw, QFile::encodeName(entry.gitDir).constData(), GIT_REPOSITORY_OPEN_NO_SEARCH,
                                    nullptr) != 0) {
            return fail(ErrorCode::Io, gitError(QStringLiteral("cannot open the clone of %1").arg(entry.path)));
        }
        const RepoPtr repo(raw);
        if (!appendStatus(repo.get(), QString(), under, out)) {
            return fail(ErrorCode::Io, gitError(QStringLiteral("git status of %1").arg(entry.path)));
        }
    }
    std::sort(out.begin(), out.end(), [](const GitFileStatus &a, const GitFileStatus &b) { return a.path < b.path; });
    return out;
}

} // namespace Sandcastle::Core
