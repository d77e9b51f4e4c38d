// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

namespace Sandcastle::Ui {

struct FileChange;
class WorkspaceWatcher;

/// The files the workspace gained, changed or lost, newest last: time, path, kind, size delta and
/// the cause when known. A WorkspaceWatcher on the workspace feeds it; toolStarted()/toolFinished()
/// tell it which tool call was running, and a change whose file time falls into a call's span
/// (plus kCauseGraceMs, for the watcher's debounce) is attributed to that call. Best effort: a
/// change made by something else while a tool runs is attributed to the tool too. GUI thread only.
class ChangesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, PathColumn, KindColumn, SizeDeltaColumn, CauseColumn, ColumnCount };
    enum Role {
        KindRole = Qt::UserRole + 1, ///< int: FileChange::Kind
        PathRole,                    ///< QString: relative path
        CallIdRole,                  ///< QString: the tool call the change is attributed to, or empty
        SizeDeltaRole,               ///< qint64
    };
    static constexpr int kCauseGraceMs = 1000;
    static constexpr int kMaxRows = 100000;

    explicit ChangesModel(QObject *parent = nullptr);
    ~ChangesModel() override;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

    /// Watches `directory` from now on (rows of the previous workspace are dropped).
    void setWorkspace(const QString &directory);
    [[nodiscard]] QString workspace() const;
    /// True while the watcher lists the workspace after setWorkspace() (changes count from then on).
    [[nodiscard]] bool isListing() const;
    /// The watcher that feeds the model; the workspace tree shares it.
    [[nodiscard]] WorkspaceWatcher *watcher() const { return m_watcher; }
    /// A tool call began; `cause` is what the Cause column shows ("apply_patch", the command).
    void toolStarted(const QString &callId, const QString &cause);
    void toolFinished(const QString &callId);
    /// Re-lists the whole workspace now (the watcher's timer does it per directory otherwise).
    void rescan();
    void clear();

private:
    struct Cause
    {
        QString callId;
        QString label;
        QDateTime started;
        QDateTime finished; ///< invalid while running
    };
    struct Row
    {
        int kind = 0;
        QString path;
        qint64 sizeDelta = 0;
        QDateTime time;
        QString callId;
        QString cause;
    };
    void addChanges(const QList<FileChange> &changes);
    [[nodiscard]] const Cause *causeAt(const QDateTime &time) const;

    WorkspaceWatcher *m_watcher;
    QList<Row> m_rows;
    QList<Cause> m_causes; ///< the recent tool calls, oldest first
};

} // namespace Sandcastle::Ui
