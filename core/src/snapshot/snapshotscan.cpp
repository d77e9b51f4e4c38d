// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// create(): walks the workspace with openat() from the root (so a symlink swapped in during the
// walk is never followed) and reuses the parent's hash for files whose stat data is unchanged. The
// walk reads the other files itself, each with one read() when its size is as stat'ed, into
// batches of about 1 MiB; a private pool hashes each batch and appends its new blobs to the pack
// while the walk goes on (no wait per directory). Files above the pack limit are streamed into
// loose blobs by the walk.
#include "snapshot_p.h"

#include <QElapsedTimer>
#include <QFile>
#include <QScopeGuard>
#include <QSemaphore>
#include <QThread>
#include <QThreadPool>

#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>

namespace Sandcastle::Core::Internal::Snapshots {

namespace {

/// A parent entry is trusted only if its mtime is clearly older than the parent's scan: a file
/// rewritten within the timestamp granularity right after it was read would otherwise look unchanged.
constexpr qint64 kRacyWindowNs = 1'000'000'000;

qint64 nanos(const struct timespec &ts)
{
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

/// Files of up to BlobStore::kPackedMax bytes are read by the walk into batches of about this
/// size; a pool thread hashes a batch and stores its blobs while the walk reads the next ones.
constexpr qint64 kBatchBytes = qint64(1) << 20;
constexpr qsizetype kBatchFiles = 256;
/// Batches read but not yet stored, at most: bounds the memory (about 16 MiB) when hashing and
/// writing fall behind the walk.
constexpr int kBatchesInFlight = 16;

struct Batch
{
    struct Item
    {
        qsizetype entry = 0; ///< index into Scanner::entries
        qint64 offset = 0;   ///< into `data`
        qint64 size = 0;
        QString path; ///< workspace-relative, for messages
    };
    QByteArray data;
    QList<Item> items;
};

/// True when `name` is valid UTF-8 (an all-ASCII name needs no conversion to tell).
bool validUtf8(const QByteArray &name, const QString &decoded)
{
    return std::all_of(name.begin(), name.end(), [](char c) { return uchar(c) < 0x80; }) || decoded.toUtf8() == name;
}

class Scanner
{
public:
    Scanner(const QString &root, const QString &workspace, const SnapshotLimits &limits, const CancelCheck &cancelled)
        : blobs(root)
        , m_workspace(workspace)
        , m_limits(limits)
        , m_cancelled(cancelled)
        , m_slots(kBatchesInFlight)
    {
        m_pool.setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
        m_batch.data.reserve(kBatchBytes + BlobStore::kPackedMax + 1);
    }
    ~Scanner() { m_pool.waitForDone(); }

    BlobStore blobs;
    QSet<QString> excluded;
    QHash<QString, SnapshotEntry> cache;
    QList<SnapshotEntry> entries;
    qint64 bytes = 0;
    qint64 added = 0;
    qint64 skippedSpecial = 0;

    Result<void> scanDir(int dirFd, const QString &prefix);
    /// Stores the last batch, waits for the pool and sets the hashes of the files read.
    Result<void> finish();
    /// SnapshotCreateOptions::progress, and the parent's member count as the expected total.
    void setProgress(std::function<void(const SnapshotProgress &)> report, qint64 expected)
    {
        m_report = std::move(report);
        m_progress.expected = expected;
    }

private:
    [[nodiscard]] QString absolute(const QString &rel) const
    {
        return rel.isEmpty() ? m_workspace : m_workspace + QLatin1Char('/') + rel;
    }
    /// Reads the open file `fd` (stat size `size`) of entry `entry` into the store: into the
    /// current batch when it fits, else streamed into a loose blob here. Returns the bytes read.
    Result<qint64> readFile(int fd, qint64 size, qsizetype entry, const QString &rel);
    Result<void> streamLarge(int fd, QByteArrayView prefix, qsizetype entry, const QString &rel);
    void submit();
    void storeBatch(const Batch &batch);
    void record(qsizetype entry, const Result<BlobStore::Written> &written);

    QString m_workspace;
    std::function<void(const SnapshotProgress &)> m_report;
    SnapshotProgress m_progress;
    SnapshotLimits m_limits;
    CancelCheck m_cancelled;
    QThreadPool m_pool;
    QSemaphore m_slots;
    Batch m_batch;
    QMutex m_resultsMutex;
    QList<std::pair<qsizetype, BlobStore::Written>> m_results;
    std::optional<Error> m_error;
    std::atomic_bool m_failed{false};
};

void Scanner::record(qsizetype entry, const Result<BlobStore::Written> &written)
{
    const QMutexLocker locker(&m_resultsMutex);
    if (written) {
        m_results.append({entry, *written});
    } else if (!m_error) {
        m_error = written.error();
        m_failed = true;
    }
}

void Scanner::storeBatch(const Batch &batch)
{
    for (const Batch::Item &item : batch.items) {
        if (m_failed) {
            return;
        }
        const char *data = batch.data.constData() + item.offset;
        const QByteArray hex = sha256Hex(QByteArrayView(data, item.size));
        record(item.entry, hex.isEmpty() ? fail(ErrorCode::Internal,
                                                QStringLiteral("%1: OpenSSL SHA-256 failed").arg(absolute(item.path)))
                                         : blobs.storeHashed(hex, data, item.size, absolute(item.path)));
    }
}

void Scanner::submit()
{
    if (m_batch.items.isEmpty()) {
        return;
    }
    m_slots.acquire();
    auto batch = std::make_shared<Batch>(std::move(m_batch));
    m_pool.start([this, batch] {
        storeBatch(*batch);
        m_slots.release();
    });
    m_batch = Batch();
    m_batch.data.reserve(kBatchBytes + BlobStore::kPackedMax + 1);
}

Result<qint64> Scanner::readFile(int fd, qint64 size, qsizetype entry, const QString &rel)
{
    if (size > BlobStore::kPackedMax) {
        if (auto ok = streamLarge(fd, {}, entry, rel); !ok) {
            return std::unexpected(ok.error());
        }
        return size;
    }
    const qint64 base = m_batch.data.size();
    qint64 capacity = size + 1;
    m_batch.data.resize(base + capacity);
    qint64 got = 0;
    for (;;) {
        if (got == capacity) {
            if (capacity > BlobStore::kPackedMax) { // it grew since the stat: stream it
                const QByteArray prefix = m_batch.data.sliced(base, got);
                m_batch.data.truncate(base);
                if (auto ok = streamLarge(fd, prefix, entry, rel); !ok) {
                    return std::unexpected(ok.error());
                }
                return got;
            }
            capacity = std::min(capacity * 2, BlobStore::kPackedMax + 1);
            m_batch.data.resize(base + capacity);
        }
        const ssize_t n = ::read(fd, m_batch.data.data() + base + got, size_t(capacity - got));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            m_batch.data.truncate(base);
            return fail(ErrorCode::Io, QStringLiteral("%1: cannot read: %2").arg(absolute(rel), errnoText(errno)),
                        absolute(rel));
        }
        if (n == 0) {
            break;
        }
        got += n;
        // A regular file returns less than asked only at its end: the size the stat promised, with
        // room for one byte more, needs no second read to see the end.
        if (got == size && got < capacity) {
            break;
        }
    }
    m_batch.data.truncate(base + got);
    m_batch.items.append(Batch::Item{entry, base, got, rel});
    if (m_batch.data.size() >= kBatchBytes || m_batch.items.size() >= kBatchFiles) {
        submit();
    }
    return got;
}

Result<void> Scanner::streamLarge(int fd, QByteArrayView prefix, qsizetype entry, const QString &rel)
{
    qint64 offset = 0;
    auto written = blobs.write(
        [fd, prefix, &offset](char *buffer, qint64 max) -> qint64 {
            if (offset < prefix.size()) {
                const qint64 n = std::min(max, prefix.size() - offset);
                std::memcpy(buffer, prefix.data() + offset, size_t(n));
                offset += n;
                return n;
            }
            return ::read(fd, buffer, size_t(max));
        },
        absolute(rel), m_cancelled);
    if (!written) {
        return std::unexpected(written.error());
    }
    record(entry, written);
    return {};
}

Result<void> Scanner::finish()
{
    submit();
    m_pool.waitForDone();
    if (m_error) {
        return std::unexpected(*m_error);
    }
    for (const auto &[index, written] : std::as_const(m_results)) {
        SnapshotEntry &e = entries[index];
        bytes += written.size - e.size; // the file may have changed size since the stat
        e.size = written.size;
        e.sha256 = written.sha256;
        added += written.added;
    }
    return {};
}

Result<void> Scanner::scanDir(int dirFd, const QString &prefix)
{
    if (m_cancelled && m_cancelled()) {
        return fail(ErrorCode::Cancelled, QStringLiteral("snapshot cancelled"));
    }
    if (m_failed) {
        return {}; // finish() reports the error
    }
    DIR *dir = ::fdopendir(::dup(dirFd));
    if (!dir) {
        return fail(ErrorCode::Io, QStringLiteral("%1: cannot list: %2").arg(absolute(prefix), errnoText(errno)),
                    absolute(prefix));
    }
    QList<QByteArray> names;
    while (const dirent *d = ::readdir(dir)) {
        const QByteArray name(d->d_name);
        if (name != "." && name != "..") {
            names.append(name);
        }
    }
    ::closedir(dir);

    qsizetype readCount = 0;
    qint64 readBytes = 0;
    QList<std::pair<QByteArray, QString>> subdirs;
    for (const QByteArray &name : std::as_const(names)) {
        const QString decoded = QString::fromUtf8(name);
        const QString rel = prefix.isEmpty() ? decoded : prefix + QLatin1Char('/') + decoded;
        if (!validUtf8(name, decoded)) {
            return fail(ErrorCode::InvalidInput, QStringLiteral("%1: file name is not valid UTF-8").arg(absolute(rel)),
                        absolute(rel));
        }
        if (excluded.contains(rel)) {
            continue;
        }
        struct stat st{};
        if (::fstatat(dirFd, name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno == ENOENT) {
                continue; // deleted during the walk
            }
            return fail(ErrorCode::Io, QStringLiteral("%1: %2").arg(absolute(rel), errnoText(errno)), absolute(rel));
        }
        SnapshotEntry e;
        e.path = rel;
        e.mode = st.st_mode & 0777;
        e.mtimeNs = nanos(st.st_mtim);
        int fd = -1;
        if (S_ISDIR(st.st_mode)) {
            e.type = SnapshotEntryType::Dir;
            e.mtimeNs = 0;
            subdirs.append({name, rel});
        } else if (S_ISLNK(st.st_mode)) {
            e.type = SnapshotEntryType::Symlink;
            QByteArray target(qsizetype(st.st_size) + 1, Qt::Uninitialized);
            const ssize_t n = ::readlinkat(dirFd, name.constData(), target.data(), size_t(target.size()));
            if (n < 0 || n >= target.size()) {
                return fail(ErrorCode::Io, QStringLiteral("%1: cannot read the symlink").arg(absolute(rel)),
                            absolute(rel));
            }
            e.target = QString::fromUtf8(target.left(n));
        } else if (S_ISREG(st.st_mode)) {
            e.type = SnapshotEntryType::File;
            e.size = st.st_size;
            e.ctimeNs = nanos(st.st_ctim);
            e.inode = st.st_ino;
            const auto hit = cache.constFind(rel);
            if (hit != cache.cend() && hit->type == SnapshotEntryType::File && hit->size == e.size &&
                hit->mtimeNs == e.mtimeNs && hit->ctimeNs == e.ctimeNs && hit->inode == e.inode) {
                e.sha256 = hit->sha256;
            } else {
                fd = ::openat(dirFd, name.constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
                struct stat opened{};
                if (fd < 0 || ::fstat(fd, &opened) != 0 || opened.st_ino != st.st_ino || !S_ISREG(opened.st_mode)) {
                    if (fd >= 0) {
                        ::close(fd);
                    }
                    return fail(
                        ErrorCode::Io,
                        QStringLiteral("%1: cannot open (or it changed during the snapshot)").arg(absolute(rel)),
                        absolute(rel));
                }
            }
        } else {
            ++skippedSpecial;
            qCDebug(lcSnapshot) << "skipping special file" << absolute(rel);
            continue;
        }
        const auto closeFile = qScopeGuard([fd] {
            if (fd >= 0) {
                ::close(fd);
            }
        });
        if (entries.size() >= m_limits.maxMembers) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("%1: the workspace has more than %2 members")
                            .arg(absolute(rel))
                            .arg(m_limits.maxMembers),
                        absolute(rel));
        }
        bytes += e.size;
        if (bytes > m_limits.maxTotalBytes) {
            return fail(
                ErrorCode::InvalidInput,
                QStringLiteral("%1: the workspace exceeds %2 bytes").arg(absolute(rel)).arg(m_limits.maxTotalBytes),
                absolute(rel));
        }
        entries.append(std::move(e));
        if (fd >= 0) {
            if (++readCount > BlobStore::kLooseLimit) {
                blobs.packFromNow();
            }
            auto got = readFile(fd, st.st_size, entries.size() - 1, rel);
            if (!got) {
                return std::unexpected(got.error());
            }
            readBytes += *got;
        }
    }
    if (m_report) {
        m_progress.scanned = entries.size();
        m_progress.stored += readCount;
        m_progress.storedBytes += readBytes;
        m_report(m_progress);
    }
    for (const auto &[name, rel] : std::as_const(subdirs)) {
        const int fd = ::openat(dirFd, name.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            return fail(ErrorCode::Io, QStringLiteral("%1: cannot open: %2").arg(absolute(rel), errnoText(errno)),
                        absolute(rel));
        }
        auto r = scanDir(fd, rel);
        ::close(fd);
        if (!r) {
            return r;
        }
    }
    return {};
}

} // namespace

Result<SnapshotInfo> createSnapshot(const QString &root, const SnapshotLimits &limits, const QString &workspaceDir,
                                    const SnapshotCreateOptions &options, const CancelCheck &cancelled,
                                    PendingDurability *deferred)
{
    struct timespec now{};
    ::clock_gettime(CLOCK_REALTIME, &now);
    QElapsedTimer timer;
    timer.start();
    Scanner scanner(root, workspaceDir, limits, cancelled);
    bool excludeAll = false;
    for (const QString &path : options.excludedPaths) {
        const auto normalized = normalizeMemberName(path, path);
        if (!normalized) {
            return fail(ErrorCode::InvalidInput, QStringLiteral("excluded path %1").arg(normalized.error().message),
                        path);
        }
        excludeAll = excludeAll || normalized->isEmpty(); // a mount on the root: an empty snapshot
        scanner.excluded.insert(*normalized);
    }

    SnapshotRecord record;
    record.info.label = options.label;
    record.info.parentId = options.parentId;
    if (record.info.parentId.isEmpty()) {
        const auto all = loadAllRecords(root);
        if (!all) {
            return std::unexpected(all.error());
        }
        if (!all->isEmpty()) {
            record.info.parentId = all->last().info.id;
        }
    }
    PreviousTree previous;
    if (!record.info.parentId.isEmpty()) {
        const auto parent = loadRecord(root, record.info.parentId);
        if (!parent) {
            return std::unexpected(parent.error());
        }
        auto parentEntries = loadEntries(root, *parent);
        if (!parentEntries) {
            return std::unexpected(parentEntries.error());
        }
        previous.rootTree = parent->treeHash;
        previous.entries.reserve(parentEntries->size());
        for (SnapshotEntry &e : *parentEntries) {
            ++previous.childCount[e.path.left(std::max<qsizetype>(0, e.path.lastIndexOf(QLatin1Char('/'))))];
            if (e.type == SnapshotEntryType::File && e.inode != 0 &&
                e.mtimeNs + kRacyWindowNs < parent->scanStartedNs) {
                scanner.cache.insert(e.path, e);
            }
            previous.entries.insert(e.path, std::move(e));
        }
    }

    scanner.setProgress(options.progress, previous.rootTree.isEmpty() ? -1 : qint64(previous.entries.size()));
    const qint64 parentMs = timer.restart();
    const QByteArray encoded = QFile::encodeName(workspaceDir);
    const int rootFd = ::open(encoded.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (rootFd < 0) {
        return fail(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::Io,
                    QStringLiteral("%1: cannot open the workspace: %2").arg(workspaceDir, errnoText(errno)),
                    workspaceDir);
    }
    auto scanned = excludeAll ? Result<void>() : scanner.scanDir(rootFd, QString());
    ::close(rootFd);
    auto stored = scanner.finish(); // also after a failed walk: no pool thread may outlive it
    if (!scanned) {
        return std::unexpected(scanned.error());
    }
    if (!stored) {
        return std::unexpected(stored.error());
    }
    if (cancelled && cancelled()) {
        return fail(ErrorCode::Cancelled, QStringLiteral("snapshot cancelled"));
    }
    if (scanner.skippedSpecial > 0) {
        qCInfo(lcSnapshot) << workspaceDir << ": skipped" << scanner.skippedSpecial << "sockets, FIFOs or devices";
    }
    std::sort(scanner.entries.begin(), scanner.entries.end(),
              [](const SnapshotEntry &a, const SnapshotEntry &b) { return a.path < b.path; });
    for (const SnapshotEntry &e : std::as_const(scanner.entries)) {
        ++(e.type == SnapshotEntryType::Dir ? record.info.dirCount : record.info.fileCount);
    }
    record.info.bytes = scanner.bytes;
    record.info.addedBytes = scanner.added;
    record.scanStartedNs = nanos(now);
    const qint64 scanMs = timer.restart();
    auto committed = commitSnapshot(scanner.blobs, root, std::move(record), scanner.entries,
                                    previous.rootTree.isEmpty() ? nullptr : &previous, deferred);
    qCDebug(lcSnapshot).nospace() << workspaceDir << ": parent loaded in " << parentMs << " ms, scanned in " << scanMs
                                  << " ms, committed in " << timer.elapsed() << " ms";
    return committed;
}

} // namespace Sandcastle::Core::Internal::Snapshots
