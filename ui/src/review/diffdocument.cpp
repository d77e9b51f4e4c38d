// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/diffdocument.h"

namespace Sandcastle::Ui {

using Core::DiffLine;
using Core::TextDiffer;

namespace {

quint64 lineKey(int file, int hunk, int line)
{
    return (quint64(quint32(file)) << 40) ^ (quint64(quint32(hunk)) << 20) ^ quint64(quint32(line));
}

int countLines(const QByteArray &bytes)
{
    if (bytes.isEmpty()) {
        return 0;
    }
    return int(bytes.count('\n')) + (bytes.endsWith('\n') ? 0 : 1);
}

} // namespace

DiffDocument::DiffDocument(Core::ChangeSet set, Content content)
    : m_set(std::move(set))
    , m_content(content)
{
    prepareFiles(content);
    rebuild();
}

void DiffDocument::setLayout(Layout layout)
{
    if (m_layout != layout) {
        m_layout = layout;
        rebuild();
    }
}

void DiffDocument::prepareFiles(Content content)
{
    const bool decided = m_set.status != Core::ChangeSetStatus::Pending && content == Content::Written;
    m_oldLineCounts.clear();
    m_crlf.clear();
    m_eolChanges.clear();
    m_longest = 0;
    for (Core::ChangeSetFile &file : m_set.files) {
        // A review that wrote part of the proposal: show (and revert) what is on disk.
        if (decided && file.writtenNothing) {
            file.diff.hunks.clear();
        } else if (decided && file.written && !file.diff.binary) {
            file.diff = TextDiffer::diff(file.change.before, *file.written, file.diff.context);
        }
        m_oldLineCounts.append(countLines(file.change.before));
        m_crlf.append(file.change.before.contains("\r\n") || file.change.after.contains("\r\n"));
        for (const Core::DiffHunk &hunk : std::as_const(file.diff.hunks)) {
            QList<int> removed;
            for (int i = 0; i < hunk.lines.size(); ++i) {
                const DiffLine &line = hunk.lines.at(i);
                m_longest = std::max(m_longest, int(line.text.size()));
                if (line.kind == DiffLine::Kind::Removed) {
                    if (i > 0 && hunk.lines.at(i - 1).kind == DiffLine::Kind::Added) {
                        removed.clear();
                    }
                    removed.append(i);
                    continue;
                }
                if (line.kind == DiffLine::Kind::Added && !removed.isEmpty()) {
                    // Pairs the k-th added line of a block with the k-th removed line before it.
                    const int k = i - (removed.last() + 1);
                    if (k < removed.size()) {
                        const DiffLine &old = hunk.lines.at(removed.at(k));
                        if (old.content() == line.content() && old.text != line.text) {
                            const auto name = [](const DiffLine &l) {
                                return l.text.endsWith("\r\n") ? QStringLiteral("CRLF")
                                       : l.hasTerminator()     ? QStringLiteral("LF")
                                                               : QStringLiteral("no newline");
                            };
                            m_eolChanges.insert(lineKey(file.index, hunk.index, removed.at(k)), name(old));
                            m_eolChanges.insert(lineKey(file.index, hunk.index, i), name(line));
                        }
                    }
                    continue;
                }
                removed.clear();
            }
        }
    }
}

void DiffDocument::rebuild()
{
    m_rows.clear();
    m_fileRows.clear();
    m_hunkRows.clear();
    m_units.clear();
    for (const Core::ChangeSetFile &file : std::as_const(m_set.files)) {
        const int f = file.index;
        m_fileRows.append(int(m_rows.size()));
        m_rows.append({DiffRow::Kind::File, f, -1, -1, -1});
        QList<int> hunkRows;
        const qsizetype hunks = file.diff.hunks.size();
        if (hunks == 0) {
            hunkRows.append(int(m_rows.size())); // the Info row stands for the file's decision
            m_rows.append({DiffRow::Kind::Info, f, -1, -1, -1});
            m_units.append({f, -1});
            m_hunkRows.append(hunkRows);
            continue;
        }
        for (int g = 0; g <= hunks; ++g) {
            if (const int size = gapSize(f, g); size > 0) {
                if (isExpanded(f, g)) {
                    const Core::DiffHunk *prev = g > 0 ? &file.diff.hunks.at(g - 1) : nullptr;
                    const int oldStart = prev ? prev->oldIndex + prev->oldCount : 0;
                    const int newStart = prev ? prev->newIndex + prev->newCount : 0;
                    for (int k = 0; k < size; ++k) {
                        m_rows.append({DiffRow::Kind::Expanded, f, g, oldStart + k, newStart + k});
                    }
                } else {
                    m_rows.append({DiffRow::Kind::Gap, f, g, -1, -1});
                }
            }
            if (g < hunks) {
                hunkRows.append(int(m_rows.size()));
                m_units.append({f, g});
                appendHunkRows(f, g);
            }
        }
        m_hunkRows.append(hunkRows);
    }
}

void DiffDocument::appendHunkRows(int file, int hunk)
{
    const Core::DiffHunk &h = m_set.files.at(file).diff.hunks.at(hunk);
    m_rows.append({DiffRow::Kind::Hunk, file, hunk, -1, -1});
    if (m_layout == Layout::Unified) {
        for (int i = 0; i < h.lines.size(); ++i) {
            m_rows.append({DiffRow::Kind::Line, file, hunk, i, -1});
        }
        return;
    }
    int i = 0;
    while (i < h.lines.size()) {
        if (h.lines.at(i).kind == DiffLine::Kind::Context) {
            m_rows.append({DiffRow::Kind::Line, file, hunk, i, i});
            ++i;
            continue;
        }
        QList<int> removed;
        QList<int> added;
        while (i < h.lines.size() && h.lines.at(i).kind == DiffLine::Kind::Removed) {
            removed.append(i++);
        }
        while (i < h.lines.size() && h.lines.at(i).kind == DiffLine::Kind::Added) {
            added.append(i++);
        }
        for (qsizetype k = 0; k < std::max(removed.size(), added.size()); ++k) {
            m_rows.append({DiffRow::Kind::Line, file, hunk, k < removed.size() ? removed.at(k) : -1,
                           k < added.size() ? added.at(k) : -1});
        }
    }
}

int DiffDocument::fileRow(int file) const
{
    return file >= 0 && file < m_fileRows.size() ? m_fileRows.at(file) : -1;
}

int DiffDocument::hunkRow(int file, int hunk) const
{
    if (file < 0 || file >= m_hunkRows.size()) {
        return -1;
    }
    const QList<int> &rows = m_hunkRows.at(file);
    if (hunk < 0) {
        return m_set.files.at(file).diff.hunks.isEmpty() ? rows.value(0, -1) : -1;
    }
    return rows.value(hunk, -1);
}

std::pair<int, int> DiffDocument::hunkAt(int row) const
{
    if (row < 0 || row >= m_rows.size()) {
        return {-1, -1};
    }
    const DiffRow &r = m_rows.at(row);
    switch (r.kind) {
    case DiffRow::Kind::Hunk:
    case DiffRow::Kind::Line:
        return {r.file, r.hunk};
    case DiffRow::Kind::Info:
        return {r.file, -1};
    default:
        return {-1, -1};
    }
}

int DiffDocument::oldLineCount(int file) const
{
    return m_oldLineCounts.value(file);
}

int DiffDocument::gapSize(int file, int gap) const
{
    if (file < 0 || file >= m_set.files.size()) {
        return 0;
    }
    const QList<Core::DiffHunk> &hunks = m_set.files.at(file).diff.hunks;
    if (hunks.isEmpty() || gap < 0 || gap > hunks.size()) {
        return 0;
    }
    const int start = gap == 0 ? 0 : hunks.at(gap - 1).oldIndex + hunks.at(gap - 1).oldCount;
    const int end = gap == hunks.size() ? oldLineCount(file) : hunks.at(gap).oldIndex;
    return std::max(0, end - start);
}

bool DiffDocument::isExpanded(int file, int gap) const
{
    return m_expanded.contains({file, gap});
}

void DiffDocument::expandGap(int file, int gap)
{
    if (gapSize(file, gap) > 0 && !isExpanded(file, gap)) {
        m_expanded.insert({file, gap});
        rebuild();
    }
}

const QList<QByteArray> &DiffDocument::oldLines(int file) const
{
    auto it = m_oldLines.find(file);
    if (it == m_oldLines.end()) {
        it = m_oldLines.insert(file, TextDiffer::splitLines(m_set.files.at(file).change.before));
    }
    return *it;
}

const QList<QByteArray> &DiffDocument::sideLines(int file, int side) const
{
    if (side == 0) {
        return oldLines(file);
    }
    auto it = m_newLines.find(file);
    if (it == m_newLines.end()) {
        const Core::ChangeSetFile &f = m_set.files.at(file);
        const bool asWritten =
            m_content == Content::Written && m_set.status != Core::ChangeSetStatus::Pending && f.written;
        it = m_newLines.insert(file, TextDiffer::splitLines(asWritten ? *f.written : f.change.after));
    }
    return *it;
}

const DiffLine *DiffDocument::line(const DiffRow &row, int side) const
{
    if (row.kind != DiffRow::Kind::Line) {
        return nullptr;
    }
    const int index = m_layout == Layout::Unified ? row.left : (side == 0 ? row.left : row.right);
    if (index < 0) {
        return nullptr;
    }
    return &m_set.files.at(row.file).diff.hunks.at(row.hunk).lines.at(index);
}

QByteArray DiffDocument::text(const DiffRow &row, int side) const
{
    if (row.kind == DiffRow::Kind::Expanded) {
        QByteArray l = oldLines(row.file).value(row.left);
        const qsizetype cut = l.endsWith("\r\n") ? 2 : (l.endsWith('\n') ? 1 : 0);
        l.chop(cut);
        return l;
    }
    const DiffLine *l = line(row, side);
    return l ? l->content() : QByteArray();
}

int DiffDocument::lineNumber(const DiffRow &row, int side) const
{
    if (row.kind == DiffRow::Kind::Expanded) {
        return (side == 0 ? row.left : row.right) + 1;
    }
    const DiffLine *l = line(row, side);
    if (!l) {
        return 0;
    }
    return side == 0 ? l->oldLine : l->newLine;
}

QString DiffDocument::eolChange(int file, int hunk, int lineIndex) const
{
    return m_eolChanges.value(lineKey(file, hunk, lineIndex));
}

bool DiffDocument::usesCrlf(int file) const
{
    return m_crlf.value(file);
}

} // namespace Sandcastle::Ui
