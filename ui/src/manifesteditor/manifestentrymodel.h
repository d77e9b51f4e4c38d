// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractListModel>
#include <QJsonObject>
#include <QList>

namespace Sandcastle::Ui {

/// The rows of the manifest editor: the manifest's top-level entries, then its environment
/// variables (each group sorted by name as read: a saved manifest lists them sorted). Each row keeps its JSON object as
/// read, and edits set or remove single fields of it, so fields the editor has no control for (children, permissions,
/// mount options) survive a save unchanged; the top-level fields other than `entries` and `environment` too. Validation
/// is not done here: the editor runs the core ManifestParser over toJson() and marks the row (ErrorRole) and field that
/// the error's JSON pointer names (locate()).
class ManifestEntryModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum class Kind { Entry, Environment };
    enum Role {
        KindRole = Qt::UserRole + 1, ///< Kind as int
        KeyRole,                     ///< the entry path or variable name
        TypeRole,                    ///< entries: the JSON `type`; variables: "environment"
        ErrorRole,                   ///< the validation message for this row, or empty
    };

    /// Where a JSON pointer of a parser error points: a row (-1: the manifest as a whole) and
    /// the field ("key" for the path or name itself, else the JSON field: content, src, repo, ...).
    struct Location
    {
        int row = -1;
        QString field;
    };

    explicit ManifestEntryModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    /// Replaces everything with `manifest` (a JSON object the parser accepted, or a new one).
    void load(const QJsonObject &manifest);
    /// The manifest JSON: the loaded top-level fields with `entries` and `environment` from the rows.
    [[nodiscard]] QJsonObject toJson() const;

    /// Appends an entry of `type` (file, dir, local_file, local_dir, git_repo, or a mount type, which
    /// starts read-only with a default mount_strategy) named `key`; returns its row.
    int addEntry(const QString &type, const QString &key);
    /// Appends an environment variable `name` with an empty value; returns its row.
    int addEnvironment(const QString &name);
    void removeEntry(int row);

    [[nodiscard]] Kind kind(int row) const { return m_rows.at(row).kind; }
    [[nodiscard]] QString key(int row) const { return m_rows.at(row).key; }
    [[nodiscard]] QJsonObject object(int row) const { return m_rows.at(row).object; }
    void setKey(int row, const QString &key);
    /// Sets `field` of the row's object; an undefined value, or an empty string for an optional
    /// text field, removes it.
    void setField(int row, const QString &field, const QJsonValue &value);

    /// Maps a parser error's JSON pointer (Error::detail) to a row and field.
    [[nodiscard]] Location locate(const QString &pointer) const;
    /// Marks `row` with `message` (ErrorRole); every other row is cleared.
    void setError(int row, const QString &message);

private:
    struct Row
    {
        Kind kind = Kind::Entry;
        QString key;
        QJsonObject object; ///< entries: the entry; variables: {value, ephemeral, description, ...}
        QString error;
    };
    void changed(int row);

    QList<Row> m_rows;
    QJsonObject m_document;
};

} // namespace Sandcastle::Ui
