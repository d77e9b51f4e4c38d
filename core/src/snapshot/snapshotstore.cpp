// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The public face of the store: every call runs on the global pool under the store's lock file.
// The lock is a QLockFile without an age limit, so a long create is never taken for a stale lock;
// a lock left by a dead process is broken by QLockFile's owner check.
#include "sandcastle/core/snapshot/snapshotstore.h"

#include "snapshot_p.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QLockFile>
#include <QPromise>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <fcntl.h>
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
    if (!QFileInfo::exists(root)) {
        if (!QDir().mkpath(root)) {
            return fail(ErrorCode::Io, QStringLiteral("%1: cannot create the snapshot store").arg(root), root);
        }
        ::chmod(QFile::encodeName(root).constData(), 0700);
    }
    QLockFile lock(root + QStringLiteral("/lock"));
    lock.setStaleLockTime(0);
    if (!lock.lock()) {
        return fail(ErrorCode::Io,
                    QStringLiteral("%1: cannot lock the snapshot store (error %2)").arg(root).arg(int(lock.error())),
                    root);
    }
    return f();
}

template<class T, class F>
QFuture<Result<T>> runInPool(F f)
{
    return QtConcurrent::run([f = std::move(f)](QPromise<Result<T>> &promise) {
        const CancelCheck cancelled = [&promise] { return promise.isCanceled(); };
        promise.addResult(f(cancelled));
    });
}

qint64 fileSize(const QString &path)
{
    struct stat st{};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? qint64(st.st_size) : 0;
}

/// hash -> size of every blob; removes leftover temp files (the caller holds the lock).
QHash<QByteArray, qint64> scanBlobs(const QString &root, qint64 *tmpBytes)
{
    QHash<QByteArray, qint64> blobs;
    QDirIterator it(root + QStringLiteral("/blobs"), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        const QByteArray name = it.fileName().toLatin1();
        if (isSha256Hex(name)) {
            blobs.insert(name, it.fileInfo().size());
        }
    }
    *tmpBytes = 0;
    QDirIterator tmp(root + QStringLiteral("/tmp"), QDir::Files);
    while (tmp.hasNext()) {
        tmp.next();
        *tmpBytes += tmp.fileInfo().size();
    }
    return blobs;
}

Result<qint64> usage(const QString &root)
{
    qint64 tmpBytes = 0;
    const auto blobs = scanBlobs(root, &tmpBytes);
    qint64 total = tmpBytes;
    for (const qint64 size : blobs) {
        total += size;
    }
    const QDir dir(root + QStringLiteral("/snapshots"));
    for (const QFileInfo &info : dir.entryInfoList({QStringLiteral("*.json")}, QDir::Files)) {
        total += info.size();
    }
    return total;
}

Result<SnapshotGcReport> collect(const QString &root, qint64 maxBytes, int keepLast)
{
    auto records = loadAllRecords(root);
    if (!records) {
        return std::unexpected(records.error());
    }
    // Every snapshot's references are read before anything is deleted: a damaged entry list
    // stops the collection instead of freeing the blobs it may still reference.
    QList<QSet<QByteArray>> refs;
    QHash<QByteArray, int> refCount;
    for (const SnapshotRecord &record : std::as_const(*records)) {
        auto entries = loadEntries(root, record);
        if (!entries) {
            return std::unexpected(entries.error());
        }
        QSet<QByteArray> set{record.entriesHash};
        for (const SnapshotEntry &e : std::as_const(*entries)) {
            if (e.type == SnapshotEntryType::File) {
                set.insert(e.sha256);
            }
        }
        for (const QByteArray &h : std::as_const(set)) {
            ++refCount[h];
        }
        refs.append(std::move(set));
    }
    SnapshotGcReport report;
    BlobStore blobStore(root);
    qint64 tmpBytes = 0;
    QHash<QByteArray, qint64> blobs = scanBlobs(root, &tmpBytes);
    QDir(root + QStringLiteral("/tmp")).removeRecursively();
    report.bytesFreed += tmpBytes;
    const auto dropBlob = [&](const QByteArray &hash) {
        const qint64 size = blobs.take(hash);
        if (QFile::remove(blobStore.blobPath(hash))) {
            ++report.removedBlobs;
            report.bytesFreed += size;
        } else {
            qCWarning(lcSnapshot) << "cannot remove blob" << blobStore.blobPath(hash);
        }
    };
    for (const QByteArray &hash : blobs.keys()) {
        if (!refCount.contains(hash)) {
            dropBlob(hash);
        }
    }
    qint64 total = 0;
    for (const qint64 size : std::as_const(blobs)) {
        total += size;
    }
    for (const SnapshotRecord &record : std::as_const(*records)) {
        total += fileSize(envelopePath(root, record.info.id));
    }
    const qsizetype keep = std::max(0, keepLast);
    qsizetype oldest = 0;
    while (total > maxBytes && records->size() - oldest > keep) {
        const QString id = records->at(oldest).info.id;
        const QString envelope = envelopePath(root, id);
        const qint64 envelopeSize = fileSize(envelope);
        if (!QFile::remove(envelope)) {
            return fail(ErrorCode::Io, QStringLiteral("%1: cannot remove the snapshot").arg(envelope), envelope);
        }
        total -= envelopeSize;
        report.bytesFreed += envelopeSize;
        report.removedSnapshots.append(id);
        for (const QByteArray &hash : std::as_const(refs[oldest])) {
            if (--refCount[hash] == 0) {
                total -= blobs.value(hash);
                dropBlob(hash);
            }
        }
        ++oldest;
    }
    report.bytesAfter = total;
    return report;
}

} // namespace

namespace Internal::Snapshots {

Result<QList<SnapshotRecord>> loadAllRecords(const QString &root)
{
    QList<SnapshotRecord> records;
    const QDir dir(root + QStringLiteral("/snapshots"));
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files)) {
        auto record = loadRecord(root, name.chopped(5));
        if (!record) {
            return std::unexpected(record.error());
        }
        records.append(std::move(*record));
    }
    std::sort(records.begin(), records.end(), [](const SnapshotRecord &a, const SnapshotRecord &b) {
        return a.seq != b.seq ? a.seq < b.seq : a.info.id < b.info.id;
    });
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

Result<QList<SnapshotEntry>> loadEntries(const QString &root, const SnapshotRecord &record)
{
    const BlobStore blobs(root);
    const auto gz = blobs.readAll(record.entriesHash);
    if (!gz) {
        return fail(gz.error().code,
                    QStringLiteral("snapshot '%1': entry list: %2").arg(record.info.id, gz.error().message),
                    gz.error().detail);
    }
    return decodeEntries(*gz, blobs.blobPath(record.entriesHash) +
                                  QStringLiteral(" (entry list of snapshot '%1')").arg(record.info.id));
}

Result<SnapshotInfo> commitSnapshot(const QString &root, SnapshotRecord record, const QList<SnapshotEntry> &entries)
{
    const auto gz = encodeEntries(entries);
    if (!gz) {
        return std::unexpected(gz.error());
    }
    BlobStore blobs(root);
    const auto written = blobs.writeBytes(*gz, QStringLiteral("entry list"));
    if (!written) {
        return std::unexpected(written.error());
    }
    record.entriesHash = written->sha256;
    record.info.addedBytes += written->added;

    const auto existing = loadAllRecords(root);
    if (!existing) {
        return std::unexpected(existing.error());
    }
    record.seq = existing->isEmpty() ? 1 : existing->last().seq + 1;
    record.info.createdAt = QDateTime::currentDateTimeUtc();
    record.info.id = record.info.createdAt.toString(QStringLiteral("yyyyMMdd'T'HHmmsszzz'Z-'")) +
                     QString::number(QRandomGenerator::system()->generate() | 0x10000000u, 16);

    const QString dir = root + QStringLiteral("/snapshots");
    if (!QDir().mkpath(dir)) {
        return fail(ErrorCode::Io, QStringLiteral("%1: cannot create directory").arg(dir), dir);
    }
    // The blobs reach the disk before the envelope that references them.
    if (const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {
        ::syncfs(fd);
        ::close(fd);
    }
    QSaveFile file(envelopePath(root, record.info.id));
    const QByteArray json = encodeRecord(record);
    if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit()) {
        return fail(ErrorCode::Io, QStringLiteral("%1: cannot write: %2").arg(file.fileName(), file.errorString()),
                    file.fileName());
    }
    record.info.addedBytes += json.size();
    return record.info;
}

} // namespace Internal::Snapshots

SnapshotStore::SnapshotStore(QString rootDir, SnapshotLimits limits)
    : m_rootDir(QDir::cleanPath(QDir(rootDir).absolutePath()))
    , m_limits(limits)
{}

QFuture<Result<SnapshotInfo>> SnapshotStore::create(const QString &workspaceDir,
                                                    const SnapshotCreateOptions &options) const
{
    return runInPool<SnapshotInfo>(
        [root = m_rootDir, limits = m_limits, workspaceDir, options](const CancelCheck &cancelled) {
            return withLock(root, [&] { return createSnapshot(root, limits, workspaceDir, options, cancelled); });
        });
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
        return withLock(root, [&] { return collect(root, maxBytes, keepLast); });
    });
}

QFuture<Result<qint64>> SnapshotStore::diskUsage() const
{
    return runInPool<qint64>([root = m_rootDir](const CancelCheck &) -> Result<qint64> {
        if (!QFileInfo::exists(root)) {
            return 0;
        }
        return withLock(root, [&] { return usage(root); });
    });
}

} // namespace Sandcastle::Core
