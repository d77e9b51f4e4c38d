// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/model/providercheck.h"
#include "sandcastle/core/model/providerprofilestore.h"

#include <QDialog>
#include <QPointer>

class QLabel;
class QListWidget;
class QPushButton;

namespace Sandcastle::Core {
class CredentialStore;
}

namespace Sandcastle::Ui {

class ProfileForm;

/// Reads the API key a profile uses: OPENAI_API_KEY when set (it overrides, as on the command
/// line), else the profile's keychain item from `store`; empty for a profile without one.
[[nodiscard]] QFuture<Core::Result<QString>> readProfileKey(const Core::ProviderProfile &profile,
                                                            Core::CredentialStore *store);
/// One line for a provider check's outcome, translated.
[[nodiscard]] QString describeCheck(const Core::Result<Core::ProviderCheckReport> &result,
                                    const Core::ProviderProfile &profile);

/// Settings > Model providers: the profiles of providers.json (docs/FORMATS.md "Provider
/// profiles") in a list, one edited at a time in a ProfileForm; New, Save (validated, errors
/// inline), Delete (after a confirmation) and "Test connection" (the cheap GET /models request of
/// checkProvider() with the profile's key). Every change is written at once; a store that could
/// not be read is shown and never overwritten.
class ProfilesDialog : public QDialog
{
    Q_OBJECT
public:
    /// `credentials` (not owned, may be null) provides the keys for Test connection.
    explicit ProfilesDialog(Core::CredentialStore *credentials, QWidget *parent = nullptr);

    [[nodiscard]] const Core::ProviderProfileStore &store() const { return m_store; }
    void selectProfile(const QString &name);
    void newProfile();
    bool saveProfile();
    void deleteProfile();
    void testConnection();

Q_SIGNALS:
    /// The store on disk changed (a profile saved or deleted).
    void profilesChanged();
    /// Test connection finished (`ok` when the provider answered the model list).
    void checkFinished(bool ok);

private:
    void reloadList(const QString &select);
    void showCurrent();

    Core::ProviderProfileStore m_store;
    QPointer<Core::CredentialStore> m_credentials;
    QListWidget *m_list = nullptr;
    ProfileForm *m_form = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_test = nullptr;
    QLabel *m_storeStatus = nullptr;
    bool m_readOnly = false;
};

} // namespace Sandcastle::Ui
