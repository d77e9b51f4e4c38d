// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Disk usage and garbage collection of a snapshot store (the caller holds the store lock). Blobs no
// snapshot references go first; then, while the store is over its cap, the oldest snapshots beyond
// the ones to keep. Loose blobs are deleted at once; packs are compacted at the end (blobpacks.cpp):
// a pack whose live blobs take at least half of it is kept as it is, so the store may stay above
// the cap by at most the dead half of such packs, and bytesAfter reports the real size.
#include "snapshot_p.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>

#include <algorithm>
#include <sys/stat.h>

namespace Sandcastle::Core::Internal::Snapshots {

namespace {

qint64 fileSize(const QString &path)
{
    struct stat st{};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? qint64(st.st_size) : 0;
}

/// hash -> size of every loose blob; `tmpBytes` receives the size of leftover temp files.
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

} // namespace

Result<qint64> storeUsage(const QString &root)
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
    for (const QFileInfo &info : QDir(packsDir(root)).entryInfoList(QDir::Files)) {
        total += info.size();
    }
    return total;
}

Result<SnapshotGcReport> collectGarbage(const QString &root, qint64 maxBytes, int keepLast)
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
        QSet<QByteArray> set;
        auto entries = loadEntries(root, record, &set);
        if (!entries) {
            return std::unexpected(entries.error());
        }
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
    // A damaged pack index stops the collection too, before anything is deleted.
    const auto packs = loadPacks(root);
    if (!packs) {
        return std::unexpected(packs.error());
    }
    SnapshotGcReport report;
    BlobStore blobStore(root);
    qint64 tmpBytes = 0;
    QHash<QByteArray, qint64> loose = scanBlobs(root, &tmpBytes);
    QDir(root + QStringLiteral("/tmp")).removeRecursively();
    report.bytesFreed += tmpBytes;
    QHash<QByteArray, qint64> packed; // live packed blobs; the packs are compacted at the end
    for (const Pack &pack : std::as_const(*packs)) {
        for (const PackEntry &e : pack.entries) {
            packed.insert(e.sha256, e.size);
        }
    }
    // Returns the bytes the blob counted for.
    const auto dropBlob = [&](const QByteArray &hash) -> qint64 {
        const qint64 size = std::max(loose.value(hash), packed.value(hash));
        if (packed.remove(hash) != 0) {
            ++report.removedBlobs; // its bytes are counted when its pack is compacted
        }
        if (loose.contains(hash)) {
            loose.remove(hash);
            if (QFile::remove(blobStore.blobPath(hash))) {
                ++report.removedBlobs;
                report.bytesFreed += size;
            } else {
                qCWarning(lcSnapshot) << "cannot remove blob" << blobStore.blobPath(hash);
            }
        }
        return size;
    };
    QSet<QByteArray> stored;
    for (auto it = loose.cbegin(); it != loose.cend(); ++it) {
        stored.insert(it.key());
    }
    for (auto it = packed.cbegin(); it != packed.cend(); ++it) {
        stored.insert(it.key());
    }
    qint64 total = 0;
    for (const QByteArray &hash : std::as_const(stored)) {
        if (!refCount.contains(hash)) {
            dropBlob(hash);
        } else {
            total += std::max(loose.value(hash), packed.value(hash));
        }
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
                total -= dropBlob(hash);
            }
        }
        ++oldest;
    }
    QSet<QByteArray> live;
    for (auto it = packed.cbegin(); it != packed.cend(); ++it) {
        live.insert(it.key());
    }
    const auto compacted = compactPacks(root, live);
    if (!compacted) {
        return std::unexpected(compacted.error());
    }
    report.bytesFreed += compacted->bytesFreed;
    const auto after = storeUsage(root);
    report.bytesAfter = after ? *after : total;
    return report;
}

} // namespace Sandcastle::Core::Internal::Snapshots
