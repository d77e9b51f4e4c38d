// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Shell commands' changes in the desktop app (issue 8): the run panel's "Snapshot after every turn"
// (on by default, persisted) makes a run snapshot the workspace after every tool round, so a file
// that a scripted exec_command edits with `sed -i` becomes a shell change set: the Changes dock
// lists the edit, activating it shows the set in the Review dock with its exact lines. Unchecked,
// the run records no shell change set and the choice is the next window's default.
#include "appenv.h"
#include "changesview.h"
#include "review/diffdocument.h"
#include "review/diffview.h"
#include "review/reviewview.h"
#include "reviewrunstart.h"
#include "runcontroller.h"
#include "sandcastle/ui/changesmodel.h"
#include "sandcastle/ui/mainwindow.h"
#include "scriptedmodelserver.h"
#include "testenv.h"

#include <QCheckBox>
#include <QComboBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;
using namespace Sandcastle::Test;
using Sandcastle::Ui::ChangesModel;
using Sandcastle::Ui::ChangesView;
using Sandcastle::Ui::MainWindow;
using Sandcastle::Ui::ReviewView;
using Sandcastle::Ui::RunController;

namespace {

constexpr int kRunTimeoutMs = 60000;

QByteArray numberedLines(int count)
{
    QByteArray out;
    for (int k = 1; k <= count; ++k) {
        out += "line " + QByteArray::number(k) + '\n';
    }
    return out;
}

void enqueueSedRun(ScriptedModelServer &server)
{
    server.enqueue(
        itemsTurn({functionCallItem(QStringLiteral("exec_command"),
                                    {{QStringLiteral("cmd"), QStringLiteral("sed -i 's/^line 5$/FIVE/' notes.txt")}},
                                    QStringLiteral("call_sed"))}));
    server.enqueue(itemsTurn({messageItem(QStringLiteral("edited"))}));
}

} // namespace

class tst_ShellReviewRun : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_workspace;

    QString notesPath() const { return m_workspace->filePath(QStringLiteral("notes.txt")); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        useTestSettings(m_settingsDir.path());
    }
    void init()
    {
        m_workspace = std::make_unique<QTemporaryDir>();
        QVERIFY(m_workspace->isValid());
        QVERIFY(writeTestFile(notesPath(), numberedLines(12)));
    }

    void sedEdit_snapshotsOnByDefault_shellChangeSetReviewable()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        enqueueSedRun(server);
        MainWindow window;
        auto *snapshots = reviewChild<QCheckBox>(window, "snapshotEveryTurnCheck");
        QVERIFY(snapshots);
        QVERIFY(snapshots->isChecked());
        QCOMPARE(snapshots->accessibleName(), QStringLiteral("Snapshot after every turn"));
        auto *review = window.findChild<ReviewView *>(QStringLiteral("reviewView"));
        auto *controller = window.findChild<RunController *>(QStringLiteral("runController"));
        QVERIFY(review && controller);
        startReviewRun(window, m_workspace->path(), server, false);
        QVERIFY(!QTest::currentTestFailed());
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(), RunController::State::Finished, kRunTimeoutMs);
        QByteArray edited = numberedLines(12);
        edited.replace("line 5\n", "FIVE\n");
        QCOMPARE(readTestFile(notesPath()), edited);

        // The Review dock lists the turn's shell change set.
        auto *recent = reviewChild<QComboBox>(window, "reviewChangeSetCombo");
        QTRY_COMPARE_WITH_TIMEOUT(recent->count(), 1, 5000);
        QCOMPARE(recent->itemText(0), QStringLiteral("Turn 1 \u00b7 shell \u00b7 notes.txt"));

        // The Changes dock has the edit, attributed to the command; Enter on it opens the set.
        auto *changes = window.findChild<ChangesView *>(QStringLiteral("changesView"));
        QVERIFY(changes);
        auto *table = changes->findChild<QTableView *>();
        QVERIFY(table);
        const QAbstractItemModel *model = table->model();
        int row = -1;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (int r = 0; r < model->rowCount(); ++r) {
                    if (model->index(r, 0).data(ChangesModel::PathRole).toString() == QLatin1String("notes.txt")) {
                        row = r;
                    }
                }
                return row >= 0;
            }(),
            5000);
        QCOMPARE(model->index(row, 0).data(ChangesModel::CallIdRole).toString(), QStringLiteral("call_sed"));
        table->setFocus();
        table->setCurrentIndex(model->index(row, 0));
        QTest::keyClick(table, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(review->document() != nullptr, 5000);
        const ChangeSet &set = review->document()->changeSet();
        QCOMPARE(set.source, QStringLiteral("shell"));
        QCOMPARE(set.turn, 1);
        QCOMPARE(set.files.size(), 1);
        QCOMPARE(set.files.first().change.before, numberedLines(12));
        QCOMPARE(set.files.first().change.after, edited);
        Sandcastle::Ui::DiffView *diff = review->diffView();
        const int hunk = review->document()->hunkRow(0, 0);
        QCOMPARE(diff->rowText(hunk), QStringLiteral("@@ -2,7 +2,7 @@ [applied]"));
        QStringList lines;
        for (int r = hunk + 1; r < review->document()->rowCount(); ++r) {
            lines << diff->rowText(r);
        }
        QCOMPARE(lines, (QStringList{QStringLiteral("2 2   line 2"), QStringLiteral("3 3   line 3"),
                                     QStringLiteral("4 4   line 4"), QStringLiteral("5 - - line 5"),
                                     QStringLiteral("- 5 + FIVE"), QStringLiteral("6 6   line 6"),
                                     QStringLiteral("7 7   line 7"), QStringLiteral("8 8   line 8"),
                                     QStringLiteral("\u22ef 4 unchanged line(s), click to expand \u22ef")}));
    }

    void snapshotsOff_noShellChangeSet_choicePersisted()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        enqueueSedRun(server);
        {
            MainWindow window;
            auto *review = window.findChild<ReviewView *>(QStringLiteral("reviewView"));
            auto *controller = window.findChild<RunController *>(QStringLiteral("runController"));
            QVERIFY(review && controller);
            reviewChild<QCheckBox>(window, "snapshotEveryTurnCheck")->setChecked(false);
            startReviewRun(window, m_workspace->path(), server, false);
            QVERIFY(!QTest::currentTestFailed());
            QTRY_COMPARE_WITH_TIMEOUT(controller->state(), RunController::State::Finished, kRunTimeoutMs);
            QByteArray edited = numberedLines(12);
            edited.replace("line 5\n", "FIVE\n");
            QCOMPARE(readTestFile(notesPath()), edited);
            // With snapshots the set is recorded before the second model call, long before the end.
            QCOMPARE(reviewChild<QComboBox>(window, "reviewChangeSetCombo")->count(), 0);
        }
        MainWindow next;
        QVERIFY(!reviewChild<QCheckBox>(next, "snapshotEveryTurnCheck")->isChecked());
    }
};

QTEST_MAIN(tst_ShellReviewRun)
#include "tst_shellreviewrun.moc"
