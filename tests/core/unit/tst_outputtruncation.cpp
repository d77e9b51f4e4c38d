// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/capabilities/shell/outputtruncation.h"

#include <QTest>

using namespace Sandcastle::Core;

class tst_OutputTruncation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void truncateOutput_budget_expectedText_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<qint64>("maxTokens"); // -1 = no budget
        QTest::addColumn<QString>("expected");
        QTest::addColumn<qint64>("originalTokens"); // -1 = none reported

        const QString a100 = QString(100, QLatin1Char('a'));
        const QString line = QStringLiteral("0123456789\n");
        QTest::newRow("no budget") << a100 << qint64(-1) << a100 << qint64(-1);
        QTest::newRow("exact budget") << QStringLiteral("abcd") << qint64(1) << QStringLiteral("abcd") << qint64(-1);
        QTest::newRow("empty") << QString() << qint64(1) << QString() << qint64(-1);
        QTest::newRow("zero budget") << QStringLiteral("abc") << qint64(0) << QString() << qint64(1);
        QTest::newRow("ascii prefix dropped")
            << a100 << qint64(10)
            << QString(7, QLatin1Char('a')) + QStringLiteral("\u202622 tokens truncated\u2026") +
                   QString(8, QLatin1Char('a'))
            << qint64(25);
        QTest::newRow("lines with prefix")
            << line.repeated(50) << qint64(50)
            << QStringLiteral("Total output lines: 50\n\n") + line.repeated(6) + QStringLiteral("012345678") +
                   QStringLiteral("\u2026100 tokens truncated\u2026") + QStringLiteral("23456789\n") + line.repeated(6)
            << qint64(138);
        QTest::newRow("two-byte chars")
            << QStringLiteral("\u00e9").repeated(30) << qint64(10)
            << QStringLiteral("\u00e9\u00e9\u00e9\u202612 tokens truncated\u2026\u00e9\u00e9\u00e9\u00e9")
            << qint64(15);
        QTest::newRow("three-byte chars straddling both cuts")
            << QStringLiteral("\u20ac").repeated(20) << qint64(10)
            << QStringLiteral("\u20ac\u20ac\u202612 tokens truncated\u2026\u20ac\u20ac") << qint64(15);
        QTest::newRow("four-byte chars") << QStringLiteral("\U0001F600").repeated(15) << qint64(10)
                                         << QStringLiteral(
                                                "\U0001F600\u202612 tokens truncated\u2026\U0001F600\U0001F600")
                                         << qint64(15);
        QTest::newRow("budget smaller than marker")
            << a100 << qint64(5) << QStringLiteral("\u202625 tokens truncat") << qint64(25);
    }
    void truncateOutput_budget_expectedText()
    {
        QFETCH(QString, input);
        QFETCH(qint64, maxTokens);
        QFETCH(QString, expected);
        QFETCH(qint64, originalTokens);

        const std::optional<qint64> budget = maxTokens < 0 ? std::nullopt : std::optional<qint64>(maxTokens);
        const TruncatedOutput out = truncateOutput(input, budget);
        QCOMPARE(out.text, expected);
        QCOMPARE(out.originalTokenCount.value_or(-1), originalTokens);
        if (budget) {
            QVERIFY2(out.text.toUtf8().size() <= 4 * *budget, qPrintable(out.text));
        }
        QVERIFY(!out.text.contains(QChar::ReplacementCharacter));
    }

    void pythonLineCount_text_countsLikeSplitlines_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qsizetype>("lines");
        QTest::newRow("empty") << QString() << qsizetype(0);
        QTest::newRow("one") << QStringLiteral("a") << qsizetype(1);
        QTest::newRow("trailing newline") << QStringLiteral("a\n") << qsizetype(1);
        QTest::newRow("two") << QStringLiteral("a\nb") << qsizetype(2);
        QTest::newRow("crlf") << QStringLiteral("a\r\nb\r\n") << qsizetype(2);
        QTest::newRow("cr") << QStringLiteral("a\rb") << qsizetype(2);
        QTest::newRow("blank lines") << QStringLiteral("\n\n") << qsizetype(2);
        QTest::newRow("line separator") << QStringLiteral("a\u2028b") << qsizetype(2);
        QTest::newRow("form feed") << QStringLiteral("a\fb\v") << qsizetype(2);
    }
    void pythonLineCount_text_countsLikeSplitlines()
    {
        QFETCH(QString, text);
        QFETCH(qsizetype, lines);
        QCOMPARE(pythonLineCount(text), lines);
    }

    void approxTokenCount_bytes_ceilDivision_data()
    {
        QTest::addColumn<qint64>("bytes");
        QTest::addColumn<qint64>("tokens");
        QTest::newRow("zero") << qint64(0) << qint64(0);
        QTest::newRow("one") << qint64(1) << qint64(1);
        QTest::newRow("four") << qint64(4) << qint64(1);
        QTest::newRow("five") << qint64(5) << qint64(2);
    }
    void approxTokenCount_bytes_ceilDivision()
    {
        QFETCH(qint64, bytes);
        QFETCH(qint64, tokens);
        QCOMPARE(approxTokenCount(bytes), tokens);
    }
};

QTEST_GUILESS_MAIN(tst_OutputTruncation)
#include "tst_outputtruncation.moc"
