// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QTreeView;

namespace Sandcastle::Ui {

class RunController;
class WorkspaceTreeModel;
class WorkspaceWatcher;

/// The manifest & workspace tree dock content: a WorkspaceTreeModel fed by `watcher` (shared with
/// the Changes dock), badges cleared when the controller sends the next user message, and a note
/// line when the watching is degraded (inotify watch limit reached, no inotify) or the manifest
/// cannot be read.
class WorkspaceTree : public QWidget
{
    Q_OBJECT
public:
    WorkspaceTree(WorkspaceWatcher *watcher, RunController *controller, QWidget *parent = nullptr);

    /// Shows the entries of the manifest at `manifestPath` (empty: no manifest group).
    void setManifest(const QString &manifestPath);
    [[nodiscard]] WorkspaceTreeModel *model() const { return m_model; }
    [[nodiscard]] QTreeView *view() const { return m_view; }

private:
    void onListingFinished(bool inotify, int unwatched, int maxUserWatches);
    void updateNote();

    WorkspaceTreeModel *m_model;
    QTreeView *m_view;
    QLabel *m_note;
    QString m_manifestNote;
    QString m_watchNote;
};

} // namespace Sandcastle::Ui
