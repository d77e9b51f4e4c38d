// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// DockerEngine against the real dockerd and the locally built sandbox image
// (SANDCASTLE_SANDBOX_IMAGE). Every container carries a per-test session label and is removed in
// cleanup(), also when the test fails.
#include "futurewait.h"
#include "resultverify.h"
#include "sandcastle/core/sandbox/docker/dockerengine.h"
#include "sandcastle/core/sandbox/docker/dockerexecstream.h"

#include <QSignalSpy>
#include <QTest>
#include <QUuid>

#include <unistd.h>

using namespace Sandcastle::Core;
using Sandcastle::Test::await;

namespace {
/// Image pulls and container starts can be slow on a loaded machine.
constexpr int kEngineTimeoutMs = 60000;
} // namespace

class tst_DockerEngine : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<DockerEngine> m_engine;
    QString m_image;
    QString m_session;

    QString sessionFilter() const { return QString(DockerEngine::sessionLabel) + QLatin1Char('=') + m_session; }

    DockerContainerSpec sleeperSpec() const
    {
        DockerContainerSpec spec;
        spec.image = m_image;
        spec.cmd = {QStringLiteral("sleep"), QStringLiteral("infinity")};
        spec.sessionId = m_session;
        spec.user = QStringLiteral("%1:%2").arg(getuid()).arg(getgid());
        spec.pidsLimit = 64;
        spec.memoryBytes = 256 * 1024 * 1024;
        spec.nanoCpus = 1'000'000'000;
        return spec;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto socket = DockerEngine::socketPathFromEnvironment();
        SC_VERIFY_OK(socket);
        m_engine = std::make_unique<DockerEngine>(*socket);
        const auto version = await(m_engine->negotiate(), kEngineTimeoutMs);
        if (!version && version.error().code == ErrorCode::Sandbox) {
            QSKIP(qPrintable(QStringLiteral("dockerd is not reachable: ") + version.error().toString()));
        }
        SC_VERIFY_OK(version);
        m_image = qEnvironmentVariable("SANDCASTLE_SANDBOX_IMAGE");
        if (m_image.isEmpty()) {
            const QString fallback = QStringLiteral("sandcastle-sandbox:latest");
            if (!await(m_engine->inspectImage(fallback), kEngineTimeoutMs).has_value()) {
                QSKIP("SANDCASTLE_SANDBOX_IMAGE is unset and sandcastle-sandbox:latest does not exist: build the "
                      "sandbox image and export SANDCASTLE_SANDBOX_IMAGE=<tag>");
            }
            m_image = fallback;
        }
        SC_VERIFY_OK(await(m_engine->inspectImage(m_image), kEngineTimeoutMs));
    }

    void init()
    {
        m_session = QStringLiteral("tst-dockerengine-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    }

    void cleanup()
    {
        // The label finds whatever a failed test left behind.
        const auto leftovers = await(m_engine->listContainers({sessionFilter()}), kEngineTimeoutMs);
        SC_VERIFY_OK(leftovers);
        for (const DockerContainerInfo &c : *leftovers) {
            SC_VERIFY_OK(await(m_engine->removeContainer(c.id, true), kEngineTimeoutMs));
        }
    }

    void lifecycle_createStartExecStopRemove_works()
    {
        const auto id = await(m_engine->createContainer(sleeperSpec()), kEngineTimeoutMs);
        SC_VERIFY_OK(id);
        SC_VERIFY_OK(await(m_engine->startContainer(*id), kEngineTimeoutMs));

        const auto running = await(m_engine->inspectContainer(*id), kEngineTimeoutMs);
        SC_VERIFY_OK(running);
        QVERIFY(running->running);
        QCOMPARE(running->state, QStringLiteral("running"));
        QCOMPARE(running->labels.value(QString(DockerEngine::sandcastleLabel)), QStringLiteral("1"));
        QCOMPARE(running->labels.value(QString(DockerEngine::sessionLabel)), m_session);

        DockerExecSpec trueSpec;
        trueSpec.cmd = {QStringLiteral("true")};
        const auto ok = await(m_engine->runExec(*id, trueSpec), kEngineTimeoutMs);
        SC_VERIFY_OK(ok);
        QCOMPARE(ok->exitCode, 0);
        QVERIFY(ok->standardOutput.isEmpty());

        DockerExecSpec shSpec;
        shSpec.cmd = {QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("echo out; echo err >&2; exit 3")};
        const auto three = await(m_engine->runExec(*id, shSpec), kEngineTimeoutMs);
        SC_VERIFY_OK(three);
        QCOMPARE(three->standardOutput, QByteArray("out\n"));
        QCOMPARE(three->standardError, QByteArray("err\n"));
        QCOMPARE(three->exitCode, 3);

        const auto listed = await(m_engine->listContainers({sessionFilter()}), kEngineTimeoutMs);
        SC_VERIFY_OK(listed);
        QCOMPARE(listed->size(), 1);
        QCOMPARE(listed->first().id, *id);
        QVERIFY(listed->first().running);

        SC_VERIFY_OK(await(m_engine->stopContainer(*id, 1), kEngineTimeoutMs));
        const auto stopped = await(m_engine->inspectContainer(*id), kEngineTimeoutMs);
        SC_VERIFY_OK(stopped);
        QVERIFY(!stopped->running);
        QCOMPARE(stopped->state, QStringLiteral("exited"));
        SC_VERIFY_OK(await(m_engine->stopContainer(*id, 1), kEngineTimeoutMs)); // already stopped: 304 is fine

        SC_VERIFY_OK(await(m_engine->removeContainer(*id, false), kEngineTimeoutMs));
        const auto gone = await(m_engine->inspectContainer(*id), kEngineTimeoutMs);
        QVERIFY(!gone.has_value());
        QCOMPARE(gone.error().code, ErrorCode::NotFound);
    }

    void exec_stdin_isHalfClosed()
    {
        const auto id = await(m_engine->createContainer(sleeperSpec()), kEngineTimeoutMs);
        SC_VERIFY_OK(id);
        SC_VERIFY_OK(await(m_engine->startContainer(*id), kEngineTimeoutMs));
        DockerExecSpec spec;
        spec.cmd = {QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("cat; echo done")};
        spec.attachStdin = true;
        const QByteArray input = QByteArray("hello\n").repeated(20000); // larger than a socket buffer
        const auto r = await(m_engine->runExec(*id, spec, input), kEngineTimeoutMs);
        SC_VERIFY_OK(r);
        QCOMPARE(r->exitCode, 0);
        QCOMPARE(r->standardOutput.size(), input.size() + 5);
        QVERIFY(r->standardOutput.endsWith("done\n"));
    }

    void exec_ttyResize_seenByProcess()
    {
        const auto id = await(m_engine->createContainer(sleeperSpec()), kEngineTimeoutMs);
        SC_VERIFY_OK(id);
        SC_VERIFY_OK(await(m_engine->startContainer(*id), kEngineTimeoutMs));
        DockerExecSpec spec;
        spec.cmd = {QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("read line; stty size; exit 5")};
        spec.tty = true;
        spec.attachStdin = true;
        const auto execId = await(m_engine->createExec(*id, spec), kEngineTimeoutMs);
        SC_VERIFY_OK(execId);
        DockerExecStream *stream = m_engine->startExec(*execId, true);
        QByteArray output;
        connect(stream, &DockerExecStream::outputReceived, this,
                [&output](DockerStream, const QByteArray &data) { output += data; });
        QSignalSpy started(stream, &DockerExecStream::started);
        QSignalSpy finished(stream, &DockerExecStream::finished);
        QVERIFY(started.wait(30000));
        SC_VERIFY_OK(await(m_engine->resizeExec(*execId, 33, 111), kEngineTimeoutMs));
        stream->writeStdin("go\n");
        QVERIFY(finished.wait(30000));
        SC_VERIFY_OK(stream->result());
        QVERIFY2(output.contains("33 111"), output.constData());
        QTRY_VERIFY_WITH_TIMEOUT(
            await(m_engine->inspectExec(*execId), kEngineTimeoutMs).value_or(DockerExecInfo{}).exitCode == 5, 10000);
    }

    void createContainer_exposedPort_publishedOnLoopback()
    {
        DockerContainerSpec spec = sleeperSpec();
        spec.networkDisabled = false;
        spec.exposedPorts = {8080};
        const auto id = await(m_engine->createContainer(spec), kEngineTimeoutMs);
        SC_VERIFY_OK(id);
        SC_VERIFY_OK(await(m_engine->startContainer(*id), kEngineTimeoutMs));
        const auto info = await(m_engine->inspectContainer(*id), kEngineTimeoutMs);
        SC_VERIFY_OK(info);
        QVERIFY(!info->ports.isEmpty());
        for (const DockerPort &port : info->ports) {
            QCOMPARE(port.containerPort, quint16(8080));
            QCOMPARE(port.protocol, QStringLiteral("tcp"));
            QCOMPARE(port.hostIp, QStringLiteral("127.0.0.1"));
            QVERIFY(port.hostPort > 0);
        }
    }

    void listContainers_sessionLabel_findsLeftovers()
    {
        QStringList created;
        for (int i = 0; i < 2; ++i) {
            const auto id = await(m_engine->createContainer(sleeperSpec()), kEngineTimeoutMs);
            SC_VERIFY_OK(id);
            created.append(*id);
        }
        const auto bySession = await(m_engine->listContainers({sessionFilter()}), kEngineTimeoutMs);
        SC_VERIFY_OK(bySession);
        QStringList found;
        for (const DockerContainerInfo &c : *bySession) {
            found.append(c.id);
            QCOMPARE(c.state, QStringLiteral("created"));
        }
        found.sort();
        created.sort();
        QCOMPARE(found, created);

        const auto allOurs =
            await(m_engine->listContainers({QString(DockerEngine::sandcastleLabel)}), kEngineTimeoutMs);
        SC_VERIFY_OK(allOurs);
        int ours = 0;
        for (const DockerContainerInfo &c : *allOurs) {
            ours += created.contains(c.id) ? 1 : 0;
        }
        QCOMPARE(ours, 2);

        const auto otherSession =
            await(m_engine->listContainers({QString(DockerEngine::sessionLabel) + QStringLiteral("=no-such-session")}),
                  kEngineTimeoutMs);
        SC_VERIFY_OK(otherSession);
        QVERIFY(otherSession->isEmpty());
    }

    void createContainer_missingImage_notFoundNamingImage()
    {
        DockerContainerSpec spec = sleeperSpec();
        spec.image = QStringLiteral("sandcastle-no-such-image:") + QUuid::createUuid().toString(QUuid::Id128);
        const auto id = await(m_engine->createContainer(spec), kEngineTimeoutMs);
        QVERIFY(!id.has_value());
        QCOMPARE(id.error().code, ErrorCode::NotFound);
        QVERIFY2(id.error().message.contains(spec.image), qPrintable(id.error().toString()));
    }

    void exec_missingContainer_notFound()
    {
        DockerExecSpec spec;
        spec.cmd = {QStringLiteral("true")};
        const auto r = await(m_engine->runExec(QStringLiteral("sandcastle-no-such-container"), spec), kEngineTimeoutMs);
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, ErrorCode::NotFound);
        QVERIFY2(r.error().message.contains(QStringLiteral("sandcastle-no-such-container")),
                 qPrintable(r.error().toString()));
    }
};

QTEST_GUILESS_MAIN(tst_DockerEngine)
#include "tst_dockerengine.moc"
