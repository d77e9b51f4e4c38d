// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The extraction rules (spec 4.4) applied by importArchive() and restore(): hostile input is
// refused with the member named and nothing written.
#include "sandcastle/core/snapshot/snapshotstore.h"

#include "futurewait.h"
#include "resultverify.h"
#include "snapshottesthelpers.h"
#include "testenv.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace Sandcastle::Core;
using Sandcastle::Test::await;
using Sandcastle::Test::readTestFile;
using Sandcastle::Test::writeTestFile;
using namespace SnapshotTest;

class tst_SnapshotExtraction : public QObject
{
    Q_OBJECT

private:
    QString ws() const { return m_tmp->filePath(QStringLiteral("ws")); }
    QString storeDir() const { return m_tmp->filePath(QStringLiteral("store")); }

    std::unique_ptr<QTemporaryDir> m_tmp;

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        QVERIFY(m_tmp->isValid());
        QVERIFY(QDir().mkpath(ws()));
    }

    void importArchive_hostile_rejectedAndNothingWritten_data()
    {
        QTest::addColumn<QList<Member>>("members");
        QTest::addColumn<qint64>("maxMembers");
        QTest::addColumn<QString>("member");
        QTest::addColumn<QString>("reason");
        const QList<Member> ok{{"./", 'd', {}, {}}, {"./fine.txt", 'f', "fine", {}}};
        QTest::newRow("absolute") << (ok + QList<Member>{{"/tmp/evil", 'f', "x", {}}}) << qint64(100)
                                  << QStringLiteral("/tmp/evil") << QStringLiteral("absolute");
        QTest::newRow("dotdot") << (ok + QList<Member>{{"../x", 'f', "x", {}}}) << qint64(100) << QStringLiteral("../x")
                                << QStringLiteral("'..'");
        QTest::newRow("inner dotdot") << (ok + QList<Member>{{"a/../../x", 'f', "x", {}}}) << qint64(100)
                                      << QStringLiteral("a/../../x") << QStringLiteral("'..'");
        QTest::newRow("symlink escape, then a file through it")
            << (ok + QList<Member>{{"./l", 'l', {}, "../outside"}, {"./l/evil", 'f', "x", {}}}) << qint64(100)
            << QStringLiteral("./l") << QStringLiteral("outside the root");
        QTest::newRow("symlink absolute") << (ok + QList<Member>{{"./abs", 'l', {}, "/etc"}}) << qint64(100)
                                          << QStringLiteral("./abs") << QStringLiteral("absolute");
        QTest::newRow("symlink escape through another symlink")
            << (ok + QList<Member>{{"./here", 'l', {}, "."}, {"./up", 'l', {}, "here/.."}}) << qint64(100)
            << QStringLiteral("./up") << QStringLiteral("outside the root");
        QTest::newRow("file below an inside symlink")
            << (ok + QList<Member>{{"./d", 'd', {}, {}}, {"./l", 'l', {}, "d"}, {"./l/x", 'f', "x", {}}}) << qint64(100)
            << QStringLiteral("./l/x") << QStringLiteral("below the symlink");
        QTest::newRow("hard link") << (ok + QList<Member>{{"./hard", 'h', {}, "./fine.txt"}}) << qint64(100)
                                   << QStringLiteral("./hard") << QStringLiteral("hard links");
        QTest::newRow("fifo") << (ok + QList<Member>{{"./pipe", 'p', {}, {}}}) << qint64(100)
                              << QStringLiteral("./pipe") << QStringLiteral("FIFOs");
        QTest::newRow("device") << (ok + QList<Member>{{"./null", 'c', {}, {}}}) << qint64(100)
                                << QStringLiteral("./null") << QStringLiteral("devices");
        QTest::newRow("duplicate") << (ok + QList<Member>{{"fine.txt", 'f', "again", {}}}) << qint64(100)
                                   << QStringLiteral("fine.txt") << QStringLiteral("duplicate");
        QList<Member> many = ok;
        for (int i = 0; i < 10; ++i) {
            many.append({QByteArray("./m") + QByteArray::number(i), 'f', "m", {}});
        }
        QTest::newRow("too many members")
            << many << qint64(5) << QStringLiteral("./m3") << QStringLiteral("more than 5 members");
    }

    void importArchive_hostile_rejectedAndNothingWritten()
    {
        QFETCH(QList<Member>, members);
        QFETCH(qint64, maxMembers);
        QFETCH(QString, member);
        QFETCH(QString, reason);
        const QString tar = m_tmp->filePath(QStringLiteral("hostile.tar"));
        QVERIFY(writeTar(tar, members));
        const QString outside = m_tmp->filePath(QStringLiteral("outside"));
        QVERIFY(QDir().mkpath(outside));

        SnapshotLimits limits;
        limits.maxMembers = maxMembers;
        SnapshotStore store(storeDir(), limits);
        const auto imported = await(store.importArchive(tar));
        QVERIFY(!imported);
        QCOMPARE(imported.error().code, ErrorCode::InvalidInput);
        QVERIFY2(imported.error().message.contains(QStringLiteral("member '%1'").arg(member)),
                 qPrintable(imported.error().message));
        QVERIFY2(imported.error().message.contains(reason), qPrintable(imported.error().message));
        QCOMPARE(bytesUnder(storeDir()), 0);
        QCOMPARE(QDir(outside).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList());
    }

    void importArchive_sizeLimit_rejected()
    {
        const QString tar = m_tmp->filePath(QStringLiteral("big.tar"));
        QVERIFY(writeTar(tar, {{"./a", 'f', QByteArray(60, 'a'), {}}, {"./b", 'f', QByteArray(60, 'b'), {}}}));
        SnapshotLimits limits;
        limits.maxTotalBytes = 100;
        const auto imported = await(SnapshotStore(storeDir(), limits).importArchive(tar));
        QVERIFY(!imported);
        QCOMPARE(imported.error().code, ErrorCode::InvalidInput);
        QVERIFY2(imported.error().message.contains(QStringLiteral("member './b': the total size exceeds 100 bytes")),
                 qPrintable(imported.error().message));
        QCOMPARE(bytesUnder(storeDir()), 0);
    }

    void restore_tamperedListing_rejectedAndTargetUntouched_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("symlink escapes") << QByteArray(R"({"version":2,"entries":[{"name":"escaped","type":"symlink",)"
                                                       R"("mode":511,"target":"../x","mtime_ns":"0"}]})")
                                         << QStringLiteral("member 'escaped'");
        QTest::newRow("dot-dot name") << QByteArray(R"({"version":2,"entries":[{"name":"..","type":"symlink",)"
                                                    R"("mode":511,"target":"x","mtime_ns":"0"}]})")
                                      << QStringLiteral("/entries/0/name: expected one path segment");
        QTest::newRow("slash in name") << QByteArray(R"({"version":2,"entries":[{"name":"a/b","type":"symlink",)"
                                                     R"("mode":511,"target":"x","mtime_ns":"0"}]})")
                                       << QStringLiteral("/entries/0/name: expected one path segment");
        QTest::newRow("directory without tree")
            << QByteArray(R"({"version":2,"entries":[{"name":"d","type":"dir","mode":493}]})")
            << QStringLiteral("/entries/0/tree: expected 64 lower-case hex digits");
        QTest::newRow("version 1 list") << QByteArray(R"({"version":1,"entries":[]})")
                                        << QStringLiteral("/version: expected 2");
    }

    void restore_tamperedListing_rejectedAndTargetUntouched()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        QVERIFY(writeFile(ws() + QStringLiteral("/a.txt"), "a"));
        SnapshotStore store(storeDir());
        const auto info = awaitDurable(store, store.create(ws()));
        SC_VERIFY_OK(info);
        // Point the envelope at a hand-made root listing.
        const QByteArray gz = gzipped(json);
        const QByteArray hash = QCryptographicHash::hash(gz, QCryptographicHash::Sha256).toHex();
        QVERIFY(writeFile(
            storeDir() +
                QStringLiteral("/blobs/%1/%2").arg(QString::fromLatin1(hash.left(2)), QString::fromLatin1(hash)),
            gz));
        const QString envelope = storeDir() + QStringLiteral("/snapshots/%1.json").arg(info->id);
        QJsonObject o = QJsonDocument::fromJson(readTestFile(envelope)).object();
        o.insert(QStringLiteral("tree"), QString::fromLatin1(hash));
        QVERIFY(writeFile(envelope, QJsonDocument(o).toJson()));

        const QString target = m_tmp->filePath(QStringLiteral("target"));
        QVERIFY(QDir().mkpath(target));
        const auto restored = await(store.restore(info->id, target));
        QVERIFY(!restored);
        QCOMPARE(restored.error().code, ErrorCode::InvalidInput);
        QVERIFY2(restored.error().message.contains(expected), qPrintable(restored.error().message));
        QVERIFY(QDir(target).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden));
        QCOMPARE(QDir(m_tmp->path()).entryList({QStringLiteral(".target*")}, QDir::AllEntries | QDir::Hidden),
                 QStringList());
        QVERIFY(!QFileInfo::exists(m_tmp->filePath(QStringLiteral("escaped"))));
        QVERIFY(!QFileInfo::exists(m_tmp->filePath(QStringLiteral("x"))));
    }
};

QTEST_GUILESS_MAIN(tst_SnapshotExtraction)
#include "tst_snapshotextraction.moc"
