// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The public face of the store: every call runs on the global pool under the store's lock file.
// The lock is a QLockFile without an age limit, so a long create is never taken for a stale lock;
// a lock left by a dead process is broken by QLockFile's owner check.
#include "sandcastle/core/snapshot/snapshotstore.h"

#include "opensslthread.h"
#include "snapshot_p.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QLockFile>
#include <QMutex>
#include <QPromise>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace Sandcastle::Core {

using namespace Internal::Snapshots;

namespace {

Result<void> checkId(const QString &id)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"));
    if (!valid.match(id).hasMatch()) {
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("'%1' is not a snapshot id (letters, digits, '.', '_' and '-', at most 128)").arg(id), id);
    }
    return {};
}

template<class F>
auto withLock(const QString &root, F &&f) -> decltype(f())
{
    const auto lock = lockStore(root);
    if (!lock) {
        return std::unexpected(lock.error());
    }
    return f();
}

template<class T, class F>
QFuture<Result<T>> runInPool(F f)
{
    return QtConcurrent::run([f = std::move(f)](QPromise<Result<T>> &promise) {
        const Internal::OpenSslThreadRelease hashing;
        const CancelCheck cancelled = [&promise] { return promise.isCanceled(); };
        promise.addResult(f(cancelled));
    });
}

/// The members of the snapshot created or read last (one per process): the next per-turn snapshot
/// takes it as its parent without decoding every directory listing again. Keyed by the root
/// listing's hash, which names the content exactly.
struct EntriesCache
{
    QMutex mutex;
    QString root;
    QByteArray tree;
    QList<SnapshotEntry> entries; ///< sorted by path; implicitly shared, so a hit copies nothing
};

EntriesCache &entriesCache()
{
    static EntriesCache cache;
    return cache;
}

void rememberEntries(const QString &root, const QByteArray &tree, const QList<SnapshotEntry> &entries)
{
    EntriesCache &cache = entriesCache();
    const QMutexLocker locker(&cache.mutex);
    cache.root = root;
    cache.tree = tree;
    cache.entries = entries;
}

std::optional<QList<SnapshotEntry>> cachedEntries(const QString &root, const QByteArray &tree)
{
    EntriesCache &cache = entriesCache();
    const QMutexLocker locker(&cache.mutex);
    if (cache.root == root && cache.tree == tree && !tree.isEmpty()) {
        return cache.entries;
    }
    return std::nullopt;
}

/// The envelopes read last (one store per process), valid while the `snapshots/` directory and
/// every envelope in it have the same modification time, and the envelopes the same names and sizes.
struct RecordsCache
{
    QMutex mutex;
    QString root;
    QStringList stamps;
    QList<SnapshotRecord> records;
};

RecordsCache &recordsCache()
{
    static RecordsCache cache;
    return cache;
}

QString mtimeStamp(const QString &path)
{
    struct stat st{};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0) {
        return {};
    }
    return QStringLiteral("%1 %2.%3").arg(qint64(st.st_size)).arg(qint64(st.st_mtim.tv_sec)).arg(st.st_mtim.tv_nsec);
}

} // namespace

namespace Internal::Snapshots {

Result<QList<SnapshotRecord>> loadAllRecords(const QString &root)
{
    const QString dirPath = root + QStringLiteral("/snapshots");
    const QDir dir(dirPath);
    const QStringList names = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QStringList stamps{mtimeStamp(dirPath)};
    for (const QString &name : names) {
        stamps << name + QLatin1Char(' ') + mtimeStamp(dir.filePath(name));
    }
    RecordsCache &cache = recordsCache();
    {
        const QMutexLocker locker(&cache.mutex);
        if (!stamps.constFirst().isEmpty() && cache.root == root && cache.stamps == stamps) {
            return cache.records;
        }
    }
    QList<SnapshotRecord> records;
    for (const QString &name : names) {
        auto record = loadRecord(root, name.chopped(5));
        if (!record) {
            return std::unexpected(record.error());
        }
        records.append(std::move(*record));
    }
    std::sort(records.begin(), records.end(), [](const SnapshotRecord &a, const SnapshotRecord &b) {
        return a.seq != b.seq ? a.seq < b.seq : a.info.id < b.info.id;
    });
    const QMutexLocker locker(&cache.mutex);
    cache.root = root;
    cache.stamps = stamps;
    cache.records = records;
    return records;
}

QString envelopePath(const QString &root, const QString &id)
{
    return root + QStringLiteral("/snapshots/") + id + QStringLiteral(".json");
}

Result<SnapshotRecord> loadRecord(const QString &root, const QString &id)
{
    if (auto ok = checkId(id); !ok) {
        return std::unexpected(ok.error());
    }
    QFile file(envelopePath(root, id));
    if (!file.open(QIODevice::ReadOnly)) {
        if (!file.exists()) {
            return fail(ErrorCode::NotFound, QStringLiteral("snapshot '%1' not found in %2").arg(id, root), id);
        }
        return fail(ErrorCode::Io, QStringLiteral("%1: %2").arg(file.fileName(), file.errorString()), file.fileName());
    }
    auto record = decodeRecord(file.readAll(), file.fileName());
    if (record && record->info.id != id) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1: /id: expected \"%2\" (the file name)").arg(file.fileName(), id),
                    file.fileName());
    }
    return record;
}

Result<QList<SnapshotEntry>> loadEntries(const QString &root, const SnapshotRecord &record, QSet<QByteArray> *trees,
                                         qint64 maxMembers)
{
    if (!trees) {
        if (auto cached = cachedEntries(root, record.treeHash); cached && cached->size() <= maxMembers) {
            return *cached;
        }
    }
    const BlobStore blobs(root);
    QHash<QByteArray, QByteArray> read; // identical directories (empty ones, copies) share a listing
    QList<SnapshotEntry> all;
    QList<std::pair<QByteArray, QString>> pending{{record.treeHash, QString()}};
    while (!pending.isEmpty()) {
        const auto [hash, dir] = pending.takeLast();
        const QString listing = dir.isEmpty() ? QStringLiteral("the root directory") : QStringLiteral("'%1'").arg(dir);
        if (trees) {
            trees->insert(hash);
        }
        auto gz = read.constFind(hash);
        if (gz == read.cend()) {
            const auto data = blobs.readAll(hash);
            if (!data) {
                return fail(data.error().code,
                            QStringLiteral("snapshot '%1': listing of %2: %3")
                                .arg(record.info.id, listing, data.error().message),
                            data.error().detail);
            }
            gz = read.insert(hash, *data);
        }
        auto children = decodeTree(
            *gz, dir,
            blobs.describe(hash) + QStringLiteral(" (listing of %1 in snapshot '%2')").arg(listing, record.info.id));
        if (!children) {
            return std::unexpected(children.error());
        }
        if (all.size() + children->size() > maxMembers) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("snapshot '%1': more than %2 members").arg(record.info.id).arg(maxMembers),
                        envelopePath(root, record.info.id));
        }
        for (SnapshotEntry &e : *children) {
            if (e.type == SnapshotEntryType::Dir) {
                pending.append({e.tree, e.path});
            }
            all.append(std::move(e));
        }
    }
    std::sort(all.begin(), all.end(), [](const SnapshotEntry &a, const SnapshotEntry &b) { return a.path < b.path; });
    rememberEntries(root, record.treeHash, all);
    return all;
}

Result<SnapshotInfo> commitSnapshot(BlobStore &blobs, const QString &root, SnapshotRecord record,
                                    const QList<SnapshotEntry> &entries, const PreviousTree *previous,
                                    PendingDurability *deferred)
{
    QElapsedTimer timer;
    timer.start();
    PendingDurability pending;
    pending.entries = entries;
    const auto listings = writeListings(blobs, pending.entries, previous);
    if (!listings) {
        return std::unexpected(listings.error());
    }
    record.treeHash = listings->rootTree;
    record.info.addedBytes += listings->addedBytes;

    const auto existing = loadAllRecords(root);
    if (!existing) {
        return std::unexpected(existing.error());
    }
    record.seq = existing->isEmpty() ? 1 : existing->last().seq + 1;
    record.info.createdAt = QDateTime::currentDateTimeUtc();
    record.info.id = record.info.createdAt.toString(QStringLiteral("yyyyMMdd'T'HHmmsszzz'Z-'")) +
                     QString::number(QRandomGenerator::system()->generate() | 0x10000000u, 16);
    pending.envelope = encodeRecord(record);
    record.info.addedBytes += pending.envelope.size();
    pending.record = std::move(record);
    pending.blobs = blobs;
    std::sort(pending.entries.begin(), pending.entries.end(),
              [](const SnapshotEntry &a, const SnapshotEntry &b) { return a.path < b.path; });
    qCDebug(lcSnapshot).nospace() << root << ": listings written in " << timer.elapsed() << " ms";
    if (deferred) {
        *deferred = std::move(pending);
        return deferred->record.info;
    }
    return makeDurable(root, pending);
}

Result<SnapshotInfo> makeDurable(const QString &root, PendingDurability &pending)
{
    QElapsedTimer timer;
    timer.start();
    const QString dir = root + QStringLiteral("/snapshots");
    if (!QDir().mkpath(dir)) {
        return fail(ErrorCode::Io, QStringLiteral("%1: cannot create directory").arg(dir), dir);
    }
    // The blobs reach the disk before the envelope that references them.
    if (auto synced = pending.blobs->syncCreated(); !synced) {
        return std::unexpected(synced.error());
    }
    const qint64 syncMs = timer.restart();
    QSaveFile file(envelopePath(root, pending.record.info.id));
    if (!file.open(QIODevice::WriteOnly) || file.write(pending.envelope) != pending.envelope.size() || !file.commit()) {
        return fail(ErrorCode::Io, QStringLiteral("%1: cannot write: %2").arg(file.fileName(), file.errorString()),
                    file.fileName());
    }
    // QSaveFile fsyncs the envelope; the rename that made it visible is durable once its directory is.
    if (!fsyncPath(dir, O_DIRECTORY)) {
        const int error = errno;
        QFile::remove(file.fileName());
        return fail(ErrorCode::Io, QStringLiteral("%1: cannot flush to disk: %2").arg(dir, errnoText(error)), dir);
    }
    qCDebug(lcSnapshot).nospace() << root << ": blobs flushed in " << syncMs << " ms, envelope in " << timer.elapsed()
                                  << " ms";
    rememberEntries(root, pending.record.treeHash, pending.entries);
    return pending.record.info;
}

} // namespace Internal::Snapshots

SnapshotStore::SnapshotStore(QString rootDir, SnapshotLimits limits)
    : m_rootDir(QDir::cleanPath(QDir(rootDir).absolutePath()))
    , m_limits(limits)
{}

QFuture<Result<SnapshotInfo>> SnapshotStore::create(const QString &workspaceDir,
                                                    const SnapshotCreateOptions &options) const
{
    return runInPool<SnapshotInfo>([root = m_rootDir, limits = m_limits, workspaceDir,
                                    options](const CancelCheck &cancelled) -> Result<SnapshotInfo> {
        auto lock = lockStore(root);
        if (!lock) {
            return std::unexpected(lock.error());
        }
        PendingDurability pending;
        auto captured = createSnapshot(root, limits, workspaceDir, options, cancelled, &pending);
        if (captured) {
            // The lock goes with the durability step: nothing else changes the store until it ends.
            static_cast<void>(scheduleDurability(root, std::move(*lock), std::move(pending)));
        }
        return captured;
    });
}

QFuture<Result<SnapshotInfo>> SnapshotStore::durable(const QString &id) const
{
    if (auto future = durableFuture(m_rootDir, id)) {
        return *future;
    }
    return runInPool<SnapshotInfo>([root = m_rootDir, id](const CancelCheck &) -> Result<SnapshotInfo> {
        if (auto ok = checkId(id); !ok) {
            return std::unexpected(ok.error());
        }
        return withLock(root, [&]() -> Result<SnapshotInfo> {
            auto record = loadRecord(root, id);
            if (!record) {
                return std::unexpected(record.error());
            }
            return record->info;
        });
    });
}

Result<void> SnapshotStore::waitDurable() const
{
    std::optional<Error> first;
    for (QFuture<Result<SnapshotInfo>> future : durabilityFutures(m_rootDir)) {
        future.waitForFinished();
        if (!first && future.resultCount() > 0 && !future.result()) {
            first = future.result().error();
        }
    }
    if (first) {
        return std::unexpected(*first);
    }
    return {};
}

QFuture<Result<void>> SnapshotStore::exportArchive(const QString &id, const QString &archivePath) const
{
    return runInPool<void>([root = m_rootDir, id, archivePath](const CancelCheck &cancelled) {
        return withLock(root, [&] { return exportSnapshot(root, id, archivePath, cancelled); });
    });
}

QFuture<Result<SnapshotInfo>> SnapshotStore::importArchive(const QString &archivePath, const QString &label) const
{
    return runInPool<SnapshotInfo>(
        [root = m_rootDir, limits = m_limits, archivePath, label](const CancelCheck &cancelled) {
            return withLock(root, [&] { return importSnapshot(root, limits, archivePath, label, cancelled); });
        });
}

QFuture<Result<SnapshotInfo>> SnapshotStore::restore(const QString &id, const QString &targetDir) const
{
    return runInPool<SnapshotInfo>([root = m_rootDir, limits = m_limits, id, targetDir](const CancelCheck &cancelled) {
        return withLock(root, [&] { return restoreSnapshot(root, limits, id, targetDir, cancelled); });
    });
}

QFuture<Result<QList<SnapshotInfo>>> SnapshotStore::list() const
{
    return runInPool<QList<SnapshotInfo>>([root = m_rootDir](const CancelCheck &) -> Result<QList<SnapshotInfo>> {
        if (!QFileInfo::exists(root)) {
            return QList<SnapshotInfo>();
        }
        return withLock(root, [&]() -> Result<QList<SnapshotInfo>> {
            const auto records = loadAllRecords(root);
            if (!records) {
                return std::unexpected(records.error());
            }
            QList<SnapshotInfo> infos;
            for (const SnapshotRecord &r : *records) {
                infos.append(r.info);
            }
            return infos;
        });
    });
}

QFuture<Result<void>> SnapshotStore::remove(const QString &id) const
{
    return runInPool<void>([root = m_rootDir, id](const CancelCheck &) -> Result<void> {
        if (auto ok = checkId(id); !ok) {
            return ok;
        }
        return withLock(root, [&]() -> Result<void> {
            const QString path = envelopePath(root, id);
            if (!QFileInfo::exists(path)) {
                return fail(ErrorCode::NotFound, QStringLiteral("snapshot '%1' not found in %2").arg(id, root), id);
            }
            if (!QFile::remove(path)) {
                return fail(ErrorCode::Io, QStringLiteral("%1: cannot remove the snapshot").arg(path), path);
            }
            return {};
        });
    });
}

QFuture<Result<SnapshotGcReport>> SnapshotStore::gc(qint64 maxBytes, int keepLast) const
{
    return runInPool<SnapshotGcReport>([root = m_rootDir, maxBytes, keepLast](const CancelCheck &) {
        return withLock(root, [&] { return collectGarbage(root, maxBytes, keepLast); });
    });
}

QFuture<Result<qint64>> SnapshotStore::diskUsage() const
{
    return runInPool<qint64>([root = m_rootDir](const CancelCheck &) -> Result<qint64> {
        if (!QFileInfo::exists(root)) {
            return 0;
        }
        return withLock(root, [&] { return storeUsage(root); });
    });
}

} // namespace Sandcastle::Core
