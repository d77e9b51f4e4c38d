// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "runpanel.h"

#include "capabilitiesform.h"
#include "demoprovider.h"
#include "namedwidget.h"
#include "profilesdialog.h"
#include "progressstrip.h"
#include "sandcastle/core/manifest/manifestparser.h"
#include "sandcastle/core/model/providerprofilestore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QVBoxLayout>

namespace Sandcastle::Ui {

using Internal::named;

RunPanel::RunPanel(RunController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_demo(new DemoProvider(this))
{
    setObjectName(QStringLiteral("runPanel"));
    m_task = named(new QPlainTextEdit(this), "taskEdit", tr("Task"));
    m_task->setPlaceholderText(tr("Describe the task for the agent, then press Run (Ctrl+Return)."));
    m_task->setMaximumHeight(90);
    m_run = named(new QPushButton(tr("&Run"), this), "runButton", tr("Run"));
    m_run->setToolTip(tr("Start a new conversation with this task (Ctrl+Return)"));
    m_stop = named(new QPushButton(tr("&Stop"), this), "stopButton", tr("Stop"));
    m_stop->setToolTip(tr("Cancel the running agent (Esc)"));
    m_continue = named(new QPushButton(tr("C&ontinue"), this), "continueButton", tr("Continue"));
    m_continue->setToolTip(tr("Send this message in the same conversation (Ctrl+Shift+Return)"));
    m_resume = named(new QPushButton(tr("R&esume"), this), "resumeButton", tr("Resume"));
    m_resume->setToolTip(
        tr("Continue the workspace's last run where it was stopped or crashed, without a new message (Ctrl+Shift+R)"));

    m_profile = named(new QComboBox(this), "providerCombo", tr("Model provider"));
    m_profile->setToolTip(tr("The provider profile of the next run (Settings > Model Providers edits them)"));
    m_editProfiles = named(new QPushButton(tr("Pro&viders\u2026"), this), "editProfilesButton", tr("Edit providers"));
    m_editProfiles->setToolTip(tr("Add, edit, test or delete model provider profiles"));
    m_baseUrl = named(new QLineEdit(this), "baseUrlEdit", tr("Base URL"));
    m_model = named(new QLineEdit(this), "modelEdit", tr("Model"));
    m_client = named(new QComboBox(this), "clientCombo", tr("Client"));
    m_client->addItem(tr("Unix-local"), QStringLiteral("unix_local"));
    m_client->addItem(tr("Docker"), QStringLiteral("docker"));
    m_confinement = named(new QComboBox(this), "confinementCombo", tr("Confinement"));
    m_confinement->addItem(tr("Automatic (bubblewrap)"), int(Core::Confinement::Auto));
    m_confinement->addItem(tr("None (commands run on the host)"), int(Core::Confinement::None));
    m_image = named(new QLineEdit(this), "dockerImageEdit", tr("Docker image"));
    m_image->setPlaceholderText(tr("default image"));
    m_ports = named(new QLineEdit(this), "portsEdit", tr("Exposed ports"));
    m_ports->setPlaceholderText(tr("ports, e.g. 8000 5173"));
    m_ports->setToolTip(tr("TCP ports the sandbox serves to this machine (127.0.0.1) for previews. Docker: "
                           "publishing ports turns the container's network on. Other ports the agent opens are "
                           "still detected and can be previewed."));
    m_approval = named(new QComboBox(this), "approvalCombo", tr("Approval"));
    m_approval->addItem(tr("Run tools without asking"), Core::approvalPolicyName(Core::ApprovalPolicy::Auto));
    m_approval->addItem(tr("Ask before every command and patch"), Core::approvalPolicyName(Core::ApprovalPolicy::Ask));
    m_approval->addItem(tr("Ask only outside the workspace or for the network"),
                        Core::approvalPolicyName(Core::ApprovalPolicy::Outside));
    m_approval->setToolTip(tr("Outside the workspace or network: commands and patches that name paths outside the "
                              "workspace, run in a directory outside it, or use the network (curl, git clone, "
                              "package installs, ...) wait for your approval; everything else runs."));
    m_snapshots = named(new QCheckBox(tr("Snapshot after every turn"), this), "snapshotEveryTurnCheck",
                        tr("Snapshot after every turn"));
    m_snapshots->setToolTip(tr("Snapshot the workspace after every round of tool calls, so that what shell "
                               "commands changed can be reviewed and reverted like a patch"));
    m_status = named(new QLabel(this), "runStatusLabel", tr("Run status"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout;
    auto *provider = new QHBoxLayout;
    provider->addWidget(m_profile, 1);
    provider->addWidget(m_baseUrl, 2);
    provider->addWidget(new QLabel(tr("Model:"), this));
    provider->addWidget(m_model, 1);
    provider->addWidget(m_editProfiles);
    form->addRow(tr("Provider:"), provider);
    auto *sandbox = new QHBoxLayout;
    sandbox->addWidget(m_client);
    sandbox->addWidget(m_confinement);
    sandbox->addWidget(m_image, 1);
    sandbox->addWidget(m_ports);
    sandbox->addWidget(new QLabel(tr("Approval:"), this));
    sandbox->addWidget(m_approval);
    sandbox->addWidget(m_snapshots);
    form->addRow(tr("Sandbox:"), sandbox);
    m_capabilities = new CapabilitiesForm(this);
    form->addRow(tr("Capabilities:"), m_capabilities);

    auto *buttons = new QVBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_continue);
    buttons->addWidget(m_resume);
    buttons->addWidget(m_stop);
    auto *editManifest =
        named(new QPushButton(tr("Edit &Manifest\u2026"), this), "editManifestButton", tr("Edit manifest"));
    editManifest->setToolTip(tr("Open the manifest of the next run in the manifest editor"));
    connect(editManifest, &QPushButton::clicked, this, &RunPanel::editManifestRequested);
    buttons->addWidget(editManifest);
    buttons->addStretch();
    auto *taskRow = new QHBoxLayout;
    taskRow->addWidget(m_task, 1);
    taskRow->addLayout(buttons);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(taskRow);
    layout->addLayout(form);
    layout->addWidget(m_status);
    auto *progress = new ProgressStrip(this);
    layout->addWidget(progress);
    connect(progress, &ProgressStrip::cancelRequested, this, &RunPanel::stop);

    connect(m_run, &QPushButton::clicked, this, &RunPanel::run);
    connect(m_stop, &QPushButton::clicked, this, &RunPanel::stop);
    connect(m_continue, &QPushButton::clicked, this, &RunPanel::continueRun);
    connect(m_resume, &QPushButton::clicked, this, &RunPanel::resume);
    connect(new QShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), this), &QShortcut::activated, this,
            &RunPanel::resume);
    connect(new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this), &QShortcut::activated, this, &RunPanel::run);
    connect(new QShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return), this), &QShortcut::activated, this,
            &RunPanel::continueRun);
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    escape->setContext(Qt::WindowShortcut);
    connect(escape, &QShortcut::activated, this, &RunPanel::stop);
    connect(m_client, &QComboBox::currentIndexChanged, this, &RunPanel::updateState);
    connect(m_profile, &QComboBox::activated, this, &RunPanel::profileChosen);
    connect(m_profile, &QComboBox::activated, this,
            [this] { Q_EMIT providerActivated(m_profile->currentData().toString()); });
    connect(m_editProfiles, &QPushButton::clicked, this, &RunPanel::editProfiles);
    if (m_controller) {
        connect(m_controller, &RunController::stateChanged, this, &RunPanel::updateState);
        connect(m_controller, &RunController::resumableChanged, this, &RunPanel::updateState);
        connect(m_controller, &RunController::progressChanged, progress, &ProgressStrip::setProgress);
        connect(m_controller, &RunController::preparing, this,
                [this](const QString &what) { m_status->setText(tr("Preparing: %1").arg(what)); });
        connect(m_controller, &RunController::finished, this, [this](const Core::RunOutcome &outcome) {
            if (outcome.status == Core::RunStatus::Failed) {
                showError(tr("The run failed: %1").arg(outcome.error.toString()));
            }
        });
    }

    reloadProfiles();
    QSettings settings;
    setSettings(RunSettings::load(settings));
    updateState();
}

void RunPanel::reloadProfiles()
{
    const QString current = m_profile->currentData().toString();
    Core::ProviderProfileStore store;
    const Core::Result<void> loaded = store.load();
    const QSignalBlocker block(m_profile);
    m_profile->clear();
    m_profile->addItem(tr("Custom (base URL)"), QString());
    m_profile->addItem(DemoProvider::displayName(), DemoProvider::id());
    for (const Core::ProviderProfile &p : store.profiles()) {
        m_profile->addItem(p.name, p.name);
    }
    m_profile->setCurrentIndex(std::max(0, m_profile->findData(current)));
    m_profile->setToolTip(loaded ? tr("The provider profile of the next run (Settings > Model Providers edits them)")
                                 : tr("The provider profiles cannot be read: %1").arg(loaded.error().toString()));
    updateState();
}

void RunPanel::useLastUsedProfile()
{
    reloadProfiles();
    Core::ProviderProfileStore store;
    if (store.load()) {
        m_profile->setCurrentIndex(std::max(0, m_profile->findData(store.lastUsed())));
        profileChosen();
    }
}

void RunPanel::useDemoProvider()
{
    m_profile->setCurrentIndex(std::max(0, m_profile->findData(DemoProvider::id())));
    profileChosen();
    // The recording ends with the memory phases: the demo writes the workspace's memory files.
    RunSettings s = settings();
    s.memoryMode = QStringLiteral("both");
    m_capabilities->setSettings(s);
    if (m_task->toPlainText().trimmed().isEmpty()) {
        m_task->setPlainText(m_demo->task());
    }
}

void RunPanel::profileChosen()
{
    const QString name = m_profile->currentData().toString();
    if (name == DemoProvider::id()) {
        m_baseUrl->clear();
        m_model->setText(m_demo->model());
    } else if (!name.isEmpty()) {
        Core::ProviderProfileStore store;
        if (store.load()) {
            if (const auto p = store.profile(name)) {
                m_baseUrl->setText(p->baseUrl.toString());
                m_model->setText(p->model);
            }
        }
    }
    updateState();
}

void RunPanel::editProfiles()
{
    auto *dialog = new ProfilesDialog(m_controller ? m_controller->credentialStore() : nullptr, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->selectProfile(m_profile->currentData().toString());
    connect(dialog, &ProfilesDialog::profilesChanged, this, &RunPanel::reloadProfiles);
    dialog->open();
}

void RunPanel::setWorkspace(const QString &directory)
{
    m_workspace = directory;
    if (m_controller) {
        m_controller->setWorkspace(directory);
    }
}

RunSettings RunPanel::settings() const
{
    RunSettings s;
    s.profile = m_profile->currentData().toString();
    s.baseUrl = m_baseUrl->text().trimmed();
    s.model = m_model->text().trimmed();
    s.client = m_client->currentData().toString();
    s.confinement = Core::Confinement(m_confinement->currentData().toInt());
    s.dockerImage = m_image->text().trimmed();
    s.ports = m_ports->text().trimmed();
    s.approval =
        Core::approvalPolicyFromName(m_approval->currentData().toString()).value_or(Core::ApprovalPolicy::Auto);
    s.snapshotEveryTurn = m_snapshots->isChecked();
    m_capabilities->applyTo(s);
    return s;
}

void RunPanel::setSettings(const RunSettings &s)
{
    m_profile->setCurrentIndex(std::max(0, m_profile->findData(s.profile)));
    m_baseUrl->setText(s.baseUrl);
    m_model->setText(s.model);
    m_client->setCurrentIndex(std::max(0, m_client->findData(s.client)));
    m_confinement->setCurrentIndex(std::max(0, m_confinement->findData(int(s.confinement))));
    m_image->setText(s.dockerImage);
    m_ports->setText(s.ports);
    m_approval->setCurrentIndex(std::max(0, m_approval->findData(Core::approvalPolicyName(s.approval))));
    m_snapshots->setChecked(s.snapshotEveryTurn);
    m_capabilities->setSettings(s);
    updateState();
}

void RunPanel::run()
{
    if (!m_controller || m_controller->isActive()) {
        return;
    }
    const RunSettings s = settings();
    QSettings stored;
    s.save(stored);
    std::optional<Core::ProviderProfile> profile;
    if (s.profile == DemoProvider::id()) {
        const Core::Result<Core::ProviderProfile> demo = m_demo->profile();
        if (!demo) {
            showError(tr("Cannot start the recorded demo: %1").arg(demo.error().toString()));
            return;
        }
        profile = *demo;
    } else if (!s.profile.isEmpty()) {
        Core::ProviderProfileStore profiles;
        if (const Core::Result<void> loaded = profiles.load(); !loaded) {
            showError(tr("Cannot read the provider profiles: %1").arg(loaded.error().toString()));
            return;
        }
        profile = profiles.profile(s.profile);
        if (!profile) {
            showError(tr("The provider profile \"%1\" no longer exists.").arg(s.profile));
            reloadProfiles();
            return;
        }
        // The last used profile is the default of the next start and of `sandcastle run`.
        if (const Core::Result<void> last = profiles.setLastUsed(s.profile); last) {
            (void)profiles.save();
        }
    }
    auto options = s.toOptions(m_workspace, qEnvironmentVariable("OPENAI_API_KEY"), profile);
    if (!options) {
        showError(tr("Cannot start the run: %1").arg(options.error().message));
        return;
    }
    if (!m_manifest.isEmpty()) {
        Core::Result<Core::Manifest> manifest = Core::ManifestParser::parseFile(m_manifest);
        if (!manifest) {
            showError(tr("Cannot read the manifest: %1").arg(manifest.error().toString()));
            return;
        }
        options->manifest = std::move(*manifest);
        options->manifestPath = m_manifest;
    }
    if (const auto started = m_controller->start(*options, m_task->toPlainText()); !started) {
        showError(tr("Cannot start the run: %1").arg(started.error().toString()));
        return;
    }
    m_task->clear();
}

void RunPanel::appendToTask(const QString &text)
{
    if (!m_task->toPlainText().isEmpty()) {
        m_task->appendPlainText(QString());
    }
    m_task->appendPlainText(text);
    m_task->setFocus();
}

void RunPanel::stop()
{
    if (m_controller) {
        m_controller->stop();
    }
}

void RunPanel::continueRun()
{
    if (!m_controller || !m_controller->canContinue()) {
        return;
    }
    if (const auto continued = m_controller->continueRun(m_task->toPlainText()); !continued) {
        showError(tr("Cannot continue the conversation: %1").arg(continued.error().toString()));
        return;
    }
    m_task->clear();
}

void RunPanel::resume()
{
    if (!m_controller || !m_controller->canResume()) {
        return;
    }
    if (const auto resumed = m_controller->resume(qEnvironmentVariable("OPENAI_API_KEY")); !resumed) {
        showError(tr("Cannot resume the run: %1").arg(resumed.error().toString()));
        return;
    }
    m_status->setText(tr("Resuming the last run\u2026"));
}

void RunPanel::showError(const QString &message)
{
    m_status->setText(message);
    m_status->setStyleSheet(QStringLiteral("color: palette(bright-text); background: #a33; padding: 2px;"));
}

void RunPanel::updateState()
{
    const bool docker = m_client->currentData().toString() == QLatin1String("docker");
    m_confinement->setVisible(!docker);
    m_image->setVisible(docker);
    const bool custom = m_profile->currentData().toString().isEmpty();
    const bool demo = m_profile->currentData().toString() == DemoProvider::id();
    m_baseUrl->setReadOnly(!custom);
    m_baseUrl->setToolTip(custom ? tr("The Responses API base URL of the next run")
                          : demo ? tr("The recorded demo is served from a port on this machine; no API key is needed")
                                 : tr("The base URL of the chosen profile (edit it with Providers\u2026)"));
    if (!m_controller) {
        return;
    }
    const bool active = m_controller->isActive();
    m_run->setEnabled(!active);
    m_continue->setEnabled(m_controller->canContinue());
    m_resume->setEnabled(m_controller->canResume());
    m_stop->setEnabled(active);
    for (QWidget *w :
         {static_cast<QWidget *>(m_profile), static_cast<QWidget *>(m_editProfiles), static_cast<QWidget *>(m_baseUrl),
          static_cast<QWidget *>(m_model), static_cast<QWidget *>(m_client), static_cast<QWidget *>(m_confinement),
          static_cast<QWidget *>(m_image), static_cast<QWidget *>(m_ports), static_cast<QWidget *>(m_approval),
          static_cast<QWidget *>(m_snapshots), static_cast<QWidget *>(m_capabilities)}) {
        w->setEnabled(!active);
    }
    m_status->setStyleSheet({});
    switch (m_controller->state()) {
    case RunController::State::Idle:
        m_status->setText(m_controller->canResume()
                              ? tr("Ready. The last run of this workspace stopped before its end: Resume continues it.")
                              : tr("Ready."));
        break;
    case RunController::State::Preparing:
        m_status->setText(tr("Preparing the workspace and sandbox\u2026"));
        break;
    case RunController::State::Running:
        m_status->setText(tr("The agent is working\u2026"));
        break;
    case RunController::State::AwaitingApproval:
        m_status->setText(tr("Waiting for your approval."));
        break;
    case RunController::State::Finished:
        m_status->setText(m_controller->canResume()
                              ? tr("Stopped before the end. Resume continues the run; or type a message and press "
                                   "Continue, or Run for a new conversation.")
                              : tr("Finished. Type a message and press Continue, or Run for a new conversation."));
        break;
    }
}

} // namespace Sandcastle::Ui
