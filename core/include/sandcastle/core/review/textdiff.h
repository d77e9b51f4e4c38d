// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace Sandcastle::Core {

/// A byte range inside one DiffLine's text (for intra-line highlighting).
struct ByteRange
{
    qsizetype start = 0;
    qsizetype length = 0;
    friend bool operator==(const ByteRange &, const ByteRange &) = default;
};

/// One line of a hunk, with its exact bytes.
struct DiffLine
{
    enum class Kind { Context, Removed, Added };
    Kind kind = Kind::Context;
    /// The line as stored in the file, terminator included ("\n", "\r\n"); the last line of a file
    /// without a final newline has none.
    QByteArray text;
    int oldLine = 0; ///< 1-based line number in `before`; 0 for Added lines
    int newLine = 0; ///< 1-based line number in `after`; 0 for Removed lines
    /// Removed/Added lines paired with a line of the other side: the byte ranges (terminator
    /// excluded, never splitting a UTF-8 sequence) that differ word by word. Empty otherwise.
    QList<ByteRange> highlights;

    [[nodiscard]] bool hasTerminator() const { return text.endsWith('\n'); }
    /// The text without its terminator ("\n" or "\r\n").
    [[nodiscard]] QByteArray content() const;
};

/// One hunk: a run of changes with up to `context` unchanged lines around it.
struct DiffHunk
{
    int index = 0;    ///< position in TextDiff::hunks (stable for the same before/after/context)
    int oldIndex = 0; ///< 0-based index in `before` of the hunk's first old line (or insertion point)
    int oldCount = 0; ///< Context + Removed lines
    int newIndex = 0; ///< 0-based index in `after` of the hunk's first new line
    int newCount = 0; ///< Context + Added lines
    int added = 0;
    int removed = 0;
    QList<DiffLine> lines;

    /// `@@ -oldStart[,oldCount] +newStart[,newCount] @@` as git and GNU diff write it (count 1 is
    /// omitted; a side with count 0 names the line before the hunk).
    [[nodiscard]] QString header() const;
    /// The exact bytes of the hunk's old side (Context + Removed lines) and new side.
    [[nodiscard]] QByteArray oldText() const;
    [[nodiscard]] QByteArray newText() const;
};

/// The line diff of two byte arrays.
struct TextDiff
{
    /// Either side holds a NUL byte or invalid UTF-8: no hunks are computed.
    bool binary = false;
    QList<DiffHunk> hunks;
    int added = 0;   ///< Added lines over all hunks (0 for binary)
    int removed = 0; ///< Removed lines over all hunks (0 for binary)
    int context = 3; ///< the context the hunks were computed with
};

/// What to do with one hunk when merging a reviewed diff (TextDiffer::merge).
struct HunkChoice
{
    bool accept = false;
    /// With accept: the bytes that replace the hunk's old side (its context lines included)
    /// instead of the hunk's new side, for a hunk the reviewer edited.
    std::optional<QByteArray> replacement;
};

/// Line diff on exact bytes (Myers, linear space), hunks, word-level highlights, unified text.
/// Stateless and thread-safe; all functions are pure. A 10 000-line file diffs in milliseconds;
/// GUI code still calls it through QtConcurrent for large inputs.
class TextDiffer
{
public:
    [[nodiscard]] static TextDiff diff(const QByteArray &before, const QByteArray &after, int context = 3);

    /// Splits after every '\n'; a last line without '\n' is kept as it is. An empty array has no lines.
    [[nodiscard]] static QList<QByteArray> splitLines(const QByteArray &bytes);
    /// True when `bytes` contains a NUL byte or is not valid UTF-8.
    [[nodiscard]] static bool isBinary(const QByteArray &bytes);

    /// The unified diff body (`--- a/old`, `+++ b/new`, hunks, `\ No newline at end of file`), exact
    /// bytes of every line. Paths are written as given (callers add `a/`/`b/` prefixes). An empty
    /// oldPath/newPath writes `/dev/null`. For binary diffs: `Binary files a and b differ\n`.
    [[nodiscard]] static QByteArray unified(const TextDiff &diff, const QString &oldPath, const QString &newPath);

    /// Rebuilds a content from `before` and its `diff` with only the chosen hunks: an accepted hunk
    /// contributes its new side (or its replacement), a rejected one its old side. `choices` has
    /// one entry per hunk. Fails (InvalidInput) when `choices` does not match or the diff is binary
    /// (then only all-or-nothing applies).
    [[nodiscard]] static Result<QByteArray> merge(const QByteArray &before, const TextDiff &diff,
                                                  const QList<HunkChoice> &choices);

    /// Word-level differences of two lines (terminators excluded): the byte ranges of `oldLine` and
    /// of `newLine` not shared by both. Words are runs of letters, digits, '_' and UTF-8 bytes;
    /// runs of blanks; or single other bytes.
    static void wordHighlights(const QByteArray &oldLine, const QByteArray &newLine, QList<ByteRange> &oldRanges,
                               QList<ByteRange> &newRanges);
};

} // namespace Sandcastle::Core
