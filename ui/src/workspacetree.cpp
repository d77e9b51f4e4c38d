// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "workspacetree.h"

#include <QFileSystemModel>
#include <QTreeView>
#include <QVBoxLayout>

namespace Sandcastle::Ui {

WorkspaceTree::WorkspaceTree(QWidget *parent)
    : QWidget(parent)
    , m_model(new QFileSystemModel(this))
    , m_view(new QTreeView(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    m_model->setReadOnly(true);
    m_view->setModel(m_model);
    m_view->setHeaderHidden(false);
    m_view->setColumnHidden(2, true);
    m_view->setObjectName(QStringLiteral("workspaceTreeView"));
    m_view->setAccessibleName(tr("Workspace files"));
}

void WorkspaceTree::setRoot(const QString &directory)
{
    const QModelIndex root = m_model->setRootPath(directory);
    m_view->setRootIndex(root);
}

} // namespace Sandcastle::Ui
