// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// PortMonitor after a command starts: it polls every kBurstIntervalMs for kBurstMs, so a server's
// port is offered long before the next idle poll (here an hour away), and a command that looks
// like a server is announced with serverLikely(). A real Unix-local session (unconfined) runs a
// real `python3 -m http.server`.

#include "futurewait.h"
#include "resultverify.h"
#include "sandcastle/core/sandbox/portmonitor.h"
#include "sandcastle/core/sandbox/unixlocalsandboxclient.h"
#include "sandcastle/core/sandbox/unixlocalsandboxsession.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;
using Sandcastle::Test::await;

class tst_PortMonitorBurst : public QObject
{
    Q_OBJECT

    std::unique_ptr<UnixLocalSandboxClient> m_client;
    QTemporaryDir m_dir;

    SandboxSession *makeSession()
    {
        m_client = std::make_unique<UnixLocalSandboxClient>(Confinement::None);
        SandboxOptions options;
        options.workspaceDir = m_dir.path() + QStringLiteral("/ws");
        Result<SandboxSession *> created = await(m_client->create(options));
        if (!created || !await((*created)->start())) {
            return nullptr;
        }
        return *created;
    }

private Q_SLOTS:
    void commandStarts_fastPollingFindsThePort_serverAnnounced()
    {
        SandboxSession *session = makeSession();
        QVERIFY(session);
        PortMonitor monitor(session);
        monitor.setIntervalMs(3600 * 1000); // idle polls never come within this test
        QSignalSpy opened(&monitor, &PortMonitor::portOpened);
        QSignalSpy likely(&monitor, &PortMonitor::serverLikely);
        QSignalSpy polled(&monitor, &PortMonitor::polled);
        monitor.start();
        QTRY_COMPARE(polled.count(), 1); // the first poll, at once

        // A command that is not a server: fast polls for a while, no announcement.
        const Result<ExecResult> listed = await(session->exec(ExecRequest{{QStringLiteral("true")}, {}, 0, {}}).future);
        SC_VERIFY_OK(listed);
        QTRY_VERIFY_WITH_TIMEOUT(polled.count() >= 3, 5000);
        QCOMPARE(likely.count(), 0);
        QCOMPARE(opened.count(), 0);

        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        ProcessRequest request;
        request.argv = {QStringLiteral("sh"), QStringLiteral("-c"),
                        QStringLiteral("exec python3 -m http.server %1 --bind 127.0.0.1").arg(port)};
        const Result<ProcessChunk> started = await(session->startProcess(request, 0));
        SC_VERIFY_OK(started);
        QVERIFY(started->processId.has_value());
        QCOMPARE(likely.count(), 1);
        QVERIFY(likely.at(0).at(0).toString().contains(QLatin1String("http.server")));
        // Found by the burst (the idle interval is an hour).
        QTRY_VERIFY_WITH_TIMEOUT(!opened.isEmpty(), 8000);
        QCOMPARE(opened.at(0).at(0).value<quint16>(), port);
        session->terminateProcess(*started->processId);
        monitor.stop();
    }
};

QTEST_GUILESS_MAIN(tst_PortMonitorBurst)
#include "tst_portmonitorburst.moc"
