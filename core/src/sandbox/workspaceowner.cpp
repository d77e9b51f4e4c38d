// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/sandbox/workspaceowner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutex>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Sandcastle::Core {

namespace {

// nftw() passes no user data: giveTreeTo() holds g_treeMutex while these are in use.
QMutex g_treeMutex;
SandboxOwner g_treeOwner;
int g_treeErrno = 0;

int chownEntry(const char *path, const struct stat *st, int /*flag*/, struct FTW * /*ftw*/)
{
    if (st->st_uid == g_treeOwner.uid && st->st_gid == g_treeOwner.gid) {
        return 0;
    }
    if (::lchown(path, g_treeOwner.uid, g_treeOwner.gid) != 0) {
        g_treeErrno = errno;
        return 1;
    }
    return 0;
}

} // namespace

bool runningAsRoot()
{
    return ::geteuid() == 0;
}

Result<SandboxOwner> ownerOf(const QString &path)
{
    struct stat st{};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0) {
        return fail(
            ErrorCode::Io,
            QStringLiteral("cannot read the owner of %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    }
    return SandboxOwner{unsigned(st.st_uid), unsigned(st.st_gid)};
}

Result<void> giveTreeTo(const QString &root, SandboxOwner owner)
{
    if (!runningAsRoot()) {
        return {};
    }
    const QMutexLocker lock(&g_treeMutex);
    g_treeOwner = owner;
    g_treeErrno = 0;
    const int rc = ::nftw(QFile::encodeName(root).constData(), chownEntry, 32, FTW_PHYS | FTW_MOUNT);
    const int error = rc == 0 ? 0 : (g_treeErrno != 0 ? g_treeErrno : errno);
    if (rc != 0) {
        return fail(ErrorCode::Io, QStringLiteral("cannot give the workspace %1 to uid:gid %2:%3: %4")
                                       .arg(root)
                                       .arg(owner.uid)
                                       .arg(owner.gid)
                                       .arg(QString::fromLocal8Bit(std::strerror(error))));
    }
    return {};
}

namespace Internal {

namespace {

/// The owner to inherit from the open directory `dirFd`, or false when there is none to inherit.
bool inheritableOwner(int dirFd, struct stat *dir)
{
    return runningAsRoot() && ::fstat(dirFd, dir) == 0 && dir->st_uid != 0;
}

} // namespace

bool inheritOwnerAt(int dirFd, const char *name)
{
    struct stat dir{};
    if (!inheritableOwner(dirFd, &dir)) {
        return true;
    }
    return ::fchownat(dirFd, name, dir.st_uid, dir.st_gid, AT_SYMLINK_NOFOLLOW) == 0;
}

bool inheritOwnerOfDir(int dirFd, int fd)
{
    struct stat dir{};
    if (!inheritableOwner(dirFd, &dir)) {
        return true;
    }
    return ::fchown(fd, dir.st_uid, dir.st_gid) == 0;
}

bool inheritParentOwner(const QString &path)
{
    if (!runningAsRoot()) {
        return true;
    }
    const QFileInfo info(path);
    const int dirFd = ::open(QFile::encodeName(info.absolutePath()).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd < 0) {
        return false;
    }
    const bool ok = inheritOwnerAt(dirFd, QFile::encodeName(info.fileName()).constData());
    ::close(dirFd);
    return ok;
}

bool makePathInheritingOwner(const QString &path)
{
    const QString clean = QDir::cleanPath(QDir().absoluteFilePath(path));
    QString existing = clean;
    while (!QFileInfo::exists(existing) && existing != QLatin1String("/")) {
        existing = QFileInfo(existing).absolutePath();
    }
    if (!QDir().mkpath(clean)) {
        return false;
    }
    const QStringList added = clean.mid(existing.size()).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QString walked = existing == QLatin1String("/") ? QString() : existing;
    for (const QString &part : added) {
        walked += QLatin1Char('/') + part;
        if (!inheritParentOwner(walked)) {
            return false;
        }
    }
    return true;
}

} // namespace Internal

} // namespace Sandcastle::Core
