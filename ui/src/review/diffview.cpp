// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/diffview.h"

#include "review/diffdocument.h"
#include "review/reviewstate.h"

#include <QEvent>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>

namespace Sandcastle::Ui {

using Core::DiffLine;

namespace {

constexpr int kStateBar = 5;
constexpr int kTabWidth = 4;

QColor mix(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

// Tabs expanded to spaces; `map` (when there are tabs) takes a text index to a display index.
QString expandTabs(const QString &text, QList<int> *map)
{
    if (!text.contains(QLatin1Char('\t'))) {
        return text;
    }
    QString out;
    map->reserve(text.size() + 1);
    for (const QChar c : text) {
        map->append(int(out.size()));
        if (c == QLatin1Char('\t')) {
            out += QString(kTabWidth - out.size() % kTabWidth, QLatin1Char(' '));
        } else {
            out += c;
        }
    }
    map->append(int(out.size()));
    return out;
}

} // namespace

DiffView::DiffView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setObjectName(QStringLiteral("diffView"));
    setAccessibleName(tr("Diff"));
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setAutoFillBackground(true);
    viewport()->setBackgroundRole(QPalette::Base);
    m_layouts.setMaxCost(kLayoutCacheSize);
    m_continueHighlighting.setSingleShot(true);
    m_continueHighlighting.setInterval(0);
    connect(&m_continueHighlighting, &QTimer::timeout, viewport(), qOverload<>(&QWidget::update));
    m_highlighter.setPalette(palette());
    updateMetrics();
}

DiffView::~DiffView() = default;

void DiffView::setDocument(DiffDocument *document, const ReviewState *state, bool pending)
{
    m_document = document;
    m_state = state;
    m_pending = pending;
    m_highlighter.setDocument(document);
    m_current = {-1, -1};
    if (document && !document->reviewUnits().isEmpty()) {
        m_current = document->reviewUnits().first();
    }
    verticalScrollBar()->setValue(0);
    horizontalScrollBar()->setValue(0);
    documentChanged();
}

void DiffView::documentChanged()
{
    m_layouts.clear();
    updateScrollBars();
    viewport()->update();
}

void DiffView::updateMetrics()
{
    m_font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_font.setPointSizeF(font().pointSizeF() > 0 ? font().pointSizeF() : m_font.pointSizeF());
    m_bold = m_font;
    m_bold.setBold(true);
    m_italic = m_font;
    m_italic.setItalic(true);
    m_boldItalic = m_bold;
    m_boldItalic.setItalic(true);
    const QFontMetrics fm(m_font);
    m_rowHeight = fm.height() + 2;
    m_ascent = fm.ascent() + 1;
    m_charWidth = std::max(1, fm.horizontalAdvance(QLatin1Char('0')));
    m_numberWidth = m_charWidth * 6;

    const QPalette pal = palette();
    const QColor base = pal.color(QPalette::Base);
    const bool dark = base.lightness() < 128;
    const QColor green(dark ? QColor(60, 200, 90) : QColor(40, 167, 69));
    const QColor red(dark ? QColor(230, 80, 80) : QColor(215, 58, 73));
    m_colors.added = mix(base, green, dark ? 0.22 : 0.15);
    m_colors.removed = mix(base, red, dark ? 0.22 : 0.15);
    m_colors.addedWord = mix(base, green, dark ? 0.45 : 0.38);
    m_colors.removedWord = mix(base, red, dark ? 0.45 : 0.38);
    m_colors.header = mix(base, pal.color(QPalette::WindowText), 0.10);
    m_colors.hunk = mix(base, pal.color(QPalette::Highlight), 0.12);
    m_colors.gap = mix(base, pal.color(QPalette::WindowText), 0.05);
    m_colors.muted = mix(base, pal.color(QPalette::Text), 0.55);
    m_colors.accepted = green;
    m_colors.rejected = red;
    m_colors.current = pal.color(QPalette::Highlight);
}

void DiffView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange ||
        event->type() == QEvent::StyleChange) {
        updateMetrics();
        m_layouts.clear();
        m_highlighter.setPalette(palette());
        updateScrollBars();
        viewport()->update();
    }
    QAbstractScrollArea::changeEvent(event);
}

int DiffView::visibleRowCount() const
{
    return std::max(1, viewport()->height() / m_rowHeight);
}

int DiffView::firstVisibleRow() const
{
    return verticalScrollBar()->value();
}

void DiffView::updateScrollBars()
{
    const int rows = m_document ? m_document->rowCount() : 0;
    const int visible = visibleRowCount();
    verticalScrollBar()->setRange(0, std::max(0, rows - visible + 1));
    verticalScrollBar()->setPageStep(visible);
    verticalScrollBar()->setSingleStep(1);
    const bool sideBySide = m_document && m_document->layout() == DiffDocument::Layout::SideBySide;
    const int textWidth = sideBySide ? viewport()->width() / 2 - m_numberWidth - 3 * m_charWidth
                                     : viewport()->width() - 2 * m_numberWidth - 3 * m_charWidth - kStateBar;
    const int longest = m_document ? (m_document->longestLine() + 2) * m_charWidth : 0;
    horizontalScrollBar()->setRange(0, std::max(0, longest - textWidth));
    horizontalScrollBar()->setPageStep(std::max(1, textWidth));
    horizontalScrollBar()->setSingleStep(m_charWidth * 4);
}

void DiffView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void DiffView::scrollContentsBy(int, int)
{
    viewport()->update();
}

void DiffView::scrollToRow(int row)
{
    verticalScrollBar()->setValue(std::max(0, row));
}

void DiffView::setCurrentHunk(int file, int hunk)
{
    if (!m_document) {
        return;
    }
    const int row = m_document->hunkRow(file, hunk);
    if (row < 0) {
        return;
    }
    m_current = {file, hunk};
    const int first = firstVisibleRow();
    if (row < first || row >= first + visibleRowCount() - 3) {
        scrollToRow(row - 1);
    }
    viewport()->update();
    Q_EMIT currentHunkChanged(file, hunk);
}

int DiffView::rowAt(int y) const
{
    const int row = firstVisibleRow() + y / m_rowHeight;
    return m_document && row < m_document->rowCount() ? row : -1;
}

void DiffView::mousePressEvent(QMouseEvent *event)
{
    const int row = rowAt(event->position().toPoint().y());
    if (row < 0 || event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    const DiffRow r = m_document->rows().at(row);
    if (r.kind == DiffRow::Kind::Gap) {
        m_document->expandGap(r.file, r.hunk);
        documentChanged();
        return;
    }
    if (const auto [file, hunk] = m_document->hunkAt(row); file >= 0) {
        setCurrentHunk(file, hunk);
    }
}

void DiffView::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Home && event->modifiers() == Qt::ControlModifier) {
        scrollToRow(0);
    } else if (event->key() == Qt::Key_End && event->modifiers() == Qt::ControlModifier) {
        scrollToRow(verticalScrollBar()->maximum());
    } else {
        QAbstractScrollArea::keyPressEvent(event);
    }
}

void DiffView::paintEvent(QPaintEvent *)
{
    QPainter p(viewport());
    m_unhighlighted = 0;
    if (!m_document) {
        return;
    }
    const QDeadlineTimer deadline(kHighlightBudgetMs);
    const int first = firstVisibleRow();
    const int last = std::min(m_document->rowCount(), first + visibleRowCount() + 1);
    for (int row = first; row < last; ++row) {
        paintRow(p, m_document->rows().at(row), (row - first) * m_rowHeight, deadline);
    }
    if (m_unhighlighted > 0) {
        m_continueHighlighting.start();
    }
}

void DiffView::paintHeader(QPainter &p, const DiffRow &row, const QRect &rect)
{
    p.fillRect(rect, m_colors.header);
    p.setFont(m_bold);
    p.setPen(palette().color(QPalette::Text));
    p.drawText(rect.adjusted(kStateBar + 4, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, headerText(row.file));
}

void DiffView::paintRow(QPainter &p, const DiffRow &row, int y, const QDeadlineTimer &deadline)
{
    const QRect rect(0, y, viewport()->width(), m_rowHeight);
    const bool current =
        (row.kind == DiffRow::Kind::Hunk || row.kind == DiffRow::Kind::Line || row.kind == DiffRow::Kind::Info) &&
        m_current == std::pair<int, int>(row.file, row.kind == DiffRow::Kind::Info ? -1 : row.hunk);
    switch (row.kind) {
    case DiffRow::Kind::File:
        paintHeader(p, row, rect);
        return;
    case DiffRow::Kind::Gap: {
        p.fillRect(rect, m_colors.gap);
        p.setFont(m_italic);
        p.setPen(m_colors.muted);
        p.drawText(rect, Qt::AlignCenter, gapText(row.file, row.hunk));
        return;
    }
    case DiffRow::Kind::Info:
    case DiffRow::Kind::Hunk: {
        p.fillRect(rect, current ? mix(m_colors.hunk, m_colors.current, 0.25) : m_colors.hunk);
        QColor stateColor;
        const QString state = stateText(row.file, row.kind == DiffRow::Kind::Info ? -1 : row.hunk, &stateColor);
        const QString text = row.kind == DiffRow::Kind::Info
                                 ? infoText(row.file)
                                 : m_document->changeSet().files.at(row.file).diff.hunks.at(row.hunk).header();
        p.setFont(row.kind == DiffRow::Kind::Info ? m_italic : m_font);
        p.setPen(palette().color(QPalette::Text));
        p.drawText(rect.adjusted(kStateBar + 4, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, text);
        p.setFont(m_bold);
        p.setPen(stateColor);
        p.drawText(rect.adjusted(0, 0, -8, 0), Qt::AlignVCenter | Qt::AlignRight, state);
        p.fillRect(QRect(0, y, kStateBar, m_rowHeight), current ? m_colors.current : stateColor);
        return;
    }
    case DiffRow::Kind::Line:
    case DiffRow::Kind::Expanded:
        break;
    }
    if (row.kind == DiffRow::Kind::Line) {
        p.fillRect(QRect(0, y, kStateBar, m_rowHeight), current ? m_colors.current : stateColor(row.file, row.hunk));
    }
    const QRect body = rect.adjusted(kStateBar, 0, 0, 0);
    if (m_document->layout() == DiffDocument::Layout::Unified) {
        paintSide(p, row, 0, body, deadline);
        return;
    }
    const int half = body.width() / 2;
    paintSide(p, row, 0, QRect(body.left(), y, half, m_rowHeight), deadline);
    paintSide(p, row, 1, QRect(body.left() + half, y, body.width() - half, m_rowHeight), deadline);
    p.setPen(m_colors.muted);
    p.drawLine(body.left() + half, y, body.left() + half, y + m_rowHeight);
}

void DiffView::paintSide(QPainter &p, const DiffRow &row, int side, const QRect &rect, const QDeadlineTimer &deadline)
{
    const bool unified = m_document->layout() == DiffDocument::Layout::Unified;
    const DiffLine *line = m_document->line(row, side);
    const bool empty = row.kind == DiffRow::Kind::Line && !line;
    QColor background = palette().color(QPalette::Base);
    QColor word;
    QChar sign = QLatin1Char(' ');
    if (empty) {
        background = m_colors.gap;
    } else if (line && line->kind == DiffLine::Kind::Added) {
        background = m_colors.added;
        word = m_colors.addedWord;
        sign = QLatin1Char('+');
    } else if (line && line->kind == DiffLine::Kind::Removed) {
        background = m_colors.removed;
        word = m_colors.removedWord;
        sign = QChar(0x2212);
    }
    p.fillRect(rect, background);
    if (empty) {
        return;
    }
    p.setFont(m_font);
    p.setPen(m_colors.muted);
    int x = rect.left();
    const int baseline = rect.top() + m_ascent;
    const auto number = [&](int numberSide) {
        const int n = m_document->lineNumber(row, numberSide);
        if (n > 0) {
            const QString s = QString::number(n);
            p.drawText(x + m_numberWidth - m_charWidth / 2 - int(s.size()) * m_charWidth, baseline, s);
        }
        x += m_numberWidth;
    };
    if (unified) {
        number(0);
        number(1);
    } else {
        number(side);
    }
    p.setPen(palette().color(QPalette::Text));
    p.drawText(x + m_charWidth / 2, baseline, QString(sign));
    x += 2 * m_charWidth;
    const QRect textRect(x, rect.top(), rect.right() - x, m_rowHeight);
    const DiffHighlighter::Spans *spans = m_highlighter.spans(row, side, deadline);
    if (!spans) {
        ++m_unhighlighted;
    }
    static const QList<Core::ByteRange> s_noWords;
    const QList<Core::ByteRange> &words = line ? line->highlights : s_noWords;
    // Laid out once per row and side while the document stays: scrolling re-uses the layouts. A row
    // still waiting for its highlighting keeps its plain layout too, so the paints that finish
    // highlighting do not lay out every plain row again (the slowest frames did that).
    const quint64 key = (quint64(quint32(row.file)) << 44) ^ (quint64(quint32(row.hunk)) << 28) ^
                        (quint64(quint32(row.left + 1)) << 14) ^ quint64(quint32(row.right + 1)) ^
                        (quint64(side) << 63) ^ (quint64(row.kind == DiffRow::Kind::Expanded) << 62) ^
                        (quint64(spans == nullptr) << 61);
    const LaidOutLine *laidOut = m_layouts.object(key);
    if (!laidOut) {
        auto *fresh = new LaidOutLine(layoutLine(m_document->text(row, side), spans, words));
        ++m_layoutsBuilt;
        laidOut = fresh;
        m_layouts.insert(key, fresh); // evicts the least recently used one at a time
    }
    paintText(p, *laidOut, word, textRect);
    if (line) {
        if (const QString marker = lineMarker(row, side); !marker.isEmpty()) {
            p.setFont(m_italic);
            p.setPen(m_colors.muted);
            p.drawText(textRect.adjusted(0, 0, -4, 0), Qt::AlignVCenter | Qt::AlignRight,
                       QStringLiteral("\u21b5 ") + marker);
        }
    }
}

DiffView::LaidOutLine DiffView::layoutLine(const QByteArray &bytes, const DiffHighlighter::Spans *spans,
                                           const QList<Core::ByteRange> &words) const
{
    LaidOutLine out;
    const QString raw = QString::fromUtf8(bytes);
    QList<int> map;
    const QString text = expandTabs(raw, &map);
    const auto display = [&map](qsizetype i) { return map.isEmpty() ? int(i) : map.value(i, map.last()); };
    const QFontMetrics fm(m_font);
    for (const Core::ByteRange &range : words) {
        const int start = display(QString::fromUtf8(bytes.left(range.start)).size());
        const int end = display(QString::fromUtf8(bytes.left(range.start + range.length)).size());
        out.words.append({fm.horizontalAdvance(text.left(start)), fm.horizontalAdvance(text.mid(start, end - start))});
    }
    int x = 0;
    int pos = 0;
    const auto add = [&](int from, int to, const QColor &color, bool bold, bool italic) {
        if (to <= from) {
            return;
        }
        const QString segment = text.mid(from, to - from);
        const int font = (bold ? 1 : 0) | (italic ? 2 : 0);
        Segment seg{segment, x, color, font};
        x += QFontMetrics(fontFor(font)).horizontalAdvance(segment);
        out.segments.append(std::move(seg));
    };
    if (spans) {
        for (const DiffHighlighter::Span &span : *spans) {
            const int start = display(span.start);
            const int end = display(span.start + span.length);
            if (start < pos) {
                continue;
            }
            add(pos, start, {}, false, false);
            add(start, end, span.color, span.bold, span.italic);
            pos = end;
        }
    }
    add(pos, int(text.size()), {}, false, false);
    return out;
}

const QFont &DiffView::fontFor(int index) const
{
    switch (index) {
    case 1:
        return m_bold;
    case 2:
        return m_italic;
    case 3:
        return m_boldItalic;
    default:
        return m_font;
    }
}

void DiffView::paintText(QPainter &p, const LaidOutLine &line, const QColor &wordColor, const QRect &rect)
{
    p.save();
    p.setClipRect(rect);
    const int x0 = rect.left() - horizontalScrollBar()->value();
    for (const auto &[left, width] : line.words) {
        p.fillRect(QRect(x0 + left, rect.top(), width, rect.height()), wordColor);
    }
    const QColor defaultColor = palette().color(QPalette::Text);
    const int baseline = rect.top() + m_ascent;
    int font = -1;
    for (const Segment &seg : line.segments) {
        if (x0 + seg.x > rect.right()) {
            break;
        }
        if (seg.font != font) {
            font = seg.font;
            p.setFont(fontFor(font));
        }
        p.setPen(seg.color.isValid() ? seg.color : defaultColor);
        p.drawText(QPoint(x0 + seg.x, baseline), seg.text);
    }
    p.restore();
}

} // namespace Sandcastle::Ui
