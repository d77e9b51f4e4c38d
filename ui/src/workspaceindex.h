// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace Sandcastle::Ui {

/// One file or directory that appeared, changed or disappeared in a watched workspace (or, in a
/// first listing, one entry that is there).
struct FileChange
{
    enum class Kind { Created, Modified, Deleted };
    Kind kind = Kind::Created;
    QString path;    ///< relative to the workspace root, '/'-separated
    qint64 size = 0; ///< after the change (0 when deleted, and for directories)
    qint64 sizeDelta = 0;
    QDateTime time;     ///< when it was noticed
    QDateTime modified; ///< the entry's mtime after the change (invalid when deleted)
    bool isDir = false;
};

/// The last listing (name, size, mtime, directory or not) of every directory of a workspace, and
/// the diff of a directory or one entry against it. Symbolic links count as files. Plain data, no
/// signals: the watcher's worker thread owns it (not thread-safe).
class WorkspaceIndex
{
public:
    /// What one listing call found beyond the changed entries.
    struct Delta
    {
        QList<FileChange> changes;
        QStringList newDirectories;  ///< absolute, not listed yet: list them next
        QStringList goneDirectories; ///< absolute, forgotten with everything beneath
    };

    void reset(const QString &root);
    [[nodiscard]] QString root() const { return m_root; }
    [[nodiscard]] bool contains(const QString &dir) const { return m_listings.contains(dir); }
    [[nodiscard]] QStringList directories() const { return m_listings.keys(); }

    /// Lists the absolute directory `dir` and diffs it against its last listing (an unknown
    /// directory has an empty one, so all its entries count as created). Entries come sorted,
    /// directories first. A directory that cannot be opened is forgotten.
    void scanDirectory(const QString &dir, Delta *delta);
    /// Re-checks the entry `name` of the listed directory `dir` (an inotify event named it).
    void updateEntry(const QString &dir, const QString &name, Delta *delta);
    /// Forgets `dir` and everything beneath; its entries are reported deleted.
    void forgetDirectory(const QString &dir, Delta *delta);

private:
    struct Entry
    {
        qint64 size = 0;
        qint64 mtimeMs = 0;
        bool isDir = false;
        friend bool operator==(const Entry &, const Entry &) = default;
    };
    using Listing = QHash<QString, Entry>; ///< file name -> entry

    [[nodiscard]] QString relative(const QString &dir, const QString &name) const;
    void report(FileChange::Kind kind, const QString &dir, const QString &name, const Entry &now, const Entry &before,
                Delta *delta) const;

    QString m_root;
    QHash<QString, Listing> m_listings; ///< absolute directory -> its last listing
    QDateTime m_noticed;                ///< the time stamp of the current call's changes
};

} // namespace Sandcastle::Ui

Q_DECLARE_METATYPE(Sandcastle::Ui::FileChange)
