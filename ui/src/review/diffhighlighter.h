// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/diffdocument.h"

#include <QColor>
#include <QDeadlineTimer>

#include <memory>

class QPalette;

namespace Sandcastle::Ui {

/// Syntax highlighting of the diff view's lines with KSyntaxHighlighting, by each file's type, in
/// the light or dark theme that fits the application palette. Each side's whole text (the old
/// text, the new one) is highlighted from the file's first line, so the state carries across
/// hunks and gaps (a hunk inside a multi-line comment or string is coloured as such). Lazy and
/// incremental: only as far as the painted rows need and no further than a time budget allows;
/// results are cached per file and side until the document or the palette changes. A row that is
/// not highlighted yet is painted plain and highlighted on a later frame, so neither scrolling nor
/// typing waits for it. GUI thread only.
class DiffHighlighter
{
public:
    struct Span
    {
        int start = 0; ///< in UTF-16 units of the line's text
        int length = 0;
        QColor color; ///< invalid: the default text color
        bool bold = false;
        bool italic = false;
    };
    using Spans = QList<Span>;

    DiffHighlighter();
    ~DiffHighlighter();
    Q_DISABLE_COPY_MOVE(DiffHighlighter)

    void setPalette(const QPalette &palette);
    void setDocument(const DiffDocument *document);
    /// Drops the cached spans (the document's rows changed meaning, e.g. an expanded gap).
    void clearCache();

    /// The spans of one side of a Line/Expanded row, highlighting what is missing before
    /// `deadline`; nullptr when the deadline passed first (call again on a later frame).
    [[nodiscard]] const Spans *spans(const DiffRow &row, int side, const QDeadlineTimer &deadline);
    /// The definition's name for a file ("C++", "Python"; empty: none).
    [[nodiscard]] QString definitionName(int file);
    /// Lines highlighted since construction (for benchmarks).
    [[nodiscard]] qint64 highlightedLines() const;

private:
    class Engine; // a KSyntaxHighlighting::AbstractHighlighter (KF6 stays private to the ui library)
    std::unique_ptr<Engine> d;
};

} // namespace Sandcastle::Ui
