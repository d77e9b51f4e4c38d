// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Cancel while the Docker sandbox starts, against the real dockerd and SANDCASTLE_SANDBOX_IMAGE: no
// container may be left behind. The client talks to dockerd through a socket proxy of the test
// that holds back dockerd's reply to the create request (dockerd has made the container, the
// client does not know its id yet) or to the image check, until the test has cancelled.
#include "daemonproxy.h"
#include "dockertesthost.h"
#include "futurewait.h"
#include "resultverify.h"
#include "sandcastle/core/runner/agentrun.h"
#include "sandcastle/core/sandbox/docker/dockerengine.h"
#include "sandcastle/core/sandbox/docker/dockersandboxclient.h"
#include "sandcastle/core/sandbox/docker/dockersandboxsession.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;
using Sandcastle::Test::await;
using Sandcastle::Test::DaemonProxy;

namespace {

constexpr int kTimeoutMs = 60000;
constexpr int kPollMs = 100;

/// Points DOCKER_HOST (what AgentRun's Docker client connects to) at `socket` while it lives.
class DockerHostOverride
{
public:
    explicit DockerHostOverride(const QString &socket)
        : m_saved(qgetenv("DOCKER_HOST"))
    {
        const QByteArray host = "unix://" + socket.toUtf8();
        qputenv("DOCKER_HOST", host);
    }
    ~DockerHostOverride() { m_saved.isNull() ? qunsetenv("DOCKER_HOST") : qputenv("DOCKER_HOST", m_saved); }
    DockerHostOverride(const DockerHostOverride &) = delete;
    DockerHostOverride &operator=(const DockerHostOverride &) = delete;

private:
    QByteArray m_saved;
};

} // namespace

class tst_DockerCancel : public QObject
{
    Q_OBJECT

    std::unique_ptr<DockerEngine> m_engine; ///< straight to dockerd, for the checks
    QString m_image;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DaemonProxy> m_proxy;
    QStringList m_containerNames; ///< made by a test: removed in cleanup() whatever happened

    /// True when dockerd has a container of that name (or id).
    Result<bool> exists(const QString &name)
    {
        const auto info = await(m_engine->inspectContainer(name));
        if (info) {
            return true;
        }
        if (info.error().code == ErrorCode::NotFound) {
            return false;
        }
        return std::unexpected(info.error());
    }

    /// Polls until exists(name) is `wanted`; false when it never was within kTimeoutMs.
    bool waitExists(const QString &name, bool wanted)
    {
        for (int waited = 0; waited < kTimeoutMs; waited += kPollMs) {
            const Result<bool> now = exists(name);
            if (now && *now == wanted) {
                return true;
            }
            QTest::qWait(kPollMs);
        }
        return false;
    }

    /// The container name of the first create request the proxy forwarded, once there is one.
    QString awaitCreateRequest()
    {
        static const QRegularExpression create(QStringLiteral("^POST \\S*/containers/create\\?name=([^ &]+)"));
        QString name;
        static_cast<void>(QTest::qWaitFor(
            [&] {
                for (const QString &line : m_proxy->requestLines()) {
                    if (const auto m = create.match(line); m.hasMatch()) {
                        name = m.captured(1);
                        return true;
                    }
                }
                return false;
            },
            kTimeoutMs));
        if (!name.isEmpty()) {
            m_containerNames.append(name);
        }
        return name;
    }

    AgentRunOptions dockerRun(const QString &name) const
    {
        AgentRunOptions o;
        o.workspaceDir = m_dir->filePath(name);
        o.client = QStringLiteral("docker");
        o.docker.image = m_image;
        o.capabilities = {QStringLiteral("filesystem")};
        // Never contacted: the run is cancelled before its first model call.
        o.provider.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:9/v1"));
        o.run.model = QStringLiteral("unused-model");
        return o;
    }

    /// Starts `run`, cancels it once `cancelWhen` holds, and checks it ends Cancelled.
    void cancelRun(AgentRun &run, const std::function<bool()> &cancelWhen)
    {
        QSignalSpy finished(&run, &AgentRun::finished);
        QSignalSpy ready(&run, &AgentRun::sandboxReady);
        run.start(QStringLiteral("never sent"));
        QVERIFY(QTest::qWaitFor(cancelWhen, kTimeoutMs));
        run.cancel();
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(finished.first().first().value<RunOutcome>().status, RunStatus::Cancelled);
        QCOMPARE(ready.size(), 0);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        DOCKER_TEST_HOST_OR_SKIP(m_engine, m_image);
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_proxy = std::make_unique<DaemonProxy>(m_dir->filePath(QStringLiteral("proxy.sock")).toStdString(),
                                                m_engine->socketPath().toStdString());
        QVERIFY(m_proxy->up());
    }

    void cleanup()
    {
        m_proxy.reset();
        for (const QString &name : std::as_const(m_containerNames)) {
            static_cast<void>(await(m_engine->removeContainer(name, true)));
        }
        m_containerNames.clear();
    }

    void sessionDestroyed_whileCreateInFlight_containerRemovedOnceCreated()
    {
        DockerSandboxOptions docker;
        docker.image = m_image;
        DockerSandboxClient client(docker);
        client.setSocketPath(m_proxy->path());
        SandboxOptions options;
        options.workspaceDir = m_dir->filePath(QStringLiteral("ws"));
        const Result<SandboxSession *> created = await(client.create(options), kTimeoutMs);
        SC_VERIFY_OK(created);
        auto *session = qobject_cast<DockerSandboxSession *>(*created);
        QVERIFY(session);

        m_proxy->holdRepliesTo("/containers/create");
        const QFuture<Result<void>> started = session->start();
        const QString name = awaitCreateRequest();
        QVERIFY(!name.isEmpty());
        QVERIFY2(waitExists(name, true), qPrintable(name)); // dockerd made it; the session has no id
        QVERIFY(!started.isFinished());
        QVERIFY(session->containerId().isEmpty());

        delete session; // as AgentRun::cancel() does before the sandbox is ready
        m_proxy->releaseReplies();
        QVERIFY2(waitExists(name, false), qPrintable(name + QStringLiteral(" is left behind")));
    }

    void agentRunCancelled_whileCreateInFlight_leavesNoContainer()
    {
        m_proxy->holdRepliesTo("/containers/create");
        QString name;
        {
            const DockerHostOverride host(m_proxy->path());
            AgentRun run(dockerRun(QStringLiteral("ws")), nullptr);
            cancelRun(run, [&] {
                name = awaitCreateRequest();
                return !name.isEmpty() && waitExists(name, true);
            });
        }
        QVERIFY(!QTest::currentTestFailed());
        m_proxy->releaseReplies();
        QVERIFY2(waitExists(name, false), qPrintable(name + QStringLiteral(" is left behind")));
    }

    void agentRunCancelled_duringImageCheck_createsNoContainer()
    {
        m_proxy->holdRepliesTo("/images/");
        const auto imageChecks = [&] {
            return m_proxy->requestLines().filter(QRegularExpression(QStringLiteral("^GET \\S*/images/"))).size();
        };
        {
            const DockerHostOverride host(m_proxy->path());
            AgentRun run(dockerRun(QStringLiteral("ws")), nullptr);
            cancelRun(run, [&] { return imageChecks() == 1; });
            m_proxy->releaseReplies();
            // The client hears the image is there and makes the session, which the cancelled run
            // deletes unstarted. A run that went on would ask dockerd for the API version, then
            // create the container: give that the time a start takes before checking.
            QTest::qWait(2000);
        }
        const QStringList requests = m_proxy->requestLines();
        QVERIFY2(requests.filter(QStringLiteral("/containers/create")).isEmpty(),
                 qPrintable(requests.join(QLatin1Char('\n'))));
        QCOMPARE(imageChecks(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_DockerCancel)
#include "tst_dockercancel.moc"
