// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/gitstatusmodel.h"

#include "backgroundtask.h"

namespace Sandcastle::Ui {

using Core::GitFileStatus;

GitStatusModel::GitStatusModel(QObject *parent)
    : QAbstractListModel(parent)
{}

void GitStatusModel::refresh(const QString &workspaceDir)
{
    const quint64 generation = ++m_generation;
    if (workspaceDir.isEmpty()) {
        setEntries({}, {});
        Q_EMIT refreshed();
        return;
    }
    Internal::runInBackground([workspaceDir] {
        return Core::GitChanges::status(workspaceDir);
    }).then(this, [this, generation](const Core::Result<QList<GitFileStatus>> &status) {
        if (generation != m_generation) {
            return; // a newer refresh is on its way
        }
        if (status) {
            setEntries(*status, {});
        } else {
            setEntries({}, status.error().code == Core::ErrorCode::NotFound ? QString() : status.error().toString());
        }
        Q_EMIT refreshed();
    });
}

void GitStatusModel::setEntries(QList<GitFileStatus> entries, const QString &error)
{
    beginResetModel();
    m_entries = std::move(entries);
    m_error = error;
    endResetModel();
}

int GitStatusModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant GitStatusModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const GitFileStatus &entry = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (entry.state) {
        case GitFileStatus::State::Modified:
            return tr("M  %1").arg(entry.path);
        case GitFileStatus::State::Added:
            return tr("A  %1").arg(entry.path);
        case GitFileStatus::State::Deleted:
            return tr("D  %1").arg(entry.path);
        case GitFileStatus::State::Untracked:
            return tr("?  %1").arg(entry.path);
        }
        return entry.path;
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole:
        switch (entry.state) {
        case GitFileStatus::State::Modified:
            return tr("%1: modified since HEAD").arg(entry.path);
        case GitFileStatus::State::Added:
            return tr("%1: added (in the index, not in HEAD)").arg(entry.path);
        case GitFileStatus::State::Deleted:
            return tr("%1: deleted since HEAD").arg(entry.path);
        case GitFileStatus::State::Untracked:
            return tr("%1: untracked").arg(entry.path);
        }
        return entry.path;
    case PathRole:
        return entry.path;
    case StateRole:
        return Core::gitFileStateName(entry.state);
    default:
        return {};
    }
}

} // namespace Sandcastle::Ui
