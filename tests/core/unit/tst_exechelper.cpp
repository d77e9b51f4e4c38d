// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// sandcastle-exec-helper run on the host (it is the same binary the Docker sandbox mounts into
// its containers) and driven through ExecHelperChannel: the protocol, exit codes, streams, PTY,
// signals, hang-ups and malformed input.

#include "sandcastle/core/sandbox/docker/dockersandboxclient.h"
#include "sandcastle/core/sandbox/docker/exechelperchannel.h"

#include <QElapsedTimer>
#include <QLocalSocket>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

#include <csignal>
#include <optional>

#include <sys/types.h>
#include <unistd.h>

using namespace Sandcastle::Core;

namespace {

struct Outcome
{
    QByteArray out;
    QByteArray err;
    std::optional<int> exitCode;
    std::optional<Error> error;
    qint64 pid = 0;
};

bool processAlive(qint64 pid)
{
    return pid > 0 && ::kill(pid_t(pid), 0) == 0;
}

} // namespace

class tst_ExecHelper : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_helper;
    QString m_socket;

    /// Collects everything a channel reports until it ends (or `timeoutMs`).
    Outcome collect(ExecHelperChannel &channel, int timeoutMs = 20000)
    {
        Outcome o;
        bool done = false;
        connect(&channel, &ExecHelperChannel::started, this, [&](qint64 pid) { o.pid = pid; });
        connect(&channel, &ExecHelperChannel::outputReceived, this,
                [&](DockerStream s, const QByteArray &d) { (s == DockerStream::Stderr ? o.err : o.out) += d; });
        connect(&channel, &ExecHelperChannel::exited, this, [&](int code) {
            o.exitCode = code;
            done = true;
        });
        connect(&channel, &ExecHelperChannel::failed, this, [&](const Error &e) {
            o.error = e;
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, timeoutMs)) {
            o.error = Error{ErrorCode::Timeout, QStringLiteral("the channel did not end in time"), {}};
        }
        return o;
    }

    Outcome run(ExecHelperSpec spec, const QByteArray &input = {})
    {
        ExecHelperChannel channel(m_socket, spec);
        if (!input.isEmpty()) {
            channel.writeStdin(input);
        }
        channel.closeStdin();
        return collect(channel);
    }

    static ExecHelperSpec sh(const QString &script)
    {
        ExecHelperSpec spec;
        spec.argv = {QStringLiteral("sh"), QStringLiteral("-c"), script};
        return spec;
    }

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
        QCOMPARE(QFileInfo(m_socket).permissions() & (QFileDevice::ReadOther | QFileDevice::WriteOther |
                                                      QFileDevice::ReadGroup | QFileDevice::WriteGroup),
                 QFileDevice::Permissions());
    }

    void cleanupTestCase()
    {
        m_helper.kill();
        m_helper.waitForFinished();
    }

    void exit_codesStreamsEnvironmentAndDirectory()
    {
        ExecHelperSpec spec = sh(QStringLiteral("echo out; echo err >&2; echo \"$SC_VAR\"; pwd; exit 7"));
        spec.env = {QStringLiteral("SC_VAR=from spec")};
        spec.workingDir = m_dir.path();
        const Outcome o = run(spec);
        QVERIFY(!o.error);
        QCOMPARE(o.exitCode, 7);
        QCOMPARE(o.out, QByteArray("out\nfrom spec\n") + m_dir.path().toUtf8() + '\n');
        QCOMPARE(o.err, QByteArray("err\n"));
        QVERIFY(o.pid > 0);

        spec.mergeStderr = true;
        spec.argv.last() = QStringLiteral("echo 1; echo 2 >&2; echo 3");
        const Outcome merged = run(spec);
        QCOMPARE(merged.out, QByteArray("1\n2\n3\n"));
        QVERIFY(merged.err.isEmpty());
    }

    void command_inheritsOnlyStandardStreams()
    {
        const Outcome o = run(sh(QStringLiteral("ls /proc/$$/fd")));
        QCOMPARE(o.exitCode, 0);
        QCOMPARE(o.out, QByteArray("0\n1\n2\n"));
    }

    void stdin_deliveredAndClosed()
    {
        QByteArray big(3 * 1024 * 1024, 'x'); // more than a pipe holds: written as the command reads
        big.append("end");
        ExecHelperSpec spec;
        spec.argv = {QStringLiteral("wc"), QStringLiteral("-c")};
        const Outcome o = run(spec, big);
        QCOMPARE(o.exitCode, 0);
        QCOMPARE(o.out.trimmed().toLongLong(), big.size());
    }

    void output_largeStreamArrivesIntact()
    {
        // 20 MiB through the pipe and the socket, byte-exact.
        const Outcome o = run(sh(QStringLiteral("head -c 20971520 /dev/zero | tr '\\0' 'a'; echo tail")));
        QCOMPARE(o.exitCode, 0);
        QCOMPARE(o.out.size(), 20971520 + 5);
        QVERIFY(o.out.endsWith("aaatail\n"));
        QCOMPARE(o.out.count('a'), 20971520 + 1);
    }

    void signals_exitCodeIs128PlusSignal()
    {
        ExecHelperChannel channel(m_socket, sh(QStringLiteral("echo ready; sleep 30")));
        QSignalSpy out(&channel, &ExecHelperChannel::outputReceived);
        QTRY_VERIFY_WITH_TIMEOUT(!out.isEmpty(), 5000);
        channel.sendSignal(SIGKILL);
        const Outcome o = collect(channel, 5000);
        QCOMPARE(o.exitCode, 128 + SIGKILL);
    }

    void tty_sizeResizeAndCtrlC()
    {
        ExecHelperSpec spec = sh(QStringLiteral("stty size; tty >/dev/null && echo is-tty; read line; stty size; "
                                                "echo got:$line; sleep 30"));
        spec.tty = true;
        spec.rows = 33;
        spec.columns = 101;
        ExecHelperChannel channel(m_socket, spec);
        QByteArray seen;
        connect(&channel, &ExecHelperChannel::outputReceived, this,
                [&](DockerStream, const QByteArray &d) { seen += d; });
        QTRY_VERIFY_WITH_TIMEOUT(seen.contains("is-tty"), 5000);
        QVERIFY2(seen.contains("33 101"), seen.constData());
        channel.resize(40, 120);
        channel.writeStdin("hello\r");
        QTRY_VERIFY_WITH_TIMEOUT(seen.contains("got:hello"), 5000);
        QVERIFY2(seen.contains("40 120"), seen.constData());
        channel.writeStdin("\x03"); // the line discipline turns it into SIGINT
        const Outcome o = collect(channel, 5000);
        QCOMPARE(o.exitCode, 128 + SIGINT);
    }

    void hangUp_killsProcessGroup()
    {
        qint64 pid = 0;
        QByteArray seen;
        {
            ExecHelperChannel channel(m_socket, sh(QStringLiteral("sleep 60 & echo child:$!; wait")));
            connect(&channel, &ExecHelperChannel::started, this, [&](qint64 p) { pid = p; });
            connect(&channel, &ExecHelperChannel::failed, this, [&] { QFAIL("a hang-up emits nothing"); });
            connect(&channel, &ExecHelperChannel::outputReceived, this,
                    [&](DockerStream, const QByteArray &d) { seen += d; });
            QTRY_VERIFY_WITH_TIMEOUT(seen.contains('\n'), 5000);
        } // hang up
        const qint64 child = seen.mid(seen.indexOf(':') + 1).trimmed().toLongLong();
        QVERIFY(pid > 0 && child > 0);
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid) && !processAlive(child), 5000);
    }

    void backgroundProcess_doesNotHoldExit()
    {
        QElapsedTimer clock;
        clock.start();
        const Outcome o = run(sh(QStringLiteral("sleep 20 & echo started")));
        QCOMPARE(o.exitCode, 0);
        QCOMPARE(o.out, QByteArray("started\n"));
        QVERIFY2(clock.elapsed() < 10000, qPrintable(QString::number(clock.elapsed())));
    }

    void startFailures_preciseErrors()
    {
        ExecHelperSpec missing;
        missing.argv = {QStringLiteral("sc-no-such-command")};
        const Outcome a = run(missing);
        QVERIFY(a.error);
        QCOMPARE(a.error->message, QStringLiteral("command could not be started"));
        QCOMPARE(a.error->detail, QStringLiteral("exec: sc-no-such-command: No such file or directory"));

        ExecHelperSpec badDir = sh(QStringLiteral("true"));
        badDir.workingDir = m_dir.filePath(QStringLiteral("missing"));
        const Outcome b = run(badDir);
        QVERIFY(b.error);
        QVERIFY2(b.error->detail.startsWith(QStringLiteral("cannot change to working directory ") + badDir.workingDir),
                 qPrintable(b.error->detail));

        const Outcome c = run(ExecHelperSpec{});
        QVERIFY(c.error);
        QCOMPARE(c.error->detail, QStringLiteral("protocol error: spec without a command"));
    }

    void malformedFrames_refusedAndHelperKeepsServing()
    {
        for (const QByteArray &junk : {QByteArray("S\xff\xff\xff\xff", 5), QByteArray("S\0\0\0\x05z\0\0\0\x09", 10)}) {
            QLocalSocket raw;
            raw.connectToServer(m_socket);
            QVERIFY(raw.waitForConnected(2000));
            raw.write(junk);
            QByteArray reply;
            while (raw.state() == QLocalSocket::ConnectedState && raw.waitForReadyRead(5000)) {
                reply += raw.readAll();
            }
            reply += raw.readAll();
            QVERIFY2(reply.contains("protocol error"), reply.constData());
        }
        QCOMPARE(run(sh(QStringLiteral("exit 3"))).exitCode, 3);
    }

    void noHelper_connectionErrorNamesSocket()
    {
        ExecHelperChannel channel(m_dir.filePath(QStringLiteral("absent.sock")), sh(QStringLiteral("true")));
        const Outcome o = collect(channel, 5000);
        QVERIFY(o.error);
        QCOMPARE(o.error->message, QStringLiteral("cannot connect to the exec helper"));
        QVERIFY2(o.error->detail.contains(QStringLiteral("absent.sock")), qPrintable(o.error->detail));
    }
};

QTEST_GUILESS_MAIN(tst_ExecHelper)
#include "tst_exechelper.moc"
