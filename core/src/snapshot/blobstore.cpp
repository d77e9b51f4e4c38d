// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Blobs are written to `<root>/tmp/` while they are hashed and renamed to their content address
// when complete, so a blob path only ever holds complete content; a crash or a full disk leaves
// at most a temp file, which the next gc removes.
#include "snapshot_p.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Sandcastle::Core::Internal::Snapshots {

namespace {

struct Fd
{
    int fd = -1;
    ~Fd()
    {
        if (fd >= 0) {
            ::close(fd);
        }
    }
};

bool writeAll(int fd, const char *data, qint64 size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size_t(size));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        data += n;
        size -= n;
    }
    return true;
}

} // namespace

BlobStore::BlobStore(QString rootDir)
    : m_root(std::move(rootDir))
{}

QString BlobStore::blobPath(const QByteArray &hex) const
{
    return m_root + QStringLiteral("/blobs/") + QString::fromLatin1(hex.left(2)) + QLatin1Char('/') +
           QString::fromLatin1(hex);
}

bool BlobStore::contains(const QByteArray &hex) const
{
    struct stat st{};
    return ::stat(QFile::encodeName(blobPath(hex)).constData(), &st) == 0 && S_ISREG(st.st_mode);
}

Result<BlobStore::Written> BlobStore::write(const std::function<qint64(char *, qint64)> &read, const QString &what,
                                            const CancelCheck &cancelled)
{
    const QString tmpDir = m_root + QStringLiteral("/tmp");
    if (!QDir().mkpath(tmpDir)) {
        return fail(ErrorCode::Io, QStringLiteral("%1: cannot create directory").arg(tmpDir), tmpDir);
    }
    QByteArray tmpPath = QFile::encodeName(tmpDir + QStringLiteral("/blob-XXXXXX"));
    Fd out{::mkostemp(tmpPath.data(), O_CLOEXEC)};
    if (out.fd < 0) {
        return fail(ErrorCode::Io, QStringLiteral("%1: cannot create a temp file: %2").arg(tmpDir, errnoText(errno)),
                    tmpDir);
    }
    const auto cleanup = [&tmpPath] { ::unlink(tmpPath.constData()); };
    QCryptographicHash hash(QCryptographicHash::Sha256);
    // One buffer per pool thread: a fresh 1 MiB allocation per file costs more than hashing small files.
    static constexpr qint64 kChunk = 1 << 20;
    thread_local QByteArray buffer(kChunk, Qt::Uninitialized);
    Written written;
    for (;;) {
        if (cancelled && cancelled()) {
            cleanup();
            return fail(ErrorCode::Cancelled, QStringLiteral("snapshot cancelled"));
        }
        const qint64 n = read(buffer.data(), kChunk);
        if (n < 0) {
            const int error = errno;
            cleanup();
            return fail(ErrorCode::Io, QStringLiteral("%1: cannot read: %2").arg(what, errnoText(error)), what);
        }
        if (n == 0) {
            break;
        }
        hash.addData(QByteArrayView(buffer.constData(), n));
        if (!writeAll(out.fd, buffer.constData(), n)) {
            const int error = errno;
            cleanup();
            return fail(ErrorCode::Io,
                        QStringLiteral("%1: cannot write a blob to %2: %3").arg(what, tmpDir, errnoText(error)),
                        tmpDir);
        }
        written.size += n;
    }
    written.sha256 = hash.result().toHex();
    const QString finalPath = blobPath(written.sha256);
    if (contains(written.sha256)) {
        cleanup();
        return written;
    }
    const QString fanout = finalPath.left(finalPath.lastIndexOf(QLatin1Char('/')));
    if (!QDir().mkpath(fanout) || ::fchmod(out.fd, 0444) != 0 ||
        ::rename(tmpPath.constData(), QFile::encodeName(finalPath).constData()) != 0) {
        const int error = errno;
        cleanup();
        return fail(ErrorCode::Io, QStringLiteral("%1: cannot store blob: %2").arg(finalPath, errnoText(error)),
                    finalPath);
    }
    written.added = written.size;
    return written;
}

Result<BlobStore::Written> BlobStore::writeBytes(const QByteArray &data, const QString &what)
{
    qint64 offset = 0;
    return write(
        [&data, &offset](char *buffer, qint64 max) {
            const qint64 n = std::min(max, qint64(data.size()) - offset);
            std::memcpy(buffer, data.constData() + offset, size_t(n));
            offset += n;
            return n;
        },
        what, {});
}

Result<QByteArray> BlobStore::readAll(const QByteArray &hex) const
{
    QFile file(blobPath(hex));
    if (!file.open(QIODevice::ReadOnly)) {
        return fail(file.exists() ? ErrorCode::Io : ErrorCode::NotFound,
                    QStringLiteral("%1: cannot read blob: %2").arg(file.fileName(), file.errorString()),
                    file.fileName());
    }
    const QByteArray data = file.readAll();
    if (QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex() != hex) {
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("%1: blob is damaged (its content does not match its SHA-256 name)").arg(file.fileName()),
            file.fileName());
    }
    return data;
}

} // namespace Sandcastle::Core::Internal::Snapshots
