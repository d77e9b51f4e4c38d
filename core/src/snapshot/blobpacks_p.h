// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Pack files of the snapshot blob store. Writing thousands of small blobs as one file each is what
// made a first snapshot several times slower than `tar -cf`; once a store object has created
// BlobStore::kLooseLimit blobs, further small ones are appended to one pack file instead, and a
// per-turn snapshot (a handful of new blobs) keeps writing loose ones. Layout in docs/FORMATS.md.
#include "sandcastle/core/result.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

namespace Sandcastle::Core::Internal::Snapshots {

/// One blob inside a pack: its hash (64 lower-case hex digits) and byte range.
struct PackEntry
{
    QByteArray sha256;
    qint64 offset = 0;
    qint64 size = 0;
};

/// A complete pack: `<root>/packs/<name>.pack` with its index `<name>.idx`.
struct Pack
{
    QString packPath;
    QString indexPath;
    qint64 packSize = 0;
    qint64 indexSize = 0;
    QList<PackEntry> entries; ///< sorted by hash
};

[[nodiscard]] QString packsDir(const QString &root);

/// Every complete pack of the store. An index that is truncated, fails its checksum, is not sorted
/// or points past the end of its pack fails the call with InvalidInput naming the file.
[[nodiscard]] Result<QList<Pack>> loadPacks(const QString &root);

/// The pack being written by one BlobStore object. Not thread-safe: BlobStore serializes calls.
class PackWriter
{
public:
    explicit PackWriter(QString root);
    ~PackWriter(); ///< removes a pack that was never finished
    PackWriter(const PackWriter &) = delete;
    PackWriter &operator=(const PackWriter &) = delete;

    [[nodiscard]] bool holds(const QByteArray &hex) const { return m_byHash.contains(hex); }
    [[nodiscard]] bool isEmpty() const { return m_entries.isEmpty(); }
    [[nodiscard]] QString packPath() const { return m_packPath; }
    [[nodiscard]] const PackEntry *find(const QByteArray &hex) const;
    /// Appends `data` as the blob `hex` (hash already computed by the caller).
    [[nodiscard]] Result<void> append(const QByteArray &hex, const char *data, qint64 size, const QString &what);
    /// Flushes the pack, then writes its index (temp file, fsync, rename) and flushes the
    /// directory: from here on the pack is part of the store. Returns the finished pack.
    [[nodiscard]] Result<Pack> finish();

private:
    QString m_root;
    QString m_packPath;
    int m_fd = -1;
    qint64 m_size = 0;
    qint64 m_writebackFrom = 0;
    qint64 m_waitedTo = 0; ///< the pack's bytes below this are on disk
    QList<PackEntry> m_entries;
    QHash<QByteArray, qsizetype> m_byHash;
};

struct PackCompaction
{
    int removedPacks = 0;
    int rewrittenPacks = 0;
    qint64 bytesFreed = 0;
};

/// Garbage collection of packs (the caller holds the store lock, so no pack is being written):
/// removes packs without an index (left by a crash or a full disk) and packs none of whose blobs
/// are in `live`, and rewrites a pack whose live blobs take less than half of it into a new pack
/// holding only those.
[[nodiscard]] Result<PackCompaction> compactPacks(const QString &root, const QSet<QByteArray> &live);

} // namespace Sandcastle::Core::Internal::Snapshots
