// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// TextDiffer: exact-byte line diff, hunks and headers, unified text, word highlights, binary
// detection and merging chosen hunks.
#include "sandcastle/core/review/textdiff.h"

#include "resultverify.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Sandcastle::Core;

Q_DECLARE_METATYPE(QList<Sandcastle::Core::ByteRange>)

namespace {

QByteArray numbered(int count, int changedLine = 0, const QByteArray &replacement = {})
{
    QByteArray out;
    for (int k = 1; k <= count; ++k) {
        out += k == changedLine ? replacement : "line " + QByteArray::number(k) + '\n';
    }
    return out;
}

QStringList headers(const TextDiff &diff)
{
    QStringList out;
    for (const DiffHunk &h : diff.hunks) {
        out.append(h.header());
    }
    return out;
}

// Length of the longest common subsequence of two line lists (reference for minimality).
int lcs(const QList<QByteArray> &a, const QList<QByteArray> &b)
{
    std::vector<std::vector<int>> t(a.size() + 1, std::vector<int>(b.size() + 1, 0));
    for (qsizetype i = a.size() - 1; i >= 0; --i) {
        for (qsizetype j = b.size() - 1; j >= 0; --j) {
            t[i][j] = a.at(i) == b.at(j) ? t[i + 1][j + 1] + 1 : std::max(t[i + 1][j], t[i][j + 1]);
        }
    }
    return t[0][0];
}

} // namespace

class TestTextDiff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void diff_crlfLine_exactBytesAndUnified();
    void diff_noFinalNewline_markedInUnified();
    void diff_addFinalNewline_lastLineReplaced();
    void diff_emptyAndWholeFile_data();
    void diff_emptyAndWholeFile();
    void diff_nearbyChanges_mergedWithinTwiceContext_data();
    void diff_nearbyChanges_mergedWithinTwiceContext();
    void diff_tenThousandLines_threeHunksWithLineNumbers();
    void diff_utf8Multibyte_highlightsWholeSequences();
    void wordHighlights_pairs_data();
    void wordHighlights_pairs();
    void isBinary_bytes_data();
    void isBinary_bytes();
    void diff_binary_noHunks();
    void merge_acceptFirstRejectSecond_onlyFirstApplied();
    void merge_replacement_replacesOldSide();
    void merge_wrongChoiceCount_fails();
    void diff_randomEdits_minimalAndRoundTrip();
};

void TestTextDiff::diff_crlfLine_exactBytesAndUnified()
{
    const QByteArray before = "a\r\nb\r\nc\r\n";
    const QByteArray after = "a\r\nB\r\nc\r\n";
    const TextDiff d = TextDiffer::diff(before, after);
    QVERIFY(!d.binary);
    QCOMPARE(headers(d), QStringList{QStringLiteral("@@ -1,3 +1,3 @@")});
    const DiffHunk &h = d.hunks.at(0);
    QCOMPARE(h.lines.size(), 4);
    QCOMPARE(h.lines.at(1).kind, DiffLine::Kind::Removed);
    QCOMPARE(h.lines.at(1).text, QByteArray("b\r\n"));
    QCOMPARE(h.lines.at(1).content(), QByteArray("b"));
    QCOMPARE(h.lines.at(1).oldLine, 2);
    QCOMPARE(h.lines.at(2).text, QByteArray("B\r\n"));
    QCOMPARE(h.lines.at(2).newLine, 2);
    QCOMPARE(h.oldText(), before);
    QCOMPARE(h.newText(), after);
    QCOMPARE(TextDiffer::unified(d, QStringLiteral("a/f.txt"), QStringLiteral("b/f.txt")),
             QByteArray("--- a/f.txt\n+++ b/f.txt\n@@ -1,3 +1,3 @@\n a\r\n-b\r\n+B\r\n c\r\n"));
    // Only the line ending changes: still a change, on exact bytes.
    const TextDiff eol = TextDiffer::diff("x\r\n", "x\n");
    QCOMPARE(eol.added, 1);
    QCOMPARE(eol.removed, 1);
}

void TestTextDiff::diff_noFinalNewline_markedInUnified()
{
    const TextDiff d = TextDiffer::diff("a\nb", "a\nc");
    QCOMPARE(headers(d), QStringList{QStringLiteral("@@ -1,2 +1,2 @@")});
    QVERIFY(!d.hunks.at(0).lines.at(1).hasTerminator());
    QCOMPARE(TextDiffer::unified(d, QStringLiteral("a/x"), QStringLiteral("b/x")),
             QByteArray("--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n"
                        "+c\n\\ No newline at end of file\n"));
}

void TestTextDiff::diff_addFinalNewline_lastLineReplaced()
{
    const TextDiff d = TextDiffer::diff("a\nb", "a\nb\n");
    QCOMPARE(d.removed, 1);
    QCOMPARE(d.added, 1);
    QCOMPARE(d.hunks.at(0).lines.at(1).text, QByteArray("b"));
    QCOMPARE(d.hunks.at(0).lines.at(2).text, QByteArray("b\n"));
    QCOMPARE(TextDiffer::merge("a\nb", d, {HunkChoice{true, {}}}).value_or("<error>"), QByteArray("a\nb\n"));
}

void TestTextDiff::diff_emptyAndWholeFile_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<QByteArray>("after");
    QTest::addColumn<QStringList>("headers");
    QTest::addColumn<int>("added");
    QTest::addColumn<int>("removed");
    QTest::newRow("both empty") << QByteArray() << QByteArray() << QStringList() << 0 << 0;
    QTest::newRow("same") << QByteArray("x\n") << QByteArray("x\n") << QStringList() << 0 << 0;
    QTest::newRow("add one line") << QByteArray() << QByteArray("x\n") << QStringList{QStringLiteral("@@ -0,0 +1 @@")}
                                  << 1 << 0;
    QTest::newRow("add file") << QByteArray() << QByteArray("a\nb\nc") << QStringList{QStringLiteral("@@ -0,0 +1,3 @@")}
                              << 3 << 0;
    QTest::newRow("delete file") << QByteArray("a\nb\n") << QByteArray()
                                 << QStringList{QStringLiteral("@@ -1,2 +0,0 @@")} << 0 << 2;
    QTest::newRow("insert at top") << numbered(5) << QByteArray("new\n") + numbered(5)
                                   << QStringList{QStringLiteral("@@ -1,3 +1,4 @@")} << 1 << 0;
    QTest::newRow("append") << numbered(5) << numbered(5) + "new\n"
                            << QStringList{QStringLiteral("@@ -3,3 +3,4 @@")} << 1 << 0;
}

void TestTextDiff::diff_emptyAndWholeFile()
{
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, after);
    QFETCH(QStringList, headers);
    QFETCH(int, added);
    QFETCH(int, removed);
    const TextDiff d = TextDiffer::diff(before, after);
    QCOMPARE(::headers(d), headers);
    QCOMPARE(d.added, added);
    QCOMPARE(d.removed, removed);
    QList<HunkChoice> all(d.hunks.size(), HunkChoice{true, {}});
    QCOMPARE(TextDiffer::merge(before, d, all).value_or("<error>"), after);
    QList<HunkChoice> none(d.hunks.size(), HunkChoice{false, {}});
    QCOMPARE(TextDiffer::merge(before, d, none).value_or("<error>"), before);
}

void TestTextDiff::diff_nearbyChanges_mergedWithinTwiceContext_data()
{
    QTest::addColumn<int>("second");
    QTest::addColumn<QStringList>("headers");
    // Lines 2 and 9 leave 6 unchanged lines between them (= 2 x context): one hunk.
    QTest::newRow("gap 6") << 9 << QStringList{QStringLiteral("@@ -1,12 +1,12 @@")};
    QTest::newRow("gap 7") << 10 << QStringList{QStringLiteral("@@ -1,5 +1,5 @@"), QStringLiteral("@@ -7,7 +7,7 @@")};
}

void TestTextDiff::diff_nearbyChanges_mergedWithinTwiceContext()
{
    QFETCH(int, second);
    const QByteArray before = numbered(20);
    QByteArray after = numbered(20, 2, "two\n");
    after.replace(QByteArray("line " + QByteArray::number(second) + '\n'), QByteArray("changed\n"));
    QFETCH(QStringList, headers);
    QCOMPARE(::headers(TextDiffer::diff(before, after)), headers);
}

void TestTextDiff::diff_tenThousandLines_threeHunksWithLineNumbers()
{
    const QByteArray before = numbered(10000);
    QByteArray after = numbered(10000, 100, "hundred\n");
    after.replace("line 5000\n", "five thousand\n");
    after.replace("line 9000\n", "line 9000\ninserted\n");
    const TextDiff d = TextDiffer::diff(before, after);
    QCOMPARE(headers(d), (QStringList{QStringLiteral("@@ -97,7 +97,7 @@"), QStringLiteral("@@ -4997,7 +4997,7 @@"),
                                      QStringLiteral("@@ -8998,6 +8998,7 @@")}));
    QCOMPARE(d.added, 3);
    QCOMPARE(d.removed, 2);
    const DiffLine &inserted = d.hunks.at(2).lines.at(3);
    QCOMPARE(inserted.kind, DiffLine::Kind::Added);
    QCOMPARE(inserted.text, QByteArray("inserted\n"));
    QCOMPARE(inserted.newLine, 9001);
    QCOMPARE(d.hunks.at(1).lines.at(3).oldLine, 5000);
    QList<HunkChoice> all(3, HunkChoice{true, {}});
    QCOMPARE(TextDiffer::merge(before, d, all).value_or("<error>"), after);
}

void TestTextDiff::diff_utf8Multibyte_highlightsWholeSequences()
{
    const QByteArray before = "größe = 1\nnaïve café\n";
    const QByteArray after = "größe = 2\nnaïve cafè\n";
    const TextDiff d = TextDiffer::diff(before, after);
    QCOMPARE(d.hunks.size(), 1);
    const QList<DiffLine> &lines = d.hunks.at(0).lines;
    QCOMPARE(lines.size(), 4);
    // "größe" is 7 bytes, " = " 3: the digit is at byte 10.
    QCOMPARE(lines.at(0).highlights, (QList<ByteRange>{{10, 1}}));
    QCOMPARE(lines.at(2).highlights, (QList<ByteRange>{{10, 1}}));
    // "naïve " is 7 bytes; "café" and "cafè" are 5 bytes, highlighted as whole words.
    QCOMPARE(lines.at(1).highlights, (QList<ByteRange>{{7, 5}}));
    QCOMPARE(lines.at(3).highlights, (QList<ByteRange>{{7, 5}}));
}

void TestTextDiff::wordHighlights_pairs_data()
{
    QTest::addColumn<QByteArray>("oldLine");
    QTest::addColumn<QByteArray>("newLine");
    QTest::addColumn<QList<ByteRange>>("oldRanges");
    QTest::addColumn<QList<ByteRange>>("newRanges");
    QTest::newRow("one argument") << QByteArray("foo(bar, baz)") << QByteArray("foo(bar, qux)")
                                  << QList<ByteRange>{{9, 3}} << QList<ByteRange>{{9, 3}};
    QTest::newRow("inserted word") << QByteArray("return x;") << QByteArray("return -x;") << QList<ByteRange>{}
                                   << QList<ByteRange>{{7, 1}};
    QTest::newRow("adjacent tokens merge")
        << QByteArray("a = b + c") << QByteArray("a = (d)") << QList<ByteRange>{{4, 5}} << QList<ByteRange>{{4, 3}};
    QTest::newRow("nothing shared") << QByteArray("abc def") << QByteArray("xyz uvw") << QList<ByteRange>{}
                                    << QList<ByteRange>{};
}

void TestTextDiff::wordHighlights_pairs()
{
    QFETCH(QByteArray, oldLine);
    QFETCH(QByteArray, newLine);
    QFETCH(QList<ByteRange>, oldRanges);
    QFETCH(QList<ByteRange>, newRanges);
    QList<ByteRange> oldActual;
    QList<ByteRange> newActual;
    TextDiffer::wordHighlights(oldLine, newLine, oldActual, newActual);
    QCOMPARE(oldActual, oldRanges);
    QCOMPARE(newActual, newRanges);
}

void TestTextDiff::isBinary_bytes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("binary");
    QTest::newRow("ascii") << QByteArray("hello\n") << false;
    QTest::newRow("utf8 4-byte") << QByteArray("emoji \xF0\x9F\x98\x80\n") << false;
    QTest::newRow("nul") << QByteArray("a\0b", 3) << true;
    QTest::newRow("latin1 byte") << QByteArray("caf\xE9\n") << true;
    QTest::newRow("overlong") << QByteArray("\xC0\x80") << true;
    QTest::newRow("surrogate") << QByteArray("\xED\xA0\x80") << true;
    QTest::newRow("truncated at end") << QByteArray("ok \xE2\x82") << true;
    QTest::newRow("png") << QByteArray("\x89PNG\r\n\x1a\n", 8) << true;
}

void TestTextDiff::isBinary_bytes()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, binary);
    QCOMPARE(TextDiffer::isBinary(bytes), binary);
}

void TestTextDiff::diff_binary_noHunks()
{
    const TextDiff d = TextDiffer::diff("text\n", QByteArray("\x89PNG\0", 5));
    QVERIFY(d.binary);
    QVERIFY(d.hunks.isEmpty());
    QCOMPARE(TextDiffer::unified(d, QStringLiteral("a/i.png"), QStringLiteral("b/i.png")),
             QByteArray("Binary files a/i.png and b/i.png differ\n"));
    QVERIFY(!TextDiffer::merge("text\n", d, {}).has_value());
}

void TestTextDiff::merge_acceptFirstRejectSecond_onlyFirstApplied()
{
    const QByteArray before = numbered(30);
    QByteArray after = numbered(30, 5, "five\n");
    after.replace("line 25\n", "twenty-five\n");
    const TextDiff d = TextDiffer::diff(before, after);
    QCOMPARE(d.hunks.size(), 2);
    const auto merged = TextDiffer::merge(before, d, {HunkChoice{true, {}}, HunkChoice{false, {}}});
    SC_VERIFY_OK(merged);
    QCOMPARE(*merged, numbered(30, 5, "five\n"));
}

void TestTextDiff::merge_replacement_replacesOldSide()
{
    const QByteArray before = "a\nb\nc\n";
    const TextDiff d = TextDiffer::diff(before, "a\nB\nc\n");
    const auto merged = TextDiffer::merge(before, d, {HunkChoice{true, QByteArray("a\nedited\r\nc\n")}});
    SC_VERIFY_OK(merged);
    QCOMPARE(*merged, QByteArray("a\nedited\r\nc\n"));
}

void TestTextDiff::merge_wrongChoiceCount_fails()
{
    const TextDiff d = TextDiffer::diff("a\n", "b\n");
    const auto merged = TextDiffer::merge("a\n", d, {});
    QVERIFY(!merged);
    QCOMPARE(merged.error().message, QStringLiteral("expected a decision for each of the 1 hunks, got 0"));
    // A diff applied to content it was not computed from is refused.
    QVERIFY(!TextDiffer::merge("z\n", d, {HunkChoice{true, {}}}));
}

void TestTextDiff::diff_randomEdits_minimalAndRoundTrip()
{
    QRandomGenerator rng(8);
    const QList<QByteArray> vocabulary{"alpha\n", "beta\n", "gamma\r\n", "delta\n", "", "ε\n", "}\n"};
    for (int round = 0; round < 300; ++round) {
        auto make = [&] {
            QList<QByteArray> lines;
            const int count = int(rng.bounded(0, 25));
            for (int k = 0; k < count; ++k) {
                QByteArray line = vocabulary.at(rng.bounded(qsizetype(vocabulary.size())));
                lines.append(line.isEmpty() ? QByteArray("\n") : line);
            }
            if (!lines.isEmpty() && rng.bounded(3) == 0) {
                lines.last().chop(1); // no final newline
                if (lines.last().isEmpty()) {
                    lines.removeLast();
                }
            }
            return lines;
        };
        const QList<QByteArray> a = make();
        const QList<QByteArray> b = make();
        const QByteArray before = a.join();
        const QByteArray after = b.join();
        const int context = int(rng.bounded(0, 4));
        const TextDiff d = TextDiffer::diff(before, after, context);
        QCOMPARE(TextDiffer::splitLines(before), a);
        const int common = lcs(a, b);
        QCOMPARE(d.removed, int(a.size()) - common);
        QCOMPARE(d.added, int(b.size()) - common);
        QList<HunkChoice> all(d.hunks.size(), HunkChoice{true, {}});
        QCOMPARE(TextDiffer::merge(before, d, all).value_or("<error>"), after);
        QList<HunkChoice> none(d.hunks.size(), HunkChoice{false, {}});
        QCOMPARE(TextDiffer::merge(before, d, none).value_or("<error>"), before);
    }
}

QTEST_GUILESS_MAIN(TestTextDiff)
#include "tst_textdiff.moc"
