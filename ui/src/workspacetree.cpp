// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "workspacetree.h"

#include "runcontroller.h"
#include "sandcastle/core/manifest/manifestparser.h"
#include "workspacetreemodel.h"
#include "workspacewatcher.h"

#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QTreeView>
#include <QVBoxLayout>

namespace Sandcastle::Ui {

WorkspaceTree::WorkspaceTree(WorkspaceWatcher *watcher, RunController *controller, QWidget *parent)
    : QWidget(parent)
    , m_model(new WorkspaceTreeModel(this))
    , m_view(new QTreeView(this))
    , m_note(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_note->setObjectName(QStringLiteral("workspaceTreeNote"));
    m_note->setWordWrap(true);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_note->hide();
    layout->addWidget(m_note);
    layout->addWidget(m_view);
    m_view->setObjectName(QStringLiteral("workspaceTreeView"));
    m_view->setAccessibleName(tr("Manifest and workspace tree"));
    m_view->setUniformRowHeights(true); // 100 000 rows: no per-row size hints
    m_view->setModel(m_model);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(WorkspaceTreeModel::NameColumn, QHeaderView::Stretch);
    m_view->expand(m_model->workspaceIndex());

    connect(watcher, &WorkspaceWatcher::rootChanged, m_model, [this](const QString &root) {
        m_model->resetWorkspace(root.isEmpty() ? QString() : QDir(root).dirName());
    });
    connect(watcher, &WorkspaceWatcher::entriesListed, m_model, &WorkspaceTreeModel::addListed);
    connect(watcher, &WorkspaceWatcher::changesDetected, m_model, &WorkspaceTreeModel::applyChanges);
    connect(watcher, &WorkspaceWatcher::listingFinished, this,
            [this](bool inotify, int, int unwatched, int maxUserWatches) {
                onListingFinished(inotify, unwatched, maxUserWatches);
            });
    connect(controller, &RunController::userMessageSent, m_model, &WorkspaceTreeModel::startRun);
}

void WorkspaceTree::setManifest(const QString &manifestPath)
{
    m_manifestNote.clear();
    if (manifestPath.isEmpty()) {
        m_model->clearManifest();
    } else if (const Core::Result<Core::Manifest> manifest = Core::ManifestParser::parseFile(manifestPath)) {
        m_model->setManifest(*manifest);
        m_view->expand(m_model->index(0, 0));
    } else {
        m_model->clearManifest();
        m_manifestNote = tr("The manifest cannot be shown: %1").arg(manifest.error().message);
    }
    updateNote();
}

void WorkspaceTree::onListingFinished(bool inotify, int unwatched, int maxUserWatches)
{
    if (!inotify) {
        m_watchNote = tr("Inotify is unavailable: changes are noticed by polling and may show late.");
    } else if (unwatched > 0) {
        m_watchNote = tr("%n folder(s) are not watched: the inotify limit of %1 watches is reached "
                         "(/proc/sys/fs/inotify/max_user_watches). Their changes show after the run.",
                         nullptr, unwatched)
                          .arg(maxUserWatches);
    } else {
        m_watchNote.clear();
    }
    updateNote();
}

void WorkspaceTree::updateNote()
{
    QStringList lines{m_manifestNote, m_watchNote};
    lines.removeAll(QString());
    m_note->setText(lines.join(u'\n'));
    m_note->setVisible(!lines.isEmpty());
}

} // namespace Sandcastle::Ui
