// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// ShellLogView on screen: Follow and the user's scrolling, Copy, the find bar (Ctrl+F, count,
// next/previous, the match marked in the output), coloured output and the cap on long outputs.
#include "runcontroller.h"
#include "sandcastle/ui/shelllogmodel.h"
#include "shelllogdetail.h"
#include "shelllogsearchbar.h"
#include "shelllogview.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTextBlock>
#include <QToolButton>
#include <QWheelEvent>

using Sandcastle::Core::CommandRecord;
using Sandcastle::Ui::ShellLogDetail;
using Sandcastle::Ui::ShellLogModel;
using Sandcastle::Ui::ShellLogSearchBar;
using Sandcastle::Ui::ShellLogView;

namespace {

CommandRecord finished(quint64 id, const QString &cmd, const QByteArray &output, int exitCode = 0)
{
    CommandRecord r;
    r.id = id;
    r.argv = {QStringLiteral("sh"), QStringLiteral("-c"), cmd};
    r.workdir = QStringLiteral("/workspace/src");
    r.exitCode = exitCode;
    r.durationMs = 42;
    r.output = output;
    return r;
}

void fill(ShellLogModel *model, quint64 from, int count)
{
    for (quint64 id = from; id < from + quint64(count); ++id) {
        model->recordFinished(finished(id, QStringLiteral("echo %1").arg(id), QByteArray::number(id)));
    }
    model->flush();
}

void wheelUp(QAbstractScrollArea *area)
{
    QWidget *viewport = area->viewport();
    const QPointF pos(viewport->width() / 2.0, viewport->height() / 2.0);
    QWheelEvent event(pos, viewport->mapToGlobal(pos), QPoint(), QPoint(0, 360), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(viewport, &event);
}

template<typename T>
T *child(QWidget &parent, const char *name)
{
    return parent.findChild<T *>(QLatin1String(name));
}

} // namespace

class tst_ShellLogView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void newConversation_startsTheLogEmpty()
    {
        // The log is the conversation's: rows of earlier conversations do not pile up.
        Sandcastle::Ui::RunController controller;
        ShellLogView view(&controller);
        auto *model = view.findChild<ShellLogModel *>(QStringLiteral("shellLogModel"));
        QVERIFY(model);
        fill(model, 1, 3);
        QCOMPARE(model->rowCount(), 3);
        Q_EMIT controller.conversationStarted();
        QCOMPARE(model->rowCount(), 0);
        fill(model, 1, 1);
        QCOMPARE(model->rowCount(), 1);
    }

    void follow_userScrollsUp_turnsOffAndStaysPut()
    {
        ShellLogView view(nullptr);
        QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.resize(800, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QScrollBar *bar = view.table()->verticalScrollBar();
        fill(view.model(), 1, 300);
        QVERIFY(view.isFollowing());
        QTRY_VERIFY(bar->maximum() > 0);
        QTRY_COMPARE(bar->value(), bar->maximum());

        wheelUp(view.table());
        QVERIFY(bar->value() < bar->maximum());
        QVERIFY(!view.isFollowing());
        QVERIFY(!child<QToolButton>(view, "shellLogFollow")->isChecked());
        const int scrolledTo = bar->value();
        const int oldMaximum = bar->maximum();
        fill(view.model(), 301, 100);
        QTRY_VERIFY(bar->maximum() > oldMaximum);
        QCOMPARE(bar->value(), scrolledTo); // new commands do not pull the view down

        child<QToolButton>(view, "shellLogFollow")->click();
        QVERIFY(view.isFollowing());
        QCOMPARE(bar->value(), bar->maximum());
        fill(view.model(), 401, 100);
        QTRY_COMPARE(bar->value(), bar->maximum());
        QTRY_VERIFY(view.table()->rowAt(view.table()->viewport()->height() - 2) >= 490);

        // Scrolling back down to the newest command turns Follow on again.
        wheelUp(view.table());
        QVERIFY(!view.isFollowing());
        bar->triggerAction(QAbstractSlider::SliderToMaximum);
        QVERIFY(view.isFollowing());
    }

    void copy_selectedEntry_commandDetailsAndPlainOutput()
    {
        ShellLogView view(nullptr);
        view.model()->recordFinished(finished(1, QStringLiteral("ls"), "\x1b[34msrc\x1b[0m\nREADME.md\n", 2));
        view.model()->flush();
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto *copy = child<QToolButton>(view, "shellLogCopy");
        QVERIFY(!copy->isEnabled()); // nothing selected
        view.table()->setCurrentIndex(view.model()->index(0, 0));
        QVERIFY(copy->isEnabled());
        view.table()->setFocus();
        QApplication::clipboard()->clear();
        QTest::keySequence(view.table(), QKeySequence::Copy);
        QCOMPARE(QApplication::clipboard()->text(),
                 QStringLiteral("$ sh -c ls\n# in /workspace/src, exit code 2, 42 ms\nsrc\nREADME.md\n"));
        QApplication::clipboard()->clear();
        copy->click();
        QVERIFY(QApplication::clipboard()->text().startsWith(QLatin1String("$ sh -c ls\n")));
    }

    void detail_colouredOutput_formatsInDocumentAndHeaderFacts()
    {
        ShellLogView view(nullptr);
        view.model()->recordFinished(
            finished(1, QStringLiteral("make"), "\x1b[1;31merror:\x1b[0m bad\n\x1b[38;2;0;128;0mok\x1b[0m\x1b[K\n"));
        view.model()->flush();
        view.table()->setCurrentIndex(view.model()->index(0, 0));
        QPlainTextEdit *output = view.detail()->outputEdit();
        QCOMPARE(output->toPlainText(), QStringLiteral("error: bad\nok\n"));
        const QTextBlock first = output->document()->firstBlock();
        bool redBold = false;
        for (auto it = first.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (fragment.text() == QLatin1String("error:")) {
                redBold = fragment.charFormat().foreground().color() == QColor(0xcd, 0, 0) &&
                          fragment.charFormat().fontWeight() == QFont::Bold;
            }
        }
        QVERIFY2(redBold, "\"error:\" is not red and bold");
        const QTextFragment ok = first.next().begin().fragment();
        QCOMPARE(ok.text(), QStringLiteral("ok"));
        QCOMPARE(ok.charFormat().foreground().color(), QColor(0, 128, 0));
        const QString header = child<QLabel>(view, "shellLogDetailHeader")->text();
        for (const char *fact : {"sh -c make", "/workspace/src", "exit code 0", "42 ms"}) {
            QVERIFY2(header.contains(QLatin1String(fact)), qPrintable(header));
        }
    }

    void find_ctrlF_countsMovesAndMarks()
    {
        ShellLogView view(nullptr);
        view.model()->recordFinished(
            finished(1, QStringLiteral("grep -n TODO"), "a.cpp:1: TODO\nb.cpp:9: \x1b[1mTO\x1b[0mDO x"));
        view.model()->recordFinished(finished(2, QStringLiteral("true"), ""));
        view.model()->recordFinished(finished(3, QStringLiteral("cat notes"), "nothing todo\nstill TODO\n"));
        view.model()->flush();
        view.resize(900, 400);
        view.show();
        view.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&view)); // shortcuts need the active window
        view.table()->setFocus();

        auto *bar = child<ShellLogSearchBar>(view, "shellLogSearchBar");
        QVERIFY(!bar->isVisible());
        QTest::keySequence(view.table(), QKeySequence::Find);
        QVERIFY(bar->isVisible());
        auto *field = child<QLineEdit>(view, "shellLogSearchField");
        QVERIFY(field->hasFocus());
        QTest::keyClicks(field, QStringLiteral("todo"));
        auto *count = child<QLabel>(view, "shellLogSearchCount");
        QTRY_COMPARE(count->text(), QStringLiteral("1 of 5"));
        QCOMPARE(view.table()->currentIndex().row(), 0); // the command "grep -n TODO"

        QTest::keyClick(field, Qt::Key_Return);
        QCOMPARE(count->text(), QStringLiteral("2 of 5"));
        QCOMPARE(view.table()->currentIndex().row(), 0);
        QList<QTextEdit::ExtraSelection> marks = view.detail()->outputEdit()->extraSelections();
        QCOMPARE(marks.size(), 1);
        QCOMPARE(marks.first().cursor.selectedText(), QStringLiteral("TODO"));
        QCOMPARE(marks.first().cursor.selectionStart(), 9);

        QTest::keyClick(field, Qt::Key_Return);
        QCOMPARE(count->text(), QStringLiteral("3 of 5"));
        marks = view.detail()->outputEdit()->extraSelections();
        QCOMPARE(marks.first().cursor.selectionStart(), 23); // across the bold sequence

        QTest::keyClick(field, Qt::Key_Return);
        QCOMPARE(count->text(), QStringLiteral("4 of 5"));
        QCOMPARE(view.table()->currentIndex().row(), 2);
        QCOMPARE(view.detail()->outputEdit()->extraSelections().first().cursor.selectedText(), QStringLiteral("todo"));

        QTest::keyClick(field, Qt::Key_Return, Qt::ShiftModifier);
        QCOMPARE(count->text(), QStringLiteral("3 of 5"));
        QCOMPARE(view.table()->currentIndex().row(), 0);
        child<QToolButton>(view, "shellLogSearchPrevious")->click();
        QCOMPARE(count->text(), QStringLiteral("2 of 5"));

        QTest::keyClicks(field, QStringLiteral("-nothing"));
        QTRY_COMPARE(count->text(), QStringLiteral("No matches"));
        QTest::keyClick(field, Qt::Key_Escape);
        QVERIFY(!bar->isVisible());
        QVERIFY(view.detail()->outputEdit()->extraSelections().isEmpty());
    }

    void detail_longOutput_cappedUntilShowAll()
    {
        ShellLogView view(nullptr);
        QByteArray output;
        for (int i = 1; i <= 5000; ++i) {
            output += "\x1b[33mline\x1b[0m " + QByteArray::number(i) + '\n';
        }
        view.model()->recordFinished(finished(1, QStringLiteral("seq"), output));
        view.model()->flush();
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.table()->setCurrentIndex(view.model()->index(0, 0));
        ShellLogDetail *detail = view.detail();
        QPlainTextEdit *edit = detail->outputEdit();
        QVERIFY(detail->isTruncated());
        QCOMPARE(edit->document()->blockCount(), ShellLogDetail::kMaxLines + 1);
        QCOMPARE(edit->document()->lastBlock().text(), QString());
        QCOMPARE(edit->document()->findBlockByNumber(ShellLogDetail::kMaxLines - 1).text(),
                 QStringLiteral("line 2000"));
        auto *showAll = child<QPushButton>(view, "shellLogShowAll");
        QVERIFY(showAll->isVisible());
        QVERIFY(child<QLabel>(view, "shellLogTruncatedText")->text().contains(QLatin1String("5,001")) ||
                child<QLabel>(view, "shellLogTruncatedText")->text().contains(QLatin1String("5001")));

        QSignalSpy rendered(detail, &ShellLogDetail::rendered);
        showAll->click();
        QVERIFY(rendered.wait());
        QVERIFY(!detail->isTruncated());
        QCOMPARE(edit->document()->blockCount(), 5001);
        QCOMPARE(edit->document()->findBlockByNumber(4999).text(), QStringLiteral("line 5000"));
        QVERIFY(!showAll->isVisible());
    }

    void detail_hugeOutput_convertedOffThreadAndSearchMovesWindow()
    {
        ShellLogView view(nullptr);
        QByteArray output;
        for (int i = 1; i <= 40000; ++i) {
            output += "\x1b[32mrow\x1b[0m " + QByteArray::number(i) + (i == 35000 ? " needle\n" : "\n");
        }
        QVERIFY(output.size() > ShellLogDetail::kSyncConvertBytes);
        view.model()->recordFinished(finished(1, QStringLiteral("big"), output));
        view.model()->flush();
        view.show();
        view.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&view));
        ShellLogDetail *detail = view.detail();
        QSignalSpy rendered(detail, &ShellLogDetail::rendered);
        view.table()->setCurrentIndex(view.model()->index(0, 0));
        QVERIFY(detail->isRendering()); // converting on a worker, the UI goes on
        QVERIFY(rendered.wait());
        QCOMPARE(detail->outputEdit()->document()->firstBlock().text(), QStringLiteral("row 1"));

        QTest::keySequence(view.table(), QKeySequence::Find);
        QTest::keyClicks(child<QLineEdit>(view, "shellLogSearchField"), QStringLiteral("needle"));
        QTRY_COMPARE(child<QLabel>(view, "shellLogSearchCount")->text(), QStringLiteral("1 of 1"));
        const QList<QTextEdit::ExtraSelection> marks = detail->outputEdit()->extraSelections();
        QCOMPARE(marks.size(), 1);
        QCOMPARE(marks.first().cursor.selectedText(), QStringLiteral("needle"));
        QCOMPARE(marks.first().cursor.block().text(), QStringLiteral("row 35000 needle"));
        QVERIFY(detail->isTruncated());
    }
};

QTEST_MAIN(tst_ShellLogView)
#include "tst_shelllogview.moc"
