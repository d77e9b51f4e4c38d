// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "previewconsolemodel.h"

#include <QColor>
#include <QUrl>

namespace Sandcastle::Ui {

namespace {

/// The level as the agent reads it (not translated: it is part of the text sent to the model).
QString levelKey(PreviewConsoleMessage::Level level)
{
    switch (level) {
    case PreviewConsoleMessage::Level::Error:
        return QStringLiteral("error");
    case PreviewConsoleMessage::Level::Warning:
        return QStringLiteral("warning");
    case PreviewConsoleMessage::Level::Info:
        break;
    }
    return QStringLiteral("info");
}

QString sourceText(const PreviewConsoleMessage &message)
{
    if (message.source.isEmpty()) {
        return {};
    }
    const QString name = QUrl(message.source).fileName();
    return (name.isEmpty() ? message.source : name) + QLatin1Char(':') + QString::number(message.line);
}

} // namespace

PreviewConsoleModel::PreviewConsoleModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void PreviewConsoleModel::append(const PreviewConsoleMessage &message)
{
    if (m_messages.size() >= kMaxMessages) {
        beginRemoveRows({}, 0, 0);
        m_messages.removeFirst();
        endRemoveRows();
    }
    const int row = static_cast<int>(m_messages.size());
    beginInsertRows({}, row, row);
    m_messages.append(message);
    endInsertRows();
}

void PreviewConsoleModel::clear()
{
    beginResetModel();
    m_messages.clear();
    endResetModel();
}

QString PreviewConsoleModel::asText(const QList<int> &rows) const
{
    QStringList lines;
    const auto add = [&](const PreviewConsoleMessage &m) {
        QString line = QLatin1Char('[') + levelKey(m.level) + QStringLiteral("] ") + m.message;
        if (!m.source.isEmpty()) {
            line += QStringLiteral(" (") + m.source + QLatin1Char(':') + QString::number(m.line) + QLatin1Char(')');
        }
        lines.append(line);
    };
    if (rows.isEmpty()) {
        for (const auto &m : m_messages) {
            add(m);
        }
    } else {
        for (int row : rows) {
            if (row >= 0 && row < m_messages.size()) {
                add(m_messages.at(row));
            }
        }
    }
    return lines.join(QLatin1Char('\n'));
}

int PreviewConsoleModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_messages.size());
}

int PreviewConsoleModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PreviewConsoleModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const PreviewConsoleMessage &m = m_messages.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case LevelColumn:
            return m.level == PreviewConsoleMessage::Level::Error     ? tr("Error")
                   : m.level == PreviewConsoleMessage::Level::Warning ? tr("Warning")
                                                                      : tr("Info");
        case MessageColumn:
            return m.message;
        case SourceColumn:
            return sourceText(m);
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == SourceColumn) {
        return m.source;
    }
    if (role == Qt::ForegroundRole && m.level == PreviewConsoleMessage::Level::Error) {
        return QColor(Qt::red).darker(120);
    }
    return {};
}

QVariant PreviewConsoleModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case LevelColumn:
        return tr("Level");
    case MessageColumn:
        return tr("Message");
    case SourceColumn:
        return tr("Source");
    default:
        return {};
    }
}

} // namespace Sandcastle::Ui
