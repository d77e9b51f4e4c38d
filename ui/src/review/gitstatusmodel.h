// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/review/gitchanges.h"

#include <QAbstractListModel>

namespace Sandcastle::Ui {

/// The Review dock's "working tree against HEAD" list for a workspace in a git repository: one row
/// per path `git status` reports (modified, added, deleted, untracked; GitChanges::status()).
/// refresh() reads it on a worker thread; a refresh that is overtaken by a newer one is dropped.
/// GUI thread only.
class GitStatusModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        PathRole = Qt::UserRole + 1, ///< QString, relative to the workspace
        StateRole,                   ///< QString: modified | added | deleted | untracked
    };

    explicit GitStatusModel(QObject *parent = nullptr);

    /// Reads the status of `workspaceDir` in the background; an empty directory (or one outside
    /// any git repository) empties the list.
    void refresh(const QString &workspaceDir);
    [[nodiscard]] const QList<Core::GitFileStatus> &entries() const { return m_entries; }
    /// Why the last refresh has no rows ("" when it has, or when it found a clean work tree).
    [[nodiscard]] QString error() const { return m_error; }

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// A refresh finished (the rows are the new status).
    void refreshed();

private:
    void setEntries(QList<Core::GitFileStatus> entries, const QString &error);

    QList<Core::GitFileStatus> m_entries;
    QString m_error;
    quint64 m_generation = 0;
};

} // namespace Sandcastle::Ui
