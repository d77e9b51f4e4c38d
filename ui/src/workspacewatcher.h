// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workspaceindex.h"

#include <QObject>
#include <QThread>

#include <atomic>

namespace Sandcastle::Ui {

class WorkspaceWatcherWorker;

/// Watches a workspace tree recursively and reports created, modified and deleted files and
/// directories. The work happens on a thread of its own (WorkspaceWatcherWorker): the first
/// listing arrives in batches (entriesListed, then listingFinished), later changes debounced by
/// kDebounceMs (changesDetected). Linux inotify watches every directory; where it cannot be
/// initialised, QFileSystemWatcher does; directories beyond the inotify watch limit are seen by
/// rescanAll() only (listingFinished says how many). Signals arrive on the owner's thread and
/// never from a previous root.
class WorkspaceWatcher : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDebounceMs = 150;

    explicit WorkspaceWatcher(QObject *parent = nullptr);
    ~WorkspaceWatcher() override;

    /// Forgets the previous tree and lists `directory` recursively (no changes reported for it).
    void setRoot(const QString &directory);
    [[nodiscard]] QString root() const { return m_root; }
    /// True from setRoot() until listingFinished.
    [[nodiscard]] bool isListing() const { return m_listing; }
    /// Re-lists every known directory now (for writes the watches missed).
    void rescanAll();
    /// See WorkspaceWatcherWorker::setWatchLimitForTest (applies from the next setRoot()).
    void setWatchLimitForTest(int count);

Q_SIGNALS:
    /// setRoot() was called (synchronously, before any entry of the new root).
    void rootChanged(const QString &root);
    void entriesListed(const QList<Sandcastle::Ui::FileChange> &entries);
    void listingFinished(bool inotify, int watchedDirectories, int unwatchedDirectories, int maxUserWatches);
    void changesDetected(const QList<Sandcastle::Ui::FileChange> &changes);

private:
    QString m_root;
    bool m_listing = false;
    std::atomic<int> m_generation{0};
    QThread m_thread;
    WorkspaceWatcherWorker *m_worker; ///< lives on m_thread, deleted when it finishes
};

} // namespace Sandcastle::Ui
