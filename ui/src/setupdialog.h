// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QLineEdit;
class QPushButton;

namespace Sandcastle::Core {
class CredentialStore;
}

namespace Sandcastle::Ui {

class ProfileForm;

/// First-run setup: the provider (OpenAI or a local server), its base URL and model, and the API
/// key, which "Test" checks with the provider's free model list (checkProvider()) before "Save"
/// stores the key in the keychain and the profile in providers.json (as the last used one).
/// Without a keychain the key is refused unless "Keep the key for this session only" is ticked,
/// which puts it into the session store instead (nothing on disk). "Not now" skips; either way the
/// dialog does not come back (QSettings "setup/done"). The demo needs no key.
class SetupDialog : public QDialog
{
    Q_OBJECT
public:
    /// `keychain` and `session` are not owned; either may be null.
    SetupDialog(Core::CredentialStore *keychain, Core::CredentialStore *session, QWidget *parent = nullptr);

    /// True until the user saved or skipped the setup once, while no provider profile exists and
    /// OPENAI_API_KEY is not set.
    [[nodiscard]] static bool isNeeded();

    void test();
    void save();
    void skip();

Q_SIGNALS:
    /// Test finished (`ok`: the provider answered).
    void testFinished(bool ok);
    /// The key went to the session store: runs must use it from now on.
    void sessionStoreUsed();

private:
    void store(const QString &profileName);
    static void markDone();

    QPointer<Core::CredentialStore> m_keychain;
    QPointer<Core::CredentialStore> m_session;
    ProfileForm *m_form = nullptr;
    QLineEdit *m_key = nullptr;
    QCheckBox *m_sessionOnly = nullptr;
    QPushButton *m_test = nullptr;
    QPushButton *m_save = nullptr;
};

} // namespace Sandcastle::Ui
