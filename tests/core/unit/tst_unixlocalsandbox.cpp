// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "futurewait.h"
#include "resultverify.h"
#include "sandcastle/core/sandbox/unixlocalsandboxclient.h"
#include "sandcastle/core/sandbox/unixlocalsandboxsession.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>

using namespace Sandcastle::Core;
using Sandcastle::Test::await;

namespace {

bool processGone(const QString &pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly)) {
        return true;
    }
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    return close >= 0 && line.mid(close + 2, 1) == "Z"; // a zombie has no code left running
}

/// Host pids whose command line is exactly `sleep <seconds>` (a unique duration marks a test's processes).
QStringList sleepers(const QString &seconds)
{
    QStringList pids;
    const QByteArray wanted = QByteArray("sleep\0", 6) + seconds.toUtf8() + QByteArray(1, 0);
    const auto entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(entry));
        if (cmdline.open(QIODevice::ReadOnly) && cmdline.readAll() == wanted && !processGone(entry)) {
            pids << entry;
        }
    }
    return pids;
}

} // namespace

class tst_UnixLocalSandbox : public QObject
{
    Q_OBJECT

    std::unique_ptr<UnixLocalSandboxClient> m_client;
    std::unique_ptr<QTemporaryDir> m_dir;

    UnixLocalSandboxSession *makeSession(Confinement confinement, SandboxOptions options = {})
    {
        m_client = std::make_unique<UnixLocalSandboxClient>(confinement);
        m_dir = std::make_unique<QTemporaryDir>();
        if (options.workspaceDir.isEmpty()) {
            options.workspaceDir = m_dir->path() + QStringLiteral("/ws");
        }
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

    Result<ExecResult> run(SandboxSession *session, const QString &script, const QString &workdir = {})
    {
        ExecRequest request;
        request.argv = {QStringLiteral("sh"), QStringLiteral("-c"), script};
        request.workdir = workdir;
        return await(session->exec(request).future);
    }

    static bool bwrapInstalled()
    {
        return !QStandardPaths::findExecutable(QStringLiteral("bwrap"), UnixLocalSandboxClient::fixedPath().split(u':'))
                    .isEmpty();
    }

private Q_SLOTS:
    void exec_script_reportsExitCode_data()
    {
        QTest::addColumn<Confinement>("confinement");
        QTest::addColumn<QString>("script");
        QTest::addColumn<int>("exitCode");
        for (const Confinement c : {Confinement::None, Confinement::Bubblewrap}) {
            const char *tag = c == Confinement::None ? "none" : "bwrap";
            QTest::addRow("%s true", tag) << c << QStringLiteral("true") << 0;
            QTest::addRow("%s false", tag) << c << QStringLiteral("false") << 1;
            QTest::addRow("%s exit 7", tag) << c << QStringLiteral("exit 7") << 7;
            QTest::addRow("%s killed by TERM", tag) << c << QStringLiteral("kill -TERM $$") << 128 + 15;
        }
    }
    void exec_script_reportsExitCode()
    {
        QFETCH(Confinement, confinement);
        QFETCH(QString, script);
        QFETCH(int, exitCode);
        if (confinement == Confinement::Bubblewrap && !bwrapInstalled()) {
            QSKIP("bubblewrap is not installed");
        }
        UnixLocalSandboxSession *session = makeSession(confinement);
        QVERIFY(session);
        const Result<ExecResult> r = run(session, script);
        SC_VERIFY_OK(r);
        QCOMPARE(r->exitCode, exitCode);
    }

    void exec_stdoutAndStderr_separated()
    {
        UnixLocalSandboxSession *session = makeSession(Confinement::None);
        QVERIFY(session);
        const Result<ExecResult> r = run(session, QStringLiteral("echo out; echo err >&2"));
        SC_VERIFY_OK(r);
        QCOMPARE(r->stdoutData, QByteArray("out\n"));
        QCOMPARE(r->stderrData, QByteArray("err\n"));
    }

    void exec_hostSecret_notVisible_data()
    {
        QTest::addColumn<Confinement>("confinement");
        QTest::newRow("none") << Confinement::None;
        QTest::newRow("bwrap") << Confinement::Bubblewrap;
    }
    void exec_hostSecret_notVisible()
    {
        QFETCH(Confinement, confinement);
        if (confinement == Confinement::Bubblewrap && !bwrapInstalled()) {
            QSKIP("bubblewrap is not installed");
        }
        qputenv("OPENAI_API_KEY", "sk-test-must-not-leak");
        SandboxOptions options;
        options.environment.insert(QStringLiteral("MANIFEST_VAR"), QStringLiteral("from manifest"));
        UnixLocalSandboxSession *session = makeSession(confinement, options);
        QVERIFY(session);
        const Result<ExecResult> r = run(session, QStringLiteral("env"));
        qunsetenv("OPENAI_API_KEY");
        SC_VERIFY_OK(r);
        const QString env = QString::fromUtf8(r->stdoutData);
        QVERIFY2(!env.contains(QLatin1String("OPENAI_API_KEY")), qPrintable(env));
        QVERIFY2(!env.contains(QLatin1String("sk-test")), qPrintable(env));
        QVERIFY2(env.contains(QStringLiteral("PATH=") + UnixLocalSandboxClient::fixedPath()), qPrintable(env));
        QVERIFY2(env.contains(QStringLiteral("HOME=") + session->workspaceRoot()), qPrintable(env));
        QVERIFY2(env.contains(QLatin1String("MANIFEST_VAR=from manifest")), qPrintable(env));
        QVERIFY2(env.contains(QLatin1String("TMPDIR=/tmp")), qPrintable(env));
    }

    void exec_workdir_runsThere_data()
    {
        QTest::addColumn<Confinement>("confinement");
        QTest::newRow("none") << Confinement::None;
        QTest::newRow("bwrap") << Confinement::Bubblewrap;
    }
    void exec_workdir_runsThere()
    {
        QFETCH(Confinement, confinement);
        if (confinement == Confinement::Bubblewrap && !bwrapInstalled()) {
            QSKIP("bubblewrap is not installed");
        }
        UnixLocalSandboxSession *session = makeSession(confinement);
        QVERIFY(session);
        const Result<void> step1 = session->makeDir(QStringLiteral("sub/dir"), true);
        SC_VERIFY_OK(step1);
        const Result<ExecResult> inRoot = run(session, QStringLiteral("pwd"));
        SC_VERIFY_OK(inRoot);
        QCOMPARE(QString::fromUtf8(inRoot->stdoutData).trimmed(), session->sandboxRoot());
        const QString sub = session->sandboxRoot() + QStringLiteral("/sub/dir");
        const Result<ExecResult> inSub = run(session, QStringLiteral("pwd"), sub);
        SC_VERIFY_OK(inSub);
        QCOMPARE(QString::fromUtf8(inSub->stdoutData).trimmed(), sub);
    }

    void cancelExec_running_killsProcessGroup()
    {
        UnixLocalSandboxSession *session = makeSession(Confinement::None);
        QVERIFY(session);
        ExecRequest request;
        request.argv = {QStringLiteral("sh"), QStringLiteral("-c"),
                        QStringLiteral("sleep 1000 & echo $! > child.pid; wait")};
        ExecCall call = session->exec(request);
        const QString pidFile = session->workspaceRoot() + QStringLiteral("/child.pid");
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(pidFile).size() > 0, 10000);
        QFile file(pidFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString pid = QString::fromUtf8(file.readAll()).trimmed();
        QVERIFY(!processGone(pid));

        session->cancelExec(call.id);
        const Result<ExecResult> r = await(call.future);
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::Cancelled);
        QTRY_VERIFY_WITH_TIMEOUT(processGone(pid), 5000);
    }

    void exec_timeout_failsAndKills()
    {
        UnixLocalSandboxSession *session = makeSession(Confinement::None);
        QVERIFY(session);
        ExecRequest request;
        request.argv = {QStringLiteral("sh"), QStringLiteral("-c"),
                        QStringLiteral("sleep 1000 & echo $! > child.pid; wait")};
        request.timeoutMs = 300;
        const Result<ExecResult> r = await(session->exec(request).future);
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::Timeout);
        QFile file(session->workspaceRoot() + QStringLiteral("/child.pid"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString pid = QString::fromUtf8(file.readAll()).trimmed();
        QTRY_VERIFY_WITH_TIMEOUT(processGone(pid), 5000);
    }

    void exec_signals_recordCommand()
    {
        UnixLocalSandboxSession *session = makeSession(Confinement::None);
        QVERIFY(session);
        QSignalSpy started(session, &SandboxSession::commandStarted);
        QSignalSpy finished(session, &SandboxSession::commandFinished);
        const Result<ExecResult> r = run(session, QStringLiteral("echo logged; exit 3"));
        SC_VERIFY_OK(r);
        QCOMPARE(started.count(), 1);
        QCOMPARE(finished.count(), 1);
        const auto record = finished.first().first().value<CommandRecord>();
        QCOMPARE(record.argv.last(), QStringLiteral("echo logged; exit 3"));
        QCOMPARE(record.exitCode.value_or(-1), 3);
        QCOMPARE(record.output, QByteArray("logged\n"));
        QCOMPARE(record.workdir, session->sandboxRoot());
    }

    void exec_record_secretRedactedForTheShellLog()
    {
        UnixLocalSandboxSession *session = makeSession(Confinement::None);
        QVERIFY(session);
        SecretRedactor redactor;
        QVERIFY(redactor.addSecret(QStringLiteral("TOKEN"), QStringLiteral("shell-log-secret-42")));
        session->setRedactor(redactor);
        QSignalSpy finished(session, &SandboxSession::commandFinished);
        const Result<ExecResult> r = run(session, QStringLiteral("echo value=shell-log-secret-42"));
        SC_VERIFY_OK(r);
        QCOMPARE(r->stdoutData, QByteArray("value=shell-log-secret-42\n")); // the caller's own result is raw
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().first().value<CommandRecord>().output, QByteArray("value=[REDACTED:TOKEN]\n"));
    }

    void bwrap_writes_onlyInsideWorkspace_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<bool>("succeeds");
        QTest::newRow("workspace") << QStringLiteral("echo hi > inside.txt") << true;
        QTest::newRow("etc") << QStringLiteral("touch /etc/sandcastle-escape") << false;
        QTest::newRow("usr") << QStringLiteral("touch /usr/sandcastle-escape") << false;
        QTest::newRow("root home") << QStringLiteral("touch /root/sandcastle-escape") << false;
        QTest::newRow("private tmp") << QStringLiteral("echo x > /tmp/scratch && cat /tmp/scratch") << true;
    }
    void bwrap_writes_onlyInsideWorkspace()
    {
        QFETCH(QString, script);
        QFETCH(bool, succeeds);
        if (!bwrapInstalled()) {
            QSKIP("bubblewrap is not installed");
        }
        UnixLocalSandboxSession *session = makeSession(Confinement::Bubblewrap);
        QVERIFY(session);
        QCOMPARE(session->confinementReport().mode, Confinement::Bubblewrap);
        const Result<ExecResult> r = run(session, script);
        SC_VERIFY_OK(r);
        QCOMPARE(r->exitCode == 0, succeeds);
        QVERIFY(!QFileInfo::exists(QStringLiteral("/etc/sandcastle-escape")));
        QVERIFY(!QFileInfo::exists(QStringLiteral("/usr/sandcastle-escape")));
        QVERIFY(!QFileInfo::exists(QStringLiteral("/root/sandcastle-escape")));
        if (script.contains(QLatin1String("inside"))) {
            QVERIFY(QFileInfo::exists(session->workspaceRoot() + QStringLiteral("/inside.txt")));
        }
    }

    void bwrap_hostTmp_notVisible()
    {
        if (!bwrapInstalled()) {
            QSKIP("bubblewrap is not installed");
        }
        QTemporaryFile hostFile(QDir::tempPath() + QStringLiteral("/sandcastle-host-XXXXXX"));
        QVERIFY(hostFile.open());
        UnixLocalSandboxSession *session = makeSession(Confinement::Bubblewrap);
        QVERIFY(session);
        const Result<ExecResult> r = run(session, QStringLiteral("test -e '%1'").arg(hostFile.fileName()));
        SC_VERIFY_OK(r);
        QCOMPARE(r->exitCode, 1);
    }

    void exec_loopbackConnect_dependsOnNetwork_data()
    {
        QTest::addColumn<Confinement>("confinement");
        QTest::addColumn<bool>("networkAllowed");
        QTest::addColumn<bool>("connects");
        QTest::newRow("none") << Confinement::None << false << true;
        QTest::newRow("bwrap no network") << Confinement::Bubblewrap << false << false;
        QTest::newRow("bwrap network allowed") << Confinement::Bubblewrap << true << true;
    }
    void exec_loopbackConnect_dependsOnNetwork()
    {
        QFETCH(Confinement, confinement);
        QFETCH(bool, networkAllowed);
        QFETCH(bool, connects);
        if (confinement == Confinement::Bubblewrap && !bwrapInstalled()) {
            QSKIP("bubblewrap is not installed");
        }
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        SandboxOptions options;
        options.networkAllowed = networkAllowed;
        UnixLocalSandboxSession *session = makeSession(confinement, options);
        QVERIFY(session);
        const Result<ExecResult> r =
            run(session,
                QStringLiteral("python3 -c \"import socket; socket.create_connection(('127.0.0.1', %1), timeout=3)\"")
                    .arg(server.serverPort()));
        SC_VERIFY_OK(r);
        QVERIFY2((r->exitCode == 0) == connects, r->stderrData.constData());
    }

    void bwrap_pidNamespace_fewProcessesVisible()
    {
        if (!bwrapInstalled()) {
            QSKIP("bubblewrap is not installed");
        }
        UnixLocalSandboxSession *session = makeSession(Confinement::Bubblewrap);
        QVERIFY(session);
        const Result<ExecResult> r = run(session, QStringLiteral("ls /proc | grep -c '^[0-9]'"));
        SC_VERIFY_OK(r);
        const int count = QString::fromUtf8(r->stdoutData).trimmed().toInt();
        QVERIFY2(count > 0 && count < 8, r->stdoutData.constData());
    }

    void create_confinementNone_reportedAsUnconfined()
    {
        UnixLocalSandboxSession *session = makeSession(Confinement::None);
        QVERIFY(session);
        QCOMPARE(session->confinementReport().mode, Confinement::None);
        QVERIFY2(session->describe().contains(QLatin1String("NOT confined")), qPrintable(session->describe()));
    }

    void create_missingBwrap_refusesWithReason_data()
    {
        QTest::addColumn<Confinement>("confinement");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("auto") << Confinement::Auto << QStringLiteral("choose confinement \"none\" explicitly");
        QTest::newRow("bwrap") << Confinement::Bubblewrap << QStringLiteral("could not be started");
    }
    void create_missingBwrap_refusesWithReason()
    {
        QFETCH(Confinement, confinement);
        QFETCH(QString, mentions);
        QTemporaryDir dir;
        UnixLocalSandboxClient client(confinement);
        client.setBwrapPath(dir.path() + QStringLiteral("/no-such-bwrap"));
        SandboxOptions options;
        options.workspaceDir = dir.path();
        const Result<SandboxSession *> r = await(client.create(options));
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::Sandbox);
        QVERIFY2(r.error().message.contains(mentions), qPrintable(r.error().message));
    }

    void create_relativeWorkspace_rejected()
    {
        UnixLocalSandboxClient client(Confinement::None);
        SandboxOptions options;
        options.workspaceDir = QStringLiteral("relative/ws");
        const Result<SandboxSession *> r = await(client.create(options));
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::InvalidInput);
    }

    void explainBwrapFailure_notMountPoint_namesFix()
    {
        const QString text =
            UnixLocalSandboxClient::explainBwrapFailure(1, "bwrap: Failed to make / slave: Invalid argument\n");
        QVERIFY2(text.contains(QLatin1String("not a mount point")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("mount --bind")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("Failed to make / slave")), qPrintable(text));
    }

    void fileOps_path_containment_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("expected"); // -1 ok, else ErrorCode
        QTest::newRow("relative") << QStringLiteral("a/b.txt") << -1;
        QTest::newRow("dot segments inside") << QStringLiteral("a/../c.txt") << -1;
        QTest::newRow("parent") << QStringLiteral("../x.txt") << int(ErrorCode::PermissionDenied);
        QTest::newRow("absolute outside") << QStringLiteral("/etc/passwd") << int(ErrorCode::PermissionDenied);
        QTest::newRow("through symlink") << QStringLiteral("etc-link/passwd") << int(ErrorCode::PermissionDenied);
        QTest::newRow("dangling symlink out") << QStringLiteral("dangling") << int(ErrorCode::PermissionDenied);
        QTest::newRow("empty") << QString() << int(ErrorCode::InvalidInput);
    }
    void fileOps_path_containment()
    {
        QFETCH(QString, path);
        QFETCH(int, expected);
        UnixLocalSandboxSession *session = makeSession(Confinement::None);
        QVERIFY(session);
        const QString root = session->workspaceRoot();
        QVERIFY(QFile::link(QStringLiteral("/etc"), root + QStringLiteral("/etc-link")));
        QVERIFY(QFile::link(m_dir->path() + QStringLiteral("/outside-new"), root + QStringLiteral("/dangling")));

        const Result<void> written = session->writeFile(path, "data");
        if (expected < 0) {
            SC_VERIFY_OK(written);
            const Result<QByteArray> read = session->readFile(path);
            SC_VERIFY_OK(read);
            QCOMPARE(*read, QByteArray("data"));
            const Result<QByteArray> absolute = session->readFile(root + QLatin1Char('/') + path);
            SC_VERIFY_OK(absolute);
        } else {
            QVERIFY(!written);
            QCOMPARE(int(written.error().code), expected);
            QVERIFY(!session->readFile(path));
            QVERIFY(!QFileInfo::exists(m_dir->path() + QStringLiteral("/outside-new")));
            QVERIFY(!QFileInfo::exists(m_dir->path() + QStringLiteral("/x.txt")));
        }
    }

    void fileOps_listMkdirRemove_roundTrip()
    {
        UnixLocalSandboxSession *session = makeSession(Confinement::None);
        QVERIFY(session);
        const Result<void> step2 = session->makeDir(QStringLiteral("d"), false);
        SC_VERIFY_OK(step2);
        QVERIFY(!session->makeDir(QStringLiteral("x/y"), false));
        const Result<void> step3 = session->writeFile(QStringLiteral("d/f.txt"), "12345");
        SC_VERIFY_OK(step3);
        const Result<QList<FileEntry>> list = session->listDir(QStringLiteral("d"));
        SC_VERIFY_OK(list);
        QCOMPARE(list->size(), 1);
        QCOMPARE(list->first().path, QStringLiteral("d/f.txt"));
        QCOMPARE(list->first().size, qint64(5));
        QCOMPARE(list->first().kind, FileEntry::Kind::File);
        QVERIFY(!session->remove(QStringLiteral("d"), false));
        const Result<void> step4 = session->remove(QStringLiteral("d"), true);
        SC_VERIFY_OK(step4);
        QVERIFY(!QFileInfo::exists(session->workspaceRoot() + QStringLiteral("/d")));
        const Result<void> step5 = session->remove(QStringLiteral("missing"), true);
        SC_VERIFY_OK(step5);
        const Result<void> missing = session->remove(QStringLiteral("missing"), false);
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
        QVERIFY(!session->remove(QStringLiteral("."), true));
        QVERIFY(QFileInfo::exists(session->workspaceRoot()));
    }

    void close_bwrapCommands_processGroupsKilled()
    {
        if (!bwrapInstalled()) {
            QSKIP("bubblewrap is not installed");
        }
        UnixLocalSandboxSession *session = makeSession(Confinement::Bubblewrap);
        QVERIFY(session);
        ExecRequest request;
        request.argv = {QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("sleep 4242 & sleep 4242; true")};
        ExecCall call = session->exec(request);
        ProcessRequest process;
        process.argv = {QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("sleep 4242; true")};
        process.tty = true;
        const Result<ProcessChunk> started = await(session->startProcess(process, 0));
        SC_VERIFY_OK(started);
        QVERIFY(started->processId.has_value());
        QTRY_COMPARE_WITH_TIMEOUT(sleepers(QStringLiteral("4242")).size(), 3, 10000);

        QSignalSpy finished(session, &SandboxSession::commandFinished);
        session->close();
        const Result<ExecResult> r = await(call.future);
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::Cancelled);
        QCOMPARE(session->processCount(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(sleepers(QStringLiteral("4242")).size(), 0, 10000);
    }

    void cleanup()
    {
        m_client.reset();
        m_dir.reset();
    }
};

QTEST_GUILESS_MAIN(tst_UnixLocalSandbox)
#include "tst_unixlocalsandbox.moc"
