// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/diffhighlighter.h"

#include <QAbstractScrollArea>
#include <QCache>
#include <QTimer>

namespace Sandcastle::Ui {

class DiffDocument;
class ReviewState;

/// Paints a DiffDocument: only the rows in view, one fixed-height row each, with line numbers,
/// syntax colours (DiffHighlighter, a few milliseconds of highlighting per frame at most),
/// word-level highlights and each hunk's review state in the left margin. A click on a collapsed
/// region expands it; a click on a hunk makes it the current one. Keyboard commands (next hunk,
/// accept, ...) are the review view's actions; this view only scrolls. GUI thread only.
class DiffView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    /// How much highlighting one paint may do before it paints the rest plain.
    static constexpr int kHighlightBudgetMs = 4;

    explicit DiffView(QWidget *parent = nullptr);
    ~DiffView() override;

    /// Shows `document` (not owned; null shows nothing) with the decisions in `state` (not owned).
    /// `pending`: hunks show accept/reject decisions; otherwise applied/reverted.
    void setDocument(DiffDocument *document, const ReviewState *state, bool pending);
    /// The document's rows changed (layout switched, gap expanded, decisions changed).
    void documentChanged();

    [[nodiscard]] std::pair<int, int> currentHunk() const { return m_current; }
    /// Makes (file, hunk) current and scrolls its header into view.
    void setCurrentHunk(int file, int hunk);
    void scrollToRow(int row);
    [[nodiscard]] int firstVisibleRow() const;
    [[nodiscard]] int visibleRowCount() const;
    [[nodiscard]] int rowHeight() const { return m_rowHeight; }
    [[nodiscard]] DiffHighlighter &highlighter() { return m_highlighter; }
    /// What row `row` shows, as plain text (tests, accessibility): a file header with its badges, a
    /// hunk header or info sentence with its state, a gap, or `<old> <new> <sign> <text>` for lines
    /// (side by side: both sides, separated by " | ").
    [[nodiscard]] QString rowText(int row);
    /// Rows painted without their highlighting on the last paint (highlighting continues on the
    /// next event loop turn).
    [[nodiscard]] int unhighlightedRows() const { return m_unhighlighted; }
    /// Row sides laid out (measured into segments) since the view was created (benchmarks).
    [[nodiscard]] qint64 layoutsBuilt() const { return m_layoutsBuilt; }

Q_SIGNALS:
    void currentHunkChanged(int file, int hunk);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    struct Colors
    {
        QColor added, removed, addedWord, removedWord, header, hunk, gap, muted, accepted, rejected, current;
    };
    void updateMetrics();
    void updateScrollBars();
    void paintRow(QPainter &p, const DiffRow &row, int y, const QDeadlineTimer &deadline);
    void paintSide(QPainter &p, const DiffRow &row, int side, const QRect &rect, const QDeadlineTimer &deadline);
    struct Segment
    {
        QString text;
        int x = 0;
        QColor color;
        int font = 0; ///< 0 regular, 1 bold, 2 italic, 3 both
    };
    struct LaidOutLine
    {
        QList<Segment> segments;
        QList<std::pair<int, int>> words; ///< x and width of each word highlight
    };
    [[nodiscard]] LaidOutLine layoutLine(const QByteArray &bytes, const DiffHighlighter::Spans *spans,
                                         const QList<Core::ByteRange> &words) const;
    [[nodiscard]] const QFont &fontFor(int index) const;
    void paintText(QPainter &p, const LaidOutLine &line, const QColor &wordColor, const QRect &rect);
    void paintHeader(QPainter &p, const DiffRow &row, const QRect &rect);
    [[nodiscard]] QString infoText(int file) const;
    [[nodiscard]] QString headerText(int file);
    [[nodiscard]] QString gapText(int file, int gap) const;
    [[nodiscard]] QString lineMarker(const DiffRow &row, int side) const;
    [[nodiscard]] QString stateText(int file, int hunk, QColor *color) const;
    [[nodiscard]] QColor stateColor(int file, int hunk) const;
    [[nodiscard]] int rowAt(int y) const;

    DiffDocument *m_document = nullptr;
    const ReviewState *m_state = nullptr;
    bool m_pending = false;
    DiffHighlighter m_highlighter;
    std::pair<int, int> m_current{-1, -1};
    QFont m_font;
    QFont m_bold;
    QFont m_italic;
    QFont m_boldItalic;
    Colors m_colors;
    int m_rowHeight = 16;
    int m_ascent = 12;
    int m_charWidth = 8;
    int m_numberWidth = 48;
    int m_unhighlighted = 0;
    qint64 m_layoutsBuilt = 0;
    QTimer m_continueHighlighting;
    static constexpr qsizetype kLayoutCacheSize = 4000;
    QCache<quint64, LaidOutLine> m_layouts; ///< rows' segments, highlighted or plain (LRU; cleared with the document)
};

} // namespace Sandcastle::Ui
