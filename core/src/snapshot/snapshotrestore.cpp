// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// restore(): the entries are validated (the entry list may have been edited) and every blob is
// checked to exist with the recorded size before anything is written; then directories, files
// (copied on a private pool, created 0600 with O_EXCL|O_NOFOLLOW, mode and mtime set after the
// content) and, last, symlinks are written into a sibling staging directory, directory modes are
// applied deepest first, and the staging directory is renamed onto the target.
#include "snapshot_p.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <numeric>
#include <sys/stat.h>
#include <unistd.h>

namespace Sandcastle::Core::Internal::Snapshots {

namespace {

struct FdCloser
{
    int fd = -1;
    ~FdCloser()
    {
        if (fd >= 0) {
            ::close(fd);
        }
    }
};

QByteArray encoded(const QString &path)
{
    return QFile::encodeName(path);
}

/// Removes a staging tree even where a restored directory mode denies writing.
void removeTree(const QString &path)
{
    ::chmod(encoded(path).constData(), 0700);
    QDirIterator it(path, QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        ::chmod(encoded(it.next()).constData(), 0700);
    }
    QDir(path).removeRecursively();
}

Result<void> copyBlob(const BlobLocation &blob, const QString &dest, const SnapshotEntry &e,
                      const CancelCheck &cancelled)
{
    const QString &blobPath = blob.file;
    FdCloser in{::open(encoded(blobPath).constData(), O_RDONLY | O_CLOEXEC)};
    if (in.fd < 0) {
        return fail(ErrorCode::Io, QStringLiteral("%1: cannot read blob: %2").arg(blobPath, errnoText(errno)),
                    blobPath);
    }
    FdCloser out{::open(encoded(dest).constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600)};
    if (out.fd < 0) {
        return fail(ErrorCode::Io, QStringLiteral("%1: cannot create: %2").arg(dest, errnoText(errno)), dest);
    }
    qint64 copied = 0;
    bool fallback = false;
    loff_t from = blob.offset;
    while (copied < e.size) {
        if (cancelled && cancelled()) {
            return fail(ErrorCode::Cancelled, QStringLiteral("restore cancelled"));
        }
        const ssize_t n =
            ::copy_file_range(in.fd, &from, out.fd, nullptr, size_t(std::min<qint64>(e.size - copied, 64 << 20)), 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && copied == 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP)) {
            fallback = true;
            break;
        }
        if (n <= 0) {
            return fail(ErrorCode::Io,
                        QStringLiteral("%1: cannot copy from %2: %3")
                            .arg(dest, blobPath, n == 0 ? QStringLiteral("blob too short") : errnoText(errno)),
                        dest);
        }
        copied += n;
    }
    if (fallback) {
        QByteArray buffer(1 << 20, Qt::Uninitialized);
        while (copied < e.size) {
            const ssize_t n = ::pread(in.fd, buffer.data(), size_t(std::min<qint64>(buffer.size(), e.size - copied)),
                                      off_t(blob.offset + copied));
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0 || ::write(out.fd, buffer.constData(), size_t(n)) != n) {
                return fail(ErrorCode::Io,
                            QStringLiteral("%1: cannot copy from %2: %3").arg(dest, blobPath, errnoText(errno)), dest);
            }
            copied += n;
        }
    }
    const struct timespec times[2] = {{0, UTIME_OMIT},
                                      {time_t(e.mtimeNs / 1'000'000'000), long(e.mtimeNs % 1'000'000'000)}};
    if (::fchmod(out.fd, e.mode) != 0 || ::futimens(out.fd, times) != 0) {
        return fail(ErrorCode::Io, QStringLiteral("%1: cannot set mode or time: %2").arg(dest, errnoText(errno)), dest);
    }
    return {};
}

/// Missing: fine (parents created, listed in `created`). Existing: must be an empty real directory.
Result<bool> checkTarget(const QString &target, QStringList *created)
{
    struct stat st{};
    if (::lstat(encoded(target).constData(), &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            return fail(ErrorCode::InvalidInput, QStringLiteral("%1: restore target is not a directory").arg(target),
                        target);
        }
        if (!QDir(target).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System)) {
            return fail(ErrorCode::InvalidInput, QStringLiteral("%1: restore target is not empty").arg(target), target);
        }
        return true;
    }
    for (QString p = QFileInfo(target).absolutePath(); !QFileInfo::exists(p); p = QFileInfo(p).absolutePath()) {
        created->prepend(p);
    }
    for (const QString &p : std::as_const(*created)) {
        if (::mkdir(encoded(p).constData(), 0755) != 0 && errno != EEXIST) {
            return fail(ErrorCode::Io, QStringLiteral("%1: cannot create directory: %2").arg(p, errnoText(errno)), p);
        }
    }
    return false;
}

Result<void> writeTree(const QString &root, const QString &staging, const QList<SnapshotEntry> &entries,
                       const CancelCheck &cancelled)
{
    const BlobStore blobs(root);
    QSet<QString> dirs;
    const auto makeDir = [&](const QString &rel, quint32 mode) -> Result<void> {
        QString sofar;
        for (const QString &part : rel.split(QLatin1Char('/'))) {
            sofar = sofar.isEmpty() ? part : sofar + QLatin1Char('/') + part;
            if (dirs.contains(sofar)) {
                continue;
            }
            const QString abs = staging + QLatin1Char('/') + sofar;
            if (::mkdir(encoded(abs).constData(), sofar == rel ? (mode | 0700) : 0755) != 0) {
                return fail(ErrorCode::Io, QStringLiteral("%1: cannot create directory: %2").arg(abs, errnoText(errno)),
                            abs);
            }
            dirs.insert(sofar);
        }
        return {};
    };
    QList<const SnapshotEntry *> files;
    for (const SnapshotEntry &e : entries) {
        const qsizetype slash = e.path.lastIndexOf(QLatin1Char('/'));
        if (slash > 0) {
            if (auto ok = makeDir(e.path.left(slash), 0755); !ok) {
                return ok;
            }
        }
        if (e.type == SnapshotEntryType::Dir) {
            if (auto ok = makeDir(e.path, e.mode); !ok) {
                return ok;
            }
        } else if (e.type == SnapshotEntryType::File) {
            files.append(&e);
        }
    }
    QThreadPool pool;
    pool.setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
    QList<Result<void>> results(files.size());
    QList<qsizetype> indexes(files.size());
    std::iota(indexes.begin(), indexes.end(), 0);
    QtConcurrent::blockingMap(&pool, indexes, [&](qsizetype i) {
        const SnapshotEntry &e = *files.at(i);
        const auto blob = blobs.locate(e.sha256);
        results[i] = blob ? copyBlob(*blob, staging + QLatin1Char('/') + e.path, e, cancelled)
                          : Result<void>(std::unexpected(blob.error()));
    });
    for (const Result<void> &r : std::as_const(results)) {
        if (!r) {
            return r;
        }
    }
    for (const SnapshotEntry &e : entries) {
        if (e.type != SnapshotEntryType::Symlink) {
            continue;
        }
        const QString abs = staging + QLatin1Char('/') + e.path;
        if (::symlink(e.target.toUtf8().constData(), encoded(abs).constData()) != 0) {
            return fail(ErrorCode::Io, QStringLiteral("%1: cannot create symlink: %2").arg(abs, errnoText(errno)), abs);
        }
    }
    for (auto it = entries.crbegin(); it != entries.crend(); ++it) {
        if (it->type == SnapshotEntryType::Dir) {
            const QString abs = staging + QLatin1Char('/') + it->path;
            if (::chmod(encoded(abs).constData(), it->mode) != 0) {
                return fail(ErrorCode::Io, QStringLiteral("%1: cannot set mode: %2").arg(abs, errnoText(errno)), abs);
            }
        }
    }
    return {};
}

} // namespace

Result<SnapshotInfo> restoreSnapshot(const QString &root, const SnapshotLimits &limits, const QString &id,
                                     const QString &targetDir, const CancelCheck &cancelled)
{
    const auto record = loadRecord(root, id);
    if (!record) {
        return std::unexpected(record.error());
    }
    auto entries = loadEntries(root, *record, nullptr, limits.maxMembers);
    if (!entries) {
        return std::unexpected(entries.error());
    }
    SnapshotEntryValidator validator(limits, QStringLiteral("snapshot '%1': ").arg(id));
    const BlobStore blobs(root);
    QList<SnapshotEntry> checked;
    checked.reserve(entries->size());
    for (SnapshotEntry &e : *entries) {
        const QString name = e.path;
        bool skip = false;
        if (auto ok = validator.add(e, name, &skip); !ok) {
            return std::unexpected(ok.error());
        }
        if (e.type == SnapshotEntryType::File) {
            const auto blob = blobs.locate(e.sha256);
            if (!blob || blob->size != e.size) {
                const QString where = blob ? blobs.describe(e.sha256) : blobs.blobPath(e.sha256);
                return fail(ErrorCode::Io,
                            QStringLiteral("snapshot '%1': member '%2': blob %3 is missing or has the wrong size%4")
                                .arg(id, name, where,
                                     blob ? QString() : QStringLiteral(" (") + blob.error().message + QLatin1Char(')')),
                            where);
            }
        }
        if (!skip) {
            checked.append(std::move(e));
        }
    }
    if (auto ok = validator.finish(); !ok) {
        return std::unexpected(ok.error());
    }
    std::sort(checked.begin(), checked.end(),
              [](const SnapshotEntry &a, const SnapshotEntry &b) { return a.path < b.path; });

    const QString target = QDir::cleanPath(QFileInfo(targetDir).absoluteFilePath());
    QStringList createdParents;
    const auto removeParents = [&createdParents] {
        for (auto it = createdParents.crbegin(); it != createdParents.crend(); ++it) {
            ::rmdir(encoded(*it).constData());
        }
    };
    const auto targetExists = checkTarget(target, &createdParents);
    if (!targetExists) {
        removeParents();
        return std::unexpected(targetExists.error());
    }
    const QFileInfo info(target);
    QByteArray tmpl =
        encoded(info.absolutePath() + QStringLiteral("/.") + info.fileName() + QStringLiteral(".snapshot-XXXXXX"));
    if (!::mkdtemp(tmpl.data())) {
        const int error = errno;
        removeParents();
        return fail(ErrorCode::Io,
                    QStringLiteral("%1: cannot create a staging directory: %2").arg(target, errnoText(error)), target);
    }
    const QString staging = QFile::decodeName(tmpl);
    ::chmod(tmpl.constData(), 0755);
    auto written = writeTree(root, staging, checked, cancelled);
    if (written && cancelled && cancelled()) {
        written = fail(ErrorCode::Cancelled, QStringLiteral("restore cancelled"));
    }
    if (written && *targetExists && ::rmdir(encoded(target).constData()) != 0) {
        written = fail(ErrorCode::Io,
                       QStringLiteral("%1: cannot replace the empty target: %2").arg(target, errnoText(errno)), target);
    }
    if (written && ::rename(tmpl.constData(), encoded(target).constData()) != 0) {
        const int error = errno;
        if (*targetExists) {
            ::mkdir(encoded(target).constData(), 0755);
        }
        written = fail(ErrorCode::Io,
                       QStringLiteral("%1: cannot move the restored tree into place: %2").arg(target, errnoText(error)),
                       target);
    }
    if (!written) {
        removeTree(staging);
        removeParents();
        return std::unexpected(written.error());
    }
    return record->info;
}

} // namespace Sandcastle::Core::Internal::Snapshots
