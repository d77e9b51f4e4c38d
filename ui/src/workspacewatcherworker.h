// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workspaceindex.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <atomic>

class QFileSystemWatcher;
class QSocketNotifier;

namespace Sandcastle::Ui {

/// The half of WorkspaceWatcher that runs on its worker thread: lists the workspace (in batches),
/// watches every directory with inotify (IN_CREATE, IN_DELETE, IN_MODIFY, IN_MOVED_*, IN_CLOSE_WRITE,
/// IN_ATTRIB; IN_Q_OVERFLOW rescans everything) or, where inotify cannot be initialised, with
/// QFileSystemWatcher on the directories, and reports the debounced differences. Every signal carries
/// the generation of the start() it belongs to. Lives on the worker thread; `cancel` (shared with
/// the owner) stops a listing early.
class WorkspaceWatcherWorker : public QObject
{
    Q_OBJECT
public:
    static constexpr int kBatchSize = 2000;

    WorkspaceWatcherWorker(const std::atomic<int> *currentGeneration, int debounceMs);
    ~WorkspaceWatcherWorker() override;

    /// Forgets the previous tree, lists `root` (emitting entriesListed) and watches it.
    void start(const QString &root, int generation);
    /// Re-lists every known directory (for what a watch missed).
    void rescanAll();

    /// Makes inotify_add_watch() fail with ENOSPC after `count` watches (tests of the degraded mode).
    void setWatchLimitForTest(int count) { m_testWatchLimit = count; }

Q_SIGNALS:
    void entriesListed(int generation, const QList<Sandcastle::Ui::FileChange> &entries);
    /// The first listing is complete. `unwatched` directories have no watch (the inotify limit
    /// `maxUserWatches` was reached); `inotify` false means the QFileSystemWatcher fallback is used.
    void listingFinished(int generation, bool inotify, int watched, int unwatched, int maxUserWatches);
    void changesDetected(int generation, const QList<Sandcastle::Ui::FileChange> &changes);

private:
    void stop();
    void onInotifyReadable();
    void markDirty(const QString &dir, const QString &name);
    void flush();
    /// Lists the new directories of `delta` (and theirs), watching each; `listing` routes the
    /// entries to entriesListed instead of changesDetected.
    void listNew(WorkspaceIndex::Delta *delta, bool listing);
    void watch(const QString &dir);
    void unwatch(const QStringList &dirs);
    void emitChanges(QList<FileChange> *changes, bool listing, bool final);
    [[nodiscard]] bool stale() const { return m_generation != m_currentGeneration->load(); }

    const std::atomic<int> *m_currentGeneration;
    int m_generation = 0;
    WorkspaceIndex m_index;
    int m_inotifyFd = -1;
    QSocketNotifier *m_notifier = nullptr;
    QFileSystemWatcher *m_fallback = nullptr;
    QHash<int, QString> m_dirOfWatch;
    QHash<QString, int> m_watchOfDir;
    int m_unwatched = 0;
    int m_testWatchLimit = -1;
    QSet<QString> m_dirtyDirs;                  ///< directories to list again
    QHash<QString, QSet<QString>> m_dirtyNames; ///< directory -> entries to re-check
    QTimer m_debounce{this};                    ///< a child: it moves to the worker thread with this object
};

} // namespace Sandcastle::Ui
