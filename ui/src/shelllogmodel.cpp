// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/ui/shelllogmodel.h"

#include "sandcastle/core/sandbox/sandboxsession.h"
#include "sandcastle/ui/ansiconverter.h"

#include <QColor>
#include <QLocale>

namespace Sandcastle::Ui {

namespace {

constexpr int kPreviewLength = 160;

QString preview(const QByteArray &output)
{
    // Only the head is decoded: the table shows one line, the detail pane the rest. A sequence
    // cut at the end of the head is dropped by the converter, not shown.
    const QString head = AnsiConverter::strip(QString::fromUtf8(output.left(4 * kPreviewLength))).trimmed();
    const qsizetype newline = head.indexOf(QLatin1Char('\n'));
    QString line = newline < 0 ? head : head.left(newline);
    if (line.size() > kPreviewLength || newline >= 0 || output.size() > 4 * kPreviewLength) {
        line = line.left(kPreviewLength) + QStringLiteral(" \u2026");
    }
    return line;
}

} // namespace

ShellLogModel::ShellLogModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(kFlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &ShellLogModel::flush);
}

int ShellLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ShellLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ShellLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case CommandColumn:
        return tr("Command");
    case WorkdirColumn:
        return tr("Directory");
    case ExitCodeColumn:
        return tr("Exit");
    case DurationColumn:
        return tr("Duration");
    case OutputColumn:
        return tr("Output");
    default:
        return {};
    }
}

QVariant ShellLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Row &row = m_rows.at(index.row());
    const Core::CommandRecord &r = row.record;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case CommandColumn:
            return commandLine(index.row());
        case WorkdirColumn:
            return r.workdir;
        case ExitCodeColumn:
            if (!row.finished) {
                return tr("running");
            }
            return r.exitCode ? QVariant(*r.exitCode) : QVariant(tr("n/a"));
        case DurationColumn:
            return row.finished ? tr("%1 ms").arg(QLocale().toString(r.durationMs)) : QString();
        case OutputColumn:
            return r.error.isEmpty() ? preview(r.output) : r.error;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return index.column() == CommandColumn ? commandLine(index.row()) : QVariant();
    case Qt::ForegroundRole:
        if (row.finished && (!r.exitCode || *r.exitCode != 0)) {
            return QColor(Qt::darkRed);
        }
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == ExitCodeColumn || index.column() == DurationColumn
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant();
    case OutputRole:
        return AnsiConverter::strip(r.output);
    case RawOutputRole:
        return r.output;
    case OutputSizeRole:
        return qint64(r.output.size());
    case ErrorRole:
        return r.error;
    case RunningRole:
        return !row.finished;
    default:
        return {};
    }
}

QString ShellLogModel::commandLine(int row) const
{
    return m_rows.at(row).record.argv.join(QLatin1Char(' '));
}

QString ShellLogModel::entryText(int row) const
{
    const Row &entry = m_rows.at(row);
    const Core::CommandRecord &r = entry.record;
    QString status;
    if (!entry.finished) {
        status = tr("running");
    } else if (r.exitCode) {
        status = tr("exit code %1, %2 ms").arg(*r.exitCode).arg(r.durationMs);
    } else {
        status = tr("no exit code, %1 ms").arg(r.durationMs);
    }
    QString text = QStringLiteral("$ ") + commandLine(row) + QLatin1Char('\n') +
                   tr("# in %1, %2").arg(r.workdir, status) + QLatin1Char('\n');
    if (!r.error.isEmpty()) {
        text += r.error + QLatin1Char('\n');
    }
    return text + AnsiConverter::strip(r.output);
}

void ShellLogModel::attach(Core::SandboxSession *session)
{
    if (!session) {
        return;
    }
    const int source = ++m_sources;
    connect(session, &Core::SandboxSession::commandStarted, this,
            [this, source](const Core::CommandRecord &record) { recordStarted(record, source); });
    connect(session, &Core::SandboxSession::commandFinished, this,
            [this, source](const Core::CommandRecord &record) { recordFinished(record, source); });
}

quint64 ShellLogModel::key(const Core::CommandRecord &record, int source)
{
    return (quint64(source) << 48) ^ record.id;
}

void ShellLogModel::recordStarted(const Core::CommandRecord &record, int source)
{
    m_runningQueued.insert(key(record, source), m_queued.size());
    m_queued.append(Row{record, false});
    schedule();
}

void ShellLogModel::recordFinished(const Core::CommandRecord &record, int source)
{
    const quint64 k = key(record, source);
    if (const qsizetype queued = m_runningQueued.value(k, -1); queued >= 0) {
        m_queued[queued] = Row{record, true};
        m_runningQueued.remove(k);
    } else if (const qsizetype row = m_runningRows.value(k, -1); row >= 0) {
        m_rows[row] = Row{record, true};
        m_runningRows.remove(k);
        m_firstDirty = m_firstDirty < 0 ? int(row) : std::min(m_firstDirty, int(row));
        m_lastDirty = std::max(m_lastDirty, int(row));
    } else {
        m_queued.append(Row{record, true});
    }
    schedule();
}

void ShellLogModel::schedule()
{
    if (!m_flushTimer.isActive()) {
        m_flushTimer.start();
    }
}

void ShellLogModel::flush()
{
    m_flushTimer.stop();
    if (m_firstDirty >= 0) {
        Q_EMIT dataChanged(index(m_firstDirty, 0), index(m_lastDirty, ColumnCount - 1));
        m_firstDirty = m_lastDirty = -1;
    }
    if (m_queued.isEmpty()) {
        return;
    }
    const qsizetype first = m_rows.size();
    beginInsertRows({}, int(first), int(first + m_queued.size() - 1));
    for (auto it = m_runningQueued.cbegin(); it != m_runningQueued.cend(); ++it) {
        m_runningRows.insert(it.key(), first + it.value());
    }
    m_runningQueued.clear();
    m_rows.append(std::move(m_queued));
    m_queued.clear();
    endInsertRows();
}

void ShellLogModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_queued.clear();
    m_runningRows.clear();
    m_runningQueued.clear();
    m_firstDirty = m_lastDirty = -1;
    endResetModel();
}

} // namespace Sandcastle::Ui
