// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QDialog>
#include <QFuture>
#include <QPointer>

#include <functional>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace Sandcastle::Core {
class CredentialStore;
}

namespace Sandcastle::Ui {

/// Settings > Credentials: the keychain status in a visible line, the names of the stored items
/// (never their values; "Show" reveals the selected one on demand), adding or replacing an item
/// (name and a password field) and deleting one after a confirmation.
///
/// When the probe says no keychain is available, the dialog says why and refuses to store; the
/// user may explicitly choose "Use for this session only", after which it works on the session
/// store (an in-memory store owned by the caller) and emits sessionStoreChosen(). Nothing is ever
/// written anywhere else. GUI thread only; every store call is asynchronous and never blocks.
class CredentialsDialog : public QDialog
{
    Q_OBJECT
public:
    /// Whether the keychain can be used: succeeds, or fails with the reason.
    using Probe = std::function<QFuture<Core::Result<void>>()>;

    /// `keychain` and `session` are not owned and may be null (a null keychain is unavailable,
    /// a null session store offers no session-only choice). When `sessionActive`, the dialog
    /// starts on the session store without probing. Otherwise it runs `probe` at once.
    CredentialsDialog(Core::CredentialStore *keychain, Probe probe, Core::CredentialStore *session,
                      bool sessionActive = false, QWidget *parent = nullptr);
    ~CredentialsDialog() override;

    /// The probe of `store`: KeychainCredentialStore::probe() for a keychain store, success for
    /// any other store (it needs no service), and Unsupported for null.
    [[nodiscard]] static Probe probeFor(Core::CredentialStore *store);

    /// The store the dialog works on: the keychain once the probe succeeded, the session store
    /// once chosen, otherwise null.
    [[nodiscard]] Core::CredentialStore *activeStore() const { return m_active; }
    [[nodiscard]] bool isSessionOnly() const { return m_sessionOnly; }
    /// The names shown in the list.
    [[nodiscard]] QStringList names() const;

    /// What the "Use for this session only" button does.
    void useSessionStore();

Q_SIGNALS:
    /// The user chose the session store: the caller should use it for runs from now on.
    void sessionStoreChosen();
    /// The list was (re)loaded from the active store, or a store operation finished.
    void refreshed();

private:
    void startProbe();
    void setActive(Core::CredentialStore *store);
    void refresh();
    void storeEntered();
    void revealSelected();
    void confirmRemoveSelected();
    void removeSelected(const QString &name);
    void updateButtons();
    void showFeedback(const QString &text, bool error);
    [[nodiscard]] QString selectedName() const;
    [[nodiscard]] QString unavailableText(const Core::Error &error) const;

    QPointer<Core::CredentialStore> m_keychain;
    QPointer<Core::CredentialStore> m_session;
    QPointer<Core::CredentialStore> m_active;
    Probe m_probe;
    bool m_sessionOnly = false;
    bool m_busy = false;

    QLabel *m_status = nullptr;
    QPushButton *m_sessionButton = nullptr;
    QListWidget *m_list = nullptr;
    QLineEdit *m_revealed = nullptr;
    QPushButton *m_showButton = nullptr;
    QPushButton *m_deleteButton = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_value = nullptr;
    QPushButton *m_storeButton = nullptr;
    QLabel *m_feedback = nullptr;
};

} // namespace Sandcastle::Ui
