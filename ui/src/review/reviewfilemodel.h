// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/review/changeset.h"

#include <QAbstractListModel>

namespace Sandcastle::Ui {

class DiffDocument;
class ReviewState;

/// The review view's file list: one row per file of the shown change set with its path, kind and
/// +added/-removed line counts, and how many of its hunks are decided. GUI thread only.
class ReviewFileModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        PathRole = Qt::UserRole + 1, ///< QString
        KindRole,                    ///< QString: add | update | delete | move
        AddedRole,                   ///< int
        RemovedRole,                 ///< int
        BinaryRole,                  ///< bool
        DecidedRole,                 ///< int: hunks (or the whole file) with a decision
        UnitsRole,                   ///< int: hunks of the file (1 for a file without text hunks)
    };

    explicit ReviewFileModel(QObject *parent = nullptr);

    /// Shows the files of `document` (not owned; null: none) and the decisions in `state`.
    void setDocument(const DiffDocument *document, const ReviewState *state);
    /// The decisions changed: updates the rows' texts.
    void decisionsChanged();

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    const DiffDocument *m_document = nullptr;
    const ReviewState *m_state = nullptr;
};

} // namespace Sandcastle::Ui
