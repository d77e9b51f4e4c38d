// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/ui/ansiconverter.h"

#include <QFont>

#include <array>

namespace Sandcastle::Ui {

namespace {

constexpr char16_t kEsc = 0x1b;
constexpr char16_t kBel = 0x07;
constexpr qsizetype kMaxParameters = 256; ///< longer CSI parameter strings are read but ignored

constexpr std::array<QRgb, 16> kBasicColors = {
    0xff000000, 0xffcd0000, 0xff00cd00, 0xffcdcd00, 0xff0000ee, 0xffcd00cd, 0xff00cdcd, 0xffe5e5e5,
    0xff7f7f7f, 0xffff0000, 0xff00ff00, 0xffffff00, 0xff5c5cff, 0xffff00ff, 0xff00ffff, 0xffffffff,
};

bool isControl(char16_t c)
{
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f);
}

/// One SGR parameter with its colon-separated sub-parameters ("38:2::255:0:0").
struct SgrParameter
{
    int value = 0;
    QList<int> sub;
};

QList<SgrParameter> parseSgr(QStringView parameters)
{
    QList<SgrParameter> out;
    for (QStringView part : parameters.tokenize(u';')) {
        SgrParameter p;
        bool first = true;
        for (QStringView piece : part.tokenize(u':')) {
            const int v = piece.isEmpty() ? 0 : std::min(piece.toInt(), 0xffff);
            if (first) {
                p.value = v;
                first = false;
            } else {
                p.sub.append(v);
            }
        }
        out.append(p);
    }
    if (out.isEmpty()) {
        out.append(SgrParameter{}); // "ESC[m" is a reset
    }
    return out;
}

} // namespace

QList<QTextLayout::FormatRange> StyledText::formatRanges() const
{
    QList<QTextLayout::FormatRange> out;
    out.reserve(runs.size());
    for (const Run &run : runs) {
        out.append(QTextLayout::FormatRange{run.start, run.length, formats.at(run.format)});
    }
    return out;
}

bool AnsiConverter::Style::isDefault() const
{
    return !hasForeground && !hasBackground && !bold && !faint && !italic && !underline && !inverse && !strike;
}

quint64 AnsiConverter::Style::key() const
{
    const quint64 fg = hasForeground ? (0x1000000ULL | (foreground & 0xffffff)) : 0;
    const quint64 bg = hasBackground ? (0x1000000ULL | (background & 0xffffff)) : 0;
    const quint64 flags = quint64(bold) | quint64(faint) << 1 | quint64(italic) << 2 | quint64(underline) << 3 |
                          quint64(inverse) << 4 | quint64(strike) << 5;
    return fg | bg << 25 | flags << 50;
}

AnsiConverter::AnsiConverter()
    : m_defaultForeground(Qt::black)
    , m_defaultBackground(Qt::white)
{}

void AnsiConverter::setDefaultColors(const QColor &foreground, const QColor &background)
{
    closeRange();
    m_defaultForeground = foreground;
    m_defaultBackground = background;
    m_formatIndexes.clear(); // the formats made so far stay as they are
}

QColor AnsiConverter::paletteColor(int index)
{
    if (index < 0 || index > 255) {
        return QColor(Qt::black);
    }
    if (index < 16) {
        return QColor::fromRgb(kBasicColors[size_t(index)]);
    }
    if (index < 232) {
        static constexpr std::array<int, 6> levels = {0, 95, 135, 175, 215, 255};
        const int i = index - 16;
        return QColor(levels[size_t(i / 36)], levels[size_t(i / 6 % 6)], levels[size_t(i % 6)]);
    }
    const int grey = 8 + 10 * (index - 232);
    return QColor(grey, grey, grey);
}

void AnsiConverter::reset()
{
    AnsiConverter fresh;
    fresh.m_defaultForeground = m_defaultForeground;
    fresh.m_defaultBackground = m_defaultBackground;
    fresh.m_textOnly = m_textOnly;
    *this = std::move(fresh);
}

StyledText AnsiConverter::take()
{
    closeRange();
    StyledText out = std::move(m_out);
    m_out = {};
    m_rangeStart = 0;
    m_lineStart = 0;
    m_formatIndexes.clear();
    return out;
}

QTextCharFormat AnsiConverter::currentFormat() const
{
    return formatFor(m_style);
}

StyledText AnsiConverter::convert(QStringView input)
{
    AnsiConverter converter;
    converter.feed(input);
    return converter.take();
}

StyledText AnsiConverter::convert(const QByteArray &utf8)
{
    return convert(QString::fromUtf8(utf8));
}

QString AnsiConverter::strip(QStringView input)
{
    AnsiConverter converter;
    converter.setTextOnly(true);
    converter.feed(input);
    return converter.take().text;
}

QString AnsiConverter::strip(const QByteArray &utf8)
{
    return strip(QString::fromUtf8(utf8));
}

void AnsiConverter::feed(QStringView input)
{
    const qsizetype n = input.size();
    qsizetype i = 0;
    while (i < n) {
        const char16_t c = input[i].unicode();
        switch (m_state) {
        case State::Ground: {
            if (!isControl(c)) {
                // Fast path: the run of printable characters up to the next control character.
                qsizetype end = i + 1;
                while (end < n && !isControl(input[end].unicode())) {
                    ++end;
                }
                appendText(input.sliced(i, end - i));
                i = end;
                continue;
            }
            control(QChar(c));
            break;
        }
        case State::Escape:
            if (c == u'[') {
                m_state = State::Csi;
                m_parameters.clear();
                m_parametersOverflow = false;
            } else if (c == u']') {
                m_state = State::Osc;
            } else if (c == u'P' || c == u'X' || c == u'^' || c == u'_') {
                m_state = State::String; // DCS, SOS, PM, APC: skipped up to the string terminator
            } else if (c >= 0x20 && c <= 0x2f) {
                m_state = State::EscapeIntermediate; // e.g. "ESC ( B" (character set)
            } else if (c == kEsc) {
                m_state = State::Escape;
            } else if (isControl(c)) {
                m_state = State::Ground;
                control(QChar(c));
            } else {
                m_state = State::Ground; // a two-character sequence ("ESC 7", "ESC =", "ESC M")
            }
            break;
        case State::EscapeIntermediate:
            if (c >= 0x30 && c <= 0x7e) {
                m_state = State::Ground;
            } else if (isControl(c)) {
                m_state = State::Ground;
                control(QChar(c));
            }
            break;
        case State::Csi:
            if (c >= 0x40 && c <= 0x7e) {
                m_state = State::Ground;
                const bool privateMode = !m_parameters.isEmpty() && m_parameters.front() >= u'<';
                if (c == u'm' && !privateMode && !m_parametersOverflow) {
                    closeRange();
                    applySgr(m_parameters);
                }
            } else if (c >= 0x20 && c <= 0x3f) {
                if (m_parameters.size() < kMaxParameters) {
                    m_parameters.append(QChar(c));
                } else {
                    m_parametersOverflow = true;
                }
            } else {
                // Not a CSI byte: the sequence is broken; drop it and treat the character normally.
                m_state = State::Ground;
                continue;
            }
            break;
        case State::Osc:
            if (c == kBel) {
                m_state = State::Ground;
            } else if (c == kEsc) {
                m_state = State::OscEscape;
            }
            break;
        case State::OscEscape:
        case State::StringEscape:
            // "ESC \" ends the string; any other ESC sequence ends it too and is dropped with it.
            m_state = c == kEsc ? State::Escape : State::Ground;
            break;
        case State::String:
            if (c == kEsc) {
                m_state = State::StringEscape;
            } else if (c == 0x9c) {
                m_state = State::Ground;
            }
            break;
        }
        ++i;
    }
}

void AnsiConverter::appendText(QStringView text)
{
    if (m_pendingReturn) {
        m_pendingReturn = false;
        truncate(m_lineStart);
    }
    m_out.text.append(text);
}

void AnsiConverter::control(QChar c)
{
    switch (c.unicode()) {
    case kEsc:
        m_state = State::Escape;
        return;
    case 0x9b: // C1 CSI
        m_state = State::Csi;
        m_parameters.clear();
        m_parametersOverflow = false;
        return;
    case 0x9d: // C1 OSC
        m_state = State::Osc;
        return;
    case 0x90: // C1 DCS, SOS, PM, APC
    case 0x98:
    case 0x9e:
    case 0x9f:
        m_state = State::String;
        return;
    case u'\n':
        m_pendingReturn = false;
        m_out.text.append(u'\n');
        m_lineStart = m_out.text.size();
        return;
    case u'\t':
        appendText(u"\t");
        return;
    case u'\r':
        m_pendingReturn = true;
        return;
    case u'\b':
        if (m_pendingReturn) {
            return; // at the start of the line already
        }
        if (m_out.text.size() > m_lineStart) {
            truncate(m_out.text.size() - 1);
        }
        return;
    default:
        return; // BEL and the other controls have nothing to show
    }
}

void AnsiConverter::closeRange()
{
    const qsizetype end = m_out.text.size();
    if (end > m_rangeStart && !m_textOnly && !m_style.isDefault()) {
        const int format = formatIndex(m_style);
        // Adjacent runs in one style (split by a redundant sequence) become one run.
        if (!m_out.runs.isEmpty()) {
            StyledText::Run &last = m_out.runs.last();
            if (last.start + last.length == m_rangeStart && last.format == format) {
                last.length += int(end - m_rangeStart);
                m_rangeStart = end;
                return;
            }
        }
        m_out.runs.append(StyledText::Run{int(m_rangeStart), int(end - m_rangeStart), format});
    }
    m_rangeStart = end;
}

void AnsiConverter::truncate(qsizetype size)
{
    m_out.text.truncate(size);
    m_rangeStart = std::min(m_rangeStart, size);
    while (!m_out.runs.isEmpty()) {
        StyledText::Run &last = m_out.runs.last();
        if (last.start >= size) {
            m_out.runs.removeLast();
        } else {
            last.length = std::min<int>(last.length, int(size - last.start));
            break;
        }
    }
}

void AnsiConverter::applySgr(QStringView parameters)
{
    const QList<SgrParameter> params = parseSgr(parameters);
    // Reads an extended colour ("38;5;n", "38;2;r;g;b" or their colon forms) starting at `at`.
    const auto extendedColor = [&params](qsizetype &at, QRgb &out) -> bool {
        const SgrParameter &p = params.at(at);
        if (!p.sub.isEmpty()) {
            // Colon form: 38:5:n, 38:2:r:g:b or 38:2:<colour space>:r:g:b.
            if (p.sub.at(0) == 5 && p.sub.size() >= 2) {
                out = AnsiConverter::paletteColor(p.sub.at(1)).rgb();
                return true;
            }
            if (p.sub.at(0) == 2 && p.sub.size() >= 4) {
                const qsizetype o = p.sub.size() >= 5 ? 2 : 1;
                out = qRgb(std::min(p.sub.at(o), 255), std::min(p.sub.at(o + 1), 255), std::min(p.sub.at(o + 2), 255));
                return true;
            }
            return false;
        }
        if (at + 2 < params.size() && params.at(at + 1).value == 5) {
            out = AnsiConverter::paletteColor(params.at(at + 2).value).rgb();
            at += 2;
            return true;
        }
        if (at + 1 < params.size() && params.at(at + 1).value == 2 && at + 4 < params.size()) {
            out = qRgb(std::min(params.at(at + 2).value, 255), std::min(params.at(at + 3).value, 255),
                       std::min(params.at(at + 4).value, 255));
            at += 4;
            return true;
        }
        at = params.size(); // malformed: the rest of the sequence cannot be read reliably
        return false;
    };

    Style &s = m_style;
    for (qsizetype i = 0; i < params.size(); ++i) {
        const int v = params.at(i).value;
        if (v >= 30 && v <= 37) {
            s.foreground = kBasicColors[size_t(v - 30)];
            s.hasForeground = true;
        } else if (v >= 90 && v <= 97) {
            s.foreground = kBasicColors[size_t(v - 90 + 8)];
            s.hasForeground = true;
        } else if (v >= 40 && v <= 47) {
            s.background = kBasicColors[size_t(v - 40)];
            s.hasBackground = true;
        } else if (v >= 100 && v <= 107) {
            s.background = kBasicColors[size_t(v - 100 + 8)];
            s.hasBackground = true;
        } else if (v == 38 || v == 48) {
            QRgb color = 0;
            if (extendedColor(i, color)) {
                (v == 38 ? s.foreground : s.background) = color;
                (v == 38 ? s.hasForeground : s.hasBackground) = true;
            }
        } else if (v == 0) {
            s = Style{};
        } else if (v == 4) {
            s.underline = params.at(i).sub.isEmpty() || params.at(i).sub.at(0) != 0; // "4:0" is no underline
        } else if (v == 22) {
            s.bold = s.faint = false;
        } else {
            // The attributes that set or clear one flag; others (blink, fonts, overline) are not shown.
            struct Flag
            {
                int code;
                bool Style::*member;
                bool value;
            };
            static constexpr Flag kFlags[] = {
                {1, &Style::bold, true},     {2, &Style::faint, true},           {3, &Style::italic, true},
                {7, &Style::inverse, true},  {9, &Style::strike, true},          {21, &Style::underline, true},
                {23, &Style::italic, false}, {24, &Style::underline, false},     {27, &Style::inverse, false},
                {29, &Style::strike, false}, {39, &Style::hasForeground, false}, {49, &Style::hasBackground, false},
            };
            for (const Flag &flag : kFlags) {
                if (flag.code == v) {
                    s.*flag.member = flag.value;
                }
            }
        }
    }
}

int AnsiConverter::formatIndex(const Style &style)
{
    const quint64 key = style.key();
    if (const auto it = m_formatIndexes.constFind(key); it != m_formatIndexes.cend()) {
        return *it;
    }
    const int index = int(m_out.formats.size());
    m_out.formats.append(formatFor(style));
    m_formatIndexes.insert(key, index);
    return index;
}

QTextCharFormat AnsiConverter::formatFor(const Style &style) const
{
    if (style.isDefault()) {
        return {};
    }
    QColor fg = style.hasForeground ? QColor::fromRgb(style.foreground) : QColor();
    QColor bg = style.hasBackground ? QColor::fromRgb(style.background) : QColor();
    if (style.inverse) {
        const QColor oldFg = fg.isValid() ? fg : m_defaultForeground;
        fg = bg.isValid() ? bg : m_defaultBackground;
        bg = oldFg;
    }
    if (style.faint) {
        if (!fg.isValid()) {
            fg = m_defaultForeground;
        }
        fg.setAlphaF(0.6f);
    }
    QTextCharFormat format;
    if (fg.isValid()) {
        format.setForeground(fg);
    }
    if (bg.isValid()) {
        format.setBackground(bg);
    }
    if (style.bold) {
        format.setFontWeight(QFont::Bold);
    }
    if (style.italic) {
        format.setFontItalic(true);
    }
    if (style.underline) {
        format.setFontUnderline(true);
    }
    if (style.strike) {
        format.setFontStrikeOut(true);
    }
    return format;
}

} // namespace Sandcastle::Ui
