// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Approvals in the main window (issue 7): a real AgentRun (Unix-local client, no confinement)
// against the scripted model server with the Ask policy (approve, deny, Always for this run) and
// the Outside policy (only the call that leaves the workspace waits), through the buttons of the
// approval card inline in the conversation (by mouse and by keyboard); the notification is an in-window banner while
// the window is active, a tray message or an alert while another window is.
#include "approvalnotifier.h"
#include "conversationdelegate.h"
#include "runcontroller.h"
#include "sandcastle/ui/conversationmodel.h"
#include "sandcastle/ui/mainwindow.h"
#include "scriptedmodelserver.h"
#include "testenv.h"
#include "windowtesting.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>

using Sandcastle::Core::RunEvent;
using Sandcastle::Ui::ApprovalNotifier;
using Sandcastle::Ui::ConversationDelegate;
using Sandcastle::Ui::ConversationModel;
using Sandcastle::Ui::MainWindow;
using Sandcastle::Ui::RunController;
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

/// The output the model was sent for `callId` in request `request`.
QString outputSent(const ScriptedModelServer &server, int request, const QString &callId)
{
    const QJsonArray input = server.requests().at(request).json.value(QStringLiteral("input")).toArray();
    for (const QJsonValue &v : input) {
        if (v.toObject().value(QStringLiteral("call_id")) == callId &&
            v.toObject().value(QStringLiteral("type")) == QLatin1String("function_call_output")) {
            return v.toObject().value(QStringLiteral("output")).toString();
        }
    }
    return {};
}

QStringList askedCalls(const QSignalSpy &events)
{
    QStringList ids;
    for (const QList<QVariant> &args : events) {
        const auto e = args.first().value<RunEvent>();
        if (e.kind == RunEvent::Kind::ApprovalRequested) {
            ids.append(e.data.value(QStringLiteral("call_id")).toString());
        }
    }
    return ids;
}

int approvalOf(const QAbstractItemModel *conversation, const QString &callId)
{
    for (int r = 0; r < conversation->rowCount(); ++r) {
        const QModelIndex i = conversation->index(r, 0);
        if (i.data(ConversationModel::CallIdRole).toString() == callId) {
            return i.data(ConversationModel::ApprovalRole).toInt();
        }
    }
    return -1;
}

} // namespace

class tst_ApprovalFlow : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_workspace;

    void prepare(MainWindow &window, const ScriptedModelServer &server, const QString &policy)
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
        auto *approval = child<QComboBox>(window, "approvalCombo");
        approval->setCurrentIndex(approval->findData(policy));
        QVERIFY(approval->currentIndex() >= 0);
    }

    static void startTask(MainWindow &window, const QString &task)
    {
        child<QPlainTextEdit>(window, "taskEdit")->setPlainText(task);
        QTest::mouseClick(child<QPushButton>(window, "runButton"), Qt::LeftButton);
    }

    /// Waits until the inline card shows `command`, then clicks its `button`.
    static void decide(MainWindow &window, const QString &command, const char *button)
    {
        QWidget *card = waitForCard(window, command);
        QVERIFY(card);
        QTest::mouseClick(card->findChild<QPushButton *>(QLatin1String(button)), Qt::LeftButton);
    }

    /// Waits until a card shows `command`; checks it stands in place of its call's conversation row.
    static QWidget *waitForCard(MainWindow &window, const QString &command)
    {
        if (!QTest::qWaitFor([&] { return approvalCardFor(window, command) != nullptr; }, kRunTimeoutMs)) {
            qWarning("no approval card shows %s", qPrintable(command));
            return nullptr;
        }
        QWidget *card = approvalCardFor(window, command);
        auto *view = child<QListView>(window, "conversationView");
        const auto *model = qobject_cast<const ConversationModel *>(view->model());
        const QString callId = card->property("callId").toString();
        const QModelIndex row = model->index(model->rowOfCall(callId));
        if (!row.isValid() || view->indexWidget(row) != card ||
            row.data(ConversationModel::ApprovalRole).toInt() != int(ConversationModel::Approval::Pending)) {
            qWarning("the card of %s is not inline at its pending call", qPrintable(callId));
            return nullptr;
        }
        return card;
    }

    /// The text the conversation draws for the tool call `callId` (its compact card).
    static QString drawnCall(MainWindow &window, const QString &callId)
    {
        auto *view = child<QListView>(window, "conversationView");
        const auto *model = qobject_cast<const ConversationModel *>(view->model());
        auto *delegate = qobject_cast<ConversationDelegate *>(view->itemDelegate());
        return delegate->document(model->index(model->rowOfCall(callId)), 400)->toPlainText();
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
    }

    void ask_approveDenyAndAlwaysForThisRun()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(execTurn(QStringLiteral("touch one.txt"), QStringLiteral("c_ok")));
        server.enqueue(execTurn(QStringLiteral("touch two.txt"), QStringLiteral("c_no")));
        server.enqueue(execTurn(QStringLiteral("mkdir -p d1"), QStringLiteral("c_always")));
        server.enqueue(execTurn(QStringLiteral("mkdir -p d2"), QStringLiteral("c_again")));
        server.enqueue(execTurn(QStringLiteral("touch three.txt"), QStringLiteral("c_other")));
        server.enqueue(answerTurn(QStringLiteral("Done.")));

        MainWindow window;
        auto *conversation = window.findChild<QAbstractItemModel *>(QStringLiteral("conversationModel"));
        auto *controller = window.findChild<RunController *>(QStringLiteral("runController"));
        auto *notifier = window.findChild<ApprovalNotifier *>(QStringLiteral("approvalNotifier"));
        QVERIFY(conversation && controller && notifier);
        QAbstractItemModelTester tester(conversation, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy events(controller, &RunController::eventEmitted);
        QSignalSpy notified(notifier, &ApprovalNotifier::notified);
        prepare(window, server, QStringLiteral("ask"));
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        startTask(window, QStringLiteral("Make files."));

        decide(window, QStringLiteral("touch one.txt"), "approveButton");
        // The window is active: the notification is the in-window banner.
        QVERIFY(!notified.isEmpty());
        QCOMPARE(notified.first().first().value<ApprovalNotifier::Channel>(), ApprovalNotifier::Channel::Banner);
        QVERIFY(notified.first().at(1).toString().contains(QLatin1String("1")));

        decide(window, QStringLiteral("touch two.txt"), "denyButton");
        // Always for this run by keyboard: Tab from the transcript reaches the card's buttons.
        QWidget *card = waitForCard(window, QStringLiteral("mkdir -p d1"));
        QVERIFY(card);
        auto *view = child<QListView>(window, "conversationView");
        // For review: the card inline in the conversation.
        const QString shots =
            qEnvironmentVariable("SANDCASTLE_BINARY_DIR", QDir::currentPath()) + QStringLiteral("/screenshots");
        QVERIFY(QDir().mkpath(shots));
        QVERIFY(window.grab().save(shots + QStringLiteral("/approval-inline.png"), "PNG"));
        view->setFocus(Qt::OtherFocusReason);
        QTRY_VERIFY(view->hasFocus());
        QTest::keyClick(view, Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), card->findChild<QPushButton *>(QStringLiteral("approveButton")));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), card->findChild<QPushButton *>(QStringLiteral("alwaysButton")));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
        // mkdir -p d2 runs without asking; touch three.txt is another program: asked, denied.
        decide(window, QStringLiteral("touch three.txt"), "denyButton");
        QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(window, "continueButton")->isEnabled(), kRunTimeoutMs);
        QVERIFY(approvalCards(window).isEmpty());
        QVERIFY(child<QLabel>(window, "approvalBanner")->isHidden());

        QCOMPARE(askedCalls(events), (QStringList{QStringLiteral("c_ok"), QStringLiteral("c_no"),
                                                  QStringLiteral("c_always"), QStringLiteral("c_other")}));
        QVERIFY(QFile::exists(m_workspace->filePath(QStringLiteral("one.txt"))));
        QVERIFY(!QFile::exists(m_workspace->filePath(QStringLiteral("two.txt"))));
        QVERIFY(QFileInfo(m_workspace->filePath(QStringLiteral("d1"))).isDir());
        QVERIFY(QFileInfo(m_workspace->filePath(QStringLiteral("d2"))).isDir());
        QVERIFY(!QFile::exists(m_workspace->filePath(QStringLiteral("three.txt"))));
        // The model's next request carries the denial.
        QCOMPARE(outputSent(server, 2, QStringLiteral("c_no")), QStringLiteral("The user denied this tool call."));
        QCOMPARE(approvalOf(conversation, QStringLiteral("c_no")), int(ConversationModel::Approval::Denied));
        // A denied call never ran: no duration (it was once counted from the epoch).
        const auto *model = qobject_cast<const ConversationModel *>(conversation);
        QCOMPARE(
            model->index(model->rowOfCall(QStringLiteral("c_no"))).data(ConversationModel::DurationRole).toLongLong(),
            0);
        QCOMPARE(approvalOf(conversation, QStringLiteral("c_again")), int(ConversationModel::Approval::Approved));
        QCOMPARE(approvalOf(conversation, QStringLiteral("c_ok")), int(ConversationModel::Approval::Approved));
        QCOMPARE(approvalOf(conversation, QStringLiteral("c_always")), int(ConversationModel::Approval::Always));
        // Decided, each call's card is compact again and tells the decision.
        QVERIFY2(drawnCall(window, QStringLiteral("c_ok")).contains(QStringLiteral("done \u00B7 approved \u00B7")),
                 qPrintable(drawnCall(window, QStringLiteral("c_ok"))));
        QVERIFY2(drawnCall(window, QStringLiteral("c_no")).contains(QLatin1String("denied")),
                 qPrintable(drawnCall(window, QStringLiteral("c_no"))));
        QVERIFY2(drawnCall(window, QStringLiteral("c_always")).contains(QLatin1String("approved always for this run")),
                 qPrintable(drawnCall(window, QStringLiteral("c_always"))));
        QCOMPARE(server.requests().size(), 6);
    }

    void outside_onlyTheCallLeavingTheWorkspaceWaits()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn both;
        both.outputItems = {
            functionCallItem(QStringLiteral("exec_command"),
                             {{QStringLiteral("cmd"), QStringLiteral("touch inside.txt")}}, QStringLiteral("c_in")),
            functionCallItem(QStringLiteral("exec_command"),
                             {{QStringLiteral("cmd"), QStringLiteral("cat /etc/hostname")}}, QStringLiteral("c_out"))};
        server.enqueue(both);
        server.enqueue(answerTurn(QStringLiteral("Done.")));

        MainWindow window;
        auto *controller = window.findChild<RunController *>(QStringLiteral("runController"));
        auto *notifier = window.findChild<ApprovalNotifier *>(QStringLiteral("approvalNotifier"));
        QVERIFY(controller && notifier);
        QSignalSpy events(controller, &RunController::eventEmitted);
        QSignalSpy notified(notifier, &ApprovalNotifier::notified);
        prepare(window, server, QStringLiteral("outside"));
        // Another window is active: the notification goes to the tray or is an alert.
        QWidget other;
        other.show();
        other.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&other));
        QVERIFY(!window.isActiveWindow());
        startTask(window, QStringLiteral("Look around."));

        QTRY_COMPARE_WITH_TIMEOUT(askedCalls(events), QStringList{QStringLiteral("c_out")}, kRunTimeoutMs);
        QTRY_VERIFY(QFile::exists(m_workspace->filePath(QStringLiteral("inside.txt"))));
        QCOMPARE(notified.size(), 1);
        QVERIFY(notified.first().first().value<ApprovalNotifier::Channel>() != ApprovalNotifier::Channel::Banner);
        QWidget *card = waitForCard(window, QStringLiteral("cat /etc/hostname"));
        QVERIFY(card);
        const auto *why = card->findChild<QLabel *>(QStringLiteral("approvalText"));
        QVERIFY2(why->text().contains(QLatin1String("/etc/hostname")), qPrintable(why->text()));
        decide(window, QStringLiteral("cat /etc/hostname"), "denyButton");
        QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(window, "continueButton")->isEnabled(), kRunTimeoutMs);
        QCOMPARE(outputSent(server, 1, QStringLiteral("c_out")), QStringLiteral("The user denied this tool call."));
    }
};

QTEST_MAIN(tst_ApprovalFlow)
#include "tst_approvalflow.moc"
