// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "profilesdialog.h"

#include "profileform.h"
#include "sandcastle/core/credentials/credentialstore.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace Sandcastle::Ui {

QFuture<Core::Result<QString>> readProfileKey(const Core::ProviderProfile &profile, Core::CredentialStore *store)
{
    if (profile.credentialName.isEmpty()) {
        return QtFuture::makeReadyValueFuture(Core::Result<QString>(QString()));
    }
    if (const QString key = qEnvironmentVariable("OPENAI_API_KEY"); !key.isEmpty()) {
        return QtFuture::makeReadyValueFuture(Core::Result<QString>(key));
    }
    if (!store) {
        return QtFuture::makeReadyValueFuture(Core::Result<QString>(std::unexpected(
            Core::Error{Core::ErrorCode::Unsupported, QStringLiteral("no credential store"), profile.credentialName})));
    }
    return store->read(profile.credentialName);
}

QString describeCheck(const Core::Result<Core::ProviderCheckReport> &result, const Core::ProviderProfile &profile)
{
    if (!result) {
        return ProfilesDialog::tr("The test failed: %1").arg(result.error().message);
    }
    if (result->modelListed) {
        return ProfilesDialog::tr("The provider answered in %1 ms and offers the model %2.")
            .arg(result->elapsedMs)
            .arg(profile.model);
    }
    return ProfilesDialog::tr("The provider answered in %1 ms, but does not list the model %2 (%n model(s) listed; "
                              "some servers list only loaded models).",
                              nullptr, int(result->models.size()))
        .arg(result->elapsedMs)
        .arg(profile.model);
}

ProfilesDialog::ProfilesDialog(Core::CredentialStore *credentials, QWidget *parent)
    : QDialog(parent)
    , m_credentials(credentials)
{
    setObjectName(QStringLiteral("profilesDialog"));
    setWindowTitle(tr("Model Providers"));
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("profilesList"));
    m_list->setAccessibleName(tr("Provider profiles"));
    m_form = new ProfileForm(this);
    auto *add = new QPushButton(tr("&New"), this);
    add->setObjectName(QStringLiteral("newProfileButton"));
    m_save = new QPushButton(tr("&Save"), this);
    m_save->setObjectName(QStringLiteral("saveProfileButton"));
    m_delete = new QPushButton(tr("&Delete\u2026"), this);
    m_delete->setObjectName(QStringLiteral("deleteProfileButton"));
    m_test = new QPushButton(tr("&Test connection"), this);
    m_test->setObjectName(QStringLiteral("testProfileButton"));
    m_test->setToolTip(tr("Ask the provider for its model list with this profile's key (costs no tokens)"));
    m_storeStatus = new QLabel(this);
    m_storeStatus->setObjectName(QStringLiteral("profilesStoreLabel"));
    m_storeStatus->setWordWrap(true);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);

    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {add, m_save, m_delete, m_test}) {
        buttons->addWidget(b);
    }
    buttons->addStretch();
    auto *right = new QVBoxLayout;
    right->addWidget(m_form);
    right->addLayout(buttons);
    right->addStretch();
    auto *columns = new QHBoxLayout;
    columns->addWidget(m_list, 1);
    columns->addLayout(right, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_storeStatus);
    layout->addLayout(columns);
    layout->addWidget(close);

    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(add, &QPushButton::clicked, this, &ProfilesDialog::newProfile);
    connect(m_save, &QPushButton::clicked, this, &ProfilesDialog::saveProfile);
    connect(m_delete, &QPushButton::clicked, this, &ProfilesDialog::deleteProfile);
    connect(m_test, &QPushButton::clicked, this, &ProfilesDialog::testConnection);
    connect(m_list, &QListWidget::currentRowChanged, this, &ProfilesDialog::showCurrent);

    if (const Core::Result<void> loaded = m_store.load(); !loaded) {
        m_readOnly = true;
        m_storeStatus->setText(
            tr("The profiles cannot be read, so nothing is saved: %1").arg(loaded.error().toString()));
    } else {
        m_storeStatus->setText(
            tr("Profiles are kept in %1. API keys are not: they stay in the keychain.").arg(m_store.path()));
    }
    m_save->setEnabled(!m_readOnly);
    m_delete->setEnabled(!m_readOnly);
    reloadList(m_store.lastUsed());
    if (m_list->count() == 0) {
        newProfile();
    }
}

void ProfilesDialog::reloadList(const QString &select)
{
    const QSignalBlocker block(m_list);
    m_list->clear();
    for (const Core::ProviderProfile &p : m_store.profiles()) {
        auto *item = new QListWidgetItem(p.name == m_store.lastUsed() ? tr("%1 (last used)").arg(p.name) : p.name);
        item->setData(Qt::UserRole, p.name);
        m_list->addItem(item);
    }
    selectProfile(select);
}

void ProfilesDialog::selectProfile(const QString &name)
{
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->data(Qt::UserRole).toString() == name) {
            m_list->setCurrentRow(row);
            showCurrent();
            return;
        }
    }
    if (m_list->count() > 0) {
        m_list->setCurrentRow(0);
        showCurrent();
    }
}

void ProfilesDialog::showCurrent()
{
    const QListWidgetItem *item = m_list->currentItem();
    if (!item) {
        return;
    }
    if (const auto p = m_store.profile(item->data(Qt::UserRole).toString())) {
        m_form->setProfile(*p);
        m_form->setNameEditable(false);
    }
}

void ProfilesDialog::newProfile()
{
    const QSignalBlocker block(m_list);
    m_list->clearSelection();
    m_list->setCurrentRow(-1);
    Core::ProviderProfile fresh = Core::ProviderProfile::withDefaults(QString(), Core::ProviderKind::OpenAi);
    if (m_store.profile(QStringLiteral("openai"))) {
        fresh = Core::ProviderProfile::withDefaults(QString(), Core::ProviderKind::Responses);
    } else {
        fresh.name = QStringLiteral("openai");
    }
    m_form->setProfile(fresh);
    m_form->setNameEditable(true);
}

bool ProfilesDialog::saveProfile()
{
    if (m_readOnly) {
        return false;
    }
    const Core::Result<Core::ProviderProfile> p = m_form->profile();
    if (!p) {
        return false;
    }
    Core::Result<void> saved = m_store.setProfile(*p);
    if (saved) {
        saved = m_store.save();
    }
    if (!saved) {
        m_form->showMessage(tr("Not saved: %1").arg(saved.error().toString()), true);
        return false;
    }
    reloadList(p->name);
    m_form->showMessage(tr("Saved."), false);
    Q_EMIT profilesChanged();
    return true;
}

void ProfilesDialog::deleteProfile()
{
    const QListWidgetItem *item = m_list->currentItem();
    if (m_readOnly || !item) {
        return;
    }
    const QString name = item->data(Qt::UserRole).toString();
    if (QMessageBox::question(this, tr("Delete Profile"),
                              tr("Delete the provider profile \"%1\"? Its API key stays in the keychain.").arg(name)) !=
        QMessageBox::Yes) {
        return;
    }
    m_store.removeProfile(name);
    if (const Core::Result<void> saved = m_store.save(); !saved) {
        m_form->showMessage(tr("Not saved: %1").arg(saved.error().toString()), true);
        return;
    }
    reloadList(m_store.lastUsed());
    if (m_list->count() == 0) {
        newProfile();
    }
    Q_EMIT profilesChanged();
}

void ProfilesDialog::testConnection()
{
    const Core::Result<Core::ProviderProfile> p = m_form->profile();
    if (!p) {
        return;
    }
    m_test->setEnabled(false);
    m_form->showMessage(tr("Testing %1\u2026").arg(p->baseUrl.toDisplayString()), false);
    readProfileKey(*p, m_credentials).then(this, [this, profile = *p](const Core::Result<QString> &key) {
        if (!key && key.error().code != Core::ErrorCode::NotFound) {
            m_test->setEnabled(true);
            m_form->showMessage(tr("The API key could not be read: %1").arg(key.error().toString()), true);
            Q_EMIT checkFinished(false);
            return;
        }
        Core::checkProvider(profile, key ? *key : QString(), this)
            .then(this, [this, profile](const Core::Result<Core::ProviderCheckReport> &report) {
                m_test->setEnabled(true);
                m_form->showMessage(describeCheck(report, profile), !report.has_value());
                Q_EMIT checkFinished(report.has_value());
            });
    });
}

} // namespace Sandcastle::Ui
