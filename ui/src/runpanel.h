// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "runcontroller.h"
#include "runsettings.h"

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace Sandcastle::Ui {

class CapabilitiesForm;
class DemoProvider;

/// The task box and run settings: Run (a new conversation), Stop, Continue (another message in
/// the same conversation), Resume (the workspace journal's last run, stopped or crashed before its
/// end, goes on without a new message), the provider profile (or Custom: a base URL) and model,
/// client (Unix-local with confinement, or
/// Docker with an image), approval policy and capabilities (CapabilitiesForm). The settings are restored from and saved
/// to QSettings (group "run") on every start. Drives the given RunController; owns no run.
class RunPanel : public QWidget
{
    Q_OBJECT
public:
    explicit RunPanel(RunController *controller, QWidget *parent = nullptr);

    /// The workspace of later runs; also the journal Resume reads.
    void setWorkspace(const QString &directory);
    /// The manifest later runs materialize into the workspace; empty = the workspace as it is.
    void setManifest(const QString &manifestPath) { m_manifest = manifestPath; }
    [[nodiscard]] QString manifest() const { return m_manifest; }
    [[nodiscard]] RunSettings settings() const;
    void setSettings(const RunSettings &settings);

    void run();
    void stop();
    /// Appends `text` to the task box (the preview's console messages for the agent), for Continue or Run.
    void appendToTask(const QString &text);
    /// Settings > Model providers: edits the profiles, then refreshes the provider choice.
    void editProfiles();
    /// Re-reads providers.json into the provider choice (keeping the current one when it is still there).
    void reloadProfiles();
    /// Re-reads the profiles and chooses the last used one (after the first-run setup saved it).
    void useLastUsedProfile();
    /// Chooses the "Demo (recorded)" provider with memory on (the recording includes the memory
    /// phases) and, when the task box is empty, the recorded task.
    void useDemoProvider();
    void continueRun();
    void resume();

Q_SIGNALS:
    /// "Edit manifest": the manifest editor should open (on manifest(), or a file to choose).
    void editManifestRequested();
    /// The user picked a provider in the combo (`id`: a profile name, empty for Custom, or
    /// DemoProvider::id()).
    void providerActivated(const QString &id);

private:
    void updateState();
    void profileChosen();
    void showError(const QString &message);

    QPointer<RunController> m_controller;
    DemoProvider *m_demo = nullptr;
    QString m_workspace;
    QString m_manifest;
    QPlainTextEdit *m_task = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_stop = nullptr;
    QPushButton *m_continue = nullptr;
    QPushButton *m_resume = nullptr;
    QComboBox *m_profile = nullptr;
    QPushButton *m_editProfiles = nullptr;
    QLineEdit *m_baseUrl = nullptr;
    QLineEdit *m_model = nullptr;
    QComboBox *m_client = nullptr;
    QComboBox *m_confinement = nullptr;
    QLineEdit *m_image = nullptr;
    QLineEdit *m_ports = nullptr;
    QComboBox *m_approval = nullptr;
    QCheckBox *m_snapshots = nullptr;
    CapabilitiesForm *m_capabilities = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace Sandcastle::Ui
