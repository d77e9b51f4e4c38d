// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The bundled demo end to end from the main window (issue 7): the recorded transcript is replayed
// through the Responses client by the "Demo (recorded)" provider while its tool calls run for real
// in a bubblewrap-confined Unix-local sandbox; the shell log, the Changes dock and the final answer
// must show what the recording did. After the run the memory capability's phases (also recorded)
// write the workspace's memory files, which the Memory dock lists. Writes a screenshot of the
// window after the run.
#include "appenv.h"
#include "demoprovider.h"
#include "sandcastle/core/model/demoreplay.h"
#include "sandcastle/core/sandbox/unixlocalsandboxclient.h"
#include "sandcastle/ui/changesmodel.h"
#include "sandcastle/ui/conversationmodel.h"
#include "sandcastle/ui/mainwindow.h"
#include "sandcastle/ui/memorymodel.h"
#include "sandcastle/ui/shelllogmodel.h"
#include "testenv.h"
#include "windowtesting.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using Sandcastle::Ui::ChangesModel;
using Sandcastle::Ui::ConversationModel;
using Sandcastle::Ui::MainWindow;
using Sandcastle::Ui::MemoryModel;
using Sandcastle::Ui::ShellLogModel;
using namespace Sandcastle;

namespace {

constexpr int kRunTimeoutMs = 90000;

int changeRow(const QAbstractItemModel *changes, const QString &path, int kind)
{
    for (int r = 0; r < changes->rowCount(); ++r) {
        const QModelIndex i = changes->index(r, 0);
        if (i.data(ChangesModel::PathRole).toString() == path && i.data(ChangesModel::KindRole).toInt() == kind) {
            return r;
        }
    }
    return -1;
}

/// The workspace-relative paths of the files the Memory dock lists.
QStringList memoryFiles(const QAbstractItemModel *model)
{
    QStringList files;
    for (int group = 0; group < model->rowCount(); ++group) {
        const QModelIndex parent = model->index(group, 0);
        for (int r = 0; r < model->rowCount(parent); ++r) {
            files.append(model->index(r, 0, parent).data(MemoryModel::RelativePathRole).toString());
        }
    }
    files.sort();
    return files;
}

} // namespace

class tst_DemoRun : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        Test::useTestSettings(m_settingsDir.path());
    }

    void demo_runFromMainWindow_showsShellLogChangesAndAnswer()
    {
        QTemporaryDir workspaceDir;
        QVERIFY(workspaceDir.isValid());
        const QString workspace = workspaceDir.filePath(QStringLiteral("workspace"));
        QString why;
        QVERIFY2(Test::materializeManifest(Test::sourceDir() + QStringLiteral("/resources/demo/manifest.json"),
                                           workspace, &why),
                 qPrintable(why));
        const auto transcript = Core::DemoTranscript::load(QString::fromLatin1(Core::DemoTranscript::bundledPath));
        QVERIFY2(transcript.has_value(), qPrintable(transcript ? QString() : transcript.error().toString()));

        MainWindow window;
        auto *conversation = window.findChild<QAbstractItemModel *>(QStringLiteral("conversationModel"));
        auto *shellLog = window.findChild<QAbstractItemModel *>(QStringLiteral("shellLogModel"));
        auto *changes = window.findChild<QAbstractItemModel *>(QStringLiteral("changesModel"));
        auto *demo = window.findChild<Ui::DemoProvider *>(QStringLiteral("demoProvider"));
        QVERIFY(conversation && shellLog && changes && demo);
        QAbstractItemModelTester conversationTester(conversation,
                                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester shellLogTester(shellLog, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester changesTester(changes, QAbstractItemModelTester::FailureReportingMode::QtTest);
        demo->setEventIntervalMs(0);
        window.setWorkspace(workspace);
        window.useDemoProvider();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // What a new user sees: the demo provider chosen, the recorded task typed in.
        auto *provider = Test::child<QComboBox>(window, "providerCombo");
        QCOMPARE(provider->currentData().toString(), Ui::DemoProvider::id());
        QCOMPARE(Test::child<QPlainTextEdit>(window, "taskEdit")->toPlainText(), transcript->task);
        auto *confinement = Test::child<QComboBox>(window, "confinementCombo");
        confinement->setCurrentIndex(confinement->findData(int(Core::Confinement::Auto)));
        QSignalSpy mismatches(demo, &Ui::DemoProvider::mismatch);

        QTest::mouseClick(Test::child<QPushButton>(window, "runButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(Test::child<QPushButton>(window, "continueButton")->isEnabled(), kRunTimeoutMs);
        QVERIFY2(mismatches.isEmpty(), qPrintable(mismatches.value(0).value(0).toString()));

        // The conversation ends with the recorded answer, and the run did not fail.
        const QList<int> finished = Test::rowsOfKind(conversation, ConversationModel::EntryKind::Finished);
        QCOMPARE(finished.size(), 1);
        QVERIFY2(!conversation->index(finished.first(), 0).data(ConversationModel::FailedRole).toBool(),
                 qPrintable(conversation->index(finished.first(), 0).data(ConversationModel::DetailRole).toString()));
        const QString answer = conversation->index(finished.first(), 0).data(ConversationModel::DetailRole).toString();
        QVERIFY2(answer.startsWith(QLatin1String("Done.")) && answer.contains(QLatin1String("tests/test_greet.py")),
                 qPrintable(answer));
        QCOMPARE(Test::rowsOfKind(conversation, ConversationModel::EntryKind::ToolCall).size(), 4);

        // The shell log: the two recorded commands ran for real; the tests passed in the sandbox.
        QTRY_COMPARE_WITH_TIMEOUT(shellLog->rowCount(), 2, 5000);
        const QString look = shellLog->index(0, ShellLogModel::CommandColumn).data().toString();
        const QString tests = shellLog->index(1, ShellLogModel::CommandColumn).data().toString();
        QVERIFY2(look.contains(QLatin1String("ls -R")), qPrintable(look));
        QVERIFY2(tests.contains(QLatin1String("python3 tests/test_greet.py")), qPrintable(tests));
        const QString lookOutput = shellLog->index(0, 0).data(ShellLogModel::OutputRole).toString();
        QVERIFY2(lookOutput.contains(QLatin1String("greet.py")) && lookOutput.contains(QLatin1String("def greet")),
                 qPrintable(lookOutput));
        const QString testOutput = shellLog->index(1, 0).data(ShellLogModel::OutputRole).toString();
        QCOMPARE(shellLog->index(1, ShellLogModel::ExitCodeColumn).data().toInt(), 0);
        QVERIFY2(testOutput.contains(QLatin1String("Ran 2 tests")) && testOutput.contains(QLatin1String("OK")),
                 qPrintable(testOutput));

        // The Changes dock: the test file created and the README modified by apply_patch.
        QTRY_VERIFY_WITH_TIMEOUT(changeRow(changes, QStringLiteral("tests/test_greet.py"), 0) >= 0, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(changeRow(changes, QStringLiteral("README.md"), 1) >= 0, 5000);
        const int readme = changeRow(changes, QStringLiteral("README.md"), 1);
        QCOMPARE(changes->index(readme, 0).data(ChangesModel::CallIdRole).toString(),
                 QStringLiteral("call_demo_readme"));
        QVERIFY(Test::readTestFile(workspace + QStringLiteral("/README.md")).contains("## Tests"));

        // The memory phases ran on the recording: the Memory dock lists the files they wrote.
        QCOMPARE(Test::child<QComboBox>(window, "memoryModeCombo")->currentData().toString(), QStringLiteral("both"));
        auto *memoryTree = Test::child<QTreeView>(window, "memoryTree");
        QVERIFY(memoryTree);
        QAbstractItemModelTester memoryTester(memoryTree->model(),
                                              QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto hasMemory = [&] {
            const QStringList files = memoryFiles(memoryTree->model());
            return files.contains(QStringLiteral("memories/MEMORY.md")) &&
                   files.contains(QStringLiteral("memories/memory_summary.md")) &&
                   !files
                        .filter(
                            QRegularExpression(QStringLiteral("^memories/rollout_summaries/.*_greet-unittest\\.md$")))
                        .isEmpty() &&
                   !files.filter(QRegularExpression(QStringLiteral("^memories/raw_memories/.+\\.md$"))).isEmpty();
        };
        QTRY_VERIFY2_WITH_TIMEOUT(hasMemory(), qPrintable(memoryFiles(memoryTree->model()).join(QLatin1Char(' '))),
                                  10000);
        QVERIFY(Test::readTestFile(workspace + QStringLiteral("/memories/MEMORY.md"))
                    .contains("python3 tests/test_greet.py -v"));

        // For review: the window after the demo run.
        const QString shots =
            qEnvironmentVariable("SANDCASTLE_BINARY_DIR", QDir::currentPath()) + QStringLiteral("/screenshots");
        QVERIFY(QDir().mkpath(shots));
        const QString shot = shots + QStringLiteral("/demo-run.png");
        QVERIFY(window.grab().save(shot, "PNG"));
        qInfo("screenshot of the main window after the demo run: %s", qPrintable(shot));

        // Continue goes beyond the recording: a clear message, not a hang.
        Test::child<QPlainTextEdit>(window, "taskEdit")->setPlainText(QStringLiteral("And now add a docstring."));
        QTest::mouseClick(Test::child<QPushButton>(window, "continueButton"), Qt::LeftButton);
        // (The failed run's memory extraction does not fit the recording either: a second mismatch.)
        QTRY_VERIFY_WITH_TIMEOUT(!mismatches.isEmpty(), kRunTimeoutMs);
        QVERIFY2(mismatches.first().first().toString().contains(QLatin1String("recorded demo ends after 5")),
                 qPrintable(mismatches.first().first().toString()));
        auto *status = Test::child<QLabel>(window, "runStatusLabel");
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QLatin1String("recorded demo ends")), kRunTimeoutMs);
    }
};

QTEST_MAIN(tst_DemoRun)
#include "tst_demorun.moc"
