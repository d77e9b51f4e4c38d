// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QFileSystemWatcher>
#include <QHash>
#include <QList>
#include <QSet>
#include <QTimer>

namespace Sandcastle::Ui {

/// One file that appeared, changed or disappeared in a watched workspace.
struct FileChange
{
    enum class Kind { Created, Modified, Deleted };
    Kind kind = Kind::Created;
    QString path;    ///< relative to the workspace root, '/'-separated
    qint64 size = 0; ///< after the change (0 when deleted)
    qint64 sizeDelta = 0;
    QDateTime time;     ///< when it was noticed
    QDateTime modified; ///< the file's mtime after the change (invalid when deleted)
};

/// Watches a directory tree with QFileSystemWatcher (every directory, plus files up to
/// kMaxFileWatches so in-place writes are seen too) and reports created/modified/deleted files.
/// Notifications are debounced (kDebounceMs); then each touched directory's listing (name, size,
/// mtime) is diffed against the previous one. New subdirectories are watched (their files count as
/// created); removed ones report their files as deleted. GUI thread only.
class WorkspaceWatcher : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDebounceMs = 150;
    static constexpr int kMaxFileWatches = 4000;
    static constexpr int kMaxDirectories = 20000;

    explicit WorkspaceWatcher(QObject *parent = nullptr);

    /// Forgets the previous tree and lists `directory` recursively (no changes reported for it).
    void setRoot(const QString &directory);
    [[nodiscard]] QString root() const { return m_root; }
    /// Re-lists every known directory now (for writes the watches missed).
    void rescanAll();

Q_SIGNALS:
    void changesDetected(const QList<Sandcastle::Ui::FileChange> &changes);

private:
    struct Entry
    {
        qint64 size = 0;
        QDateTime modified;
        bool isDir = false;
    };
    using Listing = QHash<QString, Entry>; ///< file name -> entry

    void onPathChanged(const QString &path);
    void flush();
    void scanDirectory(const QString &dir, QList<FileChange> *changes, bool report);
    void forgetDirectory(const QString &dir, QList<FileChange> *changes);
    [[nodiscard]] QString relative(const QString &absolute) const;

    QString m_root;
    QFileSystemWatcher *m_watcher = nullptr;
    QHash<QString, Listing> m_listings; ///< absolute directory -> its last listing
    QSet<QString> m_watchedFiles;
    QSet<QString> m_pending;
    QTimer m_debounce;
};

} // namespace Sandcastle::Ui

Q_DECLARE_METATYPE(Sandcastle::Ui::FileChange)
