// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/result.h"
#include "sandcastle/core/version.h"

#include <QTest>

using namespace Sandcastle::Core;

class tst_Result : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fail_withDetail_formatsMessageAndDetail()
    {
        const Result<int> r = fail(ErrorCode::InvalidInput, QStringLiteral("expected a string"),
                                   QStringLiteral("manifest.json: /entries/a/content"));
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, ErrorCode::InvalidInput);
        QCOMPARE(r.error().toString(), QStringLiteral("expected a string (manifest.json: /entries/a/content)"));
    }
    void errorCodeName_eachCode_stableName_data()
    {
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("name");
        QTest::newRow("input") << ErrorCode::InvalidInput << QStringLiteral("invalid-input");
        QTest::newRow("sandbox") << ErrorCode::Sandbox << QStringLiteral("sandbox");
        QTest::newRow("cancelled") << ErrorCode::Cancelled << QStringLiteral("cancelled");
    }
    void errorCodeName_eachCode_stableName()
    {
        QFETCH(ErrorCode, code);
        QFETCH(QString, name);
        QCOMPARE(errorCodeName(code), name);
    }
    void buildDescription_namesVersionAndLibraries()
    {
        const QString d = buildDescription();
        QVERIFY2(d.startsWith(QStringLiteral("sandcastle ") + version()), qPrintable(d));
        QVERIFY2(d.contains(QStringLiteral("libgit2 1.")), qPrintable(d));
        QVERIFY2(d.contains(QStringLiteral("libarchive")), qPrintable(d));
    }
};

QTEST_GUILESS_MAIN(tst_Result)
#include "tst_result.moc"
