// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QFuture>
#include <QList>
#include <QMap>
#include <QObject>
#include <QStringList>

#include <functional>
#include <optional>

namespace Sandcastle::Core {

class DockerExecStream;

namespace Internal {
struct DockerHttpResponse;
}

/// What GET /version reports about the daemon.
struct DockerVersion
{
    QString engineVersion; ///< "20.10.27"
    QString apiVersion;    ///< the daemon's maximum API version, "1.41"
    QString minApiVersion; ///< the daemon's minimum API version, "1.12"
    QString os;
    QString arch;
};

/// How to create a sandbox container. Security settings are not optional: every container gets
/// CapDrop ALL and no-new-privileges, and ports are published on 127.0.0.1 only.
struct DockerContainerSpec
{
    QString name;  ///< container name; empty lets dockerd pick one
    QString image; ///< required
    QStringList entrypoint;
    QStringList cmd;
    QStringList env; ///< "KEY=value"
    QString workingDir;
    QString user;                  ///< "uid:gid"; empty = the image's user
    QStringList binds;             ///< "host-abs-path:container-path[:ro|rw]"
    bool init = true;              ///< docker-init as PID 1 (reaps zombies, forwards signals)
    QString sessionId;             ///< stored in the label `sandcastle.session`
    QMap<QString, QString> labels; ///< extra labels; `sandcastle` and `sandcastle.session` are always set
    bool networkDisabled = true;   ///< NetworkMode "none"; must be false when ports are exposed
    QList<quint16> exposedPorts;   ///< TCP ports published on 127.0.0.1 with a random host port
    qint64 memoryBytes = 0;        ///< 0 = unlimited; swap is disabled when set
    qint64 nanoCpus = 0;           ///< 1.5 CPUs = 1500000000; 0 = unlimited
    qint64 pidsLimit = 0;          ///< 0 = unlimited
};

/// A TCP/UDP port of a container and where it is published on the host (hostPort 0 = not published).
struct DockerPort
{
    quint16 containerPort = 0;
    QString protocol;
    QString hostIp;
    quint16 hostPort = 0;
};

/// A container as reported by inspect or list.
struct DockerContainerInfo
{
    QString id;
    QString name; ///< without the leading '/'
    QString image;
    QString state; ///< created, running, paused, restarting, removing, exited, dead
    bool running = false;
    int exitCode = 0;
    QMap<QString, QString> labels;
    QList<DockerPort> ports;
    QStringList env; ///< Config.Env (inspect only): what dockerd keeps on disk with the container
};

/// How to run a command in a running container.
struct DockerExecSpec
{
    QStringList cmd; ///< required, argv
    QStringList env;
    QString workingDir;
    QString user;
    bool tty = false;
    bool attachStdin = false;
};

struct DockerExecInfo
{
    QString id;
    QString containerId;
    bool running = false;
    std::optional<int> exitCode; ///< empty while running or before start
    qint64 pid = 0;
};

/// The collected output of DockerEngine::runExec.
struct DockerExecResult
{
    QByteArray standardOutput; ///< stdout (everything, for TTY execs)
    QByteArray standardError;
    int exitCode = -1;
};

/// A client of the Docker Engine HTTP API over its Unix socket.
///
/// Every call is asynchronous: it returns a QFuture that finishes exactly once with a Result, or
/// (startExec) a DockerExecStream call object. Each request uses its own connection. The API
/// version is negotiated before the first versioned request (GET /version: min(daemon max, 1.45),
/// refusing daemons below 1.41) and every path is prefixed with /v1.xx.
///
/// Failures: an unreachable socket is ErrorCode::Sandbox naming the socket and what to do; a
/// Docker error reply carries dockerd's message and the HTTP status, with 404 -> NotFound,
/// 400 -> InvalidInput, 401/403 -> PermissionDenied, 501 -> Unsupported, others -> Sandbox;
/// malformed replies are Sandbox errors. There are no timeouts: callers that need one cancel by
/// destroying the engine, which finishes every pending call with ErrorCode::Cancelled.
/// Lives on, and must be used from, the thread that created it.
class DockerEngine : public QObject
{
    Q_OBJECT
public:
    static constexpr QLatin1StringView sandcastleLabel{"sandcastle"};
    static constexpr QLatin1StringView sessionLabel{"sandcastle.session"};
    static constexpr QLatin1StringView minimumApiVersion{"1.41"};
    static constexpr QLatin1StringView maximumApiVersion{"1.45"};

    /// The socket path for a DOCKER_HOST value: empty -> /run/docker.sock (or /var/run/docker.sock
    /// when only that exists), unix:///path -> /path; tcp:// and other schemes -> Unsupported.
    [[nodiscard]] static Result<QString> socketPathForDockerHost(const QString &dockerHost);
    /// socketPathForDockerHost() of the DOCKER_HOST environment variable.
    [[nodiscard]] static Result<QString> socketPathFromEnvironment();

    explicit DockerEngine(QString socketPath, QObject *parent = nullptr);
    ~DockerEngine() override;

    [[nodiscard]] QString socketPath() const { return m_socketPath; }
    /// "1.41" once negotiated, else empty.
    [[nodiscard]] QString apiVersion() const { return m_apiVersion; }

    /// GET /_ping; yields the daemon's Api-Version header.
    [[nodiscard]] QFuture<Result<QString>> ping();
    /// GET /version (unversioned).
    [[nodiscard]] QFuture<Result<DockerVersion>> version();
    /// Negotiates the API version now (otherwise done by the first versioned call); yields it.
    [[nodiscard]] QFuture<Result<QString>> negotiate();

    /// GET /images/{ref}/json: succeeds when the image is present, NotFound naming it otherwise.
    [[nodiscard]] QFuture<Result<void>> inspectImage(const QString &reference);

    /// POST /containers/create; yields the container id. InvalidInput for a spec without image or
    /// with exposed ports on a disabled network; NotFound when the image is not present.
    [[nodiscard]] QFuture<Result<QString>> createContainer(const DockerContainerSpec &spec);
    /// Starting a running container succeeds.
    [[nodiscard]] QFuture<Result<void>> startContainer(const QString &id);
    /// Stopping a stopped container succeeds; the process is killed after `timeoutSeconds`.
    [[nodiscard]] QFuture<Result<void>> stopContainer(const QString &id, int timeoutSeconds = 10);
    /// DELETE /containers/{id}?v=1 (and force=1): also removes anonymous volumes.
    [[nodiscard]] QFuture<Result<void>> removeContainer(const QString &id, bool force = true);
    [[nodiscard]] QFuture<Result<DockerContainerInfo>> inspectContainer(const QString &id);
    /// All containers (running or not) carrying every label in `labelFilters` ("key" or "key=value").
    [[nodiscard]] QFuture<Result<QList<DockerContainerInfo>>> listContainers(const QStringList &labelFilters);

    /// POST /containers/{id}/exec; yields the exec id.
    [[nodiscard]] QFuture<Result<QString>> createExec(const QString &containerId, const DockerExecSpec &spec);
    /// POST /exec/{id}/start over a hijacked connection. The stream is a child of this engine;
    /// the caller may delete it (which aborts the connection) and should deleteLater() it once finished.
    [[nodiscard]] DockerExecStream *startExec(const QString &execId, bool tty);
    [[nodiscard]] QFuture<Result<DockerExecInfo>> inspectExec(const QString &execId);
    /// Only for TTY execs.
    [[nodiscard]] QFuture<Result<void>> resizeExec(const QString &execId, int rows, int columns);
    /// After an exec's stream finished: polls inspectExec briefly (about 2 s) until dockerd has
    /// recorded the exit code. Sandbox error when it never does.
    [[nodiscard]] QFuture<Result<DockerExecInfo>> waitForExecExit(const QString &execId);

    /// Convenience: create + start an exec, write `standardInput` (then half-close stdin when
    /// spec.attachStdin), collect the output and wait for the exit code.
    [[nodiscard]] QFuture<Result<DockerExecResult>> runExec(const QString &containerId, const DockerExecSpec &spec,
                                                            const QByteArray &standardInput = {});

private:
    using ResponseCallback = std::function<void(Result<Internal::DockerHttpResponse>)>;

    void request(const QByteArray &method, const QString &path, const QByteArray &body, bool versioned,
                 ResponseCallback done);
    void send(const QByteArray &method, const QByteArray &target, const QByteArray &body, ResponseCallback done);
    void withApiVersion(std::function<void(Result<QString>)> then);
    void finishNegotiation(Result<QString> result);
    void pollExitCode(const QString &execId, int attemptsLeft, std::function<void(Result<DockerExecInfo>)> done);

    QString m_socketPath;
    QString m_apiVersion;
    bool m_negotiating = false;
    bool m_destroying = false;
    QList<std::function<void(Result<QString>)>> m_waitingForVersion;
};

} // namespace Sandcastle::Core
