// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// create(): walks the workspace with openat() from the root (so a symlink swapped in during the
// walk is never followed), reuses the parent's hash for files whose stat data is unchanged, and
// streams the other files into blobs on a private pool, one directory at a time.
#include "snapshot_p.h"

#include <QElapsedTimer>
#include <QFile>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentMap>

#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <atomic>

namespace Sandcastle::Core::Internal::Snapshots {

namespace {

/// A parent entry is trusted only if its mtime is clearly older than the parent's scan: a file
/// rewritten within the timestamp granularity right after it was read would otherwise look unchanged.
constexpr qint64 kRacyWindowNs = 1'000'000'000;

qint64 nanos(const struct timespec &ts)
{
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

struct HashJob
{
    qsizetype entry = 0;
    int fd = -1;
    QString what;
    Result<BlobStore::Written> result = fail(ErrorCode::Internal, QStringLiteral("not hashed"));
};

class Scanner
{
public:
    Scanner(const QString &root, const SnapshotLimits &limits, const CancelCheck &cancelled)
        : blobs(root)
        , m_limits(limits)
        , m_cancelled(cancelled)
    {
        m_pool.setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
    }

    BlobStore blobs;
    QSet<QString> excluded;
    QHash<QString, SnapshotEntry> cache;
    QList<SnapshotEntry> entries;
    qint64 bytes = 0;
    qint64 added = 0;
    qint64 skippedSpecial = 0;

    Result<void> scanDir(int dirFd, const QString &prefix, const QString &absDir);
    /// SnapshotCreateOptions::progress, and the parent's member count as the expected total.
    void setProgress(std::function<void(const SnapshotProgress &)> report, qint64 expected)
    {
        m_report = std::move(report);
        m_progress.expected = expected;
    }

private:
    Result<void> hashFiles(QList<HashJob> &jobs);
    /// One directory done: its members and the files it read into the store.
    void reportDirectory(const QList<HashJob> &jobs);

    std::function<void(const SnapshotProgress &)> m_report;
    SnapshotProgress m_progress;

    SnapshotLimits m_limits;
    CancelCheck m_cancelled;
    QThreadPool m_pool;
};

void Scanner::reportDirectory(const QList<HashJob> &jobs)
{
    if (!m_report) {
        return;
    }
    m_progress.scanned = entries.size();
    m_progress.stored += jobs.size();
    for (const HashJob &job : jobs) {
        m_progress.storedBytes += job.result ? job.result->size : 0;
    }
    m_report(m_progress);
}

Result<void> Scanner::scanDir(int dirFd, const QString &prefix, const QString &absDir)
{
    if (m_cancelled && m_cancelled()) {
        return fail(ErrorCode::Cancelled, QStringLiteral("snapshot cancelled"));
    }
    DIR *dir = ::fdopendir(::dup(dirFd));
    if (!dir) {
        return fail(ErrorCode::Io, QStringLiteral("%1: cannot list: %2").arg(absDir, errnoText(errno)), absDir);
    }
    QList<QByteArray> names;
    while (const dirent *d = ::readdir(dir)) {
        const QByteArray name(d->d_name);
        if (name != "." && name != "..") {
            names.append(name);
        }
    }
    ::closedir(dir);

    QList<HashJob> jobs;
    const auto closeJobs = [&jobs] {
        for (const HashJob &job : std::as_const(jobs)) {
            ::close(job.fd);
        }
    };
    QList<std::pair<QByteArray, QString>> subdirs;
    for (const QByteArray &name : std::as_const(names)) {
        const QString decoded = QString::fromUtf8(name);
        const QString rel = prefix.isEmpty() ? decoded : prefix + QLatin1Char('/') + decoded;
        const QString abs = absDir + QLatin1Char('/') + decoded;
        if (decoded.toUtf8() != name) {
            closeJobs();
            return fail(ErrorCode::InvalidInput, QStringLiteral("%1: file name is not valid UTF-8").arg(abs), abs);
        }
        if (excluded.contains(rel)) {
            continue;
        }
        struct stat st{};
        if (::fstatat(dirFd, name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno == ENOENT) {
                continue; // deleted during the walk
            }
            closeJobs();
            return fail(ErrorCode::Io, QStringLiteral("%1: %2").arg(abs, errnoText(errno)), abs);
        }
        SnapshotEntry e;
        e.path = rel;
        e.mode = st.st_mode & 0777;
        e.mtimeNs = nanos(st.st_mtim);
        if (S_ISDIR(st.st_mode)) {
            e.type = SnapshotEntryType::Dir;
            e.mtimeNs = 0;
            subdirs.append({name, rel});
        } else if (S_ISLNK(st.st_mode)) {
            e.type = SnapshotEntryType::Symlink;
            QByteArray target(qsizetype(st.st_size) + 1, Qt::Uninitialized);
            const ssize_t n = ::readlinkat(dirFd, name.constData(), target.data(), size_t(target.size()));
            if (n < 0 || n >= target.size()) {
                closeJobs();
                return fail(ErrorCode::Io, QStringLiteral("%1: cannot read the symlink").arg(abs), abs);
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
                const int fd = ::openat(dirFd, name.constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
                struct stat opened{};
                if (fd < 0 || ::fstat(fd, &opened) != 0 || opened.st_ino != st.st_ino || !S_ISREG(opened.st_mode)) {
                    if (fd >= 0) {
                        ::close(fd);
                    }
                    closeJobs();
                    return fail(ErrorCode::Io,
                                QStringLiteral("%1: cannot open (or it changed during the snapshot)").arg(abs), abs);
                }
                jobs.append(HashJob{entries.size(), fd, abs});
            }
        } else {
            ++skippedSpecial;
            qCDebug(lcSnapshot) << "skipping special file" << abs;
            continue;
        }
        if (entries.size() >= m_limits.maxMembers) {
            closeJobs();
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("%1: the workspace has more than %2 members").arg(abs).arg(m_limits.maxMembers),
                        abs);
        }
        bytes += e.size;
        if (bytes > m_limits.maxTotalBytes) {
            closeJobs();
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("%1: the workspace exceeds %2 bytes").arg(abs).arg(m_limits.maxTotalBytes), abs);
        }
        entries.append(std::move(e));
    }
    if (auto hashed = hashFiles(jobs); !hashed) {
        return hashed;
    }
    reportDirectory(jobs);
    for (const auto &[name, rel] : std::as_const(subdirs)) {
        const int fd = ::openat(dirFd, name.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        const QString abs = absDir + QLatin1Char('/') + QString::fromUtf8(name);
        if (fd < 0) {
            return fail(ErrorCode::Io, QStringLiteral("%1: cannot open: %2").arg(abs, errnoText(errno)), abs);
        }
        auto r = scanDir(fd, rel, abs);
        ::close(fd);
        if (!r) {
            return r;
        }
    }
    return {};
}

Result<void> Scanner::hashFiles(QList<HashJob> &jobs)
{
    if (jobs.size() > BlobStore::kLooseLimit) {
        blobs.packFromNow();
    }
    QtConcurrent::blockingMap(&m_pool, jobs, [this](HashJob &job) {
        const int fd = job.fd;
        job.result = blobs.write([fd](char *buffer, qint64 max) -> qint64 { return ::read(fd, buffer, size_t(max)); },
                                 job.what, m_cancelled);
    });
    Result<void> result;
    for (HashJob &job : jobs) {
        ::close(job.fd);
        if (!job.result) {
            if (result) {
                result = std::unexpected(job.result.error());
            }
            continue;
        }
        SnapshotEntry &e = entries[job.entry];
        bytes += job.result->size - e.size; // the file may have changed size since the stat
        e.size = job.result->size;
        e.sha256 = job.result->sha256;
        added += job.result->added;
    }
    return result;
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
    Scanner scanner(root, limits, cancelled);
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
    auto scanned = excludeAll ? Result<void>() : scanner.scanDir(rootFd, QString(), workspaceDir);
    ::close(rootFd);
    if (!scanned) {
        return std::unexpected(scanned.error());
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
