// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Loose blobs are written to `<root>/tmp/` while they are hashed and stay there until the
// durability step has flushed their data; only then are they renamed to their content address, so
// a blob path only ever holds complete content that is on disk (also after a power loss); a crash
// or a full disk leaves at most a temp file, which the next gc removes. Once an object has stored kLooseLimit
// small blobs loose, further ones are appended to a pack instead (blobpacks.cpp): a first
// snapshot of 20 000 files then writes one file instead of 20 000.
//
// Hashing uses OpenSSL's EVP SHA-256 (SHA-NI / AVX2 where the CPU has them: several times faster
// than QCryptographicHash here); it is kept in this file.
//
// Durability: new blobs are not fsync'd one by one while they are written (20 000 fsyncs would cost
// more than the whole snapshot); their writeback is started early with sync_file_range() and
// syncCreated() makes them durable (data, then name) before the envelope that references them.
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
    // One context per thread and an explicitly fetched digest: a snapshot hashes thousands of
    // small files, and creating a context and looking up the algorithm each time shows.
    static EVP_MD *const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    thread_local const std::unique_ptr<EVP_MD_CTX, DigestDeleter> ctx(EVP_MD_CTX_new());
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!md || !ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1 ||
        EVP_DigestUpdate(ctx.get(), data.data(), size_t(data.size())) != 1 ||
        EVP_DigestFinal_ex(ctx.get(), digest, &length) != 1 || length != 32) {
        return {};
    }
    return QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex();
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

QString BlobStore::blobPath(const QByteArray &hex) const
{
    return m_root + QStringLiteral("/blobs/") + QString::fromLatin1(hex.left(2)) + QLatin1Char('/') +
           QString::fromLatin1(hex);
}

std::optional<BlobLocation> BlobStore::pendingLocation(const QByteArray &hex) const
{
    const QMutexLocker locker(&m_shared->mutex);
    const auto it = m_shared->pendingLoose.constFind(hex);
    if (it == m_shared->pendingLoose.cend()) {
        return std::nullopt;
    }
    return BlobLocation{it->tmpPath, 0, it->size, false};
}

bool BlobStore::contains(const QByteArray &hex) const
{
    if (packedLocation(hex) || pendingLocation(hex)) {
        return true;
    }
    {
        // Loose blobs get their names only in syncCreated(), so the fan-out directories listed
        // once stay true until then: a blob whose directory is missing costs no stat().
        const QMutexLocker locker(&m_shared->mutex);
        if (!m_shared->fanouts) {
            m_shared->fanouts.emplace();
            for (const QString &name :
                 QDir(m_root + QStringLiteral("/blobs")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
                m_shared->fanouts->insert(name.toLatin1());
            }
        }
        if (!m_shared->fanouts->contains(hex.left(2))) {
            return false;
        }
    }
    struct stat st{};
    return ::stat(QFile::encodeName(blobPath(hex)).constData(), &st) == 0 && S_ISREG(st.st_mode);
}

Result<BlobLocation> BlobStore::locate(const QByteArray &hex) const
{
    if (auto packed = packedLocation(hex)) {
        return *packed;
    }
    if (auto pending = pendingLocation(hex)) {
        return *pending;
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

Result<BlobStore::Written> BlobStore::storeHashed(const QByteArray &hex, const char *data, qint64 size,
                                                  const QString &what)
{
    if (contains(hex)) {
        return Written{hex, size, 0, false};
    }
    bool pack = false;
    {
        const QMutexLocker locker(&m_shared->mutex);
        pack = m_shared->looseSmall >= kLooseLimit;
    }
    return pack && size <= kPackedMax ? storePacked(hex, data, size, what)
                                      : writeBytes(QByteArray::fromRawData(data, qsizetype(size)), what);
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
    if (contains(written.sha256)) {
        cleanup();
        return written;
    }
    if (::fchmod(out.fd, 0444) != 0) {
        const int error = errno;
        cleanup();
        return fail(ErrorCode::Io, QStringLiteral("%1: cannot store blob: %2").arg(what, errnoText(error)), what);
    }
    // Start the writeback now so that syncCreated() mostly finds it done; the blob keeps its temp
    // name until then.
    ::sync_file_range(out.fd, 0, 0, SYNC_FILE_RANGE_WRITE);
    {
        const QMutexLocker locker(&m_shared->mutex);
        if (m_shared->pendingLoose.contains(written.sha256)) {
            cleanup(); // another thread stored the same content a moment ago
            return written;
        }
        m_shared->pendingLoose.insert(written.sha256, PendingLoose{QFile::decodeName(tmpPath), written.size});
    }
    written.added = written.size;
    written.created = true;
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
