// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// DiffView's texts: file headers, info sentences, review states, gaps, line markers, rowText().
#include "review/diffdocument.h"
#include "review/diffview.h"
#include "review/reviewstate.h"

#include <QLocale>

namespace Sandcastle::Ui {

namespace {

// "12 KiB", "1.5 KiB", "200 bytes": whole units from 10 KiB on.
QString sizeText(const QLocale &locale, qint64 bytes)
{
    return locale.formattedDataSize(bytes, bytes >= 10240 || bytes < 1024 ? 0 : 1);
}

} // namespace

QString DiffView::stateText(int file, int hunk, QColor *color) const
{
    if (!m_pending) {
        const bool reverted = m_state && m_state->isReverted(file, hunk);
        *color = reverted ? m_colors.muted : m_colors.accepted;
        return reverted ? tr("reverted") : tr("applied");
    }
    const ReviewState::Decision d = m_state ? m_state->decision(file, hunk) : ReviewState::Decision::Undecided;
    switch (d) {
    case ReviewState::Decision::Accepted:
        *color = m_colors.accepted;
        return m_state->replacement(file, hunk) ? tr("accepted (edited)") : tr("accepted");
    case ReviewState::Decision::Rejected:
        *color = m_colors.rejected;
        return tr("rejected");
    case ReviewState::Decision::Undecided:
        break;
    }
    *color = m_colors.muted;
    return tr("undecided");
}

QColor DiffView::stateColor(int file, int hunk) const
{
    if (!m_pending) {
        return m_state && m_state->isReverted(file, hunk) ? m_colors.muted : m_colors.accepted;
    }
    switch (m_state ? m_state->decision(file, hunk) : ReviewState::Decision::Undecided) {
    case ReviewState::Decision::Accepted:
        return m_colors.accepted;
    case ReviewState::Decision::Rejected:
        return m_colors.rejected;
    case ReviewState::Decision::Undecided:
        break;
    }
    return m_colors.muted;
}

QString DiffView::infoText(int file) const
{
    const Core::ChangeSetFile &f = m_document->changeSet().files.at(file);
    const QLocale locale = this->locale();
    using Kind = Core::FileChange::Kind;
    if (m_document->changeSet().status != Core::ChangeSetStatus::Pending && f.writtenNothing) {
        return tr("The review left this file untouched.");
    }
    if (f.isBinary()) {
        if (f.change.kind == Kind::Add) {
            return tr("Binary file added, %1").arg(sizeText(locale, f.change.after.size()));
        }
        if (f.change.kind == Kind::Delete) {
            return tr("Binary file deleted, %1").arg(sizeText(locale, f.change.before.size()));
        }
        return tr("Binary file, %1 -> %2")
            .arg(sizeText(locale, f.change.before.size()), sizeText(locale, f.change.after.size()));
    }
    if (f.change.kind == Kind::Move) {
        return tr("Renamed from %1, content unchanged").arg(f.change.sourcePath);
    }
    if (f.change.kind == Kind::Add) {
        return tr("Empty file added");
    }
    if (f.change.kind == Kind::Delete) {
        return tr("Empty file deleted");
    }
    return tr("Content unchanged");
}

QString DiffView::headerText(int file)
{
    const Core::ChangeSetFile &f = m_document->changeSet().files.at(file);
    QString title = f.change.kind == Core::FileChange::Kind::Move
                        ? f.change.sourcePath + QStringLiteral(" \u2192 ") + f.change.path
                        : f.change.path;
    QString kind;
    switch (f.change.kind) {
    case Core::FileChange::Kind::Add:
        kind = tr("added");
        break;
    case Core::FileChange::Kind::Delete:
        kind = tr("deleted");
        break;
    case Core::FileChange::Kind::Move:
        kind = tr("moved");
        break;
    case Core::FileChange::Kind::Update:
        kind = tr("modified");
        break;
    }
    QStringList badges{kind};
    if (!f.isBinary()) {
        badges.append(QStringLiteral("+%1 \u2212%2").arg(f.diff.added).arg(f.diff.removed));
    }
    if (m_document->usesCrlf(file)) {
        badges.append(tr("CRLF"));
    }
    if (const QString type = m_highlighter.definitionName(file); !type.isEmpty()) {
        badges.append(type);
    }
    return title + QStringLiteral("   ") + badges.join(QStringLiteral(" \u00b7 "));
}

QString DiffView::gapText(int file, int gap) const
{
    return tr("\u22ef %n unchanged line(s), click to expand \u22ef", nullptr, m_document->gapSize(file, gap));
}

QString DiffView::lineMarker(const DiffRow &row, int side) const
{
    const Core::DiffLine *line = m_document->line(row, side);
    if (!line) {
        return {};
    }
    const bool unified = m_document->layout() == DiffDocument::Layout::Unified;
    QString marker;
    if (const int index = unified ? row.left : (side == 0 ? row.left : row.right); index >= 0) {
        marker = m_document->eolChange(row.file, row.hunk, index);
    }
    if (marker.isEmpty() && !line->hasTerminator()) {
        marker = tr("no newline at end of file");
    }
    return marker;
}

QString DiffView::rowText(int index)
{
    if (!m_document || index < 0 || index >= m_document->rowCount()) {
        return {};
    }
    const DiffRow row = m_document->rows().at(index);
    QColor color;
    switch (row.kind) {
    case DiffRow::Kind::File:
        return headerText(row.file);
    case DiffRow::Kind::Info:
        return infoText(row.file) + QStringLiteral(" [") + stateText(row.file, -1, &color) + QLatin1Char(']');
    case DiffRow::Kind::Hunk:
        return m_document->changeSet().files.at(row.file).diff.hunks.at(row.hunk).header() + QStringLiteral(" [") +
               stateText(row.file, row.hunk, &color) + QLatin1Char(']');
    case DiffRow::Kind::Gap:
        return gapText(row.file, row.hunk);
    case DiffRow::Kind::Line:
    case DiffRow::Kind::Expanded:
        break;
    }
    const auto side = [&](int s) {
        const Core::DiffLine *line = m_document->line(row, s);
        if (row.kind == DiffRow::Kind::Line && !line) {
            return QString();
        }
        const QChar sign = !line                                         ? QLatin1Char(' ')
                           : line->kind == Core::DiffLine::Kind::Added   ? QLatin1Char('+')
                           : line->kind == Core::DiffLine::Kind::Removed ? QLatin1Char('-')
                                                                         : QLatin1Char(' ');
        const auto number = [&](int n) { return n > 0 ? QString::number(n) : QStringLiteral("-"); };
        QString text =
            (m_document->layout() == DiffDocument::Layout::Unified
                 ? number(m_document->lineNumber(row, 0)) + QLatin1Char(' ') + number(m_document->lineNumber(row, 1))
                 : number(m_document->lineNumber(row, s))) +
            QLatin1Char(' ') + sign + QLatin1Char(' ') + QString::fromUtf8(m_document->text(row, s));
        if (const QString marker = lineMarker(row, s); !marker.isEmpty()) {
            text += QStringLiteral(" \u21b5 ") + marker;
        }
        return text;
    };
    if (m_document->layout() == DiffDocument::Layout::Unified) {
        return side(0);
    }
    return side(0) + QStringLiteral(" | ") + side(1);
}

} // namespace Sandcastle::Ui
