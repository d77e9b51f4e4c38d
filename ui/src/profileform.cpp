// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "profileform.h"

#include "namedwidget.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

namespace Sandcastle::Ui {

using Internal::named;

ProfileForm::ProfileForm(QWidget *parent)
    : QWidget(parent)
{
    m_name = named(new QLineEdit(this), "profileNameEdit", tr("Profile name"));
    m_kind = named(new QComboBox(this), "profileKindCombo", tr("Provider kind"));
    m_kind->addItem(tr("OpenAI (Responses API)"), int(Core::ProviderKind::OpenAi));
    m_kind->addItem(tr("Responses-compatible server (LM Studio, Ollama)"), int(Core::ProviderKind::Responses));
    m_kind->addItem(tr("Chat Completions server (llama.cpp, vLLM, Jan)"), int(Core::ProviderKind::Chat));
    m_baseUrl = named(new QLineEdit(this), "profileBaseUrlEdit", tr("Base URL"));
    m_baseUrl->setPlaceholderText(QStringLiteral("http://127.0.0.1:1234/v1"));
    m_model = named(new QLineEdit(this), "profileModelEdit", tr("Model"));
    m_contextWindow = named(new QSpinBox(this), "profileContextWindowSpin", tr("Context window"));
    m_contextWindow->setRange(0, 100'000'000);
    m_contextWindow->setSingleStep(1024);
    m_contextWindow->setSpecialValueText(tr("known from the model"));
    m_contextWindow->setSuffix(tr(" tokens"));
    m_serverState = named(new QCheckBox(tr("The server keeps conversation state"), this), "profileServerStateCheck",
                          tr("The server keeps conversation state"));
    m_serverState->setToolTip(tr("Send previous_response_id and only the new items each turn"));
    m_credential = named(new QLineEdit(this), "profileCredentialEdit", tr("API key item"));
    m_credential->setPlaceholderText(tr("none (most local servers)"));
    m_credential->setToolTip(tr("The name of the keychain item that holds the API key"));
    m_message = named(new QLabel(this), "profileMessageLabel", tr("Profile message"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Kind:"), m_kind);
    form->addRow(tr("&Base URL:"), m_baseUrl);
    form->addRow(tr("&Model:"), m_model);
    form->addRow(tr("&Context window:"), m_contextWindow);
    form->addRow(QString(), m_serverState);
    form->addRow(tr("API &key item:"), m_credential);
    form->addRow(m_message);

    connect(m_kind, &QComboBox::currentIndexChanged, this, &ProfileForm::kindChanged);
    for (QLineEdit *edit : {m_name, m_baseUrl, m_model, m_credential}) {
        connect(edit, &QLineEdit::textEdited, this, &ProfileForm::edited);
    }
    setProfile(Core::ProviderProfile::withDefaults(QString(), Core::ProviderKind::OpenAi));
}

void ProfileForm::setProfile(const Core::ProviderProfile &profile)
{
    const QSignalBlocker block(m_kind);
    m_name->setText(profile.name);
    m_kind->setCurrentIndex(std::max(0, m_kind->findData(int(profile.kind))));
    m_baseUrl->setText(profile.baseUrl.toString());
    m_model->setText(profile.model);
    m_contextWindow->setValue(int(std::min<qint64>(profile.contextWindow, m_contextWindow->maximum())));
    m_serverState->setChecked(profile.serverKeepsState);
    m_serverState->setEnabled(profile.kind != Core::ProviderKind::Chat);
    m_credential->setText(profile.credentialName);
    showMessage({}, false);
}

void ProfileForm::setNameEditable(bool editable)
{
    m_name->setReadOnly(!editable);
}

Core::ProviderProfile ProfileForm::entered() const
{
    Core::ProviderProfile p;
    p.name = m_name->text().trimmed();
    p.kind = Core::ProviderKind(m_kind->currentData().toInt());
    p.baseUrl = QUrl(m_baseUrl->text().trimmed(), QUrl::StrictMode);
    p.model = m_model->text().trimmed();
    p.contextWindow = m_contextWindow->value();
    p.serverKeepsState = p.kind != Core::ProviderKind::Chat && m_serverState->isChecked();
    p.credentialName = m_credential->text().trimmed();
    return p;
}

Core::Result<Core::ProviderProfile> ProfileForm::profile()
{
    const Core::ProviderProfile p = entered();
    if (const Core::Result<void> valid = p.validate(); !valid) {
        showMessage(valid.error().message, true);
        const QString &pointer = valid.error().detail; // the field's JSON pointer
        QWidget *field = pointer == QLatin1String("/base_url")         ? static_cast<QWidget *>(m_baseUrl)
                         : pointer == QLatin1String("/model")          ? static_cast<QWidget *>(m_model)
                         : pointer == QLatin1String("/credential")     ? static_cast<QWidget *>(m_credential)
                         : pointer == QLatin1String("/context_window") ? static_cast<QWidget *>(m_contextWindow)
                         : pointer == QLatin1String("/server_state")   ? static_cast<QWidget *>(m_serverState)
                                                                       : static_cast<QWidget *>(m_name);
        field->setFocus();
        return std::unexpected(valid.error());
    }
    showMessage({}, false);
    return p;
}

void ProfileForm::showMessage(const QString &message, bool error)
{
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
    m_message->setStyleSheet(error ? QStringLiteral("color: palette(bright-text); background: #a33; padding: 2px;")
                                   : QString());
}

void ProfileForm::kindChanged()
{
    const auto kind = Core::ProviderKind(m_kind->currentData().toInt());
    const Core::ProviderProfile openAi = Core::ProviderProfile::withDefaults(QString(), Core::ProviderKind::OpenAi);
    if (kind == Core::ProviderKind::OpenAi) {
        m_baseUrl->setText(openAi.baseUrl.toString());
        if (m_model->text().trimmed().isEmpty()) {
            m_model->setText(openAi.model);
        }
        if (m_credential->text().trimmed().isEmpty()) {
            m_credential->setText(openAi.credentialName);
        }
    } else {
        if (QUrl(m_baseUrl->text().trimmed()) == openAi.baseUrl) {
            m_baseUrl->clear();
        }
        if (m_credential->text().trimmed() == openAi.credentialName) {
            m_credential->clear();
        }
    }
    m_serverState->setEnabled(kind != Core::ProviderKind::Chat);
    Q_EMIT edited();
}

} // namespace Sandcastle::Ui
