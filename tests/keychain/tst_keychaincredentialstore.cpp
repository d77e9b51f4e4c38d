// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Round trip through the real OS keyring (gnome-keyring on a D-Bus session bus, started by
// the test command). Skips only when no session bus exists at all.
#include "sandcastle/core/credentials/credentialstore.h"

#include "futurewait.h"
#include "resultverify.h"

#include <QTest>
#include <QUuid>

using namespace Sandcastle::Core;
using Sandcastle::Test::await;

class tst_KeychainCredentialStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
            QSKIP("no D-Bus session bus: run through the test command, which starts gnome-keyring");
        }
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
};

QTEST_GUILESS_MAIN(tst_KeychainCredentialStore)
#include "tst_keychaincredentialstore.moc"
