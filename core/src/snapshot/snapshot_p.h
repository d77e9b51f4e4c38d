// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "blobpacks_p.h"
#include "sandcastle/core/snapshot/snapshotstore.h"

#include <QByteArray>
#include <QFuture>
#include <QHash>
#include <QLockFile>
#include <QLoggingCategory>
#include <QMutex>
#include <QSet>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace Sandcastle::Core::Internal::Snapshots {

Q_DECLARE_LOGGING_CATEGORY(lcSnapshot)

enum class SnapshotEntryType { File, Dir, Symlink };

/// One member of a snapshot. `path` is normalized: workspace-relative, '/'-separated, no "." or
/// ".." components, no leading "./" and no trailing '/'.
struct SnapshotEntry
{
    QString path;
    SnapshotEntryType type = SnapshotEntryType::File;
    quint32 mode = 0;  ///< permission bits, & 0777
    qint64 size = 0;   ///< files only
    QByteArray sha256; ///< files only: 64 lower-case hex digits
    QByteArray tree;   ///< directories only, set by the tree codec: the blob listing the directory
    QString target;    ///< symlinks only
    qint64 mtimeNs = 0;
    qint64 ctimeNs = 0; ///< stat cache only (0 when unknown)
    quint64 inode = 0;  ///< stat cache only (0 when unknown)
};

/// The envelope `snapshots/<id>.json`.
struct SnapshotRecord
{
    SnapshotInfo info;
    qint64 seq = 0;           ///< store-wide creation order
    QByteArray treeHash;      ///< blob holding the root directory's gzip'd listing
    qint64 scanStartedNs = 0; ///< stat-cache entries are trusted only if their mtime is older
};

using CancelCheck = std::function<bool()>;

// snapshotformat.cpp
/// Version 2: one listing blob per directory (git-style trees). Version 1 (one entry list for the
/// whole snapshot) is refused with an error that names the file and the version.
inline constexpr int kSnapshotFormatVersion = 2;
/// A directory listing: `children` are the directory's direct members with full paths (a
/// directory child carries its own listing's hash in `tree`). Deterministic: sorted by name,
/// sorted keys, gzip without a timestamp, so unchanged directories give the same blob.
[[nodiscard]] Result<QByteArray> encodeTree(QList<SnapshotEntry> children);
/// Decodes a listing of the directory `dirPath` ("" for the root); paths in the result are full.
[[nodiscard]] Result<QList<SnapshotEntry>> decodeTree(const QByteArray &gz, const QString &dirPath,
                                                      const QString &what);
[[nodiscard]] QByteArray encodeRecord(const SnapshotRecord &record);
[[nodiscard]] Result<SnapshotRecord> decodeRecord(const QByteArray &json, const QString &file);
[[nodiscard]] bool isSha256Hex(const QByteArray &hex);
[[nodiscard]] QString errnoText(int error);

// snapshotvalidator.cpp
/// Normalizes a member name (tar or manifest). Empty result = the root itself.
[[nodiscard]] Result<QString> normalizeMemberName(const QString &name, const QString &member);

/// Applies the extraction rules of spec 4.4 to a sequence of members, in order. Every error is
/// ErrorCode::InvalidInput naming `<context>member '<name>'`.
class SnapshotEntryValidator
{
public:
    SnapshotEntryValidator(SnapshotLimits limits, QString context);
    /// Checks one member; on success `entry.path` is normalized. `*skip` is set when the member is
    /// not to be recorded: the root directory, or a directory repeated.
    [[nodiscard]] Result<void> add(SnapshotEntry &entry, const QString &memberName, bool *skip);
    /// Checks that no symlink target resolves outside the root (following symlinks among the members).
    [[nodiscard]] Result<void> finish() const;

private:
    [[nodiscard]] std::unexpected<Error> reject(const QString &member, const QString &why) const;
    /// Empty when `link` resolves inside the root, else why not.
    [[nodiscard]] QString escapeReason(const QString &link, const QString &target) const;

    SnapshotLimits m_limits;
    QString m_context;
    qint64 m_members = 0;
    qint64 m_bytes = 0;
    QHash<QString, SnapshotEntryType> m_types;
    QHash<QString, QString> m_linkTargets;
    QSet<QString> m_ancestors;              ///< every proper ancestor of a member seen so far
    QList<QPair<QString, QString>> m_links; ///< (normalized path, member name) in order
};

// blobstore.cpp
/// fsync() of `path` opened with `flags` (O_DIRECTORY for a directory); false with errno set.
[[nodiscard]] bool fsyncPath(const QString &path, int flags);
/// write() until done; false with errno set.
[[nodiscard]] bool writeAll(int fd, const char *data, qint64 size);
/// SHA-256 of `data` as 64 lower-case hex digits (OpenSSL); empty if OpenSSL fails.
[[nodiscard]] QByteArray sha256Hex(QByteArrayView data);

/// Where a blob's bytes are: a loose file `<root>/blobs/<2 hex>/<64 hex>` (offset 0) or a range of
/// a pack file.
struct BlobLocation
{
    QString file;
    qint64 offset = 0;
    qint64 size = 0;
    bool packed = false;
};

/// The content-addressed blob store of a snapshot store: loose blobs `<root>/blobs/<2 hex>/<64 hex>`
/// written through `<root>/tmp`, and pack files `<root>/packs/` (blobpacks_p.h). Copies share the
/// record of the blobs they created and the pack being written, so write() may be called from
/// several threads on one object.
class BlobStore
{
public:
    explicit BlobStore(QString rootDir);
    /// Above this many new loose blobs syncCreated() uses one syncfs() instead of an fsync per blob.
    static constexpr qsizetype kFsyncEachLimit = 256;
    /// The first this many new blobs of up to kPackedMax bytes an object stores are loose (a
    /// per-turn snapshot adds a handful); later ones go into a pack. Larger blobs are always loose.
    static constexpr qsizetype kLooseLimit = 32;
    static constexpr qint64 kPackedMax = 1 << 20;
    /// From now on every blob of up to kPackedMax bytes goes into the pack, also the first
    /// kLooseLimit: for a snapshot about to store many (a directory with more new files than
    /// kLooseLimit), where one fsync of a pack costs far less than an fsync per loose blob and
    /// per fan-out directory.
    void packFromNow();
    /// The loose path a blob has or would have.
    [[nodiscard]] QString blobPath(const QByteArray &hex) const;
    [[nodiscard]] bool contains(const QByteArray &hex) const;
    /// NotFound when the store does not hold the blob; a damaged pack index fails with its error.
    [[nodiscard]] Result<BlobLocation> locate(const QByteArray &hex) const;
    /// The blob's file (and offset, when packed) for messages.
    [[nodiscard]] QString describe(const QByteArray &hex) const;
    /// Streams `read` (returns bytes read, 0 at end, -1 with errno) into a new blob; `added` is
    /// the number of bytes newly stored (0 when the blob already existed).
    struct Written
    {
        QByteArray sha256;
        qint64 size = 0;
        qint64 added = 0;
        bool created = false; ///< the blob did not exist before
    };
    [[nodiscard]] Result<Written> write(const std::function<qint64(char *, qint64)> &read, const QString &what,
                                        const CancelCheck &cancelled);
    [[nodiscard]] Result<Written> writeBytes(const QByteArray &data, const QString &what);
    /// Like writeBytes() for content the caller has hashed (`hex`): nothing is written when the
    /// store holds it, and a new small blob is appended to the pack without hashing it again.
    [[nodiscard]] Result<Written> storeHashed(const QByteArray &hex, const char *data, qint64 size,
                                              const QString &what);
    [[nodiscard]] Result<QByteArray> readAll(const QByteArray &hex) const;
    /// Makes the created blobs durable: finishes the pack being written (pack, index, directory),
    /// flushes the new loose blobs' data (fsync, or syncfs when many), only then renames them to
    /// their content addresses, and flushes those directories. Until then a new loose blob exists
    /// only as a temp file in `<root>/tmp`, found through this object (contains(), locate()).
    [[nodiscard]] Result<void> syncCreated() const;

private:
    struct PackedAt
    {
        qsizetype pack = 0; ///< index into `packPaths`
        qint64 offset = 0;
        qint64 size = 0;
    };
    /// A loose blob written but not yet durable: complete in `tmpPath`, renamed to its content
    /// address by syncCreated() only after its data is on disk.
    struct PendingLoose
    {
        QString tmpPath;
        qint64 size = 0;
    };
    struct Shared
    {
        explicit Shared(const QString &root)
            : writer(root)
        {}
        ~Shared(); ///< removes the temp files of loose blobs that never became durable
        Shared(const Shared &) = delete;
        Shared &operator=(const Shared &) = delete;
        QMutex mutex;
        QHash<QByteArray, PendingLoose> pendingLoose; ///< created loose blobs by hash, for syncCreated()
        std::optional<QSet<QByteArray>> fanouts;      ///< names of the `blobs/` subdirectories, once listed
        qsizetype looseSmall = 0;                     ///< small blobs written loose (at most kLooseLimit)
        PackWriter writer;
        bool indexLoaded = false;
        std::optional<Error> indexError;
        QStringList packPaths;
        QHash<QByteArray, PackedAt> packed;
    };
    /// Loads the pack indexes once per object family; the caller holds the mutex.
    void ensureIndex() const;
    void addPack(const Pack &pack) const;
    [[nodiscard]] std::optional<BlobLocation> packedLocation(const QByteArray &hex) const;
    [[nodiscard]] Result<Written> storePacked(const QByteArray &hex, const char *data, qint64 size,
                                              const QString &what);
    [[nodiscard]] std::optional<BlobLocation> pendingLocation(const QByteArray &hex) const;
    [[nodiscard]] Result<void> syncLoose(const QHash<QByteArray, PendingLoose> &pending) const;

    QString m_root;
    std::shared_ptr<Shared> m_shared;
};

// snapshotstore.cpp helpers shared by the operations
[[nodiscard]] QString envelopePath(const QString &root, const QString &id);
/// All envelopes, in creation order; a damaged one fails the call naming the file.
[[nodiscard]] Result<QList<SnapshotRecord>> loadAllRecords(const QString &root);
[[nodiscard]] Result<SnapshotRecord> loadRecord(const QString &root, const QString &id);
/// Reads the snapshot's directory listings and returns every member sorted by path; `trees`, when
/// given, receives the hashes of the listing blobs. More than `maxMembers` members (a crafted
/// listing that reuses subtrees) is InvalidInput.
[[nodiscard]] Result<QList<SnapshotEntry>> loadEntries(const QString &root, const SnapshotRecord &record,
                                                       QSet<QByteArray> *trees = nullptr,
                                                       qint64 maxMembers = SnapshotLimits{}.maxMembers);
/// The parent snapshot's members as loaded: a directory whose members are all equal to the
/// parent's keeps the parent's listing without encoding it again.
struct PreviousTree
{
    QByteArray rootTree;
    QHash<QString, SnapshotEntry> entries; ///< by path
    QHash<QString, qsizetype> childCount;  ///< by directory path ("" = root)
};
/// What writeListings() stored.
struct ListingsWritten
{
    QByteArray rootTree;
    qint64 addedBytes = 0;
};
/// snapshotlistings.cpp: stores one listing blob per directory of `all` (sorted by path) through
/// `blobs`, reusing the parent's listing of a directory whose members are unchanged; sets each
/// directory entry's `tree` and appends an entry (mode 0755) for a directory that has members but
/// no entry of its own.
[[nodiscard]] Result<ListingsWritten> writeListings(BlobStore &blobs, QList<SnapshotEntry> &all,
                                                    const PreviousTree *previous);
/// A captured snapshot whose durability step has not run yet: its content is in the page cache
/// (an unfinished pack, loose blobs), nothing on disk names it.
struct PendingDurability
{
    std::optional<BlobStore> blobs; ///< holds the pack being written
    SnapshotRecord record;          ///< id, seq and addedBytes assigned
    QByteArray envelope;            ///< encodeRecord(record)
    QList<SnapshotEntry> entries;   ///< sorted by path, for the entries cache
};
/// Assigns id/seq/createdAt and stores one listing blob per directory through `blobs`. Without
/// `deferred` it then runs makeDurable(); with it, it fills `*deferred` and the caller runs
/// makeDurable() later (still holding the store lock). `entries` must be sorted by path.
[[nodiscard]] Result<SnapshotInfo> commitSnapshot(BlobStore &blobs, const QString &root, SnapshotRecord record,
                                                  const QList<SnapshotEntry> &entries,
                                                  const PreviousTree *previous = nullptr,
                                                  PendingDurability *deferred = nullptr);
/// The durability step: finishes the pack (fsync, index, directory), flushes the loose blobs, then
/// writes the envelope atomically and flushes `snapshots/`. Only then does the snapshot exist.
[[nodiscard]] Result<SnapshotInfo> makeDurable(const QString &root, PendingDurability &pending);

// snapshotdurability.cpp
/// Test hook (test builds only): SANDCASTLE_TEST_SNAPSHOT_CHECK_LISTINGS set makes encodeTree()
/// compare every entry it writes with QJsonDocument's encoding and fail on a difference.
[[nodiscard]] bool listingCheckRequested();
/// The store lock of one operation (QLockFile without an age limit); creates the store directory.
[[nodiscard]] Result<std::unique_ptr<QLockFile>> lockStore(const QString &root);
/// Runs makeDurable() on the durability thread (one for the process: durability steps serialize)
/// and releases `lock` when it is done. The future is kept for durableFuture()/pendingFutures().
[[nodiscard]] QFuture<Result<SnapshotInfo>> scheduleDurability(const QString &root, std::unique_ptr<QLockFile> lock,
                                                               PendingDurability pending);
/// The durability step of snapshot `id` if this process created it.
[[nodiscard]] std::optional<QFuture<Result<SnapshotInfo>>> durableFuture(const QString &root, const QString &id);
/// Every durability step created in this process for the store, oldest first.
[[nodiscard]] QList<QFuture<Result<SnapshotInfo>>> durabilityFutures(const QString &root);

// snapshotgc.cpp (callers hold the store lock)
/// Bytes of loose blobs, packs, envelopes and leftover temp files.
[[nodiscard]] Result<qint64> storeUsage(const QString &root);
[[nodiscard]] Result<SnapshotGcReport> collectGarbage(const QString &root, qint64 maxBytes, int keepLast);

// snapshotscan.cpp / snapshotarchive.cpp / snapshotrestore.cpp (callers hold the store lock)
/// With `deferred`, the durability step is left to the caller (see commitSnapshot()).
[[nodiscard]] Result<SnapshotInfo> createSnapshot(const QString &root, const SnapshotLimits &limits,
                                                  const QString &workspaceDir, const SnapshotCreateOptions &options,
                                                  const CancelCheck &cancelled, PendingDurability *deferred = nullptr);
[[nodiscard]] Result<void> exportSnapshot(const QString &root, const QString &id, const QString &archivePath,
                                          const CancelCheck &cancelled);
[[nodiscard]] Result<SnapshotInfo> importSnapshot(const QString &root, const SnapshotLimits &limits,
                                                  const QString &archivePath, const QString &label,
                                                  const CancelCheck &cancelled);
[[nodiscard]] Result<SnapshotInfo> restoreSnapshot(const QString &root, const SnapshotLimits &limits, const QString &id,
                                                   const QString &targetDir, const CancelCheck &cancelled);

} // namespace Sandcastle::Core::Internal::Snapshots
