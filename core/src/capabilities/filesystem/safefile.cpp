// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "capabilities/filesystem/safefile_p.h"

#include "capabilities/filesystem/patchworkspace_p.h"
#include "sandcastle/core/sandbox/workspaceowner.h"

#include <QRandomGenerator>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Sandcastle::Core::Internal {

namespace {

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

QFile::Permissions permissionsOf(mode_t mode)
{
    QFile::Permissions p;
    const std::pair<mode_t, QFile::Permissions> bits[] = {{S_IRUSR, QFile::ReadOwner | QFile::ReadUser},
                                                          {S_IWUSR, QFile::WriteOwner | QFile::WriteUser},
                                                          {S_IXUSR, QFile::ExeOwner | QFile::ExeUser},
                                                          {S_IRGRP, QFile::ReadGroup},
                                                          {S_IWGRP, QFile::WriteGroup},
                                                          {S_IXGRP, QFile::ExeGroup},
                                                          {S_IROTH, QFile::ReadOther},
                                                          {S_IWOTH, QFile::WriteOther},
                                                          {S_IXOTH, QFile::ExeOther}};
    for (const auto &[bit, perm] : bits) {
        if (mode & bit) {
            p |= perm;
        }
    }
    return p;
}

mode_t modeOf(QFile::Permissions p)
{
    mode_t mode = 0;
    mode |= (p & (QFile::ReadOwner | QFile::ReadUser)) ? S_IRUSR : 0;
    mode |= (p & (QFile::WriteOwner | QFile::WriteUser)) ? S_IWUSR : 0;
    mode |= (p & (QFile::ExeOwner | QFile::ExeUser)) ? S_IXUSR : 0;
    mode |= (p & QFile::ReadGroup) ? S_IRGRP : 0;
    mode |= (p & QFile::WriteGroup) ? S_IWGRP : 0;
    mode |= (p & QFile::ExeGroup) ? S_IXGRP : 0;
    mode |= (p & QFile::ReadOther) ? S_IROTH : 0;
    mode |= (p & QFile::WriteOther) ? S_IWOTH : 0;
    mode |= (p & QFile::ExeOther) ? S_IXOTH : 0;
    return mode;
}

QString typeName(mode_t mode)
{
    if (S_ISFIFO(mode)) {
        return QStringLiteral("a FIFO (named pipe)");
    }
    if (S_ISSOCK(mode)) {
        return QStringLiteral("a socket");
    }
    if (S_ISCHR(mode)) {
        return QStringLiteral("a character device");
    }
    if (S_ISBLK(mode)) {
        return QStringLiteral("a block device");
    }
    return QStringLiteral("not a regular file");
}

Error linkSwapped(const QString &display, const QString &component)
{
    return Error{ErrorCode::PermissionDenied,
                 QStringLiteral("path %1 changed while it was used: %2 is now a symlink, which is not followed")
                     .arg(display, component),
                 {}};
}

} // namespace

Fd::~Fd()
{
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

Fd &Fd::operator=(Fd &&other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

Result<Fd> openDirInside(const QString &root, const QString &dir, const QString &display, bool create,
                         QStringList *created)
{
    if (!isInside(dir, root)) {
        return fail(ErrorCode::PermissionDenied, QStringLiteral("path %1 is outside the workspace root").arg(display));
    }
    Fd current(::open(QFile::encodeName(root).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!current.valid()) {
        return fail(ErrorCode::NotFound,
                    QStringLiteral("workspace root %1 cannot be opened: %2").arg(root, errnoText(errno)));
    }
    const QStringList parts = dir.mid(root.size()).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QString walked = root;
    for (const QString &part : parts) {
        walked += QLatin1Char('/') + part;
        const QByteArray name = QFile::encodeName(part);
        int fd = ::openat(current.get(), name.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0 && errno == ENOENT && create) {
            if (::mkdirat(current.get(), name.constData(), 0755) != 0 && errno != EEXIST) {
                return fail(ErrorCode::Io, QStringLiteral("Failed to create directory %1: %2")
                                               .arg(QDir(root).relativeFilePath(walked), errnoText(errno)));
            }
            // On a root host, a Docker workspace's new folders stay writable by the container's user.
            if (!inheritOwnerAt(current.get(), name.constData())) {
                return fail(ErrorCode::Io, QStringLiteral("Failed to give directory %1 its folder's owner: %2")
                                               .arg(QDir(root).relativeFilePath(walked), errnoText(errno)));
            }
            if (created) {
                created->append(walked);
            }
            fd = ::openat(current.get(), name.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        }
        if (fd < 0) {
            const int error = errno;
            struct stat st{};
            if (::fstatat(current.get(), name.constData(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
                return std::unexpected(linkSwapped(display, QDir(root).relativeFilePath(walked)));
            }
            if (error == ENOENT) {
                return fail(ErrorCode::NotFound, QStringLiteral("path %1: directory %2 does not exist")
                                                     .arg(display, QDir(root).relativeFilePath(walked)));
            }
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("path %1: %2 is not a directory (%3)")
                            .arg(display, QDir(root).relativeFilePath(walked), errnoText(error)));
        }
        current = Fd(fd);
    }
    return current;
}

Result<SafeEntry> inspectInside(const QString &root, const QString &host, const QString &display, const QString &what,
                                bool read, qint64 maxBytes)
{
    const qsizetype slash = host.lastIndexOf(QLatin1Char('/'));
    auto dir = openDirInside(root, host.left(slash), display);
    SafeEntry entry;
    if (!dir) {
        if (dir.error().code == ErrorCode::NotFound) {
            return entry; // a parent is missing: so is the file
        }
        return std::unexpected(dir.error());
    }
    const QByteArray name = QFile::encodeName(host.mid(slash + 1));
    struct stat st{};
    if (::fstatat(dir->get(), name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT) {
            return entry;
        }
        return fail(ErrorCode::Io, QStringLiteral("%1 %2: %3").arg(what, display, errnoText(errno)));
    }
    if (S_ISLNK(st.st_mode)) {
        entry.kind = SafeEntry::Kind::Symlink;
        return entry;
    }
    if (S_ISDIR(st.st_mode)) {
        entry.kind = SafeEntry::Kind::Directory;
        return entry;
    }
    if (!S_ISREG(st.st_mode)) {
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("%1 %2: it is %3; only regular files are read").arg(what, display, typeName(st.st_mode)));
    }
    entry.kind = SafeEntry::Kind::File;
    entry.permissions = permissionsOf(st.st_mode);
    entry.size = st.st_size;
    if (!read) {
        return entry;
    }
    // O_NONBLOCK: a FIFO swapped in after the fstatat() above must not block the open.
    Fd file(::openat(dir->get(), name.constData(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
    if (!file.valid()) {
        if (errno == ELOOP) {
            return std::unexpected(linkSwapped(display, display));
        }
        return fail(ErrorCode::Io, QStringLiteral("%1 %2: %3").arg(what, display, errnoText(errno)));
    }
    if (::fstat(file.get(), &st) != 0) {
        return fail(ErrorCode::Io, QStringLiteral("%1 %2: %3").arg(what, display, errnoText(errno)));
    }
    if (!S_ISREG(st.st_mode)) {
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("%1 %2: it is %3; only regular files are read").arg(what, display, typeName(st.st_mode)));
    }
    if (st.st_nlink > 1) {
        return fail(ErrorCode::PermissionDenied,
                    QStringLiteral("%1 %2: it has %3 hard links; files with more than one link are not read, since "
                                   "another link may lie outside the workspace")
                        .arg(what, display)
                        .arg(qulonglong(st.st_nlink)));
    }
    if (st.st_size > maxBytes) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1 %2: it is %3 bytes, more than the limit of %4 bytes")
                                                 .arg(what, display)
                                                 .arg(qlonglong(st.st_size))
                                                 .arg(maxBytes));
    }
    entry.permissions = permissionsOf(st.st_mode);
    entry.size = st.st_size;
    // Read to the end (the file may grow), but never past the limit.
    QByteArray bytes;
    bytes.reserve(qsizetype(st.st_size));
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(file.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return fail(ErrorCode::Io, QStringLiteral("%1 %2: %3").arg(what, display, errnoText(errno)));
        }
        if (n == 0) {
            break;
        }
        bytes.append(buffer, qsizetype(n));
        if (bytes.size() > maxBytes) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("%1 %2: it grew past the limit of %3 bytes while it was read")
                            .arg(what, display)
                            .arg(maxBytes));
        }
    }
    entry.bytes = std::move(bytes);
    return entry;
}

Result<QByteArray> stageWrite(int dirFd, const QByteArray &content, QFile::Permissions permissions,
                              const QString &display)
{
    for (int attempt = 0; attempt < 16; ++attempt) {
        const QByteArray tempName =
            ".sandcastle-patch-" + QByteArray::number(QRandomGenerator::global()->generate64(), 36);
        Fd fd(::openat(dirFd, tempName.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
        if (!fd.valid()) {
            if (errno == EEXIST) {
                continue;
            }
            return fail(ErrorCode::Io, QStringLiteral("Failed to write file %1: %2").arg(display, errnoText(errno)));
        }
        if (!inheritOwnerOfDir(dirFd, fd.get())) {
            const int error = errno;
            ::unlinkat(dirFd, tempName.constData(), 0);
            return fail(ErrorCode::Io,
                        QStringLiteral("Failed to give file %1 its folder's owner: %2").arg(display, errnoText(error)));
        }
        qsizetype done = 0;
        while (done < content.size()) {
            const ssize_t n = ::write(fd.get(), content.constData() + done, size_t(content.size() - done));
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                const int error = n < 0 ? errno : EIO;
                ::unlinkat(dirFd, tempName.constData(), 0);
                return fail(ErrorCode::Io,
                            QStringLiteral("Failed to write file %1: %2").arg(display, errnoText(error)));
            }
            done += n;
        }
        if (::fchmod(fd.get(), modeOf(permissions)) != 0) {
            const int error = errno;
            ::unlinkat(dirFd, tempName.constData(), 0);
            return fail(ErrorCode::Io, QStringLiteral("Failed to write file %1: %2").arg(display, errnoText(error)));
        }
        return tempName;
    }
    return fail(ErrorCode::Io, QStringLiteral("Failed to write file %1: no free temp file name").arg(display));
}

Result<void> commitWrite(int dirFd, const QByteArray &tempName, const QByteArray &name, const QString &display)
{
    if (::renameat(dirFd, tempName.constData(), dirFd, name.constData()) != 0) {
        return fail(ErrorCode::Io, QStringLiteral("Failed to replace file %1: %2").arg(display, errnoText(errno)));
    }
    return {};
}

} // namespace Sandcastle::Core::Internal
