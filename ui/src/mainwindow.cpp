// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/ui/mainwindow.h"

#include "conversationpane.h"
#include "runcontroller.h"
#include "runpanel.h"
#include "shelllogview.h"
#include "workspacetree.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QListView>
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

    auto *central = new QSplitter(Qt::Vertical, this);
    central->setObjectName(QStringLiteral("centralSplitter"));
    central->addWidget(new ConversationPane(m_runController, central));
    m_runPanel = new RunPanel(m_runController, central);
    central->addWidget(m_runPanel);
    central->setStretchFactor(0, 1);
    central->setCollapsible(1, false);
    setCentralWidget(central);

    m_workspaceTree = new WorkspaceTree(this);
    addDock(QStringLiteral("workspaceDock"), tr("Workspace"), m_workspaceTree, Qt::LeftDockWidgetArea);

    auto *changes = new QListView(this);
    changes->setObjectName(QStringLiteral("changesView"));
    addDock(QStringLiteral("changesDock"), tr("Changes"), changes, Qt::LeftDockWidgetArea);

    auto *shellLog = new ShellLogView(m_runController, this);
    addDock(QStringLiteral("shellLogDock"), tr("Shell log"), shellLog, Qt::BottomDockWidgetArea);

    auto *memory = new QListView(this);
    memory->setObjectName(QStringLiteral("memoryView"));
    addDock(QStringLiteral("memoryDock"), tr("Memory"), memory, Qt::RightDockWidgetArea);

    auto *preview = new QLabel(tr("No preview yet: ports the agent serves appear here."), this);
    preview->setAlignment(Qt::AlignCenter);
    preview->setObjectName(QStringLiteral("previewPlaceholder"));
    addDock(QStringLiteral("previewDock"), tr("Preview"), preview, Qt::RightDockWidgetArea);

    createActions();
    statusBar()->showMessage(tr("Ready"));
}

MainWindow::~MainWindow() = default;

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
    m_runController->setCredentialStore(credentials);
}

QDockWidget *MainWindow::dock(const QString &objectName) const
{
    return findChild<QDockWidget *>(objectName, Qt::FindDirectChildrenOnly);
}

void MainWindow::createActions()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *quit = fileMenu->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *d : findChildren<QDockWidget *>(Qt::FindDirectChildrenOnly)) {
        viewMenu->addAction(d->toggleViewAction());
    }
}

void MainWindow::setWorkspace(const QString &directory)
{
    m_workspace = QDir(directory).absolutePath();
    m_workspaceTree->setRoot(m_workspace);
    m_runPanel->setWorkspace(m_workspace);
    setWindowTitle(tr("%1 - Sandcastle").arg(QDir(m_workspace).dirName()));
}

} // namespace Sandcastle::Ui
