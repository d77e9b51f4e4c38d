// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Settings > Credentials on a real X server (Xvfb): the dialog lists names only, stores, replaces
// and deletes through the store, and with no keychain it says why, stores nothing and offers the
// session-only store. The "keychain" here is a MemoryCredentialStore behind a scripted probe; the
// real keychain round trip is tests/keychain.
#include "credentialsdialog.h"
#include "resultverify.h"
#include "sandcastle/core/credentials/credentialstore.h"
#include "sandcastle/ui/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using Sandcastle::Core::CredentialStore;
using Sandcastle::Core::ErrorCode;
using Sandcastle::Core::MemoryCredentialStore;
using Sandcastle::Core::Result;
using Sandcastle::Ui::CredentialsDialog;

namespace {

const QString kUnavailableReason = QStringLiteral("no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set");

CredentialsDialog::Probe availableProbe()
{
    return [] { return QtFuture::makeReadyValueFuture(Result<void>()); };
}

CredentialsDialog::Probe unavailableProbe()
{
    return [] {
        return QtFuture::makeReadyValueFuture(
            Result<void>(Sandcastle::Core::fail(ErrorCode::Unsupported, kUnavailableReason)));
    };
}

template<class W>
W *child(const QWidget *parent, const char *name)
{
    return parent->findChild<W *>(QString::fromLatin1(name));
}

/// Waits until `future` finished (the stores answer at once or through the event loop).
template<class T>
Result<T> await(QFuture<Result<T>> future)
{
    if (!QTest::qWaitFor([&future] { return future.isFinished(); }, 5000)) {
        return Sandcastle::Core::fail(ErrorCode::Timeout, QStringLiteral("store call did not finish"));
    }
    return future.result();
}

} // namespace

class tst_CredentialsDialog : public QObject
{
    Q_OBJECT
private:
    /// Enters name and value and presses Store (or Replace), then waits for the list to reload.
    static bool storeThroughDialog(CredentialsDialog &dialog, const QString &name, const QString &value)
    {
        child<QLineEdit>(&dialog, "nameEdit")->setText(name);
        child<QLineEdit>(&dialog, "valueEdit")->setText(value);
        auto *store = child<QPushButton>(&dialog, "storeButton");
        if (!store->isEnabled()) {
            return false;
        }
        QSignalSpy refreshed(&dialog, &CredentialsDialog::refreshed);
        store->click();
        // Done when the list was reloaded after the write and the value field was cleared (only
        // a successful write clears it).
        auto *valueEdit = child<QLineEdit>(&dialog, "valueEdit");
        return QTest::qWaitFor(
            [&] { return !refreshed.isEmpty() && valueEdit->text().isEmpty() && dialog.names().contains(name); }, 5000);
    }

    static void select(CredentialsDialog &dialog, const QString &name)
    {
        auto *list = child<QListWidget>(&dialog, "credentialList");
        const QList<QListWidgetItem *> items = list->findItems(name, Qt::MatchExactly);
        QVERIFY2(!items.isEmpty(), qPrintable(name));
        list->setCurrentItem(items.first());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCOMPARE(QGuiApplication::platformName(), qEnvironmentVariableIsSet("SANDCASTLE_ALLOW_OFFSCREEN")
                                                      ? QGuiApplication::platformName()
                                                      : QStringLiteral("xcb"));
    }

    void open_available_listsNamesNeverValues()
    {
        MemoryCredentialStore keychain;
        SC_VERIFY_OK(await(keychain.write(QStringLiteral("openai"), QStringLiteral("sk-secret-1"))));
        SC_VERIFY_OK(await(keychain.write(QStringLiteral("GITHUB_TOKEN"), QStringLiteral("ghp-secret-2"))));
        MemoryCredentialStore session;
        CredentialsDialog dialog(&keychain, availableProbe(), &session);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        QTRY_COMPARE(dialog.names(), (QStringList{QStringLiteral("GITHUB_TOKEN"), QStringLiteral("openai")}));
        QCOMPARE(dialog.activeStore(), &keychain);
        QVERIFY(!dialog.isSessionOnly());
        auto *status = child<QLabel>(&dialog, "keychainStatus");
        QVERIFY(status->isVisible());
        QVERIFY2(status->text().contains(QStringLiteral("keychain")), qPrintable(status->text()));
        QVERIFY(!child<QPushButton>(&dialog, "sessionOnlyButton")->isVisible());

        // No widget shows a value until Show is pressed.
        for (const QLineEdit *edit : dialog.findChildren<QLineEdit *>()) {
            QVERIFY(!edit->text().contains(QStringLiteral("secret")));
        }
        for (const QLabel *label : dialog.findChildren<QLabel *>()) {
            QVERIFY(!label->text().contains(QStringLiteral("secret")));
        }
        auto *show = child<QPushButton>(&dialog, "showButton");
        QVERIFY(!show->isEnabled()); // nothing selected yet

        select(dialog, QStringLiteral("openai"));
        QVERIFY(show->isEnabled());
        auto *revealed = child<QLineEdit>(&dialog, "revealedValue");
        QVERIFY(revealed->text().isEmpty());
        show->click();
        QTRY_COMPARE(revealed->text(), QStringLiteral("sk-secret-1"));
        // Another selection hides the value again.
        select(dialog, QStringLiteral("GITHUB_TOKEN"));
        QVERIFY(revealed->text().isEmpty());
    }

    void store_newAndExisting_addsThenReplaces()
    {
        MemoryCredentialStore keychain;
        MemoryCredentialStore session;
        CredentialsDialog dialog(&keychain, availableProbe(), &session);
        dialog.show();
        QTRY_VERIFY(dialog.activeStore());
        auto *value = child<QLineEdit>(&dialog, "valueEdit");
        QCOMPARE(value->echoMode(), QLineEdit::Password);

        QVERIFY(storeThroughDialog(dialog, QStringLiteral("openai"), QStringLiteral("first")));
        QCOMPARE(await(keychain.read(QStringLiteral("openai"))).value_or(QString()), QStringLiteral("first"));
        QVERIFY(value->text().isEmpty()); // the value field does not keep the secret

        // The same name again replaces (the button says so) and keeps one entry.
        auto *store = child<QPushButton>(&dialog, "storeButton");
        child<QLineEdit>(&dialog, "nameEdit")->setText(QStringLiteral("openai"));
        QVERIFY2(store->text().remove(QLatin1Char('&')) == CredentialsDialog::tr("Re&place").remove(QLatin1Char('&')),
                 qPrintable(store->text()));
        QVERIFY(storeThroughDialog(dialog, QStringLiteral("openai"), QStringLiteral("second")));
        QCOMPARE(await(keychain.read(QStringLiteral("openai"))).value_or(QString()), QStringLiteral("second"));
        QCOMPARE(dialog.names(), QStringList{QStringLiteral("openai")});
        QCOMPARE(await(session.list()).value_or(QStringList{QStringLiteral("?")}), QStringList());

        // A reserved name is refused with a message and stores nothing.
        child<QLineEdit>(&dialog, "nameEdit")->setText(QStringLiteral(".index"));
        value->setText(QStringLiteral("x"));
        store->click();
        QTRY_VERIFY(!child<QLabel>(&dialog, "feedback")->text().isEmpty());
        QCOMPARE(await(keychain.list()).value_or(QStringList()), QStringList{QStringLiteral("openai")});
    }

    void delete_confirmOrCancel_removesOnlyWhenConfirmed()
    {
        MemoryCredentialStore keychain;
        SC_VERIFY_OK(await(keychain.write(QStringLiteral("a"), QStringLiteral("1"))));
        SC_VERIFY_OK(await(keychain.write(QStringLiteral("b"), QStringLiteral("2"))));
        MemoryCredentialStore session;
        CredentialsDialog dialog(&keychain, availableProbe(), &session);
        dialog.show();
        QTRY_COMPARE(dialog.names().size(), 2);

        select(dialog, QStringLiteral("a"));
        auto *remove = child<QPushButton>(&dialog, "deleteButton");
        remove->click();
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = child<QMessageBox>(&dialog, "confirmDeleteBox")) && box->isVisible());
        QVERIFY(box->text().contains(QStringLiteral("a")));
        box->button(QMessageBox::Cancel)->click();
        QTRY_VERIFY(!child<QMessageBox>(&dialog, "confirmDeleteBox"));
        QCOMPARE(await(keychain.list()).value_or(QStringList()),
                 (QStringList{QStringLiteral("a"), QStringLiteral("b")}));

        select(dialog, QStringLiteral("a"));
        remove->click();
        QTRY_VERIFY((box = child<QMessageBox>(&dialog, "confirmDeleteBox")) && box->isVisible());
        child<QPushButton>(box, "confirmDeleteButton")->click();
        QTRY_COMPARE(dialog.names(), QStringList{QStringLiteral("b")});
        QCOMPARE(await(keychain.list()).value_or(QStringList()), QStringList{QStringLiteral("b")});
        QCOMPARE(await(keychain.read(QStringLiteral("a"))).error().code, ErrorCode::NotFound);
    }

    void open_unavailable_saysWhyAndRefusesToStore()
    {
        MemoryCredentialStore keychain; // stands for a keychain that the probe says is unusable
        MemoryCredentialStore session;
        CredentialsDialog dialog(&keychain, unavailableProbe(), &session);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        auto *status = child<QLabel>(&dialog, "keychainStatus");
        QTRY_VERIFY2(status->text().contains(kUnavailableReason), qPrintable(status->text()));
        QVERIFY(status->isVisible());
        QVERIFY(status->text().contains(CredentialsDialog::tr("No keychain service is available")));
        QVERIFY(!dialog.activeStore());
        auto *sessionButton = child<QPushButton>(&dialog, "sessionOnlyButton");
        QVERIFY(sessionButton->isVisible());

        child<QLineEdit>(&dialog, "nameEdit")->setText(QStringLiteral("openai"));
        child<QLineEdit>(&dialog, "valueEdit")->setText(QStringLiteral("sk-x"));
        auto *store = child<QPushButton>(&dialog, "storeButton");
        QVERIFY(!store->isEnabled());
        store->click();
        QTest::qWait(50);
        QCOMPARE(await(keychain.list()).value_or(QStringList{QStringLiteral("?")}), QStringList());
        QCOMPARE(await(session.list()).value_or(QStringList{QStringLiteral("?")}), QStringList());
    }

    void sessionOnly_chosen_storesInMemoryOnly()
    {
        MemoryCredentialStore keychain;
        MemoryCredentialStore session;
        CredentialsDialog dialog(&keychain, unavailableProbe(), &session);
        QSignalSpy chosen(&dialog, &CredentialsDialog::sessionStoreChosen);
        dialog.show();
        auto *sessionButton = child<QPushButton>(&dialog, "sessionOnlyButton");
        QTRY_VERIFY(sessionButton->isVisible());

        sessionButton->click();
        QCOMPARE(chosen.count(), 1);
        QVERIFY(dialog.isSessionOnly());
        QCOMPARE(dialog.activeStore(), &session);
        QVERIFY(!sessionButton->isVisible());
        const QString status = child<QLabel>(&dialog, "keychainStatus")->text();
        QVERIFY2(status.contains(CredentialsDialog::tr("Session only")), qPrintable(status));

        QVERIFY(storeThroughDialog(dialog, QStringLiteral("openai"), QStringLiteral("sk-session")));
        QCOMPARE(await(session.read(QStringLiteral("openai"))).value_or(QString()), QStringLiteral("sk-session"));
        QCOMPARE(await(keychain.list()).value_or(QStringList{QStringLiteral("?")}), QStringList());

        // Reopened with the session store active: no probe, the session items are listed.
        CredentialsDialog again(&keychain, unavailableProbe(), &session, true);
        QVERIFY(again.isSessionOnly());
        QTRY_COMPARE(again.names(), QStringList{QStringLiteral("openai")});
    }

    void probeFor_nullOrPlainStore()
    {
        auto none = await(CredentialsDialog::probeFor(nullptr)());
        QVERIFY(!none);
        QCOMPARE(none.error().code, ErrorCode::Unsupported);
        MemoryCredentialStore memory;
        SC_VERIFY_OK(await(CredentialsDialog::probeFor(&memory)()));
    }

    void mainWindow_settingsAction_opensDialogOnItsStore()
    {
        MemoryCredentialStore store;
        SC_VERIFY_OK(await(store.write(QStringLiteral("openai"), QStringLiteral("sk-main"))));
        Sandcastle::Ui::MainWindow window;
        window.setCredentialStore(&store);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *action = window.findChild<QAction *>(QStringLiteral("credentialsAction"));
        QVERIFY(action);
        action->trigger();
        CredentialsDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<CredentialsDialog *>()) && dialog->isVisible());
        QTRY_COMPARE(dialog->names(), QStringList{QStringLiteral("openai")});
        QCOMPARE(dialog->activeStore(), &store);
        dialog->close();
        QTRY_VERIFY(!window.findChild<CredentialsDialog *>()); // deleted on close

        // Without a store the dialog offers the session store; choosing it sticks for the window.
        window.setCredentialStore(nullptr);
        action->trigger();
        QTRY_VERIFY((dialog = window.findChild<CredentialsDialog *>()) && dialog->isVisible());
        auto *sessionButton = child<QPushButton>(dialog, "sessionOnlyButton");
        QTRY_VERIFY(sessionButton->isVisible());
        sessionButton->click();
        QVERIFY(storeThroughDialog(*dialog, QStringLiteral("tmp"), QStringLiteral("v")));
        dialog->close();
        QTRY_VERIFY(!window.findChild<CredentialsDialog *>());
        action->trigger();
        QTRY_VERIFY((dialog = window.findChild<CredentialsDialog *>()) && dialog->isVisible());
        QVERIFY(dialog->isSessionOnly());
        QTRY_COMPARE(dialog->names(), QStringList{QStringLiteral("tmp")});
        dialog->close();
    }
};

QTEST_MAIN(tst_CredentialsDialog)
#include "tst_credentialsdialog.moc"
