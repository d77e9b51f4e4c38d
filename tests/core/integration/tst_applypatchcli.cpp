// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// `sandcastle apply-patch` as a real process ($SANDCASTLE_BIN) on a temporary directory.
#include "testenv.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using Sandcastle::Test::readTestFile;
using Sandcastle::Test::writeTestFile;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class TestApplyPatchCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void applyPatch_fileArgument_printsSummary();
    void applyPatch_stdin_appliesPatch();
    void applyPatch_failingPatch_exit1AndUnchanged();
    void applyPatch_badArguments_exit2_data();
    void applyPatch_badArguments_exit2();

private:
    Run run(const QStringList &args, const QByteArray &input = {});
    QString m_bin;
};

void TestApplyPatchCli::initTestCase()
{
    m_bin = QProcessEnvironment::systemEnvironment().value(QStringLiteral("SANDCASTLE_BIN"));
    if (m_bin.isEmpty()) {
        QSKIP("SANDCASTLE_BIN is not set (run through ctest)");
    }
    QVERIFY2(QFileInfo(m_bin).isExecutable(), qPrintable(m_bin));
}

Run TestApplyPatchCli::run(const QStringList &args, const QByteArray &input)
{
    QProcess process;
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(m_bin, QStringList{QStringLiteral("apply-patch")} + args);
    process.write(input);
    process.closeWriteChannel();
    Run r;
    if (!finished.wait(30000)) {
        process.kill();
        return r;
    }
    r.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    r.out = process.readAllStandardOutput();
    r.err = process.readAllStandardError();
    return r;
}

void TestApplyPatchCli::applyPatch_fileArgument_printsSummary()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString ws = tmp.filePath(QStringLiteral("ws"));
    QVERIFY(QDir().mkpath(ws));
    QVERIFY(writeTestFile(ws + QStringLiteral("/modify.txt"), "line1\nline2\n"));
    QVERIFY(writeTestFile(ws + QStringLiteral("/delete.txt"), "obsolete\n"));
    const QString patch = tmp.filePath(QStringLiteral("p.patch"));
    QVERIFY(writeTestFile(patch,
                          "*** Begin Patch\n*** Add File: nested/new.txt\n+created\n*** Delete File: delete.txt\n"
                          "*** Update File: modify.txt\n@@\n-line2\n+changed\n*** End Patch\n"));
    const Run r = run({QStringLiteral("--root"), ws, patch});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out,
             QByteArray("Success. Updated the following files:\nA nested/new.txt\nM modify.txt\nD delete.txt\n"));
    QCOMPARE(r.err, QByteArray());
    QCOMPARE(readTestFile(ws + QStringLiteral("/nested/new.txt")), QByteArray("created\n"));
    QCOMPARE(readTestFile(ws + QStringLiteral("/modify.txt")), QByteArray("line1\nchanged\n"));
    QVERIFY(!QFile::exists(ws + QStringLiteral("/delete.txt")));
}

void TestApplyPatchCli::applyPatch_stdin_appliesPatch()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const Run r = run({QStringLiteral("--root"), tmp.path(), QStringLiteral("-")},
                      "*** Begin Patch\n*** Add File: x.txt\n+x\n*** End Patch\n");
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray("Success. Updated the following files:\nA x.txt\n"));
    QCOMPARE(readTestFile(tmp.filePath(QStringLiteral("x.txt"))), QByteArray("x\n"));
}

void TestApplyPatchCli::applyPatch_failingPatch_exit1AndUnchanged()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QVERIFY(writeTestFile(tmp.filePath(QStringLiteral("a.txt")), "a\n"));
    const Run r = run({QStringLiteral("--root"), tmp.path()},
                      "*** Begin Patch\n*** Add File: created.txt\n+hello\n*** Update File: a.txt\n@@\n-zzz\n+y\n"
                      "*** End Patch\n");
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.out, QByteArray());
    QVERIFY2(r.err.startsWith("a.txt: hunk 1 (line 5): Invalid Context 0:\nzzz\n"), r.err.constData());
    QCOMPARE(QDir(tmp.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList{QStringLiteral("a.txt")});
    QCOMPARE(readTestFile(tmp.filePath(QStringLiteral("a.txt"))), QByteArray("a\n"));
}

void TestApplyPatchCli::applyPatch_badArguments_exit2_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("error");
    QTest::newRow("no-root") << QStringList{QStringLiteral("-")} << QByteArray("--root DIR is required");
    QTest::newRow("root-missing") << QStringList{QStringLiteral("--root"), QStringLiteral("/nonexistent/dir")}
                                  << QByteArray("/nonexistent/dir is not a directory");
    QTest::newRow("unreadable-file") << QStringList{QStringLiteral("--root"), QStringLiteral("."),
                                                    QStringLiteral("/nonexistent.patch")}
                                     << QByteArray("cannot read /nonexistent.patch");
    QTest::newRow("unknown-option") << QStringList{QStringLiteral("--frob")} << QByteArray("unknown option --frob");
}

void TestApplyPatchCli::applyPatch_badArguments_exit2()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, error);
    const Run r = run(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(error), r.err.constData());
}

QTEST_GUILESS_MAIN(TestApplyPatchCli)
#include "tst_applypatchcli.moc"
