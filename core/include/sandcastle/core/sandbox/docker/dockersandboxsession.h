// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/sandbox/docker/dockerengine.h"
#include "sandcastle/core/sandbox/docker/dockersandboxclient.h"
#include "sandcastle/core/sandbox/sandboxsession.h"
#include "sandcastle/core/sandbox/workspaceowner.h"

#include <QHash>
#include <QJsonObject>
#include <QPromise>
#include <QUrl>

#include <memory>
#include <optional>

namespace Sandcastle::Core {

class PortTunnel;

/// A DockerSandboxClient session: one container from the configured image with the host
/// workspace bind-mounted at the manifest root (sandboxRoot(), e.g. /workspace; workspaceRoot() is
/// the host directory), running as the host user's uid:gid with docker-init as PID 1 and
/// the exec helper (or `sleep infinity`) as its idle process. The container carries the labels `sandcastle` and
/// `sandcastle.session=<uuid>`, drops all capabilities, sets no-new-privileges and a pids limit,
/// has no network unless allowed, and gets a clean environment: fixed PATH, HOME=<manifest root>,
/// USER=LOGNAME=sandbox, TMPDIR=/tmp, LANG=C.UTF-8, SHELL=/bin/sh plus the manifest environment
/// (never the host's). Grant paths are bind-mounted at the same paths (read-only or writable).
///
/// Commands go through the exec helper when there is one (DockerExecPath): sandcastle-exec-helper
/// is bind-mounted read-only at /.sandcastle/exec-helper and runs as the container's idle process,
/// serving a Unix socket in a per-container runtime directory of the host
/// ($XDG_RUNTIME_DIR/sandcastle/docker/<container name>, mounted at /.sandcastle/run). Each command
/// is one connection (ExecHelperChannel): about a millisecond instead of tens for an Engine API
/// exec. When the helper does not start (binary missing, wrong architecture, socket not ready in
/// 5 s), the container is recreated without it and describe() says why.
///
/// Otherwise commands are Engine API execs (create, start over a hijacked stream, inspect for the
/// exit code). Each carries a random SANDCASTLE_EXEC_ID in its environment; timeout, cancel, kill
/// and Ctrl-C signal the processes carrying it (SIGKILL also hits their process groups) through a
/// second exec. File operations work on the host directory (SandboxSession).
///
/// When a command fails or dies from a signal, the session inspects its container; a container
/// that was stopped or removed underneath makes isRunning() false, and later commands fail with
/// "the Docker sandbox is not running" (the container, if it still exists, is removed on close()).
///
/// close() force-removes the container asynchronously (shutdown() to wait for it); the
/// destructor removes a container that close() did not confirm removed, waiting at most 3 s. A
/// session destroyed while its create request is out (a run cancelled during start()) hands its
/// engine to the pending request: the container is force-removed once dockerd has created it.
/// Lives on its creator's thread.
class DockerSandboxSession : public SandboxSession
{
    Q_OBJECT
public:
    DockerSandboxSession(SandboxOptions options, DockerSandboxOptions docker, QString socketPath,
                         QObject *parent = nullptr);
    ~DockerSandboxSession() override;

    [[nodiscard]] QString backendId() const override { return QStringLiteral("docker"); }
    [[nodiscard]] QString workspaceRoot() const override { return m_hostRoot; }
    [[nodiscard]] QString sandboxRoot() const override { return m_boxRoot; }
    [[nodiscard]] QString describe() const override;
    [[nodiscard]] bool supportsPty() const override { return true; }
    [[nodiscard]] bool isRunning() const override { return m_running; }

    [[nodiscard]] QString image() const { return m_docker.image; }
    [[nodiscard]] QString containerId() const { return m_containerId; }
    /// The uuid in the `sandcastle.session` label.
    [[nodiscard]] QString sessionId() const { return m_sessionId; }
    [[nodiscard]] bool networkEnabled() const;
    /// The container's environment (KEY=value), as set at creation: the fixed variables only.
    [[nodiscard]] QStringList containerEnvironment() const;
    /// What one command gets on top of it: the exec token, TERM and the manifest environment
    /// (never stored with the container, where dockerd would keep secrets on disk).
    [[nodiscard]] QStringList commandEnvironment(const QString &token, bool tty) const;
    /// True when commands go through the exec helper (known once start() or resume finished).
    [[nodiscard]] bool usesExecHelper() const { return !m_helperSocket.isEmpty(); }

    /// Creates and starts the container (a no-op when running). A container that was created but
    /// could not be started is removed again.
    [[nodiscard]] QFuture<Result<void>> start() override;
    void close() override;
    /// Kills the running commands and force-removes the container; finishes when dockerd
    /// confirmed (a container that is already gone counts as removed).
    [[nodiscard]] QFuture<Result<void>> shutdown();
    /// Keeps the container for a later DockerSandboxClient::resume(state()): ends this session's
    /// commands and forgets the container, so neither close() nor the destructor removes it.
    void detach();

    [[nodiscard]] ExecCall exec(const ExecRequest &request) override;
    void cancelExec(quint64 execId) override;

    /// http://127.0.0.1:<host port> for an exposed container port (read when the container
    /// started). NotFound when the port is not published, Sandbox when not running.
    [[nodiscard]] Result<QUrl> hostUrlForPort(int containerPort) const;

    [[nodiscard]] QList<quint16> exposedPorts() const override { return m_docker.exposedPorts; }
    /// The published 127.0.0.1:<host port> of an exposed port; NotFound "port N is not exposed".
    [[nodiscard]] Result<ExposedPortEndpoint> resolveExposedPort(quint16 port) const override;
    /// Reads /proc/net/tcp and tcp6 inside the container (the exec helper or an Engine API exec,
    /// not recorded as a command: no commandStarted()).
    [[nodiscard]] QFuture<Result<QList<ListeningPort>>> listeningPorts() override;
    /// The exposed endpoint, else tunnelForPort(); also the tunnel for an exposed port whose server
    /// listens on the container's loopback only (the last listeningPorts() says), which Docker's
    /// published port cannot reach.
    [[nodiscard]] Result<QUrl> hostUrlForListeningPort(quint16 port) override;
    /// A PortTunnel to container `port` (one per port, kept until close()): its URL
    /// http://127.0.0.1:<host port>/. ErrorCode::Unsupported when commands go through Engine API
    /// execs (the tunnel needs the exec helper; the reason it is not used is named), Sandbox when
    /// not running, Io when the host cannot listen.
    [[nodiscard]] Result<QUrl> tunnelForPort(quint16 port);

    /// What DockerSandboxClient::resume() needs: {backend:"docker", version, container_id,
    /// container_name, session_id, image, workspace_dir, manifest_root, network, exposed_ports,
    /// memory_bytes, nano_cpus, pids_limit, read_only_paths, writable_paths, exec_helper_socket
    /// (only when the helper serves commands)}. Environment values
    /// are left out (they may be secret); they live on in the container.
    [[nodiscard]] QJsonObject state() const;

protected:
    [[nodiscard]] Result<SandboxProcess *> spawnProcess(const ProcessRequest &request) override;

private:
    friend class DockerSandboxClient;
    struct RunningExec;

    /// Used by DockerSandboxClient::resume(): the session adopts a running container (and its
    /// exec helper, when `helperSocket` answers within 2 s).
    void adopt(const DockerContainerInfo &info, const QString &sessionId, const QString &helperSocket);
    /// After the container runs: waits for the helper's socket, else recreates the container
    /// without the helper.
    void awaitHelper(const std::shared_ptr<QPromise<Result<void>>> &promise, int attemptsLeft);
    void fallBackToEngineExec(const std::shared_ptr<QPromise<Result<void>>> &promise, const QString &reason);
    void removeRuntimeDir();
    void closeTunnels();
    [[nodiscard]] ExecCall execThroughHelper(const std::shared_ptr<RunningExec> &running, const ExecCall &call,
                                             const ExecRequest &request);
    [[nodiscard]] DockerContainerSpec containerSpec() const;
    /// uid:gid of the container's commands: the host user's, or on a root host never 0 (user()).
    [[nodiscard]] QString user() const;
    [[nodiscard]] SandboxOwner ownerForContainer() const;
    /// Records a started one-shot command: commandStarted(), its clock and its timeout.
    void registerExec(quint64 id, const std::shared_ptr<RunningExec> &running, int timeoutMs);
    /// The one-shot command `id` while its outcome is still open; one that was killed (timeout,
    /// cancel) is finished here with that reason, and null is returned.
    [[nodiscard]] std::shared_ptr<RunningExec> liveExec(quint64 id);
    /// Finishes `id` with the output it collected and `exitCode`.
    void finishWithExitCode(quint64 id, RunningExec &running, int exitCode);
    void onExecCreated(quint64 id, const Result<QString> &execId);
    void onExecStreamFinished(quint64 id);
    void finishExec(quint64 id, Result<ExecResult> result);
    void killExec(quint64 id, Error reason);
    void removeContainerBlocking();
    /// From the destructor while the create request is out: the engine outlives the session and
    /// removes the container once dockerd made it.
    void handOverCreation();
    /// After handOverCreation(): force-removes the container the create request made (if it made
    /// one) and the runtime directory, then deletes the engine.
    static void removeOrphan(DockerEngine *engine, const Result<QString> &id, const QString &runtimeDir);
    /// After a failed or signalled command: inspects the container, clears m_running when it is gone.
    void checkContainerRunning(int recheckLeft = kContainerRechecks);
    static constexpr int kContainerRechecks = 6;
    static constexpr int kContainerRecheckMs = 500;

    SandboxOptions m_options;
    DockerSandboxOptions m_docker;
    QString m_hostRoot;
    QString m_boxRoot;
    QString m_sessionId;
    QString m_containerName;
    QString m_containerId;
    QList<DockerPort> m_ports;
    QHash<quint16, bool> m_loopbackOnly; ///< from the last listeningPorts(): bound to 127.0.0.1/::1 only
    QString m_helperBinary;              ///< host path; empty when the session does not try the helper
    QString m_runtimeDir;                ///< host directory mounted at /.sandcastle/run
    QString m_helperSocket;              ///< host path of the helper's socket once it answered
    QString m_execNote;                  ///< why commands do not go through the helper
    mutable QString m_user;              ///< user(), fixed on first use
    std::unique_ptr<DockerEngine> m_engine;
    bool m_running = false;
    bool m_starting = false;
    bool m_removed = true; ///< no container of ours exists (none created yet, or removal confirmed)
    bool m_destroying = false;
    bool m_checkingContainer = false;
    std::optional<QFuture<Result<void>>> m_removal;
    /// Shared with the create request's continuation: set when the session is destroyed first.
    struct CreateHandover
    {
        bool handedOver = false;
        QString runtimeDir; ///< to remove with the container
    };
    std::shared_ptr<CreateHandover> m_createHandover;
    bool m_creating = false; ///< a create request is out and its reply not seen yet
    QHash<quint64, std::shared_ptr<RunningExec>> m_execs;
    QHash<quint16, PortTunnel *> m_tunnels; ///< children of this session
};

} // namespace Sandcastle::Core
