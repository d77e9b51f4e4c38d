// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Pack files: `<name>.pack` is the concatenated content of its blobs; `<name>.idx` is
//   "SCPACK1\n", u64 count, count x (32-byte SHA-256, u64 offset, u64 size) sorted by hash,
//   then the SHA-256 of everything before it (all integers little-endian).
// A pack belongs to the store only once its index exists; the index is written after the pack is
// flushed, so a crash or a full disk leaves at most a pack without an index, which gc removes.
#include "blobpacks_p.h"

#include "snapshot_p.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtEndian>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Sandcastle::Core::Internal::Snapshots {

namespace {

constexpr char kMagic[] = "SCPACK1\n";
constexpr qsizetype kMagicSize = 8;
constexpr qsizetype kHeaderSize = kMagicSize + 8;
constexpr qsizetype kRecordSize = 32 + 8 + 8;
constexpr qsizetype kTrailerSize = 32;

QByteArray encoded(const QString &path)
{
    return QFile::encodeName(path);
}

QString indexPathFor(const QString &packPath)
{
    return packPath.chopped(5) + QStringLiteral(".idx");
}

void appendU64(QByteArray &out, quint64 value)
{
    char bytes[8];
    qToLittleEndian(value, bytes);
    out.append(bytes, 8);
}

quint64 readU64(const char *data)
{
    return qFromLittleEndian<quint64>(data);
}

Result<Pack> parseIndex(const QString &indexPath, const QByteArray &data)
{
    const auto bad = [&indexPath](const QString &why) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1: damaged pack index: %2").arg(indexPath, why),
                    indexPath);
    };
    if (data.size() < kHeaderSize + kTrailerSize || std::memcmp(data.constData(), kMagic, kMagicSize) != 0) {
        return bad(QStringLiteral("no SCPACK1 header"));
    }
    const quint64 count = readU64(data.constData() + kMagicSize);
    if (count > quint64((data.size() - kHeaderSize - kTrailerSize) / kRecordSize) ||
        data.size() != kHeaderSize + qsizetype(count) * kRecordSize + kTrailerSize) {
        return bad(QStringLiteral("%1 bytes do not hold %2 entries").arg(data.size()).arg(count));
    }
    const QByteArrayView body(data.constData(), data.size() - kTrailerSize);
    if (QByteArray::fromHex(sha256Hex(body)) != data.right(kTrailerSize)) {
        return bad(QStringLiteral("checksum mismatch (truncated or changed)"));
    }
    Pack pack;
    pack.indexPath = indexPath;
    pack.packPath = indexPath.chopped(4) + QStringLiteral(".pack");
    pack.indexSize = data.size();
    struct stat st{};
    if (::stat(encoded(pack.packPath).constData(), &st) != 0) {
        return fail(
            ErrorCode::Io,
            QStringLiteral("%1: cannot read the pack of %2: %3").arg(pack.packPath, indexPath, errnoText(errno)),
            pack.packPath);
    }
    pack.packSize = qint64(st.st_size);
    pack.entries.reserve(qsizetype(count));
    const char *p = data.constData() + kHeaderSize;
    for (quint64 i = 0; i < count; ++i, p += kRecordSize) {
        const QByteArray hex = QByteArray(p, 32).toHex(); // hex order is byte order
        const quint64 offset = readU64(p + 32);
        const quint64 size = readU64(p + 40);
        if (i > 0 && !(pack.entries.constLast().sha256 < hex)) {
            return bad(QStringLiteral("entry %1 is out of order").arg(i));
        }
        if (offset > quint64(pack.packSize) || size > quint64(pack.packSize) - offset) {
            return bad(QStringLiteral("entry %1 (%2 bytes at %3) lies past the end of %4 (%5 bytes)")
                           .arg(i)
                           .arg(size)
                           .arg(offset)
                           .arg(pack.packPath)
                           .arg(pack.packSize));
        }
        pack.entries.append(PackEntry{hex, qint64(offset), qint64(size)});
    }
    return pack;
}

Result<void> removeFile(const QString &path)
{
    if (::unlink(encoded(path).constData()) != 0 && errno != ENOENT) {
        return fail(ErrorCode::Io, QStringLiteral("%1: cannot remove: %2").arg(path, errnoText(errno)), path);
    }
    return {};
}

/// Reads one blob of `pack` for a rewrite.
Result<QByteArray> readEntry(int fd, const Pack &pack, const PackEntry &e)
{
    QByteArray data(e.size, Qt::Uninitialized);
    qint64 done = 0;
    while (done < e.size) {
        const ssize_t n = ::pread(fd, data.data() + done, size_t(e.size - done), off_t(e.offset + done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return fail(ErrorCode::Io,
                        QStringLiteral("%1: cannot read blob %2: %3")
                            .arg(pack.packPath, QString::fromLatin1(e.sha256),
                                 n == 0 ? QStringLiteral("pack too short") : errnoText(errno)),
                        pack.packPath);
        }
        done += n;
    }
    return data;
}

} // namespace

QString packsDir(const QString &root)
{
    return root + QStringLiteral("/packs");
}

Result<QList<Pack>> loadPacks(const QString &root)
{
    QList<Pack> packs;
    const QDir dir(packsDir(root));
    for (const QString &name : dir.entryList({QStringLiteral("*.idx")}, QDir::Files, QDir::Name)) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly)) {
            return fail(ErrorCode::Io, QStringLiteral("%1: %2").arg(file.fileName(), file.errorString()),
                        file.fileName());
        }
        auto pack = parseIndex(file.fileName(), file.readAll());
        if (!pack) {
            return std::unexpected(pack.error());
        }
        packs.append(std::move(*pack));
    }
    return packs;
}

PackWriter::PackWriter(QString root)
    : m_root(std::move(root))
{}

PackWriter::~PackWriter()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        ::unlink(encoded(m_packPath).constData());
    }
}

const PackEntry *PackWriter::find(const QByteArray &hex) const
{
    const auto it = m_byHash.constFind(hex);
    return it == m_byHash.cend() ? nullptr : &m_entries.at(*it);
}

Result<void> PackWriter::append(const QByteArray &hex, const char *data, qint64 size, const QString &what)
{
    const QString dir = packsDir(m_root);
    if (m_fd < 0) {
        if (!QDir().mkpath(dir)) {
            return fail(ErrorCode::Io, QStringLiteral("%1: cannot create directory").arg(dir), dir);
        }
        QByteArray path = encoded(dir + QStringLiteral("/pack-XXXXXX.pack"));
        m_fd = ::mkostemps(path.data(), 5, O_CLOEXEC);
        if (m_fd < 0) {
            return fail(ErrorCode::Io, QStringLiteral("%1: cannot create a pack: %2").arg(dir, errnoText(errno)), dir);
        }
        m_packPath = QFile::decodeName(path);
        m_size = 0;
        m_writebackFrom = 0;
        m_waitedTo = 0;
    }
    if (!writeAll(m_fd, data, size)) {
        const int error = errno;
        // Whatever part was written stays unreferenced; later blobs start after it.
        m_size = qint64(::lseek(m_fd, 0, SEEK_END));
        return fail(ErrorCode::Io,
                    QStringLiteral("%1: cannot write a blob to %2: %3").arg(what, m_packPath, errnoText(error)),
                    m_packPath);
    }
    m_byHash.insert(hex, m_entries.size());
    m_entries.append(PackEntry{hex, m_size, size});
    m_size += size;
    // Start the writeback of every full 8 MiB now, and wait for the writeback started 32 MiB
    // earlier: the pack's unwritten tail stays bounded, so finish() mostly finds it on disk, and a
    // disk slower than the scan slows the scan instead of the final fsync.
    constexpr qint64 kWritebackStep = qint64(8) << 20;
    constexpr qint64 kWritebackLag = qint64(32) << 20;
    if (m_size - m_writebackFrom >= kWritebackStep) {
        ::sync_file_range(m_fd, m_writebackFrom, m_size - m_writebackFrom, SYNC_FILE_RANGE_WRITE);
        if (const qint64 waitTo = m_writebackFrom - kWritebackLag; waitTo > m_waitedTo) {
            ::sync_file_range(m_fd, m_waitedTo, waitTo - m_waitedTo,
                              SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
            m_waitedTo = waitTo;
        }
        m_writebackFrom = m_size;
    }
    return {};
}

Result<Pack> PackWriter::finish()
{
    if (m_fd < 0) {
        return fail(ErrorCode::Internal, QStringLiteral("no pack is being written"));
    }
    const auto ioError = [](const QString &path, const QString &what) {
        return fail(ErrorCode::Io, QStringLiteral("%1: %2: %3").arg(path, what, errnoText(errno)), path);
    };
    if (::fchmod(m_fd, 0444) != 0 || ::fsync(m_fd) != 0) {
        return ioError(m_packPath, QStringLiteral("cannot flush the pack to disk"));
    }
    Pack pack;
    pack.packPath = m_packPath;
    pack.indexPath = indexPathFor(m_packPath);
    pack.packSize = m_size;
    pack.entries = m_entries;
    std::sort(pack.entries.begin(), pack.entries.end(),
              [](const PackEntry &a, const PackEntry &b) { return a.sha256 < b.sha256; });
    QByteArray index(kMagic, kMagicSize);
    index.reserve(kHeaderSize + pack.entries.size() * kRecordSize + kTrailerSize);
    appendU64(index, quint64(pack.entries.size()));
    for (const PackEntry &e : std::as_const(pack.entries)) {
        index.append(QByteArray::fromHex(e.sha256));
        appendU64(index, quint64(e.offset));
        appendU64(index, quint64(e.size));
    }
    index.append(QByteArray::fromHex(sha256Hex(index)));
    pack.indexSize = index.size();

    const QString tmpPath = pack.indexPath + QStringLiteral(".tmp");
    const int fd = ::open(encoded(tmpPath).constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0444);
    if (fd < 0) {
        return ioError(tmpPath, QStringLiteral("cannot create the pack index"));
    }
    const bool written = writeAll(fd, index.constData(), index.size()) && ::fsync(fd) == 0;
    const int error = errno;
    ::close(fd);
    if (!written) {
        errno = error;
    }
    if (!written || ::rename(encoded(tmpPath).constData(), encoded(pack.indexPath).constData()) != 0) {
        auto failed = ioError(pack.indexPath, QStringLiteral("cannot write the pack index"));
        ::unlink(encoded(tmpPath).constData());
        return failed;
    }
    if (!fsyncPath(packsDir(m_root), O_DIRECTORY)) {
        return ioError(packsDir(m_root), QStringLiteral("cannot flush directory to disk"));
    }
    ::close(m_fd);
    m_fd = -1;
    m_packPath.clear();
    m_entries.clear();
    m_byHash.clear();
    m_size = 0;
    return pack;
}

Result<PackCompaction> compactPacks(const QString &root, const QSet<QByteArray> &live)
{
    auto packs = loadPacks(root);
    if (!packs) {
        return std::unexpected(packs.error());
    }
    PackCompaction report;
    QSet<QString> complete;
    for (const Pack &pack : std::as_const(*packs)) {
        complete.insert(pack.packPath);
    }
    const QDir dir(packsDir(root));
    for (const QFileInfo &info :
         dir.entryInfoList({QStringLiteral("*.pack"), QStringLiteral("*.idx.tmp")}, QDir::Files)) {
        if (!complete.contains(info.absoluteFilePath())) {
            if (auto ok = removeFile(info.absoluteFilePath()); !ok) {
                return std::unexpected(ok.error());
            }
            report.bytesFreed += info.size();
        }
    }
    for (const Pack &pack : std::as_const(*packs)) {
        qint64 liveBytes = 0;
        QList<PackEntry> kept;
        for (const PackEntry &e : pack.entries) {
            if (live.contains(e.sha256)) {
                liveBytes += e.size;
                kept.append(e);
            }
        }
        if (!kept.isEmpty() && liveBytes * 2 >= pack.packSize) {
            continue;
        }
        qint64 newBytes = 0;
        if (!kept.isEmpty()) {
            const int fd = ::open(encoded(pack.packPath).constData(), O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                return fail(ErrorCode::Io, QStringLiteral("%1: cannot read: %2").arg(pack.packPath, errnoText(errno)),
                            pack.packPath);
            }
            std::sort(kept.begin(), kept.end(),
                      [](const PackEntry &a, const PackEntry &b) { return a.offset < b.offset; });
            PackWriter writer(root);
            for (const PackEntry &e : std::as_const(kept)) {
                auto data = readEntry(fd, pack, e);
                auto ok = data ? writer.append(e.sha256, data->constData(), data->size(), pack.packPath)
                               : Result<void>(std::unexpected(data.error()));
                if (!ok) {
                    ::close(fd);
                    return std::unexpected(ok.error());
                }
            }
            ::close(fd);
            auto rewritten = writer.finish();
            if (!rewritten) {
                return std::unexpected(rewritten.error());
            }
            newBytes = rewritten->packSize + rewritten->indexSize;
            ++report.rewrittenPacks;
        } else {
            ++report.removedPacks;
        }
        // The index goes first: a crash in between leaves a pack without an index, removed next time.
        if (auto ok = removeFile(pack.indexPath); !ok) {
            return std::unexpected(ok.error());
        }
        if (auto ok = removeFile(pack.packPath); !ok) {
            return std::unexpected(ok.error());
        }
        report.bytesFreed += pack.packSize + pack.indexSize - newBytes;
    }
    return report;
}

} // namespace Sandcastle::Core::Internal::Snapshots
