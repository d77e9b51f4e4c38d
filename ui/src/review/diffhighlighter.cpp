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
    /// One side's whole text of a file, highlighted from its first line on (so a hunk inside a
    /// multi-line comment or string starts in the right state), as far as a painted row needed.
    struct Stream
    {
        KSyntaxHighlighting::State state;
        bool plain = false; ///< no definition for the file type
        int done = 0;       ///< lines highlighted so far
        QList<Spans> spans; ///< per line of the side's text
    };

    Stream &stream(int file, int side);
    KSyntaxHighlighting::Definition definitionFor(int file);
    const Spans *spans(const DiffRow &row, int side, const QDeadlineTimer &deadline);
    KSyntaxHighlighting::Repository &repository();

    /// Made when a diff first needs it, not with the window: loading every definition's and
    /// theme's metadata costs start-up time and memory (issue 7).
    std::unique_ptr<KSyntaxHighlighting::Repository> m_repository;
    QPalette m_palette;
    bool m_themeStale = true; ///< the theme follows m_palette when highlighting next
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
    d->m_palette = palette;
    d->m_themeStale = true;
    clearCache();
}

KSyntaxHighlighting::Repository &DiffHighlighter::Engine::repository()
{
    if (!m_repository) {
        m_repository = std::make_unique<KSyntaxHighlighting::Repository>();
    }
    return *m_repository;
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
        it = m_definitions.insert(file, repository().definitionForFileName(QFileInfo(path).fileName()));
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

DiffHighlighter::Engine::Stream &DiffHighlighter::Engine::stream(int file, int side)
{
    const quint64 key = (quint64(quint32(file)) << 1) | quint64(side);
    auto it = m_streams.find(key);
    if (it == m_streams.end()) {
        Stream s;
        s.plain = !definitionFor(file).isValid();
        it = m_streams.insert(key, std::move(s));
    }
    return *it;
}

const DiffHighlighter::Spans *DiffHighlighter::Engine::spans(const DiffRow &row, int side,
                                                             const QDeadlineTimer &deadline)
{
    static const Spans s_none;
    if (!m_document || (row.kind != DiffRow::Kind::Line && row.kind != DiffRow::Kind::Expanded)) {
        return &s_none;
    }
    const bool unified = m_document->layout() == DiffDocument::Layout::Unified;
    int effectiveSide = side;
    if (row.kind == DiffRow::Kind::Line) {
        const DiffLine *line = m_document->line(row, side);
        if (!line) {
            return &s_none;
        }
        if (unified) {
            effectiveSide = line->kind == DiffLine::Kind::Removed ? 0 : 1;
        }
    } else if (unified) {
        effectiveSide = 0; // an unchanged line: the old text's numbering
    }
    const int position = m_document->lineNumber(row, effectiveSide) - 1;
    if (position < 0) {
        return &s_none;
    }
    Stream &s = stream(row.file, effectiveSide);
    const QList<QByteArray> &lines = m_document->sideLines(row.file, effectiveSide);
    if (s.plain || position >= lines.size()) {
        return &s_none;
    }
    if (s.done <= position) {
        const KSyntaxHighlighting::Definition def = definitionFor(row.file);
        if (m_themeStale) {
            setTheme(repository().themeForPalette(m_palette));
            m_themeStale = false;
        }
        if (definition() != def) {
            setDefinition(def);
        }
        s.spans.resize(position + 1);
        while (s.done <= position) {
            if (deadline.hasExpired()) {
                return nullptr;
            }
            m_current = &s.spans[s.done];
            s.state = highlightLine(QString::fromUtf8(withoutTerminator(lines.at(s.done))), s.state);
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
