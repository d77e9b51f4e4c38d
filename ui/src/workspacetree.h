// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QFileSystemModel;
class QTreeView;

namespace Sandcastle::Ui {

/// The workspace tree dock content: the workspace directory as a tree.
class WorkspaceTree : public QWidget
{
    Q_OBJECT
public:
    explicit WorkspaceTree(QWidget *parent = nullptr);

    void setRoot(const QString &directory);

private:
    QFileSystemModel *m_model;
    QTreeView *m_view;
};

} // namespace Sandcastle::Ui
