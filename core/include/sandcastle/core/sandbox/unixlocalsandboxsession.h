// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/sandbox/sandboxsession.h"
#include "sandcastle/core/sandbox/unixlocalsandboxclient.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QPointer>
#include <QProcessEnvironment>
#include <QSet>

#include <memory>

class QProcess;
class QTimer;

namespace Sandcastle::Core {

/// A UnixLocalSandboxClient session: commands run in the host workspace directory, confined by
/// bubblewrap or (when the user chose so) not at all; see UnixLocalSandboxClient. Every command
/// runs in its own process group (session), which cancel, timeout, close and destruction kill
/// with SIGKILL. Created by UnixLocalSandboxClient::create(); lives on its creator's thread.
///
/// Ports: exposed ports resolve to 127.0.0.1:<port>; with none declared any port resolves (spec,
/// JS client). listeningPorts() reads /proc on a worker thread: the processes of the session's
/// commands (each command's pid is its session id), their descendants and every process that
/// shares one of those session ids (background children and orphans), their socket inodes from
/// /proc/<pid>/fd, matched against /proc/<pid>/net/tcp and tcp6 of each network namespace
/// involved (so it works with and without bubblewrap's --unshare-net). Listeners of other host
/// processes are never reported.
class UnixLocalSandboxSession : public SandboxSession
{
    Q_OBJECT
public:
    UnixLocalSandboxSession(SandboxOptions options, ConfinementReport confinement, QList<quint16> exposedPorts = {},
                            QObject *parent = nullptr);
    ~UnixLocalSandboxSession() override;

    [[nodiscard]] QString backendId() const override { return QStringLiteral("unix_local"); }
    [[nodiscard]] QString workspaceRoot() const override { return m_root; }
    [[nodiscard]] QString sandboxRoot() const override { return m_root; }
    [[nodiscard]] QString describe() const override;
    [[nodiscard]] bool supportsPty() const override { return true; }
    [[nodiscard]] bool isRunning() const override { return m_running; }
    [[nodiscard]] const ConfinementReport &confinementReport() const { return m_confinement; }

    [[nodiscard]] QFuture<Result<void>> start() override;
    void close() override;
    [[nodiscard]] ExecCall exec(const ExecRequest &request) override;
    void cancelExec(quint64 execId) override;

    [[nodiscard]] QList<quint16> exposedPorts() const override { return m_exposedPorts; }
    [[nodiscard]] Result<ExposedPortEndpoint> resolveExposedPort(quint16 port) const override;
    [[nodiscard]] QFuture<Result<QList<ListeningPort>>> listeningPorts() override;
    /// The exposed endpoint, else http://127.0.0.1:<port>/ when commands share the host's
    /// network; ErrorCode::Unsupported naming --unshare-net when bubblewrap gave them their own.
    [[nodiscard]] Result<QUrl> hostUrlForListeningPort(quint16 port) override;
    /// True when commands use the host's network namespace: unconfined, network allowed, or
    /// ports exposed.
    [[nodiscard]] bool sharesHostNetwork() const;
    /// {backend:"unix_local", version:1, workspace_dir, confinement, network, exposed_ports}.
    [[nodiscard]] QJsonObject state() const;

    /// The environment commands get (never the host's): see UnixLocalSandboxClient.
    [[nodiscard]] QProcessEnvironment environment(bool tty) const;
    /// Program and arguments that run `argv` in `workdir` (bwrap wrapping when confined).
    [[nodiscard]] QStringList commandLine(const QStringList &argv, const QString &workdir, bool tty) const;

protected:
    [[nodiscard]] Result<SandboxProcess *> spawnProcess(const ProcessRequest &request) override;

private:
    struct RunningExec;
    void finishExec(quint64 id, Result<ExecResult> result);
    void killExec(quint64 id, Error reason);
    /// Remembers a started command's pid (its session id) for listeningPorts().
    void trackCommand(qint64 pid);

    SandboxOptions m_options;
    ConfinementReport m_confinement;
    QString m_root;
    QList<quint16> m_exposedPorts;
    bool m_running = false;
    QHash<quint64, std::shared_ptr<RunningExec>> m_execs;
    /// Session ids of the commands started so far (and of sessions their descendants opened);
    /// pruned when no process of a session is left.
    QSet<qint64> m_sessionIds;
};

} // namespace Sandcastle::Core
