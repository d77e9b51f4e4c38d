// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/credentials/secretredactor.h"

#include <QTest>

using namespace Sandcastle::Core;

class tst_SecretRedactor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void redact_string_replacesEveryOccurrence()
    {
        SecretRedactor r;
        QVERIFY(r.addSecret(QStringLiteral("TOKEN"), QStringLiteral("s3cr3t-value")));
        QCOMPARE(r.redact(QStringLiteral("a s3cr3t-value b s3cr3t-value")),
                 QStringLiteral("a [REDACTED:TOKEN] b [REDACTED:TOKEN]"));
        QCOMPARE(r.redact(QStringLiteral("nothing here")), QStringLiteral("nothing here"));
    }
    void redact_bytes_matchesUtf8()
    {
        SecretRedactor r;
        QVERIFY(r.addSecret(QStringLiteral("KEY"), QStringLiteral("p\u00e4ss\u4e2dword")));
        const QByteArray in = QStringLiteral("x=p\u00e4ss\u4e2dword;").toUtf8();
        QCOMPARE(r.redact(in), QByteArray("x=[REDACTED:KEY];"));
    }
    void addSecret_shortValue_isIgnored()
    {
        SecretRedactor r;
        QVERIFY(!r.addSecret(QStringLiteral("SHORT"), QStringLiteral("12345")));
        QVERIFY(!r.addSecret(QStringLiteral("EMPTY"), QString()));
        QVERIFY(r.isEmpty());
        QCOMPARE(r.redact(QStringLiteral("12345")), QStringLiteral("12345"));
        QVERIFY(r.addSecret(QStringLiteral("SIX"), QStringLiteral("123456")));
        QCOMPARE(r.redact(QStringLiteral("0123456")), QStringLiteral("0[REDACTED:SIX]"));
    }
    void redact_nestedSecrets_longestWins()
    {
        SecretRedactor r;
        QVERIFY(r.addSecret(QStringLiteral("INNER"), QStringLiteral("abcdef")));
        QVERIFY(r.addSecret(QStringLiteral("OUTER"), QStringLiteral("xxabcdefyy")));
        QCOMPARE(r.size(), 2);
        QCOMPARE(r.redact(QStringLiteral("xxabcdefyy abcdef")), QStringLiteral("[REDACTED:OUTER] [REDACTED:INNER]"));
        QCOMPARE(r.redact(QByteArray("xxabcdefyy abcdef")), QByteArray("[REDACTED:OUTER] [REDACTED:INNER]"));
    }
    void redact_copy_keepsSecrets()
    {
        SecretRedactor r;
        QVERIFY(r.addSecret(QStringLiteral("T"), QStringLiteral("copied-secret")));
        const SecretRedactor copy = r;
        QCOMPARE(copy.redact(QStringLiteral("copied-secret")), QStringLiteral("[REDACTED:T]"));
    }
    void heldPrefixLength_endThatMayBeginASecret()
    {
        SecretRedactor r;
        QVERIFY(r.addSecret(QStringLiteral("LONG"), QStringLiteral("abcdefgh")));
        QVERIFY(r.addSecret(QStringLiteral("OTHER"), QStringLiteral("xyz123")));
        QCOMPARE(r.heldPrefixLength("output abc"), 3);
        QCOMPARE(r.heldPrefixLength("output abcdefg"), 7);
        QCOMPARE(r.heldPrefixLength("output abcdefgh"), 0); // a whole value is redacted, not held
        QCOMPARE(r.heldPrefixLength("output xyz12"), 5);
        QCOMPARE(r.heldPrefixLength("plain text\n"), 0);
        QCOMPARE(r.heldPrefixLength("a"), 1);
        QCOMPARE(r.heldPrefixLength(""), 0);
        QCOMPARE(SecretRedactor().heldPrefixLength("abc"), 0);
    }
};

QTEST_GUILESS_MAIN(tst_SecretRedactor)
#include "tst_secretredactor.moc"
