// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/review/gitchanges.h"
#include "vcs/libgit2_p.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <git2.h>

#include <memory>

namespace Sandcastle::Core {

namespace {

using namespace Internal;

QString configValue(git_repository *repo, const char *name)
{
    git_config *raw = nullptr;
    if (git_repository_config_snapshot(&raw, repo) != 0) {
        return {};
    }
    const ConfigPtr config(raw);
    const char *value = nullptr;
    return git_config_get_string(&value, config.get(), name) == 0 && value ? QString::fromUtf8(value) : QString();
}

} // namespace

QByteArray GitChanges::patchText(const ChangeSet &set)
{
    QByteArray out;
    for (const ChangeSetFile &f : set.files) {
        if (f.writtenNothing) {
            continue;
        }
        const FileChange &c = f.change;
        const QByteArray after = f.written.value_or(c.after);
        const TextDiff diff = f.written ? TextDiffer::diff(c.before, after) : f.diff;
        const bool added = c.kind == FileChange::Kind::Add && !f.origin.existed;
        const bool deleted = c.kind == FileChange::Kind::Delete;
        const QString from = c.sourcePath.isEmpty() ? c.path : c.sourcePath;
        out += "diff --git a/" + from.toUtf8() + " b/" + c.path.toUtf8() + '\n';
        if (added) {
            out += "new file mode 100644\n";
        } else if (deleted) {
            out += "deleted file mode 100644\n";
        } else if (c.kind == FileChange::Kind::Move) {
            out += "rename from " + from.toUtf8() + "\nrename to " + c.path.toUtf8() + '\n';
        }
        if (diff.hunks.isEmpty() && !diff.binary) {
            continue; // a pure rename, or an empty file added/deleted
        }
        out += TextDiffer::unified(diff, added ? QString() : QStringLiteral("a/") + from,
                                   deleted ? QString() : QStringLiteral("b/") + c.path);
    }
    return out;
}

Result<QString> GitChanges::commit(const QString &workspaceDir, const ChangeSet &set, const QString &message)
{
    GitRuntime runtime;
    Result<WorkspaceRepository> opened = openWorkspaceRepository(workspaceDir);
    if (!opened) {
        return std::unexpected(opened.error());
    }
    const RepoPtr repo = std::move(opened->repo);
    const QString workdir = opened->workdir;
    const QString prefixSlash = opened->prefix;

    // The author first: a missing identity must change nothing.
    const QString name = configValue(repo.get(), "user.name");
    const QString email = configValue(repo.get(), "user.email");
    if (name.isEmpty() || email.isEmpty()) {
        QStringList missing;
        if (name.isEmpty()) {
            missing << QStringLiteral("user.name");
        }
        if (email.isEmpty()) {
            missing << QStringLiteral("user.email");
        }
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("cannot commit in %1: git config %2 %3 not set (the commit's author); set it with "
                                   "git config %4")
                        .arg(workdir, missing.join(QStringLiteral(" and ")),
                             missing.size() > 1 ? QStringLiteral("are") : QStringLiteral("is"), missing.first()));
    }
    git_signature *rawSig = nullptr;
    if (git_signature_now(&rawSig, name.toUtf8().constData(), email.toUtf8().constData()) != 0) {
        return fail(ErrorCode::InvalidInput,
                    gitError(QStringLiteral("cannot use %1 <%2> as the author").arg(name, email)));
    }
    const SignaturePtr signature(rawSig);

    git_index *rawIndex = nullptr;
    if (git_repository_index(&rawIndex, repo.get()) != 0) {
        return fail(ErrorCode::Io, gitError(QStringLiteral("cannot read the index of %1").arg(workdir)));
    }
    const IndexPtr index(rawIndex);
    QStringList paths;
    for (const ChangeSetFile &f : set.files) {
        if (f.writtenNothing) {
            continue;
        }
        paths << f.change.path;
        if (!f.change.sourcePath.isEmpty()) {
            paths << f.change.sourcePath;
        }
    }
    if (paths.isEmpty()) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("change set %1 wrote no files: nothing to commit").arg(set.id));
    }
    for (const QString &rel : std::as_const(paths)) {
        const QByteArray repoPath = (prefixSlash + rel).toUtf8();
        const bool exists = QFileInfo(workdir + QLatin1Char('/') + prefixSlash + rel).isFile();
        const int rc = exists ? git_index_add_bypath(index.get(), repoPath.constData())
                              : git_index_remove_bypath(index.get(), repoPath.constData());
        if (rc != 0) {
            return fail(ErrorCode::Io, gitError(QStringLiteral("cannot stage %1").arg(rel)));
        }
    }
    git_oid treeId;
    if (git_index_write(index.get()) != 0 || git_index_write_tree(&treeId, index.get()) != 0) {
        return fail(ErrorCode::Io, gitError(QStringLiteral("cannot write the index of %1").arg(workdir)));
    }
    git_tree *rawTree = nullptr;
    if (git_tree_lookup(&rawTree, repo.get(), &treeId) != 0) {
        return fail(ErrorCode::Io, gitError(QStringLiteral("cannot read the new tree")));
    }
    const TreePtr tree(rawTree);
    git_oid headId;
    CommitPtr parent;
    if (git_reference_name_to_id(&headId, repo.get(), "HEAD") == 0) {
        git_commit *rawParent = nullptr;
        if (git_commit_lookup(&rawParent, repo.get(), &headId) != 0) {
            return fail(ErrorCode::Io, gitError(QStringLiteral("cannot read HEAD")));
        }
        parent.reset(rawParent);
    }
    const git_commit *parents[] = {parent.get()};
    git_oid commitId;
    if (git_commit_create(&commitId, repo.get(), "HEAD", signature.get(), signature.get(), nullptr,
                          message.toUtf8().constData(), tree.get(), parent ? 1 : 0, parents) != 0) {
        return fail(ErrorCode::Io, gitError(QStringLiteral("cannot commit in %1").arg(workdir)));
    }
    char hex[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(hex, sizeof hex, &commitId);
    return QString::fromLatin1(hex);
}

} // namespace Sandcastle::Core
