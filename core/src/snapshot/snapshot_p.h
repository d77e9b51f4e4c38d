// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/snapshot/snapshotstore.h"

#include <QByteArray>
#include <QHash>
#include <QLoggingCategory>
#include <QSet>

#include <functional>

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
    QByteArray entriesHash;   ///< blob holding the gzip'd entry list
    qint64 scanStartedNs = 0; ///< stat-cache entries are trusted only if their mtime is older
};

using CancelCheck = std::function<bool()>;

// snapshotformat.cpp
inline constexpr int kSnapshotFormatVersion = 1;
[[nodiscard]] Result<QByteArray> encodeEntries(const QList<SnapshotEntry> &entries);
[[nodiscard]] Result<QList<SnapshotEntry>> decodeEntries(const QByteArray &gz, const QString &what);
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
/// `<root>/blobs/<2 hex>/<64 hex>`, written through `<root>/tmp`.
class BlobStore
{
public:
    explicit BlobStore(QString rootDir);
    [[nodiscard]] QString blobPath(const QByteArray &hex) const;
    [[nodiscard]] bool contains(const QByteArray &hex) const;
    /// Streams `read` (returns bytes read, 0 at end, -1 with errno) into a new blob; `added` is
    /// the number of bytes newly stored (0 when the blob already existed).
    struct Written
    {
        QByteArray sha256;
        qint64 size = 0;
        qint64 added = 0;
    };
    [[nodiscard]] Result<Written> write(const std::function<qint64(char *, qint64)> &read, const QString &what,
                                        const CancelCheck &cancelled);
    [[nodiscard]] Result<Written> writeBytes(const QByteArray &data, const QString &what);
    [[nodiscard]] Result<QByteArray> readAll(const QByteArray &hex) const;

private:
    QString m_root;
};

// snapshotstore.cpp helpers shared by the operations
[[nodiscard]] QString envelopePath(const QString &root, const QString &id);
/// All envelopes, in creation order; a damaged one fails the call naming the file.
[[nodiscard]] Result<QList<SnapshotRecord>> loadAllRecords(const QString &root);
[[nodiscard]] Result<SnapshotRecord> loadRecord(const QString &root, const QString &id);
[[nodiscard]] Result<QList<SnapshotEntry>> loadEntries(const QString &root, const SnapshotRecord &record);
/// Assigns id/seq/createdAt, stores the entry list as a blob and writes the envelope atomically.
[[nodiscard]] Result<SnapshotInfo> commitSnapshot(const QString &root, SnapshotRecord record,
                                                  const QList<SnapshotEntry> &entries);

// snapshotscan.cpp / snapshotarchive.cpp / snapshotrestore.cpp (callers hold the store lock)
[[nodiscard]] Result<SnapshotInfo> createSnapshot(const QString &root, const SnapshotLimits &limits,
                                                  const QString &workspaceDir, const SnapshotCreateOptions &options,
                                                  const CancelCheck &cancelled);
[[nodiscard]] Result<void> exportSnapshot(const QString &root, const QString &id, const QString &archivePath,
                                          const CancelCheck &cancelled);
[[nodiscard]] Result<SnapshotInfo> importSnapshot(const QString &root, const SnapshotLimits &limits,
                                                  const QString &archivePath, const QString &label,
                                                  const CancelCheck &cancelled);
[[nodiscard]] Result<SnapshotInfo> restoreSnapshot(const QString &root, const SnapshotLimits &limits, const QString &id,
                                                   const QString &targetDir, const CancelCheck &cancelled);

} // namespace Sandcastle::Core::Internal::Snapshots
