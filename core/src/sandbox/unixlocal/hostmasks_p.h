// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcessEnvironment>
#include <QStringList>

namespace Sandcastle::Core::Internal {

/// What a bubblewrap sandbox hides although it binds '/' read-only: a read-only bind still lets a
/// process read the user's files and connect() to Unix sockets (SECURITY.md).
struct HostMasks
{
    QStringList dirs;    ///< replaced by an empty tmpfs (--tmpfs)
    QStringList sockets; ///< other files (sockets) replaced by /dev/null (--ro-bind /dev/null)
};

/// The host paths to hide, from the host environment `env` (HOME, XDG_RUNTIME_DIR,
/// DBUS_SESSION_BUS_ADDRESS, DOCKER_HOST, SSH_AUTH_SOCK, ...) and Sandcastle's own data, config and
/// cache folders `ownDirs`: every home (/home, /root, $HOME), the runtime dir, /var/run when it is
/// not the usual link to /run, the Docker, D-Bus, SSH and GPG agent sockets. Only paths that exist
/// are returned, canonical, without "/" or a path below another returned directory, /tmp or /run
/// (which the sandbox replaces anyway).
[[nodiscard]] HostMasks hostMasks(const QProcessEnvironment &env, const QStringList &ownDirs);

/// hostMasks() for this process: its environment and QStandardPaths' Sandcastle folders.
[[nodiscard]] HostMasks currentHostMasks();

} // namespace Sandcastle::Core::Internal
