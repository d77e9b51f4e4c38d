// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Helpers shared by the snapshot tests: writing and describing trees, building tar archives.
#pragma once

#include "futurewait.h"
#include "testenv.h"

#include "sandcastle/core/snapshot/snapshotstore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QMap>
#include <QRandomGenerator>

#include <archive.h>
#include <archive_entry.h>

#include <cstring>
#include <dirent.h>
#include <functional>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace SnapshotTest {

/// `size` pseudo-random bytes from `seed` (incompressible, distinct per seed).
inline QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QByteArray data(size, '\0');
    QRandomGenerator gen(seed);
    for (qsizetype i = 0; i + 4 <= size; i += 4) {
        const quint32 v = gen.generate();
        std::memcpy(data.data() + i, &v, 4);
    }
    return data;
}

/// Awaits `created` (a create() of `store`) and then the snapshot's durability step: for tests
/// that read the store's files, which name the snapshot only once it is durable.
inline Sandcastle::Core::Result<Sandcastle::Core::SnapshotInfo>
awaitDurable(const Sandcastle::Core::SnapshotStore &store,
             QFuture<Sandcastle::Core::Result<Sandcastle::Core::SnapshotInfo>> created)
{
    const auto captured = Sandcastle::Test::await(created);
    if (!captured) {
        return captured;
    }
    return Sandcastle::Test::await(store.durable(captured->id));
}

inline bool writeFile(const QString &path, const QByteArray &data, int mode = 0644)
{
    return Sandcastle::Test::writeTestFile(path, data) &&
           ::chmod(QFile::encodeName(path).constData(), mode_t(mode)) == 0;
}

inline bool makeSymlink(const QString &target, const QString &link)
{
    return ::symlink(target.toUtf8().constData(), QFile::encodeName(link).constData()) == 0;
}

/// path -> "dir 0755" / "file 0644 <sha256 prefix> mtime" / "symlink -> target", walking with lstat.
inline QMap<QString, QString> treeOf(const QString &root, bool withMtime = true)
{
    QMap<QString, QString> out;
    const std::function<void(const QString &)> walk = [&](const QString &rel) {
        const QString abs = rel.isEmpty() ? root : root + QLatin1Char('/') + rel;
        DIR *dir = ::opendir(QFile::encodeName(abs).constData());
        if (!dir) {
            out.insert(rel, QStringLiteral("<unreadable>"));
            return;
        }
        QStringList names;
        while (const dirent *d = ::readdir(dir)) {
            const QString name = QString::fromUtf8(d->d_name);
            if (name != QLatin1String(".") && name != QLatin1String("..")) {
                names << name;
            }
        }
        ::closedir(dir);
        for (const QString &name : std::as_const(names)) {
            const QString childRel = rel.isEmpty() ? name : rel + QLatin1Char('/') + name;
            const QString childAbs = root + QLatin1Char('/') + childRel;
            struct stat st{};
            ::lstat(QFile::encodeName(childAbs).constData(), &st);
            const QString mode = QString::number(st.st_mode & 07777, 8);
            if (S_ISDIR(st.st_mode)) {
                out.insert(childRel, QStringLiteral("dir ") + mode);
                walk(childRel);
            } else if (S_ISLNK(st.st_mode)) {
                char buf[4096];
                const ssize_t n = ::readlink(QFile::encodeName(childAbs).constData(), buf, sizeof buf);
                out.insert(childRel, QStringLiteral("symlink -> ") + QString::fromUtf8(buf, n < 0 ? 0 : n));
            } else if (S_ISREG(st.st_mode)) {
                QFile f(childAbs);
                const QByteArray data = f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
                QString text = QStringLiteral("file %1 %2 bytes %3")
                                   .arg(mode)
                                   .arg(data.size())
                                   .arg(QString::fromLatin1(
                                       QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex().left(16)));
                if (withMtime) {
                    text += QStringLiteral(" mtime %1.%2").arg(st.st_mtim.tv_sec).arg(st.st_mtim.tv_nsec);
                }
                out.insert(childRel, text);
            } else {
                out.insert(childRel, QStringLiteral("special"));
            }
        }
    };
    walk(QString());
    return out;
}

inline QString describe(const QMap<QString, QString> &tree)
{
    QStringList lines;
    for (auto it = tree.cbegin(); it != tree.cend(); ++it) {
        lines << it.key() + QStringLiteral(": ") + it.value();
    }
    return lines.join(QLatin1Char('\n'));
}

inline qint64 bytesUnder(const QString &dir)
{
    qint64 total = 0;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        if (it.fileName() != QLatin1String("lock")) {
            total += it.fileInfo().size();
        }
    }
    return total;
}

/// One member of a hand-built tar.
struct Member
{
    QByteArray name;
    char type = 'f'; ///< f file, d dir, l symlink, h hard link, p FIFO, c char device
    QByteArray data;
    QByteArray link; ///< symlink or hard link target
};

inline bool writeTar(const QString &path, const QList<Member> &members)
{
    archive *a = archive_write_new();
    archive_write_set_format_pax_restricted(a);
    bool ok = archive_write_open_filename(a, QFile::encodeName(path).constData()) == ARCHIVE_OK;
    for (const Member &m : members) {
        archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, m.name.constData());
        archive_entry_set_perm(e, m.type == 'd' ? 0755 : 0644);
        archive_entry_set_mtime(e, 1700000000, 0);
        switch (m.type) {
        case 'd':
            archive_entry_set_filetype(e, AE_IFDIR);
            break;
        case 'l':
            archive_entry_set_filetype(e, AE_IFLNK);
            archive_entry_set_symlink(e, m.link.constData());
            break;
        case 'h':
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_hardlink(e, m.link.constData());
            break;
        case 'p':
            archive_entry_set_filetype(e, AE_IFIFO);
            break;
        case 'c':
            archive_entry_set_filetype(e, AE_IFCHR);
            archive_entry_set_rdev(e, makedev(1, 3));
            break;
        default:
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_size(e, m.data.size());
        }
        ok = ok && archive_write_header(a, e) == ARCHIVE_OK;
        if (m.type == 'f' && !m.data.isEmpty()) {
            ok = ok && archive_write_data(a, m.data.constData(), size_t(m.data.size())) == m.data.size();
        }
        archive_entry_free(e);
    }
    ok = ok && archive_write_close(a) == ARCHIVE_OK;
    archive_write_free(a);
    return ok;
}

inline QByteArray gzipped(const QByteArray &data)
{
    QByteArray out;
    archive *a = archive_write_new();
    archive_write_add_filter_gzip(a);
    archive_write_set_format_raw(a);
    archive_write_set_bytes_in_last_block(a, 1);
    size_t used = 0;
    QByteArray buffer(1 << 20, '\0');
    archive_write_open_memory(a, buffer.data(), size_t(buffer.size()), &used);
    archive_entry *e = archive_entry_new();
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_pathname(e, "entries.json");
    archive_entry_set_size(e, data.size());
    archive_write_header(a, e);
    archive_write_data(a, data.constData(), size_t(data.size()));
    archive_write_close(a);
    archive_write_free(a);
    archive_entry_free(e);
    return buffer.left(qsizetype(used));
}
} // namespace SnapshotTest
