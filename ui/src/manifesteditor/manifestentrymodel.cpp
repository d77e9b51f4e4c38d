// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "manifestentrymodel.h"

#include <QColor>

namespace Sandcastle::Ui {

namespace {

/// Undoes RFC 6901 escaping of one reference token.
QString unescapeToken(QString token)
{
    return token.replace(QLatin1String("~1"), QLatin1String("/")).replace(QLatin1String("~0"), QLatin1String("~"));
}

} // namespace

ManifestEntryModel::ManifestEntryModel(QObject *parent)
    : QAbstractListModel(parent)
{}

int ManifestEntryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ManifestEntryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Row &r = m_rows.at(index.row());
    const QString type =
        r.kind == Kind::Entry ? r.object.value(QLatin1String("type")).toString() : QStringLiteral("environment");
    switch (role) {
    case Qt::DisplayRole:
        return r.kind == Kind::Entry ? tr("%1 (%2)").arg(r.key, type) : tr("$%1 (environment)").arg(r.key);
    case Qt::ToolTipRole:
        return r.error.isEmpty() ? QVariant() : QVariant(r.error);
    case Qt::ForegroundRole:
        return r.error.isEmpty() ? QVariant() : QVariant(QColor(Qt::red));
    case KindRole:
        return int(r.kind);
    case KeyRole:
        return r.key;
    case TypeRole:
        return type;
    case ErrorRole:
        return r.error;
    default:
        return {};
    }
}

QHash<int, QByteArray> ManifestEntryModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(KindRole, "kind");
    names.insert(KeyRole, "key");
    names.insert(TypeRole, "type");
    names.insert(ErrorRole, "error");
    return names;
}

void ManifestEntryModel::load(const QJsonObject &manifest)
{
    beginResetModel();
    m_document = manifest;
    m_rows.clear();
    const QJsonObject entries = manifest.value(QLatin1String("entries")).toObject();
    for (auto it = entries.begin(); it != entries.end(); ++it) {
        m_rows.append(Row{Kind::Entry, it.key(), it.value().toObject(), {}});
    }
    const QJsonObject environment = manifest.value(QLatin1String("environment")).toObject();
    for (auto it = environment.begin(); it != environment.end(); ++it) {
        const QJsonObject value =
            it.value().isObject() ? it.value().toObject() : QJsonObject{{QStringLiteral("value"), it.value()}};
        m_rows.append(Row{Kind::Environment, it.key(), value, {}});
    }
    endResetModel();
}

QJsonObject ManifestEntryModel::toJson() const
{
    QJsonObject doc = m_document;
    QJsonObject entries;
    QJsonObject environment;
    for (const Row &r : m_rows) {
        if (r.kind == Kind::Entry) {
            entries.insert(r.key, r.object);
        } else if (r.object.size() == 1 && r.object.value(QLatin1String("value")).isString()) {
            environment.insert(r.key, r.object.value(QLatin1String("value"))); // the short form
        } else {
            environment.insert(r.key, r.object);
        }
    }
    doc.insert(QStringLiteral("version"), doc.value(QLatin1String("version")).toInt(1));
    doc.insert(QStringLiteral("entries"), entries);
    if (environment.isEmpty()) {
        doc.remove(QStringLiteral("environment"));
    } else {
        doc.insert(QStringLiteral("environment"), environment);
    }
    return doc;
}

int ManifestEntryModel::addEntry(const QString &type, const QString &key)
{
    QJsonObject o{{QStringLiteral("type"), type}};
    if (type == QLatin1String("file")) {
        o.insert(QStringLiteral("content"), QString());
    } else if (type == QLatin1String("local_file") || type == QLatin1String("local_dir")) {
        o.insert(QStringLiteral("src"), QString());
    } else if (type == QLatin1String("git_repo")) {
        o.insert(QStringLiteral("repo"), QString());
    } else if (type.endsWith(QLatin1String("_mount"))) {
        // The parser requires a strategy; cloud storage mounts in the container with rclone.
        o.insert(QStringLiteral("read_only"), true);
        o.insert(QStringLiteral("mount_strategy"),
                 type == QLatin1String("local_bind_mount")
                     ? QJsonObject{{QStringLiteral("type"), QStringLiteral("docker_volume")}}
                     : QJsonObject{{QStringLiteral("type"), QStringLiteral("in_container")},
                                   {QStringLiteral("pattern"), QStringLiteral("rclone")}});
    }
    // Entries come before the environment rows.
    int row = 0;
    while (row < m_rows.size() && m_rows.at(row).kind == Kind::Entry) {
        ++row;
    }
    beginInsertRows({}, row, row);
    m_rows.insert(row, Row{Kind::Entry, key, o, {}});
    endInsertRows();
    return row;
}

int ManifestEntryModel::addEnvironment(const QString &name)
{
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(Row{Kind::Environment, name, QJsonObject{{QStringLiteral("value"), QString()}}, {}});
    endInsertRows();
    return row;
}

void ManifestEntryModel::removeEntry(int row)
{
    if (row < 0 || row >= m_rows.size()) {
        return;
    }
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

void ManifestEntryModel::setKey(int row, const QString &key)
{
    if (m_rows.at(row).key != key) {
        m_rows[row].key = key;
        changed(row);
    }
}

void ManifestEntryModel::setField(int row, const QString &field, const QJsonValue &value)
{
    static const QStringList optionalText{QStringLiteral("description"), QStringLiteral("ref"),
                                          QStringLiteral("subpath"), QStringLiteral("host")};
    QJsonObject &o = m_rows[row].object;
    if (value.isUndefined() || (value.isString() && value.toString().isEmpty() && optionalText.contains(field)) ||
        (field == QLatin1String("ephemeral") && !value.toBool())) {
        o.remove(field);
    } else {
        o.insert(field, value);
    }
    changed(row);
}

ManifestEntryModel::Location ManifestEntryModel::locate(const QString &pointer) const
{
    const QStringList parts = pointer.split(QLatin1Char('/'));
    // parts: "", "entries"|"environment", token, field...
    if (parts.size() < 3) {
        return {};
    }
    const Kind kind = parts.at(1) == QLatin1String("entries")       ? Kind::Entry
                      : parts.at(1) == QLatin1String("environment") ? Kind::Environment
                                                                    : Kind(-1);
    const QString key = unescapeToken(parts.at(2));
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).kind == kind && m_rows.at(row).key == key) {
            QString field = parts.size() > 3 ? parts.at(3) : QStringLiteral("key");
            if (field == QLatin1String("content_base64")) {
                field = QStringLiteral("content");
            } else if (field == QLatin1String("children") || field == QLatin1String("type")) {
                field = QStringLiteral("key"); // no control of its own: the row
            }
            return {row, field};
        }
    }
    return {};
}

void ManifestEntryModel::setError(int row, const QString &message)
{
    for (int r = 0; r < m_rows.size(); ++r) {
        const QString wanted = r == row ? message : QString();
        if (m_rows.at(r).error != wanted) {
            m_rows[r].error = wanted;
            changed(r);
        }
    }
}

void ManifestEntryModel::changed(int row)
{
    const QModelIndex i = index(row);
    Q_EMIT dataChanged(i, i);
}

} // namespace Sandcastle::Ui
