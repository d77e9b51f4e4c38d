// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Provider profiles in the desktop app, on a real X server (Xvfb) against the scripted model
// server: the profile editor validates inline, saves providers.json and tests a key with the free
// model list; the first-run setup tests and stores a key (or keeps it for the session only when
// there is no keychain); and a run and a resume in a new window use a profile whose key lives
// only in the credential store (the server refuses any other key). A brand-new user (no settings,
// no profiles, an empty keychain) who opens the demo gets no setup dialog over it; it opens when
// they pick a provider that needs a key. The "keychain" is a
// MemoryCredentialStore; the real keychain round trip is tests/keychain.
#include "profilesdialog.h"
#include "resultverify.h"
#include "sandcastle/core/credentials/credentialstore.h"
#include "sandcastle/core/model/providerprofilestore.h"
#include "sandcastle/core/sandbox/unixlocalsandboxclient.h"
#include "sandcastle/ui/conversationmodel.h"
#include "sandcastle/ui/mainwindow.h"
#include "scriptedmodelserver.h"
#include "setupdialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using Sandcastle::Core::MemoryCredentialStore;
using Sandcastle::Core::ProviderKind;
using Sandcastle::Core::ProviderProfile;
using Sandcastle::Core::ProviderProfileStore;
using Sandcastle::Core::Result;
using Sandcastle::Ui::ConversationModel;
using Sandcastle::Ui::MainWindow;
using Sandcastle::Ui::ProfilesDialog;
using Sandcastle::Ui::SetupDialog;
using namespace Sandcastle::Test;

namespace {

const QString kKey = QStringLiteral("sk-profile-key-0123456789abcdef");
constexpr int kRunTimeoutMs = 60000;

template<class W>
W *child(const QObject *parent, const char *name)
{
    W *w = parent->findChild<W *>(QLatin1String(name));
    if (!w) {
        qWarning("no child %s", name);
    }
    return w;
}

template<class T>
Result<T> awaitStore(QFuture<Result<T>> future)
{
    if (!QTest::qWaitFor([&future] { return future.isFinished(); }, 5000)) {
        return Sandcastle::Core::fail(Sandcastle::Core::ErrorCode::Timeout, QStringLiteral("store call timed out"));
    }
    return future.result();
}

/// Fills the profile form inside `parent` for a Responses server at `baseUrl`.
void fillForm(QWidget *parent, const QString &name, const QUrl &baseUrl, const QString &model,
              const QString &credential)
{
    auto *kind = child<QComboBox>(parent, "profileKindCombo");
    kind->setCurrentIndex(kind->findData(int(ProviderKind::Responses)));
    child<QLineEdit>(parent, "profileNameEdit")->setText(name);
    child<QLineEdit>(parent, "profileBaseUrlEdit")->setText(baseUrl.toString());
    child<QLineEdit>(parent, "profileModelEdit")->setText(model);
    child<QLineEdit>(parent, "profileCredentialEdit")->setText(credential);
}

ScriptedTurn answerTurn(const QString &text)
{
    ScriptedTurn turn;
    turn.outputItems = {messageItem(text)};
    return turn;
}

QList<int> finishedRows(const QAbstractItemModel *model)
{
    QList<int> rows;
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->index(r, 0).data(ConversationModel::KindRole).toInt() ==
            int(ConversationModel::EntryKind::Finished)) {
            rows.append(r);
        }
    }
    return rows;
}

} // namespace

class tst_ProviderSetup : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;

private Q_SLOTS:
    void initTestCase()
    {
        qunsetenv("OPENAI_API_KEY");
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_settingsDir.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    }
    void init()
    {
        QFile::remove(ProviderProfileStore::defaultPath());
        QSettings().clear();
    }

    void profilesDialog_invalidThenSavedThenTested()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.setRequiredApiKey(kKey);
        server.setModels({QStringLiteral("local-coder")});
        MemoryCredentialStore keychain;
        SC_VERIFY_OK(awaitStore(keychain.write(QStringLiteral("local_key"), kKey)));

        ProfilesDialog dialog(&keychain);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        fillForm(&dialog, QStringLiteral("local"), server.baseUrl(), QString(), QStringLiteral("local_key"));
        child<QPushButton>(&dialog, "saveProfileButton")->click();
        auto *message = child<QLabel>(&dialog, "profileMessageLabel");
        QVERIFY2(message->text().contains(QLatin1String("model")), qPrintable(message->text()));
        QCOMPARE(dialog.focusWidget(), child<QLineEdit>(&dialog, "profileModelEdit"));
        QVERIFY(!QFile::exists(ProviderProfileStore::defaultPath()));

        child<QLineEdit>(&dialog, "profileModelEdit")->setText(QStringLiteral("local-coder"));
        child<QPushButton>(&dialog, "saveProfileButton")->click();
        ProviderProfileStore stored;
        SC_VERIFY_OK(stored.load());
        const auto saved = stored.profile(QStringLiteral("local"));
        QVERIFY(saved);
        QCOMPARE(saved->baseUrl, server.baseUrl());
        QCOMPARE(saved->credentialName, QStringLiteral("local_key"));
        QCOMPARE(child<QListWidget>(&dialog, "profilesList")->count(), 1);
        QFile profilesFile(ProviderProfileStore::defaultPath());
        QVERIFY(profilesFile.open(QIODevice::ReadOnly));
        const QByteArray profilesJson = profilesFile.readAll();
        QVERIFY(profilesJson.contains("local_key")); // the item's name is kept, its value is not
        QVERIFY(!profilesJson.contains(kKey.toUtf8()));

        QSignalSpy checked(&dialog, &ProfilesDialog::checkFinished);
        child<QPushButton>(&dialog, "testProfileButton")->click();
        QVERIFY(checked.wait(10000));
        QCOMPARE(checked.first().first().toBool(), true);
        QVERIFY2(message->text().contains(QLatin1String("local-coder")), qPrintable(message->text()));
        QCOMPARE(server.requests().constLast().header("authorization"), "Bearer " + kKey.toUtf8());

        // A wrong key in the store: the test says the key is refused and names the item.
        SC_VERIFY_OK(awaitStore(keychain.write(QStringLiteral("local_key"), QStringLiteral("sk-wrong-0123456789"))));
        child<QPushButton>(&dialog, "testProfileButton")->click();
        QVERIFY(checked.wait(10000));
        QCOMPARE(checked.last().first().toBool(), false);
        QVERIFY2(message->text().contains(QLatin1String("local_key")), qPrintable(message->text()));
    }

    void setup_testsThenStoresKeyAndProfile()
    {
        QVERIFY(SetupDialog::isNeeded());
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.setRequiredApiKey(kKey);
        MemoryCredentialStore keychain;
        MemoryCredentialStore session;
        SetupDialog dialog(&keychain, &session);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        fillForm(&dialog, QStringLiteral("lab"), server.baseUrl(), QStringLiteral("gpt-5.5"),
                 QStringLiteral("lab_key"));
        child<QLineEdit>(&dialog, "setupKeyEdit")->setText(kKey);
        QSignalSpy tested(&dialog, &SetupDialog::testFinished);
        child<QPushButton>(&dialog, "setupTestButton")->click();
        QVERIFY(tested.wait(10000));
        QCOMPARE(tested.first().first().toBool(), true);

        QSignalSpy accepted(&dialog, &QDialog::accepted);
        child<QPushButton>(&dialog, "setupSaveButton")->click();
        QTRY_COMPARE(accepted.size(), 1);
        const Result<QString> key = awaitStore(keychain.read(QStringLiteral("lab_key")));
        SC_VERIFY_OK(key);
        QCOMPARE(*key, kKey);
        QVERIFY(awaitStore(session.list())->isEmpty());
        ProviderProfileStore stored;
        SC_VERIFY_OK(stored.load());
        QCOMPARE(stored.lastUsed(), QStringLiteral("lab"));
        QVERIFY(!SetupDialog::isNeeded());
    }

    void setup_noKeychain_refusesUnlessSessionOnly()
    {
        MemoryCredentialStore session;
        SetupDialog dialog(nullptr, &session);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        fillForm(&dialog, QStringLiteral("lab"), QUrl(QStringLiteral("http://127.0.0.1:9/v1")), QStringLiteral("m"),
                 QStringLiteral("lab_key"));
        child<QLineEdit>(&dialog, "setupKeyEdit")->setText(kKey);
        child<QPushButton>(&dialog, "setupSaveButton")->click();
        auto *message = child<QLabel>(&dialog, "profileMessageLabel");
        QVERIFY2(message->text().contains(QLatin1String("keychain")), qPrintable(message->text()));
        QVERIFY(dialog.isVisible());
        QVERIFY(!QFile::exists(ProviderProfileStore::defaultPath()));
        QVERIFY(SetupDialog::isNeeded());

        QSignalSpy sessionUsed(&dialog, &SetupDialog::sessionStoreUsed);
        child<QCheckBox>(&dialog, "setupSessionOnlyCheck")->setChecked(true);
        child<QPushButton>(&dialog, "setupSaveButton")->click();
        QTRY_COMPARE(sessionUsed.size(), 1);
        QCOMPARE(*awaitStore(session.read(QStringLiteral("lab_key"))), kKey);
    }

    void firstRun_demoFirst_setupOnlyForAProviderThatNeedsAKey()
    {
        QVERIFY(SetupDialog::isNeeded());
        QTemporaryDir workspace;
        QVERIFY(workspace.isValid());
        MemoryCredentialStore keychain; // empty
        MainWindow window;
        window.setCredentialStore(&keychain);
        window.setWorkspace(workspace.path());
        window.useDemoProvider();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.offerFirstRunSetup();
        QCoreApplication::processEvents();
        auto *provider = child<QComboBox>(&window, "providerCombo");
        QCOMPARE(provider->currentData().toString(), QStringLiteral(":demo"));
        QVERIFY(!window.findChild<SetupDialog *>());
        QVERIFY(!QApplication::activeModalWidget());

        // Picking the demo again changes nothing; Custom (an OpenAI-compatible server) needs a key.
        provider->setFocus();
        QTest::keyClick(provider, Qt::Key_Down); // past the demo: nothing there
        QVERIFY(!window.findChild<SetupDialog *>());
        QTest::keyClick(provider, Qt::Key_Up);
        QCOMPARE(provider->currentData().toString(), QString());
        QTRY_VERIFY(window.findChild<SetupDialog *>() && window.findChild<SetupDialog *>()->isVisible());
        window.findChild<SetupDialog *>()->reject();
        QTRY_VERIFY(!window.findChild<SetupDialog *>());
        // Offered once.
        QTest::keyClick(provider, Qt::Key_Down);
        QTest::keyClick(provider, Qt::Key_Up);
        QCoreApplication::processEvents();
        QVERIFY(!window.findChild<SetupDialog *>());
    }

    void firstRun_ownWorkspace_setupAtOnce()
    {
        QTemporaryDir workspace;
        QVERIFY(workspace.isValid());
        MainWindow window;
        window.setWorkspace(workspace.path());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.offerFirstRunSetup();
        QTRY_VERIFY(window.findChild<SetupDialog *>() && window.findChild<SetupDialog *>()->isVisible());
        window.findChild<SetupDialog *>()->reject();
    }

    void run_profileKeyFromCredentialStore_runsAndResumes()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.setRequiredApiKey(kKey);
        ScriptedTurn slow = answerTurn(QStringLiteral("too late"));
        slow.delayMs = 20000;
        server.enqueue(slow);
        ProviderProfileStore profiles;
        ProviderProfile p = ProviderProfile::withDefaults(QStringLiteral("keyed"), ProviderKind::Responses);
        p.baseUrl = server.baseUrl();
        p.model = QStringLiteral("scripted-model");
        p.credentialName = QStringLiteral("keyed_key");
        SC_VERIFY_OK(profiles.setProfile(p));
        SC_VERIFY_OK(profiles.save());
        MemoryCredentialStore keychain;
        SC_VERIFY_OK(awaitStore(keychain.write(QStringLiteral("keyed_key"), kKey)));
        QTemporaryDir workspace;
        QVERIFY(workspace.isValid());
        {
            MainWindow window;
            window.setCredentialStore(&keychain);
            window.setWorkspace(workspace.path());
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            auto *provider = child<QComboBox>(&window, "providerCombo");
            QVERIFY(provider->findData(QStringLiteral("keyed")) > 0);
            provider->setCurrentIndex(provider->findData(QStringLiteral("keyed")));
            Q_EMIT provider->activated(provider->currentIndex());
            QCOMPARE(child<QLineEdit>(&window, "modelEdit")->text(), QStringLiteral("scripted-model"));
            QVERIFY(child<QLineEdit>(&window, "baseUrlEdit")->isReadOnly());
            auto *confinement = child<QComboBox>(&window, "confinementCombo");
            confinement->setCurrentIndex(confinement->findData(int(Sandcastle::Core::Confinement::None)));
            child<QPlainTextEdit>(&window, "taskEdit")->setPlainText(QStringLiteral("Say hello."));
            child<QPushButton>(&window, "runButton")->click();
            QTRY_COMPARE_WITH_TIMEOUT(server.requests().size(), 1, kRunTimeoutMs);
            QCOMPARE(server.requests().constFirst().header("authorization"), "Bearer " + kKey.toUtf8());
            child<QPushButton>(&window, "stopButton")->click();
            QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(&window, "resumeButton")->isEnabled(), 10000);
        }
        SC_VERIFY_OK(profiles.load());
        QCOMPARE(profiles.lastUsed(), QStringLiteral("keyed"));

        // A new window resumes the stopped run: the key comes from the store again, not the environment.
        server.enqueue(answerTurn(QStringLiteral("Hello again.")));
        MainWindow window;
        window.setCredentialStore(&keychain);
        window.setWorkspace(workspace.path());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(child<QComboBox>(&window, "providerCombo")->currentData().toString(), QStringLiteral("keyed"));
        auto *conversation = window.findChild<QAbstractItemModel *>(QStringLiteral("conversationModel"));
        QVERIFY(conversation);
        child<QPushButton>(&window, "resumeButton")->click();
        QTRY_COMPARE_WITH_TIMEOUT(finishedRows(conversation).size(), 1, kRunTimeoutMs);
        const int row = finishedRows(conversation).constFirst();
        QCOMPARE(conversation->index(row, 0).data(ConversationModel::DetailRole).toString(),
                 QStringLiteral("Hello again."));
        QCOMPARE(server.requests().constLast().header("authorization"), "Bearer " + kKey.toUtf8());
    }
};

QTEST_MAIN(tst_ProviderSetup)
#include "tst_providersetup.moc"
