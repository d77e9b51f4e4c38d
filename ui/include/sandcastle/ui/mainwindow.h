// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>

class QDockWidget;

namespace Sandcastle::Core {
class CredentialStore;
}

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

    /// Resolves manifest secrets of the runs started from this window; may be null. Not owned.
    void setCredentialStore(Core::CredentialStore *credentials);

    /// The dock with the given object name ("workspaceDock", "changesDock", "conversationDock",
    /// "shellLogDock", "memoryDock", "previewDock"), or nullptr.
    [[nodiscard]] QDockWidget *dock(const QString &objectName) const;

private:
    QDockWidget *addDock(const QString &objectName, const QString &title, QWidget *content, Qt::DockWidgetArea area);
    void createActions();

    QString m_workspace;
    class RunController *m_runController = nullptr;
    class RunPanel *m_runPanel = nullptr;
    class RecentWorkspaces *m_recentWorkspaces = nullptr;
    class WorkspaceTree *m_workspaceTree = nullptr;
    class ChangesView *m_changesView = nullptr;
    class MemoryView *m_memoryView = nullptr;
};

} // namespace Sandcastle::Ui
