// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/sandbox/docker/dockersandboxclient.h"

#include "dockerengine_p.h"
#include "sandcastle/core/sandbox/docker/dockerengine.h"
#include "sandcastle/core/sandbox/docker/dockersandboxsession.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace Sandcastle::Core {

using namespace Internal;

namespace {

Error unavailable(const Error &e)
{
    if (e.code != ErrorCode::Sandbox && e.code != ErrorCode::Network) {
        return e;
    }
    return Error{ErrorCode::Sandbox, QStringLiteral("the Docker sandbox needs dockerd: %1").arg(e.message), e.detail};
}

std::unexpected<Error> gone(const QString &id, const QString &detail)
{
    return fail(ErrorCode::NotFound, QStringLiteral("container %1 is gone").arg(id), detail);
}

bool isAbsoluteRoot(const QString &path)
{
    return QDir::isAbsolutePath(path) && QDir::cleanPath(path) != QLatin1String("/");
}

// Reads a resume state (DockerSandboxSession::state()); errors name the JSON pointer.
Result<std::pair<SandboxOptions, DockerSandboxOptions>> parseState(const QJsonObject &state, QString *containerId,
                                                                   QString *sessionId, QString *execHelperSocket)
{
    auto bad = [](const QString &pointer, const QString &expected) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("invalid Docker session state"),
                    QStringLiteral("%1: %2").arg(pointer, expected));
    };
    if (state.value(QLatin1String("backend")).toString() != QLatin1String("docker")) {
        return bad(QStringLiteral("/backend"), QStringLiteral("expected \"docker\""));
    }
    *containerId = state.value(QLatin1String("container_id")).toString();
    if (containerId->isEmpty()) {
        return bad(QStringLiteral("/container_id"), QStringLiteral("expected a non-empty string"));
    }
    *sessionId = state.value(QLatin1String("session_id")).toString();
    SandboxOptions options;
    DockerSandboxOptions docker;
    options.workspaceDir = state.value(QLatin1String("workspace_dir")).toString();
    if (!QDir::isAbsolutePath(options.workspaceDir)) {
        return bad(QStringLiteral("/workspace_dir"), QStringLiteral("expected an absolute path"));
    }
    options.manifestRoot = state.value(QLatin1String("manifest_root")).toString();
    if (!isAbsoluteRoot(options.manifestRoot)) {
        return bad(QStringLiteral("/manifest_root"), QStringLiteral("expected an absolute path other than /"));
    }
    docker.image = state.value(QLatin1String("image")).toString();
    if (docker.image.isEmpty()) {
        return bad(QStringLiteral("/image"), QStringLiteral("expected a non-empty string"));
    }
    const QJsonValue network = state.value(QLatin1String("network"));
    if (!network.isUndefined() && !network.isBool()) {
        return bad(QStringLiteral("/network"), QStringLiteral("expected a boolean"));
    }
    docker.networkEnabled = network.toBool();
    options.networkAllowed = docker.networkEnabled;
    const QJsonArray ports = state.value(QLatin1String("exposed_ports")).toArray();
    for (qsizetype i = 0; i < ports.size(); ++i) {
        const int port = ports.at(i).toInt(-1);
        if (port <= 0 || port > 65535) {
            return bad(QStringLiteral("/exposed_ports/%1").arg(i), QStringLiteral("expected a port number"));
        }
        docker.exposedPorts.append(quint16(port));
    }
    docker.memoryBytes = state.value(QLatin1String("memory_bytes")).toInteger();
    docker.nanoCpus = state.value(QLatin1String("nano_cpus")).toInteger();
    docker.pidsLimit = state.value(QLatin1String("pids_limit")).toInteger(docker.pidsLimit);
    for (const QJsonValue &v : state.value(QLatin1String("read_only_paths")).toArray()) {
        options.readOnlyPaths.append(v.toString());
    }
    for (const QJsonValue &v : state.value(QLatin1String("writable_paths")).toArray()) {
        options.writablePaths.append(v.toString());
    }
    const QJsonValue helperSocket = state.value(QLatin1String("exec_helper_socket"));
    if (!helperSocket.isUndefined() && !(helperSocket.isString() && QDir::isAbsolutePath(helperSocket.toString()))) {
        return bad(QStringLiteral("/exec_helper_socket"), QStringLiteral("expected an absolute path"));
    }
    *execHelperSocket = helperSocket.toString();
    return std::pair{options, docker};
}

} // namespace

DockerSandboxClient::DockerSandboxClient(DockerSandboxOptions options, QObject *parent)
    : SandboxClient(parent)
    , m_options(std::move(options))
{}

DockerSandboxClient::~DockerSandboxClient()
{
    // Pending calls finish (Cancelled) while the client is still whole.
    m_engine.reset();
}

QString DockerSandboxClient::defaultImage()
{
    const QString fromEnv = qEnvironmentVariable("SANDCASTLE_SANDBOX_IMAGE");
    return fromEnv.isEmpty() ? QStringLiteral("sandcastle/sandbox:latest") : fromEnv;
}

QString DockerSandboxClient::findExecHelper()
{
    QStringList candidates;
    const QString fromEnv = qEnvironmentVariable("SANDCASTLE_EXEC_HELPER");
    if (!fromEnv.isEmpty()) {
        candidates.append(fromEnv);
    } else if (QCoreApplication::instance()) {
        const QString dir = QCoreApplication::applicationDirPath();
        candidates = {dir + QLatin1String("/sandcastle-exec-helper"),
                      dir + QLatin1String("/../libexec/sandcastle/sandcastle-exec-helper")};
    }
    for (const QString &candidate : std::as_const(candidates)) {
        const QFileInfo info(candidate);
        if (info.isFile() && info.isExecutable()) {
            return info.canonicalFilePath();
        }
    }
    return {};
}

DockerExecPath DockerSandboxClient::execPathFromEnvironment()
{
    const QString value = qEnvironmentVariable("SANDCASTLE_DOCKER_EXEC");
    if (value == QLatin1String("helper")) {
        return DockerExecPath::Helper;
    }
    if (value == QLatin1String("engine")) {
        return DockerExecPath::EngineApi;
    }
    return DockerExecPath::Auto;
}

QString DockerSandboxClient::image() const
{
    return m_options.image.isEmpty() ? defaultImage() : m_options.image;
}

Error DockerSandboxClient::imageMissingError(const QString &image, const QString &detail)
{
    return Error{ErrorCode::Sandbox,
                 QStringLiteral("Docker image %1 is not present: build it with %2, or choose another local image")
                     .arg(image, buildImageCommand),
                 detail};
}

void DockerSandboxClient::setSocketPath(const QString &path)
{
    m_socketPath = path;
    m_engine.reset();
}

Result<DockerEngine *> DockerSandboxClient::engine()
{
    if (m_engine) {
        return m_engine.get();
    }
    QString path = m_socketPath;
    if (path.isEmpty()) {
        Result<QString> fromEnv = DockerEngine::socketPathFromEnvironment();
        if (!fromEnv) {
            return std::unexpected(fromEnv.error());
        }
        path = *fromEnv;
    }
    m_engine = std::make_unique<DockerEngine>(path);
    return m_engine.get();
}

QFuture<Result<SandboxSession *>> DockerSandboxClient::create(const SandboxOptions &options)
{
    auto ready = [](Result<SandboxSession *> r) { return QtFuture::makeReadyValueFuture(std::move(r)); };
    if (options.workspaceDir.isEmpty() || !QDir::isAbsolutePath(options.workspaceDir)) {
        return ready(fail(ErrorCode::InvalidInput, QStringLiteral("the workspace directory must be an absolute path"),
                          options.workspaceDir));
    }
    if (!isAbsoluteRoot(options.manifestRoot)) {
        return ready(fail(ErrorCode::InvalidInput,
                          QStringLiteral("the manifest root must be an absolute path other than /"),
                          options.manifestRoot));
    }
    for (const QString &grant : options.readOnlyPaths + options.writablePaths) {
        if (!QDir::isAbsolutePath(grant) || !QFileInfo::exists(grant)) {
            return ready(
                fail(ErrorCode::InvalidInput, QStringLiteral("path grants must be existing absolute paths"), grant));
        }
    }
    if (!m_options.exposedPorts.isEmpty() && !m_options.networkEnabled && !options.networkAllowed) {
        return ready(fail(ErrorCode::InvalidInput, QStringLiteral("exposed ports need the network, which is off"),
                          QStringLiteral("enable the network or expose no ports")));
    }
    Result<DockerEngine *> engine = this->engine();
    if (!engine) {
        return ready(std::unexpected(engine.error()));
    }
    DockerEngine *docker = *engine;
    DockerSandboxOptions dockerOptions = m_options;
    dockerOptions.image = image();
    if (dockerOptions.execPath == DockerExecPath::Auto) {
        dockerOptions.execPath = execPathFromEnvironment();
    }
    if (dockerOptions.execPath != DockerExecPath::EngineApi && dockerOptions.execHelper.isEmpty()) {
        dockerOptions.execHelper = findExecHelper();
        if (dockerOptions.execHelper.isEmpty() && dockerOptions.execPath == DockerExecPath::Helper) {
            return ready(fail(ErrorCode::Sandbox,
                              QStringLiteral("the exec helper sandcastle-exec-helper was not found"),
                              QStringLiteral("set SANDCASTLE_EXEC_HELPER or install it next to the program")));
        }
    }

    auto promise = makePromise<SandboxSession *>();
    docker->negotiate().then(this, [this, docker, promise, options, dockerOptions](const Result<QString> &version) {
        if (!version) {
            settle<SandboxSession *>(promise, std::unexpected(unavailable(version.error())));
            return;
        }
        docker->inspectImage(dockerOptions.image)
            .then(this, [this, docker, promise, options, dockerOptions](const Result<void> &present) {
                if (!present) {
                    settle<SandboxSession *>(
                        promise, std::unexpected(present.error().code == ErrorCode::NotFound
                                                     ? imageMissingError(dockerOptions.image, present.error().message)
                                                     : unavailable(present.error())));
                    return;
                }
                settle<SandboxSession *>(promise,
                                         new DockerSandboxSession(options, dockerOptions, docker->socketPath(), this));
            });
    });
    return promise->future();
}

QFuture<Result<SandboxSession *>> DockerSandboxClient::resume(const QJsonObject &state)
{
    auto ready = [](Result<SandboxSession *> r) { return QtFuture::makeReadyValueFuture(std::move(r)); };
    QString containerId;
    QString sessionId;
    QString helperSocket;
    auto parsed = parseState(state, &containerId, &sessionId, &helperSocket);
    if (!parsed) {
        return ready(std::unexpected(parsed.error()));
    }
    Result<DockerEngine *> engine = this->engine();
    if (!engine) {
        return ready(std::unexpected(engine.error()));
    }
    DockerEngine *docker = *engine;
    auto promise = makePromise<SandboxSession *>();

    // Adopts a running container after checking that it is ours.
    auto adopt = [this, docker, promise, parsed = *parsed, containerId, sessionId,
                  helperSocket](const DockerContainerInfo &info) {
        if (!info.labels.contains(QString(DockerEngine::sandcastleLabel)) ||
            (!sessionId.isEmpty() && info.labels.value(QString(DockerEngine::sessionLabel)) != sessionId)) {
            settle<SandboxSession *>(promise, fail(ErrorCode::PermissionDenied,
                                                   QStringLiteral("container %1 is not this Sandcastle session's "
                                                                  "container")
                                                       .arg(containerId),
                                                   QStringLiteral("labels %1=%2")
                                                       .arg(DockerEngine::sessionLabel,
                                                            info.labels.value(QString(DockerEngine::sessionLabel)))));
            return;
        }
        auto *session = new DockerSandboxSession(parsed.first, parsed.second, docker->socketPath(), this);
        session->adopt(info, sessionId, helperSocket);
        settle<SandboxSession *>(promise, session);
    };

    docker->inspectContainer(containerId)
        .then(this, [this, docker, promise, containerId, adopt](const Result<DockerContainerInfo> &info) {
            if (!info) {
                settle<SandboxSession *>(promise, info.error().code == ErrorCode::NotFound
                                                      ? gone(containerId, info.error().message)
                                                      : std::unexpected(unavailable(info.error())));
                return;
            }
            if (info->running) {
                adopt(*info);
                return;
            }
            if (info->state != QLatin1String("exited") && info->state != QLatin1String("created")) {
                settle<SandboxSession *>(promise, gone(containerId, QStringLiteral("state %1").arg(info->state)));
                return;
            }
            // Stopped (a dockerd restart stops containers without a restart policy): start it again.
            docker->startContainer(containerId)
                .then(this, [this, docker, promise, containerId, adopt](const Result<void> &started) {
                    if (!started) {
                        settle<SandboxSession *>(
                            promise,
                            gone(containerId, QStringLiteral("it is stopped and could not be started again: %1")
                                                  .arg(started.error().toString())));
                        return;
                    }
                    docker->inspectContainer(containerId)
                        .then(this, [promise, containerId, adopt](const Result<DockerContainerInfo> &again) {
                            if (!again || !again->running) {
                                settle<SandboxSession *>(
                                    promise,
                                    gone(containerId, QStringLiteral("it stopped again right after starting")));
                                return;
                            }
                            adopt(*again);
                        });
                });
        });
    return promise->future();
}

} // namespace Sandcastle::Core
