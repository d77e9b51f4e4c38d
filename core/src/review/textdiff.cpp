// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/review/textdiff.h"

#include "review/myersdiff_p.h"

#include <QHash>

#include <algorithm>

namespace Sandcastle::Core {

namespace {

struct Op
{
    DiffLine::Kind kind;
    int oldPos; // index in `before` of the line (Context/Removed) or the insertion point (Added)
    int newPos;
};

template<class Key>
std::vector<int> intern(const QList<Key> &items, QHash<Key, int> &ids)
{
    std::vector<int> out;
    out.reserve(items.size());
    for (const Key &item : items) {
        auto it = ids.constFind(item);
        if (it == ids.cend()) {
            it = ids.insert(item, int(ids.size()));
        }
        out.push_back(*it);
    }
    return out;
}

bool isWordByte(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_';
}

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

QList<ByteRange> tokenize(const QByteArray &line)
{
    QList<ByteRange> tokens;
    qsizetype i = 0;
    while (i < line.size()) {
        qsizetype j = i + 1;
        if (isWordByte(line.at(i))) {
            while (j < line.size() && isWordByte(line.at(j))) {
                ++j;
            }
        } else if (isBlank(line.at(i))) {
            while (j < line.size() && isBlank(line.at(j))) {
                ++j;
            }
        }
        tokens.append(ByteRange{i, j - i});
        i = j;
    }
    return tokens;
}

QList<ByteRange> changedRanges(const QList<ByteRange> &tokens, const std::vector<bool> &changed)
{
    QList<ByteRange> out;
    for (qsizetype k = 0; k < tokens.size(); ++k) {
        if (!changed[k]) {
            continue;
        }
        const ByteRange &t = tokens.at(k);
        if (!out.isEmpty() && out.last().start + out.last().length == t.start) {
            out.last().length += t.length;
        } else {
            out.append(t);
        }
    }
    return out;
}

void addHighlights(DiffHunk &hunk)
{
    qsizetype k = 0;
    while (k < hunk.lines.size()) {
        if (hunk.lines.at(k).kind != DiffLine::Kind::Removed) {
            ++k;
            continue;
        }
        const qsizetype removedStart = k;
        while (k < hunk.lines.size() && hunk.lines.at(k).kind == DiffLine::Kind::Removed) {
            ++k;
        }
        const qsizetype addedStart = k;
        while (k < hunk.lines.size() && hunk.lines.at(k).kind == DiffLine::Kind::Added) {
            ++k;
        }
        const qsizetype pairs = std::min(addedStart - removedStart, k - addedStart);
        for (qsizetype p = 0; p < pairs; ++p) {
            DiffLine &oldLine = hunk.lines[removedStart + p];
            DiffLine &newLine = hunk.lines[addedStart + p];
            TextDiffer::wordHighlights(oldLine.content(), newLine.content(), oldLine.highlights, newLine.highlights);
        }
    }
}

} // namespace

QByteArray DiffLine::content() const
{
    if (text.endsWith("\r\n")) {
        return text.first(text.size() - 2);
    }
    return text.endsWith('\n') ? text.first(text.size() - 1) : text;
}

QString DiffHunk::header() const
{
    auto side = [](int first, int count) {
        const int start = count == 0 ? first : first + 1;
        return count == 1 ? QString::number(start) : QStringLiteral("%1,%2").arg(start).arg(count);
    };
    return QStringLiteral("@@ -%1 +%2 @@").arg(side(oldIndex, oldCount), side(newIndex, newCount));
}

QByteArray DiffHunk::oldText() const
{
    QByteArray out;
    for (const DiffLine &line : lines) {
        if (line.kind != DiffLine::Kind::Added) {
            out += line.text;
        }
    }
    return out;
}

QByteArray DiffHunk::newText() const
{
    QByteArray out;
    for (const DiffLine &line : lines) {
        if (line.kind != DiffLine::Kind::Removed) {
            out += line.text;
        }
    }
    return out;
}

QList<QByteArray> TextDiffer::splitLines(const QByteArray &bytes)
{
    QList<QByteArray> lines;
    qsizetype start = 0;
    while (start < bytes.size()) {
        const qsizetype nl = bytes.indexOf('\n', start);
        const qsizetype end = nl < 0 ? bytes.size() : nl + 1;
        lines.append(bytes.sliced(start, end - start));
        start = end;
    }
    return lines;
}

bool TextDiffer::isBinary(const QByteArray &bytes)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.constData());
    const qsizetype n = bytes.size();
    qsizetype i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        if (c == 0) {
            return true;
        }
        if (c < 0x80) {
            ++i;
            continue;
        }
        int extra = 0;
        unsigned int min = 0;
        unsigned int cp = 0;
        if ((c & 0xE0) == 0xC0) {
            extra = 1;
            min = 0x80;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            min = 0x800;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            min = 0x10000;
            cp = c & 0x07;
        } else {
            return true;
        }
        if (i + extra >= n) {
            return true;
        }
        for (int k = 1; k <= extra; ++k) {
            const unsigned char cc = p[i + k];
            if ((cc & 0xC0) != 0x80) {
                return true;
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return true;
        }
        i += extra + 1;
    }
    return false;
}

void TextDiffer::wordHighlights(const QByteArray &oldLine, const QByteArray &newLine, QList<ByteRange> &oldRanges,
                                QList<ByteRange> &newRanges)
{
    oldRanges.clear();
    newRanges.clear();
    const QList<ByteRange> oldTokens = tokenize(oldLine);
    const QList<ByteRange> newTokens = tokenize(newLine);
    QHash<QByteArray, int> ids;
    auto texts = [](const QByteArray &line, const QList<ByteRange> &tokens) {
        QList<QByteArray> out;
        out.reserve(tokens.size());
        for (const ByteRange &t : tokens) {
            out.append(line.sliced(t.start, t.length));
        }
        return out;
    };
    const QList<QByteArray> oldTexts = texts(oldLine, oldTokens);
    const QList<QByteArray> newTexts = texts(newLine, newTokens);
    const Internal::EditFlags flags = Internal::myersDiff(intern(oldTexts, ids), intern(newTexts, ids));
    // Lines that share nothing but blanks are simply different: no word highlights.
    bool sharesWord = false;
    for (qsizetype k = 0; k < oldTokens.size() && !sharesWord; ++k) {
        sharesWord = !flags.removed[k] && !isBlank(oldTexts.at(k).front());
    }
    if (!sharesWord) {
        return;
    }
    oldRanges = changedRanges(oldTokens, flags.removed);
    newRanges = changedRanges(newTokens, flags.added);
}

TextDiff TextDiffer::diff(const QByteArray &before, const QByteArray &after, int context)
{
    TextDiff result;
    result.context = std::max(0, context);
    if (isBinary(before) || isBinary(after)) {
        result.binary = true;
        return result;
    }
    const QList<QByteArray> oldLines = splitLines(before);
    const QList<QByteArray> newLines = splitLines(after);
    QHash<QByteArray, int> ids;
    ids.reserve(oldLines.size() + newLines.size());
    const std::vector<int> a = intern(oldLines, ids);
    const std::vector<int> b = intern(newLines, ids);
    const Internal::EditFlags flags = Internal::myersDiff(a, b);

    std::vector<Op> ops;
    ops.reserve(a.size() + b.size());
    std::vector<qsizetype> changes;
    int i = 0;
    int j = 0;
    const int n = int(a.size());
    const int m = int(b.size());
    while (i < n || j < m) {
        if (i < n && flags.removed[i]) {
            changes.push_back(qsizetype(ops.size()));
            ops.push_back(Op{DiffLine::Kind::Removed, i++, j});
        } else if (j < m && flags.added[j]) {
            changes.push_back(qsizetype(ops.size()));
            ops.push_back(Op{DiffLine::Kind::Added, i, j++});
        } else {
            ops.push_back(Op{DiffLine::Kind::Context, i++, j++});
        }
    }

    const qsizetype ctx = result.context;
    const qsizetype total = qsizetype(ops.size());
    qsizetype c = 0;
    while (c < qsizetype(changes.size())) {
        const qsizetype first = std::max<qsizetype>(0, changes[c] - ctx);
        qsizetype lastChange = changes[c];
        ++c;
        while (c < qsizetype(changes.size()) && changes[c] - lastChange - 1 <= 2 * ctx) {
            lastChange = changes[c];
            ++c;
        }
        const qsizetype end = std::min(total, lastChange + 1 + ctx);
        DiffHunk hunk;
        hunk.index = int(result.hunks.size());
        hunk.oldIndex = ops[first].oldPos;
        hunk.newIndex = ops[first].newPos;
        for (qsizetype k = first; k < end; ++k) {
            const Op &op = ops[k];
            DiffLine line;
            line.kind = op.kind;
            if (op.kind != DiffLine::Kind::Added) {
                line.text = oldLines.at(op.oldPos);
                line.oldLine = op.oldPos + 1;
                ++hunk.oldCount;
            }
            if (op.kind != DiffLine::Kind::Removed) {
                line.text = newLines.at(op.newPos);
                line.newLine = op.newPos + 1;
                ++hunk.newCount;
            }
            hunk.added += op.kind == DiffLine::Kind::Added ? 1 : 0;
            hunk.removed += op.kind == DiffLine::Kind::Removed ? 1 : 0;
            hunk.lines.append(std::move(line));
        }
        addHighlights(hunk);
        result.added += hunk.added;
        result.removed += hunk.removed;
        result.hunks.append(std::move(hunk));
    }
    return result;
}

QByteArray TextDiffer::unified(const TextDiff &diff, const QString &oldPath, const QString &newPath)
{
    const QByteArray from = oldPath.isEmpty() ? QByteArray("/dev/null") : oldPath.toUtf8();
    const QByteArray to = newPath.isEmpty() ? QByteArray("/dev/null") : newPath.toUtf8();
    if (diff.binary) {
        return "Binary files " + from + " and " + to + " differ\n";
    }
    QByteArray out = "--- " + from + "\n+++ " + to + "\n";
    for (const DiffHunk &hunk : diff.hunks) {
        out += hunk.header().toUtf8() + '\n';
        for (const DiffLine &line : hunk.lines) {
            out += line.kind == DiffLine::Kind::Context ? ' ' : line.kind == DiffLine::Kind::Removed ? '-' : '+';
            out += line.text;
            if (!line.hasTerminator()) {
                out += "\n\\ No newline at end of file\n";
            }
        }
    }
    return out;
}

Result<QByteArray> TextDiffer::merge(const QByteArray &before, const TextDiff &diff, const QList<HunkChoice> &choices)
{
    if (diff.binary) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("a binary change cannot be merged hunk by hunk"));
    }
    if (choices.size() != diff.hunks.size()) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("expected a decision for each of the %1 hunks, got %2")
                                                 .arg(diff.hunks.size())
                                                 .arg(choices.size()));
    }
    const QList<QByteArray> lines = splitLines(before);
    QByteArray out;
    out.reserve(before.size());
    int pos = 0;
    for (const DiffHunk &hunk : diff.hunks) {
        if (hunk.oldIndex < pos || hunk.oldIndex + hunk.oldCount > lines.size()) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("hunk %1 (%2) lies outside the content").arg(hunk.index).arg(hunk.header()));
        }
        for (; pos < hunk.oldIndex; ++pos) {
            out += lines.at(pos);
        }
        QByteArray old;
        for (int k = 0; k < hunk.oldCount; ++k) {
            old += lines.at(pos + k);
        }
        if (old != hunk.oldText()) {
            return fail(ErrorCode::InvalidInput, QStringLiteral("hunk %1 (%2) does not match the content it was "
                                                                "computed from")
                                                     .arg(hunk.index)
                                                     .arg(hunk.header()));
        }
        const HunkChoice &choice = choices.at(hunk.index);
        out += !choice.accept ? old : choice.replacement ? *choice.replacement : hunk.newText();
        pos += hunk.oldCount;
    }
    for (; pos < lines.size(); ++pos) {
        out += lines.at(pos);
    }
    return out;
}

} // namespace Sandcastle::Core
