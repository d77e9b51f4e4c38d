// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// libgit2 helpers shared by the git fetcher (manifest git_repo entries) and the review code:
// one init/shutdown pair, owning pointers for libgit2 objects and the last error as text.

#include "sandcastle/core/result.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>

#include <git2.h>

#include <memory>

namespace Sandcastle::Core::Internal {

/// git_libgit2_init/shutdown are reference counted and thread-safe; a scope that uses libgit2
/// holds one of these (or calls ensureLibgit2() for one pair per process).
struct GitRuntime
{
    GitRuntime() { git_libgit2_init(); }
    ~GitRuntime() { git_libgit2_shutdown(); }
    GitRuntime(const GitRuntime &) = delete;
    GitRuntime &operator=(const GitRuntime &) = delete;
};

inline void ensureLibgit2()
{
    static GitRuntime runtime;
}

template<class T, void (*Free)(T *)>
struct GitDeleter
{
    void operator()(T *p) const { Free(p); }
};
using RepoPtr = std::unique_ptr<git_repository, GitDeleter<git_repository, git_repository_free>>;
using ObjectPtr = std::unique_ptr<git_object, GitDeleter<git_object, git_object_free>>;
using TreePtr = std::unique_ptr<git_tree, GitDeleter<git_tree, git_tree_free>>;
using EntryPtr = std::unique_ptr<git_tree_entry, GitDeleter<git_tree_entry, git_tree_entry_free>>;
using BlobPtr = std::unique_ptr<git_blob, GitDeleter<git_blob, git_blob_free>>;
using IndexPtr = std::unique_ptr<git_index, GitDeleter<git_index, git_index_free>>;
using CommitPtr = std::unique_ptr<git_commit, GitDeleter<git_commit, git_commit_free>>;
using SignaturePtr = std::unique_ptr<git_signature, GitDeleter<git_signature, git_signature_free>>;
using StatusPtr = std::unique_ptr<git_status_list, GitDeleter<git_status_list, git_status_list_free>>;
using ConfigPtr = std::unique_ptr<git_config, GitDeleter<git_config, git_config_free>>;

/// "<what>: <libgit2's last error message>".
inline QString gitError(const QString &what)
{
    const git_error *e = git_error_last();
    return QStringLiteral("%1: %2").arg(what, e && e->message ? QString::fromUtf8(e->message) : QStringLiteral("?"));
}

/// The git repository a workspace directory is in, and the workspace's path inside its work tree.
struct WorkspaceRepository
{
    RepoPtr repo;
    QString workdir; ///< the work tree, canonical, without a trailing slash
    QString prefix;  ///< "" when the workspace is the work tree's root, else "sub/dir/"
};

/// Opens the repository around `workspaceDir` (searching upwards); NotFound when there is none or
/// it is bare. The caller holds a GitRuntime.
inline Result<WorkspaceRepository> openWorkspaceRepository(const QString &workspaceDir)
{
    const QString absolute = QFileInfo(workspaceDir).canonicalFilePath();
    git_repository *raw = nullptr;
    if (git_repository_open_ext(&raw, QFile::encodeName(absolute).constData(), 0, nullptr) != 0) {
        return fail(ErrorCode::NotFound, QStringLiteral("%1 is not inside a git repository").arg(workspaceDir),
                    gitError(QStringLiteral("git_repository_open_ext")));
    }
    WorkspaceRepository opened{RepoPtr(raw), {}, {}};
    const char *workdir = git_repository_workdir(opened.repo.get());
    if (!workdir) {
        return fail(ErrorCode::NotFound, QStringLiteral("the git repository of %1 is bare").arg(workspaceDir));
    }
    opened.workdir = QFileInfo(QFile::decodeName(workdir)).canonicalFilePath();
    const QString prefix = QDir(opened.workdir).relativeFilePath(absolute);
    opened.prefix = prefix == QLatin1String(".") ? QString() : prefix + QLatin1Char('/');
    return opened;
}

} // namespace Sandcastle::Core::Internal
