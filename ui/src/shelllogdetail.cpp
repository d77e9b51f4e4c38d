// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "shelllogdetail.h"

#include "backgroundtask.h"
#include "sandcastle/ui/shelllogmodel.h"

#include <QElapsedTimer>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextBlock>
#include <QTextCursor>
#include <QVBoxLayout>

#include <algorithm>

namespace Sandcastle::Ui {

namespace {

constexpr qsizetype kContextLines = 10; ///< lines shown above a search match that moves the window

} // namespace

ShellLogDetail::ShellLogDetail(ShellLogModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_header(new QLabel(this))
    , m_edit(new QPlainTextEdit(this))
    , m_bar(new QWidget(this))
    , m_barText(new QLabel(m_bar))
    , m_showAll(new QPushButton(tr("Show all"), m_bar))
{
    setObjectName(QStringLiteral("shellLogDetailPane"));
    m_header->setObjectName(QStringLiteral("shellLogDetailHeader"));
    m_header->setAccessibleName(tr("Command details"));
    m_header->setTextFormat(Qt::RichText);
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_edit->setObjectName(QStringLiteral("shellLogDetail"));
    m_edit->setAccessibleName(tr("Command output"));
    m_edit->setReadOnly(true);
    m_edit->setUndoRedoEnabled(false);
    m_edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_edit->setPlaceholderText(tr("Select a command to see its full output."));

    m_bar->setObjectName(QStringLiteral("shellLogTruncatedBar"));
    m_barText->setObjectName(QStringLiteral("shellLogTruncatedText"));
    m_showAll->setObjectName(QStringLiteral("shellLogShowAll"));
    m_showAll->setAccessibleName(tr("Show the whole output"));
    auto *bar = new QHBoxLayout(m_bar);
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_barText, 1);
    bar->addWidget(m_showAll);
    m_bar->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_header);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_bar);

    m_sliceTimer.setInterval(0);
    connect(&m_sliceTimer, &QTimer::timeout, this, &ShellLogDetail::appendSlice);
    connect(m_showAll, &QPushButton::clicked, this, &ShellLogDetail::showAll);
    showRow(-1);
}

void ShellLogDetail::showRow(int row)
{
    if (row == m_row && row >= 0) {
        return;
    }
    m_row = row;
    m_highlightStart = -1;
    load(false);
}

void ShellLogDetail::rowsChanged(int first, int last)
{
    if (m_row >= first && m_row <= last) {
        load(true);
    }
}

void ShellLogDetail::load(bool keepWindow)
{
    const bool valid = m_model && m_row >= 0 && m_row < m_model->rowCount();
    Shown shown;
    if (valid) {
        const QModelIndex index = m_model->index(m_row, 0);
        shown = Shown{m_row, m_model->isFinished(m_row), index.data(ShellLogModel::OutputSizeRole).toLongLong(),
                      index.data(ShellLogModel::ErrorRole).toString()};
    }
    if (keepWindow && shown == m_shown) {
        return; // an update of another column of this row, or nothing that shows
    }
    m_shown = shown;
    m_pendingStart = keepWindow ? m_windowStart : 0;
    m_sliceTimer.stop();
    ++m_generation;
    m_converting = false;
    if (!valid) {
        m_header->clear();
        m_edit->clear();
        m_converted = {};
        m_windowStart = m_windowEnd = 0;
        updateBar();
        return;
    }

    const Core::CommandRecord record = m_model->record(m_row);
    QString status;
    if (!shown.finished) {
        status = tr("running");
    } else if (record.exitCode) {
        status = tr("exit code %1").arg(*record.exitCode);
    } else {
        status = tr("no exit code");
    }
    const QLocale locale;
    QStringList facts = {tr("in %1").arg(record.workdir.toHtmlEscaped()), status};
    if (shown.finished) {
        facts.append(tr("%1 ms").arg(locale.toString(record.durationMs)));
    }
    facts.append(locale.formattedDataSize(record.output.size()));
    QString html = QStringLiteral("<b>$ %1</b><br>%2")
                       .arg(m_model->commandLine(m_row).toHtmlEscaped(), facts.join(QStringLiteral(" \u00B7 ")));
    if (!record.error.isEmpty()) {
        html += QStringLiteral("<br><span style=\"color:#b00000\">%1</span>").arg(record.error.toHtmlEscaped());
    }
    m_header->setText(html);

    const QColor fg = palette().color(QPalette::Text);
    const QColor bg = palette().color(QPalette::Base);
    if (record.output.size() <= kSyncConvertBytes) {
        setConverted(convert(record.output, fg, bg));
        return;
    }
    // A big output: converted on a worker, shown when it is ready.
    m_converting = true;
    m_edit->clear();
    m_converted = {};
    m_windowStart = m_windowEnd = 0;
    updateBar();
    const quint64 generation = m_generation;
    Internal::runInBackground([output = record.output, fg, bg] {
        return convert(output, fg, bg);
    }).then(this, [this, generation](Converted converted) {
        if (generation == m_generation) {
            m_converting = false;
            setConverted(std::move(converted));
        }
    });
}

ShellLogDetail::Converted ShellLogDetail::convert(const QByteArray &output, const QColor &foreground,
                                                  const QColor &background)
{
    AnsiConverter converter;
    converter.setDefaultColors(foreground, background);
    converter.feed(QString::fromUtf8(output));
    Converted out{converter.take(), {0}};
    const QString &text = out.styled.text;
    for (qsizetype at = text.indexOf(QLatin1Char('\n')); at >= 0; at = text.indexOf(QLatin1Char('\n'), at + 1)) {
        out.lineStarts.append(at + 1);
    }
    return out;
}

void ShellLogDetail::setConverted(Converted converted)
{
    m_converted = std::move(converted);
    renderWindow(std::min(m_pendingStart, m_converted.styled.text.size()));
    if (m_highlightStart >= 0) {
        highlight(m_highlightStart, m_highlightLength); // moves the window when the match is outside
    }
}

qsizetype ShellLogDetail::lineOf(qsizetype position) const
{
    const auto &starts = m_converted.lineStarts;
    return std::upper_bound(starts.cbegin(), starts.cend(), position) - starts.cbegin() - 1;
}

qsizetype ShellLogDetail::windowEnd(qsizetype start, qsizetype maxLines) const
{
    const qsizetype size = m_converted.styled.text.size();
    const qsizetype limit = std::min(size, start + kMaxChars);
    const qsizetype line = lineOf(start) + maxLines;
    const qsizetype end = line < m_converted.lineStarts.size() ? m_converted.lineStarts.at(line) : size;
    return std::min(end, limit);
}

void ShellLogDetail::insertStyled(QTextCursor &cursor, qsizetype from, qsizetype to) const
{
    const StyledText &styled = m_converted.styled;
    const auto &runs = styled.runs;
    auto it = std::lower_bound(runs.cbegin(), runs.cend(), from,
                               [](const StyledText::Run &run, qsizetype pos) { return run.start + run.length <= pos; });
    const QTextCharFormat plain;
    qsizetype pos = from;
    for (; it != runs.cend() && it->start < to; ++it) {
        const qsizetype start = std::max<qsizetype>(it->start, from);
        const qsizetype end = std::min<qsizetype>(it->start + it->length, to);
        if (start > pos) {
            cursor.insertText(styled.text.sliced(pos, start - pos), plain);
        }
        cursor.insertText(styled.text.sliced(start, end - start), styled.formats.at(it->format));
        pos = end;
    }
    if (pos < to) {
        cursor.insertText(styled.text.sliced(pos, to - pos), plain);
    }
}

void ShellLogDetail::renderWindow(qsizetype start)
{
    m_sliceTimer.stop();
    m_windowStart = start;
    m_windowEnd = windowEnd(start, kMaxLines);
    m_edit->clear();
    QTextCursor cursor(m_edit->document());
    cursor.beginEditBlock();
    insertStyled(cursor, m_windowStart, m_windowEnd);
    cursor.endEditBlock();
    applyHighlight();
    updateBar();
    Q_EMIT rendered();
}

void ShellLogDetail::showAll()
{
    if (!isTruncated() || m_converting) {
        return;
    }
    if (m_windowStart > 0) {
        renderWindow(0);
    }
    m_sliceTimer.start();
    updateBar();
}

void ShellLogDetail::appendSlice()
{
    // As many slices of a few hundred lines as fit in the budget, so the event loop turns often.
    QElapsedTimer budget;
    budget.start();
    QTextCursor cursor(m_edit->document());
    cursor.movePosition(QTextCursor::End);
    const qsizetype size = m_converted.styled.text.size();
    while (m_windowEnd < size && budget.elapsed() < kSliceBudgetMs) {
        const qsizetype end = windowEnd(m_windowEnd, 200);
        cursor.beginEditBlock();
        insertStyled(cursor, m_windowEnd, end);
        cursor.endEditBlock();
        m_windowEnd = end;
    }
    if (m_windowEnd >= size) {
        m_sliceTimer.stop();
        applyHighlight();
        updateBar();
        Q_EMIT rendered();
    }
}

bool ShellLogDetail::isTruncated() const
{
    return m_windowStart > 0 || m_windowEnd < m_converted.styled.text.size();
}

void ShellLogDetail::updateBar()
{
    if (m_converting) {
        m_barText->setText(tr("Preparing the output\u2026"));
        m_showAll->setEnabled(false);
        m_bar->show();
        return;
    }
    if (!isTruncated()) {
        m_bar->hide();
        return;
    }
    const QLocale locale;
    const qsizetype firstLine = lineOf(m_windowStart) + 1;
    const qsizetype lastLine = m_windowEnd > m_windowStart ? lineOf(m_windowEnd - 1) + 1 : firstLine;
    m_barText->setText(m_sliceTimer.isActive() ? tr("Adding the rest of the output\u2026")
                                               : tr("Lines %1 to %2 of %3 shown.")
                                                     .arg(locale.toString(firstLine), locale.toString(lastLine),
                                                          locale.toString(m_converted.lineStarts.size())));
    m_showAll->setEnabled(!m_sliceTimer.isActive());
    m_bar->show();
}

void ShellLogDetail::highlight(qsizetype position, qsizetype length)
{
    m_highlightStart = position;
    m_highlightLength = length;
    if (position < 0) {
        applyHighlight(); // clears it
        return;
    }
    if (m_converting) {
        return; // applied when the conversion ends
    }
    if (position < m_windowStart || position + length > m_windowEnd) {
        if (m_sliceTimer.isActive() && position >= m_windowStart) {
            return; // the slice that contains it is on its way
        }
        // Move the window so that the match is near its top.
        const qsizetype line = std::max<qsizetype>(lineOf(position) - kContextLines, 0);
        renderWindow(m_converted.lineStarts.value(line, 0));
        return;
    }
    applyHighlight();
}

void ShellLogDetail::applyHighlight()
{
    QList<QTextEdit::ExtraSelection> selections;
    const qsizetype from = m_highlightStart - m_windowStart;
    if (m_highlightStart >= 0 && m_highlightStart >= m_windowStart &&
        m_highlightStart + m_highlightLength <= m_windowEnd) {
        QTextEdit::ExtraSelection selection;
        selection.cursor = QTextCursor(m_edit->document());
        selection.cursor.setPosition(int(from));
        selection.cursor.setPosition(int(from + m_highlightLength), QTextCursor::KeepAnchor);
        selection.format.setBackground(palette().color(QPalette::Highlight));
        selection.format.setForeground(palette().color(QPalette::HighlightedText));
        selections.append(selection);
        QTextCursor visible = selection.cursor;
        visible.clearSelection();
        m_edit->setTextCursor(visible);
        m_edit->centerCursor();
    }
    m_edit->setExtraSelections(selections);
}

} // namespace Sandcastle::Ui
