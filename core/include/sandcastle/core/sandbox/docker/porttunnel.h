// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QObject>
#include <QTcpServer>
#include <QUrl>

namespace Sandcastle::Core {

/// A TCP tunnel from the host to a port inside a Docker sandbox that is not published (the
/// container may have no network at all). Listens on 127.0.0.1 with a port the kernel picks (never
/// on another address); every accepted client gets its own connection to the container's exec
/// helper, which connects to 127.0.0.1:<containerPort> (then [::1]) inside the container and
/// relays bytes both ways until either side closes (frame `T` of the exec helper protocol,
/// docs/FORMATS.md). Client bytes that arrive before the helper connected are buffered; both
/// directions apply back-pressure (at most 256 KiB read ahead).
///
/// A helper that cannot connect (nothing listening, the container gone) closes the client and
/// emits connectionFailed() with the reason, e.g. "cannot connect to port 9 in the sandbox:
/// 127.0.0.1:9: Connection refused; [::1]:9: Connection refused".
///
/// Owned by its parent (DockerSandboxSession keeps one per port); lives on its creator's thread.
/// Deleting the tunnel closes every connection.
class PortTunnel : public QObject
{
    Q_OBJECT
public:
    PortTunnel(QString helperSocket, quint16 containerPort, QObject *parent = nullptr);
    ~PortTunnel() override;

    /// Starts listening on 127.0.0.1:0. ErrorCode::Io when the server cannot listen.
    [[nodiscard]] Result<void> listen();
    [[nodiscard]] bool isListening() const { return m_server.isListening(); }
    [[nodiscard]] quint16 containerPort() const { return m_containerPort; }
    /// The host port (0 before listen()).
    [[nodiscard]] quint16 localPort() const { return m_server.serverPort(); }
    /// http://127.0.0.1:<localPort>/
    [[nodiscard]] QUrl url() const;
    /// Client connections currently open.
    [[nodiscard]] int connectionCount() const;

Q_SIGNALS:
    /// The helper could not connect to the port for one client (that client was closed).
    void connectionFailed(const QString &message);

private:
    void onNewConnection();

    QTcpServer m_server;
    QString m_helperSocket;
    quint16 m_containerPort;
};

} // namespace Sandcastle::Core
