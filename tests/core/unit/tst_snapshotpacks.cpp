// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Pack files in the snapshot store: a snapshot that adds many small blobs writes them into one
// pack (the first 32 stay loose unless one directory brings more new files than that), restores and
// exports the same bytes, survives a damaged index with
// a precise error, and gc removes orphaned and dead packs and rewrites mostly-dead ones.
#include "sandcastle/core/snapshot/snapshotstore.h"

#include "futurewait.h"
#include "resultverify.h"
#include "snapshottesthelpers.h"
#include "testenv.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;
using Sandcastle::Test::await;
using Sandcastle::Test::readTestFile;
using namespace SnapshotTest;

class tst_SnapshotPacks : public QObject
{
    Q_OBJECT

private:
    QString ws() const { return m_tmp->filePath(QStringLiteral("ws")); }
    QString storeDir() const { return m_tmp->filePath(QStringLiteral("store")); }
    QString packsDir() const { return storeDir() + QStringLiteral("/packs"); }

    static QByteArray content(int n, char fill, int size = 3000)
    {
        QByteArray data(size, fill);
        data.replace(0, 12, QByteArray::number(n).rightJustified(12, '0'));
        return data;
    }

    /// `files` small files with distinct content under two directories.
    bool writeFiles(int files, char fill)
    {
        for (int n = 0; n < files; ++n) {
            const QString path = ws() + QStringLiteral("/d%1/f%2.txt").arg(n % 2).arg(n, 3, 10, QLatin1Char('0'));
            if (!writeFile(path, content(n, fill))) {
                return false;
            }
        }
        return true;
    }

    QStringList packFiles(const QString &pattern) const
    {
        return QDir(packsDir()).entryList({pattern}, QDir::Files, QDir::Name);
    }

    qsizetype looseBlobs() const
    {
        qsizetype n = 0;
        QDirIterator it(storeDir() + QStringLiteral("/blobs"), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            it.next();
            ++n;
        }
        return n;
    }

    void verifyRestoresWorkspace(const SnapshotStore &store, const QString &id, const QString &name)
    {
        const QString target = m_tmp->filePath(name);
        SC_VERIFY_OK(await(store.restore(id, target)));
        QCOMPARE(describe(treeOf(target)), describe(treeOf(ws())));
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

    void create_manySmallFiles_packsThemAndRestoresExactly()
    {
        QVERIFY(writeFiles(200, 'a'));
        QByteArray big(2 * 1024 * 1024 + 5, 'B'); // larger than a packed blob may be: stays loose
        big[7] = '\n';
        QVERIFY(writeFile(ws() + QStringLiteral("/big.bin"), big));
        SnapshotStore store(storeDir());
        const auto info = awaitDurable(store, store.create(ws()));
        SC_VERIFY_OK(info);
        QCOMPARE(packFiles(QStringLiteral("*.pack")).size(), 1);
        QCOMPARE(packFiles(QStringLiteral("*.idx")).size(), 1);
        QVERIFY(packFiles(QStringLiteral("*.tmp")).isEmpty());
        // 201 files + 3 listings: each directory of 100 new files goes straight into the pack; only
        // the big one is loose.
        QCOMPARE(looseBlobs(), 1);
        verifyRestoresWorkspace(store, info->id, QStringLiteral("restored"));

        // The portable form reads packed blobs too.
        const QString tar = m_tmp->filePath(QStringLiteral("out.tar"));
        SC_VERIFY_OK(await(store.exportArchive(info->id, tar)));
        const QString byTar = m_tmp->filePath(QStringLiteral("by-tar"));
        QVERIFY(QDir().mkpath(byTar));
        QCOMPARE(QProcess::execute(QStringLiteral("tar"), {QStringLiteral("-xpf"), tar, QStringLiteral("-C"), byTar}),
                 0);
        QCOMPARE(describe(treeOf(byTar, false)), describe(treeOf(ws(), false)));

        // A second snapshot of the same tree reads the pack index and adds no blob.
        const auto again = awaitDurable(store, store.create(ws()));
        SC_VERIFY_OK(again);
        QCOMPARE(packFiles(QStringLiteral("*.pack")).size(), 1);
        QCOMPARE(looseBlobs(), 1);
    }

    void create_fewNewFilesPerDirectory_firstOnesStayLoose()
    {
        for (int n = 0; n < 40; ++n) {
            QVERIFY(
                writeFile(ws() + QStringLiteral("/dir%1/only.txt").arg(n, 2, 10, QLatin1Char('0')), content(n, 'g')));
        }
        SnapshotStore store(storeDir());
        const auto info = awaitDurable(store, store.create(ws()));
        SC_VERIFY_OK(info);
        // No directory brings more than 32 new files: the first 32 blobs are loose, the other 8
        // files and the 41 listings go into one pack.
        QCOMPARE(looseBlobs(), 32);
        QCOMPARE(packFiles(QStringLiteral("*.idx")).size(), 1);
        verifyRestoresWorkspace(store, info->id, QStringLiteral("restored"));
    }

    void restore_damagedIndex_namesTheFileAndGcDeletesNothing()
    {
        QVERIFY(writeFiles(100, 'c'));
        SnapshotStore store(storeDir());
        const auto info = awaitDurable(store, store.create(ws()));
        SC_VERIFY_OK(info);
        const QStringList indexes = packFiles(QStringLiteral("*.idx"));
        QCOMPARE(indexes.size(), 1);
        const QString index = packsDir() + QLatin1Char('/') + indexes.first();
        QFile::setPermissions(index, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QByteArray bytes = readTestFile(index);
        bytes[40] = char(bytes[40] ^ 0x01);
        QVERIFY(Sandcastle::Test::writeTestFile(index, bytes));

        const auto restored = await(store.restore(info->id, m_tmp->filePath(QStringLiteral("r"))));
        QVERIFY(!restored);
        QVERIFY2(restored.error().message.contains(index) &&
                     restored.error().message.contains(QStringLiteral("checksum mismatch")),
                 qPrintable(restored.error().message));
        QVERIFY(!QFileInfo::exists(m_tmp->filePath(QStringLiteral("r"))));

        const qint64 before = bytesUnder(storeDir());
        const auto gc = await(store.gc(0, 0));
        QVERIFY(!gc);
        QVERIFY2(gc.error().message.contains(index), qPrintable(gc.error().message));
        QCOMPARE(bytesUnder(storeDir()), before);
        const auto listed = await(store.list());
        SC_VERIFY_OK(listed);
        QCOMPARE(listed->size(), 1);
    }

    void restore_truncatedPack_isRefusedNamingTheIndex()
    {
        QVERIFY(writeFiles(100, 'd'));
        SnapshotStore store(storeDir());
        const auto info = awaitDurable(store, store.create(ws()));
        SC_VERIFY_OK(info);
        const QString pack = packsDir() + QLatin1Char('/') + packFiles(QStringLiteral("*.pack")).first();
        QFile::setPermissions(pack, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QVERIFY(QFile::resize(pack, QFileInfo(pack).size() / 2));
        const auto restored = await(store.restore(info->id, m_tmp->filePath(QStringLiteral("r"))));
        QVERIFY(!restored);
        QVERIFY2(restored.error().message.contains(QStringLiteral("past the end of ") + pack),
                 qPrintable(restored.error().message));
    }

    void gc_removesOrphanAndDeadPacks_rewritesMostlyDeadOnes()
    {
        SnapshotStore store(storeDir());
        QVERIFY(writeFiles(100, 'e'));
        const auto first = awaitDurable(store, store.create(ws()));
        SC_VERIFY_OK(first);
        const QString firstPack = packFiles(QStringLiteral("*.pack")).first();

        // A pack without an index (a crash while writing) is not part of the store.
        QVERIFY(writeFile(packsDir() + QStringLiteral("/pack-crash0.pack"), QByteArray(5000, 'x')));
        // 80 of the 100 files change: the first pack keeps 20 live blobs of 103.
        for (int n = 0; n < 80; ++n) {
            const QString path = ws() + QStringLiteral("/d%1/f%2.txt").arg(n % 2).arg(n, 3, 10, QLatin1Char('0'));
            QVERIFY(writeFile(path, content(n, 'f')));
        }
        const auto second = awaitDurable(store, store.create(ws()));
        SC_VERIFY_OK(second);
        QCOMPARE(packFiles(QStringLiteral("*.idx")).size(), 2);
        SC_VERIFY_OK(await(store.remove(first->id)));

        const auto report = await(store.gc(qint64(1) << 40, 0));
        SC_VERIFY_OK(report);
        QVERIFY(!QFileInfo::exists(packsDir() + QStringLiteral("/pack-crash0.pack")));
        // The first pack was mostly dead: its live blobs moved to a new pack (restore below reads them).
        QVERIFY2(!packFiles(QStringLiteral("*.pack")).contains(firstPack), qPrintable(firstPack));
        QVERIFY(report->bytesFreed > 5000);
        QCOMPARE(report->bytesAfter, bytesUnder(storeDir()));
        verifyRestoresWorkspace(store, second->id, QStringLiteral("after-gc"));

        // With every snapshot gone, nothing of the packs is left.
        SC_VERIFY_OK(await(store.remove(second->id)));
        const auto empty = await(store.gc(qint64(1) << 40, 0));
        SC_VERIFY_OK(empty);
        QVERIFY2(packFiles(QStringLiteral("*")).isEmpty(), qPrintable(packFiles(QStringLiteral("*")).join(' ')));
        QCOMPARE(empty->bytesAfter, 0);
    }
};

QTEST_GUILESS_MAIN(tst_SnapshotPacks)
#include "tst_snapshotpacks.moc"
