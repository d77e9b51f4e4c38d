// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "workspacewatcher.h"

#include <QDir>
#include <QFileInfo>

namespace Sandcastle::Ui {

WorkspaceWatcher::WorkspaceWatcher(QObject *parent)
    : QObject(parent)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &WorkspaceWatcher::flush);
}

void WorkspaceWatcher::setRoot(const QString &directory)
{
    // A fresh watcher drops every old watch at once (removePaths() on thousands is slow).
    delete m_watcher;
    m_watcher = new QFileSystemWatcher(this);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &WorkspaceWatcher::onPathChanged);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, [this](const QString &file) {
        if (!m_watcher->files().contains(file)) {
            m_watchedFiles.remove(file); // deleted or replaced: Qt dropped the watch, the next scan renews it
        }
        onPathChanged(QFileInfo(file).absolutePath());
    });
    m_listings.clear();
    m_watchedFiles.clear();
    m_pending.clear();
    m_debounce.stop();
    m_root = directory.isEmpty() ? QString() : QDir(directory).absolutePath();
    if (!m_root.isEmpty() && QFileInfo(m_root).isDir()) {
        scanDirectory(m_root, nullptr, false);
    }
}

void WorkspaceWatcher::rescanAll()
{
    for (auto it = m_listings.cbegin(); it != m_listings.cend(); ++it) {
        m_pending.insert(it.key());
    }
    flush();
}

void WorkspaceWatcher::onPathChanged(const QString &path)
{
    m_pending.insert(path);
    if (!m_debounce.isActive()) {
        m_debounce.start();
    }
}

void WorkspaceWatcher::flush()
{
    m_debounce.stop();
    QList<FileChange> changes;
    const QSet<QString> pending = std::exchange(m_pending, {});
    for (const QString &dir : pending) {
        if (!m_listings.contains(dir)) {
            continue; // already forgotten with its parent
        }
        if (QFileInfo(dir).isDir()) {
            scanDirectory(dir, &changes, true);
        } else {
            forgetDirectory(dir, &changes);
        }
    }
    if (!changes.isEmpty()) {
        Q_EMIT changesDetected(changes);
    }
}

void WorkspaceWatcher::scanDirectory(const QString &dir, QList<FileChange> *changes, bool report)
{
    const bool known = m_listings.contains(dir);
    if (!known) {
        if (m_listings.size() >= kMaxDirectories) {
            return;
        }
        m_watcher->addPath(dir);
    }
    const Listing before = m_listings.value(dir);
    Listing now;
    const QFileInfoList entries =
        QDir(dir).entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    QStringList filesToWatch;
    const QDateTime noticed = QDateTime::currentDateTime();
    for (const QFileInfo &info : entries) {
        const bool isDir = info.isDir() && !info.isSymLink();
        Entry entry{isDir ? 0 : info.size(), info.lastModified(), isDir};
        now.insert(info.fileName(), entry);
        if (isDir) {
            continue;
        }
        if (!m_watchedFiles.contains(info.absoluteFilePath()) && m_watchedFiles.size() < kMaxFileWatches) {
            filesToWatch.append(info.absoluteFilePath());
        }
        if (!report) {
            continue;
        }
        const auto old = before.constFind(info.fileName());
        FileChange change{FileChange::Kind::Created,
                          relative(info.absoluteFilePath()),
                          entry.size,
                          entry.size,
                          noticed,
                          entry.modified};
        if (old != before.cend() && !old->isDir) {
            if (old->size == entry.size && old->modified == entry.modified) {
                continue;
            }
            change.kind = FileChange::Kind::Modified;
            change.sizeDelta = entry.size - old->size;
        }
        changes->append(change);
    }
    m_listings.insert(dir, now);
    if (!filesToWatch.isEmpty()) {
        for (const QString &f : m_watcher->addPaths(filesToWatch)) {
            filesToWatch.removeOne(f); // addPaths() returns the ones it could not watch
        }
        for (const QString &f : std::as_const(filesToWatch)) {
            m_watchedFiles.insert(f);
        }
    }
    for (auto it = before.cbegin(); it != before.cend(); ++it) {
        const QString path = dir + QLatin1Char('/') + it.key();
        const auto current = now.constFind(it.key());
        if (current != now.cend() && current->isDir == it->isDir) {
            continue;
        }
        if (it->isDir) {
            forgetDirectory(path, changes);
        } else if (changes) {
            m_watchedFiles.remove(path);
            changes->append({FileChange::Kind::Deleted, relative(path), 0, -it->size, noticed, {}});
        }
    }
    for (auto it = now.cbegin(); it != now.cend(); ++it) {
        const QString path = dir + QLatin1Char('/') + it.key();
        if (it->isDir && !m_listings.contains(path)) {
            scanDirectory(path, changes, report);
        }
    }
}

void WorkspaceWatcher::forgetDirectory(const QString &dir, QList<FileChange> *changes)
{
    const Listing listing = m_listings.take(dir);
    m_watcher->removePath(dir);
    const QDateTime noticed = QDateTime::currentDateTime();
    for (auto it = listing.cbegin(); it != listing.cend(); ++it) {
        const QString path = dir + QLatin1Char('/') + it.key();
        if (it->isDir) {
            forgetDirectory(path, changes);
        } else {
            if (m_watchedFiles.remove(path)) {
                m_watcher->removePath(path);
            }
            if (changes) {
                changes->append({FileChange::Kind::Deleted, relative(path), 0, -it->size, noticed, {}});
            }
        }
    }
}

QString WorkspaceWatcher::relative(const QString &absolute) const
{
    return QDir(m_root).relativeFilePath(absolute);
}

} // namespace Sandcastle::Ui
