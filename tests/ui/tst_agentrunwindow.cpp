// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Point-and-click agent runs in the main window (issue 7): the run panel's widgets start a real
// AgentRun (Unix-local client, no confinement) against an in-process scripted model server; the
// shell log, the conversation and the approval bar are checked through the window's own models.
#include "sandcastle/core/sandbox/unixlocalsandboxclient.h"
#include "sandcastle/ui/changesmodel.h"
#include "sandcastle/ui/conversationmodel.h"
#include "sandcastle/ui/mainwindow.h"
#include "sandcastle/ui/shelllogmodel.h"
#include "scriptedmodelserver.h"
#include "testenv.h"
#include "windowtesting.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using Sandcastle::Ui::ChangesModel;
using Sandcastle::Ui::ConversationModel;
using Sandcastle::Ui::MainWindow;
using Sandcastle::Ui::ShellLogModel;
using namespace Sandcastle::Test;

namespace {

constexpr int kRunTimeoutMs = 60000;

ScriptedTurn execTurn(const QString &cmd, const QString &callId)
{
    ScriptedTurn turn;
    turn.outputItems = {functionCallItem(QStringLiteral("exec_command"), {{QStringLiteral("cmd"), cmd}}, callId)};
    return turn;
}

ScriptedTurn answerTurn(const QString &text)
{
    ScriptedTurn turn;
    turn.outputItems = {messageItem(text)};
    return turn;
}

int createdRow(const QAbstractItemModel *changes, const QString &path)
{
    for (int r = 0; r < changes->rowCount(); ++r) {
        const QModelIndex i = changes->index(r, 0);
        if (i.data(ChangesModel::PathRole).toString() == path && i.data(ChangesModel::KindRole).toInt() == 0) {
            return r;
        }
    }
    return -1;
}

} // namespace

class tst_AgentRunWindow : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_workspace;

    // Fills in the run panel for the scripted server and returns the window's models.
    void prepare(MainWindow &window, const ScriptedModelServer &server, bool ask)
    {
        window.setWorkspace(m_workspace->path());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        child<QLineEdit>(window, "baseUrlEdit")->setText(server.baseUrl().toString());
        child<QLineEdit>(window, "modelEdit")->setText(QStringLiteral("scripted-model"));
        auto *client = child<QComboBox>(window, "clientCombo");
        client->setCurrentIndex(client->findData(QStringLiteral("unix_local")));
        auto *confinement = child<QComboBox>(window, "confinementCombo");
        confinement->setCurrentIndex(confinement->findData(int(Sandcastle::Core::Confinement::None)));
        child<QComboBox>(window, "approvalCombo")->setCurrentIndex(ask ? 1 : 0);
    }

    static void startTask(MainWindow &window, const char *button, const QString &task)
    {
        child<QPlainTextEdit>(window, "taskEdit")->setPlainText(task);
        QPushButton *b = child<QPushButton>(window, button);
        QVERIFY(b->isEnabled());
        QTest::mouseClick(b, Qt::LeftButton);
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
        writeTestFile(m_workspace->filePath(QStringLiteral("README.md")), "# demo\n");
        writeTestFile(m_workspace->filePath(QStringLiteral("src/main.c")), "int main(void) { return 0; }\n");
    }

    void run_scriptedTask_showsShellLogConversationAndAnswer()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(execTurn(QStringLiteral("ls"), QStringLiteral("call_ls")));
        server.enqueue(
            execTurn(QStringLiteral("echo built > build.log && cat build.log"), QStringLiteral("call_echo")));
        server.enqueue(answerTurn(QStringLiteral("The workspace has README.md and src; the build said built.")));

        MainWindow window;
        auto *conversation = window.findChild<QAbstractItemModel *>(QStringLiteral("conversationModel"));
        auto *shellLog = window.findChild<QAbstractItemModel *>(QStringLiteral("shellLogModel"));
        auto *changes = window.findChild<QAbstractItemModel *>(QStringLiteral("changesModel"));
        QVERIFY(conversation);
        QVERIFY(shellLog);
        QVERIFY(changes);
        QAbstractItemModelTester changesTester(changes, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester conversationTester(conversation,
                                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester shellLogTester(shellLog, QAbstractItemModelTester::FailureReportingMode::QtTest);
        prepare(window, server, false);
        startTask(window, "runButton", QStringLiteral("List the files and build."));

        QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(window, "continueButton")->isEnabled(), kRunTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(shellLog->rowCount(), 2, 2000);

        QStringList commands;
        for (int r = 0; r < shellLog->rowCount(); ++r) {
            commands.append(shellLog->index(r, ShellLogModel::CommandColumn).data().toString());
            QCOMPARE(shellLog->index(r, ShellLogModel::ExitCodeColumn).data().toInt(), 0);
        }
        QVERIFY2(commands.at(0).contains(QLatin1String("ls")), qPrintable(commands.join(u'|')));
        QVERIFY2(commands.at(1).contains(QLatin1String("echo built")), qPrintable(commands.join(u'|')));
        const QString lsOutput = shellLog->index(0, 0).data(ShellLogModel::OutputRole).toString();
        QVERIFY2(lsOutput.contains(QLatin1String("README.md")) && lsOutput.contains(QLatin1String("src")),
                 qPrintable(lsOutput));
        QVERIFY(QFile::exists(m_workspace->filePath(QStringLiteral("build.log"))));

        // The changes dock: build.log appeared, caused by the command that wrote it.
        const QString buildLog = QStringLiteral("build.log");
        QTRY_VERIFY_WITH_TIMEOUT(createdRow(changes, buildLog) >= 0, 3000);
        const int created = createdRow(changes, buildLog);
        QCOMPARE(changes->index(created, 0).data(ChangesModel::CallIdRole).toString(), QStringLiteral("call_echo"));
        QVERIFY2(changes->index(created, ChangesModel::CauseColumn)
                     .data()
                     .toString()
                     .contains(QLatin1String("echo built > build.log")),
                 qPrintable(changes->index(created, ChangesModel::CauseColumn).data().toString()));
        auto *changesProxy = window.findChild<QAbstractItemModel *>(QStringLiteral("changesProxy"));
        QVERIFY(changesProxy);
        child<QLineEdit>(window, "changesFilter")->setText(QStringLiteral("no-such-path"));
        QCOMPARE(changesProxy->rowCount(), 0);
        child<QLineEdit>(window, "changesFilter")->setText(QStringLiteral("BUILD.LOG"));
        QVERIFY(changesProxy->rowCount() >= 1);
        child<QLineEdit>(window, "changesFilter")->clear();
        QCOMPARE(changesProxy->rowCount(), changes->rowCount());

        QCOMPARE(rowsOfKind(conversation, ConversationModel::EntryKind::User).size(), 1);
        const QList<int> calls = rowsOfKind(conversation, ConversationModel::EntryKind::ToolCall);
        QCOMPARE(calls.size(), 2);
        QCOMPARE(conversation->index(calls.at(0), 0).data(ConversationModel::CallIdRole).toString(),
                 QStringLiteral("call_ls"));
        QVERIFY(conversation->index(calls.at(0), 0)
                    .data(ConversationModel::ResultRole)
                    .toString()
                    .contains(QLatin1String("README.md")));
        QCOMPARE(rowsOfKind(conversation, ConversationModel::EntryKind::Usage).size(), 3);
        const QList<int> finished = rowsOfKind(conversation, ConversationModel::EntryKind::Finished);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(conversation->index(finished.first(), 0).data(ConversationModel::DetailRole).toString(),
                 QStringLiteral("The workspace has README.md and src; the build said built."));
        QVERIFY(!conversation->index(finished.first(), 0).data(ConversationModel::FailedRole).toBool());
        const QList<int> answers = rowsOfKind(conversation, ConversationModel::EntryKind::Assistant);
        QVERIFY(!answers.isEmpty());
        QCOMPARE(conversation->index(answers.last(), 0).data().toString(),
                 QStringLiteral("The workspace has README.md and src; the build said built."));
        QVERIFY(child<QLabel>(window, "usageLabel")->text().contains(QLatin1String("tokens")));

        // Continue: another user message in the same conversation.
        server.enqueue(answerTurn(QStringLiteral("Second answer.")));
        startTask(window, "continueButton", QStringLiteral("And now?"));
        QTRY_COMPARE_WITH_TIMEOUT(rowsOfKind(conversation, ConversationModel::EntryKind::Finished).size(), 2,
                                  kRunTimeoutMs);
        QCOMPARE(rowsOfKind(conversation, ConversationModel::EntryKind::User).size(), 2);
        const int last = rowsOfKind(conversation, ConversationModel::EntryKind::Finished).last();
        QCOMPARE(conversation->index(last, 0).data(ConversationModel::DetailRole).toString(),
                 QStringLiteral("Second answer."));
        QCOMPARE(server.requests().size(), 4);
        const QByteArray continued = server.requests().at(3).body;
        QVERIFY2(continued.contains("List the files and build.") && continued.contains("And now?"),
                 "the continued request does not carry the conversation");

        // The settings are remembered for the next window.
        {
            QSettings settings;
            QCOMPARE(settings.value(QStringLiteral("run/model")).toString(), QStringLiteral("scripted-model"));
            QCOMPARE(settings.value(QStringLiteral("run/confinement")).toString(), QStringLiteral("none"));
        }
        MainWindow second;
        QCOMPARE(child<QLineEdit>(second, "modelEdit")->text(), QStringLiteral("scripted-model"));

        const QString shots =
            qEnvironmentVariable("SANDCASTLE_BINARY_DIR", QDir::currentPath()) + QStringLiteral("/screenshots");
        QVERIFY(QDir().mkpath(shots));
        QVERIFY(window.grab().save(shots + QStringLiteral("/mainwindow-run.png"), "PNG"));
    }

    void run_askPolicy_approveOneDenyOther()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(execTurn(QStringLiteral("touch approved.txt"), QStringLiteral("call_ok")));
        server.enqueue(execTurn(QStringLiteral("touch denied.txt"), QStringLiteral("call_no")));
        server.enqueue(answerTurn(QStringLiteral("One file made, one refused.")));

        MainWindow window;
        auto *conversation = window.findChild<QAbstractItemModel *>(QStringLiteral("conversationModel"));
        QVERIFY(conversation);
        QAbstractItemModelTester tester(conversation, QAbstractItemModelTester::FailureReportingMode::QtTest);
        prepare(window, server, true);
        startTask(window, "runButton", QStringLiteral("Touch two files."));

        QTRY_VERIFY_WITH_TIMEOUT(approvalCardFor(window, QStringLiteral("touch approved.txt")), kRunTimeoutMs);
        QVERIFY(!QFile::exists(m_workspace->filePath(QStringLiteral("approved.txt"))));
        QTest::mouseClick(approvalCardFor(window, QStringLiteral("touch approved.txt"))
                              ->findChild<QPushButton *>(QStringLiteral("approveButton")),
                          Qt::LeftButton);

        QTRY_VERIFY_WITH_TIMEOUT(approvalCardFor(window, QStringLiteral("touch denied.txt")), kRunTimeoutMs);
        QVERIFY(QFile::exists(m_workspace->filePath(QStringLiteral("approved.txt"))));
        QTest::mouseClick(approvalCardFor(window, QStringLiteral("touch denied.txt"))
                              ->findChild<QPushButton *>(QStringLiteral("denyButton")),
                          Qt::LeftButton);

        QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(window, "continueButton")->isEnabled(), kRunTimeoutMs);
        QVERIFY(approvalCards(window).isEmpty());
        QVERIFY(!QFile::exists(m_workspace->filePath(QStringLiteral("denied.txt"))));
        const QList<int> calls = rowsOfKind(conversation, ConversationModel::EntryKind::ToolCall);
        QCOMPARE(calls.size(), 2);
        QCOMPARE(conversation->index(calls.at(0), 0).data(ConversationModel::ApprovalRole).toInt(),
                 int(ConversationModel::Approval::Approved));
        QCOMPARE(conversation->index(calls.at(1), 0).data(ConversationModel::ApprovalRole).toInt(),
                 int(ConversationModel::Approval::Denied));
        QVERIFY(conversation->index(calls.at(1), 0).data(ConversationModel::FailedRole).toBool());
        const QList<int> finished = rowsOfKind(conversation, ConversationModel::EntryKind::Finished);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(conversation->index(finished.first(), 0).data(ConversationModel::DetailRole).toString(),
                 QStringLiteral("One file made, one refused."));
    }

    void stop_duringModelCall_endsCancelled()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn slow = answerTurn(QStringLiteral("too late"));
        slow.delayMs = 20000;
        server.enqueue(slow);
        MainWindow window;
        auto *conversation = window.findChild<QAbstractItemModel *>(QStringLiteral("conversationModel"));
        QVERIFY(conversation);
        QAbstractItemModelTester tester(conversation, QAbstractItemModelTester::FailureReportingMode::QtTest);
        prepare(window, server, false);
        startTask(window, "runButton", QStringLiteral("Take your time."));
        QTRY_COMPARE_WITH_TIMEOUT(server.requests().size(), 1, kRunTimeoutMs);
        QPushButton *stop = child<QPushButton>(window, "stopButton");
        QVERIFY(stop->isEnabled());
        QVERIFY(!child<QPushButton>(window, "runButton")->isEnabled());
        QTest::mouseClick(stop, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(window, "runButton")->isEnabled(), 10000);
        const QList<int> finished = rowsOfKind(conversation, ConversationModel::EntryKind::Finished);
        QCOMPARE(finished.size(), 1);
        QVERIFY(conversation->index(finished.first(), 0).data(ConversationModel::FailedRole).toBool());
        QCOMPARE(rowsOfKind(conversation, ConversationModel::EntryKind::Assistant).size(), 0);
        QVERIFY(!stop->isEnabled());
    }

    void resume_stoppedRun_continuesInNewWindowWithEarlierTurns()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(execTurn(QStringLiteral("echo one | tee one.txt"), QStringLiteral("call_one")));
        ScriptedTurn slow = answerTurn(QStringLiteral("too late"));
        slow.delayMs = 20000;
        server.enqueue(slow);
        const QString task = QStringLiteral("Write one, then answer.");
        {
            MainWindow window;
            prepare(window, server, false);
            QPushButton *resume = child<QPushButton>(window, "resumeButton");
            QVERIFY(resume);
            QCOMPARE(resume->accessibleName(), QStringLiteral("Resume"));
            QVERIFY(!resume->toolTip().isEmpty());
            QVERIFY(!resume->isEnabled()); // a new workspace has no journal
            startTask(window, "runButton", task);
            QTRY_COMPARE_WITH_TIMEOUT(server.requests().size(), 2, kRunTimeoutMs);
            QVERIFY(!resume->isEnabled());
            QTest::mouseClick(child<QPushButton>(window, "stopButton"), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(resume->isEnabled(), 10000);
        }
        QVERIFY(QFile::exists(m_workspace->filePath(QStringLiteral("one.txt"))));

        // A new window on the same workspace: Resume continues the stopped run from its journal,
        // shows the earlier turns and sends no new user message.
        server.enqueue(answerTurn(QStringLiteral("Resumed: one.txt is written.")));
        MainWindow window;
        auto *conversation = window.findChild<QAbstractItemModel *>(QStringLiteral("conversationModel"));
        QVERIFY(conversation);
        QAbstractItemModelTester tester(conversation, QAbstractItemModelTester::FailureReportingMode::QtTest);
        prepare(window, server, false);
        QPushButton *resume = child<QPushButton>(window, "resumeButton");
        QVERIFY(resume->isEnabled());
        QTest::mouseClick(resume, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(rowsOfKind(conversation, ConversationModel::EntryKind::Finished).size(), 1,
                                  kRunTimeoutMs);
        const int finished = rowsOfKind(conversation, ConversationModel::EntryKind::Finished).first();
        QCOMPARE(conversation->index(finished, 0).data(ConversationModel::DetailRole).toString(),
                 QStringLiteral("Resumed: one.txt is written."));
        QVERIFY(!conversation->index(finished, 0).data(ConversationModel::FailedRole).toBool());

        const QList<int> users = rowsOfKind(conversation, ConversationModel::EntryKind::User);
        QCOMPARE(users.size(), 1);
        QCOMPARE(conversation->index(users.first(), 0).data(ConversationModel::DetailRole).toString(), task);
        const QList<int> calls = rowsOfKind(conversation, ConversationModel::EntryKind::ToolCall);
        QCOMPARE(calls.size(), 1);
        QCOMPARE(conversation->index(calls.first(), 0).data(ConversationModel::CallIdRole).toString(),
                 QStringLiteral("call_one"));
        QVERIFY2(conversation->index(calls.first(), 0)
                     .data(ConversationModel::ResultRole)
                     .toString()
                     .contains(QLatin1String("one")),
                 qPrintable(conversation->index(calls.first(), 0).data(ConversationModel::ResultRole).toString()));
        QVERIFY(users.first() < calls.first() && calls.first() < finished);

        QCOMPARE(server.requests().size(), 3);
        const QByteArray resumed = server.requests().at(2).body;
        QVERIFY2(resumed.contains(task.toUtf8()) && resumed.contains("call_one"),
                 "the resumed request does not carry the conversation");
        QVERIFY(!resume->isEnabled()); // the run is done: nothing left to resume
        QVERIFY(child<QPushButton>(window, "continueButton")->isEnabled());
    }

    void resume_inSameWindow_keepsTranscriptWithoutDuplicates()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn slow = answerTurn(QStringLiteral("too late"));
        slow.delayMs = 20000;
        server.enqueue(slow);
        server.enqueue(answerTurn(QStringLiteral("Done after all.")));
        MainWindow window;
        auto *conversation = window.findChild<QAbstractItemModel *>(QStringLiteral("conversationModel"));
        QVERIFY(conversation);
        prepare(window, server, false);
        startTask(window, "runButton", QStringLiteral("Take your time."));
        QTRY_COMPARE_WITH_TIMEOUT(server.requests().size(), 1, kRunTimeoutMs);
        QTest::mouseClick(child<QPushButton>(window, "stopButton"), Qt::LeftButton);
        QPushButton *resume = child<QPushButton>(window, "resumeButton");
        QTRY_VERIFY_WITH_TIMEOUT(resume->isEnabled(), 10000);
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE_WITH_TIMEOUT(rowsOfKind(conversation, ConversationModel::EntryKind::Finished).size(), 2,
                                  kRunTimeoutMs);
        QCOMPARE(rowsOfKind(conversation, ConversationModel::EntryKind::User).size(), 1);
        const int last = rowsOfKind(conversation, ConversationModel::EntryKind::Finished).last();
        QCOMPARE(conversation->index(last, 0).data(ConversationModel::DetailRole).toString(),
                 QStringLiteral("Done after all."));
        QCOMPARE(server.requests().size(), 2);
        QVERIFY(!resume->isEnabled());
    }

    void run_badBaseUrl_showsErrorAndStaysIdle()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        MainWindow window;
        prepare(window, server, false);
        child<QLineEdit>(window, "baseUrlEdit")->setText(QStringLiteral("ftp://example.org"));
        startTask(window, "runButton", QStringLiteral("anything"));
        QVERIFY2(child<QLabel>(window, "runStatusLabel")->text().contains(QLatin1String("http")),
                 qPrintable(child<QLabel>(window, "runStatusLabel")->text()));
        QVERIFY(child<QPushButton>(window, "runButton")->isEnabled());
        QVERIFY(!child<QPushButton>(window, "stopButton")->isEnabled());
        QCOMPARE(server.requests().size(), 0);
    }
};

QTEST_MAIN(tst_AgentRunWindow)
#include "tst_agentrunwindow.moc"
