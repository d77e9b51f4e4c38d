// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/diffhighlighter.h"

#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/State>
#include <KSyntaxHighlighting/Theme>

#include <QHash>
#include <QSet>

#include <QFileInfo>
#include <QPalette>

namespace Sandcastle::Ui {

using Core::DiffLine;

namespace {

QByteArray withoutTerminator(QByteArray line)
{
    line.chop(line.endsWith("\r\n") ? 2 : (line.endsWith('\n') ? 1 : 0));
    return line;
}

} // namespace

class DiffHighlighter::Engine : public KSyntaxHighlighting::AbstractHighlighter
{
public:
    struct Stream
    {
        KSyntaxHighlighting::State state;
        bool plain = false;     ///< no definition for the file type
        int done = 0;           ///< lines highlighted so far
        int base = 0;           ///< gap streams: the old line index of position 0
        QList<int> lineIndexes; ///< hunk streams: the hunk lines of this side, in order
        QList<int> positions;   ///< hunk streams: hunk line index -> position (-1: other side)
        QList<Spans> spans;
    };

    Stream &stream(const DiffRow &row, int side);
    [[nodiscard]] QByteArray streamLine(const Stream &s, const DiffRow &row, int position) const;
    KSyntaxHighlighting::Definition definitionFor(int file);
    const Spans *spans(const DiffRow &row, int side, const QDeadlineTimer &deadline);
    using AbstractHighlighter::setTheme;

    KSyntaxHighlighting::Repository m_repository;
    const DiffDocument *m_document = nullptr;
    QHash<int, KSyntaxHighlighting::Definition> m_definitions;
    QSet<QString> m_loaded; ///< definitions (with their includes) loaded completely
    QHash<quint64, Stream> m_streams;
    Spans *m_current = nullptr;
    qint64 m_highlighted = 0;

protected:
    void applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format) override;
};

DiffHighlighter::DiffHighlighter()
    : d(std::make_unique<Engine>())
{}

DiffHighlighter::~DiffHighlighter() = default;

qint64 DiffHighlighter::highlightedLines() const
{
    return d->m_highlighted;
}

void DiffHighlighter::setPalette(const QPalette &palette)
{
    d->setTheme(d->m_repository.themeForPalette(palette));
    clearCache();
}

void DiffHighlighter::setDocument(const DiffDocument *document)
{
    d->m_document = document;
    d->m_definitions.clear();
    clearCache();
}

void DiffHighlighter::clearCache()
{
    d->m_streams.clear();
}

const DiffHighlighter::Spans *DiffHighlighter::spans(const DiffRow &row, int side, const QDeadlineTimer &deadline)
{
    return d->spans(row, side, deadline);
}

KSyntaxHighlighting::Definition DiffHighlighter::Engine::definitionFor(int file)
{
    auto it = m_definitions.find(file);
    if (it == m_definitions.end()) {
        const QString path = m_document->changeSet().files.at(file).change.path;
        it = m_definitions.insert(file, m_repository.definitionForFileName(QFileInfo(path).fileName()));
        // KSyntaxHighlighting loads a definition, and each one it includes (Doxygen, Alerts, ...),
        // when a line first needs it: tens of milliseconds in the middle of a scroll. Load them all
        // now, once per language (the repository keeps them), when the file first shows.
        if (it->isValid() && !m_loaded.contains(it->name())) {
            m_loaded.insert(it->name());
            for (const KSyntaxHighlighting::Definition &def : it->includedDefinitions()) {
                (void)def.formats();
            }
            (void)it->formats();
        }
    }
    return *it;
}

QString DiffHighlighter::definitionName(int file)
{
    if (!d->m_document || file < 0 || file >= d->m_document->changeSet().files.size()) {
        return {};
    }
    const KSyntaxHighlighting::Definition def = d->definitionFor(file);
    return def.isValid() ? def.name() : QString();
}

DiffHighlighter::Engine::Stream &DiffHighlighter::Engine::stream(const DiffRow &row, int side)
{
    const bool gap = row.kind == DiffRow::Kind::Expanded;
    const quint64 key = (quint64(gap) << 63) | (quint64(quint32(row.file)) << 32) | (quint64(quint32(row.hunk)) << 1) |
                        quint64(gap ? 0 : side);
    auto it = m_streams.find(key);
    if (it != m_streams.end()) {
        return *it;
    }
    Stream s;
    const KSyntaxHighlighting::Definition def = definitionFor(row.file);
    s.plain = !def.isValid();
    if (gap) {
        const Core::DiffHunk *prev =
            row.hunk > 0 ? &m_document->changeSet().files.at(row.file).diff.hunks.at(row.hunk - 1) : nullptr;
        s.base = prev ? prev->oldIndex + prev->oldCount : 0;
    } else {
        const QList<DiffLine> &lines = m_document->changeSet().files.at(row.file).diff.hunks.at(row.hunk).lines;
        s.positions.fill(-1, lines.size());
        const DiffLine::Kind skipped = side == 0 ? DiffLine::Kind::Added : DiffLine::Kind::Removed;
        for (int i = 0; i < lines.size(); ++i) {
            if (lines.at(i).kind != skipped) {
                s.positions[i] = int(s.lineIndexes.size());
                s.lineIndexes.append(i);
            }
        }
    }
    return *m_streams.insert(key, std::move(s));
}

QByteArray DiffHighlighter::Engine::streamLine(const Stream &s, const DiffRow &row, int position) const
{
    if (row.kind == DiffRow::Kind::Expanded) {
        return withoutTerminator(m_document->oldLines(row.file).value(s.base + position));
    }
    return m_document->changeSet()
        .files.at(row.file)
        .diff.hunks.at(row.hunk)
        .lines.at(s.lineIndexes.at(position))
        .content();
}

const DiffHighlighter::Spans *DiffHighlighter::Engine::spans(const DiffRow &row, int side,
                                                             const QDeadlineTimer &deadline)
{
    static const Spans s_none;
    if (!m_document || (row.kind != DiffRow::Kind::Line && row.kind != DiffRow::Kind::Expanded)) {
        return &s_none;
    }
    int effectiveSide = side;
    int position = 0;
    if (row.kind == DiffRow::Kind::Line) {
        const DiffLine *line = m_document->line(row, side);
        if (!line) {
            return &s_none;
        }
        if (m_document->layout() == DiffDocument::Layout::Unified) {
            effectiveSide = line->kind == DiffLine::Kind::Removed ? 0 : 1;
        }
    }
    Stream &s = stream(row, effectiveSide);
    if (s.plain) {
        return &s_none;
    }
    if (row.kind == DiffRow::Kind::Line) {
        const int index =
            m_document->layout() == DiffDocument::Layout::Unified ? row.left : (side == 0 ? row.left : row.right);
        position = s.positions.value(index, -1);
        if (position < 0) {
            return &s_none;
        }
    } else {
        position = row.left - s.base;
    }
    if (s.done <= position) {
        const KSyntaxHighlighting::Definition def = definitionFor(row.file);
        if (definition() != def) {
            setDefinition(def);
        }
        s.spans.resize(position + 1);
        while (s.done <= position) {
            if (deadline.hasExpired()) {
                return nullptr;
            }
            m_current = &s.spans[s.done];
            s.state = highlightLine(QString::fromUtf8(streamLine(s, row, s.done)), s.state);
            m_current = nullptr;
            ++s.done;
            ++m_highlighted;
        }
    }
    return &s.spans.at(position);
}

void DiffHighlighter::Engine::applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format)
{
    if (!m_current || length <= 0) {
        return;
    }
    const KSyntaxHighlighting::Theme t = theme();
    if (format.isDefaultTextStyle(t)) {
        return;
    }
    Span span{offset, length, {}, format.isBold(t), format.isItalic(t)};
    if (format.hasTextColor(t)) {
        span.color = format.textColor(t);
    }
    if (span.color.isValid() || span.bold || span.italic) {
        m_current->append(span);
    }
}

} // namespace Sandcastle::Ui
