// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// PortTunnel and the exec helper's tunnel frame, with the helper run on the host (the same binary
// the Docker sandbox mounts into its containers) and a real TCP service on loopback.

#include "sandcastle/core/sandbox/docker/dockersandboxclient.h"
#include "sandcastle/core/sandbox/docker/porttunnel.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;

namespace {

/// Echoes every byte back; `greeting` is sent to each new client first.
class EchoServer : public QObject
{
public:
    explicit EchoServer(QByteArray greeting = {})
        : m_greeting(std::move(greeting))
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                s->setParent(this);
                if (!m_greeting.isEmpty()) {
                    s->write(m_greeting);
                }
                connect(s, &QTcpSocket::readyRead, s, [s] { s->write(s->readAll()); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }

private:
    QTcpServer m_server;
    QByteArray m_greeting;
};

/// A port nothing listens on: bound by a server that is closed again.
quint16 closedPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0)) {
        return 0;
    }
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

} // namespace

class tst_PortTunnel : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_helper;
    QString m_socket;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString helper = DockerSandboxClient::findExecHelper();
        QVERIFY2(!helper.isEmpty(), "sandcastle-exec-helper is built next to the tests");
        m_socket = m_dir.filePath(QStringLiteral("exec.sock"));
        m_helper.setProcessChannelMode(QProcess::ForwardedChannels);
        m_helper.start(helper, {QStringLiteral("serve"), m_socket});
        QVERIFY(m_helper.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(m_socket), 5000);
    }

    void cleanupTestCase()
    {
        m_helper.kill();
        m_helper.waitForFinished();
    }

    void listen_onlyLoopbackWithKernelPort()
    {
        PortTunnel tunnel(m_socket, 8000);
        QCOMPARE(tunnel.localPort(), quint16(0));
        QVERIFY(tunnel.listen().has_value());
        QVERIFY(tunnel.localPort() != 0);
        QCOMPARE(tunnel.url().host(), QStringLiteral("127.0.0.1"));
        QCOMPARE(tunnel.url().port(), int(tunnel.localPort()));
        QCOMPARE(tunnel.url().path(), QStringLiteral("/"));
        QCOMPARE(tunnel.containerPort(), quint16(8000));
    }

    void relay_megabyteBothWaysIntact()
    {
        EchoServer echo("hello\n");
        QVERIFY(echo.listen());
        PortTunnel tunnel(m_socket, echo.port());
        QVERIFY(tunnel.listen().has_value());

        QByteArray payload(1024 * 1024, Qt::Uninitialized);
        QRandomGenerator generator(42);
        generator.fillRange(reinterpret_cast<quint32 *>(payload.data()), payload.size() / 4);
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, tunnel.localPort());
        QVERIFY(client.waitForConnected(5000));
        client.write(payload); // sent before the helper answered: buffered by the tunnel
        QByteArray received;
        QTRY_VERIFY_WITH_TIMEOUT((received += client.readAll()).size() >= payload.size() + 6, 20000);
        QCOMPARE(received.left(6), QByteArray("hello\n"));
        QVERIFY(received.mid(6) == payload);
        QCOMPARE(tunnel.connectionCount(), 1);
        client.disconnectFromHost();
        QTRY_COMPARE_WITH_TIMEOUT(tunnel.connectionCount(), 0, 5000);
    }

    void serviceCloses_clientSeesEndAfterAllData()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        const QByteArray body = QByteArray("HTTP/1.0 200 OK\r\n\r\n") + QByteArray(300000, 'x');
        connect(&server, &QTcpServer::newConnection, this, [&server, body] {
            QTcpSocket *s = server.nextPendingConnection();
            s->write(body);
            s->disconnectFromHost();
        });
        PortTunnel tunnel(m_socket, server.serverPort());
        QVERIFY(tunnel.listen().has_value());
        QTcpSocket client;
        QSignalSpy closed(&client, &QTcpSocket::disconnected);
        client.connectToHost(QHostAddress::LocalHost, tunnel.localPort());
        QByteArray received;
        connect(&client, &QTcpSocket::readyRead, this, [&] { received += client.readAll(); });
        QTRY_VERIFY_WITH_TIMEOUT(closed.count() == 1, 10000);
        received += client.readAll();
        QCOMPARE(received.size(), body.size());
        QVERIFY(received == body);
    }

    void closedPort_connectionRefusedNamed()
    {
        const quint16 port = closedPort();
        QVERIFY(port != 0);
        PortTunnel tunnel(m_socket, port);
        QVERIFY(tunnel.listen().has_value());
        QSignalSpy failed(&tunnel, &PortTunnel::connectionFailed);
        QTcpSocket client;
        QSignalSpy closed(&client, &QTcpSocket::disconnected);
        client.connectToHost(QHostAddress::LocalHost, tunnel.localPort());
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 5000);
        const QString message = failed.at(0).at(0).toString();
        const QString p = QString::number(port);
        QVERIFY2(message.startsWith(QStringLiteral("cannot connect to port %1 in the sandbox: 127.0.0.1:%1: Connection "
                                                   "refused; [::1]:%1: ")
                                        .arg(p)),
                 qPrintable(message));
        QTRY_COMPARE_WITH_TIMEOUT(closed.count(), 1, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(tunnel.connectionCount(), 0, 5000);
    }

    void noHelper_failureNamesTheHelper()
    {
        PortTunnel tunnel(m_dir.filePath(QStringLiteral("missing.sock")), 80);
        QVERIFY(tunnel.listen().has_value());
        QSignalSpy failed(&tunnel, &PortTunnel::connectionFailed);
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, tunnel.localPort());
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 5000);
        QVERIFY2(failed.at(0).at(0).toString().startsWith(QStringLiteral("cannot reach the exec helper")),
                 qPrintable(failed.at(0).at(0).toString()));
    }
};

QTEST_GUILESS_MAIN(tst_PortTunnel)
#include "tst_porttunnel.moc"
