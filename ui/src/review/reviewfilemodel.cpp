// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/reviewfilemodel.h"

#include "review/diffdocument.h"
#include "review/reviewstate.h"

namespace Sandcastle::Ui {

ReviewFileModel::ReviewFileModel(QObject *parent)
    : QAbstractListModel(parent)
{}

void ReviewFileModel::setDocument(const DiffDocument *document, const ReviewState *state)
{
    beginResetModel();
    m_document = document;
    m_state = state;
    endResetModel();
}

void ReviewFileModel::decisionsChanged()
{
    if (rowCount() > 0) {
        Q_EMIT dataChanged(index(0), index(rowCount() - 1));
    }
}

int ReviewFileModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_document ? 0 : int(m_document->changeSet().files.size());
}

QVariant ReviewFileModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Core::ChangeSetFile &file = m_document->changeSet().files.at(index.row());
    const auto units = [this, &index] {
        QList<ReviewState::Unit> out;
        for (const ReviewState::Unit &unit : m_document->reviewUnits()) {
            if (unit.first == index.row()) {
                out.append(unit);
            }
        }
        return out;
    };
    switch (role) {
    case Qt::DisplayRole:
        if (file.isBinary()) {
            return tr("%1  (binary)").arg(file.change.path);
        }
        return QStringLiteral("%1  +%2 \u2212%3").arg(file.change.path).arg(file.diff.added).arg(file.diff.removed);
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole:
        return tr("%1: %2, %3 lines added, %4 removed")
            .arg(file.change.path, Core::changeKindName(file.change.kind))
            .arg(file.diff.added)
            .arg(file.diff.removed);
    case PathRole:
        return file.change.path;
    case KindRole:
        return Core::changeKindName(file.change.kind);
    case AddedRole:
        return file.diff.added;
    case RemovedRole:
        return file.diff.removed;
    case BinaryRole:
        return file.isBinary();
    case DecidedRole: {
        const QList<ReviewState::Unit> u = units();
        return m_state ? int(u.size()) - m_state->count(u, ReviewState::Decision::Undecided) : 0;
    }
    case UnitsRole:
        return int(units().size());
    default:
        return {};
    }
}

} // namespace Sandcastle::Ui
