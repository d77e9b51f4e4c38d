// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "workspacewatcher.h"

#include "workspacewatcherworker.h"

#include <QDir>

namespace Sandcastle::Ui {

WorkspaceWatcher::WorkspaceWatcher(QObject *parent)
    : QObject(parent)
    , m_worker(new WorkspaceWatcherWorker(&m_generation, kDebounceMs))
{
    m_thread.setObjectName(QStringLiteral("WorkspaceWatcher"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &WorkspaceWatcherWorker::entriesListed, this,
            [this](int generation, const QList<FileChange> &entries) {
                if (generation == m_generation.load()) {
                    Q_EMIT entriesListed(entries);
                }
            });
    connect(m_worker, &WorkspaceWatcherWorker::listingFinished, this,
            [this](int generation, bool inotify, int watched, int unwatched, int maxWatches) {
                if (generation == m_generation.load()) {
                    m_listing = false;
                    Q_EMIT listingFinished(inotify, watched, unwatched, maxWatches);
                }
            });
    connect(m_worker, &WorkspaceWatcherWorker::changesDetected, this,
            [this](int generation, const QList<FileChange> &changes) {
                if (generation == m_generation.load()) {
                    Q_EMIT changesDetected(changes);
                }
            });
    m_thread.start();
}

WorkspaceWatcher::~WorkspaceWatcher()
{
    m_generation.store(-1); // a listing in progress stops at its next directory
    m_thread.quit();
    m_thread.wait();
}

void WorkspaceWatcher::setRoot(const QString &directory)
{
    m_root = directory.isEmpty() ? QString() : QDir(directory).absolutePath();
    const int generation = m_generation.fetch_add(1) + 1;
    m_listing = !m_root.isEmpty() && QFileInfo(m_root).isDir();
    const QString root = m_listing ? m_root : QString();
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, root, generation] { worker->start(root, generation); });
    Q_EMIT rootChanged(m_root);
}

void WorkspaceWatcher::rescanAll()
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->rescanAll(); });
}

void WorkspaceWatcher::setWatchLimitForTest(int count)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, count] { worker->setWatchLimitForTest(count); });
}

} // namespace Sandcastle::Ui
