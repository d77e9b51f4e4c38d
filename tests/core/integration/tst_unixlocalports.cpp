// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// Listening-port detection and exposed ports of the Unix-local sandbox, with and without
// bubblewrap: a real `python3 -m http.server` started through the session, found by
// listeningPorts() and PortMonitor, fetched over HTTP from the host, and reported closed after it
// was killed; a listener of the test process itself is never reported.

#include "futurewait.h"
#include "resultverify.h"
#include "sandcastle/core/sandbox/portmonitor.h"
#include "sandcastle/core/sandbox/unixlocalsandboxclient.h"
#include "sandcastle/core/sandbox/unixlocalsandboxsession.h"

#include <QFile>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>

using namespace Sandcastle::Core;
using Sandcastle::Test::await;

namespace {

/// A port nothing listens on right now.
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0)) {
        return 0;
    }
    return probe.serverPort();
}

bool bwrapInstalled()
{
    return !QStandardPaths::findExecutable(QStringLiteral("bwrap"), UnixLocalSandboxClient::fixedPath().split(u':'))
                .isEmpty();
}

bool hasPort(const QList<ListeningPort> &ports, quint16 port)
{
    return std::any_of(ports.cbegin(), ports.cend(), [port](const ListeningPort &p) { return p.port == port; });
}

} // namespace

class tst_UnixLocalPorts : public QObject
{
    Q_OBJECT

    std::unique_ptr<UnixLocalSandboxClient> m_client;
    std::unique_ptr<QTemporaryDir> m_dir;

    UnixLocalSandboxSession *makeSession(Confinement confinement, const QList<quint16> &exposed)
    {
        m_client = std::make_unique<UnixLocalSandboxClient>(confinement);
        m_client->setExposedPorts(exposed);
        m_dir = std::make_unique<QTemporaryDir>();
        SandboxOptions options;
        options.workspaceDir = m_dir->path() + QStringLiteral("/ws");
        Result<SandboxSession *> created = await(m_client->create(options));
        if (!created) {
            qWarning("create failed: %s", qPrintable(created.error().toString()));
            return nullptr;
        }
        auto *session = qobject_cast<UnixLocalSandboxSession *>(*created);
        if (!session || !await(session->start())) {
            return nullptr;
        }
        return session;
    }

private Q_SLOTS:
    void resolveExposedPort_declaredOrAnyWhenNone()
    {
        UnixLocalSandboxSession *declared = makeSession(Confinement::None, {8000, 8001});
        QVERIFY(declared);
        QCOMPARE(declared->exposedPorts(), (QList<quint16>{8000, 8001}));
        const Result<ExposedPortEndpoint> ok = declared->resolveExposedPort(8001);
        SC_VERIFY_OK(ok);
        QCOMPARE(*ok, (ExposedPortEndpoint{QStringLiteral("127.0.0.1"), 8001, false, {}}));
        QCOMPARE(ok->urlFor(QStringLiteral("http")).toString(), QStringLiteral("http://127.0.0.1:8001/"));
        const Result<ExposedPortEndpoint> undeclared = declared->resolveExposedPort(9000);
        QVERIFY(!undeclared);
        QCOMPARE(undeclared.error().code, ErrorCode::NotFound);
        QCOMPARE(undeclared.error().toString(), QStringLiteral("port 9000 is not exposed (exposed ports: 8000, 8001)"));
        QCOMPARE(declared->state().value(QLatin1String("exposed_ports")).toArray(), (QJsonArray{8000, 8001}));

        UnixLocalSandboxSession *none = makeSession(Confinement::None, {});
        QVERIFY(none);
        const Result<ExposedPortEndpoint> any = none->resolveExposedPort(9000);
        SC_VERIFY_OK(any);
        QCOMPARE(any->port, quint16(9000));
    }

    void create_portZero_refused()
    {
        UnixLocalSandboxClient client(Confinement::None);
        client.setExposedPorts({0});
        QTemporaryDir dir;
        SandboxOptions options;
        options.workspaceDir = dir.path();
        const Result<SandboxSession *> r = await(client.create(options));
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::InvalidInput);
    }

    void bwrap_exposedPortsShareTheNetwork()
    {
        ConfinementReport report{Confinement::Bubblewrap, QStringLiteral("/usr/bin/bwrap"), {}};
        SandboxOptions options;
        options.workspaceDir = QStringLiteral("/w");
        const UnixLocalSandboxSession isolated(options, report, {});
        QVERIFY(isolated.commandLine({QStringLiteral("true")}, {}, false).contains(QStringLiteral("--unshare-net")));
        QVERIFY(!isolated.sharesHostNetwork());
        const UnixLocalSandboxSession exposing(options, report, {8000});
        QVERIFY(!exposing.commandLine({QStringLiteral("true")}, {}, false).contains(QStringLiteral("--unshare-net")));
        QVERIFY(exposing.sharesHostNetwork());
    }

    void server_detectedServedAndClosed_data()
    {
        QTest::addColumn<Confinement>("confinement");
        QTest::addColumn<bool>("exposed");
        QTest::addColumn<bool>("orphan");
        QTest::addColumn<bool>("reachable");
        QTest::newRow("none, process") << Confinement::None << false << false << true;
        QTest::newRow("none, orphan of an exec") << Confinement::None << false << true << true;
        QTest::newRow("none, exposed") << Confinement::None << true << false << true;
        QTest::newRow("bwrap, exposed") << Confinement::Bubblewrap << true << false << true;
        QTest::newRow("bwrap, own network") << Confinement::Bubblewrap << false << false << false;
    }

    void server_detectedServedAndClosed()
    {
        QFETCH(Confinement, confinement);
        QFETCH(bool, exposed);
        QFETCH(bool, orphan);
        QFETCH(bool, reachable);
        if (confinement == Confinement::Bubblewrap && !bwrapInstalled()) {
            QSKIP("bubblewrap is not installed");
        }
        QTcpServer unrelated; // the test's own listener: never the sandbox's
        QVERIFY(unrelated.listen(QHostAddress::LocalHost, 0));
        const quint16 port = freePort();
        QVERIFY(port != 0);
        UnixLocalSandboxSession *session = makeSession(confinement, exposed ? QList<quint16>{port} : QList<quint16>{});
        QVERIFY(session);
        QVERIFY(session->writeFile(QStringLiteral("index.html"), "<title>ports</title>served from the sandbox\n"));

        PortMonitor monitor(session);
        monitor.setIntervalMs(100);
        QSignalSpy opened(&monitor, &PortMonitor::portOpened);
        QSignalSpy closed(&monitor, &PortMonitor::portClosed);
        QSignalSpy polled(&monitor, &PortMonitor::polled);
        monitor.start();
        QTRY_VERIFY_WITH_TIMEOUT(polled.count() >= 1, 5000);
        QCOMPARE(opened.count(), 0);

        const QString server = QStringLiteral("python3 -m http.server %1 --bind 127.0.0.1").arg(port);
        int processId = 0;
        if (orphan) {
            // The exec's shell exits at once; the server lives on in its session.
            ExecRequest request;
            request.argv = {QStringLiteral("sh"), QStringLiteral("-c"),
                            server + QStringLiteral(" >/dev/null 2>&1 & echo $! > server.pid")};
            const Result<ExecResult> started = await(session->exec(request).future);
            SC_VERIFY_OK(started);
            QCOMPARE(started->exitCode, 0);
        } else {
            ProcessRequest request;
            request.argv = {QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("exec ") + server};
            const Result<ProcessChunk> started = await(session->startProcess(request, 0));
            SC_VERIFY_OK(started);
            QVERIFY(started->processId.has_value());
            processId = *started->processId;
        }

        QTRY_VERIFY_WITH_TIMEOUT(!opened.isEmpty(), 15000);
        QCOMPARE(opened.count(), 1);
        QCOMPARE(opened.at(0).at(0).value<quint16>(), port);
        const QUrl url = opened.at(0).at(1).toUrl();
        const QString reason = opened.at(0).at(2).toString();

        const Result<QList<ListeningPort>> ports = await(session->listeningPorts());
        SC_VERIFY_OK(ports);
        QVERIFY(hasPort(*ports, port));
        QVERIFY(!hasPort(*ports, unrelated.serverPort()));
        QCOMPARE(monitor.openPorts(), QList<quint16>{port});

        if (reachable) {
            QVERIFY2(reason.isEmpty(), qPrintable(reason));
            QCOMPARE(url.toString(), QStringLiteral("http://127.0.0.1:%1/").arg(port));
            QNetworkAccessManager network;
            std::unique_ptr<QNetworkReply> reply(network.get(QNetworkRequest(url)));
            QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
            QVERIFY(reply->readAll().contains("served from the sandbox"));
        } else {
            QVERIFY(url.isEmpty());
            QVERIFY2(reason.contains(QLatin1String("--unshare-net")), qPrintable(reason));
        }

        if (orphan) {
            bool ok = false;
            const qint64 pid =
                session->readFile(QStringLiteral("server.pid")).value_or(QByteArray()).trimmed().toLongLong(&ok);
            QVERIFY(ok && pid > 0);
            QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
        } else {
            session->terminateProcess(processId);
        }
        QTRY_COMPARE_WITH_TIMEOUT(closed.count(), 1, 15000);
        QCOMPARE(closed.at(0).at(0).value<quint16>(), port);
        QVERIFY(monitor.openPorts().isEmpty());
        monitor.stop();
    }

    void noCommands_noPorts()
    {
        UnixLocalSandboxSession *session = makeSession(Confinement::None, {});
        QVERIFY(session);
        QTcpServer unrelated;
        QVERIFY(unrelated.listen(QHostAddress::LocalHost, 0));
        const Result<QList<ListeningPort>> ports = await(session->listeningPorts());
        SC_VERIFY_OK(ports);
        QVERIFY(ports->isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_UnixLocalPorts)
#include "tst_unixlocalports.moc"
