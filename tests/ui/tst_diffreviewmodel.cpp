// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The review view's data side (issue 8): the rows a change set becomes (unified and side by side,
// collapsed and expanded gaps), how CRLF files, files without a final newline, binary, deleted,
// added and renamed files read, the file list model, and the decision the review hands to the run.
#include "review/diffdocument.h"
#include "review/diffhighlighter.h"
#include "review/diffview.h"
#include "review/hunkeditdialog.h"
#include "review/reviewfilemodel.h"
#include "review/reviewstate.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QTest>
#include <QTranslator>

using namespace Sandcastle::Core;
using namespace Sandcastle::Ui;

namespace {

QByteArray numbered(int count, const char *eol = "\n")
{
    QByteArray out;
    for (int k = 1; k <= count; ++k) {
        out += "line " + QByteArray::number(k) + eol;
    }
    return out;
}

ChangeSet setOf(QList<FileChange> changes)
{
    QList<FileOrigin> origins;
    for (const FileChange &c : changes) {
        origins.append(FileOrigin{c.kind != FileChange::Kind::Add, QFile::ReadOwner | QFile::WriteOwner});
    }
    ChangeSet set = ChangeSet::fromChanges(changes, origins);
    set.status = ChangeSetStatus::Pending;
    return set;
}

FileChange update(const QString &path, const QByteArray &before, const QByteArray &after)
{
    return FileChange{FileChange::Kind::Update, path, {}, before, after};
}

// Every row of the document as DiffView::rowText() shows it.
QStringList rowTexts(DiffView &view, const DiffDocument &document)
{
    QStringList out;
    for (int r = 0; r < document.rowCount(); ++r) {
        out.append(view.rowText(r));
    }
    return out;
}

// True when every line row in view has its highlighting (asked without time to compute any).
bool visibleRowsHighlighted(DiffView &view, const DiffDocument &document)
{
    const int last = std::min(document.rowCount(), view.firstVisibleRow() + view.visibleRowCount());
    for (int r = view.firstVisibleRow(); r < last; ++r) {
        const DiffRow &row = document.rows().at(r);
        if (row.kind == DiffRow::Kind::Line && !view.highlighter().spans(row, 0, QDeadlineTimer(0))) {
            return false;
        }
    }
    return true;
}

} // namespace

class tst_DiffReviewModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void rows_singleFile_data()
    {
        QTest::addColumn<QList<FileChange>>("changes");
        QTest::addColumn<QStringList>("expected");

        QTest::newRow("crlf update") << QList<FileChange>{update(QStringLiteral("a.txt"), "one\r\ntwo\r\nthree\r\n",
                                                                 "one\r\nTWO\r\nthree\r\n")}
                                     << QStringList{QStringLiteral("a.txt   modified \u00b7 +1 \u22121 \u00b7 CRLF"),
                                                    QStringLiteral("@@ -1,3 +1,3 @@ [undecided]"),
                                                    QStringLiteral("1 1   one"),
                                                    QStringLiteral("2 - - two"),
                                                    QStringLiteral("- 2 + TWO"),
                                                    QStringLiteral("3 3   three")};
        QTest::newRow("no final newline")
            << QList<FileChange>{update(QStringLiteral("b.txt"), "x\ny", "x\nz")}
            << QStringList{QStringLiteral("b.txt   modified \u00b7 +1 \u22121"),
                           QStringLiteral("@@ -1,2 +1,2 @@ [undecided]"), QStringLiteral("1 1   x"),
                           QStringLiteral("2 - - y \u21b5 no newline at end of file"),
                           QStringLiteral("- 2 + z \u21b5 no newline at end of file")};
        QTest::newRow("only the line ending changed")
            << QList<FileChange>{update(QStringLiteral("c.txt"), "same\n", "same\r\n")}
            << QStringList{QStringLiteral("c.txt   modified \u00b7 +1 \u22121 \u00b7 CRLF"),
                           QStringLiteral("@@ -1 +1 @@ [undecided]"), QStringLiteral("1 - - same \u21b5 LF"),
                           QStringLiteral("- 1 + same \u21b5 CRLF")};
        QByteArray before(12 * 1024, 'a');
        before[5] = '\0';
        QByteArray after(14 * 1024, 'b');
        after[7] = '\0';
        QTest::newRow("binary") << QList<FileChange>{update(QStringLiteral("img.bin"), before, after)}
                                << QStringList{QStringLiteral("img.bin   modified"),
                                               QStringLiteral("Binary file, 12 KiB -> 14 KiB [undecided]")};
        QTest::newRow("binary added")
            << QList<FileChange>{FileChange{FileChange::Kind::Add, QStringLiteral("new.bin"), {}, {}, after}}
            << QStringList{QStringLiteral("new.bin   added"), QStringLiteral("Binary file added, 14 KiB [undecided]")};
        QTest::newRow("deleted") << QList<FileChange>{FileChange{
                                        FileChange::Kind::Delete, QStringLiteral("gone.py"), {}, "a = 1\nb = 2\n", {}}}
                                 << QStringList{QStringLiteral("gone.py   deleted \u00b7 +0 \u22122 \u00b7 Python"),
                                                QStringLiteral("@@ -1,2 +0,0 @@ [undecided]"),
                                                QStringLiteral("1 - - a = 1"), QStringLiteral("2 - - b = 2")};
        QTest::newRow("added") << QList<FileChange>{FileChange{
                                      FileChange::Kind::Add, QStringLiteral("new.c"), {}, {}, "int x;\n"}}
                               << QStringList{QStringLiteral("new.c   added \u00b7 +1 \u22120 \u00b7 C"),
                                              QStringLiteral("@@ -0,0 +1 @@ [undecided]"),
                                              QStringLiteral("- 1 + int x;")};
        QTest::newRow("renamed, unchanged")
            << QList<FileChange>{FileChange{FileChange::Kind::Move, QStringLiteral("to.txt"),
                                            QStringLiteral("from.txt"), "same\n", "same\n"}}
            << QStringList{QStringLiteral("from.txt \u2192 to.txt   moved \u00b7 +0 \u22120"),
                           QStringLiteral("Renamed from from.txt, content unchanged [undecided]")};
        QTest::newRow("empty file added")
            << QList<FileChange>{FileChange{FileChange::Kind::Add, QStringLiteral("empty"), {}, {}, {}}}
            << QStringList{QStringLiteral("empty   added \u00b7 +0 \u22120"),
                           QStringLiteral("Empty file added [undecided]")};
    }

    void rows_singleFile()
    {
        QFETCH(QList<FileChange>, changes);
        QFETCH(QStringList, expected);
        DiffDocument document(setOf(changes));
        ReviewState state;
        DiffView view;
        view.setDocument(&document, &state, true);
        QCOMPARE(rowTexts(view, document), expected);
    }

    void rows_twoHunks_gapsCollapsedAndExpandable()
    {
        QByteArray after = numbered(30);
        after.replace("line 5\n", "FIVE\n").replace("line 25\n", "TWENTY-FIVE\n");
        DiffDocument document(setOf({update(QStringLiteral("notes.txt"), numbered(30), after)}));
        ReviewState state;
        DiffView view;
        view.setDocument(&document, &state, true);
        const QStringList rows = rowTexts(view, document);
        QCOMPARE(rows.size(), 1 + 1 + 1 + 8 + 1 + 1 + 8 + 1);
        // (English plural forms come from the translation; the source text is shown here.)
        QCOMPARE(rows.at(1), QStringLiteral("\u22ef 1 unchanged line(s), click to expand \u22ef"));
        QCOMPARE(document.gapSize(0, 0), 1);
        QCOMPARE(rows.at(2), QStringLiteral("@@ -2,7 +2,7 @@ [undecided]"));
        QCOMPARE(rows.at(11), QStringLiteral("\u22ef 13 unchanged line(s), click to expand \u22ef"));
        QCOMPARE(rows.last(), QStringLiteral("\u22ef 2 unchanged line(s), click to expand \u22ef"));
        QCOMPARE(document.reviewUnits(), (QList<std::pair<int, int>>{{0, 0}, {0, 1}}));
        QCOMPARE(document.hunkRow(0, 1), 12);
        QCOMPARE(document.hunkAt(14), (std::pair<int, int>(0, 1)));

        document.expandGap(0, 1);
        view.documentChanged();
        const QStringList expanded = rowTexts(view, document);
        QCOMPARE(expanded.size(), rows.size() - 1 + 13);
        QCOMPARE(expanded.at(11), QStringLiteral("9 9   line 9"));
        QCOMPARE(expanded.at(23), QStringLiteral("21 21   line 21"));
        QCOMPARE(document.hunkRow(0, 1), 24);
    }

    void gapText_translations_pluralAndGerman()
    {
        QByteArray after = numbered(30);
        after.replace("line 5\n", "FIVE\n").replace("line 25\n", "TWENTY-FIVE\n");
        DiffDocument document(setOf({update(QStringLiteral("notes.txt"), numbered(30), after)}));
        ReviewState state;
        DiffView view;
        view.setDocument(&document, &state, true);
        for (const auto &[language, one, many] :
             {std::tuple{QLocale::English, QStringLiteral("\u22ef 1 unchanged line, click to expand \u22ef"),
                         QStringLiteral("\u22ef 13 unchanged lines, click to expand \u22ef")},
              std::tuple{QLocale::German,
                         QStringLiteral("\u22ef 1 unver\u00e4nderte Zeile, zum Aufklappen klicken \u22ef"),
                         QStringLiteral("\u22ef 13 unver\u00e4nderte Zeilen, zum Aufklappen klicken \u22ef")}}) {
            QTranslator translator;
            QVERIFY2(translator.load(QLocale(language), QStringLiteral("sandcastle"), QStringLiteral("_"),
                                     QStringLiteral(SANDCASTLE_QM_DIR)),
                     "sandcastle_*.qm not built");
            QVERIFY(QCoreApplication::installTranslator(&translator));
            QCOMPARE(view.rowText(1), one);
            QCOMPARE(view.rowText(11), many);
            QCoreApplication::removeTranslator(&translator);
        }
    }

    void rows_sideBySide_pairsRemovedWithAdded()
    {
        DiffDocument document(
            setOf({update(QStringLiteral("p.txt"), "keep\nold 1\nold 2\nend\n", "keep\nnew 1\nend\n")}));
        document.setLayout(DiffDocument::Layout::SideBySide);
        ReviewState state;
        DiffView view;
        view.setDocument(&document, &state, true);
        QCOMPARE(rowTexts(view, document),
                 (QStringList{QStringLiteral("p.txt   modified \u00b7 +1 \u22122"),
                              QStringLiteral("@@ -1,4 +1,3 @@ [undecided]"), QStringLiteral("1   keep | 1   keep"),
                              QStringLiteral("2 - old 1 | 2 + new 1"), QStringLiteral("3 - old 2 | "),
                              QStringLiteral("4   end | 3   end")}));
        // Word highlights reach the view through the lines.
        const DiffLine *oldLine = document.line(document.rows().at(3), 0);
        QVERIFY(oldLine);
        QCOMPARE(oldLine->highlights, (QList<ByteRange>{{0, 3}})); // "old" of "old 1"
    }

    void fileModel_countsAndDecisions()
    {
        QByteArray after = numbered(30);
        after.replace("line 5\n", "FIVE\n").replace("line 25\n", "TWENTY-FIVE\n");
        QByteArray binary("\x00\x01\x02", 3);
        DiffDocument document(setOf({update(QStringLiteral("notes.txt"), numbered(30), after),
                                     FileChange{FileChange::Kind::Add, QStringLiteral("b.bin"), {}, {}, binary}}));
        ReviewState state;
        ReviewFileModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDocument(&document, &state);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0).data().toString(), QStringLiteral("notes.txt  +2 \u22122"));
        QCOMPARE(model.index(1).data().toString(), QStringLiteral("b.bin  (binary)"));
        QCOMPARE(model.index(0).data(ReviewFileModel::UnitsRole).toInt(), 2);
        QCOMPARE(model.index(1).data(ReviewFileModel::UnitsRole).toInt(), 1);
        QCOMPARE(model.index(0).data(ReviewFileModel::DecidedRole).toInt(), 0);
        state.setDecision(0, 1, ReviewState::Decision::Rejected);
        model.decisionsChanged();
        QCOMPARE(model.index(0).data(ReviewFileModel::DecidedRole).toInt(), 1);
        QCOMPARE(model.index(1).data(ReviewFileModel::BinaryRole).toBool(), true);
        model.setDocument(nullptr, nullptr);
        QCOMPARE(model.rowCount(), 0);
    }

    void reviewState_toDecision_listsOnlyAcceptedWithEdits()
    {
        ReviewState state;
        const QList<ReviewState::Unit> units{{0, 0}, {0, 1}, {1, -1}, {2, 0}};
        state.setDecision(0, 0, ReviewState::Decision::Accepted);
        state.setDecision(0, 1, ReviewState::Decision::Rejected);
        state.setDecision(1, -1, ReviewState::Decision::Accepted, QByteArray("ignored? no: kept"));
        const PatchReviewDecision decision = state.toDecision(units, QStringLiteral("why"));
        QCOMPARE(decision.comment, QStringLiteral("why"));
        QCOMPARE(decision.hunks,
                 (QList<HunkDecision>{{0, 0, true, {}}, {1, -1, true, QByteArray("ignored? no: kept")}}));
        QCOMPARE(state.count(units, ReviewState::Decision::Undecided), 1);
        // A rejected hunk forgets an edit made before.
        state.setDecision(1, -1, ReviewState::Decision::Rejected, QByteArray("x"));
        QVERIFY(!state.replacement(1, -1).has_value());
        state.markReverted(0, -1);
        QVERIFY(state.isReverted(0, 1));
        QVERIFY(!state.isReverted(2, 0));
    }

    void appliedSet_reviewedPartially_showsWhatWasWritten()
    {
        QByteArray after = numbered(30);
        after.replace("line 5\n", "FIVE\n").replace("line 25\n", "TWENTY-FIVE\n");
        ChangeSet set = setOf({update(QStringLiteral("notes.txt"), numbered(30), after)});
        set.status = ChangeSetStatus::Reviewed;
        QByteArray written = numbered(30);
        written.replace("line 5\n", "FIVE\n");
        set.files[0].written = written;
        DiffDocument document(set);
        ReviewState state;
        DiffView view;
        view.setDocument(&document, &state, false);
        QCOMPARE(document.reviewUnits().size(), 1);
        QCOMPARE(view.rowText(2), QStringLiteral("@@ -2,7 +2,7 @@ [applied]"));
        state.markReverted(0, 0);
        QCOMPARE(view.rowText(2), QStringLiteral("@@ -2,7 +2,7 @@ [reverted]"));
    }

    void matchTerminators_data()
    {
        QTest::addColumn<QByteArray>("edited");
        QTest::addColumn<QByteArray>("original");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("crlf") << QByteArray("a\nb\n") << QByteArray("x\r\ny\r\n") << QByteArray("a\r\nb\r\n");
        QTest::newRow("final newline added") << QByteArray("a\nb") << QByteArray("x\n") << QByteArray("a\nb\n");
        QTest::newRow("no final newline kept") << QByteArray("a\nb\n") << QByteArray("x") << QByteArray("a\nb");
        QTest::newRow("utf-8") << QByteArray("\xc3\xa4\n") << QByteArray("x\n") << QByteArray("\xc3\xa4\n");
    }

    void matchTerminators()
    {
        QFETCH(QByteArray, edited);
        QFETCH(QByteArray, original);
        QFETCH(QByteArray, expected);
        QCOMPARE(HunkEditDialog::matchTerminators(edited, original), expected);
    }

    void paint_largeDocument_highlightsWithinBudget()
    {
        QByteArray before;
        QByteArray after;
        for (int k = 0; k < 2000; ++k) {
            before += "int value" + QByteArray::number(k) + " = " + QByteArray::number(k) + "; // old\n";
            after += "int value" + QByteArray::number(k) + " = " + QByteArray::number(k * 2) + "; // new\n";
        }
        DiffDocument document(setOf({update(QStringLiteral("big.cpp"), before, after)}));
        ReviewState state;
        DiffView view;
        view.resize(800, 400);
        view.setDocument(&document, &state, true);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // The first frames may paint rows plain; later frames highlight them.
        QTRY_VERIFY(visibleRowsHighlighted(view, document));
        // Lazy: only about a screenful of the 4000 lines was highlighted.
        QVERIFY2(view.highlighter().highlightedLines() < 200,
                 qPrintable(QString::number(view.highlighter().highlightedLines())));
        const DiffHighlighter::Spans *spans =
            view.highlighter().spans(document.rows().at(view.firstVisibleRow() + 3), 0, QDeadlineTimer(0));
        QVERIFY(spans && !spans->isEmpty()); // "int" and the comment have their own colours
        view.scrollToRow(document.rowCount() - 5);
        QTRY_VERIFY(visibleRowsHighlighted(view, document));
    }

    void highlight_hunkInsideBlockComment_keepsCommentFormat()
    {
        // The hunk's lines (context included) sit inside a /* */ block that opens before them.
        QByteArray before = "#include <cstdio>\nint first = 1;\n/*\n";
        for (int k = 1; k <= 16; ++k) {
            before += " * note " + QByteArray::number(k) + "\n";
            if (k == 8) {
                before += "int inside = 42;\n";
            }
        }
        before += " */\nint last = 2;\n";
        QByteArray after = before;
        after.replace("int inside = 42;", "int inside = 43;");
        DiffDocument document(setOf({update(QStringLiteral("code.cpp"), before, after)}));
        QCOMPARE(document.changeSet().files.first().diff.hunks.size(), 1);
        document.expandGap(0, 0); // the lines before the hunk, "/*" among them
        DiffHighlighter highlighter;
        highlighter.setPalette(QApplication::palette());
        highlighter.setDocument(&document);
        QCOMPARE(highlighter.definitionName(0), QStringLiteral("C++"));

        const auto spansOf = [&](const QByteArray &text, DiffLine::Kind kind) -> DiffHighlighter::Spans {
            for (const DiffRow &row : document.rows()) {
                const bool match = row.kind == DiffRow::Kind::Expanded
                                       ? kind == DiffLine::Kind::Context && document.text(row, 0) == text
                                       : row.kind == DiffRow::Kind::Line && document.line(row, 0)->kind == kind &&
                                             document.text(row, 0) == text;
                if (match) {
                    const DiffHighlighter::Spans *spans = highlighter.spans(row, 0, QDeadlineTimer::Forever);
                    return spans ? *spans : DiffHighlighter::Spans{};
                }
            }
            qWarning() << "no row" << text;
            return {};
        };
        const DiffHighlighter::Spans opener = spansOf("/*", DiffLine::Kind::Context);
        QVERIFY(!opener.isEmpty());
        const QColor comment = opener.first().color;
        QVERIFY(comment.isValid());
        // Code outside the comment is not one comment-coloured span.
        const DiffHighlighter::Spans code = spansOf("int first = 1;", DiffLine::Kind::Context);
        QVERIFY(!code.isEmpty());
        QVERIFY(code.size() > 1 || code.first().color != comment);
        // The hunk's lines, old and new side: the comment's format over the whole line.
        for (const auto &[text, kind] :
             {std::pair<QByteArray, DiffLine::Kind>{"int inside = 42;", DiffLine::Kind::Removed},
              {"int inside = 43;", DiffLine::Kind::Added},
              {" * note 6", DiffLine::Kind::Context}}) {
            int covered = 0;
            for (const DiffHighlighter::Span &span : spansOf(text, kind)) {
                QVERIFY2(span.start == covered && span.color == comment, text.constData());
                covered += span.length;
            }
            QVERIFY2(covered == int(text.size()), text.constData());
        }
    }
};

QTEST_MAIN(tst_DiffReviewModel)
#include "tst_diffreviewmodel.moc"
