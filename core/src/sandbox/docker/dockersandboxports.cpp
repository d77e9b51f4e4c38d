// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// DockerSandboxSession: exposed ports, listening ports and TCP tunnels.
#include "dockerengine_p.h"
#include "sandbox/docker/dockerprocess_p.h"
#include "sandcastle/core/sandbox/docker/dockerexecstream.h"
#include "sandcastle/core/sandbox/docker/dockersandboxsession.h"
#include "sandcastle/core/sandbox/docker/exechelperchannel.h"
#include "sandcastle/core/sandbox/docker/porttunnel.h"
#include "sandcastle/core/sandbox/procnettcp.h"

#include <QPointer>
#include <QTimer>

namespace Sandcastle::Core {

using namespace Internal;

namespace {

constexpr int kListingTimeoutMs = 10000;

QString portList(const QList<quint16> &ports)
{
    QStringList list;
    for (const quint16 p : ports) {
        list << QString::number(p);
    }
    return list.isEmpty() ? QStringLiteral("none") : list.join(QStringLiteral(", "));
}

/// One read of the container's TCP tables: collects stdout, then finishes the promise once.
struct PortListing
{
    std::shared_ptr<QPromise<Result<QList<ListeningPort>>>> promise = makePromise<QList<ListeningPort>>();
    QByteArray output;
    QByteArray errors;
    bool done = false;
    QPointer<QObject> call; ///< the channel or exec stream, deleted when done
    std::unique_ptr<QTimer> timeout;

    void finish(Result<QList<ListeningPort>> result)
    {
        if (done) {
            return;
        }
        done = true;
        timeout.reset();
        if (call) {
            call->deleteLater(); // the lambdas connected to it check `done`
        }
        settle(promise, std::move(result));
    }
    /// `cat` exits 1 when the kernel has no tcp6 table; the tables it printed still count.
    void finishWithOutput()
    {
        if (!output.contains("local_address")) {
            finish(fail(ErrorCode::Sandbox, QStringLiteral("cannot read /proc/net/tcp in the container"),
                        QString::fromUtf8(errors.left(300)).trimmed()));
            return;
        }
        Result<QList<ProcNetTcpEntry>> entries = parseProcNetTcp(output);
        if (!entries) {
            finish(std::unexpected(entries.error()));
            return;
        }
        finish(listeningPortsOf(*entries));
    }
};

} // namespace

Result<ExposedPortEndpoint> DockerSandboxSession::resolveExposedPort(quint16 port) const
{
    if (!m_docker.exposedPorts.contains(port)) {
        return fail(ErrorCode::NotFound, QStringLiteral("port %1 is not exposed").arg(port),
                    QStringLiteral("exposed ports: %1").arg(portList(m_docker.exposedPorts)));
    }
    if (!m_running) {
        return fail(ErrorCode::Sandbox, QStringLiteral("the Docker sandbox is not running"), m_containerName);
    }
    for (const DockerPort &p : m_ports) {
        if (p.containerPort == port && p.protocol == QLatin1String("tcp") && p.hostPort != 0) {
            const bool anyAddress = p.hostIp.isEmpty() || p.hostIp == QLatin1String("0.0.0.0");
            return ExposedPortEndpoint{anyAddress ? QStringLiteral("127.0.0.1") : p.hostIp, p.hostPort, false, {}};
        }
    }
    return fail(ErrorCode::NotFound, QStringLiteral("container port %1 is not published").arg(port), m_containerName);
}

QFuture<Result<QList<ListeningPort>>> DockerSandboxSession::listeningPorts()
{
    if (!m_running || m_containerId.isEmpty()) {
        return QtFuture::makeReadyValueFuture(Result<QList<ListeningPort>>(
            fail(ErrorCode::Sandbox, QStringLiteral("the Docker sandbox is not running"), m_containerName)));
    }
    const QStringList argv{QStringLiteral("cat"), QStringLiteral("/proc/net/tcp"), QStringLiteral("/proc/net/tcp6")};
    auto listing = std::make_shared<PortListing>();
    // Remembers which ports listen on the container's loopback only: a published port cannot
    // reach those (Docker forwards to the container's own address), the tunnel can.
    QFuture<Result<QList<ListeningPort>>> future =
        listing->promise->future().then(this, [this](const Result<QList<ListeningPort>> &ports) {
            if (ports) {
                m_loopbackOnly.clear();
                for (const ListeningPort &p : *ports) {
                    const bool loopback =
                        p.address.startsWith(QLatin1String("127.")) || p.address == QLatin1String("::1");
                    m_loopbackOnly.insert(p.port, m_loopbackOnly.value(p.port, true) && loopback);
                }
            }
            return ports;
        });
    listing->timeout = std::make_unique<QTimer>();
    listing->timeout->setSingleShot(true);
    connect(listing->timeout.get(), &QTimer::timeout, this, [listing] {
        listing->finish(
            fail(ErrorCode::Timeout,
                 QStringLiteral("reading the container's TCP table took longer than %1 ms").arg(kListingTimeoutMs)));
    });
    listing->timeout->start(kListingTimeoutMs);
    auto collect = [listing](DockerStream s, const QByteArray &data) {
        (s == DockerStream::Stderr ? listing->errors : listing->output) += data;
    };

    if (usesExecHelper()) {
        ExecHelperSpec spec;
        spec.argv = argv;
        spec.env = execEnvironment(newExecToken(), false);
        auto *channel = new ExecHelperChannel(m_helperSocket, spec, this);
        listing->call = channel;
        connect(channel, &ExecHelperChannel::outputReceived, this, collect);
        connect(channel, &ExecHelperChannel::exited, this, [listing](int) { listing->finishWithOutput(); });
        connect(channel, &ExecHelperChannel::failed, this,
                [listing](const Error &error) { listing->finish(std::unexpected(error)); });
        return future;
    }
    DockerExecSpec spec;
    spec.cmd = argv;
    spec.env = execEnvironment(newExecToken(), false);
    spec.user = user();
    m_engine->createExec(m_containerId, spec).then(this, [this, listing, collect](const Result<QString> &execId) {
        if (m_destroying || listing->done) {
            return;
        }
        if (!execId) {
            listing->finish(std::unexpected(execId.error()));
            return;
        }
        DockerExecStream *stream = m_engine->startExec(*execId, false);
        listing->call = stream;
        connect(stream, &DockerExecStream::outputReceived, this, collect);
        connect(stream, &DockerExecStream::finished, this, [listing, stream] {
            const Result<void> streamed = stream->result();
            if (!streamed) {
                listing->finish(std::unexpected(streamed.error()));
                return;
            }
            listing->finishWithOutput();
        });
    });
    return future;
}

Result<QUrl> DockerSandboxSession::hostUrlForListeningPort(quint16 port)
{
    if (m_docker.exposedPorts.contains(port) && !m_loopbackOnly.value(port, false)) {
        Result<ExposedPortEndpoint> endpoint = resolveExposedPort(port);
        if (!endpoint) {
            return std::unexpected(endpoint.error());
        }
        return endpoint->urlFor(QStringLiteral("http"));
    }
    return tunnelForPort(port);
}

Result<QUrl> DockerSandboxSession::tunnelForPort(quint16 port)
{
    if (port == 0) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("port 0 cannot be tunnelled"));
    }
    if (!m_running) {
        return fail(ErrorCode::Sandbox, QStringLiteral("the Docker sandbox is not running"), m_containerName);
    }
    if (!usesExecHelper()) {
        return fail(ErrorCode::Unsupported,
                    QStringLiteral("port %1 is not published and cannot be tunnelled: the tunnel needs the exec "
                                   "helper, but this session runs commands through Engine API execs")
                        .arg(port),
                    m_execNote);
    }
    if (PortTunnel *existing = m_tunnels.value(port)) {
        return existing->url();
    }
    auto *tunnel = new PortTunnel(m_helperSocket, port, this);
    if (Result<void> listening = tunnel->listen(); !listening) {
        delete tunnel;
        return std::unexpected(listening.error());
    }
    connect(tunnel, &PortTunnel::connectionFailed, this, [port](const QString &message) {
        qCInfo(lcDocker) << "tunnel to container port" << port << ":" << message;
    });
    m_tunnels.insert(port, tunnel);
    return tunnel->url();
}

void DockerSandboxSession::closeTunnels()
{
    qDeleteAll(std::exchange(m_tunnels, {}));
}

} // namespace Sandcastle::Core
