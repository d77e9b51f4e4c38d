// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// A snapshot store on a full disk (a 1 MiB tmpfs in a private mount namespace): the snapshot that
// does not fit fails with a precise error, while it is captured or while it becomes durable, and
// the previous one survives and restores.
#include "futurewait.h"
#include "resultverify.h"
#include "snapshottesthelpers.h"
#include "testenv.h"

#include "sandcastle/core/snapshot/snapshotstore.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <cstring>
#include <sched.h>
#include <sys/mount.h>

using namespace Sandcastle::Core;
using Sandcastle::Test::await;
using Sandcastle::Test::readTestFile;
using Sandcastle::Test::writeTestFile;
using SnapshotTest::randomBytes;

class tst_SnapshotDiskFull : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_store;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Our own mount namespace, so the tmpfs is never visible outside this process.
        if (::unshare(CLONE_NEWNS) != 0) {
            QSKIP(qPrintable(QStringLiteral("cannot create a mount namespace (%1): needs root, as in scripts/test")
                                 .arg(QString::fromLocal8Bit(std::strerror(errno)))));
        }
        QVERIFY(::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0);
        m_store = m_dir.filePath(QStringLiteral("store"));
        QVERIFY(QDir().mkpath(m_store));
        QVERIFY2(::mount("tmpfs", m_store.toLocal8Bit().constData(), "tmpfs", 0, "size=1m") == 0, std::strerror(errno));
    }

    void cleanupTestCase()
    {
        if (!m_store.isEmpty()) {
            ::umount2(m_store.toLocal8Bit().constData(), MNT_DETACH);
        }
    }

    void create_diskFull_failsPreciselyAndThePreviousSnapshotSurvives()
    {
        const QString ws = m_dir.filePath(QStringLiteral("ws"));
        const QByteArray small(10 * 1024, 'a');
        QVERIFY(writeTestFile(ws + QStringLiteral("/notes.txt"), small));
        const SnapshotStore store(m_store);
        const Result<SnapshotInfo> first = await(store.create(ws), 60000);
        SC_VERIFY_OK(first);

        const QByteArray big = randomBytes(3 * 1024 * 1024, 7);
        QVERIFY(writeTestFile(ws + QStringLiteral("/big.bin"), big));
        const Result<SnapshotInfo> second = await(store.create(ws), 60000);
        QVERIFY(!second);
        QVERIFY2(second.error().toString().contains(QLatin1String("No space left on device")),
                 qPrintable(second.error().toString()));

        const Result<QList<SnapshotInfo>> listed = await(store.list(), 60000);
        SC_VERIFY_OK(listed);
        QCOMPARE(listed->size(), 1);
        QCOMPARE(listed->first().id, first->id);
        const QString target = m_dir.filePath(QStringLiteral("restored"));
        SC_VERIFY_OK(await(store.restore(first->id, target), 60000));
        QCOMPARE(readTestFile(target + QStringLiteral("/notes.txt")), small);
        QVERIFY(!QFileInfo::exists(target + QStringLiteral("/big.bin")));
    }

    void create_diskFullWhileWritingAPack_leavesNoPackBehind()
    {
        const QString ws = m_dir.filePath(QStringLiteral("ws-many"));
        const QString storeDir = m_store + QStringLiteral("/packed");
        QVERIFY(writeTestFile(ws + QStringLiteral("/notes.txt"), "first\n"));
        const SnapshotStore store(storeDir);
        const Result<SnapshotInfo> first = await(store.create(ws), 60000);
        SC_VERIFY_OK(first);
        // 300 files of 8 KiB random bytes: far past the loose limit and more than the tmpfs holds.
        for (int n = 0; n < 300; ++n) {
            QVERIFY(writeTestFile(ws + QStringLiteral("/f%1.bin").arg(n), randomBytes(8192, 11 + quint32(n))));
        }
        const Result<SnapshotInfo> second = await(store.create(ws), 60000);
        QVERIFY(!second);
        QVERIFY2(second.error().toString().contains(QLatin1String("No space left on device")),
                 qPrintable(second.error().toString()));
        QVERIFY(QDir(storeDir + QStringLiteral("/packs")).entryList({QStringLiteral("*.pack")}, QDir::Files).isEmpty());

        const Result<QList<SnapshotInfo>> listed = await(store.list(), 60000);
        SC_VERIFY_OK(listed);
        QCOMPARE(listed->size(), 1);
        const QString target = m_dir.filePath(QStringLiteral("restored-many"));
        SC_VERIFY_OK(await(store.restore(first->id, target), 60000));
        QCOMPARE(readTestFile(target + QStringLiteral("/notes.txt")), QByteArray("first\n"));
        SC_VERIFY_OK(await(store.gc(qint64(1) << 40, 0), 60000));
    }

    void durability_diskFullAfterCapture_failsAndThePreviousSnapshotStaysTheNewest()
    {
        // The durability step is held (test hook) until the disk is full: writing the pack index
        // or the envelope then fails, after create() had already returned the captured snapshot.
        const QString gate = m_dir.filePath(QStringLiteral("gate"));
        qputenv("SANDCASTLE_TEST_SNAPSHOT_DURABLE_GATE", gate.toLocal8Bit());
        const QString ws = m_dir.filePath(QStringLiteral("ws-async"));
        const QString storeDir = m_store + QStringLiteral("/async");
        QVERIFY(writeTestFile(ws + QStringLiteral("/notes.txt"), "first\n"));
        QVERIFY(writeTestFile(gate, "open"));
        const SnapshotStore store(storeDir);
        const Result<SnapshotInfo> first = await(store.create(ws), 60000);
        SC_VERIFY_OK(first);
        SC_VERIFY_OK(await(store.durable(first->id), 60000));

        QVERIFY(QFile::remove(gate));
        for (int n = 0; n < 40; ++n) {
            QVERIFY(writeTestFile(ws + QStringLiteral("/f%1.bin").arg(n), randomBytes(2048, 1000 + quint32(n))));
        }
        const Result<SnapshotInfo> second = await(store.create(ws), 60000);
        SC_VERIFY_OK(second);
        // Fill what is left of the tmpfs.
        const QString filler = m_store + QStringLiteral("/filler");
        {
            QFile file(filler);
            QVERIFY(file.open(QIODevice::WriteOnly));
            const QByteArray block(4096, 'x');
            while (file.write(block) == block.size() && file.flush()) {
            }
        }
        QVERIFY(writeTestFile(gate, "open"));
        const Result<SnapshotInfo> durable = await(store.durable(second->id), 60000);
        QFile::remove(filler);
        qunsetenv("SANDCASTLE_TEST_SNAPSHOT_DURABLE_GATE");
        QVERIFY(!durable);
        QCOMPARE(durable.error().code, ErrorCode::Io);
        QVERIFY2(durable.error().toString().contains(QLatin1String("No space left on device")),
                 qPrintable(durable.error().toString()));
        const Result<void> waited = store.waitDurable();
        QVERIFY(!waited);
        QCOMPARE(waited.error().message, durable.error().message);

        const Result<QList<SnapshotInfo>> listed = await(store.list(), 60000);
        SC_VERIFY_OK(listed);
        QCOMPARE(listed->size(), 1);
        QCOMPARE(listed->first().id, first->id);
        const QString target = m_dir.filePath(QStringLiteral("restored-async"));
        SC_VERIFY_OK(await(store.restore(first->id, target), 60000));
        QCOMPARE(readTestFile(target + QStringLiteral("/notes.txt")), QByteArray("first\n"));
        QVERIFY(!QFileInfo::exists(target + QStringLiteral("/f0.bin")));
        SC_VERIFY_OK(await(store.gc(qint64(1) << 40, 0), 60000));
    }
};

QTEST_GUILESS_MAIN(tst_SnapshotDiskFull)
#include "tst_snapshotdiskfull.moc"
