// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// DockerSandboxSession: who the container's commands run as, and their environment.
#include "dockerprocess_p.h"
#include "sandcastle/core/sandbox/docker/dockersandboxsession.h"
#include "sandcastle/core/sandbox/unixlocalsandboxclient.h"
#include "sandcastle/core/sandbox/workspaceowner.h"

#include <QMap>

#include <unistd.h>

namespace Sandcastle::Core {

QString DockerSandboxSession::user() const
{
    if (m_user.isEmpty()) {
        const SandboxOwner owner = ownerForContainer();
        m_user = QStringLiteral("%1:%2").arg(owner.uid).arg(owner.gid);
    }
    return m_user;
}

SandboxOwner DockerSandboxSession::ownerForContainer() const
{
    if (!runningAsRoot()) {
        return {unsigned(::getuid()), unsigned(::getgid())};
    }
    // Never root in the container: the workspace root's owner when that is not root (start() gives
    // a workspace it creates to kRootHostSandboxOwner), else kRootHostSandboxOwner (SECURITY.md).
    const Result<SandboxOwner> owner = ownerOf(m_hostRoot);
    return owner && owner->uid != 0 ? *owner : kRootHostSandboxOwner;
}

QStringList DockerSandboxSession::containerEnvironment() const
{
    QMap<QString, QString> env{
        {QStringLiteral("PATH"), UnixLocalSandboxClient::fixedPath()},
        {QStringLiteral("HOME"), m_boxRoot},
        {QStringLiteral("USER"), QStringLiteral("sandbox")},
        {QStringLiteral("LOGNAME"), QStringLiteral("sandbox")},
        {QStringLiteral("TMPDIR"), QStringLiteral("/tmp")},
        {QStringLiteral("LANG"), QStringLiteral("C.UTF-8")},
        {QStringLiteral("SHELL"), QStringLiteral("/bin/sh")},
    };
    // The manifest environment (secrets among it) is not here: dockerd writes the container's
    // Env to its config file on disk. Every exec carries it instead (commandEnvironment()).
    QStringList list;
    for (auto it = env.cbegin(); it != env.cend(); ++it) {
        list.append(it.key() + QLatin1Char('=') + it.value());
    }
    return list;
}

QStringList DockerSandboxSession::commandEnvironment(const QString &token, bool tty) const
{
    QStringList list = Internal::execEnvironment(token, tty);
    for (auto it = m_options.environment.cbegin(); it != m_options.environment.cend(); ++it) {
        list.append(it.key() + QLatin1Char('=') + it.value());
    }
    return list;
}

} // namespace Sandcastle::Core
