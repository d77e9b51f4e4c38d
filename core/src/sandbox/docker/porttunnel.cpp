// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/sandbox/docker/porttunnel.h"

#include <QHostAddress>
#include <QLocalSocket>
#include <QLoggingCategory>
#include <QPointer>
#include <QTcpSocket>
#include <QtEndian>

Q_DECLARE_LOGGING_CATEGORY(lcDocker)

namespace Sandcastle::Core {

namespace {

constexpr QByteArrayView kVersion{"sandcastle-exec-helper 1"};
constexpr qint64 kReadAhead = 256 * 1024;
constexpr quint32 kMaxHandshakeFrame = 64 * 1024;

QByteArray frame(char type, const QByteArray &payload)
{
    QByteArray out;
    out.append(type);
    char size[4];
    qToBigEndian(quint32(payload.size()), size);
    out.append(size, 4);
    out.append(payload);
    return out;
}

/// One client of the tunnel and its connection to the exec helper. Deletes itself when both
/// sides are closed.
class TunnelConnection : public QObject
{
public:
    TunnelConnection(QTcpSocket *client, const QString &helperSocket, quint16 port, PortTunnel *tunnel)
        : QObject(tunnel)
        , m_client(client)
        , m_tunnel(tunnel)
        , m_port(port)
    {
        client->setParent(this);
        client->setReadBufferSize(kReadAhead);
        m_helper.setReadBufferSize(kReadAhead);
        connect(client, &QTcpSocket::readyRead, this, &TunnelConnection::pump);
        connect(client, &QTcpSocket::bytesWritten, this, &TunnelConnection::pump);
        connect(client, &QTcpSocket::disconnected, this, &TunnelConnection::onClientGone);
        connect(&m_helper, &QLocalSocket::readyRead, this, &TunnelConnection::onHelperData);
        connect(&m_helper, &QLocalSocket::bytesWritten, this, &TunnelConnection::pump);
        connect(&m_helper, &QLocalSocket::disconnected, this, &TunnelConnection::onHelperGone);
        connect(&m_helper, &QLocalSocket::errorOccurred, this, [this](QLocalSocket::LocalSocketError error) {
            if (error != QLocalSocket::PeerClosedError && !m_relaying) {
                failWith(QStringLiteral("cannot reach the exec helper: %1").arg(m_helper.errorString()));
            }
        });
        connect(&m_helper, &QLocalSocket::connected, this, [this] {
            char port16[2];
            qToBigEndian(m_port, port16);
            m_helper.write(frame('T', QByteArray(port16, 2)));
        });
        m_helper.connectToServer(helperSocket);
    }

private:
    void onHelperData()
    {
        if (m_relaying) {
            pump();
            return;
        }
        m_handshake += m_helper.readAll();
        while (!m_relaying && m_handshake.size() >= 5) {
            const char type = m_handshake.at(0);
            const quint32 size = qFromBigEndian<quint32>(m_handshake.constData() + 1);
            if (size > kMaxHandshakeFrame) {
                failWith(QStringLiteral("the exec helper sent a malformed frame"));
                return;
            }
            if (quint32(m_handshake.size() - 5) < size) {
                return;
            }
            const QByteArray payload = m_handshake.mid(5, size);
            m_handshake.remove(0, 5 + size);
            if (!m_versionSeen) {
                if (type != 'V' || payload != kVersion) {
                    failWith(QStringLiteral("the exec helper speaks another protocol: %1")
                                 .arg(QString::fromUtf8(payload.left(80))));
                    return;
                }
                m_versionSeen = true;
            } else if (type == 'A') {
                m_relaying = true;
                m_early = std::exchange(m_handshake, {}); // bytes of the service that came with 'A'
            } else if (type == 'F') {
                failWith(QString::fromUtf8(payload));
                return;
            } else {
                failWith(QStringLiteral("the exec helper answered a tunnel with frame '%1'").arg(QLatin1Char(type)));
                return;
            }
        }
        if (m_relaying) {
            pump();
        }
    }

    /// Moves what each side has to the other, as far as the other's write buffer allows.
    void pump()
    {
        if (!m_relaying || !m_client) {
            return;
        }
        if (!m_early.isEmpty()) {
            m_client->write(std::exchange(m_early, {}));
        }
        if (m_helper.state() == QLocalSocket::ConnectedState) {
            while (m_client->isOpen() && m_client->bytesAvailable() > 0 && m_helper.bytesToWrite() < kReadAhead) {
                m_helper.write(m_client->read(kReadAhead));
            }
        }
        if (m_client->state() == QAbstractSocket::ConnectedState) {
            while (m_helper.isOpen() && m_helper.bytesAvailable() > 0 && m_client->bytesToWrite() < kReadAhead) {
                m_client->write(m_helper.read(kReadAhead));
            }
        }
        if (m_helperGone && (!m_helper.isOpen() || m_helper.bytesAvailable() == 0) &&
            m_client->state() == QAbstractSocket::ConnectedState) {
            m_client->disconnectFromHost(); // after what it still has to write
        }
    }

    void onHelperGone()
    {
        if (!m_relaying) {
            if (m_versionSeen || !m_handshake.isEmpty()) {
                onHelperData(); // an 'F' may have arrived with the close
            }
            if (!m_relaying) {
                failWith(
                    QStringLiteral("the exec helper closed the tunnel to port %1 before it connected").arg(m_port));
                return;
            }
        }
        m_helperGone = true;
        pump();
    }

    void onClientGone()
    {
        if (!m_relaying) {
            m_failed = true; // the client left before the helper answered: nothing to report
            m_helper.abort();
            deleteLater();
            return;
        }
        pump(); // what the client sent last still goes to the service
        if (m_helper.state() == QLocalSocket::UnconnectedState) {
            deleteLater();
            return;
        }
        connect(&m_helper, &QLocalSocket::disconnected, this, &QObject::deleteLater);
        m_helper.disconnectFromServer();
    }

    void failWith(const QString &message)
    {
        if (m_failed) {
            return;
        }
        m_failed = true;
        m_relaying = false;
        m_helper.abort();
        if (m_tunnel) {
            Q_EMIT m_tunnel->connectionFailed(message);
        }
        if (m_client) {
            m_client->abort();
        }
        deleteLater();
    }

    QPointer<QTcpSocket> m_client;
    QLocalSocket m_helper;
    QPointer<PortTunnel> m_tunnel;
    quint16 m_port;
    QByteArray m_handshake;
    QByteArray m_early;
    bool m_versionSeen = false;
    bool m_relaying = false;
    bool m_helperGone = false;
    bool m_failed = false;
};

} // namespace

PortTunnel::PortTunnel(QString helperSocket, quint16 containerPort, QObject *parent)
    : QObject(parent)
    , m_helperSocket(std::move(helperSocket))
    , m_containerPort(containerPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &PortTunnel::onNewConnection);
}

PortTunnel::~PortTunnel()
{
    m_server.close(); // the connections are children: deleted with the tunnel
}

Result<void> PortTunnel::listen()
{
    if (m_server.isListening()) {
        return {};
    }
    if (!m_server.listen(QHostAddress::LocalHost, 0)) {
        return fail(ErrorCode::Io, QStringLiteral("cannot listen on 127.0.0.1 for the tunnel to port %1: %2")
                                       .arg(m_containerPort)
                                       .arg(m_server.errorString()));
    }
    return {};
}

QUrl PortTunnel::url() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(localPort());
    url.setPath(QStringLiteral("/"));
    return url;
}

int PortTunnel::connectionCount() const
{
    int n = 0;
    for (QObject *c : children()) {
        n += dynamic_cast<TunnelConnection *>(c) ? 1 : 0;
    }
    return n;
}

void PortTunnel::onNewConnection()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        new TunnelConnection(client, m_helperSocket, m_containerPort, this);
    }
}

} // namespace Sandcastle::Core
