// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/snapshot/snapshotstore.h"

#include "futurewait.h"
#include "resultverify.h"
#include "snapshottesthelpers.h"
#include "testenv.h"

#include <QDir>
#include <QDirIterator>
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

class tst_SnapshotStore : public QObject
{
    Q_OBJECT

private:
    QString ws() const { return m_tmp->filePath(QStringLiteral("ws")); }
    QString storeDir() const { return m_tmp->filePath(QStringLiteral("store")); }

    Result<SnapshotInfo> snapshot(const SnapshotStore &store, const SnapshotCreateOptions &options = {})
    {
        return awaitDurable(store, store.create(ws(), options));
    }

    /// A workspace with every kind of member the snapshot keeps.
    bool makeRichWorkspace()
    {
        return writeFile(ws() + QStringLiteral("/README.md"), "hello\n") &&
               writeFile(ws() + QStringLiteral("/src/main.c"), "int main() { return 0; }") && // no trailing newline
               writeFile(ws() + QStringLiteral("/src/deep/er/x.txt"), "deep\n") &&
               writeFile(ws() + QStringLiteral("/run.sh"), "#!/bin/sh\necho hi\n", 0755) &&
               writeFile(ws() + QStringLiteral("/secret.key"), "k", 0600) &&
               writeFile(ws() + QStringLiteral("/empty.txt"), "") &&
               writeFile(ws() + QStringLiteral("/Ünïcödé/日本語 ファイル.txt"), "utf-8 ✓\n") &&
               QDir().mkpath(ws() + QStringLiteral("/empty-dir")) &&
               makeSymlink(QStringLiteral("src/main.c"), ws() + QStringLiteral("/link-to-main")) &&
               makeSymlink(QStringLiteral("../README.md"), ws() + QStringLiteral("/src/up-link")) &&
               makeSymlink(QStringLiteral("does-not-exist"), ws() + QStringLiteral("/dangling")) &&
               ::chmod(QFile::encodeName(ws() + QStringLiteral("/src/deep")).constData(), 0750) == 0;
    }

    QStringList blobNames() const
    {
        QStringList names;
        QDirIterator it(storeDir() + QStringLiteral("/blobs"), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            names << it.next();
        }
        return names;
    }

    std::unique_ptr<QTemporaryDir> m_tmp;

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        QVERIFY(m_tmp->isValid());
        QVERIFY(QDir().mkpath(ws()));
    }

    void create_richWorkspace_restoresIdenticalTree()
    {
        QVERIFY(makeRichWorkspace());
        SnapshotStore store(storeDir());
        const auto info = snapshot(store, {{}, QStringLiteral("turn 1"), {}, {}});
        SC_VERIFY_OK(info);
        QCOMPARE(info->label, QStringLiteral("turn 1"));
        QCOMPARE(info->fileCount, 10); // 7 files + 3 symlinks
        QCOMPARE(info->dirCount, 5);   // src, src/deep, src/deep/er, Ünïcödé, empty-dir
        QCOMPARE(info->bytes, qint64(6 + 24 + 5 + 18 + 1 + 0 + QByteArray("utf-8 ✓\n").size()));
        QVERIFY(info->parentId.isEmpty());

        const QString target = m_tmp->filePath(QStringLiteral("restored/deeper/ws"));
        const auto restored = await(store.restore(info->id, target));
        SC_VERIFY_OK(restored);
        QCOMPARE(restored->id, info->id);
        const auto expected = treeOf(ws());
        const auto actual = treeOf(target);
        QVERIFY2(actual == expected,
                 qPrintable(describe(actual) + QStringLiteral("\n--- expected\n") + describe(expected)));
        QCOMPARE(readTestFile(target + QStringLiteral("/src/main.c")), QByteArray("int main() { return 0; }"));
        QVERIFY(QFileInfo(target + QStringLiteral("/run.sh")).isExecutable());
        QVERIFY(QDir(m_tmp->filePath(QStringLiteral("restored/deeper")))
                    .entryList(QDir::Hidden | QDir::AllEntries | QDir::NoDotAndDotDot) ==
                QStringList{QStringLiteral("ws")});
    }

    void create_unchangedWorkspace_addsOnlyTheEnvelope()
    {
        QVERIFY(makeRichWorkspace());
        QVERIFY(writeFile(ws() + QStringLiteral("/big.bin"), QByteArray(300000, 'b')));
        SnapshotStore store(storeDir());
        const auto first = snapshot(store);
        SC_VERIFY_OK(first);
        QVERIFY(first->addedBytes > 300000);
        const qint64 before = bytesUnder(storeDir());
        const auto second = snapshot(store);
        SC_VERIFY_OK(second);
        const qint64 added = bytesUnder(storeDir()) - before;
        QVERIFY2(added > 0 && added < 1024, qPrintable(QString::number(added)));
        QCOMPARE(second->addedBytes, added);
        const auto treeOfSnapshot = [this](const QString &id) {
            return QJsonDocument::fromJson(readTestFile(storeDir() + QStringLiteral("/snapshots/%1.json").arg(id)))
                .object()
                .value(QStringLiteral("tree"))
                .toString();
        };
        QVERIFY(!treeOfSnapshot(first->id).isEmpty());
        QCOMPARE(treeOfSnapshot(second->id), treeOfSnapshot(first->id)); // one shared root listing
        QCOMPARE(second->parentId, first->id);
        QCOMPARE(second->bytes, first->bytes);
        const auto all = await(store.list());
        SC_VERIFY_OK(all);
        QCOMPARE(all->size(), 2);
        QCOMPARE(all->at(0).id, first->id);
        QCOMPARE(all->at(1).id, second->id);
    }

    void create_concurrentCalls_serializeOnTheLock()
    {
        QVERIFY(makeRichWorkspace());
        const SnapshotStore store(storeDir());
        QList<QFuture<Result<SnapshotInfo>>> futures;
        for (int i = 0; i < 4; ++i) {
            futures << SnapshotStore(storeDir()).create(ws());
        }
        QSet<QString> ids;
        for (const auto &future : std::as_const(futures)) {
            const auto info = await(future);
            SC_VERIFY_OK(info);
            ids.insert(info->id);
        }
        QCOMPARE(ids.size(), 4);
        const auto all = await(store.list());
        SC_VERIFY_OK(all);
        QCOMPARE(all->size(), 4);
        for (qsizetype i = 1; i < all->size(); ++i) {
            QCOMPARE(all->at(i).parentId, all->at(i - 1).id); // each saw the previous one committed
        }
    }

    void create_oneFileChanged_addsOnlyItsBlob()
    {
        for (int i = 0; i < 8; ++i) {
            QVERIFY(writeFile(ws() + QStringLiteral("/f%1.bin").arg(i), QByteArray(100000, char('a' + i))));
        }
        SnapshotStore store(storeDir());
        const auto first = snapshot(store);
        SC_VERIFY_OK(first);
        QVERIFY(writeFile(ws() + QStringLiteral("/f3.bin"), QByteArray(50000, 'z')));
        const qint64 before = bytesUnder(storeDir());
        const auto second = snapshot(store);
        SC_VERIFY_OK(second);
        const qint64 added = bytesUnder(storeDir()) - before;
        QVERIFY2(added >= 50000 && added < 50000 + 2048, qPrintable(QString::number(added)));

        const QString oldTree = m_tmp->filePath(QStringLiteral("old"));
        SC_VERIFY_OK(await(store.restore(first->id, oldTree)));
        QCOMPARE(readTestFile(oldTree + QStringLiteral("/f3.bin")), QByteArray(100000, 'd'));
        const QString newTree = m_tmp->filePath(QStringLiteral("new"));
        SC_VERIFY_OK(await(store.restore(second->id, newTree)));
        QCOMPARE(readTestFile(newTree + QStringLiteral("/f3.bin")), QByteArray(50000, 'z'));
        QCOMPARE(treeOf(newTree), treeOf(ws()));
    }

    void create_oneFileChangedDeep_addsItsBlobAndTheListingChainOnly()
    {
        for (int d = 0; d < 20; ++d) {
            for (int f = 0; f < 20; ++f) {
                QVERIFY(writeFile(ws() + QStringLiteral("/d%1/sub/f%2.txt").arg(d).arg(f),
                                  QStringLiteral("file %1/%2 ").arg(d).arg(f).toUtf8().repeated(50)));
            }
        }
        SnapshotStore store(storeDir());
        const auto first = snapshot(store);
        SC_VERIFY_OK(first);
        const QStringList blobsBefore = blobNames();
        QVERIFY(writeFile(ws() + QStringLiteral("/d7/sub/f3.txt"), QByteArray(5000, 'n')));
        const auto second = snapshot(store);
        SC_VERIFY_OK(second);
        // The file, and the listings of d7/sub, d7 and the root: 4 new blobs; the other 19
        // directories' listings are shared with the first snapshot.
        const QStringList blobsAfter = blobNames();
        QCOMPARE(blobsAfter.size() - blobsBefore.size(), 4);
        QVERIFY2(second->addedBytes < 5000 + 4096, qPrintable(QString::number(second->addedBytes)));
        const QString restored = m_tmp->filePath(QStringLiteral("restored"));
        SC_VERIFY_OK(await(store.restore(second->id, restored)));
        QCOMPARE(treeOf(restored), treeOf(ws()));
    }

    void create_excludedPaths_areLeftOut()
    {
        QVERIFY(writeFile(ws() + QStringLiteral("/mnt/data/x"), "mounted"));
        QVERIFY(writeFile(ws() + QStringLiteral("/mnt2/kept"), "kept"));
        QVERIFY(writeFile(ws() + QStringLiteral("/eph.txt"), "ephemeral"));
        QVERIFY(writeFile(ws() + QStringLiteral("/a/b/cache/y"), "cache"));
        QVERIFY(writeFile(ws() + QStringLiteral("/a/b/keep"), "keep"));
        SnapshotStore store(storeDir());
        const auto info = snapshot(
            store, {{QStringLiteral("mnt"), QStringLiteral("./eph.txt"), QStringLiteral("a/b/cache/")}, {}, {}, {}});
        SC_VERIFY_OK(info);
        const QString target = m_tmp->filePath(QStringLiteral("out"));
        SC_VERIFY_OK(await(store.restore(info->id, target)));
        const QStringList paths = treeOf(target).keys();
        QCOMPARE(paths, (QStringList{QStringLiteral("a"), QStringLiteral("a/b"), QStringLiteral("a/b/keep"),
                                     QStringLiteral("mnt2"), QStringLiteral("mnt2/kept")}));

        const auto bad = snapshot(store, {{QStringLiteral("../outside")}, {}, {}, {}});
        QVERIFY(!bad);
        QCOMPARE(bad.error().code, ErrorCode::InvalidInput);
        QVERIFY2(bad.error().message.contains(QStringLiteral("../outside")), qPrintable(bad.error().message));
    }

    void exportImport_roundTrip_restoresIdenticalTree()
    {
        QVERIFY(makeRichWorkspace());
        SnapshotStore store(storeDir());
        const auto info = snapshot(store);
        SC_VERIFY_OK(info);
        const QString tar = m_tmp->filePath(QStringLiteral("ws.tar"));
        SC_VERIFY_OK(await(store.exportArchive(info->id, tar)));

        SnapshotStore other(m_tmp->filePath(QStringLiteral("other-store")));
        const auto imported = await(other.importArchive(tar, QStringLiteral("seeded")));
        SC_VERIFY_OK(imported);
        QCOMPARE(imported->fileCount, info->fileCount);
        QCOMPARE(imported->dirCount, info->dirCount);
        QCOMPARE(imported->bytes, info->bytes);
        QCOMPARE(imported->label, QStringLiteral("seeded"));
        const QString target = m_tmp->filePath(QStringLiteral("from-tar"));
        SC_VERIFY_OK(await(other.restore(imported->id, target)));
        QCOMPARE(describe(treeOf(target)), describe(treeOf(ws())));

        // The archive is an ordinary tar: GNU tar extracts the same tree.
        const QString byTar = m_tmp->filePath(QStringLiteral("by-tar"));
        QVERIFY(QDir().mkpath(byTar));
        QProcess p;
        p.start(QStringLiteral("tar"), {QStringLiteral("-xpf"), tar, QStringLiteral("-C"), byTar});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        QCOMPARE(describe(treeOf(byTar, false)), describe(treeOf(ws(), false)));
    }

    void restore_missingBlob_failsAndLeavesNothing()
    {
        QVERIFY(writeFile(ws() + QStringLiteral("/a.txt"), "content a"));
        QVERIFY(writeFile(ws() + QStringLiteral("/b.txt"), "content b"));
        SnapshotStore store(storeDir());
        const auto info = snapshot(store);
        SC_VERIFY_OK(info);
        const QByteArray hash = QCryptographicHash::hash("content b", QCryptographicHash::Sha256).toHex();
        QVERIFY(QFile::remove(
            storeDir() +
            QStringLiteral("/blobs/%1/%2").arg(QString::fromLatin1(hash.left(2)), QString::fromLatin1(hash))));
        const QString target = m_tmp->filePath(QStringLiteral("new/target"));
        const auto restored = await(store.restore(info->id, target));
        QVERIFY(!restored);
        QVERIFY2(restored.error().message.contains(QStringLiteral("member 'b.txt'")),
                 qPrintable(restored.error().message));
        QVERIFY(!QFileInfo::exists(m_tmp->filePath(QStringLiteral("new"))));
    }

    void restore_badTargets_rejected()
    {
        QVERIFY(writeFile(ws() + QStringLiteral("/a.txt"), "a"));
        SnapshotStore store(storeDir());
        const auto info = snapshot(store);
        SC_VERIFY_OK(info);
        const QString full = m_tmp->filePath(QStringLiteral("full"));
        QVERIFY(writeFile(full + QStringLiteral("/keep.txt"), "mine"));
        const auto notEmpty = await(store.restore(info->id, full));
        QVERIFY(!notEmpty);
        QCOMPARE(notEmpty.error().code, ErrorCode::InvalidInput);
        QVERIFY2(notEmpty.error().message.contains(QStringLiteral("not empty")), qPrintable(notEmpty.error().message));
        QCOMPARE(readTestFile(full + QStringLiteral("/keep.txt")), QByteArray("mine"));

        const auto unknown =
            await(store.restore(QStringLiteral("20990101T000000000Z-deadbeef"), m_tmp->filePath(QStringLiteral("x"))));
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().code, ErrorCode::NotFound);
        const auto traversal = await(store.restore(QStringLiteral("../x"), m_tmp->filePath(QStringLiteral("x"))));
        QVERIFY(!traversal);
        QCOMPARE(traversal.error().code, ErrorCode::InvalidInput);
    }

    void list_damagedEnvelope_namesTheFile()
    {
        QVERIFY(writeFile(ws() + QStringLiteral("/a.txt"), "a"));
        SnapshotStore store(storeDir());
        const auto info = snapshot(store);
        SC_VERIFY_OK(info);
        const QString envelope = storeDir() + QStringLiteral("/snapshots/%1.json").arg(info->id);
        const QByteArray json = readTestFile(envelope);
        QVERIFY(writeFile(envelope, json.left(json.size() / 2)));
        const auto all = await(store.list());
        QVERIFY(!all);
        QCOMPARE(all.error().code, ErrorCode::InvalidInput);
        QVERIFY2(all.error().message.startsWith(envelope), qPrintable(all.error().message));
    }

    void list_version1Envelope_refusedNamingTheVersion()
    {
        QVERIFY(writeFile(ws() + QStringLiteral("/a.txt"), "a"));
        SnapshotStore store(storeDir());
        const auto info = snapshot(store);
        SC_VERIFY_OK(info);
        const QString envelope = storeDir() + QStringLiteral("/snapshots/%1.json").arg(info->id);
        QJsonObject o = QJsonDocument::fromJson(readTestFile(envelope)).object();
        QCOMPARE(o.value(QStringLiteral("version")).toInt(), 2);
        o.insert(QStringLiteral("version"), 1);
        QVERIFY(writeFile(envelope, QJsonDocument(o).toJson()));
        const auto all = await(store.list());
        QVERIFY(!all);
        QCOMPARE(all.error().code, ErrorCode::InvalidInput);
        QVERIFY2(all.error().message.startsWith(envelope + QStringLiteral(": /version: snapshot format version 1")),
                 qPrintable(all.error().message));
    }

    void remove_thenGc_reclaimsBlobs()
    {
        QVERIFY(writeFile(ws() + QStringLiteral("/a.bin"), QByteArray(20000, 'a')));
        SnapshotStore store(storeDir());
        const auto info = snapshot(store);
        SC_VERIFY_OK(info);
        SC_VERIFY_OK(await(store.remove(info->id)));
        const auto again = await(store.remove(info->id));
        QVERIFY(!again);
        QCOMPARE(again.error().code, ErrorCode::NotFound);
        QVERIFY(bytesUnder(storeDir()) >= 20000);
        const auto report = await(store.gc(qint64(1) << 40, 0));
        SC_VERIFY_OK(report);
        QCOMPARE(report->removedBlobs, 2); // the file and the root directory listing
        QCOMPARE(report->bytesAfter, 0);
        QCOMPARE(bytesUnder(storeDir()), 0);
    }

    void gc_underCap_keepsTheNewest()
    {
        SnapshotStore store(storeDir());
        QStringList ids;
        for (int i = 0; i < 5; ++i) {
            QVERIFY(writeFile(ws() + QStringLiteral("/data.bin"), QByteArray(10000, char('0' + i))));
            QVERIFY(writeFile(ws() + QStringLiteral("/shared.bin"), QByteArray(3000, 's')));
            const auto info = snapshot(store);
            SC_VERIFY_OK(info);
            ids << info->id;
        }
        const auto usage = await(store.diskUsage());
        SC_VERIFY_OK(usage);
        QCOMPARE(*usage, bytesUnder(storeDir()));
        QVERIFY(*usage > 53000);

        const auto report = await(store.gc(25000, 1));
        SC_VERIFY_OK(report);
        QCOMPARE(report->removedSnapshots, ids.mid(0, 3));
        QVERIFY2(report->bytesAfter <= 25000, qPrintable(QString::number(report->bytesAfter)));
        QCOMPARE(report->bytesAfter, bytesUnder(storeDir()));
        const auto left = await(store.list());
        SC_VERIFY_OK(left);
        QCOMPARE(left->size(), 2);
        QCOMPARE(left->at(0).id, ids.at(3));
        QCOMPARE(left->at(1).id, ids.at(4));
        const QString target = m_tmp->filePath(QStringLiteral("newest"));
        SC_VERIFY_OK(await(store.restore(ids.at(4), target)));
        QCOMPARE(readTestFile(target + QStringLiteral("/data.bin")), QByteArray(10000, '4'));

        // keepLast wins over the cap.
        const auto tight = await(store.gc(0, 1));
        SC_VERIFY_OK(tight);
        QCOMPARE(tight->removedSnapshots, QStringList{ids.at(3)});
        const auto last = await(store.list());
        SC_VERIFY_OK(last);
        QCOMPARE(last->size(), 1);
        SC_VERIFY_OK(await(store.restore(ids.at(4), m_tmp->filePath(QStringLiteral("still")))));
    }
};

QTEST_GUILESS_MAIN(tst_SnapshotStore)
#include "tst_snapshotstore.moc"
