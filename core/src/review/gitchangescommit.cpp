// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// GitChanges::commit(): the files a change set wrote, committed into the repository the workspace
// is in and into the kept clones of its git_repo entries (one commit per repository), with libgit2.
#include "sandcastle/core/review/gitchanges.h"
#include "vcs/libgit2_p.h"

#include <QFile>
#include <QFileInfo>

#include <git2.h>

#include <algorithm>
#include <vector>

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

/// One repository a commit goes into, with the paths (relative to its work tree) to stage.
struct CommitTarget
{
    QString repository; ///< GitCommit::repository
    QString label;      ///< how errors name it
    QString configHint; ///< the `git config` command that sets an identity for it
    QString gitDir;     ///< an entry's kept clone, opened once every path has its repository
    RepoPtr repo;
    QStringList paths;
    SignaturePtr signature;
};

/// The author and committer from `target`'s config; InvalidInput naming what is missing.
Result<void> readIdentity(CommitTarget &target)
{
    const QString name = configValue(target.repo.get(), "user.name");
    const QString email = configValue(target.repo.get(), "user.email");
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
                                   "%4 %5")
                        .arg(target.label, missing.join(QStringLiteral(" and ")),
                             missing.size() > 1 ? QStringLiteral("are") : QStringLiteral("is"), target.configHint,
                             missing.first()));
    }
    git_signature *raw = nullptr;
    if (git_signature_now(&raw, name.toUtf8().constData(), email.toUtf8().constData()) != 0) {
        return fail(ErrorCode::InvalidInput,
                    gitError(QStringLiteral("cannot use %1 <%2> as the author").arg(name, email)));
    }
    target.signature.reset(raw);
    return {};
}

/// Stages `target.paths` (present files added, missing ones removed) and commits on top of HEAD.
Result<QString> commitInto(const CommitTarget &target, const QString &message)
{
    git_repository *repo = target.repo.get();
    const char *workdirRaw = git_repository_workdir(repo);
    const QString workdir = workdirRaw ? QFile::decodeName(workdirRaw) : QString();
    git_index *rawIndex = nullptr;
    if (git_repository_index(&rawIndex, repo) != 0) {
        return fail(ErrorCode::Io, gitError(QStringLiteral("cannot read the index of %1").arg(target.label)));
    }
    const IndexPtr index(rawIndex);
    for (const QString &rel : target.paths) {
        const QByteArray repoPath = rel.toUtf8();
        const bool exists = QFileInfo(workdir + rel).isFile();
        const int rc = exists ? git_index_add_bypath(index.get(), repoPath.constData())
                              : git_index_remove_bypath(index.get(), repoPath.constData());
        if (rc != 0) {
            return fail(ErrorCode::Io, gitError(QStringLiteral("cannot stage %1 in %2").arg(rel, target.label)));
        }
    }
    git_oid treeId;
    if (git_index_write(index.get()) != 0 || git_index_write_tree(&treeId, index.get()) != 0) {
        return fail(ErrorCode::Io, gitError(QStringLiteral("cannot write the index of %1").arg(target.label)));
    }
    git_tree *rawTree = nullptr;
    if (git_tree_lookup(&rawTree, repo, &treeId) != 0) {
        return fail(ErrorCode::Io, gitError(QStringLiteral("cannot read the new tree of %1").arg(target.label)));
    }
    const TreePtr tree(rawTree);
    git_oid headId;
    CommitPtr parent;
    if (git_reference_name_to_id(&headId, repo, "HEAD") == 0) {
        git_commit *rawParent = nullptr;
        if (git_commit_lookup(&rawParent, repo, &headId) != 0) {
            return fail(ErrorCode::Io, gitError(QStringLiteral("cannot read HEAD of %1").arg(target.label)));
        }
        parent.reset(rawParent);
    }
    const git_commit *parents[] = {parent.get()};
    git_oid commitId;
    // "HEAD" moves the current branch, or HEAD itself where it is detached (a kept clone).
    if (git_commit_create(&commitId, repo, "HEAD", target.signature.get(), target.signature.get(), nullptr,
                          message.toUtf8().constData(), tree.get(), parent ? 1 : 0, parents) != 0) {
        return fail(ErrorCode::Io, gitError(QStringLiteral("cannot commit in %1").arg(target.label)));
    }
    char hex[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(hex, sizeof hex, &commitId);
    return QString::fromLatin1(hex);
}

QStringList writtenPaths(const ChangeSet &set)
{
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
    return paths;
}

/// The repositories the files of `set` go to, opened, each with its author (or the error commit() reports).
/// The caller holds a GitRuntime.
Result<std::vector<CommitTarget>> planCommit(const QString &workspaceDir, const ChangeSet &set)
{
    const QStringList paths = writtenPaths(set);
    if (paths.isEmpty()) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("change set %1 wrote no files: nothing to commit").arg(set.id));
    }
    const QList<GitEntryRepository> entries = GitChanges::entryRepositories(workspaceDir);
    Result<WorkspaceRepository> opened = openWorkspaceRepository(workspaceDir);
    if (!opened && (opened.error().code != ErrorCode::NotFound || entries.isEmpty())) {
        return std::unexpected(opened.error());
    }

    // Each path goes to the entry it lies in, else to the workspace's repository; targets.first() is that one.
    std::vector<CommitTarget> targets;
    targets.push_back(CommitTarget{});
    if (opened) {
        targets.front().label = opened->workdir;
        targets.front().configHint = QStringLiteral("git config");
        targets.front().repo = std::move(opened->repo);
    }
    for (const GitEntryRepository &entry : entries) {
        CommitTarget &target = targets.emplace_back();
        target.repository = entry.path;
        target.label = QStringLiteral("the git_repo entry %1 (its clone %2)").arg(entry.path, entry.gitDir);
        target.configHint = QStringLiteral("git --git-dir=%1 config").arg(entry.gitDir);
        target.gitDir = entry.gitDir;
    }
    QStringList outside;
    for (const QString &rel : paths) {
        auto it = targets.end(); // the innermost entry holding `rel`
        for (auto t = targets.begin() + 1; t != targets.end(); ++t) {
            if (rel.startsWith(t->repository + QLatin1Char('/')) &&
                (it == targets.end() || t->repository.size() > it->repository.size())) {
                it = t;
            }
        }
        if (it != targets.end()) {
            it->paths << rel.mid(it->repository.size() + 1);
        } else if (targets.front().repo) {
            targets.front().paths << opened->prefix + rel;
        } else {
            outside << rel;
        }
    }
    if (!outside.isEmpty()) {
        QStringList entryPaths;
        for (const GitEntryRepository &entry : entries) {
            entryPaths << entry.path;
        }
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("cannot commit: no git repository holds %2: %1 is not in a git repository and "
                                   "its git_repo entries are %3")
                        .arg(workspaceDir, outside.join(QStringLiteral(", ")),
                             entryPaths.isEmpty() ? QStringLiteral("none") : entryPaths.join(QStringLiteral(", "))));
    }
    std::erase_if(targets, [](const CommitTarget &t) { return t.paths.isEmpty(); });

    // Every repository opened and every author known before the first commit: a missing identity changes nothing.
    for (CommitTarget &target : targets) {
        if (!target.repo) {
            git_repository *raw = nullptr;
            if (git_repository_open_ext(&raw, QFile::encodeName(target.gitDir).constData(),
                                        GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
                return fail(ErrorCode::Io, gitError(QStringLiteral("cannot open %1").arg(target.label)));
            }
            target.repo.reset(raw);
        }
        if (auto identity = readIdentity(target); !identity) {
            return std::unexpected(identity.error());
        }
    }
    return targets;
}

} // namespace

Result<QList<GitAuthor>> GitChanges::commitAuthors(const QString &workspaceDir, const ChangeSet &set)
{
    GitRuntime runtime;
    Result<std::vector<CommitTarget>> targets = planCommit(workspaceDir, set);
    if (!targets) {
        return std::unexpected(targets.error());
    }
    QList<GitAuthor> authors;
    for (const CommitTarget &target : *targets) {
        authors.append(GitAuthor{target.repository, QString::fromUtf8(target.signature->name),
                                 QString::fromUtf8(target.signature->email)});
    }
    return authors;
}

Result<QList<GitCommit>> GitChanges::commit(const QString &workspaceDir, const ChangeSet &set, const QString &message)
{
    GitRuntime runtime;
    Result<std::vector<CommitTarget>> planned = planCommit(workspaceDir, set);
    if (!planned) {
        return std::unexpected(planned.error());
    }
    const std::vector<CommitTarget> targets = std::move(*planned);
    QList<GitCommit> made;
    for (const CommitTarget &target : targets) {
        const Result<QString> id = commitInto(target, message);
        if (!id) {
            if (made.isEmpty()) {
                return std::unexpected(id.error());
            }
            QStringList done;
            for (const GitCommit &c : std::as_const(made)) {
                done << QStringLiteral("%1 in %2")
                            .arg(c.id.left(10), c.repository.isEmpty() ? workspaceDir : c.repository);
            }
            return fail(
                id.error().code,
                QStringLiteral("%1 (already committed: %2)").arg(id.error().message, done.join(QStringLiteral(", "))));
        }
        made.append(GitCommit{target.repository, *id});
    }
    return made;
}

} // namespace Sandcastle::Core
