// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "workspacewatcherworker.h"

#include <QFile>
#include <QFileSystemWatcher>
#include <QLoggingCategory>
#include <QSocketNotifier>

#include <cerrno>
#include <sys/inotify.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcWatcher, "sandcastle.ui.watcher")

namespace Sandcastle::Ui {

namespace {

constexpr uint32_t kWatchMask = IN_CREATE | IN_DELETE | IN_MODIFY | IN_MOVED_FROM | IN_MOVED_TO | IN_CLOSE_WRITE |
                                IN_ATTRIB | IN_ONLYDIR | IN_DONT_FOLLOW;

int maxUserWatches()
{
    QFile file(QStringLiteral("/proc/sys/fs/inotify/max_user_watches"));
    return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed().toInt() : 0;
}

} // namespace

WorkspaceWatcherWorker::WorkspaceWatcherWorker(const std::atomic<int> *currentGeneration, int debounceMs)
    : m_currentGeneration(currentGeneration)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(debounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &WorkspaceWatcherWorker::flush);
}

WorkspaceWatcherWorker::~WorkspaceWatcherWorker()
{
    stop();
}

void WorkspaceWatcherWorker::stop()
{
    delete m_notifier;
    m_notifier = nullptr;
    if (m_inotifyFd >= 0) {
        close(m_inotifyFd); // drops every watch at once
        m_inotifyFd = -1;
    }
    delete m_fallback;
    m_fallback = nullptr;
    m_dirOfWatch.clear();
    m_watchOfDir.clear();
    m_unwatched = 0;
    m_dirtyDirs.clear();
    m_dirtyNames.clear();
    m_debounce.stop();
}

void WorkspaceWatcherWorker::start(const QString &root, int generation)
{
    stop();
    m_generation = generation;
    m_index.reset(root);
    if (stale() || root.isEmpty()) {
        return;
    }
    m_inotifyFd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (m_inotifyFd >= 0) {
        m_notifier = new QSocketNotifier(m_inotifyFd, QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, &WorkspaceWatcherWorker::onInotifyReadable);
    } else {
        qCWarning(lcWatcher, "inotify_init1 failed (%s): watching with QFileSystemWatcher", strerror(errno));
        m_fallback = new QFileSystemWatcher(this);
        connect(m_fallback, &QFileSystemWatcher::directoryChanged, this,
                [this](const QString &dir) { markDirty(dir, {}); });
    }
    WorkspaceIndex::Delta delta;
    delta.newDirectories.append(root);
    listNew(&delta, true);
    if (stale()) {
        return;
    }
    emitChanges(&delta.changes, true, true);
    Q_EMIT listingFinished(m_generation, m_inotifyFd >= 0, int(m_watchOfDir.size()), m_unwatched, maxUserWatches());
}

void WorkspaceWatcherWorker::rescanAll()
{
    if (m_index.root().isEmpty()) {
        return;
    }
    for (const QString &dir : m_index.directories()) {
        m_dirtyDirs.insert(dir);
    }
    flush();
}

void WorkspaceWatcherWorker::listNew(WorkspaceIndex::Delta *delta, bool listing)
{
    QStringList queue = std::exchange(delta->newDirectories, {});
    for (qsizetype i = 0; i < queue.size(); ++i) {
        if (stale()) {
            return;
        }
        // Watch first, then list: what appears in between is seen twice, never missed.
        watch(queue.at(i));
        WorkspaceIndex::Delta sub;
        m_index.scanDirectory(queue.at(i), &sub);
        delta->changes.append(std::move(sub.changes));
        queue.append(sub.newDirectories);
        unwatch(sub.goneDirectories);
        emitChanges(&delta->changes, listing, false);
    }
}

void WorkspaceWatcherWorker::watch(const QString &dir)
{
    if (m_fallback) {
        m_fallback->addPath(dir);
        return;
    }
    if (m_testWatchLimit >= 0 && m_watchOfDir.size() >= m_testWatchLimit) {
        ++m_unwatched;
        return;
    }
    const int wd = inotify_add_watch(m_inotifyFd, QFile::encodeName(dir).constData(), kWatchMask);
    if (wd < 0) {
        if (errno == ENOSPC) {
            ++m_unwatched; // max_user_watches reached: this directory is seen by rescans only
        }
        return;
    }
    m_dirOfWatch.insert(wd, dir);
    m_watchOfDir.insert(dir, wd);
}

void WorkspaceWatcherWorker::unwatch(const QStringList &dirs)
{
    for (const QString &dir : dirs) {
        if (m_fallback) {
            m_fallback->removePath(dir);
            continue;
        }
        const auto it = m_watchOfDir.constFind(dir);
        if (it == m_watchOfDir.cend()) {
            continue;
        }
        const int wd = *it;
        m_watchOfDir.erase(it);
        if (m_dirOfWatch.value(wd) == dir) {
            m_dirOfWatch.remove(wd);
            inotify_rm_watch(m_inotifyFd, wd);
        }
    }
}

void WorkspaceWatcherWorker::onInotifyReadable()
{
    alignas(inotify_event) char buffer[64 * 1024];
    for (;;) {
        const ssize_t n = read(m_inotifyFd, buffer, sizeof buffer);
        if (n <= 0) {
            return; // EAGAIN: drained
        }
        for (ssize_t at = 0; at < n;) {
            const auto *event = reinterpret_cast<const inotify_event *>(buffer + at);
            at += ssize_t(sizeof(inotify_event) + event->len);
            if (event->mask & IN_Q_OVERFLOW) {
                qCInfo(lcWatcher, "inotify queue overflow: rescanning the workspace");
                for (const QString &dir : m_index.directories()) {
                    markDirty(dir, {});
                }
                continue;
            }
            const auto dir = m_dirOfWatch.constFind(event->wd);
            if (dir == m_dirOfWatch.cend()) {
                continue;
            }
            if (event->mask & IN_IGNORED) {
                if (m_watchOfDir.value(*dir, -1) == event->wd) {
                    m_watchOfDir.remove(*dir);
                }
                m_dirOfWatch.erase(dir);
                continue;
            }
            markDirty(*dir, event->len > 0 ? QFile::decodeName(event->name) : QString());
        }
    }
}

void WorkspaceWatcherWorker::markDirty(const QString &dir, const QString &name)
{
    if (name.isEmpty()) {
        m_dirtyDirs.insert(dir);
    } else {
        m_dirtyNames[dir].insert(name);
    }
    if (!m_debounce.isActive()) {
        m_debounce.start();
    }
}

void WorkspaceWatcherWorker::flush()
{
    m_debounce.stop();
    WorkspaceIndex::Delta delta;
    const QSet<QString> dirs = std::exchange(m_dirtyDirs, {});
    const QHash<QString, QSet<QString>> names = std::exchange(m_dirtyNames, {});
    for (const QString &dir : dirs) {
        if (m_index.contains(dir)) {
            m_index.scanDirectory(dir, &delta);
        }
    }
    for (auto it = names.cbegin(); it != names.cend(); ++it) {
        if (dirs.contains(it.key())) {
            continue;
        }
        for (const QString &name : it.value()) {
            m_index.updateEntry(it.key(), name, &delta);
        }
    }
    // Forget the watches of vanished directories before watching new ones: a directory moved
    // inside the workspace keeps its inode, and inotify would hand back the old watch.
    unwatch(std::exchange(delta.goneDirectories, {}));
    listNew(&delta, false);
    unwatch(delta.goneDirectories);
    emitChanges(&delta.changes, false, true);
}

void WorkspaceWatcherWorker::emitChanges(QList<FileChange> *changes, bool listing, bool final)
{
    if (changes->isEmpty() || (!final && changes->size() < kBatchSize) || stale()) {
        return;
    }
    if (listing) {
        Q_EMIT entriesListed(m_generation, std::exchange(*changes, {}));
    } else {
        Q_EMIT changesDetected(m_generation, std::exchange(*changes, {}));
    }
}

} // namespace Sandcastle::Ui
