// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "credentialsdialog.h"

#include "sandcastle/core/credentials/credentialstore.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace Sandcastle::Ui {

using Core::CredentialStore;
using Core::ErrorCode;
using Core::Result;

CredentialsDialog::CredentialsDialog(CredentialStore *keychain, Probe probe, CredentialStore *session,
                                     bool sessionActive, QWidget *parent)
    : QDialog(parent)
    , m_keychain(keychain)
    , m_session(session)
    , m_probe(std::move(probe))
{
    setObjectName(QStringLiteral("credentialsDialog"));
    setWindowTitle(tr("Credentials"));

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("keychainStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sessionButton = new QPushButton(tr("Use for this session only"), this);
    m_sessionButton->setObjectName(QStringLiteral("sessionOnlyButton"));
    m_sessionButton->setToolTip(tr("Keep keys in memory until Sandcastle quits; nothing is written to disk"));
    m_sessionButton->hide();
    connect(m_sessionButton, &QPushButton::clicked, this, &CredentialsDialog::useSessionStore);

    auto *storedBox = new QGroupBox(tr("Stored items"), this);
    m_list = new QListWidget(storedBox);
    m_list->setObjectName(QStringLiteral("credentialList"));
    m_revealed = new QLineEdit(storedBox);
    m_revealed->setObjectName(QStringLiteral("revealedValue"));
    m_revealed->setReadOnly(true);
    m_revealed->setPlaceholderText(tr("Values stay hidden until you press Show"));
    m_showButton = new QPushButton(tr("&Show"), storedBox);
    m_showButton->setObjectName(QStringLiteral("showButton"));
    m_deleteButton = new QPushButton(tr("&Delete\u2026"), storedBox);
    m_deleteButton->setObjectName(QStringLiteral("deleteButton"));
    auto *itemButtons = new QHBoxLayout;
    itemButtons->addWidget(m_revealed, 1);
    itemButtons->addWidget(m_showButton);
    itemButtons->addWidget(m_deleteButton);
    auto *storedLayout = new QVBoxLayout(storedBox);
    storedLayout->addWidget(m_list);
    storedLayout->addLayout(itemButtons);
    connect(m_list, &QListWidget::currentRowChanged, this, [this] {
        m_revealed->clear();
        if (const QString name = selectedName(); !name.isEmpty()) {
            m_name->setText(name);
        }
        updateButtons();
    });
    connect(m_showButton, &QPushButton::clicked, this, &CredentialsDialog::revealSelected);
    connect(m_deleteButton, &QPushButton::clicked, this, &CredentialsDialog::confirmRemoveSelected);

    auto *addBox = new QGroupBox(tr("Add or replace"), this);
    m_name = new QLineEdit(addBox);
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_name->setPlaceholderText(tr("e.g. openai or GITHUB_TOKEN"));
    m_value = new QLineEdit(addBox);
    m_value->setObjectName(QStringLiteral("valueEdit"));
    m_value->setEchoMode(QLineEdit::Password);
    m_storeButton = new QPushButton(tr("S&tore"), addBox);
    m_storeButton->setObjectName(QStringLiteral("storeButton"));
    auto *addLayout = new QFormLayout(addBox);
    addLayout->addRow(tr("&Name:"), m_name);
    addLayout->addRow(tr("&Value:"), m_value);
    addLayout->addRow(QString(), m_storeButton);
    connect(m_name, &QLineEdit::textChanged, this, &CredentialsDialog::updateButtons);
    connect(m_value, &QLineEdit::textChanged, this, &CredentialsDialog::updateButtons);
    connect(m_storeButton, &QPushButton::clicked, this, &CredentialsDialog::storeEntered);

    m_feedback = new QLabel(this);
    m_feedback->setObjectName(QStringLiteral("feedback"));
    m_feedback->setWordWrap(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_sessionButton, 0, Qt::AlignLeft);
    layout->addWidget(storedBox, 1);
    layout->addWidget(addBox);
    layout->addWidget(m_feedback);
    layout->addWidget(buttons);

    if (sessionActive && m_session) {
        useSessionStore();
    } else {
        startProbe();
    }
}

CredentialsDialog::~CredentialsDialog() = default;

CredentialsDialog::Probe CredentialsDialog::probeFor(CredentialStore *store)
{
    if (auto *keychain = qobject_cast<Core::KeychainCredentialStore *>(store)) {
        return [keychain = QPointer(keychain)]() -> QFuture<Result<void>> {
            if (!keychain) {
                return QtFuture::makeReadyValueFuture(
                    Result<void>(Core::fail(ErrorCode::Unsupported, QStringLiteral("the keychain store is gone"))));
            }
            return keychain->probe();
        };
    }
    const bool present = store != nullptr;
    return [present]() -> QFuture<Result<void>> {
        return QtFuture::makeReadyValueFuture(
            present
                ? Result<void>()
                : Result<void>(Core::fail(ErrorCode::Unsupported, QStringLiteral("no credential store is set up"))));
    };
}

QStringList CredentialsDialog::names() const
{
    QStringList out;
    for (int i = 0; i < m_list->count(); ++i) {
        out.append(m_list->item(i)->text());
    }
    return out;
}

void CredentialsDialog::startProbe()
{
    m_status->setText(tr("Checking the keychain\u2026"));
    setActive(nullptr);
    if (!m_probe || !m_keychain) {
        m_status->setText(
            unavailableText(Core::Error{ErrorCode::Unsupported, QStringLiteral("no credential store is set up"), {}}));
        m_sessionButton->setVisible(m_session != nullptr);
        return;
    }
    m_probe().then(this, [this](const Result<void> &result) {
        if (m_sessionOnly) {
            return; // the user chose the session store while the probe was running
        }
        if (result) {
            m_status->setText(tr("Keychain available: items are stored in the system keychain."));
            m_sessionButton->hide();
            setActive(m_keychain);
            return;
        }
        m_status->setText(unavailableText(result.error()));
        m_sessionButton->setVisible(m_session != nullptr);
    });
}

QString CredentialsDialog::unavailableText(const Core::Error &error) const
{
    QString headline;
    switch (error.code) {
    case ErrorCode::Unsupported:
        headline = tr("No keychain service is available");
        break;
    case ErrorCode::PermissionDenied:
        headline = tr("The keychain refused access");
        break;
    case ErrorCode::Timeout:
        headline = tr("The keychain did not answer in time (it may be locked)");
        break;
    default:
        headline = tr("The keychain cannot be used");
        break;
    }
    return tr("%1: %2. Nothing is stored unless you choose to keep items for this session only.")
        .arg(headline, error.toString());
}

void CredentialsDialog::useSessionStore()
{
    if (!m_session) {
        return;
    }
    m_sessionOnly = true;
    m_sessionButton->hide();
    m_status->setText(tr("Session only: items are kept in memory until Sandcastle quits and never written to disk."));
    setActive(m_session);
    Q_EMIT sessionStoreChosen();
}

void CredentialsDialog::setActive(CredentialStore *store)
{
    m_active = store;
    m_list->clear();
    m_revealed->clear();
    refresh();
}

void CredentialsDialog::refresh()
{
    updateButtons();
    if (!m_active) {
        return;
    }
    QPointer<CredentialStore> store = m_active;
    m_busy = true;
    updateButtons();
    store->list().then(this, [this, store](const Result<QStringList> &result) {
        if (store != m_active) {
            return;
        }
        m_busy = false;
        if (result) {
            const QString selected = selectedName();
            m_list->clear();
            m_list->addItems(*result);
            const QList<QListWidgetItem *> again = m_list->findItems(selected, Qt::MatchExactly);
            if (!selected.isEmpty() && !again.isEmpty()) {
                m_list->setCurrentItem(again.first());
            }
        } else {
            showFeedback(tr("Could not list the stored items: %1").arg(result.error().toString()), true);
        }
        updateButtons();
        Q_EMIT refreshed();
    });
}

QString CredentialsDialog::selectedName() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->text() : QString();
}

void CredentialsDialog::updateButtons()
{
    const bool usable = m_active && !m_busy;
    const bool selected = usable && !selectedName().isEmpty();
    m_showButton->setEnabled(selected);
    m_deleteButton->setEnabled(selected);
    m_name->setEnabled(m_active != nullptr);
    m_value->setEnabled(m_active != nullptr);
    const QString name = m_name->text().trimmed();
    m_storeButton->setEnabled(usable && !name.isEmpty() && !m_value->text().isEmpty());
    m_storeButton->setText(names().contains(name) ? tr("Re&place") : tr("S&tore"));
}

void CredentialsDialog::showFeedback(const QString &text, bool error)
{
    m_feedback->setText(text);
    m_feedback->setProperty("error", error);
}

void CredentialsDialog::storeEntered()
{
    QPointer<CredentialStore> store = m_active;
    const QString name = m_name->text().trimmed();
    if (!store || name.isEmpty()) {
        return;
    }
    if (const Result<void> valid = CredentialStore::checkName(name); !valid) {
        showFeedback(tr("Not a valid name: %1").arg(valid.error().toString()), true);
        return;
    }
    const bool replacing = names().contains(name);
    m_busy = true;
    updateButtons();
    store->write(name, m_value->text()).then(this, [this, store, name, replacing](const Result<void> &result) {
        m_busy = false;
        if (store != m_active) {
            return;
        }
        if (!result) {
            showFeedback(tr("Could not store \u201c%1\u201d: %2").arg(name, result.error().toString()), true);
            updateButtons();
            Q_EMIT refreshed();
            return;
        }
        m_value->clear();
        showFeedback(replacing ? tr("Replaced \u201c%1\u201d.").arg(name) : tr("Stored \u201c%1\u201d.").arg(name),
                     false);
        refresh();
    });
}

void CredentialsDialog::revealSelected()
{
    QPointer<CredentialStore> store = m_active;
    const QString name = selectedName();
    if (!store || name.isEmpty()) {
        return;
    }
    store->read(name).then(this, [this, store, name](const Result<QString> &result) {
        if (store != m_active || selectedName() != name) {
            return; // the selection moved on: do not show a value under another name
        }
        if (result) {
            m_revealed->setText(*result);
        } else {
            showFeedback(tr("Could not read \u201c%1\u201d: %2").arg(name, result.error().toString()), true);
        }
        Q_EMIT refreshed();
    });
}

void CredentialsDialog::confirmRemoveSelected()
{
    const QString name = selectedName();
    if (name.isEmpty()) {
        return;
    }
    // Not exec(): the confirmation is window-modal and answers through a signal.
    auto *box =
        new QMessageBox(QMessageBox::Question, tr("Delete Credential"),
                        tr("Delete \u201c%1\u201d? This cannot be undone.").arg(name), QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmDeleteBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *yes = box->addButton(tr("Delete"), QMessageBox::DestructiveRole);
    yes->setObjectName(QStringLiteral("confirmDeleteButton"));
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::buttonClicked, this, [this, yes, name](QAbstractButton *clicked) {
        if (clicked == yes) {
            removeSelected(name);
        }
    });
    box->open();
}

void CredentialsDialog::removeSelected(const QString &name)
{
    QPointer<CredentialStore> store = m_active;
    if (!store) {
        return;
    }
    m_busy = true;
    updateButtons();
    store->remove(name).then(this, [this, store, name](const Result<void> &result) {
        m_busy = false;
        if (store != m_active) {
            return;
        }
        if (result) {
            m_revealed->clear();
            showFeedback(tr("Deleted \u201c%1\u201d.").arg(name), false);
        } else {
            showFeedback(tr("Could not delete \u201c%1\u201d: %2").arg(name, result.error().toString()), true);
        }
        refresh();
    });
}

} // namespace Sandcastle::Ui
