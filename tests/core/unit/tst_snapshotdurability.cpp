// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Asynchronous durability of SnapshotStore::create(): the future finishes once the content is
// captured, and the snapshot exists on disk only after its durability step. The test hook
// SANDCASTLE_TEST_SNAPSHOT_DURABLE_GATE (test builds only) holds every durability step until the
// named file exists, so the window between capture and durability is as long as a test needs.
#include "futurewait.h"
#include "resultverify.h"
#include "snapshottesthelpers.h"
#include "testenv.h"

#include "sandcastle/core/snapshot/snapshotstore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <cstdio>
#include <cstring>

using namespace Sandcastle::Core;
using Sandcastle::Test::await;
using Sandcastle::Test::readTestFile;
using Sandcastle::Test::writeTestFile;
using SnapshotTest::randomBytes;

namespace {

constexpr int kTimeoutMs = 60000;
const char *const kGateVar = "SANDCASTLE_TEST_SNAPSHOT_DURABLE_GATE";

/// `count` files of 4 KiB random bytes: more than BlobStore::kLooseLimit, so most go into a pack.
bool writeManyFiles(const QString &dir, int count, quint32 seed)
{
    for (int n = 0; n < count; ++n) {
        if (!writeTestFile(dir + QStringLiteral("/many/f%1.bin").arg(n), randomBytes(4096, seed + quint32(n)))) {
            return false;
        }
    }
    return true;
}

/// The loose blobs of the store under their content address (`blobs/<2 hex>/<64 hex>`), sorted.
QStringList namedLooseBlobs(const QString &storeDir)
{
    QStringList names;
    QDirIterator it(storeDir + QStringLiteral("/blobs"), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        names << it.next().section(QLatin1Char('/'), -1);
    }
    names.sort();
    return names;
}

QString sha256Of(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

/// Child mode of this binary: creates a snapshot, prints its id once captured, then waits for a
/// durability step that the gate (never opened) holds back until the parent kills it.
int childCreate(int &argc, char **argv, const char *store, const char *workspace)
{
    QCoreApplication app(argc, argv);
    const SnapshotStore snapshots(QString::fromLocal8Bit(store));
    QFuture<Result<SnapshotInfo>> created = snapshots.create(QString::fromLocal8Bit(workspace));
    created.waitForFinished();
    if (created.resultCount() == 0 || !created.result()) {
        std::fprintf(stderr, "create failed\n");
        return 1;
    }
    std::printf("%s\n", created.result()->id.toUtf8().constData());
    std::fflush(stdout);
    static_cast<void>(snapshots.waitDurable());
    return 2;
}

} // namespace

class tst_SnapshotDurability : public QObject
{
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_gate; ///< the gate file: durability steps wait while it is missing

    [[nodiscard]] QString path(const QString &name) const { return m_dir->filePath(name); }
    void closeGate() { QFile::remove(m_gate); }
    [[nodiscard]] bool openGate() const { return writeTestFile(m_gate, "open"); }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_gate = path(QStringLiteral("gate"));
        QVERIFY(openGate());
        qputenv(kGateVar, m_gate.toLocal8Bit());
    }

    void cleanup()
    {
        QVERIFY(openGate()); // no step of a failed test may hold the next one
        qunsetenv(kGateVar);
    }

    void create_returnsWhenCapturedAndTheEnvelopeAppearsOnlyWhenDurable()
    {
        const QString ws = path(QStringLiteral("ws"));
        QVERIFY(writeTestFile(ws + QStringLiteral("/a.txt"), "first\n"));
        const SnapshotStore store(path(QStringLiteral("store")));
        const Result<SnapshotInfo> first = await(store.create(ws), kTimeoutMs);
        SC_VERIFY_OK(first);
        SC_VERIFY_OK(store.waitDurable());

        closeGate();
        QVERIFY(writeTestFile(ws + QStringLiteral("/a.txt"), "second\n"));
        QVERIFY(writeManyFiles(ws, 40, 1));
        const Result<SnapshotInfo> second = await(store.create(ws), kTimeoutMs);
        SC_VERIFY_OK(second);
        const QString envelope = store.rootDir() + QStringLiteral("/snapshots/") + second->id + QStringLiteral(".json");
        QFuture<Result<SnapshotInfo>> durable = store.durable(second->id);
        QVERIFY(!QFileInfo::exists(envelope));
        QVERIFY(!durable.isFinished());
        // The content was copied at capture: an edit now does not reach the snapshot.
        QVERIFY(writeTestFile(ws + QStringLiteral("/a.txt"), "third, after the capture\n"));

        QVERIFY(openGate());
        const Result<SnapshotInfo> done = await(durable, kTimeoutMs);
        SC_VERIFY_OK(done);
        QCOMPARE(done->id, second->id);
        QVERIFY(QFileInfo::exists(envelope));
        const Result<QList<SnapshotInfo>> listed = await(store.list(), kTimeoutMs);
        SC_VERIFY_OK(listed);
        QCOMPARE(listed->size(), 2);
        QCOMPARE(listed->last().id, second->id);
        QCOMPARE(listed->last().parentId, first->id);
        const QString target = path(QStringLiteral("restored"));
        SC_VERIFY_OK(await(store.restore(second->id, target), kTimeoutMs));
        QCOMPARE(readTestFile(target + QStringLiteral("/a.txt")), QByteArray("second\n"));
        QCOMPARE(readTestFile(target + QStringLiteral("/many/f39.bin")), randomBytes(4096, 1 + 39));
    }

    void looseBlobs_getTheirNameOnlyAfterTheirDataIsFlushed()
    {
        // A power loss between capture and durability must not leave a loose blob under its
        // content address whose data never reached the disk: until the durability step has
        // flushed it, a new loose blob is a temp file in tmp/.
        const QString ws = path(QStringLiteral("ws"));
        const QByteArray small("a small file, stored loose\n");
        const QByteArray large = randomBytes(3 << 20, 7); // above the pack limit: always loose
        QVERIFY(writeTestFile(ws + QStringLiteral("/small.txt"), small));
        QVERIFY(writeTestFile(ws + QStringLiteral("/large.bin"), large));
        const SnapshotStore store(path(QStringLiteral("store")));
        closeGate();
        const Result<SnapshotInfo> captured = await(store.create(ws), kTimeoutMs);
        SC_VERIFY_OK(captured);
        QCOMPARE(namedLooseBlobs(store.rootDir()), QStringList());
        const QStringList held = QDir(store.rootDir() + QStringLiteral("/tmp")).entryList(QDir::Files);
        QVERIFY2(held.size() >= 2, qPrintable(held.join(u',')));

        QVERIFY(openGate());
        SC_VERIFY_OK(await(store.durable(captured->id), kTimeoutMs));
        const QStringList named = namedLooseBlobs(store.rootDir());
        QVERIFY2(named.contains(sha256Of(small)) && named.contains(sha256Of(large)), qPrintable(named.join(u',')));
        QCOMPARE(QDir(store.rootDir() + QStringLiteral("/tmp")).entryList(QDir::Files), QStringList());
        const QString target = path(QStringLiteral("restored"));
        SC_VERIFY_OK(await(store.restore(captured->id, target), kTimeoutMs));
        QCOMPARE(readTestFile(target + QStringLiteral("/large.bin")), large);
        QCOMPARE(readTestFile(target + QStringLiteral("/small.txt")), small);
    }

    void create_twoSnapshotsInTheWindow_becomeDurableInOrder()
    {
        const QString ws = path(QStringLiteral("ws"));
        QVERIFY(writeTestFile(ws + QStringLiteral("/a.txt"), "one\n"));
        const SnapshotStore store(path(QStringLiteral("store")));
        closeGate();
        const Result<SnapshotInfo> first = await(store.create(ws), kTimeoutMs);
        SC_VERIFY_OK(first);
        // The second create waits for the first one's durability step (it holds the store lock).
        QVERIFY(writeTestFile(ws + QStringLiteral("/a.txt"), "two\n"));
        QFuture<Result<SnapshotInfo>> second = store.create(ws);
        QTest::qWait(50);
        QVERIFY(!second.isFinished());
        QVERIFY(openGate());
        const Result<SnapshotInfo> taken = await(second, kTimeoutMs);
        SC_VERIFY_OK(taken);
        SC_VERIFY_OK(store.waitDurable());
        const Result<QList<SnapshotInfo>> listed = await(store.list(), kTimeoutMs);
        SC_VERIFY_OK(listed);
        QCOMPARE(listed->size(), 2);
        QCOMPARE(listed->at(0).id, first->id);
        QCOMPARE(listed->at(1).id, taken->id);
        QCOMPARE(listed->at(1).parentId, first->id);
    }

    void durable_unknownId_notFound()
    {
        const SnapshotStore store(path(QStringLiteral("store")));
        const Result<SnapshotInfo> missing = await(store.durable(QStringLiteral("20260101T000000000Z-1")), kTimeoutMs);
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
    }

    void kill9_afterCaptureBeforeDurable_previousSnapshotIsTheNewestAndTheStoreIsClean()
    {
        const QString ws = path(QStringLiteral("ws"));
        QVERIFY(writeTestFile(ws + QStringLiteral("/a.txt"), "durable\n"));
        const SnapshotStore store(path(QStringLiteral("store")));
        const Result<SnapshotInfo> first = await(store.create(ws), kTimeoutMs);
        SC_VERIFY_OK(first);
        SC_VERIFY_OK(store.waitDurable());
        const Result<qint64> usageBefore = await(store.diskUsage(), kTimeoutMs);
        SC_VERIFY_OK(usageBefore);
        const QStringList namedBefore = namedLooseBlobs(store.rootDir());

        QVERIFY(writeTestFile(ws + QStringLiteral("/a.txt"), "captured, never durable\n"));
        QVERIFY(writeManyFiles(ws, 60, 2));
        closeGate();
        QProcess child;
        child.setProgram(QCoreApplication::applicationFilePath());
        child.setArguments({QStringLiteral("--child-create"), store.rootDir(), ws});
        child.start();
        QVERIFY(child.waitForStarted(kTimeoutMs));
        QVERIFY2(child.waitForReadyRead(kTimeoutMs), child.readAllStandardError().constData());
        const QString id = QString::fromUtf8(child.readLine().trimmed());
        QVERIFY(!id.isEmpty());
        // Captured: its pack holds the content, but no index or envelope names it yet.
        QVERIFY(!QDir(store.rootDir() + QStringLiteral("/packs")).entryList({QStringLiteral("*.pack")}).isEmpty());
        QVERIFY(::kill(pid_t(child.processId()), SIGKILL) == 0);
        QVERIFY(child.waitForFinished(kTimeoutMs));
        QVERIFY(openGate());
        // Its new loose blobs (a.txt's content, the listings) never got a name.
        QCOMPARE(namedLooseBlobs(store.rootDir()), namedBefore);
        QVERIFY(!namedBefore.contains(sha256Of("captured, never durable\n")));

        const Result<QList<SnapshotInfo>> listed = await(store.list(), kTimeoutMs);
        SC_VERIFY_OK(listed);
        QCOMPARE(listed->size(), 1);
        QCOMPARE(listed->first().id, first->id);
        const Result<SnapshotInfo> gone = await(store.durable(id), kTimeoutMs);
        QVERIFY(!gone);
        QCOMPARE(gone.error().code, ErrorCode::NotFound);
        const QString target = path(QStringLiteral("restored"));
        SC_VERIFY_OK(await(store.restore(first->id, target), kTimeoutMs));
        QCOMPARE(readTestFile(target + QStringLiteral("/a.txt")), QByteArray("durable\n"));
        QVERIFY(!QFileInfo::exists(target + QStringLiteral("/many")));

        // The killed snapshot's pack and loose blobs are garbage that gc removes completely.
        SC_VERIFY_OK(await(store.gc(qint64(1) << 40, 0), kTimeoutMs));
        const Result<qint64> usageAfter = await(store.diskUsage(), kTimeoutMs);
        SC_VERIFY_OK(usageAfter);
        QCOMPARE(*usageAfter, *usageBefore);
        QVERIFY(QDir(store.rootDir() + QStringLiteral("/packs")).entryList({QStringLiteral("*.pack")}).isEmpty());

        // And the store goes on: a new snapshot takes the durable one as its parent.
        const Result<SnapshotInfo> next = await(store.create(ws), kTimeoutMs);
        SC_VERIFY_OK(next);
        SC_VERIFY_OK(await(store.durable(next->id), kTimeoutMs));
        QCOMPARE(next->parentId, first->id);
    }
};

int main(int argc, char **argv)
{
    if (argc == 4 && std::strcmp(argv[1], "--child-create") == 0) {
        return childCreate(argc, argv, argv[2], argv[3]);
    }
    QCoreApplication app(argc, argv);
    tst_SnapshotDurability test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_snapshotdurability.moc"
