// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/sandbox/sandboxtypes.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QTimer>

namespace Sandcastle::Core {
class SandboxSession;
}

namespace Sandcastle::Ui {

/// Every command of the runs' sandbox sessions as one table row: command, working directory,
/// exit code, duration and a one-line output preview. Terminal escape sequences never reach the
/// text roles: the preview and OutputRole have them removed (AnsiConverter), RawOutputRole keeps
/// them for views that render the colours. Records arrive through recordStarted()/recordFinished() or from a session
/// given to attach(); they are queued and inserted in batches (at most every kFlushIntervalMs),
/// so a burst of thousands of commands costs one insert per batch, not one per record.
/// GUI thread only.
class ShellLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { CommandColumn, WorkdirColumn, ExitCodeColumn, DurationColumn, OutputColumn, ColumnCount };
    enum Role {
        OutputRole = Qt::UserRole + 1, ///< QString: the full output as text (escape sequences removed)
        ErrorRole,                     ///< QString: why the command failed to start / was cancelled
        RunningRole,                   ///< bool
        RawOutputRole,                 ///< QByteArray: the output as the session kept it
        OutputSizeRole,                ///< qint64: bytes of output
    };
    static constexpr int kFlushIntervalMs = 50;

    explicit ShellLogModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

    /// The record of `row` (0 <= row < rowCount()); cheap, the output is shared.
    [[nodiscard]] Core::CommandRecord record(int row) const { return m_rows.at(row).record; }
    [[nodiscard]] bool isFinished(int row) const { return m_rows.at(row).finished; }
    /// The command line of `row` as shown.
    [[nodiscard]] QString commandLine(int row) const;
    /// `row` as text for the clipboard: "$ command", a line with directory, exit code and
    /// duration, then the output without escape sequences.
    [[nodiscard]] QString entryText(int row) const;

    /// Logs the commands of `session` from now on (records of earlier sessions stay).
    void attach(Core::SandboxSession *session);
    /// `source` tells sessions apart (their record ids restart at 1).
    void recordStarted(const Core::CommandRecord &record, int source = 0);
    void recordFinished(const Core::CommandRecord &record, int source = 0);
    /// Inserts what is queued now (the timer does it otherwise).
    void flush();
    void clear();

private:
    struct Row
    {
        Core::CommandRecord record;
        bool finished = false;
    };
    [[nodiscard]] static quint64 key(const Core::CommandRecord &record, int source);
    void schedule();

    QList<Row> m_rows;
    QList<Row> m_queued;
    // Only unfinished commands are looked up again, so only they are kept here.
    QHash<quint64, qsizetype> m_runningRows;   ///< key -> index in m_rows
    QHash<quint64, qsizetype> m_runningQueued; ///< key -> index in m_queued
    int m_firstDirty = -1;
    int m_lastDirty = -1;
    int m_sources = 0;
    QTimer m_flushTimer;
};

} // namespace Sandcastle::Ui
