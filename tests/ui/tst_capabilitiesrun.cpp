// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Issue 6 in the desktop app: the run panel's capability choice turns memory and skills on. A real
// AgentRun (Unix-local, no confinement) against an in-process scripted model server: the memory
// summary of the workspace reaches the request's instructions, a bad skill folder shows up as a
// notice in the Conversation dock, and the choice is kept in the run settings.
#include "sandcastle/ui/conversationmodel.h"
#include "sandcastle/ui/mainwindow.h"

#include "runsettings.h"
#include "scriptedmodelserver.h"
#include "testenv.h"
#include "windowtesting.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using Sandcastle::Ui::ConversationModel;
using Sandcastle::Ui::MainWindow;
using Sandcastle::Ui::RunSettings;
using namespace Sandcastle::Test;

namespace {

constexpr int kRunTimeoutMs = 60000;

QStringList noticesOf(const QAbstractItemModel *model)
{
    QStringList notices;
    for (int r = 0; r < model->rowCount(); ++r) {
        const QModelIndex i = model->index(r, 0);
        if (i.data(ConversationModel::KindRole).toInt() == int(ConversationModel::EntryKind::Notice)) {
            notices << i.data().toString();
        }
    }
    return notices;
}

} // namespace

class tst_CapabilitiesRun : public QObject
{
    Q_OBJECT
    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_dir;

    QString path(const QString &relative) const { return m_dir->filePath(relative); }

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
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QVERIFY(writeTestFile(path(QStringLiteral("ws/README.md")), "# demo\n"));
        QVERIFY(writeTestFile(path(QStringLiteral("ws/memories/memory_summary.md")),
                              "The user wants tests run with TZ=UTC.\n"));
        QVERIFY(writeTestFile(path(QStringLiteral("skills/lint/SKILL.md")),
                              "---\nname: lint\ndescription: Run the linters.\n---\n\nRun make lint.\n"));
        QVERIFY(writeTestFile(path(QStringLiteral("skills/notes/README.txt")), "not a skill\n"));
    }

    void run_memoryAndLazySkillsChosen_summaryInInstructionsAndIssueShown()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(itemsTurn({messageItem(QStringLiteral("Noted."))}));

        MainWindow window;
        auto *conversation = window.findChild<QAbstractItemModel *>(QStringLiteral("conversationModel"));
        QVERIFY(conversation);
        window.setWorkspace(path(QStringLiteral("ws")));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        child<QLineEdit>(window, "baseUrlEdit")->setText(server.baseUrl().toString());
        child<QLineEdit>(window, "modelEdit")->setText(QStringLiteral("scripted-model"));
        auto *client = child<QComboBox>(window, "clientCombo");
        client->setCurrentIndex(client->findData(QStringLiteral("unix_local")));
        auto *confinement = child<QComboBox>(window, "confinementCombo");
        confinement->setCurrentIndex(confinement->findData(int(Sandcastle::Core::Confinement::None)));
        // Read-only memory without live update; lazy skills from a folder outside the current directory.
        auto *memory = child<QComboBox>(window, "memoryModeCombo");
        memory->setCurrentIndex(memory->findData(QStringLiteral("read")));
        child<QCheckBox>(window, "memoryLiveUpdateCheck")->setChecked(false);
        child<QCheckBox>(window, "skillsCheck")->setChecked(true);
        child<QLineEdit>(window, "skillsDirEdit")->setText(path(QStringLiteral("skills")));
        child<QCheckBox>(window, "skillsLazyCheck")->setChecked(true);

        child<QPlainTextEdit>(window, "taskEdit")->setPlainText(QStringLiteral("How should I run the tests?"));
        QTest::mouseClick(child<QPushButton>(window, "runButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(window, "continueButton")->isEnabled(), kRunTimeoutMs);

        QCOMPARE(server.requests().size(), 1);
        const QJsonObject request = server.requests().first().json;
        const QString instructions = request.value(QStringLiteral("instructions")).toString();
        QVERIFY2(instructions.contains(QStringLiteral("========= MEMORY_SUMMARY BEGINS =========\n"
                                                      "The user wants tests run with TZ=UTC.\n")),
                 qPrintable(instructions));
        QVERIFY(instructions.contains(QStringLiteral("Memory is read-only in this run"))); // live update off
        // The chosen lazy folder is granted: its skill is listed and load_skill is offered.
        QVERIFY2(instructions.contains(QStringLiteral("- lint: Run the linters.")), qPrintable(instructions));
        QStringList tools;
        for (const QJsonValue &t : request.value(QStringLiteral("tools")).toArray()) {
            tools << t[QStringLiteral("name")].toString();
        }
        QVERIFY2(tools.contains(QStringLiteral("load_skill")), qPrintable(tools.join(QLatin1Char(','))));
        // Read-only memory generates nothing.
        QVERIFY(!QFileInfo::exists(path(QStringLiteral("ws/sessions"))));

        // The folder without SKILL.md is a notice in the conversation.
        const QStringList notices = noticesOf(conversation);
        QVERIFY2(std::any_of(notices.cbegin(), notices.cend(),
                             [](const QString &n) {
                                 return n.contains(QLatin1String("/notes")) && n.contains(QLatin1String("SKILL.md"));
                             }),
                 qPrintable(notices.join(QLatin1Char('\n'))));

        // The choice is part of the run settings: the next window starts with it.
        QSettings settings;
        const RunSettings stored = RunSettings::load(settings);
        QCOMPARE(stored.memoryMode, QStringLiteral("read"));
        QVERIFY(!stored.memoryLiveUpdate);
        QVERIFY(stored.skills && stored.skillsLazy);
        QCOMPARE(stored.skillsDir, path(QStringLiteral("skills")));
        MainWindow second;
        QCOMPARE(child<QComboBox>(second, "memoryModeCombo")->currentData().toString(), QStringLiteral("read"));
        QVERIFY(child<QCheckBox>(second, "skillsLazyCheck")->isChecked());
    }

    void toOptions_capabilityChoice_mappedLikeTheCli()
    {
        RunSettings s;
        s.baseUrl = QStringLiteral("http://127.0.0.1:9/v1");
        s.model = QStringLiteral("local-model");
        s.capabilities = {QStringLiteral("shell")};
        s.memoryMode = QStringLiteral("generate");
        auto options = s.toOptions(path(QStringLiteral("ws")), {});
        QVERIFY(options);
        QCOMPARE(options->capabilities, (QStringList{QStringLiteral("shell"), QStringLiteral("memory")}));
        QVERIFY(!options->memory.read && options->memory.generate);
        // Off api.openai.com the run's model does the memory phases (as `sandcastle run` does).
        QCOMPARE(options->memory.phaseOneModel, QStringLiteral("local-model"));
        QCOMPARE(options->memory.phaseTwoModel, QStringLiteral("local-model"));

        s.skills = true;
        s.skillsDir = path(QStringLiteral("skills"));
        options = s.toOptions(path(QStringLiteral("ws")), {});
        QVERIFY(options);
        QCOMPARE(options->skills.localDir, path(QStringLiteral("skills")));
        QVERIFY(options->skills.lazyDir.isEmpty() && options->skills.pathGrants.isEmpty());
        s.skillsDir.clear();
        QVERIFY(!s.toOptions(path(QStringLiteral("ws")), {}));
    }
};

QTEST_MAIN(tst_CapabilitiesRun)
#include "tst_capabilitiesrun.moc"
