// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// exportArchive()/importArchive(): the portable form of a snapshot, a POSIX tar with members
// `./<path>` (spec 4.3), which is how a snapshot moves between the Unix-local and Docker clients.
// Import reads the archive twice: the first pass validates every header and writes nothing, the
// second streams the file contents into blobs.
#include "snapshot_p.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <limits>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

namespace Sandcastle::Core::Internal::Snapshots {

namespace {

struct ReadDeleter
{
    void operator()(archive *a) const { archive_read_free(a); }
};
struct WriteDeleter
{
    void operator()(archive *a) const { archive_write_free(a); }
};
struct EntryDeleter
{
    void operator()(archive_entry *e) const { archive_entry_free(e); }
};

QString archiveError(archive *a)
{
    const char *text = archive_error_string(a);
    return text ? QString::fromUtf8(text) : QStringLiteral("unknown libarchive error");
}

QString memberName(archive_entry *entry)
{
    const char *utf8 = archive_entry_pathname_utf8(entry);
    return utf8 ? QString::fromUtf8(utf8) : QString::fromLocal8Bit(archive_entry_pathname(entry));
}

Result<std::unique_ptr<archive, ReadDeleter>> openForReading(const QString &path)
{
    std::unique_ptr<archive, ReadDeleter> a(archive_read_new());
    archive_read_support_filter_all(a.get());
    archive_read_support_format_tar(a.get());
    if (archive_read_open_filename(a.get(), QFile::encodeName(path).constData(), 1 << 16) != ARCHIVE_OK) {
        return fail(QFileInfo::exists(path) ? ErrorCode::InvalidInput : ErrorCode::NotFound,
                    QStringLiteral("%1: cannot open the archive: %2").arg(path, archiveError(a.get())), path);
    }
    return a;
}

Result<SnapshotEntryType> memberType(archive_entry *entry, const QString &context, const QString &name)
{
    const auto reject = [&](const QString &why) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1member '%2': %3").arg(context, name, why), name);
    };
    if (archive_entry_hardlink(entry) != nullptr) {
        return reject(QStringLiteral("hard links are not allowed"));
    }
    switch (archive_entry_filetype(entry)) {
    case AE_IFREG:
        return SnapshotEntryType::File;
    case AE_IFDIR:
        return SnapshotEntryType::Dir;
    case AE_IFLNK:
        return SnapshotEntryType::Symlink;
    case AE_IFIFO:
        return reject(QStringLiteral("FIFOs are not allowed"));
    case AE_IFCHR:
    case AE_IFBLK:
        return reject(QStringLiteral("devices are not allowed"));
    case AE_IFSOCK:
        return reject(QStringLiteral("sockets are not allowed"));
    default:
        return reject(QStringLiteral("unknown member type"));
    }
}

} // namespace

Result<void> exportSnapshot(const QString &root, const QString &id, const QString &archivePath,
                            const CancelCheck &cancelled)
{
    const auto record = loadRecord(root, id);
    if (!record) {
        return std::unexpected(record.error());
    }
    const auto entries = loadEntries(root, *record);
    if (!entries) {
        return std::unexpected(entries.error());
    }
    const QFileInfo target(archivePath);
    QByteArray tmpPath =
        QFile::encodeName(target.absolutePath() + QStringLiteral("/.") + target.fileName() + QStringLiteral(".XXXXXX"));
    const int fd = ::mkostemp(tmpPath.data(), O_CLOEXEC);
    if (fd < 0) {
        return fail(ErrorCode::Io, QStringLiteral("%1: cannot create: %2").arg(archivePath, errnoText(errno)),
                    archivePath);
    }
    std::unique_ptr<archive, WriteDeleter> a(archive_write_new());
    const auto failed = [&](const QString &why) {
        a.reset();
        ::close(fd);
        ::unlink(tmpPath.constData());
        return fail(ErrorCode::Io, QStringLiteral("%1: %2").arg(archivePath, why), archivePath);
    };
    if (archive_write_set_format_pax(a.get()) != ARCHIVE_OK || archive_write_open_fd(a.get(), fd) != ARCHIVE_OK) {
        return failed(archiveError(a.get()));
    }
    const BlobStore blobs(root);
    const qint64 createdSecs = record->info.createdAt.toSecsSinceEpoch();
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    std::unique_ptr<archive_entry, EntryDeleter> header(archive_entry_new());
    const auto writeHeader = [&](const QString &name, mode_t type, quint32 mode, qint64 mtimeNs) {
        archive_entry_clear(header.get());
        archive_entry_set_pathname_utf8(header.get(), name.toUtf8().constData());
        archive_entry_set_filetype(header.get(), type);
        archive_entry_set_perm(header.get(), mode);
        archive_entry_set_uid(header.get(), 0);
        archive_entry_set_gid(header.get(), 0);
        archive_entry_set_mtime(header.get(), time_t(mtimeNs / 1'000'000'000), long(mtimeNs % 1'000'000'000));
    };
    writeHeader(QStringLiteral("./"), AE_IFDIR, 0755, createdSecs * 1'000'000'000);
    if (archive_write_header(a.get(), header.get()) != ARCHIVE_OK) {
        return failed(archiveError(a.get()));
    }
    for (const SnapshotEntry &e : *entries) {
        if (cancelled && cancelled()) {
            a.reset();
            ::close(fd);
            ::unlink(tmpPath.constData());
            return fail(ErrorCode::Cancelled, QStringLiteral("export cancelled"));
        }
        const QString name = QStringLiteral("./") + e.path;
        if (e.type == SnapshotEntryType::Dir) {
            writeHeader(name, AE_IFDIR, e.mode, createdSecs * 1'000'000'000);
        } else if (e.type == SnapshotEntryType::Symlink) {
            writeHeader(name, AE_IFLNK, e.mode, e.mtimeNs);
            archive_entry_set_symlink_utf8(header.get(), e.target.toUtf8().constData());
        } else {
            writeHeader(name, AE_IFREG, e.mode, e.mtimeNs);
            archive_entry_set_size(header.get(), e.size);
        }
        if (archive_write_header(a.get(), header.get()) != ARCHIVE_OK) {
            return failed(QStringLiteral("member '%1': %2").arg(name, archiveError(a.get())));
        }
        if (e.type != SnapshotEntryType::File) {
            continue;
        }
        const auto location = blobs.locate(e.sha256);
        if (!location) {
            return failed(QStringLiteral("member '%1': %2").arg(name, location.error().message));
        }
        QFile blob(location->file);
        if (!blob.open(QIODevice::ReadOnly) || !blob.seek(location->offset)) {
            return failed(
                QStringLiteral("member '%1': cannot read blob %2: %3").arg(name, blob.fileName(), blob.errorString()));
        }
        qint64 written = 0;
        while (written < location->size) {
            const qint64 n = blob.read(buffer.data(), std::min<qint64>(buffer.size(), location->size - written));
            if (n < 0) {
                return failed(QStringLiteral("cannot read blob %1: %2").arg(blob.fileName(), blob.errorString()));
            }
            if (n == 0) {
                break;
            }
            if (archive_write_data(a.get(), buffer.constData(), size_t(n)) != n) {
                return failed(archiveError(a.get()));
            }
            written += n;
        }
        if (written != e.size) {
            return failed(QStringLiteral("blob %1 of member '%2' has %3 bytes, the snapshot says %4")
                              .arg(blobs.describe(e.sha256), name)
                              .arg(written)
                              .arg(e.size));
        }
    }
    if (archive_write_close(a.get()) != ARCHIVE_OK) {
        return failed(archiveError(a.get()));
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const int error = errno;
        ::unlink(tmpPath.constData());
        return fail(ErrorCode::Io, QStringLiteral("%1: %2").arg(archivePath, errnoText(error)), archivePath);
    }
    if (::rename(tmpPath.constData(), QFile::encodeName(archivePath).constData()) != 0) {
        const int error = errno;
        ::unlink(tmpPath.constData());
        return fail(ErrorCode::Io,
                    QStringLiteral("%1: cannot rename into place: %2").arg(archivePath, errnoText(error)), archivePath);
    }
    return {};
}

Result<SnapshotInfo> importSnapshot(const QString &root, const SnapshotLimits &limits, const QString &archivePath,
                                    const QString &label, const CancelCheck &cancelled)
{
    const QString context = archivePath + QStringLiteral(": ");
    // Pass 1: every header is validated before anything is written.
    auto reader = openForReading(archivePath);
    if (!reader) {
        return std::unexpected(reader.error());
    }
    SnapshotEntryValidator validator(limits, context);
    QList<SnapshotEntry> entries;
    QList<qsizetype> slotOfMember; // header ordinal -> index in entries, or -1
    archive_entry *header = nullptr;
    for (;;) {
        const int status = archive_read_next_header(reader->get(), &header);
        if (status == ARCHIVE_EOF) {
            break;
        }
        if (status < ARCHIVE_WARN) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("%1not a readable tar archive: %2").arg(context, archiveError(reader->get())),
                        archivePath);
        }
        const QString name = memberName(header);
        const auto type = memberType(header, context, name);
        if (!type) {
            return std::unexpected(type.error());
        }
        SnapshotEntry e;
        e.path = name;
        e.type = *type;
        e.mode = quint32(archive_entry_perm(header)) & 0777;
        if (e.type == SnapshotEntryType::File) {
            e.size = archive_entry_size(header);
        }
        if (e.type != SnapshotEntryType::Dir) {
            // A crafted header may carry any 64-bit time: outside what nanoseconds in a qint64 hold
            // (years 1678 to 2262), the member keeps time 0 instead of overflowing.
            const qint64 secs = qint64(archive_entry_mtime(header));
            constexpr qint64 kMaxSecs = std::numeric_limits<qint64>::max() / 1'000'000'000 - 1;
            e.mtimeNs = (secs > kMaxSecs || secs < -kMaxSecs)
                            ? 0
                            : secs * 1'000'000'000 + qint64(archive_entry_mtime_nsec(header) % 1'000'000'000);
        }
        if (e.type == SnapshotEntryType::Symlink) {
            const char *utf8 = archive_entry_symlink_utf8(header);
            e.target = utf8 ? QString::fromUtf8(utf8) : QString::fromLocal8Bit(archive_entry_symlink(header));
        }
        bool skip = false;
        if (auto ok = validator.add(e, name, &skip); !ok) {
            return std::unexpected(ok.error());
        }
        slotOfMember.append(skip ? -1 : entries.size());
        if (!skip) {
            entries.append(std::move(e));
        }
    }
    if (auto ok = validator.finish(); !ok) {
        return std::unexpected(ok.error());
    }

    // Pass 2: file contents into blobs.
    reader = openForReading(archivePath);
    if (!reader) {
        return std::unexpected(reader.error());
    }
    BlobStore blobs(root);
    SnapshotRecord record;
    record.info.label = label;
    for (qsizetype ordinal = 0;; ++ordinal) {
        const int status = archive_read_next_header(reader->get(), &header);
        if (status == ARCHIVE_EOF) {
            break;
        }
        if (status < ARCHIVE_WARN || ordinal >= slotOfMember.size()) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("%1the archive changed while it was imported").arg(context), archivePath);
        }
        const qsizetype slot = slotOfMember.at(ordinal);
        if (slot < 0 || entries.at(slot).type != SnapshotEntryType::File) {
            continue;
        }
        SnapshotEntry &e = entries[slot];
        const QString what = context + QStringLiteral("member '%1'").arg(memberName(header));
        archive *a = reader->get();
        const auto written = blobs.write(
            [a](char *buffer, qint64 max) -> qint64 {
                const la_ssize_t n = archive_read_data(a, buffer, size_t(max));
                if (n < 0) {
                    errno = EIO;
                    return -1;
                }
                return qint64(n);
            },
            what, cancelled);
        if (!written) {
            return fail(written.error().code, written.error().message + QStringLiteral(" (%1)").arg(archiveError(a)),
                        written.error().detail);
        }
        if (written->size != e.size) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("%1: truncated (%2 of %3 bytes)").arg(what).arg(written->size).arg(e.size),
                        archivePath);
        }
        e.sha256 = written->sha256;
        record.info.addedBytes += written->added;
    }
    std::sort(entries.begin(), entries.end(),
              [](const SnapshotEntry &x, const SnapshotEntry &y) { return x.path < y.path; });
    for (const SnapshotEntry &e : std::as_const(entries)) {
        ++(e.type == SnapshotEntryType::Dir ? record.info.dirCount : record.info.fileCount);
        record.info.bytes += e.size;
    }
    return commitSnapshot(blobs, root, std::move(record), entries);
}

} // namespace Sandcastle::Core::Internal::Snapshots
