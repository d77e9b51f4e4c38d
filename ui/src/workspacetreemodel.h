// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "workspaceindex.h"

#include <QAbstractItemModel>

#include <memory>
#include <vector>

namespace Sandcastle::Core {
class Manifest;
struct ManifestEntry;
} // namespace Sandcastle::Core

namespace Sandcastle::Ui {

/// The manifest & workspace tree: a "Manifest" group with the manifest's entries (type, source,
/// ephemeral) when there is a manifest, then the workspace group with the live file tree. The
/// watcher's first listing fills the tree (addListed(), in batches); changes during a run
/// (applyChanges()) insert entries and give them a badge: created, modified or deleted. Deleted
/// entries stay, struck through, until startRun() begins the next run. A directory's listed
/// entries come directories first, by name; entries that appear later are appended. GUI thread only.
class WorkspaceTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, StatusColumn, SizeColumn, ColumnCount };
    enum Badge { NoBadge, CreatedBadge, ModifiedBadge, DeletedBadge };
    enum Role {
        BadgeRole = Qt::UserRole + 1, ///< int: Badge
        PathRole,                     ///< QString: path relative to the workspace, or the entry's manifest path
        IsDirRole,                    ///< bool
    };

    explicit WorkspaceTreeModel(QObject *parent = nullptr);
    ~WorkspaceTreeModel() override;

    [[nodiscard]] QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    [[nodiscard]] QModelIndex parent(const QModelIndex &child) const override;
    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

    /// Shows `manifest`'s entries in the manifest group (an empty one hides the group).
    void setManifest(const Core::Manifest &manifest);
    void clearManifest();
    /// Empties the workspace group and names it `name` (the watcher lists the new root next).
    void resetWorkspace(const QString &name);
    /// Entries of the first listing: no badges.
    void addListed(const QList<FileChange> &entries);
    /// Changes during a run: entries inserted or updated, with badges.
    void applyChanges(const QList<FileChange> &changes);
    /// A new run begins: deleted entries go, the other badges are cleared.
    void startRun();

    /// The workspace group (parent of the top-level files).
    [[nodiscard]] QModelIndex workspaceIndex() const;
    /// The entry at `path` (relative to the workspace), or an invalid index.
    [[nodiscard]] QModelIndex indexOfPath(const QString &path) const;
    /// Number of files and directories in the workspace group (deleted ones included).
    [[nodiscard]] qsizetype workspaceEntryCount() const { return m_workspaceEntries; }

    struct Node;

private:
    [[nodiscard]] Node *nodeOf(const QModelIndex &index) const;
    [[nodiscard]] QModelIndex indexOf(Node *node, int column = 0) const;
    [[nodiscard]] Node *find(QStringView path) const;
    Node *ensureDirectory(QStringView path);
    void add(const QList<FileChange> &entries, bool badged);
    void appendChildren(Node *parent, std::vector<std::unique_ptr<Node>> *nodes);
    void removeDeleted(Node *parent);
    void addManifestEntries(Node *parent, const std::vector<Core::ManifestEntry> &entries, const QString &prefix);
    [[nodiscard]] QString badgeText(Badge badge) const;

    std::unique_ptr<Node> m_root;
    Node *m_manifest = nullptr;  ///< the manifest group, or null when there is none
    Node *m_workspace = nullptr; ///< the workspace group (always there)
    qsizetype m_workspaceEntries = 0;
};

} // namespace Sandcastle::Ui
