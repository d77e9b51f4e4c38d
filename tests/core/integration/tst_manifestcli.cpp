// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "testenv.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using Sandcastle::Test::readTestFile;
using Sandcastle::Test::writeTestFile;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run runCli(const QStringList &args)
{
    Run r;
    QProcess p;
    p.start(qEnvironmentVariable("SANDCASTLE_BIN"), args);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit) {
        r.err = QStringLiteral("did not finish");
        return r;
    }
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace

class tst_ManifestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        const QString bin = qEnvironmentVariable("SANDCASTLE_BIN");
        QVERIFY2(QFileInfo(bin).isExecutable(), qPrintable(QStringLiteral("SANDCASTLE_BIN not executable: ") + bin));
    }

    void validate_manifests_exitCodeAndMessage_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("expected"); // %1 = manifest path
        QTest::newRow("valid")
            << QByteArray(
                   R"({"entries":{"a":{"type":"file","content":"x"},"d":{"type":"dir","children":{"b":{"type":"file","content":""}}}}})")
            << 0 << QStringLiteral("%1: valid (3 entries)\n");
        QTest::newRow("bad content")
            << QByteArray(R"({"entries":{"src":{"type":"dir","children":{"a.txt":{"type":"file","content":1}}}}})") << 2
            << QStringLiteral("%1: /entries/src/children/a.txt/content: expected a string, got a number\n");
        QTest::newRow("escape") << QByteArray(R"({"entries":{"a/../..":{"type":"file","content":""}}})") << 2
                                << QStringLiteral(
                                       "%1: /entries/a~1..~1..: path contains '..' and could escape the root\n");
        QTest::newRow("syntax") << QByteArray("{\n\"entries\": }") << 2 << QStringLiteral("%1:2:");
    }
    void validate_manifests_exitCodeAndMessage()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, exitCode);
        QFETCH(QString, expected);
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString file = tmp.filePath(QStringLiteral("manifest.json"));
        QVERIFY(writeTestFile(file, json));
        const Run r = runCli({QStringLiteral("manifest"), QStringLiteral("validate"), file});
        QCOMPARE(r.exitCode, exitCode);
        const QString text = exitCode == 0 ? r.out : r.err;
        QVERIFY2(text.startsWith(expected.arg(file)), qPrintable(text));
    }

    void validate_missingFileOrUsage_badInput()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const Run missing =
            runCli({QStringLiteral("manifest"), QStringLiteral("validate"), tmp.filePath(QStringLiteral("no.json"))});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains(QStringLiteral("no such file")), qPrintable(missing.err));
        const Run usage = runCli({QStringLiteral("manifest"), QStringLiteral("frobnicate")});
        QCOMPARE(usage.exitCode, 2);
        QVERIFY2(usage.err.contains(QStringLiteral("usage: sandcastle manifest")), qPrintable(usage.err));
    }

    void materialize_validManifest_writesWorkspaceWithProgress()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        QVERIFY(writeTestFile(tmp.filePath(QStringLiteral("data/tree/x.txt")), "x"));
        const QString file = tmp.filePath(QStringLiteral("manifest.json"));
        QVERIFY(writeTestFile(
            file,
            R"({"entries":{"README.md":{"type":"file","content":"hi"},"t":{"type":"local_dir","src":"data/tree"}}})"));
        const QString target = tmp.filePath(QStringLiteral("ws"));
        const Run r = runCli({QStringLiteral("manifest"), QStringLiteral("materialize"), file, target});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains(QStringLiteral("materializing: 3/3 entries")), qPrintable(r.err));
        QVERIFY2(r.out.startsWith(file + QStringLiteral(": materialized 3 entries (2 files")), qPrintable(r.out));
        QFile x(target + QStringLiteral("/t/x.txt"));
        QVERIFY(x.open(QIODevice::ReadOnly));
        QCOMPARE(x.readAll(), QByteArray("x"));
    }

    void materialize_failures_exitCodeAndNoWorkspace_data()
    {
        QTest::addColumn<QByteArray>("entries");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("expected");
        QTest::newRow("symlink") << QByteArray(R"("t":{"type":"local_dir","src":"data"})") << 2
                                 << QStringLiteral("/entries/t/src: '%1/data/link' is a symlink");
        QTest::newRow("mount")
            << QByteArray(
                   R"("m":{"type":"azure_blob_mount","account":"a","container":"c","mount_strategy":{"type":"in_container","pattern":"fuse"}})")
            << 4 << QStringLiteral("/entries/m: mount entries (azure_blob_mount) are not supported");
        QTest::newRow("missing source") << QByteArray(R"("f":{"type":"local_file","src":"absent.txt"})") << 4
                                        << QStringLiteral("/entries/f/src: cannot read '%1/absent.txt'");
    }
    void materialize_failures_exitCodeAndNoWorkspace()
    {
        QFETCH(QByteArray, entries);
        QFETCH(int, exitCode);
        QFETCH(QString, expected);
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        QVERIFY(writeTestFile(tmp.filePath(QStringLiteral("data/plain.txt")), "p"));
        QCOMPARE(::symlink("plain.txt", QFile::encodeName(tmp.filePath(QStringLiteral("data/link"))).constData()), 0);
        const QString file = tmp.filePath(QStringLiteral("manifest.json"));
        QVERIFY(writeTestFile(file, "{\"entries\":{" + entries + "}}"));
        const QString parent = tmp.filePath(QStringLiteral("out"));
        const Run r =
            runCli({QStringLiteral("manifest"), QStringLiteral("materialize"), file, parent + QStringLiteral("/ws")});
        QCOMPARE(r.exitCode, exitCode);
        expected.replace(QStringLiteral("%1"), tmp.path());
        QVERIFY2(r.err.contains(file + QStringLiteral(": ") + expected), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(parent));
    }
};

QTEST_GUILESS_MAIN(tst_ManifestCli)
#include "tst_manifestcli.moc"
