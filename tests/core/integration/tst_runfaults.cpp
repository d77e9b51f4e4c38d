// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Faults outside the model stream (those are in tst_providererrors, dockerd in tst_dockerfaults):
// the disk under the journal fills up mid-run, and SIGTERM reaches `sandcastle run` or the desktop
// app. Each ends in a clear error or a clean stop, with a journal that opens and a workspace that
// `sandcastle resume` brings to what an uninterrupted run leaves.
#include "clirun.h"
#include "resultverify.h"
#include "testenv.h"

#include "sandcastle/core/journal/runjournal.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>

#include <csignal>
#include <unistd.h>

using namespace Sandcastle::Test;
using namespace Sandcastle::Core;

namespace {

/// Writes `path` until the file system has no byte left; true when it ran out of space.
bool fillUp(const QString &path)
{
    QFile filler(path);
    if (!filler.open(QIODevice::WriteOnly)) {
        return false;
    }
    const QByteArray block(4096, 'x');
    while (filler.write(block) == block.size() && filler.flush()) {
    }
    return filler.error() == QFileDevice::WriteError || filler.error() == QFileDevice::ResourceError;
}

/// True once `pid` catches SIGTERM (its handler is installed: the signal no longer kills it).
bool catchesSigterm(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly)) {
        return false;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("SigCgt:")) {
            return (line.mid(7).trimmed().toULongLong(nullptr, 16) >> (SIGTERM - 1)) & 1;
        }
    }
    return false;
}

QHash<QString, QString> callStatus(const JournalRunState &state)
{
    QHash<QString, QString> status;
    for (const JournalToolCall &call : state.toolCalls) {
        status.insert(call.callId, call.status);
    }
    return status;
}

ScriptedTurn execTurn(const QString &cmd, const QString &callId)
{
    return toolTurn(functionCallItem(QStringLiteral("exec_command"), execArguments(cmd), callId));
}

} // namespace

class tst_RunFaults : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_mount; ///< a 1 MiB tmpfs (root only), empty when it could not be mounted
    QString m_mountSkip;

    QString fresh(const QString &suffix) const
    {
        return m_tmp.filePath(QUuid::createUuid().toString(QUuid::Id128) + suffix);
    }

    static QStringList runArgs(const QString &ws, const QString &journal, const ScriptedModelServer &server,
                               const QString &prompt)
    {
        return {QStringLiteral("run"),        QStringLiteral("--workspace"), ws,    QStringLiteral("--state"), journal,
                QStringLiteral("--base-url"), server.baseUrl().toString(),   prompt};
    }

    static QStringList resumeArgs(const QString &journal, const ScriptedModelServer &server)
    {
        return {QStringLiteral("resume"), QStringLiteral("--state"), journal, QStringLiteral("--base-url"),
                server.baseUrl().toString()};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        const QString dir = m_tmp.filePath(QStringLiteral("small"));
        QVERIFY(QDir().mkpath(dir));
        if (::geteuid() != 0) {
            m_mountSkip = QStringLiteral("mounting a small tmpfs needs root");
            return;
        }
        QProcess mount;
        mount.start(QStringLiteral("mount"), {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                                              QStringLiteral("size=1m"), QStringLiteral("sandcastle-test"), dir});
        QVERIFY(mount.waitForFinished(10000));
        QVERIFY2(mount.exitCode() == 0, mount.readAllStandardError().constData());
        m_mount = dir;
    }

    void cleanupTestCase()
    {
        if (!m_mount.isEmpty()) {
            QProcess::execute(QStringLiteral("umount"), {QStringLiteral("-l"), m_mount});
        }
    }

    void run_diskFullDuringJournalCommit_clearErrorJournalIntactResumeFinishes()
    {
        if (m_mount.isEmpty()) {
            QSKIP(qPrintable(m_mountSkip));
        }
        const QString ws = fresh(QStringLiteral("-ws"));
        const QString journal = m_mount + QStringLiteral("/run.sqlite");
        const QString filler = m_mount + QStringLiteral("/filler");
        ScriptedModelServer first;
        QVERIFY(first.listen());
        first.enqueue(execTurn(QStringLiteral("echo one >> log.txt"), QStringLiteral("call_one")));
        first.enqueue(execTurn(QStringLiteral("echo two >> log.txt"), QStringLiteral("call_two")));
        first.enqueue(answerTurn(QStringLiteral("never reached")));
        bool filled = false;
        // The second request is sent after call_one's output was committed: the disk fills up then.
        const CliRun failed = runSandcastle(runArgs(ws, journal, first, QStringLiteral("log twice")), {}, 60000, &first,
                                            [&](QProcess &, int index) {
                                                if (index == 1) {
                                                    filled = fillUp(filler);
                                                }
                                            });
        QVERIFY(filled);
        QVERIFY2(failed.finished && failed.exitCode == 4, qPrintable(failed.describe()));
        QVERIFY2(failed.err.contains(journal) && failed.err.contains(QLatin1String("disk is full")),
                 qPrintable(failed.err));
        // Nothing ran past the step the journal could not keep.
        QCOMPARE(readTestFile(ws + QStringLiteral("/log.txt")), QByteArray("one\n"));

        // Still full: the journal opens and holds everything up to the last committed step.
        const Result<JournalRunState> kept = lastJournalRun(journal);
        SC_VERIFY_OK(kept);
        QCOMPARE(callStatus(*kept).value(QStringLiteral("call_one")), QStringLiteral("done"));
        QVERIFY(!callStatus(*kept).contains(QStringLiteral("call_two")));

        QVERIFY(QFile::remove(filler));
        ScriptedModelServer second;
        QVERIFY(second.listen());
        second.enqueue(execTurn(QStringLiteral("echo two >> log.txt"), QStringLiteral("call_two")));
        second.enqueue(answerTurn(QStringLiteral("Logged twice.")));
        const CliRun resumed = runSandcastle(resumeArgs(journal, second));
        QVERIFY2(resumed.finished && resumed.exitCode == 0, qPrintable(resumed.describe()));
        QCOMPARE(resumed.out, QStringLiteral("Logged twice.\n"));
        QCOMPARE(readTestFile(ws + QStringLiteral("/log.txt")), QByteArray("one\ntwo\n"));
        // call_one's output came from the journal: the model saw it without the command running again.
        const QHash<QString, QString> outputs = toolOutputs(second.requests().first());
        QVERIFY2(outputs.value(QStringLiteral("call_one")).contains(QLatin1String("Process exited with code 0")),
                 qPrintable(outputs.value(QStringLiteral("call_one"))));
        const Result<JournalRunState> done = lastJournalRun(journal);
        SC_VERIFY_OK(done);
        QCOMPARE(done->run.status, QStringLiteral("done"));
    }

    void run_sigtermMidCommand_stopsCleanlyAndResumeFinishesTheSameWorkspace()
    {
        const QString ws = fresh(QStringLiteral("-ws"));
        const QString journal = fresh(QStringLiteral(".sqlite"));
        ScriptedModelServer first;
        QVERIFY(first.listen());
        first.enqueue(execTurn(QStringLiteral("echo one >> log.txt"), QStringLiteral("call_one")));
        // The marker file tells the test that the slow command runs: SIGTERM goes out then.
        first.enqueue(
            execTurn(QStringLiteral("touch started; sleep 2; echo two >> log.txt"), QStringLiteral("call_two")));
        first.enqueue(answerTurn(QStringLiteral("never reached")));
        const QString marker = ws + QStringLiteral("/started");
        const CliRun stopped = runSandcastle(runArgs(ws, journal, first, QStringLiteral("log twice")), {}, 60000,
                                             &first, [marker](QProcess &p, int index) {
                                                 if (index != 1) {
                                                     return;
                                                 }
                                                 auto *poll = new QTimer(&p);
                                                 QObject::connect(poll, &QTimer::timeout, &p, [poll, marker, &p] {
                                                     if (QFile::exists(marker)) {
                                                         poll->stop();
                                                         ::kill(pid_t(p.processId()), SIGTERM);
                                                     }
                                                 });
                                                 poll->start(20);
                                             });
        QVERIFY2(stopped.finished && stopped.exitCode == 130, qPrintable(stopped.describe()));
        QVERIFY2(stopped.err.contains(QLatin1String("interrupted")), qPrintable(stopped.err));

        // The journal was flushed: the run ended as cancelled, call_one done, call_two never finished.
        const Result<JournalRunState> kept = lastJournalRun(journal);
        SC_VERIFY_OK(kept);
        QCOMPARE(kept->run.status, QStringLiteral("cancelled"));
        QCOMPARE(callStatus(*kept).value(QStringLiteral("call_one")), QStringLiteral("done"));
        QVERIFY(callStatus(*kept).value(QStringLiteral("call_two")) != QLatin1String("done"));
        QCOMPARE(readTestFile(ws + QStringLiteral("/log.txt")), QByteArray("one\n"));

        ScriptedModelServer second;
        QVERIFY(second.listen());
        second.enqueue(answerTurn(QStringLiteral("Logged twice.")));
        QVERIFY(QFile::remove(marker));
        const CliRun resumed = runSandcastle(resumeArgs(journal, second), {}, 90000);
        QVERIFY2(resumed.finished && resumed.exitCode == 0, qPrintable(resumed.describe()));
        QCOMPARE(resumed.out, QStringLiteral("Logged twice.\n"));
        // What an uninterrupted run leaves: call_one did not run again, call_two ran once.
        QCOMPARE(readTestFile(ws + QStringLiteral("/log.txt")), QByteArray("one\ntwo\n"));
        QVERIFY(QFile::exists(marker));
        const Result<JournalRunState> done = lastJournalRun(journal);
        SC_VERIFY_OK(done);
        QCOMPARE(done->run.status, QStringLiteral("done"));
        QCOMPARE(callStatus(*done).value(QStringLiteral("call_two")), QStringLiteral("done"));
    }

    void desktop_sigterm_quitsCleanly()
    {
        const QString home = fresh(QStringLiteral("-home"));
        const QString ws = fresh(QStringLiteral("-ws"));
        QVERIFY(QDir().mkpath(home) && QDir().mkpath(ws));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        for (const char *var : {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"}) {
            env.insert(QString::fromLatin1(var), home + QLatin1Char('/') + QString::fromLatin1(var));
        }
        QProcess app;
        app.setProcessEnvironment(env);
        app.start(qEnvironmentVariable("SANDCASTLE_BIN"), {QStringLiteral("--workspace"), ws});
        QVERIFY2(app.waitForStarted(10000), qPrintable(app.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(catchesSigterm(app.processId()) || app.state() == QProcess::NotRunning, 60000);
        QCOMPARE(app.state(), QProcess::Running);
        ::kill(pid_t(app.processId()), SIGTERM);
        QVERIFY(app.waitForFinished(60000));
        // Without the handler SIGTERM kills the process (CrashExit); with it the app quits normally,
        // so the window, the run controller and an active run are torn down (the journal flushed).
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_RunFaults)
#include "tst_runfaults.moc"
