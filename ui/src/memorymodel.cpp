// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/ui/memorymodel.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QLocale>

#include <algorithm>

namespace Sandcastle::Ui {

namespace {

constexpr quintptr kGroupId = 0; ///< internalId of group rows; files carry their group row + 1
constexpr int kMaxFilesPerGroup = 2000;

} // namespace

MemoryModel::MemoryModel(QObject *parent)
    : QAbstractItemModel(parent)
{
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(kRefreshDelayMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, &MemoryModel::refresh);
}

MemoryModel::~MemoryModel() = default;

void MemoryModel::setWorkspace(const QString &workspace, const QString &memoriesDir, const QString &sessionsDir)
{
    beginResetModel();
    m_workspace = workspace.isEmpty() ? QString() : QDir::cleanPath(workspace);
    m_memoriesDir = memoriesDir;
    m_sessionsDir = sessionsDir;
    m_groups = scan();
    endResetModel();
    updateWatches();
}

std::vector<MemoryModel::Group> MemoryModel::scan() const
{
    std::vector<Group> groups;
    if (m_workspace.isEmpty()) {
        return groups;
    }
    const QDir root(m_workspace);
    auto file = [&](const QString &relative) -> std::optional<File> {
        const QFileInfo info(root.filePath(relative));
        if (!info.isFile()) {
            return std::nullopt;
        }
        return File{QDir::cleanPath(relative), info.absoluteFilePath(), info.size(), info.lastModified()};
    };
    auto files = [&](const QString &dir, const QStringList &patterns, bool recursive) {
        std::vector<File> out;
        QDirIterator it(root.filePath(dir), patterns, QDir::Files | QDir::NoDotAndDotDot,
                        recursive ? QDirIterator::Subdirectories : QDirIterator::NoIteratorFlags);
        while (it.hasNext() && int(out.size()) < kMaxFilesPerGroup) {
            it.next();
            if (std::optional<File> f = file(root.relativeFilePath(it.filePath()))) {
                out.push_back(*f);
            }
        }
        std::ranges::sort(out, {}, &File::relative);
        return out;
    };
    auto add = [&](const QString &key, const QString &title, std::vector<File> list) {
        if (!list.empty()) {
            groups.push_back(Group{key, title, std::move(list)});
        }
    };
    auto single = [&](const QString &relative) {
        std::vector<File> out;
        if (std::optional<File> f = file(relative)) {
            out.push_back(*f);
        }
        return out;
    };
    const QString mem = m_memoriesDir + QLatin1Char('/');
    add(QStringLiteral("summary"), tr("Summary"), single(mem + QLatin1String("memory_summary.md")));
    add(QStringLiteral("handbook"), tr("Handbook"), single(mem + QLatin1String("MEMORY.md")));
    add(QStringLiteral("rollouts"), tr("Rollout summaries"),
        files(mem + QLatin1String("rollout_summaries"), {QStringLiteral("*.md")}, false));
    std::vector<File> raw = single(mem + QLatin1String("raw_memories.md"));
    std::vector<File> rawDir = files(mem + QLatin1String("raw_memories"), {QStringLiteral("*.md")}, false);
    raw.insert(raw.end(), rawDir.begin(), rawDir.end());
    add(QStringLiteral("raw"), tr("Raw memories"), std::move(raw));
    add(QStringLiteral("skills"), tr("Skills"), files(mem + QLatin1String("skills"), {}, true));
    add(QStringLiteral("sessions"), tr("Sessions"), files(m_sessionsDir, {QStringLiteral("*.jsonl")}, false));
    return groups;
}

void MemoryModel::refresh()
{
    applyScan(scan());
    updateWatches();
}

void MemoryModel::applyScan(std::vector<Group> fresh)
{
    const bool sameShape = std::ranges::equal(fresh, m_groups, [](const Group &a, const Group &b) {
        return a.key == b.key && std::ranges::equal(a.files, b.files, {}, &File::relative, &File::relative);
    });
    if (!sameShape) {
        beginResetModel();
        m_groups = std::move(fresh);
        endResetModel();
        return;
    }
    for (size_t g = 0; g < m_groups.size(); ++g) {
        for (size_t f = 0; f < m_groups[g].files.size(); ++f) {
            File &old = m_groups[g].files[f];
            const File &now = fresh[g].files[f];
            if (old.size == now.size && old.modified == now.modified) {
                continue;
            }
            old = now;
            const QModelIndex first = createIndex(int(f), 0, quintptr(g + 1));
            Q_EMIT dataChanged(first, first.siblingAtColumn(ColumnCount - 1));
            Q_EMIT fileChanged(old.absolute);
        }
    }
}

void MemoryModel::updateWatches()
{
    // A new watcher each time: cheap for a few hundred paths, and no stale watches on removed files.
    m_watcher = std::make_unique<QFileSystemWatcher>();
    if (m_workspace.isEmpty()) {
        return;
    }
    const QDir root(m_workspace);
    QStringList paths{m_workspace};
    for (const QString &dir : {m_memoriesDir, m_sessionsDir}) {
        const QString absolute = root.filePath(dir);
        if (QFileInfo(absolute).isDir()) {
            paths.append(absolute);
            QDirIterator it(absolute, QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                paths.append(it.next());
            }
        }
    }
    for (const Group &group : m_groups) {
        for (const File &file : group.files) {
            paths.append(file.absolute);
        }
    }
    m_watcher->addPaths(paths);
    auto schedule = [this] { m_refreshTimer.start(); };
    connect(m_watcher.get(), &QFileSystemWatcher::directoryChanged, this, schedule);
    connect(m_watcher.get(), &QFileSystemWatcher::fileChanged, this, schedule);
}

QModelIndex MemoryModel::indexForPath(const QString &absolutePath) const
{
    const QString clean = QDir::cleanPath(absolutePath);
    for (size_t g = 0; g < m_groups.size(); ++g) {
        for (size_t f = 0; f < m_groups[g].files.size(); ++f) {
            if (m_groups[g].files[f].absolute == clean) {
                return createIndex(int(f), 0, quintptr(g + 1));
            }
        }
    }
    return {};
}

int MemoryModel::fileCount() const
{
    int n = 0;
    for (const Group &g : m_groups) {
        n += int(g.files.size());
    }
    return n;
}

QModelIndex MemoryModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent)) {
        return {};
    }
    if (!parent.isValid()) {
        return createIndex(row, column, kGroupId);
    }
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex MemoryModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == kGroupId) {
        return {};
    }
    return createIndex(int(child.internalId() - 1), 0, kGroupId);
}

int MemoryModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid()) {
        return int(m_groups.size());
    }
    if (parent.column() != 0 || parent.internalId() != kGroupId) {
        return 0;
    }
    return int(m_groups[size_t(parent.row())].files.size());
}

int MemoryModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant MemoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
        return {};
    }
    if (index.internalId() == kGroupId) {
        const Group &group = m_groups[size_t(index.row())];
        if (role == Qt::DisplayRole && index.column() == NameColumn) {
            return group.title;
        }
        if (role == Qt::DisplayRole && index.column() == SizeColumn) {
            return tr("%n file(s)", nullptr, int(group.files.size()));
        }
        if (role == EditableRole) {
            return false;
        }
        return {};
    }
    const Group &group = m_groups[size_t(index.internalId() - 1)];
    const File &file = group.files[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            if (group.key == QLatin1String("skills")) { // skills keep their folder: name/SKILL.md
                return file.relative.mid(QDir::cleanPath(m_memoriesDir + QLatin1String("/skills")).size() + 1);
            }
            return QFileInfo(file.relative).fileName();
        case SizeColumn:
            return QLocale().formattedDataSize(file.size);
        case ModifiedColumn:
            return QLocale().toString(file.modified, QLocale::ShortFormat);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return file.relative;
    case PathRole:
        return file.absolute;
    case RelativePathRole:
        return file.relative;
    case EditableRole:
        return group.key != QLatin1String("sessions");
    default:
        return {};
    }
}

QVariant MemoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case NameColumn:
        return tr("Name");
    case SizeColumn:
        return tr("Size");
    case ModifiedColumn:
        return tr("Modified");
    default:
        return {};
    }
}

} // namespace Sandcastle::Ui
