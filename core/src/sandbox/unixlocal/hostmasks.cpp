// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandbox/unixlocal/hostmasks_p.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QUrl>

namespace Sandcastle::Core::Internal {

namespace {

bool isBelow(const QString &path, const QString &dir)
{
    return path == dir || path.startsWith(dir.endsWith(QLatin1Char('/')) ? dir : dir + QLatin1Char('/'));
}

/// Socket paths named by a D-Bus address list ("unix:path=/run/user/1000/bus;unix:abstract=...").
/// Abstract sockets have no path: only the network namespace (--unshare-net) separates them.
QStringList dbusSocketPaths(const QString &address)
{
    QStringList paths;
    const QStringList entries = address.split(QLatin1Char(';'), Qt::SkipEmptyParts);
    for (const QString &entry : entries) {
        if (!entry.startsWith(QLatin1String("unix:"))) {
            continue;
        }
        const QStringList keys = entry.mid(5).split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString &key : keys) {
            if (key.startsWith(QLatin1String("path="))) {
                paths << QUrl::fromPercentEncoding(key.mid(5).toUtf8());
            }
        }
    }
    return paths;
}

} // namespace

HostMasks hostMasks(const QProcessEnvironment &env, const QStringList &ownDirs)
{
    QStringList dirCandidates{QStringLiteral("/home"), QStringLiteral("/root"), env.value(QStringLiteral("HOME")),
                              env.value(QStringLiteral("XDG_RUNTIME_DIR"))};
    // /var/run is normally a link to /run (replaced by a tmpfs); a real directory holds the sockets.
    if (!QFileInfo(QStringLiteral("/var/run")).isSymLink()) {
        dirCandidates << QStringLiteral("/var/run");
    }
    dirCandidates << ownDirs;

    QStringList socketCandidates{QStringLiteral("/run/docker.sock"), QStringLiteral("/var/run/docker.sock"),
                                 QStringLiteral("/run/dbus/system_bus_socket"),
                                 QStringLiteral("/var/run/dbus/system_bus_socket"),
                                 env.value(QStringLiteral("SSH_AUTH_SOCK"))};
    socketCandidates << dbusSocketPaths(env.value(QStringLiteral("DBUS_SESSION_BUS_ADDRESS")));
    const QString dockerHost = env.value(QStringLiteral("DOCKER_HOST"));
    if (dockerHost.startsWith(QLatin1String("unix://"))) {
        socketCandidates << dockerHost.mid(7);
    }
    const QString gpgInfo = env.value(QStringLiteral("GPG_AGENT_INFO"));
    if (!gpgInfo.isEmpty()) {
        socketCandidates << gpgInfo.section(QLatin1Char(':'), 0, 0);
    }

    // Already replaced by the sandbox itself.
    const QStringList replaced{QStringLiteral("/tmp"), QStringLiteral("/run"), QStringLiteral("/dev"),
                               QStringLiteral("/proc")};
    HostMasks masks;
    auto covered = [&](const QString &path) {
        for (const QString &dir : replaced + masks.dirs) {
            if (isBelow(path, dir)) {
                return true;
            }
        }
        return false;
    };
    QStringList dirs;
    for (const QString &candidate : std::as_const(dirCandidates)) {
        if (candidate.isEmpty() || !QDir::isAbsolutePath(candidate)) {
            continue;
        }
        const QFileInfo info(candidate);
        const QString canonical = info.canonicalFilePath();
        if (canonical.isEmpty() || canonical == QLatin1String("/") || !QFileInfo(canonical).isDir()) {
            continue;
        }
        dirs << canonical;
    }
    // Outer directories first, so that an inner one is recognised as covered.
    std::sort(dirs.begin(), dirs.end(), [](const QString &a, const QString &b) { return a.size() < b.size(); });
    for (const QString &dir : std::as_const(dirs)) {
        if (!covered(dir)) {
            masks.dirs << dir;
        }
    }
    for (const QString &candidate : std::as_const(socketCandidates)) {
        if (candidate.isEmpty() || !QDir::isAbsolutePath(candidate)) {
            continue;
        }
        const QString canonical = QFileInfo(candidate).canonicalFilePath();
        if (canonical.isEmpty() || QFileInfo(canonical).isDir() || covered(canonical) ||
            masks.sockets.contains(canonical)) {
            continue;
        }
        masks.sockets << canonical;
    }
    return masks;
}

HostMasks currentHostMasks()
{
    QStringList own;
    for (const auto location : {QStandardPaths::AppDataLocation, QStandardPaths::AppLocalDataLocation,
                                QStandardPaths::AppConfigLocation, QStandardPaths::CacheLocation}) {
        own << QStandardPaths::writableLocation(location);
    }
    return hostMasks(QProcessEnvironment::systemEnvironment(), own);
}

} // namespace Sandcastle::Core::Internal
