// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractItemModel>
#include <QDateTime>
#include <QFileSystemWatcher>
#include <QList>
#include <QTimer>

#include <memory>
#include <vector>

namespace Sandcastle::Ui {

/// The memory files of a workspace (spec 2.5 layout) as a two-level tree: groups (summary,
/// handbook, rollout summaries, raw memories, skills, sessions) with their files beneath. Paths are
/// relative to the workspace: `<memories dir>/memory_summary.md`, `<memories dir>/MEMORY.md`,
/// `<memories dir>/rollout_summaries/*.md`, `<memories dir>/raw_memories.md` and `raw_memories/*.md`,
/// `<memories dir>/skills/**` and `<sessions dir>/*.jsonl`. Empty groups are left out.
///
/// Refreshed when the files change: a QFileSystemWatcher on the directories and files, debounced
/// (kRefreshDelayMs). When the same files are still there, a refresh only updates sizes and times
/// (dataChanged, fileChanged for each file that changed); when files came or went, the model
/// resets. Columns: name, size, modified. GUI thread only.
class MemoryModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, SizeColumn, ModifiedColumn, ColumnCount };
    enum Role {
        PathRole = Qt::UserRole + 1, ///< QString: absolute path of a file; empty for a group
        RelativePathRole,            ///< QString: path relative to the workspace
        EditableRole,                ///< bool: Markdown and JSON files are editable, session logs are not
    };
    static constexpr int kRefreshDelayMs = 150;

    explicit MemoryModel(QObject *parent = nullptr);
    ~MemoryModel() override;

    /// Shows the memory of `workspace` (empty: nothing). `memoriesDir` and `sessionsDir` are
    /// relative to it, as in the memory capability's layout config.
    void setWorkspace(const QString &workspace, const QString &memoriesDir = QStringLiteral("memories"),
                      const QString &sessionsDir = QStringLiteral("sessions"));
    [[nodiscard]] QString workspace() const { return m_workspace; }
    /// Reads the files again now (the watcher does this by itself).
    void refresh();
    /// The index of the file at `absolutePath`, or invalid.
    [[nodiscard]] QModelIndex indexForPath(const QString &absolutePath) const;
    /// Number of files shown.
    [[nodiscard]] int fileCount() const;

    [[nodiscard]] QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    [[nodiscard]] QModelIndex parent(const QModelIndex &child) const override;
    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// A file shown by the model changed on disk (content or time).
    void fileChanged(const QString &absolutePath);

private:
    struct File
    {
        QString relative;
        QString absolute;
        qint64 size = 0;
        QDateTime modified;
    };
    struct Group
    {
        QString key;
        QString title;
        std::vector<File> files;
    };

    [[nodiscard]] std::vector<Group> scan() const;
    void applyScan(std::vector<Group> fresh);
    void updateWatches();

    QString m_workspace;
    QString m_memoriesDir;
    QString m_sessionsDir;
    std::vector<Group> m_groups;
    std::unique_ptr<QFileSystemWatcher> m_watcher;
    QTimer m_refreshTimer;
};

} // namespace Sandcastle::Ui
