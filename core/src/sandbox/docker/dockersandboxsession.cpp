// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// DockerSandboxSession: container lifecycle, state and ports. Commands: dockersandboxexec.cpp;
// removal when the session goes: dockersandboxremoval.cpp.
#include "sandcastle/core/sandbox/docker/dockersandboxsession.h"

#include "dockerengine_p.h"
#include "dockerprocess_p.h"
#include "sandcastle/core/sandbox/unixlocalsandboxclient.h"
#include "sandcastle/core/sandbox/workspaceowner.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QLocalSocket>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>
#include <QUuid>

#include <unistd.h>

namespace Sandcastle::Core {

using namespace Internal;

namespace {

constexpr QLatin1StringView kHelperInContainer{"/.sandcastle/exec-helper"};
constexpr QLatin1StringView kRuntimeInContainer{"/.sandcastle/run"};
constexpr QLatin1StringView kSocketName{"exec.sock"};
constexpr int kHelperPollMs = 10;
constexpr int kHelperAttempts = 500; // 5 s for the helper's socket to appear

/// True when a connection to the helper's socket succeeds right now.
bool helperAnswers(const QString &socketPath)
{
    if (!QFileInfo::exists(socketPath)) {
        return false;
    }
    QLocalSocket probe;
    probe.connectToServer(socketPath);
    const bool ok = probe.waitForConnected(200);
    probe.abort();
    return ok;
}

QJsonArray portsArray(const QList<quint16> &ports)
{
    QJsonArray a;
    for (const quint16 p : ports) {
        a.append(int(p));
    }
    return a;
}

} // namespace

DockerSandboxSession::DockerSandboxSession(SandboxOptions options, DockerSandboxOptions docker, QString socketPath,
                                           QObject *parent)
    : SandboxSession(parent)
    , m_options(std::move(options))
    , m_docker(std::move(docker))
    , m_hostRoot(QDir::cleanPath(m_options.workspaceDir))
    , m_boxRoot(QDir::cleanPath(m_options.manifestRoot))
    , m_sessionId(QUuid::createUuid().toString(QUuid::WithoutBraces))
    , m_engine(std::make_unique<DockerEngine>(std::move(socketPath)))
    , m_createHandover(std::make_shared<CreateHandover>())
{
    m_containerName = QStringLiteral("sandcastle-") + m_sessionId.left(8);
    if (m_docker.execPath == DockerExecPath::EngineApi) {
        m_execNote = QStringLiteral("Engine API execs chosen");
    } else if (m_docker.execHelper.isEmpty()) {
        m_execNote = QStringLiteral("sandcastle-exec-helper not found");
    } else {
        m_helperBinary = m_docker.execHelper;
    }
}

DockerSandboxSession::~DockerSandboxSession()
{
    m_destroying = true;
    const auto ids = m_execs.keys();
    for (const quint64 id : ids) {
        finishExec(id, fail(ErrorCode::Cancelled, QStringLiteral("sandbox session closed")));
    }
    if (!m_removed && !m_containerId.isEmpty()) {
        removeContainerBlocking();
    } else if (m_creating) {
        handOverCreation();
    }
    // Pending engine calls finish (Cancelled) while our members still exist; the continuations
    // see m_destroying.
    m_engine.reset();
}

bool DockerSandboxSession::networkEnabled() const
{
    return m_docker.networkEnabled || m_options.networkAllowed;
}

DockerContainerSpec DockerSandboxSession::containerSpec() const
{
    DockerContainerSpec spec;
    spec.name = m_containerName;
    spec.image = m_docker.image;
    // An explicit entrypoint, so that an image's own ENTRYPOINT/CMD cannot get in the way.
    if (m_helperBinary.isEmpty()) {
        spec.entrypoint = {QStringLiteral("sleep")};
        spec.cmd = {QStringLiteral("infinity")};
    } else {
        spec.entrypoint = {QString(kHelperInContainer)};
        spec.cmd = {QStringLiteral("serve"), kRuntimeInContainer + QLatin1Char('/') + kSocketName};
        spec.binds.append(m_helperBinary + QLatin1Char(':') + kHelperInContainer + QLatin1String(":ro"));
        spec.binds.append(m_runtimeDir + QLatin1Char(':') + kRuntimeInContainer + QLatin1String(":rw"));
    }
    spec.env = containerEnvironment();
    spec.workingDir = m_boxRoot;
    spec.user = user();
    spec.binds.append(m_hostRoot + QLatin1Char(':') + m_boxRoot + QLatin1String(":rw"));
    for (const QString &path : m_options.writablePaths) {
        spec.binds.append(path + QLatin1Char(':') + path + QLatin1String(":rw"));
    }
    for (const QString &path : m_options.readOnlyPaths) {
        spec.binds.append(path + QLatin1Char(':') + path + QLatin1String(":ro"));
    }
    spec.init = true;
    spec.sessionId = m_sessionId;
    spec.networkDisabled = !networkEnabled();
    spec.exposedPorts = m_docker.exposedPorts;
    spec.memoryBytes = m_docker.memoryBytes;
    spec.nanoCpus = m_docker.nanoCpus;
    spec.pidsLimit = m_docker.pidsLimit;
    return spec;
}

QString DockerSandboxSession::describe() const
{
    const QString network = networkEnabled() ? QStringLiteral("network on") : QStringLiteral("no network");
    const QString container = m_containerId.isEmpty() ? QStringLiteral("not created yet")
                                                      : QStringLiteral("container ") + m_containerId.left(12);
    const QString exec = usesExecHelper() ? QStringLiteral("commands through the exec helper")
                         : m_execNote.isEmpty()
                             ? QStringLiteral("commands through the exec helper once started")
                             : QStringLiteral("commands through Engine API execs (%1)").arg(m_execNote);
    return QStringLiteral(
               "docker image %1, %2, %3, workspace %4 mounted at %5 (uid:gid %6, all capabilities dropped), %7")
        .arg(m_docker.image, container, network, m_hostRoot, m_boxRoot, user(), exec);
}

QFuture<Result<void>> DockerSandboxSession::start()
{
    auto ready = [](Result<void> r) { return QtFuture::makeReadyValueFuture(std::move(r)); };
    if (m_running) {
        return ready({});
    }
    if (m_starting) {
        return ready(
            fail(ErrorCode::InvalidInput, QStringLiteral("the Docker sandbox is already starting"), m_containerName));
    }
    const bool created = !QFileInfo::exists(m_hostRoot);
    if (!QDir().mkpath(m_hostRoot)) {
        return ready(fail(ErrorCode::Io, QStringLiteral("cannot create the workspace directory"), m_hostRoot));
    }
    if (created) {
        if (Result<void> given = giveTreeTo(m_hostRoot, kRootHostSandboxOwner); !given) {
            return ready(std::move(given));
        }
    }
    if (!m_helperBinary.isEmpty()) {
        const QString base = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
        m_runtimeDir = base + QLatin1String("/sandcastle/docker/") + m_containerName;
        if (base.isEmpty() || !QDir().mkpath(m_runtimeDir) ||
            !QFile::setPermissions(m_runtimeDir,
                                   QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner) ||
            !giveTreeTo(m_runtimeDir, ownerForContainer())) {
            m_execNote = QStringLiteral("cannot create the runtime directory %1").arg(m_runtimeDir);
            m_helperBinary.clear();
            m_runtimeDir.clear();
        }
    }
    m_starting = true;
    auto promise = makePromise<void>();
    const QString image = m_docker.image;
    m_creating = true;
    DockerEngine *engine = m_engine.get();
    // The engine is the context: it outlives this session when the session is destroyed before the
    // reply (handOverCreation()); until then it lives exactly as long as the session.
    m_engine->createContainer(containerSpec())
        .then(engine, [this, engine, handover = m_createHandover, promise, image](const Result<QString> &id) {
            if (handover->handedOver) {
                removeOrphan(engine, id, handover->runtimeDir); // `this` is gone
                return;
            }
            m_creating = false;
            if (m_destroying) {
                return;
            }
            if (!id) {
                m_starting = false;
                Error e = id.error();
                if (e.code == ErrorCode::NotFound && e.message.contains(image)) {
                    e = DockerSandboxClient::imageMissingError(image, e.message);
                }
                settle<void>(promise, std::unexpected(e));
                return;
            }
            m_containerId = *id;
            m_removed = false;
            auto failStart = [this, promise](Error e) {
                if (!m_helperBinary.isEmpty() && m_docker.execPath == DockerExecPath::Auto) {
                    fallBackToEngineExec(promise, QStringLiteral("the helper did not start: ") + e.message);
                    return;
                }
                m_starting = false;
                qCWarning(lcDocker) << "removing container" << m_containerId << "that did not start:" << e.toString();
                static_cast<void>(shutdown());
                settle<void>(promise, std::unexpected(std::move(e)));
            };
            m_engine->startContainer(*id).then(this, [this, failStart, promise](const Result<void> &started) {
                if (m_destroying) {
                    return;
                }
                if (!started) {
                    failStart(
                        Error{ErrorCode::Sandbox,
                              QStringLiteral("the container could not be started: %1").arg(started.error().message),
                              started.error().detail});
                    return;
                }
                m_engine->inspectContainer(m_containerId)
                    .then(this, [this, failStart, promise](const Result<DockerContainerInfo> &info) {
                        if (m_destroying) {
                            return;
                        }
                        if (!info) {
                            failStart(info.error());
                            return;
                        }
                        if (!info->running) {
                            failStart(Error{ErrorCode::Sandbox,
                                            QStringLiteral("the container stopped right after it started (state %1, "
                                                           "exit code %2); does image %3 have `sleep`?")
                                                .arg(info->state)
                                                .arg(info->exitCode)
                                                .arg(m_docker.image),
                                            m_containerId});
                            return;
                        }
                        m_ports = info->ports;
                        if (!m_helperBinary.isEmpty()) {
                            awaitHelper(promise, kHelperAttempts);
                            return;
                        }
                        m_starting = false;
                        m_running = true;
                        settle<void>(promise, {});
                    });
            });
        });
    return promise->future();
}

void DockerSandboxSession::awaitHelper(const std::shared_ptr<QPromise<Result<void>>> &promise, int attemptsLeft)
{
    const QString socket = m_runtimeDir + QLatin1Char('/') + kSocketName;
    if (helperAnswers(socket)) {
        m_helperSocket = socket;
        m_starting = false;
        m_running = true;
        settle<void>(promise, {});
        return;
    }
    if (attemptsLeft <= 0) {
        const QString reason = QStringLiteral("its socket %1 did not answer within %2 ms")
                                   .arg(socket)
                                   .arg(kHelperAttempts * kHelperPollMs);
        if (m_docker.execPath == DockerExecPath::Helper) {
            m_starting = false;
            static_cast<void>(shutdown());
            settle<void>(promise, fail(ErrorCode::Sandbox, QStringLiteral("the exec helper did not start"), reason));
            return;
        }
        fallBackToEngineExec(promise, QStringLiteral("the helper did not start: ") + reason);
        return;
    }
    QTimer::singleShot(kHelperPollMs, this, [this, promise, attemptsLeft] {
        if (!m_destroying) {
            awaitHelper(promise, attemptsLeft - 1);
        }
    });
}

void DockerSandboxSession::fallBackToEngineExec(const std::shared_ptr<QPromise<Result<void>>> &promise,
                                                const QString &reason)
{
    qCWarning(lcDocker) << "container" << m_containerName << ": running commands through Engine API execs;" << reason;
    m_execNote = reason;
    m_helperBinary.clear();
    const QString id = m_containerId;
    m_engine->removeContainer(id, true).then(this, [this, promise, id](const Result<void> &removed) {
        if (m_destroying) {
            return;
        }
        removeRuntimeDir();
        m_starting = false;
        if (!removed && removed.error().code != ErrorCode::NotFound) {
            settle<void>(promise, fail(ErrorCode::Sandbox,
                                       QStringLiteral("could not remove the container to recreate it without the exec "
                                                      "helper: %1")
                                           .arg(removed.error().message),
                                       id));
            return;
        }
        m_containerId.clear();
        m_removed = true;
        start().then(this, [promise](const Result<void> &again) { settle<void>(promise, again); });
    });
}

void DockerSandboxSession::removeRuntimeDir()
{
    if (!m_runtimeDir.isEmpty()) {
        QDir(m_runtimeDir).removeRecursively();
    }
}

void DockerSandboxSession::adopt(const DockerContainerInfo &info, const QString &sessionId, const QString &helperSocket)
{
    if (!helperSocket.isEmpty()) {
        // A container started again (after a dockerd restart) needs a moment to bring its helper back.
        const QDeadlineTimer deadline(2000);
        while (!helperAnswers(helperSocket) && !deadline.hasExpired()) {
            QThread::msleep(kHelperPollMs);
        }
        if (helperAnswers(helperSocket)) {
            m_helperSocket = helperSocket;
            m_runtimeDir = QFileInfo(helperSocket).absolutePath();
        } else {
            m_execNote = QStringLiteral("the helper socket %1 did not answer").arg(helperSocket);
        }
    }
    m_containerId = info.id;
    if (!info.name.isEmpty()) {
        m_containerName = info.name;
    }
    if (!sessionId.isEmpty()) {
        m_sessionId = sessionId;
    }
    m_ports = info.ports;
    m_removed = false;
    m_running = true;
}

void DockerSandboxSession::close()
{
    static_cast<void>(shutdown());
}

QFuture<Result<void>> DockerSandboxSession::shutdown()
{
    SandboxSession::close();
    closeTunnels();
    const auto ids = m_execs.keys();
    for (const quint64 id : ids) {
        killExec(id, Error{ErrorCode::Cancelled, QStringLiteral("sandbox session closed"), {}});
    }
    m_running = false;
    if (m_removed || m_containerId.isEmpty()) {
        return QtFuture::makeReadyValueFuture(Result<void>());
    }
    if (m_removal && !m_removal->isFinished()) {
        return *m_removal;
    }
    auto promise = makePromise<void>();
    const QString id = m_containerId;
    m_engine->removeContainer(id, true).then(this, [this, promise, id](const Result<void> &r) {
        if (r || r.error().code == ErrorCode::NotFound) {
            if (!m_destroying) {
                m_removed = true;
                removeRuntimeDir();
            }
            settle<void>(promise, {});
            return;
        }
        qCWarning(lcDocker) << "could not remove container" << id << ":" << r.error().toString();
        settle<void>(promise, std::unexpected(r.error()));
    });
    m_removal = promise->future();
    return *m_removal;
}

void DockerSandboxSession::detach()
{
    SandboxSession::close();
    closeTunnels();
    const auto ids = m_execs.keys();
    for (const quint64 id : ids) {
        killExec(id, Error{ErrorCode::Cancelled, QStringLiteral("sandbox session detached"), {}});
    }
    m_running = false;
    m_removed = true;
}

Result<QUrl> DockerSandboxSession::hostUrlForPort(int containerPort) const
{
    if (!m_running) {
        return fail(ErrorCode::Sandbox, QStringLiteral("the Docker sandbox is not running"), m_containerName);
    }
    for (const DockerPort &p : m_ports) {
        if (p.containerPort == containerPort && p.protocol == QLatin1String("tcp") && p.hostPort != 0) {
            QUrl url;
            url.setScheme(QStringLiteral("http"));
            url.setHost(QStringLiteral("127.0.0.1"));
            url.setPort(p.hostPort);
            return url;
        }
    }
    return fail(
        ErrorCode::NotFound, QStringLiteral("container port %1 is not published").arg(containerPort),
        QStringLiteral("exposed ports: %1")
            .arg(QString::fromUtf8(QJsonDocument(portsArray(m_docker.exposedPorts)).toJson(QJsonDocument::Compact))));
}

QJsonObject DockerSandboxSession::state() const
{
    QJsonObject state{
        {QStringLiteral("backend"), QStringLiteral("docker")},
        {QStringLiteral("version"), 1},
        {QStringLiteral("container_id"), m_containerId},
        {QStringLiteral("container_name"), m_containerName},
        {QStringLiteral("session_id"), m_sessionId},
        {QStringLiteral("image"), m_docker.image},
        {QStringLiteral("workspace_dir"), m_hostRoot},
        {QStringLiteral("manifest_root"), m_boxRoot},
        {QStringLiteral("network"), networkEnabled()},
        {QStringLiteral("exposed_ports"), portsArray(m_docker.exposedPorts)},
        {QStringLiteral("memory_bytes"), m_docker.memoryBytes},
        {QStringLiteral("nano_cpus"), m_docker.nanoCpus},
        {QStringLiteral("pids_limit"), m_docker.pidsLimit},
        {QStringLiteral("read_only_paths"), QJsonArray::fromStringList(m_options.readOnlyPaths)},
        {QStringLiteral("writable_paths"), QJsonArray::fromStringList(m_options.writablePaths)},
    };
    if (usesExecHelper()) {
        state.insert(QStringLiteral("exec_helper_socket"), m_helperSocket);
    }
    return state;
}

} // namespace Sandcastle::Core
