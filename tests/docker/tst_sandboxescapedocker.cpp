// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The escape table of tests/core/integration/tst_sandboxescape against the Docker client: from
// inside the container, commands look for the Docker socket, the host's network namespace, root
// rights and capabilities, the D-Bus session bus and runtime dir, the user's home, and Sandcastle's
// own data; each attempt must fail. Runs against the real dockerd and SANDCASTLE_SANDBOX_IMAGE.
#include "dockertesthost.h"
#include "futurewait.h"
#include "resultverify.h"
#include "sandcastle/core/sandbox/docker/dockerengine.h"
#include "sandcastle/core/sandbox/docker/dockersandboxclient.h"
#include "sandcastle/core/sandbox/docker/dockersandboxsession.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Sandcastle::Core;
using Sandcastle::Test::await;

namespace {

// Exit 0 when connect() to the Unix socket $1 succeeds.
const QString kConnect = QStringLiteral("use Socket; socket(my $s, AF_UNIX, SOCK_STREAM, 0) or exit 3; "
                                        "connect($s, pack_sockaddr_un($ARGV[0])) or exit 1; exit 0");

QStringList sh(const QString &script)
{
    return {QStringLiteral("sh"), QStringLiteral("-c"), script};
}

bool plant(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

} // namespace

class tst_SandboxEscapeDocker : public QObject
{
    Q_OBJECT

    std::unique_ptr<DockerEngine> m_engine;
    QString m_image;
    std::unique_ptr<QTemporaryDir> m_dir;
    QStringList m_containers;
    std::unique_ptr<DockerSandboxSession> m_offline;
    std::unique_ptr<DockerSandboxSession> m_online;

    Result<std::unique_ptr<DockerSandboxSession>> startSession(bool network)
    {
        DockerSandboxOptions docker;
        docker.image = m_image;
        DockerSandboxClient client(docker);
        SandboxOptions options;
        options.workspaceDir = m_dir->path() + (network ? QStringLiteral("/ws-online") : QStringLiteral("/ws"));
        options.networkAllowed = network;
        const Result<SandboxSession *> created = await(client.create(options));
        if (!created) {
            return std::unexpected(created.error());
        }
        std::unique_ptr<DockerSandboxSession> session(qobject_cast<DockerSandboxSession *>(*created));
        session->setParent(nullptr);
        if (const Result<void> started = await(session->start()); !started) {
            return std::unexpected(started.error());
        }
        m_containers.append(session->containerId());
        return session;
    }

    Result<ExecResult> run(SandboxSession *session, const QStringList &argv)
    {
        ExecRequest request;
        request.argv = argv;
        request.timeoutMs = 30000;
        return await(session->exec(request).future, 60000);
    }

    QList<DockerSandboxSession *> sessions() const { return {m_offline.get(), m_online.get()}; }

private Q_SLOTS:
    void initTestCase()
    {
        DOCKER_TEST_HOST_OR_SKIP(m_engine, m_image);
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        // Host secrets the container must not see, and a session bus address it must not inherit.
        QVERIFY(plant(m_dir->path() + QStringLiteral("/home/.ssh/id_ed25519"), "SECRET ssh key"));
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus");
        qputenv("SSH_AUTH_SOCK", "/run/user/1000/ssh-agent");
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_dir->path() + QStringLiteral("/xdg-data")));
        QVERIFY(plant(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                          QStringLiteral("/journals/0123456789abcdef.sqlite"),
                      "SECRET journal"));
        auto offline = startSession(false);
        SC_VERIFY_OK(offline);
        m_offline = std::move(*offline);
        auto online = startSession(true);
        SC_VERIFY_OK(online);
        m_online = std::move(*online);
    }

    void cleanupTestCase()
    {
        m_offline.reset();
        m_online.reset();
        if (!m_engine) {
            return;
        }
        for (const QString &id : std::as_const(m_containers)) {
            static_cast<void>(await(m_engine->removeContainer(id, true)));
        }
    }

    void escape_attempt_fails_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("why");
        const QString secret = m_dir ? m_dir->path() + QStringLiteral("/home/.ssh/id_ed25519") : QString();
        const QString data = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QTest::newRow("docker socket /run/docker.sock")
            << QStringLiteral("perl -e '%1' /run/docker.sock").arg(kConnect) << QStringLiteral("connected");
        QTest::newRow("docker socket /var/run/docker.sock")
            << QStringLiteral("perl -e '%1' /var/run/docker.sock").arg(kConnect) << QStringLiteral("connected");
        QTest::newRow("docker socket anywhere")
            << QStringLiteral("find / -xdev -name 'docker.sock' -print 2>/dev/null | grep .")
            << QStringLiteral("found a docker.sock");
        QTest::newRow("D-Bus session bus")
            << QStringLiteral("perl -e '%1' /run/user/1000/bus").arg(kConnect) << QStringLiteral("connected");
        QTest::newRow("D-Bus system bus")
            << QStringLiteral("perl -e '%1' /run/dbus/system_bus_socket").arg(kConnect) << QStringLiteral("connected");
        QTest::newRow("runtime dir") << QStringLiteral("ls -A /run/user | grep .") << QStringLiteral("listed");
        QTest::newRow("inherited bus and agent addresses")
            << QStringLiteral("env | grep -E '^(DBUS_SESSION_BUS_ADDRESS|SSH_AUTH_SOCK|XDG_RUNTIME_DIR|DOCKER_HOST)='")
            << QStringLiteral("inherited");
        QTest::newRow("host home") << QStringLiteral("cat '%1'").arg(secret) << QStringLiteral("read");
        QTest::newRow("sandcastle data dir") << QStringLiteral("ls -A '%1'").arg(data) << QStringLiteral("listed");
        // Also on a root host (as in CI): commands then run as kRootHostSandboxOwner, never as 0.
        QTest::newRow("root") << QStringLiteral("test \"$(id -u)\" = 0 || test \"$(id -g)\" = 0")
                              << QStringLiteral("runs as root");
        QTest::newRow("capabilities")
            << QStringLiteral("grep -E '^Cap(Eff|Prm|Bnd|Amb):' /proc/self/status | grep -v '0000000000000000$'")
            << QStringLiteral("has capabilities");
        QTest::newRow("new privileges") << QStringLiteral("grep -E '^NoNewPrivs:[[:space:]]*0' /proc/self/status")
                                        << QStringLiteral("may gain privileges");
        QTest::newRow("host network namespace")
            << QStringLiteral("test \"$(readlink /proc/self/ns/net)\" = '%1'")
                   .arg(QFile::symLinkTarget(QStringLiteral("/proc/self/ns/net")).section(QLatin1Char('/'), -1))
            << QStringLiteral("shares the host's network namespace");
        QTest::newRow("host pid namespace")
            << QStringLiteral("test \"$(readlink /proc/self/ns/pid)\" = '%1'")
                   .arg(QFile::symLinkTarget(QStringLiteral("/proc/self/ns/pid")).section(QLatin1Char('/'), -1))
            << QStringLiteral("shares the host's pid namespace");
    }

    void escape_attempt_fails()
    {
        QFETCH(QString, script);
        QFETCH(QString, why);
        for (DockerSandboxSession *session : sessions()) {
            const Result<ExecResult> r = run(session, sh(script));
            SC_VERIFY_OK(r);
            QVERIFY2(r->exitCode != 3, "the socket probe could not create a socket");
            QVERIFY2(r->exitCode != 0,
                     qPrintable(QStringLiteral("%1 (network %2): %3")
                                    .arg(why, session->networkEnabled() ? QStringLiteral("on") : QStringLiteral("off"),
                                         QString::fromUtf8(r->stdoutData + r->stderrData))));
        }
    }

    // The probes work inside the container: the same checks succeed on what is there.
    void probes_work_inside()
    {
        const Result<ExecResult> ids = run(m_offline.get(), sh(QStringLiteral("id -u; id -g")));
        SC_VERIFY_OK(ids);
        // The host user's ids; on a root host, the unprivileged owner start() gave the workspace to.
        const SandboxOwner expected =
            runningAsRoot() ? kRootHostSandboxOwner : SandboxOwner{unsigned(::getuid()), unsigned(::getgid())};
        QCOMPARE(ids->stdoutData, QStringLiteral("%1\n%2\n").arg(expected.uid).arg(expected.gid).toUtf8());
        const Result<ExecResult> caps =
            run(m_offline.get(), sh(QStringLiteral("grep -c '^CapEff:' /proc/self/status")));
        SC_VERIFY_OK(caps);
        QCOMPARE(caps->stdoutData, QByteArray("1\n"));
        const Result<ExecResult> listen =
            run(m_offline.get(),
                sh(QStringLiteral("perl -e 'use Socket; socket(my $l, AF_UNIX, SOCK_STREAM, 0) or exit 3; "
                                  "bind($l, pack_sockaddr_un(\"/tmp/own.sock\")) or exit 4; listen($l, 1) or exit 5; "
                                  "socket(my $s, AF_UNIX, SOCK_STREAM, 0) or exit 3; "
                                  "connect($s, pack_sockaddr_un(\"/tmp/own.sock\")) or exit 1; exit 0'")));
        SC_VERIFY_OK(listen);
        QCOMPARE(listen->exitCode, 0);
        const Result<ExecResult> net = run(m_offline.get(), sh(QStringLiteral("ls /sys/class/net")));
        SC_VERIFY_OK(net);
        QCOMPARE(net->stdoutData.trimmed(), QByteArray("lo"));
    }
};

QTEST_GUILESS_MAIN(tst_SandboxEscapeDocker)
#include "tst_sandboxescapedocker.moc"
