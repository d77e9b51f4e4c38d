// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/capabilities/filesystem/v4adiff.h"

#include <QList>
#include <QStringList>

#include <algorithm>
#include <functional>

namespace Sandcastle::Core {

namespace {

const QString s_endPatch = QStringLiteral("*** End Patch");
const QString s_endOfFile = QStringLiteral("*** End of File");
const QString s_updateFile = QStringLiteral("*** Update File:");
const QString s_deleteFile = QStringLiteral("*** Delete File:");
const QString s_addFile = QStringLiteral("*** Add File:");

struct Chunk
{
    qsizetype origIndex = 0;
    QStringList deleted;
    QStringList inserted;
};

struct Section
{
    QStringList context;
    QList<Chunk> chunks;
    qsizetype endIndex = 0;
    bool eof = false;
};

bool isFileTerminator(const QString &line)
{
    return line.startsWith(s_endPatch) || line.startsWith(s_updateFile) || line.startsWith(s_deleteFile) ||
           line.startsWith(s_addFile);
}

QStringList splitDiffLines(const QString &diff)
{
    QStringList lines = diff.split(QLatin1Char('\n'));
    for (QString &line : lines) {
        while (line.endsWith(QLatin1Char('\r'))) {
            line.chop(1);
        }
    }
    if (!lines.isEmpty() && lines.last().isEmpty()) {
        lines.removeLast();
    }
    return lines;
}

QString newlineOf(const QString &text)
{
    return text.contains(QLatin1String("\r\n")) ? QStringLiteral("\r\n") : QStringLiteral("\n");
}

// Codex's last matching pass: typographic punctuation a model tends to type as ASCII.
QString normalisePunctuation(const QString &text)
{
    QString out = text.trimmed();
    for (QChar &c : out) {
        const char16_t u = c.unicode();
        if ((u >= 0x2010 && u <= 0x2015) || u == 0x2212) {
            c = QLatin1Char('-');
        } else if (u >= 0x2018 && u <= 0x201B) {
            c = QLatin1Char('\'');
        } else if (u >= 0x201C && u <= 0x201F) {
            c = QLatin1Char('"');
        } else if (u == 0x00A0 || (u >= 0x2002 && u <= 0x200A) || u == 0x202F || u == 0x205F || u == 0x3000) {
            c = QLatin1Char(' ');
        }
    }
    return out;
}

using LineMap = std::function<QString(const QString &)>;

bool equalsAt(const QStringList &source, const QStringList &target, qsizetype start, const LineMap &map)
{
    if (start + target.size() > source.size()) {
        return false;
    }
    for (qsizetype i = 0; i < target.size(); ++i) {
        if (map ? map(source.at(start + i)) != map(target.at(i)) : source.at(start + i) != target.at(i)) {
            return false;
        }
    }
    return true;
}

// Returns the first index >= start where `context` matches, or -1.
qsizetype findContextCore(const QStringList &lines, const QStringList &context, qsizetype start)
{
    if (context.isEmpty()) {
        return start;
    }
    const LineMap passes[] = {
        LineMap{},
        [](const QString &s) {
            qsizetype n = s.size();
            while (n > 0 && s.at(n - 1).isSpace()) {
                --n;
            }
            return s.left(n);
        },
        [](const QString &s) { return s.trimmed(); },
        normalisePunctuation,
    };
    for (const LineMap &map : passes) {
        for (qsizetype i = start; i + context.size() <= lines.size(); ++i) {
            if (equalsAt(lines, context, i, map)) {
                return i;
            }
        }
    }
    return -1;
}

qsizetype findContext(const QStringList &lines, const QStringList &context, qsizetype cursor, bool eof)
{
    if (eof) {
        // A text that ends with a newline splits into a final empty element: the end of file is
        // before it, not after it.
        const qsizetype length = (!lines.isEmpty() && lines.last().isEmpty()) ? lines.size() - 1 : lines.size();
        const qsizetype tail = std::max<qsizetype>(0, length - context.size());
        if (context.isEmpty() || equalsAt(lines, context, tail, {})) {
            return tail;
        }
        const qsizetype atEnd = findContextCore(lines, context, tail);
        if (atEnd != -1) {
            return atEnd;
        }
    }
    return findContextCore(lines, context, cursor);
}

// For an error message: where the context comes closest to matching, and what differs there.
QString closestMismatch(const QStringList &lines, const QStringList &context, qsizetype cursor)
{
    qsizetype bestStart = -1;
    qsizetype bestCount = -1;
    for (qsizetype i = cursor; i < lines.size(); ++i) {
        qsizetype k = 0;
        while (k < context.size() && i + k < lines.size() && lines.at(i + k).trimmed() == context.at(k).trimmed()) {
            ++k;
        }
        if (k > bestCount) {
            bestCount = k;
            bestStart = i;
        }
    }
    if (bestStart < 0 || bestCount <= 0) {
        if (cursor >= lines.size() || (cursor == lines.size() - 1 && lines.last().isEmpty())) {
            return QStringLiteral("the file has no more lines after line %1").arg(cursor);
        }
        return QStringLiteral("file line %1 is \"%2\" where \"%3\" was expected")
            .arg(cursor + 1)
            .arg(lines.at(cursor), context.value(0));
    }
    const qsizetype at = bestStart + bestCount;
    if (at >= lines.size()) {
        return QStringLiteral("closest match starts at file line %1 but the file ends after %2 matching lines")
            .arg(bestStart + 1)
            .arg(bestCount);
    }
    return QStringLiteral("closest match starts at file line %1; file line %2 is \"%3\" where \"%4\" was expected")
        .arg(bestStart + 1)
        .arg(at + 1)
        .arg(lines.at(at), context.value(bestCount));
}

class UpdateParser
{
public:
    UpdateParser(QStringList diff, QStringList input, int firstLine)
        : m_lines(std::move(diff))
        , m_input(std::move(input))
        , m_firstLine(firstLine)
    {}

    Result<QList<Chunk>> parse()
    {
        QList<Chunk> chunks;
        qsizetype cursor = 0;
        int hunk = 0;
        while (m_index < m_lines.size() && !isFileTerminator(m_lines.at(m_index)) &&
               !m_lines.at(m_index).startsWith(s_endOfFile)) {
            ++hunk;
            const qsizetype hunkLine = m_index;
            int headers = 0;
            QStringList anchors;
            readAnchors(&headers, &anchors);
            if (headers == 0 && cursor != 0) {
                return error(hunk, m_index,
                             QStringLiteral("Invalid Line: %1 (a hunk after the first must start with @@)")
                                 .arg(m_lines.value(m_index)));
            }
            for (qsizetype k = 0; k < anchors.size(); ++k) {
                if (!advanceToAnchor(anchors.at(k), k == 0, &cursor) && headers >= 2) {
                    return error(hunk, hunkLine + k,
                                 QStringLiteral("Invalid Anchor: \"%1\" not found after file line %2")
                                     .arg(anchors.at(k))
                                     .arg(cursor));
                }
            }
            auto section = readSection(hunk);
            if (!section) {
                return std::unexpected(section.error());
            }
            qsizetype found = findContext(m_input, section->context, cursor, section->eof);
            const QStringList fullContext = section->context;
            while (found == -1 && canDropTrailingEmpty(*section)) {
                section->context.removeLast();
                found = findContext(m_input, section->context, cursor, section->eof);
            }
            if (found == -1) {
                section->context = fullContext;
                const QString expected = section->context.join(QLatin1Char('\n'));
                return error(
                    hunk, hunkLine,
                    QStringLiteral("%1 %2:\n%3\n(%4)")
                        .arg(section->eof ? QStringLiteral("Invalid EOF Context") : QStringLiteral("Invalid Context"))
                        .arg(cursor)
                        .arg(expected, closestMismatch(m_input, section->context, cursor)));
            }
            cursor = found + section->context.size();
            m_index = section->endIndex;
            for (Chunk chunk : std::as_const(section->chunks)) {
                chunk.origIndex += found;
                chunks.append(std::move(chunk));
            }
        }
        return chunks;
    }

private:
    std::unexpected<Error> error(int hunk, qsizetype index, const QString &what) const
    {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("hunk %1 (line %2): %3").arg(hunk).arg(m_firstLine + index).arg(what));
    }

    void readAnchors(int *headers, QStringList *anchors)
    {
        while (m_index < m_lines.size()) {
            const QString &line = m_lines.at(m_index);
            if (line == QLatin1String("@@")) {
                ++*headers;
            } else if (line.startsWith(QLatin1String("@@ "))) {
                ++*headers;
                const QString anchor = line.mid(3);
                if (!anchor.trimmed().isEmpty()) {
                    anchors->append(anchor);
                }
            } else {
                break;
            }
            ++m_index;
        }
    }

    bool occursBefore(const QString &anchor, qsizetype cursor, bool stripped) const
    {
        for (qsizetype i = 0; i < cursor && i < m_input.size(); ++i) {
            if (stripped ? m_input.at(i).trimmed() == anchor.trimmed() : m_input.at(i) == anchor) {
                return true;
            }
        }
        return false;
    }

    bool advanceToAnchor(const QString &anchor, bool mayBeBehind, qsizetype *cursor) const
    {
        for (const bool stripped : {false, true}) {
            if (mayBeBehind && occursBefore(anchor, *cursor, stripped)) {
                return true;
            }
            for (qsizetype i = *cursor; i < m_input.size(); ++i) {
                if (stripped ? m_input.at(i).trimmed() == anchor.trimmed() : m_input.at(i) == anchor) {
                    *cursor = i + 1;
                    return true;
                }
            }
        }
        return false;
    }

    static bool canDropTrailingEmpty(const Section &section)
    {
        const qsizetype last = section.context.size() - 1;
        if (last < 0 || !section.context.last().isEmpty()) {
            return false;
        }
        return std::ranges::all_of(section.chunks, [last](const Chunk &c) {
            return c.origIndex + c.deleted.size() <= last && c.origIndex <= last;
        });
    }

    Result<Section> readSection(int hunk)
    {
        Section section;
        QStringList deleted;
        QStringList inserted;
        enum class Mode { Keep, Add, Delete } mode = Mode::Keep;
        const qsizetype start = m_index;
        qsizetype index = start;
        auto flush = [&] {
            if (!deleted.isEmpty() || !inserted.isEmpty()) {
                section.chunks.append(Chunk{section.context.size() - deleted.size(), deleted, inserted});
                deleted.clear();
                inserted.clear();
            }
        };
        while (index < m_lines.size()) {
            const QString &raw = m_lines.at(index);
            if (raw.startsWith(QLatin1String("@@")) || isFileTerminator(raw) || raw.startsWith(s_endOfFile) ||
                raw == QLatin1String("***")) {
                break;
            }
            if (raw.startsWith(QLatin1String("***"))) {
                return error(hunk, index, QStringLiteral("Invalid Line: %1").arg(raw));
            }
            const QChar prefix = raw.isEmpty() ? QLatin1Char(' ') : raw.at(0);
            const Mode last = mode;
            if (prefix == QLatin1Char('+')) {
                mode = Mode::Add;
            } else if (prefix == QLatin1Char('-')) {
                mode = Mode::Delete;
            } else if (prefix == QLatin1Char(' ')) {
                mode = Mode::Keep;
            } else {
                return error(
                    hunk, index,
                    QStringLiteral("Invalid Line: %1 (every line of a hunk starts with ' ', '-' or '+')").arg(raw));
            }
            ++index;
            const QString content = raw.mid(1);
            if (mode == Mode::Keep && last != mode) {
                flush();
            }
            if (mode == Mode::Delete) {
                deleted.append(content);
                section.context.append(content);
            } else if (mode == Mode::Add) {
                inserted.append(content);
            } else {
                section.context.append(content);
            }
        }
        flush();
        if (index < m_lines.size() && m_lines.at(index) == s_endOfFile) {
            section.endIndex = index + 1;
            section.eof = true;
            return section;
        }
        if (index == start) {
            return error(hunk, index,
                         QStringLiteral("Nothing in this section: expected context, '-' or '+' lines before \"%1\"")
                             .arg(m_lines.value(index)));
        }
        section.endIndex = index;
        return section;
    }

    QStringList m_lines;
    QStringList m_input;
    int m_firstLine = 1;
    qsizetype m_index = 0;
};

} // namespace

Result<QString> applyDiff(const QString &original, const QString &diff, DiffMode mode, int firstLine)
{
    const QStringList lines = splitDiffLines(diff);
    if (mode == DiffMode::Create) {
        const QString newline = newlineOf(diff);
        QStringList out;
        out.reserve(lines.size());
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QString &line = lines.at(i);
            if (isFileTerminator(line)) {
                break;
            }
            if (!line.startsWith(QLatin1Char('+'))) {
                return fail(ErrorCode::InvalidInput, QStringLiteral("line %1: Invalid Add File Line: %2 (every line of "
                                                                    "an added file starts with '+')")
                                                         .arg(firstLine + i)
                                                         .arg(line));
            }
            out.append(line.mid(1));
        }
        return out.join(newline);
    }

    const QString newline = original.contains(QLatin1Char('\n')) ? newlineOf(original) : newlineOf(diff);
    QString normalised = original;
    normalised.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    const QStringList input = normalised.split(QLatin1Char('\n'));
    UpdateParser parser(lines, input, firstLine);
    const auto chunks = parser.parse();
    if (!chunks) {
        return std::unexpected(chunks.error());
    }

    QStringList out;
    out.reserve(input.size() + 16);
    qsizetype cursor = 0;
    for (const Chunk &chunk : *chunks) {
        if (chunk.origIndex > input.size()) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("a hunk starts at line %1 but the file has only %2 lines")
                            .arg(chunk.origIndex + 1)
                            .arg(input.size()));
        }
        if (cursor > chunk.origIndex) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("overlapping hunks: a change at file line %1 comes before the end of the "
                                       "previous change (line %2); hunks must be in file order")
                            .arg(chunk.origIndex + 1)
                            .arg(cursor + 1));
        }
        for (qsizetype i = cursor; i < chunk.origIndex; ++i) {
            out.append(input.at(i));
        }
        out.append(chunk.inserted);
        cursor = chunk.origIndex + chunk.deleted.size();
    }
    for (qsizetype i = cursor; i < input.size(); ++i) {
        out.append(input.at(i));
    }
    return out.join(newline);
}

} // namespace Sandcastle::Core
