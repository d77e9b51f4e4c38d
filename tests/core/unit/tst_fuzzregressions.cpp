// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Defects the libFuzzer targets (tests/fuzz) found, pinned down as unit tests so that the normal
// and sanitizer test runs keep them fixed without the fuzz preset.
#include "resultverify.h"
#include "sandcastle/core/manifest/manifestparser.h"
#include "sandcastle/core/model/sseparser.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Sandcastle::Core;

class tst_FuzzRegressions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // fuzz_manifest: "./x:y" normalized to "x:y", which the same function then refused as a drive
    // path, so a manifest written back could not be read again.
    void normalizeEntryPath_driveLetterAfterDotSlash_refusedLikeDrivePath_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("dot slash") << QStringLiteral("./c:x");
        QTest::newRow("double slash") << QStringLiteral(".//c:/x");
        QTest::newRow("plain") << QStringLiteral("c:x");
    }
    void normalizeEntryPath_driveLetterAfterDotSlash_refusedLikeDrivePath()
    {
        QFETCH(QString, path);
        const Result<QString> r = ManifestParser::normalizeEntryPath(path);
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().message, QStringLiteral("path is absolute; expected a path relative to the root"));
    }

    void normalizeEntryPath_isIdempotent_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("colon later") << QStringLiteral("./dir/c:x");
        QTest::newRow("digit colon") << QStringLiteral("./1:x");
        QTest::newRow("dots") << QStringLiteral("./a/./b//c/");
    }
    void normalizeEntryPath_isIdempotent()
    {
        QFETCH(QString, path);
        const Result<QString> once = ManifestParser::normalizeEntryPath(path);
        SC_VERIFY_OK(once);
        const Result<QString> twice = ManifestParser::normalizeEntryPath(*once);
        SC_VERIFY_OK(twice);
        QCOMPARE(*twice, *once);
    }

    // fuzz_sse: every feed() searched the whole unfinished line again, so a long line arriving in
    // small pieces took quadratic time (1 MB byte by byte: far beyond the test timeout).
    void feed_longLineByteByByte_linearTime()
    {
        const QByteArray line = "data: " + QByteArray(1024 * 1024, 'x') + "\r\n\r\n";
        SseParser parser;
        QList<SseEvent> events;
        QElapsedTimer clock;
        clock.start();
        for (const char c : line) {
            events += parser.feed(QByteArrayView(&c, 1));
        }
        events += parser.finish();
        QVERIFY2(clock.elapsed() < 20000, qPrintable(QStringLiteral("took %1 ms").arg(clock.elapsed())));
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().data.size(), 1024 * 1024);
    }
};

QTEST_GUILESS_MAIN(tst_FuzzRegressions)
#include "tst_fuzzregressions.moc"
