// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Blobs are written to `<root>/tmp/` while they are hashed and renamed to their content address
// when complete, so a blob path only ever holds complete content; a crash or a full disk leaves
// at most a temp file, which the next gc removes.
//
// Hashing uses OpenSSL's EVP SHA-256 (SHA-NI / AVX2 where the CPU has them: several times faster
// than QCryptographicHash here); it is kept in this file.
//
// Durability: new blobs are not fsync'd one by one while they are written (20 000 fsyncs would cost
// more than the whole snapshot); their writeback is started early with sync_file_range() and
// syncCreated() makes them durable before the envelope that references them is written.
#include "snapshot_p.h"

#include <QDir>
#include <QFile>
#include <QMutexLocker>

#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
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

struct DigestDeleter
{
    void operator()(EVP_MD_CTX *ctx) const { EVP_MD_CTX_free(ctx); }
};

class Sha256
{
public:
    Sha256()
        : m_ctx(EVP_MD_CTX_new())
    {
        m_ok = m_ctx && EVP_DigestInit_ex(m_ctx.get(), EVP_sha256(), nullptr) == 1;
    }
    void add(const char *data, qint64 size) { m_ok = m_ok && EVP_DigestUpdate(m_ctx.get(), data, size_t(size)) == 1; }
    /// 64 lower-case hex digits, or empty when OpenSSL failed.
    QByteArray hex()
    {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        if (!m_ok || EVP_DigestFinal_ex(m_ctx.get(), digest, &length) != 1 || length != 32) {
            return {};
        }
        return QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex();
    }

private:
    std::unique_ptr<EVP_MD_CTX, DigestDeleter> m_ctx;
    bool m_ok = false;
};

bool fsyncPath(const QString &path, int flags)
{
    const int fd = ::open(QFile::encodeName(path).constData(), flags | O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

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

QByteArray sha256Hex(QByteArrayView data)
{
    Sha256 hash;
    hash.add(data.data(), data.size());
    return hash.hex();
}

BlobStore::BlobStore(QString rootDir)
    : m_root(std::move(rootDir))
    , m_created(std::make_shared<Created>())
{}

Result<void> BlobStore::syncCreated() const
{
    QList<QByteArray> hashes;
    {
        const QMutexLocker locker(&m_created->mutex);
        hashes = m_created->hashes;
    }
    if (hashes.isEmpty()) {
        return {};
    }
    const QString blobsDir = m_root + QStringLiteral("/blobs");
    // Few new blobs (a per-turn snapshot): fsync just them and their directories, so that a busy
    // file system's unrelated dirty data is not waited for. Many: one syncfs is far cheaper.
    if (hashes.size() > kFsyncEachLimit) {
        const int fd = ::open(QFile::encodeName(blobsDir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        const bool ok = fd >= 0 && ::syncfs(fd) == 0;
        const int error = errno;
        if (fd >= 0) {
            ::close(fd);
        }
        if (!ok) {
            return fail(ErrorCode::Io,
                        QStringLiteral("%1: cannot flush new blobs to disk: %2").arg(blobsDir, errnoText(error)),
                        blobsDir);
        }
        return {};
    }
    QSet<QString> dirs{blobsDir};
    for (const QByteArray &hex : std::as_const(hashes)) {
        const QString path = blobPath(hex);
        dirs.insert(path.left(path.lastIndexOf(QLatin1Char('/'))));
        if (!fsyncPath(path, 0)) {
            return fail(ErrorCode::Io, QStringLiteral("%1: cannot flush blob to disk: %2").arg(path, errnoText(errno)),
                        path);
        }
    }
    for (const QString &dir : std::as_const(dirs)) {
        if (!fsyncPath(dir, O_DIRECTORY)) {
            return fail(ErrorCode::Io,
                        QStringLiteral("%1: cannot flush directory to disk: %2").arg(dir, errnoText(errno)), dir);
        }
    }
    return {};
}

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
    // One buffer per pool thread: a fresh 1 MiB allocation per file costs more than hashing small files.
    static constexpr qint64 kChunk = 1 << 20;
    thread_local QByteArray buffer(kChunk, Qt::Uninitialized);
    Written written;
    Sha256 hash;
    // The first chunk is read before any temp file exists: content that fits in it and is already
    // stored (an unchanged file whose stat data could not be trusted, a listing) costs no file
    // creation. Creating and deleting thousands of temp files is what made such snapshots slow.
    qint64 filled = 0;
    bool atEnd = false;
    const auto fill = [&]() -> Result<void> {
        filled = 0;
        while (filled < kChunk) {
            if (cancelled && cancelled()) {
                return fail(ErrorCode::Cancelled, QStringLiteral("snapshot cancelled"));
            }
            const qint64 n = read(buffer.data() + filled, kChunk - filled);
            if (n < 0) {
                return fail(ErrorCode::Io, QStringLiteral("%1: cannot read: %2").arg(what, errnoText(errno)), what);
            }
            if (n == 0) {
                atEnd = true;
                break;
            }
            filled += n;
        }
        return {};
    };
    if (auto ok = fill(); !ok) {
        return std::unexpected(ok.error());
    }
    if (atEnd) {
        written.sha256 = sha256Hex(QByteArrayView(buffer.constData(), filled));
        written.size = filled;
        if (!written.sha256.isEmpty() && contains(written.sha256)) {
            return written;
        }
    }

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
    const auto writeChunk = [&]() -> Result<void> {
        if (!writeAll(out.fd, buffer.constData(), filled)) {
            return fail(ErrorCode::Io,
                        QStringLiteral("%1: cannot write a blob to %2: %3").arg(what, tmpDir, errnoText(errno)),
                        tmpDir);
        }
        return {};
    };
    if (atEnd) {
        if (auto ok = writeChunk(); !ok) {
            cleanup();
            return std::unexpected(ok.error());
        }
    } else {
        for (;;) {
            hash.add(buffer.constData(), filled);
            if (auto ok = writeChunk(); !ok) {
                cleanup();
                return std::unexpected(ok.error());
            }
            written.size += filled;
            if (atEnd) {
                break;
            }
            if (auto ok = fill(); !ok) {
                cleanup();
                return std::unexpected(ok.error());
            }
        }
        written.sha256 = hash.hex();
    }
    if (written.sha256.isEmpty()) {
        cleanup();
        return fail(ErrorCode::Internal, QStringLiteral("%1: OpenSSL SHA-256 failed").arg(what), what);
    }
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
    // Start the writeback now so that syncCreated() mostly finds it done.
    ::sync_file_range(out.fd, 0, 0, SYNC_FILE_RANGE_WRITE);
    written.added = written.size;
    written.created = true;
    {
        const QMutexLocker locker(&m_created->mutex);
        m_created->hashes.append(written.sha256);
    }
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
    if (sha256Hex(data) != hex) {
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("%1: blob is damaged (its content does not match its SHA-256 name)").arg(file.fileName()),
            file.fileName());
    }
    return data;
}

} // namespace Sandcastle::Core::Internal::Snapshots
