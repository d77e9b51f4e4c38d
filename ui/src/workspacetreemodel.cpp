// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "workspacetreemodel.h"

#include "sandcastle/core/manifest/manifest.h"

#include <QBrush>
#include <QFont>
#include <QLocale>
#include <QSet>

namespace Sandcastle::Ui {

struct WorkspaceTreeModel::Node
{
    enum class Kind { Group, ManifestEntry, File };
    Node *parent = nullptr;
    int row = 0;
    Kind kind = Kind::File;
    QString name;
    QString detail; ///< manifest entries: type, source, ephemeral
    qint64 size = 0;
    bool isDir = false;
    bool existedBefore = true; ///< there when the run began: a re-creation counts as modified
    Badge badge = NoBadge;
    std::vector<std::unique_ptr<Node>> children;
    QHash<QString, Node *> byName; ///< workspace directories: child by name

    [[nodiscard]] QString path() const
    {
        if (!parent || parent->kind == Kind::Group) {
            return name;
        }
        return parent->path() + QLatin1Char('/') + name;
    }
};

namespace {

qsizetype subtreeSize(const WorkspaceTreeModel::Node &node)
{
    qsizetype n = 1;
    for (const auto &child : node.children) {
        n += subtreeSize(*child);
    }
    return n;
}

} // namespace

WorkspaceTreeModel::WorkspaceTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{
    auto workspace = std::make_unique<Node>();
    workspace->parent = m_root.get();
    workspace->kind = Node::Kind::Group;
    workspace->isDir = true;
    m_workspace = workspace.get();
    m_root->children.push_back(std::move(workspace));
}

WorkspaceTreeModel::~WorkspaceTreeModel() = default;

WorkspaceTreeModel::Node *WorkspaceTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex WorkspaceTreeModel::indexOf(Node *node, int column) const
{
    return node == m_root.get() ? QModelIndex() : createIndex(node->row, column, node);
}

QModelIndex WorkspaceTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent)) {
        return {};
    }
    return createIndex(row, column, nodeOf(parent)->children[size_t(row)].get());
}

QModelIndex WorkspaceTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid()) {
        return {};
    }
    return indexOf(nodeOf(child)->parent);
}

int WorkspaceTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0) {
        return 0;
    }
    return int(nodeOf(parent)->children.size());
}

int WorkspaceTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QString WorkspaceTreeModel::badgeText(Badge badge) const
{
    switch (badge) {
    case CreatedBadge:
        return tr("created");
    case ModifiedBadge:
        return tr("modified");
    case DeletedBadge:
        return tr("deleted");
    case NoBadge:
        break;
    }
    return {};
}

QVariant WorkspaceTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
        return {};
    }
    const Node *node = nodeOf(index);
    switch (role) {
    case BadgeRole:
        return int(node->badge);
    case PathRole:
        return node->kind == Node::Kind::Group ? QString() : node->path();
    case IsDirRole:
        return node->isDir;
    case Qt::FontRole:
        if (node->badge == DeletedBadge || node->kind == Node::Kind::Group) {
            QFont font;
            font.setStrikeOut(node->badge == DeletedBadge);
            font.setBold(node->kind == Node::Kind::Group);
            return font;
        }
        return {};
    case Qt::ForegroundRole:
        switch (node->badge) {
        case CreatedBadge:
            return QBrush(QColor(0x1a, 0x7f, 0x37));
        case ModifiedBadge:
            return QBrush(QColor(0x9a, 0x67, 0x00));
        case DeletedBadge:
            return QBrush(QColor(0xcf, 0x22, 0x2e));
        case NoBadge:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (node->kind == Node::Kind::Group) {
            return {};
        }
        return node->badge == NoBadge ? node->path()
                                      : node->path() + QStringLiteral(" (") + badgeText(node->badge) + u')';
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (Column(index.column())) {
    case NameColumn:
        return node->name;
    case StatusColumn:
        return node->kind == Node::Kind::ManifestEntry ? node->detail : badgeText(node->badge);
    case SizeColumn:
        if (node->kind != Node::Kind::File || node->isDir || node->badge == DeletedBadge) {
            return {};
        }
        return QLocale().formattedDataSize(node->size);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant WorkspaceTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractItemModel::headerData(section, orientation, role);
    }
    switch (Column(section)) {
    case NameColumn:
        return tr("Name");
    case StatusColumn:
        return tr("Status");
    case SizeColumn:
        return tr("Size");
    case ColumnCount:
        break;
    }
    return {};
}

void WorkspaceTreeModel::clearManifest()
{
    if (!m_manifest) {
        return;
    }
    beginRemoveRows({}, 0, 0);
    m_root->children.erase(m_root->children.begin());
    m_manifest = nullptr;
    m_workspace->row = 0;
    endRemoveRows();
}

void WorkspaceTreeModel::setManifest(const Core::Manifest &manifest)
{
    clearManifest();
    if (manifest.entries.empty()) {
        return;
    }
    auto group = std::make_unique<Node>();
    group->parent = m_root.get();
    group->kind = Node::Kind::Group;
    group->name = tr("Manifest");
    group->detail = manifest.root;
    addManifestEntries(group.get(), manifest.entries, {});
    beginInsertRows({}, 0, 0);
    m_manifest = group.get();
    m_root->children.insert(m_root->children.begin(), std::move(group));
    m_workspace->row = 1;
    endInsertRows();
}

void WorkspaceTreeModel::addManifestEntries(Node *parent, const std::vector<Core::ManifestEntry> &entries,
                                            const QString &prefix)
{
    for (const Core::ManifestEntry &entry : entries) {
        auto node = std::make_unique<Node>();
        node->parent = parent;
        node->row = int(parent->children.size());
        node->kind = Node::Kind::ManifestEntry;
        node->name = entry.name;
        node->isDir = entry.isDirLike();
        QString source;
        switch (entry.type) {
        case Core::EntryType::LocalFile:
        case Core::EntryType::LocalDir:
            source = entry.src;
            break;
        case Core::EntryType::GitRepo:
            source = entry.host + u'/' + entry.repo + (entry.ref.isEmpty() ? QString() : u'@' + entry.ref);
            break;
        case Core::EntryType::File:
            source = tr("%n byte(s) inline", nullptr, int(entry.content.size()));
            break;
        case Core::EntryType::Dir:
        case Core::EntryType::Mount:
            break;
        }
        QStringList parts{entry.typeName};
        if (!source.isEmpty()) {
            parts.append(source);
        }
        if (entry.ephemeral) {
            parts.append(tr("ephemeral"));
        }
        node->detail = parts.join(QStringLiteral(" \u00b7 "));
        addManifestEntries(node.get(), entry.children, prefix + entry.name + u'/');
        parent->children.push_back(std::move(node));
    }
}

void WorkspaceTreeModel::resetWorkspace(const QString &name)
{
    const QModelIndex group = workspaceIndex();
    if (!m_workspace->children.empty()) {
        beginRemoveRows(group, 0, int(m_workspace->children.size()) - 1);
        m_workspace->children.clear();
        m_workspace->byName.clear();
        endRemoveRows();
    }
    m_workspaceEntries = 0;
    m_workspace->name = name;
    Q_EMIT dataChanged(group, group.siblingAtColumn(ColumnCount - 1));
}

QModelIndex WorkspaceTreeModel::workspaceIndex() const
{
    return indexOf(m_workspace);
}

WorkspaceTreeModel::Node *WorkspaceTreeModel::find(QStringView path) const
{
    Node *node = m_workspace;
    for (const QStringView part : path.tokenize(u'/', Qt::SkipEmptyParts)) {
        node = node->byName.value(part.toString());
        if (!node) {
            return nullptr;
        }
    }
    return node;
}

QModelIndex WorkspaceTreeModel::indexOfPath(const QString &path) const
{
    Node *node = find(path);
    return node && node != m_workspace ? indexOf(node) : QModelIndex();
}

WorkspaceTreeModel::Node *WorkspaceTreeModel::ensureDirectory(QStringView path)
{
    if (Node *node = find(path)) {
        return node;
    }
    const qsizetype slash = path.lastIndexOf(u'/');
    Node *parent = slash < 0 ? m_workspace : ensureDirectory(path.left(slash));
    std::vector<std::unique_ptr<Node>> one;
    one.push_back(std::make_unique<Node>());
    one.back()->name = (slash < 0 ? path : path.mid(slash + 1)).toString();
    one.back()->isDir = true;
    Node *node = one.back().get();
    appendChildren(parent, &one);
    return node;
}

void WorkspaceTreeModel::appendChildren(Node *parent, std::vector<std::unique_ptr<Node>> *nodes)
{
    if (nodes->empty()) {
        return;
    }
    const int first = int(parent->children.size());
    beginInsertRows(indexOf(parent), first, first + int(nodes->size()) - 1);
    parent->children.reserve(parent->children.size() + nodes->size());
    for (auto &node : *nodes) {
        node->parent = parent;
        node->row = int(parent->children.size());
        parent->byName.insert(node->name, node.get());
        parent->children.push_back(std::move(node));
    }
    m_workspaceEntries += qsizetype(nodes->size());
    nodes->clear();
    endInsertRows();
}

void WorkspaceTreeModel::addListed(const QList<FileChange> &entries)
{
    add(entries, false);
}

void WorkspaceTreeModel::applyChanges(const QList<FileChange> &changes)
{
    add(changes, true);
}

void WorkspaceTreeModel::add(const QList<FileChange> &entries, bool badged)
{
    // Consecutive new entries of one directory (a listing comes directory by directory) are
    // inserted together.
    Node *parent = nullptr;
    QString parentPath;
    std::vector<std::unique_ptr<Node>> pending;
    QSet<QString> pendingNames;
    const auto flush = [&] {
        if (parent) {
            appendChildren(parent, &pending);
        }
        pendingNames.clear();
    };
    for (const FileChange &change : entries) {
        const qsizetype slash = change.path.lastIndexOf(u'/');
        const QString name = slash < 0 ? change.path : change.path.mid(slash + 1);
        const QStringView dirPath = slash < 0 ? QStringView() : QStringView(change.path).left(slash);
        if (!parent || dirPath != parentPath) {
            flush(); // before the lookup: the directory may be among the pending entries
            parent = slash < 0 ? m_workspace : ensureDirectory(dirPath);
            parentPath = dirPath.toString();
        } else if (pendingNames.contains(name)) {
            flush(); // the same name twice in one batch: update the inserted node below
        }
        Node *node = parent->byName.value(name);
        if (!node) {
            if (badged && change.kind == FileChange::Kind::Deleted) {
                continue; // appeared and vanished between two looks
            }
            auto fresh = std::make_unique<Node>();
            fresh->name = name;
            fresh->isDir = change.isDir;
            fresh->size = change.size;
            fresh->existedBefore = !badged;
            fresh->badge = badged ? CreatedBadge : NoBadge;
            pendingNames.insert(name);
            pending.push_back(std::move(fresh));
            continue;
        }
        node->isDir = change.isDir;
        node->size = change.size;
        if (badged) {
            node->badge = change.kind == FileChange::Kind::Deleted ? DeletedBadge
                          : node->existedBefore                    ? ModifiedBadge
                                                                   : CreatedBadge;
        }
        const QModelIndex at = indexOf(node);
        Q_EMIT dataChanged(at, at.siblingAtColumn(ColumnCount - 1));
    }
    flush();
}

void WorkspaceTreeModel::startRun()
{
    removeDeleted(m_workspace);
}

void WorkspaceTreeModel::removeDeleted(Node *parent)
{
    auto &children = parent->children;
    // From the back, one removal per run of adjacent deleted entries.
    for (int last = int(children.size()) - 1; last >= 0;) {
        if (children[size_t(last)]->badge != DeletedBadge) {
            Node *child = children[size_t(last)].get();
            if (child->badge != NoBadge || !child->existedBefore) {
                child->badge = NoBadge;
                child->existedBefore = true;
                const QModelIndex at = indexOf(child);
                Q_EMIT dataChanged(at, at.siblingAtColumn(ColumnCount - 1));
            }
            removeDeleted(child);
            --last;
            continue;
        }
        int first = last;
        while (first > 0 && children[size_t(first - 1)]->badge == DeletedBadge) {
            --first;
        }
        beginRemoveRows(indexOf(parent), first, last);
        for (int r = first; r <= last; ++r) {
            parent->byName.remove(children[size_t(r)]->name);
            m_workspaceEntries -= subtreeSize(*children[size_t(r)]);
        }
        children.erase(children.begin() + first, children.begin() + last + 1);
        for (size_t r = size_t(first); r < children.size(); ++r) {
            children[r]->row = int(r);
        }
        endRemoveRows();
        last = first - 1;
    }
}

} // namespace Sandcastle::Ui
