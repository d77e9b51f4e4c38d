// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

namespace Sandcastle::Ui {

class ShellLogModel;

/// Find in the shell log: every occurrence of a text in the commands and the outputs (as shown,
/// escape sequences removed) of a ShellLogModel, with a current match that next()/previous()
/// move through, wrapping around. The scan runs on a worker thread over a snapshot of the rows
/// and is repeated (debounced) when the log grows, so typing and appends never wait for it.
/// At most kMaxMatches matches are kept (isCapped()). GUI thread only.
class ShellLogSearch : public QObject
{
    Q_OBJECT
public:
    enum class Field { Command, Output };
    struct Match
    {
        int row = -1;
        Field field = Field::Output;
        qsizetype position = 0; ///< in the command line, or in the output's converted text
        qsizetype length = 0;
        friend bool operator==(const Match &, const Match &) = default;
    };
    /// What the scan reads of one row.
    struct Entry
    {
        QString command;
        QByteArray output;
    };
    static constexpr int kMaxMatches = 100000;
    static constexpr int kDebounceMs = 120;

    explicit ShellLogSearch(ShellLogModel *model, QObject *parent = nullptr);

    /// Starts a new search (an empty text clears the matches); the first match becomes current.
    void setQuery(const QString &text, Qt::CaseSensitivity sensitivity = Qt::CaseInsensitive);
    [[nodiscard]] QString query() const { return m_query; }
    /// True while a scan is pending or running.
    [[nodiscard]] bool isBusy() const { return m_busy; }

    [[nodiscard]] int count() const { return int(m_matches.size()); }
    [[nodiscard]] bool isCapped() const { return m_capped; }
    [[nodiscard]] const QList<Match> &matches() const { return m_matches; }
    /// Index of the current match in matches(), or -1.
    [[nodiscard]] int currentIndex() const { return m_current; }
    [[nodiscard]] Match current() const { return m_current >= 0 ? m_matches.at(m_current) : Match{}; }

    void next();
    void previous();

    /// The scan itself: every match of `text` in `entries`, in row order, at most `limit`.
    [[nodiscard]] static QList<Match> findMatches(const QList<Entry> &entries, const QString &text,
                                                  Qt::CaseSensitivity sensitivity, int limit, bool *capped = nullptr);

Q_SIGNALS:
    /// A scan finished: count(), isCapped() and maybe the current match changed.
    void resultsChanged();
    /// The current match moved (by next()/previous() or a new query).
    void currentChanged();

private:
    void scheduleRescan();
    void scan();
    void applyResult(const QList<Match> &matches, bool capped);
    void setCurrent(int index);

    QPointer<ShellLogModel> m_model;
    QString m_query;
    Qt::CaseSensitivity m_sensitivity = Qt::CaseInsensitive;
    QList<Match> m_matches;
    int m_current = -1;
    bool m_capped = false;
    bool m_busy = false;
    bool m_newQuery = false;         ///< the next result set picks its first match as current
    quint64 m_generation = 1;        ///< of the query; bumped by setQuery()
    quint64 m_runningGeneration = 0; ///< of the scan in flight, 0 when none
    bool m_rescanPending = false;
    QTimer m_debounce;
};

} // namespace Sandcastle::Ui
