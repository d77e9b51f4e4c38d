// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The Review dock with real runs (issue 8): the main window runs an AgentRun (Unix-local, no
// confinement) against the scripted model server. Review before write: the keyboard accepts one
// hunk and rejects the other, Alt+Return applies; only the accepted hunk is on disk and the model
// is told which hunk was rejected; the decided set then shows the recorded decisions and comment
// (also when opened later from the journal without a run). Write then review: a change opened from the Changes dock is
// reverted hunk by hunk from the dock, a conflicting revert writes nothing, and the file ends with
// its exact original bytes.
#include "changesview.h"
#include "patchfixtures.h"
#include "review/diffdocument.h"
#include "review/diffview.h"
#include "review/reviewview.h"
#include "reviewrunstart.h"
#include "runcontroller.h"
#include "sandcastle/core/journal/runjournal.h"
#include "sandcastle/core/sandbox/unixlocalsandboxclient.h"
#include "sandcastle/ui/mainwindow.h"
#include "scriptedmodelserver.h"
#include "testenv.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;
using namespace Sandcastle::Test;
using Sandcastle::Ui::ChangesView;
using Sandcastle::Ui::MainWindow;
using Sandcastle::Ui::ReviewView;

namespace {

constexpr int kRunTimeoutMs = 60000;

ScriptedTurn patchTurn(const QString &callId)
{
    return itemsTurn({customToolCallItem(QStringLiteral("apply_patch"), twoHunkNotesPatch(), callId)});
}

ScriptedTurn answerTurn(const QString &text)
{
    return itemsTurn({messageItem(text)});
}

} // namespace

class tst_DiffReviewRun : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_workspace;

    QString notesPath() const { return m_workspace->filePath(QStringLiteral("notes.txt")); }

    void startRun(MainWindow &window, const ScriptedModelServer &server, bool reviewBeforeWrite)
    {
        startReviewRun(window, m_workspace->path(), server, reviewBeforeWrite);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_settingsDir.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    }
    void init()
    {
        m_workspace = std::make_unique<QTemporaryDir>();
        QVERIFY(m_workspace->isValid());
        QVERIFY(writeTestFile(notesPath(), numberedCrlfLines(30)));
    }

    void reviewBeforeWrite_keyboardAcceptsOneRejectsOther_onlyAcceptedWrittenModelTold()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(patchTurn(QStringLiteral("call_p")));
        server.enqueue(answerTurn(QStringLiteral("understood")));
        MainWindow window;
        auto *review = window.findChild<ReviewView *>(QStringLiteral("reviewView"));
        QVERIFY(review);
        startRun(window, server, true);

        // The pending change set arrives in the Review dock, which comes to the front.
        QTRY_VERIFY_WITH_TIMEOUT(review->isPending(), kRunTimeoutMs);
        QVERIFY(window.dock(QStringLiteral("reviewDock"))->isVisible());
        QCOMPARE(review->document()->reviewUnits().size(), 2);
        QCOMPARE(readTestFile(notesPath()), numberedCrlfLines(30)); // nothing written yet

        Sandcastle::Ui::DiffView *diff = review->diffView();
        diff->setFocus();
        QTRY_VERIFY(diff->hasFocus());
        QCOMPARE(diff->currentHunk(), (std::pair<int, int>(0, 0)));
        QTest::keyClick(diff, Qt::Key_A); // accept hunk 0, on to hunk 1
        QCOMPARE(diff->currentHunk(), (std::pair<int, int>(0, 1)));
        QTest::keyClick(diff, Qt::Key_K); // back, and forward again with Alt+Down
        QCOMPARE(diff->currentHunk(), (std::pair<int, int>(0, 0)));
        QTest::keyClick(diff, Qt::Key_Down, Qt::AltModifier);
        QCOMPARE(diff->currentHunk(), (std::pair<int, int>(0, 1)));
        QTest::keyClick(diff, Qt::Key_R); // reject hunk 1
        QCOMPARE(review->state().decision(0, 0), Sandcastle::Ui::ReviewState::Decision::Accepted);
        QCOMPARE(review->state().decision(0, 1), Sandcastle::Ui::ReviewState::Decision::Rejected);
        QCOMPARE(diff->rowText(review->document()->hunkRow(0, 1)), QStringLiteral("@@ -22,7 +22,7 @@ [rejected]"));

        auto *comment = reviewChild<QLineEdit>(window, "reviewComment");
        comment->setFocus();
        QTest::keyClicks(comment, QStringLiteral("keep line 25 as it is")); // letters go to the field
        QCOMPARE(comment->text(), QStringLiteral("keep line 25 as it is"));
        QCOMPARE(review->state().decision(0, 1), Sandcastle::Ui::ReviewState::Decision::Rejected);
        QTest::keyClick(comment, Qt::Key_Return, Qt::AltModifier); // apply
        auto *message = reviewChild<QLabel>(window, "reviewMessage");
        QVERIFY2(message->text().startsWith(QLatin1String("Decision sent")), qPrintable(message->text()));

        auto *controller = window.findChild<Sandcastle::Ui::RunController *>(QStringLiteral("runController"));
        QVERIFY(controller);
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(), Sandcastle::Ui::RunController::State::Finished, kRunTimeoutMs);
        QByteArray expected = numberedCrlfLines(30);
        expected.replace("line 5\r\n", "FIVE\r\n");
        QCOMPARE(readTestFile(notesPath()), expected);

        QCOMPARE(server.requests().size(), 2);
        const QString output = toolOutputIn(server, 1, QStringLiteral("call_p"));
        QVERIFY2(output.contains(QStringLiteral("Rejected by the user (not written):\n"
                                                "- notes.txt hunk 1 @@ -22,7 +22,7 @@\n")),
                 qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("Applied:\n- notes.txt hunk 0 @@ -2,7 +2,7 @@\n")), qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("User comment: keep line 25 as it is")), qPrintable(output));

        // The dock shows the decided change set with the decisions the journal recorded, and the comment.
        QTRY_VERIFY_WITH_TIMEOUT(!review->isPending() && review->document() &&
                                     review->document()->changeSet().status == ChangeSetStatus::Reviewed,
                                 5000);
        QVERIFY(review->showsDecisions());
        QCOMPARE(review->document()->reviewUnits().size(), 2);
        QCOMPARE(diff->rowText(review->document()->hunkRow(0, 0)), QStringLiteral("@@ -2,7 +2,7 @@ [accepted]"));
        QCOMPARE(diff->rowText(review->document()->hunkRow(0, 1)), QStringLiteral("@@ -22,7 +22,7 @@ [rejected]"));
        auto *title = reviewChild<QLabel>(window, "reviewTitle");
        QVERIFY2(
            title->text().contains(QLatin1String("Decided: 1 accepted, 1 rejected\nComment: keep line 25 as it is")),
            qPrintable(title->text()));
        auto *revertHunk = reviewChild<QAction>(window, "reviewRevertHunkAction");
        QVERIFY(!revertHunk->isEnabled()); // hunks of the proposal are not what reverts act on

        // "Decisions" off: what was written, one applied (revertible) hunk.
        reviewChild<QAction>(window, "reviewDecisionsAction")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(
            !review->showsDecisions() && review->document() && review->document()->reviewUnits().size() == 1, 5000);
        QCOMPARE(diff->rowText(review->document()->hunkRow(0, 0)), QStringLiteral("@@ -2,7 +2,7 @@ [applied]"));
        QVERIFY(revertHunk->isEnabled());
    }

    void reviewBeforeWrite_editHunk_editedTextWritten()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(patchTurn(QStringLiteral("call_e")));
        server.enqueue(answerTurn(QStringLiteral("ok")));
        MainWindow window;
        auto *review = window.findChild<ReviewView *>(QStringLiteral("reviewView"));
        auto *controller = window.findChild<Sandcastle::Ui::RunController *>(QStringLiteral("runController"));
        QVERIFY(review && controller);
        startRun(window, server, true);
        QTRY_VERIFY_WITH_TIMEOUT(review->isPending(), kRunTimeoutMs);

        Sandcastle::Ui::DiffView *diff = review->diffView();
        diff->setFocus();
        QTRY_VERIFY(diff->hasFocus());
        QTest::keyClick(diff, Qt::Key_E); // edit hunk 0: its new side, context included
        QDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<QDialog *>(QStringLiteral("hunkEditDialog"))) && dialog->isVisible());
        auto *editor = dialog->findChild<QPlainTextEdit *>(QStringLiteral("hunkEditor"));
        QVERIFY(editor);
        QCOMPARE(editor->toPlainText(), QStringLiteral("line 2\nline 3\nline 4\nFIVE\nline 6\nline 7\nline 8\n"));
        editor->setPlainText(editor->toPlainText().replace(QStringLiteral("FIVE"), QStringLiteral("five, edited")));
        auto *buttons = dialog->findChild<QDialogButtonBox *>();
        QVERIFY(buttons);
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QTRY_COMPARE(review->state().decision(0, 0), Sandcastle::Ui::ReviewState::Decision::Accepted);
        QCOMPARE(diff->rowText(review->document()->hunkRow(0, 0)),
                 QStringLiteral("@@ -2,7 +2,7 @@ [accepted (edited)]"));
        diff->setFocus();
        QTest::keyClick(diff, Qt::Key_J);
        QTest::keyClick(diff, Qt::Key_R);
        QTest::keyClick(diff, Qt::Key_Return, Qt::AltModifier);
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(), Sandcastle::Ui::RunController::State::Finished, kRunTimeoutMs);
        QByteArray expected = numberedCrlfLines(30);
        expected.replace("line 5\r\n", "five, edited\r\n"); // the file's CRLF kept
        QCOMPARE(readTestFile(notesPath()), expected);

        // Opened later, without a run, from the Changes dock: the recorded decisions come from the journal.
        MainWindow later;
        later.setWorkspace(m_workspace->path());
        later.show();
        QVERIFY(QTest::qWaitForWindowExposed(&later));
        auto *reopened = later.findChild<ReviewView *>(QStringLiteral("reviewView"));
        auto *changes = later.findChild<ChangesView *>(QStringLiteral("changesView"));
        QVERIFY(reopened && changes);
        Q_EMIT changes->changeActivated(QStringLiteral("call_e"), QStringLiteral("notes.txt"));
        QTRY_VERIFY_WITH_TIMEOUT(reopened->document() != nullptr, 5000);
        QVERIFY(reopened->showsDecisions());
        QCOMPARE(reopened->document()->changeSet().status, ChangeSetStatus::Reviewed);
        QCOMPARE(reopened->diffView()->rowText(reopened->document()->hunkRow(0, 0)),
                 QStringLiteral("@@ -2,7 +2,7 @@ [accepted (edited)]"));
        QCOMPARE(reopened->diffView()->rowText(reopened->document()->hunkRow(0, 1)),
                 QStringLiteral("@@ -22,7 +22,7 @@ [rejected]"));
        QCOMPARE(reopened->state().replacement(0, 0).value_or(QByteArray()),
                 QByteArray("line 2\r\nline 3\r\nline 4\r\nfive, edited\r\nline 6\r\nline 7\r\nline 8\r\n"));
    }

    void writeThenReview_revertFromDock_conflictWritesNothing_restoresExactBytes()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(patchTurn(QStringLiteral("call_w")));
        server.enqueue(answerTurn(QStringLiteral("done")));
        MainWindow window;
        auto *review = window.findChild<ReviewView *>(QStringLiteral("reviewView"));
        auto *controller = window.findChild<Sandcastle::Ui::RunController *>(QStringLiteral("runController"));
        QVERIFY(review && controller);
        startRun(window, server, false);
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(), Sandcastle::Ui::RunController::State::Finished, kRunTimeoutMs);
        QByteArray patched = numberedCrlfLines(30);
        patched.replace("line 5\r\n", "FIVE\r\n").replace("line 25\r\n", "TWENTY-FIVE\r\n");
        QCOMPARE(readTestFile(notesPath()), patched);
        QVERIFY(!review->document()); // write-then-review shows nothing until asked

        // Activating the change in the Changes dock opens its change set (read from the journal).
        auto *changes = window.findChild<ChangesView *>(QStringLiteral("changesView"));
        QVERIFY(changes);
        Q_EMIT changes->changeActivated(QStringLiteral("call_w"), QStringLiteral("notes.txt"));
        QTRY_VERIFY_WITH_TIMEOUT(review->document() != nullptr, 5000);
        QCOMPARE(review->document()->changeSet().status, ChangeSetStatus::Applied);
        QCOMPARE(review->document()->changeSet().callId, QStringLiteral("call_w"));

        Sandcastle::Ui::DiffView *diff = review->diffView();
        diff->setFocus();
        QTRY_VERIFY(diff->hasFocus());
        QTest::keyClick(diff, Qt::Key_J);
        QCOMPARE(diff->currentHunk(), (std::pair<int, int>(0, 1)));
        QTest::keyClick(diff, Qt::Key_R, Qt::ShiftModifier); // revert hunk 1
        QByteArray expected = patched;
        expected.replace("TWENTY-FIVE\r\n", "line 25\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(readTestFile(notesPath()), expected, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(diff->rowText(review->document()->hunkRow(0, 1)),
                                  QStringLiteral("@@ -22,7 +22,7 @@ [reverted]"), 5000);

        // The whole change set again: hunk 1 is gone already, so nothing is written.
        auto *conflicts = reviewChild<QPlainTextEdit>(window, "reviewConflicts");
        QVERIFY(!conflicts->isVisible());
        reviewChild<QAction>(window, "reviewRevertSetAction")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(conflicts->isVisible(), 5000);
        QVERIFY2(conflicts->toPlainText().contains(QLatin1String("notes.txt hunk 1")),
                 qPrintable(conflicts->toPlainText()));
        QCOMPARE(readTestFile(notesPath()), expected);

        // Hunk 0 alone: the exact original bytes (CRLF) come back.
        QTest::keyClick(diff, Qt::Key_K);
        QCOMPARE(diff->currentHunk(), (std::pair<int, int>(0, 0)));
        QTest::keyClick(diff, Qt::Key_R, Qt::ShiftModifier);
        QTRY_COMPARE_WITH_TIMEOUT(readTestFile(notesPath()), numberedCrlfLines(30), 5000);
    }

    void writeThenReview_newWindowWithoutRun_revertsFromJournal()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(patchTurn(QStringLiteral("call_j")));
        server.enqueue(answerTurn(QStringLiteral("done")));
        {
            MainWindow window;
            auto *controller = window.findChild<Sandcastle::Ui::RunController *>(QStringLiteral("runController"));
            QVERIFY(controller);
            startRun(window, server, false);
            QTRY_COMPARE_WITH_TIMEOUT(controller->state(), Sandcastle::Ui::RunController::State::Finished,
                                      kRunTimeoutMs);
        }
        QByteArray expected = numberedCrlfLines(30);
        expected.replace("line 5\r\n", "FIVE\r\n").replace("line 25\r\n", "TWENTY-FIVE\r\n");
        QCOMPARE(readTestFile(notesPath()), expected);

        // The app again, no run loaded: the change comes from the workspace journal, and so does the revert.
        MainWindow window;
        window.setWorkspace(m_workspace->path());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        auto *review = window.findChild<ReviewView *>(QStringLiteral("reviewView"));
        auto *changes = window.findChild<ChangesView *>(QStringLiteral("changesView"));
        QVERIFY(review && changes);
        Q_EMIT changes->changeActivated(QString(), QStringLiteral("notes.txt")); // e.g. a change seen by the watcher
        QTRY_VERIFY_WITH_TIMEOUT(review->document() != nullptr, 5000);
        QCOMPARE(review->document()->changeSet().callId, QStringLiteral("call_j"));
        Sandcastle::Ui::DiffView *diff = review->diffView();
        diff->setFocus();
        QTRY_VERIFY(diff->hasFocus());
        QTest::keyClick(diff, Qt::Key_R, Qt::ShiftModifier); // hunk 0
        expected.replace("\r\nFIVE\r\n", "\r\nline 5\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(readTestFile(notesPath()), expected, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(diff->rowText(review->document()->hunkRow(0, 0)),
                                  QStringLiteral("@@ -2,7 +2,7 @@ [reverted]"), 5000);
        RunJournal journal;
        QVERIFY(journal.openExisting(RunJournal::defaultPathFor(m_workspace->path())).has_value());
        const auto reverts = journal.reverts(review->document()->changeSet().id);
        QVERIFY(reverts.has_value());
        QCOMPARE(reverts->size(), 1);
        QCOMPARE(reverts->first().status, QStringLiteral("reverted"));
        QCOMPARE(reverts->first().hunk, 0);
    }
};

QTEST_MAIN(tst_DiffReviewRun)
#include "tst_diffreviewrun.moc"
