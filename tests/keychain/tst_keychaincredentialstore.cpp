// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Round trip through the real OS keyring (gnome-keyring on a D-Bus session bus, started by
// the test command). Skips only when no session bus exists at all.
#include "sandcastle/core/credentials/credentialstore.h"

#include "futurewait.h"
#include "resultverify.h"
#include "testenv.h"

#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Sandcastle::Core;
using Sandcastle::Test::await;

namespace {

QString uniqueName(const QString &prefix)
{
    return prefix + QUuid::createUuid().toString(QUuid::WithoutBraces);
}

/// 64 KiB of text that differs from any other call's.
QString largeSecret()
{
    QString value = QStringLiteral("big-") + QUuid::createUuid().toString(QUuid::Id128) + QLatin1Char('-');
    while (value.size() < 64 * 1024) {
        value += QUuid::createUuid().toString(QUuid::Id128);
    }
    return value.left(64 * 1024);
}

/// Every byte under `dir` (all files) concatenated.
QByteArray everyFile(const QString &dir)
{
    QByteArray all;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        all += Sandcastle::Test::readTestFile(it.next());
    }
    return all;
}

} // namespace

class tst_KeychainCredentialStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;

    /// A store of the test service whose large secrets go into a fresh folder.
    std::unique_ptr<KeychainCredentialStore> makeStore(const QString &folder)
    {
        auto store = std::make_unique<KeychainCredentialStore>(QStringLiteral("sandcastle-test"));
        store->setLargeSecretDirectory(m_tmp.filePath(folder));
        return store;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
            QSKIP("no D-Bus session bus: run through the test command, which starts gnome-keyring");
        }
        QVERIFY(m_tmp.isValid());
    }
    void writeReadRemove_realKeyring_roundTrips()
    {
        KeychainCredentialStore store(QStringLiteral("sandcastle-test"));
        const QString key = QStringLiteral("roundtrip-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString secret = QStringLiteral("sk-test-\u00e9\u4e2d-") + QUuid::createUuid().toString();

        const Result<void> written = await(store.write(key, secret));
        SC_VERIFY_OK(written);

        KeychainCredentialStore other(QStringLiteral("sandcastle-test"));
        const Result<QString> read = await(other.read(key));
        SC_VERIFY_OK(read);
        QCOMPARE(*read, secret);

        const Result<void> removed = await(store.remove(key));
        SC_VERIFY_OK(removed);
        const Result<QString> gone = await(store.read(key));
        QVERIFY(!gone.has_value());
        QCOMPARE(gone.error().code, ErrorCode::NotFound);
    }
    void read_otherService_isIsolated()
    {
        KeychainCredentialStore a(QStringLiteral("sandcastle-test-a"));
        KeychainCredentialStore b(QStringLiteral("sandcastle-test-b"));
        const QString key = QStringLiteral("iso-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        QVERIFY(await(a.write(key, QStringLiteral("one"))).has_value());
        const Result<QString> fromB = await(b.read(key));
        QVERIFY(!fromB.has_value());
        QCOMPARE(fromB.error().code, ErrorCode::NotFound);
        QVERIFY(await(a.remove(key)).has_value());
    }

    void list_afterWriteAndRemove_namesOnlyWhatIsStored()
    {
        KeychainCredentialStore store(uniqueName(QStringLiteral("sandcastle-test-list-")));
        const Result<QStringList> empty = await(store.list());
        SC_VERIFY_OK(empty);
        QVERIFY(empty->isEmpty());

        // Written in parallel: the index updates are serialized, so no name is lost.
        const QString secret = QStringLiteral("value-") + QUuid::createUuid().toString();
        QFuture<Result<void>> b = store.write(QStringLiteral("bravo"), secret);
        QFuture<Result<void>> a = store.write(QStringLiteral("alpha"), secret);
        QFuture<Result<void>> c = store.write(QStringLiteral("charlie"), secret);
        SC_VERIFY_OK(await(b));
        SC_VERIFY_OK(await(a));
        SC_VERIFY_OK(await(c));
        SC_VERIFY_OK(await(store.write(QStringLiteral("alpha"), QStringLiteral("replaced-value"))));

        KeychainCredentialStore other(store.service());
        const Result<QStringList> three = await(other.list());
        SC_VERIFY_OK(three);
        QCOMPARE(*three, (QStringList{QStringLiteral("alpha"), QStringLiteral("bravo"), QStringLiteral("charlie")}));
        QVERIFY2(!three->join(QLatin1Char(' ')).contains(secret), "list() returned a value");

        SC_VERIFY_OK(await(store.remove(QStringLiteral("bravo"))));
        const Result<QStringList> two = await(store.list());
        SC_VERIFY_OK(two);
        QCOMPARE(*two, (QStringList{QStringLiteral("alpha"), QStringLiteral("charlie")}));
        SC_VERIFY_OK(await(store.remove(QStringLiteral("alpha"))));
        SC_VERIFY_OK(await(store.remove(QStringLiteral("charlie"))));
        const Result<QStringList> none = await(store.list());
        SC_VERIFY_OK(none);
        QVERIFY(none->isEmpty());
    }

    void write_reservedOrEmptyName_invalidInput_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("empty") << QString();
        QTest::newRow("index") << QStringLiteral(".index");
        QTest::newRow("dot") << QStringLiteral(".hidden");
    }
    void write_reservedOrEmptyName_invalidInput()
    {
        QFETCH(QString, name);
        KeychainCredentialStore store(QStringLiteral("sandcastle-test"));
        const Result<void> written = await(store.write(name, QStringLiteral("value")));
        QVERIFY(!written);
        QCOMPARE(written.error().code, ErrorCode::InvalidInput);
        QCOMPARE(await(store.read(name)).error().code, ErrorCode::InvalidInput);
    }

    void probe_realKeyring_available()
    {
        KeychainCredentialStore store(QStringLiteral("sandcastle-test"));
        SC_VERIFY_OK(await(store.probe(5000)));
    }

    void probe_busSocketMissing_unsupportedNamingTheBus()
    {
        const QByteArray saved = qgetenv("DBUS_SESSION_BUS_ADDRESS");
        const QString missing = m_tmp.filePath(QStringLiteral("no-such-bus"));
        qputenv("DBUS_SESSION_BUS_ADDRESS", QByteArray("unix:path=" + missing.toUtf8()));
        KeychainCredentialStore store(QStringLiteral("sandcastle-test"));
        const Result<void> probed = await(store.probe(3000));
        qputenv("DBUS_SESSION_BUS_ADDRESS", saved);
        QVERIFY(!probed);
        QCOMPARE(probed.error().code, ErrorCode::Unsupported);
        QVERIFY2(probed.error().message.contains(missing), qPrintable(probed.error().message));
        QVERIFY2(probed.error().message.contains(QLatin1String("D-Bus session bus")),
                 qPrintable(probed.error().message));
    }

    void probe_noBusAddress_unsupported()
    {
        const QByteArray savedBus = qgetenv("DBUS_SESSION_BUS_ADDRESS");
        const QByteArray savedRuntime = qgetenv("XDG_RUNTIME_DIR");
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        qputenv("XDG_RUNTIME_DIR", m_tmp.path().toUtf8());
        KeychainCredentialStore store(QStringLiteral("sandcastle-test"));
        const Result<void> probed = await(store.probe(3000));
        qputenv("DBUS_SESSION_BUS_ADDRESS", savedBus);
        qputenv("XDG_RUNTIME_DIR", savedRuntime);
        QVERIFY(!probed);
        QCOMPARE(probed.error().code, ErrorCode::Unsupported);
        QVERIFY2(probed.error().message.startsWith(QLatin1String("no D-Bus session bus")),
                 qPrintable(probed.error().message));
    }

    void largeSecret_64KiB_roundTripsEncryptedOnDisk()
    {
        auto store = makeStore(QStringLiteral("large"));
        const QString key = uniqueName(QStringLiteral("large-"));
        const QString secret = largeSecret();
        SC_VERIFY_OK(await(store->write(key, secret)));

        const QStringList files = store->largeSecretFiles(key);
        QCOMPARE(files.size(), 1);
        QVERIFY(QFileInfo(files.first()).size() > secret.size());
        QCOMPARE(QFileInfo(files.first()).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        const QByteArray onDisk = everyFile(m_tmp.filePath(QStringLiteral("large")));
        QVERIFY(onDisk.startsWith("SCSECRET"));
        QVERIFY2(!onDisk.contains(secret.toUtf8().left(64)), "the plaintext is on disk");
        QVERIFY2(!onDisk.contains(secret.toUtf8().mid(30000, 64)), "the plaintext is on disk");

        auto other = makeStore(QStringLiteral("large"));
        const Result<QString> read = await(other->read(key));
        SC_VERIFY_OK(read);
        QCOMPARE(read->size(), secret.size());
        QVERIFY(*read == secret);
        const Result<QStringList> names = await(other->list());
        SC_VERIFY_OK(names);
        QVERIFY(names->contains(key));

        // Replaced by another large value: one file, the new value.
        const QString second = largeSecret();
        SC_VERIFY_OK(await(store->write(key, second)));
        QCOMPARE(store->largeSecretFiles(key).size(), 1);
        QVERIFY(store->largeSecretFiles(key) != files);
        const Result<QString> readSecond = await(other->read(key));
        SC_VERIFY_OK(readSecond);
        QVERIFY(*readSecond == second);

        // Replaced by a small value: the file goes.
        SC_VERIFY_OK(await(store->write(key, QStringLiteral("small-value"))));
        QVERIFY(store->largeSecretFiles(key).isEmpty());
        const Result<QString> readSmall = await(other->read(key));
        SC_VERIFY_OK(readSmall);
        QCOMPARE(*readSmall, QStringLiteral("small-value"));
        SC_VERIFY_OK(await(store->remove(key)));
    }

    void largeSecret_delete_removesFileAndKey()
    {
        auto store = makeStore(QStringLiteral("delete"));
        const QString key = uniqueName(QStringLiteral("large-"));
        SC_VERIFY_OK(await(store->write(key, largeSecret())));
        QCOMPARE(store->largeSecretFiles(key).size(), 1);
        SC_VERIFY_OK(await(store->remove(key)));
        QVERIFY(store->largeSecretFiles(key).isEmpty());
        QVERIFY(everyFile(m_tmp.filePath(QStringLiteral("delete"))).isEmpty());
        const Result<QString> gone = await(store->read(key));
        QVERIFY(!gone);
        QCOMPARE(gone.error().code, ErrorCode::NotFound);
        const Result<QStringList> names = await(store->list());
        SC_VERIFY_OK(names);
        QVERIFY(!names->contains(key));
    }

    void largeSecret_damagedFile_errorNamesTheFile_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::newRow("flipped byte") << QStringLiteral("flip");
        QTest::newRow("truncated") << QStringLiteral("truncate");
        QTest::newRow("cut to 10 bytes") << QStringLiteral("cut");
        QTest::newRow("deleted") << QStringLiteral("delete");
    }
    void largeSecret_damagedFile_errorNamesTheFile()
    {
        QFETCH(QString, damage);
        auto store = makeStore(QStringLiteral("damaged-") + damage);
        const QString key = uniqueName(QStringLiteral("large-"));
        const QString secret = largeSecret();
        SC_VERIFY_OK(await(store->write(key, secret)));
        const QString file = store->largeSecretFiles(key).value(0);
        QByteArray bytes = Sandcastle::Test::readTestFile(file);
        if (damage == QLatin1String("flip")) {
            bytes[bytes.size() / 2] = char(bytes.at(bytes.size() / 2) ^ 0x01);
        } else if (damage == QLatin1String("truncate")) {
            bytes.chop(100);
        } else if (damage == QLatin1String("cut")) {
            bytes.truncate(10);
        }
        if (damage == QLatin1String("delete")) {
            QVERIFY(QFile::remove(file));
        } else {
            QVERIFY(Sandcastle::Test::writeTestFile(file, bytes));
        }
        const Result<QString> read = await(store->read(key));
        SC_VERIFY_OK(await(store->remove(key)));
        QVERIFY(!read);
        QVERIFY2(read.error().message.contains(file), qPrintable(read.error().message));
        QVERIFY2(read.error().message.contains(key), qPrintable(read.error().message));
        QVERIFY2(!read.error().toString().contains(secret.left(40)), "the error carries the secret");
        if (damage == QLatin1String("delete")) {
            QCOMPARE(read.error().code, ErrorCode::NotFound);
        } else {
            QCOMPARE(read.error().code, ErrorCode::InvalidInput);
        }
        if (damage == QLatin1String("cut")) {
            QVERIFY2(read.error().message.contains(QLatin1String("truncated")), qPrintable(read.error().message));
        }
        if (damage == QLatin1String("flip") || damage == QLatin1String("truncate")) {
            QVERIFY2(read.error().message.contains(QLatin1String("authentication failed")),
                     qPrintable(read.error().message));
        }
    }

    void largeSecret_fileOfAnotherItem_failsAuthentication()
    {
        auto store = makeStore(QStringLiteral("swapped"));
        const QString a = uniqueName(QStringLiteral("a-"));
        const QString b = uniqueName(QStringLiteral("b-"));
        SC_VERIFY_OK(await(store->write(a, largeSecret())));
        SC_VERIFY_OK(await(store->write(b, largeSecret())));
        const QString fileA = store->largeSecretFiles(a).value(0);
        const QString fileB = store->largeSecretFiles(b).value(0);
        QVERIFY(Sandcastle::Test::writeTestFile(fileB, Sandcastle::Test::readTestFile(fileA)));
        const Result<QString> read = await(store->read(b));
        SC_VERIFY_OK(await(store->remove(a)));
        SC_VERIFY_OK(await(store->remove(b)));
        QVERIFY(!read);
        QVERIFY2(read.error().message.contains(QLatin1String("authentication failed")),
                 qPrintable(read.error().message));
    }

    void write_valueShapedLikeAFileReference_storedAsFileAndReadBack()
    {
        auto store = makeStore(QStringLiteral("marker"));
        const QString key = uniqueName(QStringLiteral("marker-"));
        const QString tricky = QStringLiteral("sandcastle-file-secret:v1:not-a-file:AAAA");
        SC_VERIFY_OK(await(store->write(key, tricky)));
        QCOMPARE(store->largeSecretFiles(key).size(), 1);
        const Result<QString> read = await(store->read(key));
        SC_VERIFY_OK(await(store->remove(key)));
        SC_VERIFY_OK(read);
        QCOMPARE(*read, tricky);
    }
};

QTEST_GUILESS_MAIN(tst_KeychainCredentialStore)
#include "tst_keychaincredentialstore.moc"
