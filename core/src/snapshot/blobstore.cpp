// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Loose blobs are written to `<root>/tmp/` while they are hashed and renamed to their content
// address when complete, so a blob path only ever holds complete content; a crash or a full disk
// leaves at most a temp file, which the next gc removes. Once an object has stored kLooseLimit
// small blobs loose, further ones are appended to a pack instead (blobpacks.cpp): a first
// snapshot of 20 000 files then writes one file instead of 20 000.
//
// Hashing uses OpenSSL's EVP SHA-256 (SHA-NI / AVX2 where the CPU has them: several times faster
// than QCryptographicHash here); it is kept in this file.
//
// Durability: new blobs are not fsync'd one by one while they are written (20 000 fsyncs would cost
// more than the whole snapshot); their writeback is started early with sync_file_range() and
// syncCreated() makes them durable before the envelope that references them is written.
#include "snapshot_p.h"

#include <QDir>
#include <QElapsedTimer>
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
#include <utility>

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

} // namespace

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

QByteArray sha256Hex(QByteArrayView data)
{
    Sha256 hash;
    hash.add(data.data(), data.size());
    return hash.hex();
}

BlobStore::BlobStore(QString rootDir)
    : m_root(std::move(rootDir))
    , m_shared(std::make_shared<Shared>(m_root))
{}

void BlobStore::ensureIndex() const
{
    if (m_shared->indexLoaded) {
        return;
    }
    m_shared->indexLoaded = true;
    auto packs = loadPacks(m_root);
    if (!packs) {
        m_shared->indexError = packs.error();
        return;
    }
    for (const Pack &pack : std::as_const(*packs)) {
        addPack(pack);
    }
}

void BlobStore::addPack(const Pack &pack) const
{
    const qsizetype n = m_shared->packPaths.size();
    m_shared->packPaths.append(pack.packPath);
    m_shared->packed.reserve(m_shared->packed.size() + pack.entries.size());
    for (const PackEntry &e : pack.entries) {
        m_shared->packed.insert(e.sha256, PackedAt{n, e.offset, e.size});
    }
}

std::optional<BlobLocation> BlobStore::packedLocation(const QByteArray &hex) const
{
    const QMutexLocker locker(&m_shared->mutex);
    ensureIndex();
    if (const PackEntry *e = m_shared->writer.find(hex)) {
        return BlobLocation{m_shared->writer.packPath(), e->offset, e->size, true};
    }
    const auto it = m_shared->packed.constFind(hex);
    if (it == m_shared->packed.cend()) {
        return std::nullopt;
    }
    return BlobLocation{m_shared->packPaths.at(it->pack), it->offset, it->size, true};
}

void BlobStore::packFromNow()
{
    const QMutexLocker locker(&m_shared->mutex);
    m_shared->looseSmall = std::max(m_shared->looseSmall, kLooseLimit);
}

Result<void> BlobStore::syncCreated() const
{
    QList<QByteArray> hashes;
    {
        const QMutexLocker locker(&m_shared->mutex);
        if (!m_shared->writer.isEmpty()) {
            QElapsedTimer timer;
            timer.start();
            auto pack = m_shared->writer.finish();
            qCDebug(lcSnapshot) << "pack finished in" << timer.elapsed() << "ms";
            if (!pack) {
                return std::unexpected(pack.error());
            }
            ensureIndex();
            addPack(*pack);
        }
        hashes = std::exchange(m_shared->loose, {});
    }
    return syncLoose(hashes);
}

Result<void> BlobStore::syncLoose(const QList<QByteArray> &hashes) const
{
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
    if (packedLocation(hex)) {
        return true;
    }
    struct stat st{};
    return ::stat(QFile::encodeName(blobPath(hex)).constData(), &st) == 0 && S_ISREG(st.st_mode);
}

Result<BlobLocation> BlobStore::locate(const QByteArray &hex) const
{
    if (auto packed = packedLocation(hex)) {
        return *packed;
    }
    const QString path = blobPath(hex);
    struct stat st{};
    if (::stat(QFile::encodeName(path).constData(), &st) == 0 && S_ISREG(st.st_mode)) {
        return BlobLocation{path, 0, qint64(st.st_size), false};
    }
    const int error = errno;
    {
        const QMutexLocker locker(&m_shared->mutex);
        if (m_shared->indexError) {
            return std::unexpected(*m_shared->indexError);
        }
    }
    return fail(error == ENOENT ? ErrorCode::NotFound : ErrorCode::Io,
                QStringLiteral("%1: blob missing from the store: %2").arg(path, errnoText(error)), path);
}

QString BlobStore::describe(const QByteArray &hex) const
{
    if (auto packed = packedLocation(hex)) {
        return QStringLiteral("%1 (blob %2 at offset %3)")
            .arg(packed->file, QString::fromLatin1(hex))
            .arg(packed->offset);
    }
    return blobPath(hex);
}

Result<BlobStore::Written> BlobStore::storePacked(const QByteArray &hex, const char *data, qint64 size,
                                                  const QString &what)
{
    Written written{hex, size, 0, false};
    const QMutexLocker locker(&m_shared->mutex);
    if (m_shared->writer.holds(hex)) {
        return written; // another thread stored the same content a moment ago
    }
    if (auto ok = m_shared->writer.append(hex, data, size, what); !ok) {
        return std::unexpected(ok.error());
    }
    written.added = size;
    written.created = true;
    return written;
}

Result<BlobStore::Written> BlobStore::write(const std::function<qint64(char *, qint64)> &read, const QString &what,
                                            const CancelCheck &cancelled)
{
    // One buffer per pool thread: a fresh 1 MiB allocation per file costs more than hashing small files.
    static constexpr qint64 kChunk = kPackedMax; // content that fits in one chunk may be packed
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
        bool pack = false;
        {
            // The slot is taken here, so that parallel writers never store more than kLooseLimit
            // small blobs loose.
            const QMutexLocker locker(&m_shared->mutex);
            pack = m_shared->looseSmall >= kLooseLimit;
            if (!pack) {
                ++m_shared->looseSmall;
            }
        }
        if (pack && !written.sha256.isEmpty()) {
            return storePacked(written.sha256, buffer.constData(), filled, what);
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
        const QMutexLocker locker(&m_shared->mutex);
        m_shared->loose.append(written.sha256);
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
    const auto location = locate(hex);
    if (!location) {
        return std::unexpected(location.error());
    }
    const QString what = describe(hex);
    Fd in{::open(QFile::encodeName(location->file).constData(), O_RDONLY | O_CLOEXEC)};
    if (in.fd < 0) {
        return fail(ErrorCode::Io, QStringLiteral("%1: cannot read blob: %2").arg(what, errnoText(errno)), what);
    }
    QByteArray data(location->size, Qt::Uninitialized);
    qint64 done = 0;
    while (done < location->size) {
        const ssize_t n =
            ::pread(in.fd, data.data() + done, size_t(location->size - done), off_t(location->offset + done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return fail(ErrorCode::Io,
                        QStringLiteral("%1: cannot read blob: %2")
                            .arg(what, n == 0 ? QStringLiteral("file too short") : errnoText(errno)),
                        what);
        }
        done += n;
    }
    if (sha256Hex(data) != hex) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1: blob is damaged (its content does not match its SHA-256 name)").arg(what),
                    location->file);
    }
    return data;
}

} // namespace Sandcastle::Core::Internal::Snapshots
