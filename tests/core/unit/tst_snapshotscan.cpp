// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The capture path of SnapshotStore::create(): files read by the walk in batches and stored by a
// pool (sizes around the pack limit, duplicates across batches, empty files, a file above the
// limit), and the directory listings written without QJsonDocument. The test hook
// SANDCASTLE_TEST_SNAPSHOT_CHECK_LISTINGS (test builds) makes every listing entry be compared
// with QJsonDocument's encoding, so that listings stay byte-identical to earlier builds' (an
// unchanged directory keeps its listing blob); names that need JSON escapes are included.
#include "futurewait.h"
#include "resultverify.h"
#include "snapshottesthelpers.h"

#include "sandcastle/core/snapshot/snapshotstore.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;
using Sandcastle::Test::await;
using namespace SnapshotTest;

namespace {

constexpr qint64 kPackLimit = qint64(1) << 20; // BlobStore::kPackedMax

} // namespace

class tst_SnapshotScan : public QObject
{
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> m_dir;

    [[nodiscard]] QString path(const QString &name) const { return m_dir->filePath(name); }

    void verifyRestores(const SnapshotStore &store, const QString &id, const QString &ws, const QString &name)
    {
        const QString target = path(name);
        SC_VERIFY_OK(await(store.restore(id, target)));
        QCOMPARE(treeOf(target), treeOf(ws));
    }

private Q_SLOTS:
    void initTestCase() { qputenv("SANDCASTLE_TEST_SNAPSHOT_CHECK_LISTINGS", "1"); }
    void cleanupTestCase() { qunsetenv("SANDCASTLE_TEST_SNAPSHOT_CHECK_LISTINGS"); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void create_batchesAroundThePackLimit_restoreExactly()
    {
        const QString ws = path(QStringLiteral("ws"));
        // More than one batch (256 files, 1 MiB) of distinct small files, repeated content in
        // different batches, and sizes at and just above the pack limit.
        for (int n = 0; n < 700; ++n) {
            QVERIFY(writeFile(ws + QStringLiteral("/many/f%1.bin").arg(n), randomBytes(3000 + n, quint32(n))));
        }
        for (int n = 0; n < 5; ++n) {
            QVERIFY(writeFile(ws + QStringLiteral("/same/copy%1.txt").arg(n), "the same content\n"));
            QVERIFY(writeFile(ws + QStringLiteral("/many/zz-copy%1.bin").arg(n), randomBytes(3000, 0)));
        }
        QVERIFY(writeFile(ws + QStringLiteral("/limit.bin"), randomBytes(kPackLimit, 1)));
        QVERIFY(writeFile(ws + QStringLiteral("/limit-plus-one.bin"), randomBytes(kPackLimit + 1, 2)));
        QVERIFY(writeFile(ws + QStringLiteral("/large.bin"), randomBytes(5 * kPackLimit + 7, 3), 0600));
        QVERIFY(writeFile(ws + QStringLiteral("/empty"), QByteArray()));
        QVERIFY(writeFile(ws + QStringLiteral("/exactly-1000000.bin"), randomBytes(1000000, 4)));

        const SnapshotStore store(path(QStringLiteral("store")));
        const auto first = awaitDurable(store, store.create(ws));
        SC_VERIFY_OK(first);
        QCOMPARE(first->fileCount, qint64(700 + 10 + 5));
        verifyRestores(store, first->id, ws, QStringLiteral("restored1"));

        // Unchanged: only the envelope is new, the listings are the parent's.
        const auto second = awaitDurable(store, store.create(ws));
        SC_VERIFY_OK(second);
        QVERIFY2(second->addedBytes < 4096, qPrintable(QString::number(second->addedBytes)));
        verifyRestores(store, second->id, ws, QStringLiteral("restored2"));
    }

    void create_namesThatNeedJsonEscapes_listingsMatchQJsonDocument()
    {
        const QString ws = path(QStringLiteral("ws"));
        const QStringList names{QStringLiteral("plain.txt"),
                                QStringLiteral("quote\"d"),
                                QStringLiteral("tab\tand\nnewline"),
                                QStringLiteral("ctrl\x01\x1f\x7f"),
                                QStringLiteral("slash/in-dir"),
                                QStringLiteral("Ünïcödé 日本語"),
                                QString::fromUtf8("emoji \xF0\x9F\x98\x80")};
        for (const QString &name : names) {
            QVERIFY2(writeFile(ws + QLatin1Char('/') + name, name.toUtf8()), qPrintable(name));
        }
        QVERIFY(makeSymlink(QString::fromUtf8("quote\"d \xF0\x9F\x98\x80"), ws + QStringLiteral("/link")));
        QVERIFY(makeSymlink(QStringLiteral("plain.txt"), ws + QStringLiteral("/plain-link")));
        QVERIFY(QDir().mkpath(ws + QStringLiteral("/empty dir \"x\"")));

        const SnapshotStore store(path(QStringLiteral("store")));
        const auto created = awaitDurable(store, store.create(ws));
        SC_VERIFY_OK(created);
        verifyRestores(store, created->id, ws, QStringLiteral("restored"));
    }
};

QTEST_GUILESS_MAIN(tst_SnapshotScan)

#include "tst_snapshotscan.moc"
