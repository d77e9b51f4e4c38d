// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/vcs/gitfetcher.h"
#include "vcs/libgit2_p.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <git2.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace Sandcastle::Core {

namespace {

using namespace Internal;

QString lastGitError()
{
    const git_error *e = git_error_last();
    return e && e->message ? QString::fromUtf8(e->message) : QStringLiteral("unknown libgit2 error");
}

bool cancelled(const std::atomic_bool *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

int transferProgress(const git_indexer_progress *, void *payload)
{
    return cancelled(static_cast<const std::atomic_bool *>(payload)) ? GIT_EUSER : 0;
}

class Exporter
{
public:
    Exporter(git_repository *repo, const std::atomic_bool *cancel)
        : m_repo(repo)
        , m_cancel(cancel)
    {}

    Result<void> writeTree(const git_tree *tree, const QByteArray &dir)
    {
        const size_t count = git_tree_entrycount(tree);
        for (size_t i = 0; i < count; ++i) {
            if (cancelled(m_cancel)) {
                return fail(ErrorCode::Cancelled, QStringLiteral("git checkout cancelled"));
            }
            const git_tree_entry *entry = git_tree_entry_byindex(tree, i);
            const QByteArray path = dir + '/' + git_tree_entry_name(entry);
            const git_filemode_t mode = git_tree_entry_filemode(entry);
            if (mode == GIT_FILEMODE_TREE || mode == GIT_FILEMODE_COMMIT) {
                if (::mkdir(path.constData(), 0755) != 0) {
                    // An existing directory is fine (entries may overlap); a symlink or file is not.
                    struct stat st{};
                    if (errno != EEXIST || ::lstat(path.constData(), &st) != 0 || !S_ISDIR(st.st_mode)) {
                        return ioError(path);
                    }
                }
                ++m_stats.dirs;
                if (mode == GIT_FILEMODE_COMMIT) {
                    continue;
                }
                git_tree *sub = nullptr;
                if (git_tree_lookup(&sub, m_repo, git_tree_entry_id(entry)) != 0) {
                    return fail(ErrorCode::Io, QStringLiteral("cannot read git tree: %1").arg(lastGitError()));
                }
                TreePtr subTree(sub);
                if (auto r = writeTree(subTree.get(), path); !r) {
                    return r;
                }
                continue;
            }
            git_blob *b = nullptr;
            if (git_blob_lookup(&b, m_repo, git_tree_entry_id(entry)) != 0) {
                return fail(ErrorCode::Io, QStringLiteral("cannot read git blob: %1").arg(lastGitError()));
            }
            BlobPtr blob(b);
            const auto size = static_cast<size_t>(git_blob_rawsize(blob.get()));
            const auto *data = static_cast<const char *>(git_blob_rawcontent(blob.get()));
            if (mode == GIT_FILEMODE_LINK) {
                const QByteArray target(data, qsizetype(size));
                if (::symlink(target.constData(), path.constData()) != 0) {
                    return ioError(path);
                }
            } else {
                const mode_t fileMode = mode == GIT_FILEMODE_BLOB_EXECUTABLE ? 0755 : 0644;
                const int fd =
                    ::open(path.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, fileMode);
                if (fd < 0) {
                    return ioError(path);
                }
                size_t done = 0;
                while (done < size) {
                    const ssize_t n = ::write(fd, data + done, size - done);
                    if (n < 0 && errno == EINTR) {
                        continue;
                    }
                    if (n <= 0) {
                        const int saved = errno;
                        ::close(fd);
                        errno = saved;
                        return ioError(path);
                    }
                    done += size_t(n);
                }
                ::fchmod(fd, fileMode);
                ::close(fd);
                m_stats.bytes += qint64(size);
            }
            ++m_stats.files;
        }
        return {};
    }

    GitExportStats m_stats;

private:
    static std::unexpected<Error> ioError(const QByteArray &path)
    {
        return fail(ErrorCode::Io,
                    QStringLiteral("cannot write %1: %2")
                        .arg(QString::fromLocal8Bit(path), QString::fromLocal8Bit(std::strerror(errno))),
                    QString::fromLocal8Bit(path));
    }

    git_repository *m_repo;
    const std::atomic_bool *m_cancel;
};

Result<ObjectPtr> resolveCommit(git_repository *repo, const QString &ref)
{
    QStringList candidates;
    if (ref.isEmpty()) {
        candidates << QStringLiteral("HEAD");
    } else {
        // A bare clone by libgit2 keeps the remote's branches under refs/remotes/origin.
        candidates << QStringLiteral("refs/remotes/origin/") + ref << QStringLiteral("refs/heads/") + ref
                   << QStringLiteral("refs/tags/") + ref << ref;
    }
    for (const QString &c : std::as_const(candidates)) {
        git_object *obj = nullptr;
        if (git_revparse_single(&obj, repo, c.toUtf8().constData()) != 0) {
            continue;
        }
        ObjectPtr o(obj);
        git_object *commit = nullptr;
        if (git_object_peel(&commit, o.get(), GIT_OBJECT_COMMIT) != 0) {
            continue;
        }
        return ObjectPtr(commit);
    }
    return fail(ErrorCode::InvalidInput,
                QStringLiteral("ref '%1' is not a branch, tag or commit of the repository").arg(ref), ref);
}

} // namespace

QString GitFetcher::resolveRepositoryUrl(const QString &repo, const QString &host, const QString &baseDir)
{
    if (repo.contains(QStringLiteral("://")) || repo.startsWith(QStringLiteral("git@"))) {
        return repo;
    }
    const QString local = QDir(baseDir.isEmpty() ? QDir::currentPath() : baseDir).absoluteFilePath(repo);
    static const QRegularExpression ownerName(QStringLiteral("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$"));
    if (QFileInfo(local).isDir() || !ownerName.match(repo).hasMatch()) {
        return QDir::cleanPath(local);
    }
    QString name = repo;
    if (name.endsWith(QStringLiteral(".git"))) {
        name.chop(4);
    }
    return QStringLiteral("https://%1/%2.git").arg(host, name);
}

namespace {

/// Clones `url` bare into `clonePath` and writes the tree of `ref` (or its `subpath`) into
/// `destDir`; `tree` is set to the exported tree.
Result<GitExportStats> cloneAndExport(const QString &url, const QString &ref, const QString &subpath,
                                      const QString &destDir, const QByteArray &clonePath,
                                      const std::atomic_bool *cancel, RepoPtr &repo, TreePtr &tree)
{
    git_clone_options opts = GIT_CLONE_OPTIONS_INIT;
    opts.bare = 1;
    opts.fetch_opts.callbacks.transfer_progress = transferProgress;
    opts.fetch_opts.callbacks.payload = const_cast<std::atomic_bool *>(cancel);
    git_repository *raw = nullptr;
    if (git_clone(&raw, url.toUtf8().constData(), clonePath.constData(), &opts) != 0) {
        if (cancelled(cancel)) {
            return fail(ErrorCode::Cancelled, QStringLiteral("git clone cancelled"));
        }
        return fail(ErrorCode::Network, QStringLiteral("cannot clone %1: %2").arg(url, lastGitError()), url);
    }
    repo.reset(raw);
    auto commit = resolveCommit(repo.get(), ref);
    if (!commit) {
        return std::unexpected(commit.error());
    }
    git_object *treeObj = nullptr;
    if (git_object_peel(&treeObj, commit->get(), GIT_OBJECT_TREE) != 0) {
        return fail(ErrorCode::Io, QStringLiteral("cannot read the tree of %1: %2").arg(ref, lastGitError()));
    }
    tree.reset(reinterpret_cast<git_tree *>(treeObj));
    if (!subpath.isEmpty()) {
        git_tree_entry *raw_entry = nullptr;
        if (git_tree_entry_bypath(&raw_entry, tree.get(), subpath.toUtf8().constData()) != 0) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("subpath '%1' does not exist in %2 at '%3'").arg(subpath, url, ref), subpath);
        }
        EntryPtr entry(raw_entry);
        if (git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("subpath '%1' in %2 is not a directory").arg(subpath, url), subpath);
        }
        git_tree *sub = nullptr;
        if (git_tree_lookup(&sub, repo.get(), git_tree_entry_id(entry.get())) != 0) {
            return fail(ErrorCode::Io, QStringLiteral("cannot read git tree: %1").arg(lastGitError()));
        }
        tree.reset(sub);
    }
    Exporter exporter(repo.get(), cancel);
    exporter.m_stats.commit = QString::fromLatin1(git_oid_tostr_s(git_object_id(commit->get())));
    if (auto r = exporter.writeTree(tree.get(), QFile::encodeName(destDir)); !r) {
        return std::unexpected(r.error());
    }
    return exporter.m_stats;
}

/// Points the kept clone at `workTree`: HEAD detached at `commit` (or at a parentless commit of
/// `tree` when that is a subpath), core.worktree set, the index holding `tree`.
Result<void> keepClone(RepoPtr repo, const git_tree *tree, const QString &commit, const QString &subpath,
                       const QString &gitDir, const QString &workTree)
{
    const auto failed = [&gitDir](const QString &what) {
        return fail(ErrorCode::Io,
                    QStringLiteral("cannot keep the clone in %1: %2: %3").arg(gitDir, what, lastGitError()), gitDir);
    };
    // `tree` belongs to `repo`, which is reopened below: only its id survives that.
    const git_oid treeId = *git_tree_id(tree);
    git_oid head;
    if (git_oid_fromstr(&head, commit.toLatin1().constData()) != 0) {
        return failed(QStringLiteral("bad commit id"));
    }
    if (!subpath.isEmpty()) {
        git_signature *rawSig = nullptr;
        if (git_signature_now(&rawSig, "Sandcastle", "sandcastle@localhost") != 0) {
            return failed(QStringLiteral("signature"));
        }
        const SignaturePtr sig(rawSig);
        const QByteArray message = QStringLiteral("%1 of %2\n").arg(subpath, commit).toUtf8();
        if (git_commit_create(&head, repo.get(), nullptr, sig.get(), sig.get(), nullptr, message.constData(), tree, 0,
                              nullptr) != 0) {
            return failed(QStringLiteral("cannot create the subpath's commit"));
        }
    }
    if (git_repository_set_head_detached(repo.get(), &head) != 0) {
        return failed(QStringLiteral("cannot set HEAD"));
    }
    git_config *rawConfig = nullptr;
    if (git_repository_config(&rawConfig, repo.get()) != 0) {
        return failed(QStringLiteral("cannot open its config"));
    }
    const ConfigPtr config(rawConfig);
    if (git_config_set_bool(config.get(), "core.bare", 0) != 0 ||
        git_config_set_string(config.get(), "core.worktree", QFile::encodeName(workTree).constData()) != 0 ||
        git_config_set_string(config.get(), "sandcastle.exported", git_oid_tostr_s(&head)) != 0) {
        return failed(QStringLiteral("cannot write its config"));
    }
    repo.reset();
    git_repository *raw = nullptr;
    if (git_repository_open_bare(&raw, QFile::encodeName(gitDir).constData()) != 0) {
        return failed(QStringLiteral("cannot reopen it"));
    }
    repo.reset(raw);
    git_index *rawIndex = nullptr;
    if (git_repository_index(&rawIndex, repo.get()) != 0) {
        return failed(QStringLiteral("cannot open its index"));
    }
    const IndexPtr index(rawIndex);
    git_tree *rawTree = nullptr;
    if (git_tree_lookup(&rawTree, repo.get(), &treeId) != 0) {
        return failed(QStringLiteral("cannot find the exported tree"));
    }
    const TreePtr reopenedTree(rawTree);
    if (git_index_read_tree(index.get(), reopenedTree.get()) != 0 || git_index_write(index.get()) != 0) {
        return failed(QStringLiteral("cannot write its index"));
    }
    return {};
}

} // namespace

Result<GitExportStats> GitFetcher::exportTree(const QString &url, const QString &ref, const QString &subpath,
                                              const QString &destDir, const std::atomic_bool *cancel)
{
    ensureLibgit2();
    QTemporaryDir work(QDir::tempPath() + QStringLiteral("/sandcastle-git-XXXXXX"));
    if (!work.isValid()) {
        return fail(ErrorCode::Io, QStringLiteral("cannot create a temporary directory: %1").arg(work.errorString()));
    }
    RepoPtr repo;
    TreePtr tree;
    return cloneAndExport(url, ref, subpath, destDir, QFile::encodeName(work.path() + QStringLiteral("/repo.git")),
                          cancel, repo, tree);
}

Result<GitExportStats> GitFetcher::exportTreeKeepingClone(const QString &url, const QString &ref,
                                                          const QString &subpath, const QString &destDir,
                                                          const QString &gitDir, const QString &workTree,
                                                          const std::atomic_bool *cancel)
{
    ensureLibgit2();
    if (QFileInfo::exists(gitDir) || !QDir().mkpath(QFileInfo(gitDir).absolutePath())) {
        return fail(ErrorCode::Io,
                    QStringLiteral("cannot keep the clone in %1: it exists or its parent cannot be made").arg(gitDir),
                    gitDir);
    }
    RepoPtr repo;
    TreePtr tree;
    auto stats = cloneAndExport(url, ref, subpath, destDir, QFile::encodeName(gitDir), cancel, repo, tree);
    if (stats) {
        if (auto kept = keepClone(std::move(repo), tree.get(), stats->commit, subpath, gitDir, workTree); !kept) {
            stats = std::unexpected(kept.error());
        }
    }
    if (!stats) {
        repo.reset();
        QDir(gitDir).removeRecursively();
    }
    return stats;
}

} // namespace Sandcastle::Core
