// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QDateTime>
#include <QFuture>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace Sandcastle::Core {

/// Limits applied to every snapshot that is created, imported or restored (spec 4.4: size and
/// member-count limits). A snapshot over a limit is refused with ErrorCode::InvalidInput.
struct SnapshotLimits
{
    qint64 maxMembers = 1'000'000;           ///< files, directories and symlinks
    qint64 maxTotalBytes = qint64(64) << 30; ///< sum of regular file sizes
};

/// How far a running create() is (SnapshotCreateOptions::progress).
struct SnapshotProgress
{
    qint64 scanned = 0;     ///< members found so far (files, directories, symlinks)
    qint64 stored = 0;      ///< files read into the store (new, or changed since the parent)
    qint64 storedBytes = 0; ///< their content bytes
    qint64 expected = -1;   ///< the parent snapshot's member count (an estimate); -1 without a parent
};

/// What create() records besides the workspace content.
struct SnapshotCreateOptions
{
    /// Workspace-relative paths left out together with everything below them: the caller passes the
    /// mount paths and the ephemeral manifest entries (spec 4.3). A leading "./" or trailing "/" is
    /// ignored; absolute paths and ".." components are InvalidInput.
    QStringList excludedPaths;
    QString label;    ///< free text for people ("turn 3"), may be empty
    QString parentId; ///< empty: the newest snapshot in the store (if any) is the parent
    /// Called on create()'s worker thread after each directory is scanned and its files stored
    /// (not more often), so that it costs nothing next to the work; must be thread-safe. To stop,
    /// cancel the returned future: the walk stops at the next directory or file chunk, and no
    /// snapshot is recorded.
    std::function<void(const SnapshotProgress &)> progress;
};

/// One snapshot as the store describes it.
struct SnapshotInfo
{
    QString id;          ///< single path segment, sortable by creation time
    QDateTime createdAt; ///< UTC, millisecond precision
    QString parentId;    ///< empty for the first snapshot and for imports
    QString label;
    qint64 fileCount = 0; ///< regular files and symlinks
    qint64 dirCount = 0;
    qint64 bytes = 0;      ///< content bytes of the regular files
    qint64 addedBytes = 0; ///< bytes the call added to the store; set by create()/importArchive() only

    friend bool operator==(const SnapshotInfo &, const SnapshotInfo &) = default;
};

/// What gc() did.
struct SnapshotGcReport
{
    QStringList removedSnapshots; ///< ids, oldest first
    qint64 removedBlobs = 0;
    qint64 bytesFreed = 0;
    qint64 bytesAfter = 0; ///< size of the store after the collection (see diskUsage())
};

/// A content-addressed store of workspace snapshots rooted at one directory (for example
/// `<data dir>/snapshots/<workspace id>`; created on first write with mode 0700). File contents are
/// blobs named by their SHA-256, shared by all snapshots; each snapshot is a small JSON envelope
/// naming a tree of gzip'd directory listings that are blobs too, so that a snapshot of an unchanged
/// workspace adds only the envelope and a one-file change adds the file plus the listings of its
/// directory chain. The layout is documented in docs/FORMATS.md ("Workspace snapshots").
///
/// Symlinks are stored as links (never followed), permission bits (0777) and file modification
/// times are kept; sockets, FIFOs and devices in a workspace are skipped; file owners are not kept.
///
/// Threads: every operation runs on Qt's global thread pool and reports through the returned
/// future, which finishes exactly once with a Result (or without a result when cancelled before it
/// finished). The object is a cheap value; copies may be used from any thread. Operations that
/// change the store (create, import, remove, gc) and those that read snapshot content (restore,
/// export) serialize on a lock file in the store, so they are safe between threads and processes.
///
/// Failure: bad input (an archive or a snapshot entry that breaks the extraction rules, an unknown
/// id, a non-empty restore target) is ErrorCode::InvalidInput or NotFound with a message naming the
/// member or file; file system trouble is ErrorCode::Io. A failed call leaves no partial snapshot and
/// no partial restore target behind.
class SnapshotStore
{
public:
    explicit SnapshotStore(QString rootDir, SnapshotLimits limits = {});

    [[nodiscard]] QString rootDir() const { return m_rootDir; }
    [[nodiscard]] SnapshotLimits limits() const { return m_limits; }

    /// Snapshots `workspaceDir`. Files whose size, mtime, ctime and inode equal the parent's entry are
    /// not read again (their recorded hash is reused).
    ///
    /// The future finishes once the content is captured: every file's content is copied into the
    /// store (page cache), so later workspace edits cannot change the snapshot, and the id is
    /// assigned. Durability (flushing the blobs, writing the envelope) then runs in the background
    /// holding the store lock; until it has ended the snapshot does not exist on disk: list() and
    /// restore() wait for it, and a crash leaves the previous snapshot as the newest. Whoever
    /// records the id anywhere (a journal, a file) waits for durable(id) first.
    [[nodiscard]] QFuture<Result<SnapshotInfo>> create(const QString &workspaceDir,
                                                       const SnapshotCreateOptions &options = {}) const;
    /// Finishes when snapshot `id` is durable, with its info, or with the error that kept it from
    /// becoming durable (then it does not exist and the previous snapshot is the newest). For an id
    /// not created by this process, or one that became durable more than 16 snapshots ago (the
    /// process keeps the newest steps only): the snapshot's info read from the store (addedBytes 0),
    /// NotFound if the store has no such snapshot.
    [[nodiscard]] QFuture<Result<SnapshotInfo>> durable(const QString &id) const;
    /// Blocks until every snapshot this process created in the store is durable or has failed;
    /// returns the first failure among them (for shutdown and command-line tools).
    [[nodiscard]] Result<void> waitDurable() const;
    /// Writes snapshot `id` as a POSIX (pax) tar: members `./<path>`, symlinks as links, modes and
    /// mtimes kept, owner 0. Written to a temp file next to `archivePath`, then renamed.
    [[nodiscard]] QFuture<Result<void>> exportArchive(const QString &id, const QString &archivePath) const;
    /// Creates a snapshot from a tar (optionally compressed) after validating every member header
    /// (spec 4.4 rules); a violation names the member and adds nothing to the store.
    [[nodiscard]] QFuture<Result<SnapshotInfo>> importArchive(const QString &archivePath,
                                                              const QString &label = {}) const;
    /// Materializes snapshot `id` into `targetDir`, which must be missing or an empty directory. The
    /// entries are validated first; the content is written into a sibling staging directory that is
    /// renamed into place, so a failure leaves the target as it was.
    [[nodiscard]] QFuture<Result<SnapshotInfo>> restore(const QString &id, const QString &targetDir) const;
    /// All snapshots, oldest first. A damaged envelope fails the call naming the file.
    [[nodiscard]] QFuture<Result<QList<SnapshotInfo>>> list() const;
    /// Deletes the snapshot's envelope; its blobs stay until gc(). Unknown id: NotFound.
    [[nodiscard]] QFuture<Result<void>> remove(const QString &id) const;
    /// Deletes unreferenced blobs, then the oldest snapshots (never the newest `keepLast`) until the
    /// store is at most `maxBytes`, deleting the blobs only they referenced.
    [[nodiscard]] QFuture<Result<SnapshotGcReport>> gc(qint64 maxBytes, int keepLast) const;
    /// Bytes used by the store: apparent sizes of blobs and envelopes.
    [[nodiscard]] QFuture<Result<qint64>> diskUsage() const;

private:
    QString m_rootDir;
    SnapshotLimits m_limits;
};

} // namespace Sandcastle::Core
