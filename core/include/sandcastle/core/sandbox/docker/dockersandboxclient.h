// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/sandbox/sandboxclient.h"

#include <QJsonObject>
#include <QList>

#include <memory>

namespace Sandcastle::Core {

class DockerEngine;

/// Docker-specific run options (DECISIONS "Docker client"). The network is on when either
/// `networkEnabled` or SandboxOptions::networkAllowed says so.
/// How a Docker session runs commands.
enum class DockerExecPath : quint8 {
    /// The exec helper when its binary is found and starts in the container, else Engine API execs.
    Auto,
    /// Only the exec helper; a session fails to start without it.
    Helper,
    /// Only Engine API execs (create, start, inspect per command).
    EngineApi,
};

struct DockerSandboxOptions
{
    /// Empty = DockerSandboxClient::defaultImage().
    QString image;
    qint64 memoryBytes = 0; ///< 0 = unlimited; swap is disabled when set
    qint64 nanoCpus = 0;    ///< 1.5 CPUs = 1500000000; 0 = unlimited
    bool networkEnabled = false;
    /// TCP ports published on 127.0.0.1 with a random host port; need the network.
    QList<quint16> exposedPorts;
    qint64 pidsLimit = 512;
    DockerExecPath execPath = DockerExecPath::Auto;
    /// Host path of sandcastle-exec-helper; empty = DockerSandboxClient::findExecHelper().
    QString execHelper;
};

/// Runs sandbox sessions in Docker containers through the Engine API over the Unix socket
/// (DOCKER_HOST unix:// honoured). Each session gets its own long-lived container; see
/// DockerSandboxSession for what the container looks like.
///
/// create() checks that dockerd answers and that the image is present; it never pulls. Failures:
/// ErrorCode::InvalidInput (relative workspace or manifest root, missing grant, ports without
/// network), ErrorCode::Sandbox (dockerd unreachable or the socket not permitted, naming the
/// socket path; image missing, naming the image and scripts/build-sandbox-image),
/// ErrorCode::Unsupported (DOCKER_HOST tcp://).
/// Lives on the runner's thread; sessions are its children like UnixLocalSandboxClient's.
class DockerSandboxClient : public SandboxClient
{
    Q_OBJECT
public:
    /// The script that builds the default image locally (named in "image missing" errors).
    static constexpr QLatin1StringView buildImageCommand{"scripts/build-sandbox-image"};

    explicit DockerSandboxClient(DockerSandboxOptions options = {}, QObject *parent = nullptr);
    ~DockerSandboxClient() override;

    [[nodiscard]] QString backendId() const override { return QStringLiteral("docker"); }
    /// $SANDCASTLE_SANDBOX_IMAGE, else sandcastle/sandbox:latest.
    [[nodiscard]] static QString defaultImage();
    /// The exec helper binary: $SANDCASTLE_EXEC_HELPER, else sandcastle-exec-helper next to the
    /// program or in ../libexec/sandcastle; empty when none is an executable file.
    [[nodiscard]] static QString findExecHelper();
    /// $SANDCASTLE_DOCKER_EXEC: "helper", "engine" or "auto" (the default; also for other values).
    [[nodiscard]] static DockerExecPath execPathFromEnvironment();

    [[nodiscard]] const DockerSandboxOptions &options() const { return m_options; }
    void setOptions(const DockerSandboxOptions &options) { m_options = options; }
    /// The image sessions use: options().image or defaultImage().
    [[nodiscard]] QString image() const;
    /// ErrorCode::Sandbox: `image` is not present locally; names buildImageCommand.
    [[nodiscard]] static Error imageMissingError(const QString &image, const QString &detail);
    /// Overrides the socket (default: from DOCKER_HOST, else /run/docker.sock).
    void setSocketPath(const QString &path);

    [[nodiscard]] QFuture<Result<SandboxSession *>> create(const SandboxOptions &options) override;

    /// Reattaches to the container of a DockerSandboxSession::state(). A stopped container (for
    /// instance after a dockerd restart) is started again. Fails with ErrorCode::NotFound
    /// "container <id> is gone" when it no longer exists or cannot be started, so the caller can
    /// create a new session; ErrorCode::InvalidInput for a malformed state (JSON pointer in the
    /// detail); ErrorCode::PermissionDenied when the container is not a Sandcastle container.
    /// The session is running and a child of this client; the manifest environment lives on in
    /// the container.
    [[nodiscard]] QFuture<Result<SandboxSession *>> resume(const QJsonObject &state);

private:
    [[nodiscard]] Result<DockerEngine *> engine();

    DockerSandboxOptions m_options;
    QString m_socketPath;
    std::unique_ptr<DockerEngine> m_engine;
};

} // namespace Sandcastle::Core
