// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/ui/mainwindow.h"

#include "changesview.h"
#include "conversationpane.h"
#include "credentialsdialog.h"
#include "demoprovider.h"
#include "manifesteditor/manifesteditor.h"
#include "recentworkspaces.h"
#include "review/reviewview.h"
#include "runcontroller.h"
#include "runpanel.h"
#include "runsettings.h"
#include "sandcastle/core/credentials/credentialstore.h"
#include "sandcastle/core/runner/agentrun.h"
#include "sandcastle/ui/changesmodel.h"
#include "sandcastle/ui/memoryview.h"
#include "sandcastle/ui/previewdock.h"
#include "setupdialog.h"
#include "shelllogview.h"
#include "windowlayout.h"
#include "workspacetree.h"

#include <QAbstractItemModel>
#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QSplitter>
#include <QStatusBar>

namespace Sandcastle::Ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Sandcastle"));
    resize(1280, 800);

    m_runController = new RunController(this);
    m_runController->setObjectName(QStringLiteral("runController"));
    m_recentWorkspaces = new RecentWorkspaces(this);
    m_recentWorkspaces->setObjectName(QStringLiteral("recentWorkspaces"));

    auto *central = new QSplitter(Qt::Vertical, this);
    central->setObjectName(QStringLiteral("centralSplitter"));
    central->addWidget(new ConversationPane(m_runController, central));
    m_runPanel = new RunPanel(m_runController, central);
    central->addWidget(m_runPanel);
    central->setStretchFactor(0, 1);
    central->setCollapsible(1, false);
    setCentralWidget(central);

    m_changesView = new ChangesView(m_runController, this);
    // The tree shares the Changes dock's watcher: one inotify watch per directory, not two.
    m_workspaceTree = new WorkspaceTree(m_changesView->model()->watcher(), m_runController, this);
    addDock(QStringLiteral("workspaceDock"), tr("Workspace"), m_workspaceTree, Qt::LeftDockWidgetArea);
    addDock(QStringLiteral("changesDock"), tr("Changes"), m_changesView, Qt::LeftDockWidgetArea);

    m_reviewView = new ReviewView(m_runController, this);
    QDockWidget *reviewDock =
        addDock(QStringLiteral("reviewDock"), tr("Review"), m_reviewView, Qt::RightDockWidgetArea);
    connect(m_reviewView, &ReviewView::reviewRequested, reviewDock, [reviewDock] {
        reviewDock->show();
        reviewDock->raise();
    });
    connect(m_changesView, &ChangesView::changeActivated, m_reviewView,
            [this, reviewDock](const QString &callId, const QString &path) {
                reviewDock->show();
                reviewDock->raise();
                m_reviewView->showChangeFor(callId, path);
            });
    connect(m_reviewView, &ReviewView::messageChanged, this, [this](const QString &message) {
        if (!message.isEmpty()) {
            statusBar()->showMessage(message, 10000);
        }
    });

    auto *shellLog = new ShellLogView(m_runController, this);
    addDock(QStringLiteral("shellLogDock"), tr("Shell log"), shellLog, Qt::BottomDockWidgetArea);

    m_memoryView = new MemoryView(this);
    m_memoryView->setObjectName(QStringLiteral("memoryView"));
    addDock(QStringLiteral("memoryDock"), tr("Memory"), m_memoryView, Qt::RightDockWidgetArea);

    // WebEngine loads with the first port offer or preview tab, not here (issue 9: no cost before).
    m_previewDock = new PreviewDock(this);
    addDock(QStringLiteral("previewDock"), tr("Preview"), m_previewDock, Qt::RightDockWidgetArea);
    m_runController->setPreviewHost(m_previewDock);
    connect(m_runController, &RunController::portOpened, this,
            [this](quint16 port, const QUrl &url, const QString &unreachableReason) {
                if (url.isValid()) {
                    m_previewDock->offerPort(port, url);
                } else {
                    statusBar()->showMessage(tr("Port %1 is listening in the sandbox but cannot be previewed: %2")
                                                 .arg(port)
                                                 .arg(unreachableReason));
                }
            });
    connect(m_runController, &RunController::portClosed, m_previewDock, &PreviewDock::portClosed);
    // A command that looks like a server warms the engine up before its port is found.
    connect(m_runController, &RunController::serverLikely, m_previewDock, &PreviewDock::expectServer);
    // A run that declares ports will likely serve a preview: the engine warms up while the run
    // prepares, before its server listens (issue 9); runs without declared ports cost nothing.
    connect(m_runController, &RunController::stateChanged, m_previewDock, [this](RunController::State state) {
        if (state == RunController::State::Preparing && m_runController->run() != nullptr) {
            m_previewDock->expectPorts(m_runController->run()->options().exposedPorts);
        } else if (!m_runController->isActive()) {
            m_previewDock->expectPorts({});
        }
    });
    connect(m_changesView->model(), &QAbstractItemModel::rowsInserted, m_previewDock,
            &PreviewDock::workspaceFilesChanged);
    connect(m_previewDock, &PreviewDock::sendToAgentRequested, m_runPanel, &RunPanel::appendToTask);

    createActions();
    WindowLayout::restore(this);
    statusBar()->showMessage(tr("Ready"));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    WindowLayout::save(this);
    QMainWindow::closeEvent(event);
}

void MainWindow::useDemoProvider()
{
    m_demoShown = true;
    m_runPanel->useDemoProvider();
}

MainWindow::~MainWindow()
{
    // Runs must not reach the dock's screenshots while it is being destroyed.
    m_runController->setPreviewHost(nullptr);
}

QDockWidget *MainWindow::addDock(const QString &objectName, const QString &title, QWidget *content,
                                 Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(content);
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::setCredentialStore(Core::CredentialStore *credentials)
{
    m_credentials = credentials;
    m_runController->setCredentialStore(m_sessionOnly ? m_sessionCredentials : credentials);
}

QDockWidget *MainWindow::dock(const QString &objectName) const
{
    return findChild<QDockWidget *>(objectName, Qt::FindDirectChildrenOnly);
}

void MainWindow::createActions()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *openFolder = fileMenu->addAction(tr("Open &Folder\u2026"));
    openFolder->setObjectName(QStringLiteral("openFolderAction"));
    openFolder->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_O));
    openFolder->setStatusTip(tr("Use a folder as the workspace of the next run"));
    connect(openFolder, &QAction::triggered, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Folder"), m_workspace);
        if (!dir.isEmpty()) {
            this->openFolder(dir);
        }
    });
    QAction *openManifest = fileMenu->addAction(tr("Open &Manifest\u2026"));
    openManifest->setObjectName(QStringLiteral("openManifestAction"));
    openManifest->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    openManifest->setStatusTip(tr("Run on a workspace built from a manifest"));
    connect(openManifest, &QAction::triggered, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Open Manifest"), m_workspace,
                                                          tr("Manifests (*.json);;All files (*)"));
        if (!file.isEmpty()) {
            this->openManifest(file);
        }
    });
    QAction *newManifest = fileMenu->addAction(tr("&New Manifest\u2026"));
    newManifest->setObjectName(QStringLiteral("newManifestAction"));
    newManifest->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    newManifest->setStatusTip(tr("Create a manifest in the manifest editor"));
    connect(newManifest, &QAction::triggered, this, [this] { editManifest(); });
    QAction *editManifestAction = fileMenu->addAction(tr("&Edit Manifest\u2026"));
    editManifestAction->setObjectName(QStringLiteral("editManifestAction"));
    editManifestAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    editManifestAction->setStatusTip(tr("Edit the manifest of the next run, or open one to edit"));
    connect(editManifestAction, &QAction::triggered, this, [this] {
        QString file = m_runPanel->manifest();
        if (file.isEmpty()) {
            file = QFileDialog::getOpenFileName(this, tr("Edit Manifest"), m_workspace,
                                                tr("Manifests (*.json);;All files (*)"));
        }
        if (!file.isEmpty()) {
            editManifest(file);
        }
    });
    connect(m_runPanel, &RunPanel::editManifestRequested, editManifestAction, &QAction::trigger);
    auto *recent = new RecentWorkspacesMenu(m_recentWorkspaces, fileMenu);
    fileMenu->addMenu(recent);
    connect(recent, &RecentWorkspacesMenu::openRequested, this, [this](const QString &path, bool manifest) {
        if (manifest) {
            this->openManifest(path);
        } else {
            this->openFolder(path);
        }
    });
    fileMenu->addSeparator();
    QAction *quit = fileMenu->addAction(tr("&Quit"));
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    int dockNumber = 0;
    for (QDockWidget *d : findChildren<QDockWidget *>(Qt::FindDirectChildrenOnly)) {
        QAction *toggle = d->toggleViewAction();
        // Alt+1 ... Alt+9 show or hide the docks in the order of the View menu.
        if (++dockNumber <= 9) {
            toggle->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_0 + dockNumber)));
        }
        viewMenu->addAction(toggle);
    }

    QMenu *settingsMenu = menuBar()->addMenu(tr("&Settings"));
    QAction *credentials = settingsMenu->addAction(tr("&Credentials\u2026"));
    credentials->setObjectName(QStringLiteral("credentialsAction"));
    credentials->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    credentials->setStatusTip(tr("Store, replace or delete API keys and secrets"));
    connect(credentials, &QAction::triggered, this, &MainWindow::showCredentials);
    QAction *providers = settingsMenu->addAction(tr("Model &Providers\u2026"));
    providers->setObjectName(QStringLiteral("providersAction"));
    providers->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    providers->setStatusTip(tr("Add, edit, test or delete model provider profiles"));
    connect(providers, &QAction::triggered, this, &MainWindow::showProviders);
    QAction *setup = settingsMenu->addAction(tr("First-Run &Setup\u2026"));
    setup->setObjectName(QStringLiteral("setupAction"));
    setup->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U));
    setup->setStatusTip(tr("Choose a model provider, test its key and store it"));
    connect(setup, &QAction::triggered, this, &MainWindow::showFirstRunSetup);
}

Core::MemoryCredentialStore *MainWindow::sessionCredentials()
{
    if (!m_sessionCredentials) {
        m_sessionCredentials = new Core::MemoryCredentialStore(this);
    }
    return m_sessionCredentials;
}

void MainWindow::showProviders()
{
    m_runPanel->editProfiles();
}

bool MainWindow::firstRunSetupNeeded()
{
    return SetupDialog::isNeeded();
}

void MainWindow::offerFirstRunSetup()
{
    if (!m_demoShown) {
        showFirstRunSetup();
        return;
    }
    auto *offer = new QObject(this); // disconnects the offer when deleted
    connect(m_runPanel, &RunPanel::providerActivated, offer, [this, offer](const QString &id) {
        if (id != DemoProvider::id()) {
            offer->deleteLater();
            if (firstRunSetupNeeded()) {
                showFirstRunSetup();
            }
        }
    });
}

void MainWindow::showFirstRunSetup()
{
    auto *dialog = new SetupDialog(m_credentials, sessionCredentials(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SetupDialog::sessionStoreUsed, this, [this] {
        m_sessionOnly = true;
        m_runController->setCredentialStore(m_sessionCredentials);
    });
    connect(dialog, &QDialog::accepted, this, [this] { m_runPanel->useLastUsedProfile(); });
    dialog->open();
}

void MainWindow::showCredentials()
{
    auto *dialog = new CredentialsDialog(m_credentials, CredentialsDialog::probeFor(m_credentials),
                                         sessionCredentials(), m_sessionOnly, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CredentialsDialog::sessionStoreChosen, this, [this] {
        m_sessionOnly = true;
        m_runController->setCredentialStore(m_sessionCredentials);
    });
    dialog->open();
}

void MainWindow::setWorkspace(const QString &directory)
{
    m_workspace = QDir(directory).absolutePath();
    m_runPanel->setWorkspace(m_workspace);
    m_changesView->setWorkspace(m_workspace);
    m_reviewView->setWorkspace(m_workspace);
    m_memoryView->setWorkspace(m_workspace);
    m_previewDock->setWorkspacePath(m_workspace);
    setWindowTitle(tr("%1 - Sandcastle").arg(QDir(m_workspace).dirName()));
}

void MainWindow::openFolder(const QString &directory)
{
    m_runPanel->setManifest({});
    m_workspaceTree->setManifest({});
    setWorkspace(directory);
    m_recentWorkspaces->addFolder(m_workspace);
    statusBar()->showMessage(tr("Workspace: %1").arg(QDir::toNativeSeparators(m_workspace)));
}

void MainWindow::openManifest(const QString &manifestPath)
{
    const RunSettings::ManifestWorkspace target = RunSettings::workspaceForManifest(manifestPath);
    if (!QDir().mkpath(target.directory)) {
        statusBar()->showMessage(tr("Cannot create the workspace folder %1").arg(target.directory));
        return;
    }
    m_runPanel->setManifest(QFileInfo(manifestPath).absoluteFilePath());
    m_workspaceTree->setManifest(QFileInfo(manifestPath).absoluteFilePath());
    setWorkspace(target.directory);
    m_recentWorkspaces->addManifest(manifestPath);
    const QString where = QDir::toNativeSeparators(m_workspace);
    statusBar()->showMessage(target.nextToManifest
                                 ? tr("Manifest %1: the workspace is %2, a folder next to the manifest")
                                       .arg(QFileInfo(manifestPath).fileName(), where)
                                 : tr("Manifest %1: the workspace is %2, in the application data folder")
                                       .arg(QFileInfo(manifestPath).fileName(), where));
}

void MainWindow::editManifest(const QString &manifestPath)
{
    auto *editor = new ManifestEditor(this);
    editor->setAttribute(Qt::WA_DeleteOnClose);
    if (!manifestPath.isEmpty()) {
        if (const Core::Result<void> opened = editor->openFile(manifestPath); !opened) {
            statusBar()->showMessage(tr("Cannot edit the manifest: %1").arg(opened.error().message));
            editor->deleteLater();
            return;
        }
    }
    connect(editor, &ManifestEditor::useRequested, this, &MainWindow::openManifest);
    editor->show();
}

} // namespace Sandcastle::Ui
