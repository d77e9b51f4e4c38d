// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/model/providerprofile.h"
#include "sandcastle/core/result.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace Sandcastle::Ui {

/// The fields of one provider profile (name, kind, base URL, model, context window, server state,
/// credential) with the validation error shown inline under them. Choosing a kind fills in that
/// kind's defaults where the fields are still empty or untouched defaults. Used by the profiles
/// dialog and the first-run setup.
class ProfileForm : public QWidget
{
    Q_OBJECT
public:
    explicit ProfileForm(QWidget *parent = nullptr);

    void setProfile(const Core::ProviderProfile &profile);
    /// The profile as entered, validated (ProviderProfile::validate()); on failure the message is
    /// also shown inline and the offending field gets the focus.
    [[nodiscard]] Core::Result<Core::ProviderProfile> profile();
    /// Shows `message` under the fields (error style when `error`), or clears it when empty.
    void showMessage(const QString &message, bool error);
    void setNameEditable(bool editable);

Q_SIGNALS:
    void edited();

private:
    void kindChanged();
    [[nodiscard]] Core::ProviderProfile entered() const;

    QLineEdit *m_name = nullptr;
    QComboBox *m_kind = nullptr;
    QLineEdit *m_baseUrl = nullptr;
    QLineEdit *m_model = nullptr;
    QSpinBox *m_contextWindow = nullptr;
    QCheckBox *m_serverState = nullptr;
    QLineEdit *m_credential = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace Sandcastle::Ui
