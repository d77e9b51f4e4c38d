// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// ConversationPane and its delegate on screen: assistant Markdown becomes real formatting,
// reasoning is folded until clicked, tool calls are cards, the token total adds up.
#include "conversationdelegate.h"
#include "conversationpane.h"
#include "runeventmaker.h"
#include "sandcastle/ui/conversationmodel.h"

#include <QAbstractItemModelTester>
#include <QFontDatabase>
#include <QLabel>
#include <QListView>
#include <QScrollBar>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextList>

using Sandcastle::Core::RunEvent;
using Sandcastle::Test::makeEvent;
using Sandcastle::Ui::ConversationDelegate;
using Sandcastle::Ui::ConversationModel;
using Sandcastle::Ui::ConversationPane;

namespace {

/// The character format of the fragment whose text is `text`, or nullopt.
std::optional<QTextCharFormat> formatOf(const QTextDocument *doc, const QString &text)
{
    for (QTextBlock block = doc->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            if (it.fragment().text() == text) {
                return it.fragment().charFormat();
            }
        }
    }
    return std::nullopt;
}

bool isMonospace(const QTextCharFormat &format)
{
    const QStringList fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont).families();
    return format.fontFixedPitch() || (!format.fontFamilies().toStringList().isEmpty() &&
                                       format.fontFamilies().toStringList().first() == fixed.first());
}

} // namespace

class tst_ConversationPane : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void assistantMessage_markdown_realFormatting()
    {
        ConversationPane pane(nullptr);
        ConversationModel *model = pane.model();
        model->addEvent(makeEvent(
            RunEvent::Kind::MessageOutput,
            {{QStringLiteral("item_id"), QStringLiteral("m1")},
             {QStringLiteral("text"), QStringLiteral("Intro with **bold** and `code`.\n\n- one\n- two\n\n```cpp\n"
                                                     "int main() {}\n```\n")}}));
        const QTextDocument *doc = pane.delegate()->document(model->index(0), 400);
        QVERIFY2(!doc->toPlainText().contains(QLatin1String("**")), qPrintable(doc->toPlainText()));
        const auto bold = formatOf(doc, QStringLiteral("bold"));
        QVERIFY(bold);
        QCOMPARE(bold->fontWeight(), int(QFont::Bold));
        const auto code = formatOf(doc, QStringLiteral("code"));
        QVERIFY(code);
        QVERIFY(isMonospace(*code));
        const auto intro = formatOf(doc, QStringLiteral("Intro with "));
        QVERIFY(intro);
        QVERIFY(intro->fontWeight() != QFont::Bold);

        QList<QString> items;
        QTextList *list = nullptr;
        bool fenced = false;
        for (QTextBlock block = doc->begin(); block.isValid(); block = block.next()) {
            if (block.textList()) {
                list = block.textList();
                items.append(block.text());
            }
            if (block.text() == QLatin1String("int main() {}")) {
                fenced = block.blockFormat().hasProperty(QTextFormat::BlockCodeFence);
                QVERIFY(block.blockFormat().background().style() != Qt::NoBrush); // shaded
            }
        }
        QCOMPARE(items, (QList<QString>{QStringLiteral("one"), QStringLiteral("two")}));
        QVERIFY(list);
        QCOMPARE(list->count(), 2);
        QVERIFY(fenced);
    }

    void reasoning_foldedByDefault_clickUnfolds()
    {
        ConversationPane pane(nullptr);
        QAbstractItemModelTester tester(pane.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        pane.resize(500, 400);
        pane.show();
        pane.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&pane)); // for the Space shortcut
        ConversationModel *model = pane.model();
        const QString reasoning = QStringLiteral("**Checking the build**\n\nFirst line of thought.\n\n"
                                                 "Second paragraph that only the unfolded view shows.");
        model->addEvent(makeEvent(RunEvent::Kind::ReasoningDelta, {{QStringLiteral("item_id"), QStringLiteral("r1")},
                                                                   {QStringLiteral("delta"), reasoning}}));
        const QModelIndex index = model->index(0);
        QVERIFY(!index.data(ConversationModel::ExpandedRole).toBool());
        const int width = 400;
        const QString folded = pane.delegate()->document(index, width)->toPlainText();
        QVERIFY2(!folded.contains(QLatin1Char('\n')), qPrintable(folded)); // one line
        QVERIFY(folded.startsWith(QStringLiteral("\u25B8")));
        QVERIFY2(folded.contains(QLatin1String("Checking the build")) && !folded.contains(QLatin1String("**")) &&
                     !folded.contains(QLatin1String("Second paragraph")),
                 qPrintable(folded));
        const QRect foldedRect = pane.view()->visualRect(index);
        QVERIFY(foldedRect.height() > 0);

        QTest::mouseClick(pane.view()->viewport(), Qt::LeftButton, {}, foldedRect.center());
        QVERIFY(index.data(ConversationModel::ExpandedRole).toBool());
        const QTextDocument *doc = pane.delegate()->document(index, width);
        QVERIFY(doc->toPlainText().contains(QLatin1String("Second paragraph")));
        const auto title = formatOf(doc, QStringLiteral("Checking the build"));
        QVERIFY(title);
        QCOMPARE(title->fontWeight(), int(QFont::Bold)); // the summary is Markdown too
        QTRY_VERIFY(pane.view()->visualRect(index).height() > foldedRect.height());

        // Space folds the current row again.
        pane.view()->setCurrentIndex(index);
        pane.view()->setFocus();
        QTest::keyClick(pane.view(), Qt::Key_Space);
        QVERIFY(!index.data(ConversationModel::ExpandedRole).toBool());
        QTRY_COMPARE(pane.view()->visualRect(index).height(), foldedRect.height());
    }

    void toolCall_card_nameSummaryStatusExitAndSize()
    {
        ConversationPane pane(nullptr);
        ConversationModel *model = pane.model();
        model->addEvent(makeEvent(RunEvent::Kind::ToolCall,
                                  {{QStringLiteral("call_id"), QStringLiteral("c1")},
                                   {QStringLiteral("name"), QStringLiteral("exec_command")},
                                   {QStringLiteral("arguments"), QStringLiteral("{\"cmd\":\"ls -la src\"}")}}));
        const QModelIndex index = model->index(0);
        QString card = pane.delegate()->document(index, 400)->toPlainText();
        QVERIFY2(card.contains(QLatin1String("exec_command")) && card.contains(QLatin1String("running")) &&
                     card.contains(QLatin1String("ls -la src")),
                 qPrintable(card));
        QCOMPARE(card.count(QLatin1Char('\n')), 1); // compact: two lines

        const QString output =
            QStringLiteral("Chunk ID: 1\nProcess exited with code 0\nOutput:\n") + QString(2048, QLatin1Char('x'));
        model->addEvent(makeEvent(RunEvent::Kind::ToolResult, {{QStringLiteral("call_id"), QStringLiteral("c1")},
                                                               {QStringLiteral("output"), output},
                                                               {QStringLiteral("duration_ms"), 87}}));
        card = pane.delegate()->document(index, 400)->toPlainText();
        const QString size = QLocale().formattedDataSize(output.toUtf8().size());
        for (const QString &part : {QStringLiteral("done"), QStringLiteral("exit 0"), size, QStringLiteral("87 ms")}) {
            QVERIFY2(card.contains(part), qPrintable(card));
        }
        QVERIFY2(!card.contains(QLatin1String("xxxx")), "a folded card shows no output");
        QVERIFY(formatOf(pane.delegate()->document(index, 400), QStringLiteral("exec_command"))->fontWeight() ==
                QFont::Bold);
        ConversationDelegate::toggle(index);
        card = pane.delegate()->document(index, 400)->toPlainText();
        QVERIFY(card.contains(QLatin1String("\"cmd\":\"ls -la src\"")));
        QVERIFY(card.contains(QString(100, QLatin1Char('x'))));
    }

    void usage_label_totalOverTurns()
    {
        ConversationPane pane(nullptr);
        auto *label = pane.findChild<QLabel *>(QStringLiteral("usageLabel"));
        QVERIFY(label);
        QVERIFY(label->text().isEmpty());
        pane.model()->addEvent(makeEvent(RunEvent::Kind::Usage, {{QStringLiteral("input_tokens"), 1200},
                                                                 {QStringLiteral("output_tokens"), 34},
                                                                 {QStringLiteral("total_tokens"), 1234}}));
        pane.model()->addEvent(makeEvent(RunEvent::Kind::Usage,
                                         {{QStringLiteral("input_tokens"), 1300},
                                          {QStringLiteral("output_tokens"), 66},
                                          {QStringLiteral("total_tokens"), 1366}},
                                         2));
        const QLocale locale;
        QCOMPARE(label->text(), QStringLiteral("%1 tokens in total (%2 input, %3 output)")
                                    .arg(locale.toString(2600), locale.toString(2500), locale.toString(100)));
    }

    void streaming_atBottom_staysAtBottom()
    {
        ConversationPane pane(nullptr);
        pane.resize(400, 250);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QScrollBar *bar = pane.view()->verticalScrollBar();
        for (int i = 0; i < 20; ++i) {
            pane.model()->addUserMessage(QStringLiteral("message %1").arg(i));
        }
        QTRY_VERIFY(bar->maximum() > 0);
        QTRY_COMPARE(bar->value(), bar->maximum());
        for (int i = 0; i < 30; ++i) {
            pane.model()->addEvent(
                makeEvent(RunEvent::Kind::TextDelta, {{QStringLiteral("item_id"), QStringLiteral("m")},
                                                      {QStringLiteral("delta"), QStringLiteral("word\n\n")}}));
        }
        const int grown = bar->maximum();
        QTRY_VERIFY(bar->maximum() > grown || bar->value() == bar->maximum());
        QTRY_COMPARE(bar->value(), bar->maximum());
        // Scrolled up to read: growth no longer moves the view.
        bar->triggerAction(QAbstractSlider::SliderToMinimum);
        pane.model()->addUserMessage(QStringLiteral("late"));
        QTRY_VERIFY(bar->maximum() > grown);
        QCOMPARE(bar->value(), 0);
    }
};

QTEST_MAIN(tst_ConversationPane)
#include "tst_conversationpane.moc"
