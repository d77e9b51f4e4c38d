// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// MaterializeJob, part two: local_file / local_dir sources. Planning checks and scans them (no
// symlinks anywhere below the manifest folder), writing copies them (copy_file_range with a
// read/write fallback, a thread pool for the files of a directory).
#include "materializejob_p.h"

#include <QFile>
#include <QMutex>
#include <QThreadPool>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

namespace Sandcastle::Core::Internal {

Result<void> MaterializeJob::checkSourcePath(const ManifestEntry &e, const QString &ptr, bool wantDir)
{
    const QString src = e.resolvedSrc;
    // lstat every component below the manifest folder (or just the leaf for other paths).
    QStringList toCheck;
    const QString base = m_manifest.baseDir;
    if (src.startsWith(base + QLatin1Char('/'))) {
        QString walked = base;
        for (const QString &part : src.mid(base.size() + 1).split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
            walked += QLatin1Char('/') + part;
            toCheck << walked;
        }
    } else {
        toCheck << src;
    }
    for (const QString &p : std::as_const(toCheck)) {
        struct stat st{};
        if (::lstat(QFile::encodeName(p).constData(), &st) != 0) {
            return entryError(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::Io, ptr + QStringLiteral("/src"),
                              QStringLiteral("cannot read '%1': %2").arg(p, errnoText()));
        }
        if (S_ISLNK(st.st_mode)) {
            return entryError(ErrorCode::InvalidInput, ptr + QStringLiteral("/src"),
                              QStringLiteral("'%1' is a symlink; symlinks in local sources are not supported").arg(p));
        }
        if (p == src && wantDir && !S_ISDIR(st.st_mode)) {
            return entryError(ErrorCode::InvalidInput, ptr + QStringLiteral("/src"),
                              QStringLiteral("expected a directory, '%1' is not one").arg(p));
        }
        if (p == src && !wantDir && !S_ISREG(st.st_mode)) {
            return entryError(ErrorCode::InvalidInput, ptr + QStringLiteral("/src"),
                              QStringLiteral("expected a regular file, '%1' is not one").arg(p));
        }
    }
    return {};
}

Result<void> MaterializeJob::scanDir(int dirfd, const QByteArray &rel, const QString &srcRoot, const QString &ptr,
                                     std::vector<ScanItem> &out)
{
    const int dupfd = ::dup(dirfd);
    DIR *d = dupfd >= 0 ? ::fdopendir(dupfd) : nullptr;
    if (!d) {
        if (dupfd >= 0) {
            ::close(dupfd);
        }
        return entryError(
            ErrorCode::Io, ptr + QStringLiteral("/src"),
            QStringLiteral("cannot list '%1/%2': %3").arg(srcRoot, QString::fromLocal8Bit(rel), errnoText()));
    }
    std::unique_ptr<DIR, int (*)(DIR *)> closer(d, ::closedir);
    while (dirent *de = ::readdir(d)) {
        if (cancelled()) {
            return fail(ErrorCode::Cancelled, QStringLiteral("materialization cancelled"));
        }
        const char *name = de->d_name;
        if (std::strcmp(name, ".") == 0 || std::strcmp(name, "..") == 0) {
            continue;
        }
        const QByteArray childRel = rel.isEmpty() ? QByteArray(name) : rel + '/' + name;
        struct stat st{};
        if (::fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            return entryError(
                ErrorCode::Io, ptr + QStringLiteral("/src"),
                QStringLiteral("cannot read '%1/%2': %3").arg(srcRoot, QString::fromLocal8Bit(childRel), errnoText()));
        }
        if (S_ISLNK(st.st_mode)) {
            return entryError(ErrorCode::InvalidInput, ptr + QStringLiteral("/src"),
                              QStringLiteral("'%1/%2' is a symlink; symlinks in local sources are not supported")
                                  .arg(srcRoot, QString::fromLocal8Bit(childRel)));
        }
        if (S_ISDIR(st.st_mode)) {
            out.push_back({childRel, true, 0, st.st_mode});
            FdCloser sub{::openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)};
            if (sub.fd < 0) {
                return entryError(ErrorCode::Io, ptr + QStringLiteral("/src"),
                                  QStringLiteral("cannot open '%1/%2': %3")
                                      .arg(srcRoot, QString::fromLocal8Bit(childRel), errnoText()));
            }
            if (auto r = scanDir(sub.fd, childRel, srcRoot, ptr, out); !r) {
                return r;
            }
        } else if (S_ISREG(st.st_mode)) {
            out.push_back({childRel, false, qint64(st.st_size), st.st_mode});
        }
        // Sockets, FIFOs and devices are skipped, as in the SDK.
    }
    return {};
}

Result<qint64> MaterializeJob::copyFile(const QByteArray &src, const QByteArray &dest, const QString &ptr)
{
    FdCloser in{::open(src.constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)};
    struct stat st{};
    if (in.fd < 0 || ::fstat(in.fd, &st) != 0) {
        return entryError(errno == ELOOP ? ErrorCode::InvalidInput : ErrorCode::Io, ptr + QStringLiteral("/src"),
                          QStringLiteral("cannot read '%1': %2").arg(QString::fromLocal8Bit(src), errnoText()));
    }
    if (!S_ISREG(st.st_mode)) {
        return entryError(ErrorCode::Io, ptr + QStringLiteral("/src"),
                          QStringLiteral("'%1' changed during the copy").arg(QString::fromLocal8Bit(src)));
    }
    FdCloser out{::open(dest.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600)};
    if (out.fd < 0) {
        return entryError(ErrorCode::Io, ptr,
                          QStringLiteral("cannot write '%1': %2").arg(QString::fromLocal8Bit(dest), errnoText()));
    }
    qint64 copied = 0;
    bool fallback = false;
    while (!fallback) {
        if (cancelled()) {
            return fail(ErrorCode::Cancelled, QStringLiteral("materialization cancelled"));
        }
        const ssize_t n = ::copy_file_range(in.fd, nullptr, out.fd, nullptr, 16 << 20, 0);
        if (n == 0) {
            break;
        }
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (copied == 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP)) {
                fallback = true;
                break;
            }
            return entryError(ErrorCode::Io, ptr,
                              QStringLiteral("cannot copy '%1': %2").arg(QString::fromLocal8Bit(src), errnoText()));
        }
        copied += n;
        m_state.bytes += n;
    }
    if (fallback) {
        QByteArray buffer(1 << 20, Qt::Uninitialized);
        for (;;) {
            if (cancelled()) {
                return fail(ErrorCode::Cancelled, QStringLiteral("materialization cancelled"));
            }
            const ssize_t n = ::read(in.fd, buffer.data(), size_t(buffer.size()));
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n < 0) {
                return entryError(ErrorCode::Io, ptr + QStringLiteral("/src"),
                                  QStringLiteral("cannot read '%1': %2").arg(QString::fromLocal8Bit(src), errnoText()));
            }
            if (n == 0) {
                break;
            }
            for (ssize_t off = 0; off < n;) {
                const ssize_t w = ::write(out.fd, buffer.constData() + off, size_t(n - off));
                if (w < 0 && errno == EINTR) {
                    continue;
                }
                if (w <= 0) {
                    return entryError(
                        ErrorCode::Io, ptr,
                        QStringLiteral("cannot write '%1': %2").arg(QString::fromLocal8Bit(dest), errnoText()));
                }
                off += w;
            }
            copied += n;
            m_state.bytes += n;
        }
    }
    ::fchmod(out.fd, st.st_mode & 07777);
    const timespec times[2] = {st.st_atim, st.st_mtim};
    ::futimens(out.fd, times);
    return copied;
}

Result<void> MaterializeJob::copyLocalDir(const ManifestEntry &e, const QByteArray &dest, const QString &ptr)
{
    const auto it = m_scans.find(&e);
    if (it == m_scans.end()) {
        return {};
    }
    const std::vector<ScanItem> &items = it->second;
    std::vector<const ScanItem *> files;
    for (const ScanItem &item : items) {
        if (!item.dir) {
            files.push_back(&item);
            continue;
        }
        const QByteArray path = dest + '/' + item.rel;
        if (::mkdir(path.constData(), 0755) != 0) {
            struct stat st{};
            if (errno != EEXIST || ::lstat(path.constData(), &st) != 0 || !S_ISDIR(st.st_mode)) {
                return entryError(ErrorCode::InvalidInput, ptr,
                                  QStringLiteral("cannot create directory '%1': %2")
                                      .arg(QString::fromLocal8Bit(item.rel), errnoText()));
            }
        }
        ++m_state.done;
    }
    const QByteArray srcRoot = QFile::encodeName(e.resolvedSrc);
    std::atomic<size_t> next{0};
    std::atomic_bool failed{false};
    QMutex errorLock;
    std::optional<Error> firstError;
    QThreadPool pool;
    pool.setMaxThreadCount(m_concurrency);
    const int workers = int(std::min<size_t>(size_t(m_concurrency), files.size()));
    for (int w = 0; w < workers; ++w) {
        pool.start([&] {
            for (;;) {
                const size_t i = next.fetch_add(1);
                if (i >= files.size() || failed.load() || cancelled()) {
                    return;
                }
                const ScanItem &f = *files[i];
                auto r = copyFile(srcRoot + '/' + f.rel, dest + '/' + f.rel, ptr);
                if (!r) {
                    QMutexLocker lock(&errorLock);
                    if (!firstError) {
                        firstError = r.error();
                    }
                    failed = true;
                    return;
                }
                const qint64 done = ++m_state.done;
                if (m_state.workerHook) {
                    m_state.workerHook(done);
                }
            }
        });
    }
    pool.waitForDone();
    if (firstError) {
        return std::unexpected(*firstError);
    }
    if (cancelled()) {
        return fail(ErrorCode::Cancelled, QStringLiteral("materialization cancelled"));
    }
    // Directory modes last (deepest first), so read-only source directories were writable while filling.
    for (auto rit = items.rbegin(); rit != items.rend(); ++rit) {
        if (rit->dir) {
            ::chmod(QByteArray(dest + '/' + rit->rel).constData(), rit->mode & 07777);
        }
    }
    return {};
}

} // namespace Sandcastle::Core::Internal
