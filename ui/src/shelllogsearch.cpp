// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/ui/shelllogsearch.h"

#include "backgroundtask.h"
#include "sandcastle/ui/ansiconverter.h"
#include "sandcastle/ui/shelllogmodel.h"

#include <QFuture>

namespace Sandcastle::Ui {

namespace {

struct ScanResult
{
    QList<ShellLogSearch::Match> matches;
    bool capped = false;
};

void findIn(const QString &haystack, const QString &needle, Qt::CaseSensitivity sensitivity, int row,
            ShellLogSearch::Field field, int limit, QList<ShellLogSearch::Match> &out, bool &capped)
{
    qsizetype from = 0;
    while (!capped) {
        const qsizetype at = haystack.indexOf(needle, from, sensitivity);
        if (at < 0) {
            return;
        }
        if (out.size() >= limit) {
            capped = true;
            return;
        }
        out.append(ShellLogSearch::Match{row, field, at, needle.size()});
        from = at + needle.size();
    }
}

} // namespace

ShellLogSearch::ShellLogSearch(ShellLogModel *model, QObject *parent)
    : QObject(parent)
    , m_model(model)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &ShellLogSearch::scan);
    if (model) {
        connect(model, &QAbstractItemModel::rowsInserted, this, &ShellLogSearch::scheduleRescan);
        connect(model, &QAbstractItemModel::dataChanged, this, &ShellLogSearch::scheduleRescan);
        connect(model, &QAbstractItemModel::modelReset, this, &ShellLogSearch::scheduleRescan);
    }
}

QList<ShellLogSearch::Match> ShellLogSearch::findMatches(const QList<Entry> &entries, const QString &text,
                                                         Qt::CaseSensitivity sensitivity, int limit, bool *capped)
{
    QList<Match> out;
    bool full = false;
    if (!text.isEmpty()) {
        for (qsizetype row = 0; row < entries.size() && !full; ++row) {
            const Entry &e = entries.at(row);
            findIn(e.command, text, sensitivity, int(row), Field::Command, limit, out, full);
            if (!full && !e.output.isEmpty()) {
                findIn(AnsiConverter::strip(e.output), text, sensitivity, int(row), Field::Output, limit, out, full);
            }
        }
    }
    if (capped) {
        *capped = full;
    }
    return out;
}

void ShellLogSearch::setQuery(const QString &text, Qt::CaseSensitivity sensitivity)
{
    if (text == m_query && sensitivity == m_sensitivity) {
        return;
    }
    m_query = text;
    m_sensitivity = sensitivity;
    m_newQuery = true;
    ++m_generation; // a scan for the old text that is still running is ignored when it ends
    m_rescanPending = false;
    if (text.isEmpty()) {
        m_debounce.stop();
        m_busy = false;
        m_matches.clear();
        m_capped = false;
        m_newQuery = false;
        setCurrent(-1);
        Q_EMIT resultsChanged();
        return;
    }
    m_busy = true;
    m_debounce.start(); // restarted by every keystroke
}

void ShellLogSearch::scheduleRescan()
{
    if (m_query.isEmpty()) {
        return;
    }
    m_busy = true;
    if (!m_debounce.isActive()) {
        m_debounce.start(); // not restarted: a steady stream of appends must not starve the search
    }
}

void ShellLogSearch::scan()
{
    if (!m_model || m_query.isEmpty()) {
        m_busy = false;
        return;
    }
    if (m_runningGeneration == m_generation) {
        m_rescanPending = true; // one scan at a time per query; the next starts when it ends
        return;
    }
    QList<Entry> entries;
    const int rows = m_model->rowCount();
    entries.reserve(rows);
    for (int row = 0; row < rows; ++row) {
        entries.append(
            Entry{m_model->commandLine(row), m_model->index(row, 0).data(ShellLogModel::RawOutputRole).toByteArray()});
    }
    const quint64 generation = m_generation;
    m_runningGeneration = generation;
    m_rescanPending = false;
    const QString text = m_query;
    const Qt::CaseSensitivity sensitivity = m_sensitivity;
    Internal::runInBackground([entries = std::move(entries), text, sensitivity] {
        ScanResult result;
        result.matches = findMatches(entries, text, sensitivity, kMaxMatches, &result.capped);
        return result;
    }).then(this, [this, generation](const ScanResult &result) {
        if (generation != m_generation) {
            return; // the query changed meanwhile
        }
        m_runningGeneration = 0;
        applyResult(result.matches, result.capped);
        if (m_rescanPending) {
            scan();
        }
        m_busy = m_rescanPending || m_runningGeneration != 0 || m_debounce.isActive();
        Q_EMIT resultsChanged();
    });
}

void ShellLogSearch::applyResult(const QList<Match> &matches, bool capped)
{
    const Match previous = current();
    m_matches = matches;
    m_capped = capped;
    if (m_newQuery) {
        // Even "no match" is news for a new query: views drop the old query's mark.
        m_newQuery = false;
        m_current = m_matches.isEmpty() ? -1 : 0;
        Q_EMIT currentChanged();
        return;
    }
    if (const qsizetype kept = m_current >= 0 ? m_matches.indexOf(previous) : -1; kept >= 0) {
        m_current = int(kept);
        return;
    }
    setCurrent(m_matches.isEmpty() ? -1 : std::min<int>(std::max(m_current, 0), count() - 1));
}

void ShellLogSearch::setCurrent(int index)
{
    if (index == m_current) {
        return;
    }
    m_current = index;
    Q_EMIT currentChanged();
}

void ShellLogSearch::next()
{
    if (!m_matches.isEmpty()) {
        setCurrent(m_current < 0 ? 0 : (m_current + 1) % count());
    }
}

void ShellLogSearch::previous()
{
    if (!m_matches.isEmpty()) {
        setCurrent(m_current <= 0 ? count() - 1 : m_current - 1);
    }
}

} // namespace Sandcastle::Ui
