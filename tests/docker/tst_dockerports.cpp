// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// Ports of the Docker sandbox against the real dockerd and SANDCASTLE_SANDBOX_IMAGE: a declared
// port published on 127.0.0.1, an undeclared one in a container without network detected and
// reached through the exec helper's tunnel (a 1 MB body intact), the tunnel's error for a closed
// port, and what a session on Engine API execs says instead. Every container is removed at the end.

#include "dockertesthost.h"
#include "futurewait.h"
#include "resultverify.h"
#include "sandcastle/core/sandbox/docker/dockerengine.h"
#include "sandcastle/core/sandbox/docker/dockersandboxclient.h"
#include "sandcastle/core/sandbox/docker/dockersandboxsession.h"
#include "sandcastle/core/sandbox/docker/porttunnel.h"
#include "sandcastle/core/sandbox/portmonitor.h"

#include <QCryptographicHash>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;
using Sandcastle::Test::await;

namespace {

struct Fetched
{
    int status = 0;
    QByteArray body;
    QString error;
};

Fetched fetch(const QUrl &url)
{
    QNetworkAccessManager network;
    std::unique_ptr<QNetworkReply> reply(network.get(QNetworkRequest(url)));
    if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 20000)) {
        return {0, {}, QStringLiteral("timed out")};
    }
    return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(),
            reply->error() == QNetworkReply::NoError ? QString() : reply->errorString()};
}

} // namespace

class tst_DockerPorts : public QObject
{
    Q_OBJECT

    std::unique_ptr<DockerEngine> m_engine;
    std::unique_ptr<QTemporaryDir> m_dir;
    QStringList m_containers;
    QString m_image;

    Result<std::unique_ptr<DockerSandboxSession>> startSession(const QString &name, DockerSandboxOptions docker)
    {
        docker.image = m_image;
        DockerSandboxClient client(docker);
        SandboxOptions options;
        options.workspaceDir = m_dir->path() + QLatin1Char('/') + name;
        const Result<SandboxSession *> created = await(client.create(options));
        if (!created) {
            return std::unexpected(created.error());
        }
        std::unique_ptr<DockerSandboxSession> session(qobject_cast<DockerSandboxSession *>(*created));
        session->setParent(nullptr);
        const Result<void> started = await(session->start(), 60000);
        if (!started) {
            return std::unexpected(started.error());
        }
        m_containers.append(session->containerId());
        return session;
    }

    static Result<ProcessChunk> startServer(DockerSandboxSession &session, int port, const QString &bind)
    {
        ProcessRequest server;
        server.argv = {QStringLiteral("python3"), QStringLiteral("-m"),     QStringLiteral("http.server"),
                       QString::number(port),     QStringLiteral("--bind"), bind};
        return await(session.startProcess(server, 0));
    }

private Q_SLOTS:
    void initTestCase()
    {
        DOCKER_TEST_HOST_OR_SKIP(m_engine, m_image);
        QVERIFY2(!DockerSandboxClient::findExecHelper().isEmpty(), "sandcastle-exec-helper is built next to the tests");
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void cleanupTestCase()
    {
        if (!m_engine) {
            return;
        }
        for (const QString &id : std::as_const(m_containers)) {
            static_cast<void>(await(m_engine->removeContainer(id, true)));
        }
    }

    void declaredPort_resolvesToLoopbackAndServes_data()
    {
        QTest::addColumn<DockerExecPath>("execPath");
        QTest::newRow("exec helper") << DockerExecPath::Helper;
        QTest::newRow("engine api") << DockerExecPath::EngineApi;
    }

    void declaredPort_resolvesToLoopbackAndServes()
    {
        QFETCH(DockerExecPath, execPath);
        DockerSandboxOptions docker;
        docker.networkEnabled = true;
        docker.exposedPorts = {8000};
        docker.execPath = execPath;
        auto session = startSession(QStringLiteral("declared-%1").arg(int(execPath)), docker);
        SC_VERIFY_OK(session);
        DockerSandboxSession &s = **session;
        QCOMPARE(s.exposedPorts(), QList<quint16>{8000});
        const Result<ExposedPortEndpoint> endpoint = s.resolveExposedPort(8000);
        SC_VERIFY_OK(endpoint);
        QCOMPARE(endpoint->host, QStringLiteral("127.0.0.1"));
        QVERIFY(endpoint->port != 0);
        const Result<ExposedPortEndpoint> undeclared = s.resolveExposedPort(9000);
        QVERIFY(!undeclared);
        QCOMPARE(undeclared.error().code, ErrorCode::NotFound);
        QCOMPARE(undeclared.error().toString(), QStringLiteral("port 9000 is not exposed (exposed ports: 8000)"));

        PortMonitor monitor(&s);
        monitor.setIntervalMs(100);
        QSignalSpy opened(&monitor, &PortMonitor::portOpened);
        monitor.start();
        SC_VERIFY_OK(s.writeFile(QStringLiteral("index.html"), "declared port served\n"));
        SC_VERIFY_OK(startServer(s, 8000, QStringLiteral("0.0.0.0")));
        QTRY_VERIFY_WITH_TIMEOUT(!opened.isEmpty(), 20000);
        QCOMPARE(opened.at(0).at(0).value<quint16>(), quint16(8000));
        const QUrl url = opened.at(0).at(1).toUrl();
        QCOMPARE(url, endpoint->urlFor(QStringLiteral("http")));
        const Fetched page = fetch(url.resolved(QUrl(QStringLiteral("index.html"))));
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.status, 200);
        QCOMPARE(page.body, QByteArray("declared port served\n"));
    }

    void undeclaredPort_noNetwork_detectedAndTunnelled()
    {
        DockerSandboxOptions docker;
        docker.execPath = DockerExecPath::Helper;
        auto session = startSession(QStringLiteral("tunnel"), docker);
        SC_VERIFY_OK(session);
        DockerSandboxSession &s = **session;
        QVERIFY(!s.networkEnabled());
        QVERIFY(s.usesExecHelper());

        QByteArray big(1024 * 1024, Qt::Uninitialized);
        QRandomGenerator generator(9);
        generator.fillRange(reinterpret_cast<quint32 *>(big.data()), big.size() / 4);
        SC_VERIFY_OK(s.writeFile(QStringLiteral("big.bin"), big));
        SC_VERIFY_OK(s.writeFile(QStringLiteral("index.html"), "tunnelled page\n"));

        PortMonitor monitor(&s);
        monitor.setIntervalMs(100);
        QSignalSpy opened(&monitor, &PortMonitor::portOpened);
        QSignalSpy closed(&monitor, &PortMonitor::portClosed);
        QSignalSpy commands(&s, &SandboxSession::commandStarted);
        monitor.start();
        const Result<ProcessChunk> server = startServer(s, 8123, QStringLiteral("127.0.0.1"));
        SC_VERIFY_OK(server);
        QVERIFY(server->processId.has_value());
        QTRY_VERIFY_WITH_TIMEOUT(!opened.isEmpty(), 20000);
        QCOMPARE(opened.at(0).at(0).value<quint16>(), quint16(8123));
        QVERIFY2(opened.at(0).at(2).toString().isEmpty(), qPrintable(opened.at(0).at(2).toString()));
        const QUrl url = opened.at(0).at(1).toUrl();
        QCOMPARE(url.host(), QStringLiteral("127.0.0.1"));
        QCOMPARE(s.tunnelForPort(8123).value_or(QUrl()), url); // one tunnel per port
        QCOMPARE(commands.count(), 1);                         // the polls are not commands

        const Fetched page = fetch(url.resolved(QUrl(QStringLiteral("index.html"))));
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.status, 200);
        QCOMPARE(page.body, QByteArray("tunnelled page\n"));
        const Fetched body = fetch(url.resolved(QUrl(QStringLiteral("big.bin"))));
        QVERIFY2(body.error.isEmpty(), qPrintable(body.error));
        QCOMPARE(body.body.size(), big.size());
        QCOMPARE(QCryptographicHash::hash(body.body, QCryptographicHash::Sha256),
                 QCryptographicHash::hash(big, QCryptographicHash::Sha256));

        s.terminateProcess(*server->processId);
        QTRY_COMPARE_WITH_TIMEOUT(closed.count(), 1, 20000);
        QCOMPARE(closed.at(0).at(0).value<quint16>(), quint16(8123));

        // The helper's tunnel to a port nothing listens on says so precisely.
        const QString helperSocket = s.state().value(QLatin1String("exec_helper_socket")).toString();
        QVERIFY(!helperSocket.isEmpty());
        PortTunnel refused(helperSocket, 8123);
        SC_VERIFY_OK(refused.listen());
        QSignalSpy failed(&refused, &PortTunnel::connectionFailed);
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, refused.localPort());
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
        const QString message = failed.at(0).at(0).toString();
        QVERIFY2(message.startsWith(QStringLiteral("cannot connect to port 8123 in the sandbox: 127.0.0.1:8123: "
                                                   "Connection refused; [::1]:8123: ")),
                 qPrintable(message));
    }

    void engineApiSession_listsPortsButCannotTunnel()
    {
        DockerSandboxOptions docker;
        docker.execPath = DockerExecPath::EngineApi;
        auto session = startSession(QStringLiteral("engine"), docker);
        SC_VERIFY_OK(session);
        DockerSandboxSession &s = **session;
        QVERIFY(!s.usesExecHelper());
        SC_VERIFY_OK(startServer(s, 8124, QStringLiteral("127.0.0.1")));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const Result<QList<ListeningPort>> ports = await(s.listeningPorts());
                return ports && !ports->isEmpty() && ports->first().port == 8124;
            }(),
            20000);
        const Result<QUrl> tunnel = s.hostUrlForListeningPort(8124);
        QVERIFY(!tunnel);
        QCOMPARE(tunnel.error().code, ErrorCode::Unsupported);
        QVERIFY2(tunnel.error().message.contains(QLatin1String("Engine API execs")),
                 qPrintable(tunnel.error().toString()));
    }

    void notRunning_errors()
    {
        DockerSandboxOptions docker;
        docker.execPath = DockerExecPath::Helper;
        auto session = startSession(QStringLiteral("closed"), docker);
        SC_VERIFY_OK(session);
        SC_VERIFY_OK(await((*session)->shutdown()));
        const Result<QList<ListeningPort>> ports = await((*session)->listeningPorts());
        QVERIFY(!ports);
        QCOMPARE(ports.error().code, ErrorCode::Sandbox);
        QCOMPARE((*session)->tunnelForPort(80).error().code, ErrorCode::Sandbox);
    }
};

QTEST_GUILESS_MAIN(tst_DockerPorts)
#include "tst_dockerports.moc"
