// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/review/workspacediff.h"

#include "snapshot/snapshot_p.h"
#include "vcs/libgit2_p.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <git2.h>

#include <memory>

namespace Sandcastle::Core {

namespace {

using namespace Internal;

namespace Snap = Internal::Snapshots;

bool excludedPath(const QString &rel, const QStringList &excluded)
{
    if (rel == QLatin1String(".git") || rel.startsWith(QLatin1String(".git/"))) {
        return true;
    }
    for (const QString &e : excluded) {
        if (rel == e || rel.startsWith(e + QLatin1Char('/'))) {
            return true;
        }
    }
    return false;
}

// Regular files of the workspace (symlinks not followed), relative path -> absolute path.
QMap<QString, QString> workspaceFiles(const QString &workspaceDir, const QStringList &excluded)
{
    QMap<QString, QString> files;
    const QDir root(workspaceDir);
    QDirIterator it(workspaceDir, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo info = it.nextFileInfo();
        const QString rel = root.relativeFilePath(info.filePath());
        if (info.isSymLink() || !info.isFile() || excludedPath(rel, excluded)) {
            continue;
        }
        files.insert(rel, info.filePath());
    }
    return files;
}

Result<QByteArray> readFile(const QString &path, const QString &rel)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return fail(ErrorCode::Io, QStringLiteral("Failed to read file %1: %2").arg(rel, f.errorString()));
    }
    return f.readAll();
}

// Unix mode bits (0777) as QFile permissions (owner and user alike).
QFile::Permissions permissionsOf(quint32 mode)
{
    const int other = int(mode & 07);
    const int group = int((mode >> 3) & 07);
    const int owner = int((mode >> 6) & 07);
    return QFile::Permissions::fromInt(other | group << 4 | owner << 8 | owner << 12);
}

} // namespace

Result<WorkspaceChanges> WorkspaceDiff::againstSnapshot(const QString &storeDir, const QString &snapshotId,
                                                        const QString &workspaceDir, const QStringList &excluded)
{
    const auto record = Snap::loadRecord(storeDir, snapshotId);
    if (!record) {
        return std::unexpected(record.error());
    }
    const auto entries = Snap::loadEntries(storeDir, *record);
    if (!entries) {
        return std::unexpected(entries.error());
    }
    const Snap::BlobStore blobs(storeDir);
    QHash<QString, Snap::SnapshotEntry> before;
    for (const Snap::SnapshotEntry &e : *entries) {
        if (e.type == Snap::SnapshotEntryType::File && !excludedPath(e.path, excluded)) {
            before.insert(e.path, e);
        }
    }
    const QMap<QString, QString> now = workspaceFiles(workspaceDir, excluded);
    QStringList paths = before.keys();
    for (auto it = now.cbegin(); it != now.cend(); ++it) {
        if (!before.contains(it.key())) {
            paths.append(it.key());
        }
    }
    paths.sort();
    WorkspaceChanges out;
    for (const QString &rel : std::as_const(paths)) {
        const auto was = before.constFind(rel);
        const bool existed = was != before.cend();
        const QString host = now.value(rel);
        QByteArray after;
        if (!host.isEmpty()) {
            const auto bytes = readFile(host, rel);
            if (!bytes) {
                return std::unexpected(bytes.error());
            }
            after = *bytes;
            if (existed && was->size == after.size() && Snap::sha256Hex(after) == was->sha256) {
                continue;
            }
        }
        QByteArray old;
        if (existed) {
            const auto bytes = blobs.readAll(was->sha256);
            if (!bytes) {
                return std::unexpected(bytes.error());
            }
            old = *bytes;
        }
        const auto kind = !existed         ? FileChange::Kind::Add
                          : host.isEmpty() ? FileChange::Kind::Delete
                                           : FileChange::Kind::Update;
        out.changes.append(FileChange{kind, rel, {}, old, after});
        out.origins.append(FileOrigin{existed, existed ? permissionsOf(was->mode) : QFile::Permissions()});
    }
    return out;
}

Result<WorkspaceChanges> WorkspaceDiff::againstLatestSnapshot(const QString &storeDir, const QString &workspaceDir,
                                                              const QStringList &excluded)
{
    if (!QFileInfo::exists(storeDir + QStringLiteral("/snapshots"))) {
        return fail(ErrorCode::NotFound, QStringLiteral("the snapshot store %1 holds no snapshot").arg(storeDir));
    }
    const auto records = Snap::loadAllRecords(storeDir);
    if (!records) {
        return std::unexpected(records.error());
    }
    if (records->isEmpty()) {
        return fail(ErrorCode::NotFound, QStringLiteral("the snapshot store %1 holds no snapshot").arg(storeDir));
    }
    return againstSnapshot(storeDir, records->last().info.id, workspaceDir, excluded);
}

Result<WorkspaceChanges> WorkspaceDiff::againstGitHead(const QString &workspaceDir)
{
    GitRuntime runtime;
    Result<WorkspaceRepository> opened = openWorkspaceRepository(workspaceDir);
    if (!opened) {
        return std::unexpected(opened.error());
    }
    const RepoPtr repo = std::move(opened->repo);
    const QString workdir = opened->workdir;
    const QString prefixSlash = opened->prefix;

    git_status_options opts = GIT_STATUS_OPTIONS_INIT;
    opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
    opts.flags =
        GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS | GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
    git_status_list *rawStatus = nullptr;
    if (git_status_list_new(&rawStatus, repo.get(), &opts) != 0) {
        return fail(ErrorCode::Io, gitError(QStringLiteral("git status of %1").arg(workdir)));
    }
    const StatusPtr status(rawStatus);
    QSet<QString> seen;
    QStringList paths;
    const size_t count = git_status_list_entrycount(status.get());
    for (size_t k = 0; k < count; ++k) {
        const git_status_entry *e = git_status_byindex(status.get(), k);
        for (const git_diff_delta *d : {e->head_to_index, e->index_to_workdir}) {
            if (!d) {
                continue;
            }
            for (const char *p : {d->old_file.path, d->new_file.path}) {
                const QString path = p ? QString::fromUtf8(p) : QString();
                if (!path.isEmpty() && path.startsWith(prefixSlash) && !seen.contains(path)) {
                    seen.insert(path);
                    paths.append(path);
                }
            }
        }
    }
    paths.sort();
    WorkspaceChanges out;
    for (const QString &path : std::as_const(paths)) {
        const QString rel = path.mid(prefixSlash.size());
        git_object *rawObject = nullptr;
        std::optional<QByteArray> old;
        if (git_revparse_single(&rawObject, repo.get(), QStringLiteral("HEAD:%1").arg(path).toUtf8().constData()) ==
            0) {
            const ObjectPtr object(rawObject);
            if (git_object_type(object.get()) == GIT_OBJECT_BLOB) {
                const auto *blob = reinterpret_cast<const git_blob *>(object.get());
                old =
                    QByteArray(static_cast<const char *>(git_blob_rawcontent(blob)), qsizetype(git_blob_rawsize(blob)));
            }
        }
        const QString host = workdir + QLatin1Char('/') + path;
        const QFileInfo info(host);
        std::optional<QByteArray> now;
        if (info.isFile() && !info.isSymLink()) {
            const auto bytes = readFile(host, rel);
            if (!bytes) {
                return std::unexpected(bytes.error());
            }
            now = *bytes;
        }
        if (old == now || (!old && !now)) {
            continue;
        }
        const auto kind = !old ? FileChange::Kind::Add : !now ? FileChange::Kind::Delete : FileChange::Kind::Update;
        out.changes.append(FileChange{kind, rel, {}, old.value_or(QByteArray()), now.value_or(QByteArray())});
        out.origins.append(FileOrigin{old.has_value(), now ? info.permissions() : QFile::Permissions()});
    }
    return out;
}

} // namespace Sandcastle::Core
