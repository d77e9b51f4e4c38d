// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "setupdialog.h"

#include "profileform.h"
#include "profilesdialog.h"
#include "sandcastle/core/credentials/credentialstore.h"
#include "sandcastle/core/model/providercheck.h"
#include "sandcastle/core/model/providerprofilestore.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace Sandcastle::Ui {

namespace {

const QString kDoneKey = QStringLiteral("setup/done");

} // namespace

bool SetupDialog::isNeeded()
{
    if (QSettings().value(kDoneKey, false).toBool() || qEnvironmentVariableIsSet("OPENAI_API_KEY")) {
        return false;
    }
    Core::ProviderProfileStore profiles;
    return profiles.load() && profiles.profiles().isEmpty();
}

void SetupDialog::markDone()
{
    QSettings().setValue(kDoneKey, true);
}

SetupDialog::SetupDialog(Core::CredentialStore *keychain, Core::CredentialStore *session, QWidget *parent)
    : QDialog(parent)
    , m_keychain(keychain)
    , m_session(session)
{
    setObjectName(QStringLiteral("setupDialog"));
    setWindowTitle(tr("Set Up a Model Provider"));
    auto *intro = new QLabel(tr("Sandcastle's agent needs a model: OpenAI with an API key, or a server on this "
                                "machine (LM Studio, Ollama, llama.cpp, vLLM). The bundled demo runs without one."),
                             this);
    intro->setWordWrap(true);
    m_form = new ProfileForm(this);
    Core::ProviderProfile initial =
        Core::ProviderProfile::withDefaults(QStringLiteral("openai"), Core::ProviderKind::OpenAi);
    m_form->setProfile(initial);
    m_key = new QLineEdit(this);
    m_key->setObjectName(QStringLiteral("setupKeyEdit"));
    m_key->setAccessibleName(tr("API key"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("sk-\u2026 (leave empty for a local server without a key)"));
    m_sessionOnly = new QCheckBox(tr("Keep the key for this session only (not stored anywhere)"), this);
    m_sessionOnly->setObjectName(QStringLiteral("setupSessionOnlyCheck"));
    m_sessionOnly->setEnabled(m_session != nullptr);
    auto *keyForm = new QFormLayout;
    keyForm->addRow(tr("API &key:"), m_key);
    keyForm->addRow(QString(), m_sessionOnly);

    auto *buttons = new QDialogButtonBox(this);
    m_test = buttons->addButton(tr("&Test"), QDialogButtonBox::ActionRole);
    m_test->setObjectName(QStringLiteral("setupTestButton"));
    m_test->setToolTip(tr("Ask the provider for its model list with this key (costs no tokens)"));
    m_save = buttons->addButton(tr("&Save"), QDialogButtonBox::AcceptRole);
    m_save->setObjectName(QStringLiteral("setupSaveButton"));
    QPushButton *skip = buttons->addButton(tr("&Not Now"), QDialogButtonBox::RejectRole);
    skip->setObjectName(QStringLiteral("setupSkipButton"));
    connect(m_test, &QPushButton::clicked, this, &SetupDialog::test);
    connect(m_save, &QPushButton::clicked, this, &SetupDialog::save);
    connect(skip, &QPushButton::clicked, this, &SetupDialog::skip);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_form);
    layout->addLayout(keyForm);
    layout->addWidget(buttons);
}

void SetupDialog::test()
{
    const Core::Result<Core::ProviderProfile> p = m_form->profile();
    if (!p) {
        return;
    }
    m_test->setEnabled(false);
    m_form->showMessage(tr("Testing %1\u2026").arg(p->baseUrl.toDisplayString()), false);
    Core::checkProvider(*p, m_key->text().trimmed(), this)
        .then(this, [this, profile = *p](const Core::Result<Core::ProviderCheckReport> &report) {
            m_test->setEnabled(true);
            m_form->showMessage(describeCheck(report, profile), !report.has_value());
            Q_EMIT testFinished(report.has_value());
        });
}

void SetupDialog::save()
{
    const Core::Result<Core::ProviderProfile> p = m_form->profile();
    if (!p) {
        return;
    }
    const QString key = m_key->text().trimmed();
    if (key.isEmpty() || p->credentialName.isEmpty()) {
        store(p->name);
        return;
    }
    Core::CredentialStore *target = m_sessionOnly->isChecked() ? m_session.data() : m_keychain.data();
    if (!target) {
        m_form->showMessage(tr("There is no keychain to store the key in; tick \"Keep the key for this session "
                               "only\" to use it without storing it."),
                            true);
        return;
    }
    m_save->setEnabled(false);
    const bool sessionOnly = m_sessionOnly->isChecked();
    target->write(p->credentialName, key).then(this, [this, name = p->name, sessionOnly](const Core::Result<void> &r) {
        m_save->setEnabled(true);
        if (!r) {
            m_form->showMessage(tr("The key was not stored: %1. Nothing was written; tick \"Keep the key for this "
                                   "session only\" to use it without a keychain.")
                                    .arg(r.error().toString()),
                                true);
            return;
        }
        if (sessionOnly) {
            Q_EMIT sessionStoreUsed();
        }
        store(name);
    });
}

void SetupDialog::store(const QString &profileName)
{
    const Core::Result<Core::ProviderProfile> p = m_form->profile();
    if (!p || p->name != profileName) {
        return;
    }
    Core::ProviderProfileStore profiles;
    Core::Result<void> saved = profiles.load();
    if (saved) {
        saved = profiles.setProfile(*p);
    }
    if (saved) {
        saved = profiles.setLastUsed(p->name);
    }
    if (saved) {
        saved = profiles.save();
    }
    if (!saved) {
        m_form->showMessage(tr("The profile was not saved: %1").arg(saved.error().toString()), true);
        return;
    }
    markDone();
    accept();
}

void SetupDialog::skip()
{
    markDone();
    reject();
}

} // namespace Sandcastle::Ui
