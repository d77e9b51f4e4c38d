// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/ui/changesmodel.h"

#include "workspacewatcher.h"

#include <QLocale>

namespace Sandcastle::Ui {

namespace {

constexpr qsizetype kMaxCauses = 64;

} // namespace

ChangesModel::ChangesModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_watcher(new WorkspaceWatcher(this))
{
    connect(m_watcher, &WorkspaceWatcher::changesDetected, this, &ChangesModel::addChanges);
}

ChangesModel::~ChangesModel() = default;

int ChangesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ChangesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ChangesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case KindRole:
        return row.kind;
    case PathRole:
        return row.path;
    case CallIdRole:
        return row.callId;
    case SizeDeltaRole:
        return row.sizeDelta;
    case Qt::ToolTipRole:
        return index.column() == CauseColumn ? row.cause : QVariant(row.path);
    case Qt::TextAlignmentRole:
        return index.column() == SizeDeltaColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (Column(index.column())) {
    case TimeColumn:
        return QLocale().toString(row.time.time(), QLocale::ShortFormat);
    case PathColumn:
        return row.path;
    case KindColumn:
        switch (FileChange::Kind(row.kind)) {
        case FileChange::Kind::Created:
            return tr("created");
        case FileChange::Kind::Modified:
            return tr("modified");
        case FileChange::Kind::Deleted:
            return tr("deleted");
        }
        return {};
    case SizeDeltaColumn:
        return row.sizeDelta > 0 ? QStringLiteral("+%1").arg(row.sizeDelta) : QString::number(row.sizeDelta);
    case CauseColumn:
        return row.cause;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ChangesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (Column(section)) {
    case TimeColumn:
        return tr("Time");
    case PathColumn:
        return tr("Path");
    case KindColumn:
        return tr("Change");
    case SizeDeltaColumn:
        return tr("Size \u0394");
    case CauseColumn:
        return tr("Cause");
    case ColumnCount:
        break;
    }
    return {};
}

void ChangesModel::setWorkspace(const QString &directory)
{
    clear();
    m_watcher->setRoot(directory);
}

QString ChangesModel::workspace() const
{
    return m_watcher->root();
}

bool ChangesModel::isListing() const
{
    return m_watcher->isListing();
}

void ChangesModel::toolStarted(const QString &callId, const QString &cause)
{
    m_causes.append({callId, cause, QDateTime::currentDateTime(), {}});
    if (m_causes.size() > kMaxCauses) {
        m_causes.removeFirst();
    }
}

void ChangesModel::toolFinished(const QString &callId)
{
    for (Cause &cause : m_causes) {
        if (cause.callId == callId && !cause.finished.isValid()) {
            cause.finished = QDateTime::currentDateTime();
        }
    }
}

void ChangesModel::rescan()
{
    m_watcher->rescanAll();
}

void ChangesModel::clear()
{
    if (m_rows.isEmpty()) {
        return;
    }
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

const ChangesModel::Cause *ChangesModel::causeAt(const QDateTime &time) const
{
    // The newest call whose span (with grace for the debounce and coarse file times) holds `time`.
    for (auto it = m_causes.crbegin(); it != m_causes.crend(); ++it) {
        if (it->started.addMSecs(-50) <= time &&
            (!it->finished.isValid() || time <= it->finished.addMSecs(kCauseGraceMs))) {
            return &*it;
        }
    }
    return nullptr;
}

void ChangesModel::addChanges(const QList<FileChange> &all)
{
    QList<FileChange> changes;
    changes.reserve(all.size());
    std::copy_if(all.cbegin(), all.cend(), std::back_inserter(changes), [](const FileChange &c) { return !c.isDir; });
    if (changes.isEmpty()) {
        return;
    }
    if (m_rows.size() + changes.size() > kMaxRows) {
        const int drop = int(std::min(m_rows.size(), m_rows.size() + changes.size() - kMaxRows));
        if (drop > 0) {
            beginRemoveRows({}, 0, drop - 1);
            m_rows.remove(0, drop);
            endRemoveRows();
        }
    }
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(changes.size()) - 1);
    for (const FileChange &change : changes) {
        Row row{int(change.kind), change.path, change.sizeDelta, change.time, {}, {}};
        // A deletion has no file time; the watcher noticed it at most one debounce after the fact.
        const QDateTime when = change.modified.isValid() ? change.modified : change.time;
        if (const Cause *cause = causeAt(when)) {
            row.callId = cause->callId;
            row.cause = cause->label;
        }
        m_rows.append(row);
    }
    endInsertRows();
}

} // namespace Sandcastle::Ui
