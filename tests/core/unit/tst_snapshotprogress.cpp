// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// SnapshotCreateOptions::progress (issue 7's snapshot progress bar): counts per directory, the
// parent's member count as the expected total, and a create() cancelled half-way that records
// nothing and leaves the earlier snapshot restorable.
#include "sandcastle/core/snapshot/snapshotstore.h"

#include "futurewait.h"
#include "resultverify.h"
#include "snapshottesthelpers.h"
#include "workergate.h"

#include <QMutex>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>

using namespace Sandcastle::Core;
using namespace Sandcastle::Test;
using namespace SnapshotTest;

namespace {

constexpr int kDirs = 40;
constexpr int kFilesPerDir = 5;

/// kDirs directories of kFilesPerDir files of 1 KiB each below `root`, modified long ago (so that
/// a later snapshot trusts its parent's hashes of them).
bool fillTree(const QString &root)
{
    const struct timespec old[2] = {{946'684'800, 0}, {946'684'800, 0}};
    for (int d = 0; d < kDirs; ++d) {
        for (int f = 0; f < kFilesPerDir; ++f) {
            const QString path = QStringLiteral("%1/dir%2/file%3.txt").arg(root).arg(d).arg(f);
            if (!writeFile(path, QByteArray(1024, char('a' + (d + f) % 26)) + path.toUtf8()) ||
                ::utimensat(AT_FDCWD, QFile::encodeName(path).constData(), old, 0) != 0) {
                return false;
            }
        }
    }
    return true;
}

} // namespace

class tst_SnapshotProgress : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void create_reportsCountsPerDirectory_andParentCountAsExpected()
    {
        QTemporaryDir ws;
        QTemporaryDir storeDir;
        QVERIFY(fillTree(ws.path()));
        const SnapshotStore store(storeDir.path());

        QMutex lock;
        QList<SnapshotProgress> seen;
        SnapshotCreateOptions options;
        options.progress = [&](const SnapshotProgress &p) {
            const QMutexLocker locker(&lock);
            seen.append(p);
        };
        const auto first = await(store.create(ws.path(), options));
        SC_VERIFY_OK(first);
        // One report per directory: the root and kDirs subdirectories.
        QCOMPARE(seen.size(), kDirs + 1);
        QCOMPARE(seen.first().expected, -1); // no parent
        for (qsizetype i = 1; i < seen.size(); ++i) {
            QVERIFY(seen[i].scanned >= seen[i - 1].scanned);
            QVERIFY(seen[i].stored >= seen[i - 1].stored);
        }
        QCOMPARE(seen.last().scanned, first->fileCount + first->dirCount);
        QCOMPARE(seen.last().stored, qint64(kDirs * kFilesPerDir));
        QCOMPARE(seen.last().storedBytes, first->bytes);

        // The second snapshot expects the parent's members and reads no unchanged file again.
        seen.clear();
        const auto second = await(store.create(ws.path(), options));
        SC_VERIFY_OK(second);
        QCOMPARE(seen.last().expected, first->fileCount + first->dirCount);
        QCOMPARE(seen.last().scanned, second->fileCount + second->dirCount);
        QVERIFY2(seen.last().stored < qint64(kDirs * kFilesPerDir), qPrintable(QString::number(seen.last().stored)));
    }

    void create_cancelledHalfWay_recordsNothingAndKeepsTheEarlierSnapshot()
    {
        QTemporaryDir ws;
        QTemporaryDir storeDir;
        QVERIFY(writeFile(ws.filePath(QStringLiteral("README.md")), "# before\n"));
        const SnapshotStore store(storeDir.path());
        const auto before = await(store.create(ws.path()));
        SC_VERIFY_OK(before);
        const QMap<QString, QString> beforeTree = treeOf(ws.path());
        QVERIFY(fillTree(ws.path()));
        QVERIFY(writeFile(ws.filePath(QStringLiteral("README.md")), "# after\n"));

        // The walk stops at the root's report until the test has cancelled the future.
        WorkerGate gate;
        std::atomic<qint64> scannedAtGate{-1};
        std::atomic_int reports{0};
        SnapshotCreateOptions options;
        options.label = QStringLiteral("cancelled");
        options.progress = [&](const SnapshotProgress &p) {
            if (reports.fetch_add(1) == 0) {
                scannedAtGate = p.scanned;
                gate.pass();
            }
        };
        QFuture<Result<SnapshotInfo>> running = store.create(ws.path(), options);
        QVERIFY(QTest::qWaitFor([&] { return gate.reached(); }, kAwaitTimeoutMs));
        QCOMPARE(scannedAtGate.load(), qint64(kDirs + 1)); // the root's members: README.md and the dirs
        running.cancel();
        gate.open();
        QVERIFY(QTest::qWaitFor([&] { return running.isFinished(); }, kAwaitTimeoutMs));
        QVERIFY(running.isCanceled());
        // Stopped at the next directory: the root's report was the only one.
        QCOMPARE(reports.load(), 1);

        const auto listed = await(store.list());
        SC_VERIFY_OK(listed);
        QCOMPARE(listed->size(), 1);
        QCOMPARE(listed->first().id, before->id);

        QTemporaryDir restoreParent;
        const QString target = restoreParent.filePath(QStringLiteral("restored"));
        const auto restored = await(store.restore(before->id, target));
        SC_VERIFY_OK(restored);
        QCOMPARE(treeOf(target), beforeTree);

        // The store is not left locked or damaged: the next snapshot has the new content.
        const auto after = await(store.create(ws.path()));
        SC_VERIFY_OK(after);
        QCOMPARE(after->parentId, before->id);
        QCOMPARE(after->fileCount, qint64(kDirs * kFilesPerDir + 1));
    }
};

QTEST_GUILESS_MAIN(tst_SnapshotProgress)
#include "tst_snapshotprogress.moc"
