// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>
#include <QPointer>

class QDockWidget;

namespace Sandcastle::Core {
class CredentialStore;
class MemoryCredentialStore;
} // namespace Sandcastle::Core

namespace Sandcastle::Ui {

/// The main window. It only assembles docks and actions; each dock is its own widget with
/// its own model, and behaviour lives in core services and small controllers.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Shows `directory` as the workspace in the workspace dock and the window title.
    void setWorkspace(const QString &directory);
    [[nodiscard]] QString workspace() const { return m_workspace; }
    /// File > Open Folder: `directory` becomes the workspace, used as it is (no manifest). Like
    /// openManifest(), it puts the path at the top of File > Open Recent.
    void openFolder(const QString &directory);
    /// File > Open Manifest: the next run materializes `manifestPath` into a new folder next to
    /// it (or the app data default when that folder cannot be written), which becomes the
    /// workspace; the status line says which.
    void openManifest(const QString &manifestPath);
    /// File > New Manifest (empty `manifestPath`) or Edit Manifest: opens the manifest editor
    /// (not modal); "Save and Use for the Next Run" there calls openManifest().
    void editManifest(const QString &manifestPath = {});

    /// Resolves manifest secrets of the runs started from this window, and is the keychain that
    /// Settings > Credentials manages; may be null. Not owned. Once the user chose session-only
    /// keys there (no keychain available), runs use that in-memory store instead.
    void setCredentialStore(Core::CredentialStore *credentials);
    /// Opens Settings > Credentials, window-modal; returns at once (no nested event loop).
    void showCredentials();
    /// Opens Settings > Model Providers (the profile editor), window-modal.
    void showProviders();
    /// Opens the first-run setup (provider, model and key, tested and stored), window-modal; the
    /// run panel then uses the saved profile. The app calls it when SetupDialog::isNeeded().
    void showFirstRunSetup();
    /// How the app offers the first-run setup when it is needed: at once, or, while the window
    /// shows the demo (useDemoProvider(); its recording needs no key), only once the user picks
    /// another provider.
    void offerFirstRunSetup();
    /// Whether the first-run setup should open: it was never saved or skipped, no provider
    /// profile exists and OPENAI_API_KEY is not set.
    [[nodiscard]] static bool firstRunSetupNeeded();

    /// The dock with the given object name ("workspaceDock", "changesDock", "conversationDock",
    /// "shellLogDock", "memoryDock", "previewDock", "reviewDock"), or nullptr.
    [[nodiscard]] QDockWidget *dock(const QString &objectName) const;

    /// Chooses the run panel's "Demo (recorded)" provider (and its task when the box is empty):
    /// how the app opens on the bundled demo workspace.
    void useDemoProvider();

protected:
    /// Saves the window geometry and dock layout (restored by the next MainWindow).
    void closeEvent(QCloseEvent *event) override;

private:
    QDockWidget *addDock(const QString &objectName, const QString &title, QWidget *content, Qt::DockWidgetArea area);
    void createActions();
    [[nodiscard]] Core::MemoryCredentialStore *sessionCredentials();

    QPointer<Core::CredentialStore> m_credentials;
    Core::MemoryCredentialStore *m_sessionCredentials = nullptr; ///< created on first use
    bool m_sessionOnly = false;                                  ///< the user chose session-only keys
    bool m_demoShown = false;                                    ///< useDemoProvider() was called

    QString m_workspace;
    class RunController *m_runController = nullptr;
    class RunPanel *m_runPanel = nullptr;
    class RecentWorkspaces *m_recentWorkspaces = nullptr;
    class WorkspaceTree *m_workspaceTree = nullptr;
    class ChangesView *m_changesView = nullptr;
    class ReviewView *m_reviewView = nullptr;
    class MemoryView *m_memoryView = nullptr;
    class PreviewDock *m_previewDock = nullptr;
};

} // namespace Sandcastle::Ui
