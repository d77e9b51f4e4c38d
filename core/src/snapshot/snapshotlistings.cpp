// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The directory listings of a new snapshot: one gzip'd JSON blob per directory, deepest first so
// that a directory's listing can name its subdirectories' listings. The directories of one depth
// do not depend on each other, so a level with many of them is encoded on several threads (the
// encoding is most of a first snapshot's CPU time after hashing).
#include "snapshot_p.h"

#include <QHash>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>

namespace Sandcastle::Core::Internal::Snapshots {

namespace {

qsizetype depthOf(const QString &dir)
{
    return dir.isEmpty() ? -1 : dir.count(QLatin1Char('/'));
}

QString parentOf(const QString &path)
{
    return path.left(std::max<qsizetype>(0, path.lastIndexOf(QLatin1Char('/'))));
}

/// Every field that goes into a listing; equal members give an identical listing blob.
bool sameListed(const SnapshotEntry &a, const SnapshotEntry &b)
{
    return a.path == b.path && a.type == b.type && a.mode == b.mode && a.size == b.size && a.sha256 == b.sha256 &&
           a.tree == b.tree && a.target == b.target && a.mtimeNs == b.mtimeNs && a.ctimeNs == b.ctimeNs &&
           a.inode == b.inode;
}

struct ListingJob
{
    QString dir;
    QByteArray tree;
    qint64 added = 0;
    std::optional<Error> error;
};

} // namespace

Result<ListingsWritten> writeListings(BlobStore &blobs, QList<SnapshotEntry> &all, const PreviousTree *previous)
{
    // A member whose parent directory has no entry of its own (an archive may omit it) gets one
    // with mode 0755, which is what restore creates for it.
    QHash<QString, qsizetype> dirIndex;
    for (qsizetype i = 0; i < all.size(); ++i) {
        if (all.at(i).type == SnapshotEntryType::Dir) {
            dirIndex.insert(all.at(i).path, i);
        }
    }
    for (qsizetype i = 0; i < all.size(); ++i) {
        for (QString dir = parentOf(all.at(i).path); !dir.isEmpty() && !dirIndex.contains(dir); dir = parentOf(dir)) {
            SnapshotEntry implicit;
            implicit.path = dir;
            implicit.type = SnapshotEntryType::Dir;
            implicit.mode = 0755;
            dirIndex.insert(dir, all.size());
            all.append(std::move(implicit));
        }
    }
    QHash<QString, QList<qsizetype>> childrenOf;
    for (qsizetype i = 0; i < all.size(); ++i) {
        childrenOf[parentOf(all.at(i).path)].append(i);
    }
    QStringList dirs = dirIndex.keys();
    dirs.append(QString());
    std::sort(dirs.begin(), dirs.end(), [](const QString &a, const QString &b) {
        const qsizetype da = depthOf(a);
        const qsizetype db = depthOf(b);
        return da != db ? da > db : a < b;
    });

    const auto unchangedListing = [&](const QString &dir, const QList<qsizetype> &children) -> QByteArray {
        if (!previous) {
            return {};
        }
        const QByteArray tree = dir.isEmpty() ? previous->rootTree : previous->entries.value(dir).tree;
        if (tree.isEmpty() || previous->childCount.value(dir) != children.size()) {
            return {};
        }
        for (const qsizetype i : children) {
            const auto it = previous->entries.constFind(all.at(i).path);
            if (it == previous->entries.cend() || !sameListed(*it, all.at(i))) {
                return {};
            }
        }
        return blobs.contains(tree) ? tree : QByteArray();
    };
    const auto encode = [&](ListingJob &job) {
        const QList<qsizetype> childIndexes = std::as_const(childrenOf).value(job.dir);
        if (QByteArray reused = unchangedListing(job.dir, childIndexes); !reused.isEmpty()) {
            job.tree = std::move(reused);
            return;
        }
        QList<SnapshotEntry> children;
        children.reserve(childIndexes.size());
        for (const qsizetype i : childIndexes) {
            children.append(all.at(i));
        }
        auto gz = encodeTree(std::move(children));
        auto written = gz ? blobs.writeBytes(*gz, QStringLiteral("directory listing"))
                          : Result<BlobStore::Written>(std::unexpected(gz.error()));
        if (!written) {
            job.error = written.error();
            return;
        }
        job.tree = written->sha256;
        job.added = written->added;
    };

    constexpr qsizetype kParallelFrom = 16; // below this many directories a thread costs more than it saves
    QThreadPool pool;
    pool.setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
    ListingsWritten result;
    for (qsizetype begin = 0; begin < dirs.size();) {
        qsizetype end = begin + 1;
        while (end < dirs.size() && depthOf(dirs.at(end)) == depthOf(dirs.at(begin))) {
            ++end;
        }
        QList<ListingJob> jobs;
        jobs.reserve(end - begin);
        for (qsizetype i = begin; i < end; ++i) {
            jobs.append(ListingJob{dirs.at(i), {}, 0, std::nullopt});
        }
        if (jobs.size() >= kParallelFrom) {
            QtConcurrent::blockingMap(&pool, jobs, encode);
        } else {
            std::for_each(jobs.begin(), jobs.end(), encode);
        }
        // The next (shallower) level reads these trees: they are set before it starts.
        for (const ListingJob &job : std::as_const(jobs)) {
            if (job.error) {
                return std::unexpected(*job.error);
            }
            (job.dir.isEmpty() ? result.rootTree : all[dirIndex.value(job.dir)].tree) = job.tree;
            result.addedBytes += job.added;
        }
        begin = end;
    }
    return result;
}

} // namespace Sandcastle::Core::Internal::Snapshots
