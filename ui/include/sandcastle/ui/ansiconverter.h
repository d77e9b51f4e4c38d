// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QHash>
#include <QList>
#include <QString>
#include <QTextCharFormat>
#include <QTextLayout>

namespace Sandcastle::Ui {

/// Text with its terminal styling: runs of `text` that are not in the default style, each with
/// an index into `formats` (the distinct formats used), so that a million coloured lines cost
/// twelve bytes a run rather than a character format each.
struct StyledText
{
    struct Run
    {
        int start = 0;
        int length = 0;
        int format = 0; ///< index into formats
    };
    QString text;
    QList<Run> runs; ///< ascending and non-overlapping
    QList<QTextCharFormat> formats;

    /// The runs as format ranges (for QTextLayout and the like).
    [[nodiscard]] QList<QTextLayout::FormatRange> formatRanges() const;
};

/// Turns terminal output into StyledText: SGR sequences (16 and 256 colours, 24-bit colour,
/// foreground and background, bold, faint, italic, underline, inverse, strike-through, resets)
/// become character formats; every other escape sequence (cursor moves, erase, OSC titles and
/// links, DCS/APC strings, charset selection) and control character except tab and newline is
/// removed, never shown raw. A carriage return that is not part of "\r\n" starts the line over
/// (progress bars show their last state), a backspace removes the character before it.
/// Streaming: feed() may split a sequence across calls; take() hands out what was converted so
/// far and keeps the styling state. A value type, usable on any thread.
class AnsiConverter
{
public:
    AnsiConverter();

    /// The colours that SGR 7 (inverse) and 2 (faint) derive from when no colour was set.
    void setDefaultColors(const QColor &foreground, const QColor &background);

    void feed(QStringView input);
    /// The text converted since the last take(); an unfinished escape sequence stays pending.
    [[nodiscard]] StyledText take();
    /// Back to the default style, nothing pending.
    void reset();

    /// The format the next text would get (empty in the default style).
    [[nodiscard]] QTextCharFormat currentFormat() const;

    [[nodiscard]] static StyledText convert(QStringView input);
    /// Decodes UTF-8 (invalid sequences become U+FFFD) and converts.
    [[nodiscard]] static StyledText convert(const QByteArray &utf8);
    /// Only the text, as convert() would produce it (faster: no formats are collected).
    [[nodiscard]] static QString strip(QStringView input);
    [[nodiscard]] static QString strip(const QByteArray &utf8);
    /// Collect no formats (take() returns the text only).
    void setTextOnly(bool textOnly) { m_textOnly = textOnly; }
    /// The xterm colour `index` (0-15 the basic and bright colours, 16-231 the 6x6x6 cube,
    /// 232-255 the grey ramp); black for indexes outside 0-255.
    [[nodiscard]] static QColor paletteColor(int index);

private:
    enum class State { Ground, Escape, EscapeIntermediate, Csi, Osc, OscEscape, String, StringEscape };
    struct Style
    {
        QRgb foreground = 0;
        QRgb background = 0;
        bool hasForeground = false;
        bool hasBackground = false;
        bool bold = false;
        bool faint = false;
        bool italic = false;
        bool underline = false;
        bool inverse = false;
        bool strike = false;
        [[nodiscard]] bool isDefault() const;
        [[nodiscard]] quint64 key() const;
    };

    void appendText(QStringView text);
    void control(QChar c);
    void closeRange();
    void truncate(qsizetype size);
    void applySgr(QStringView parameters);
    [[nodiscard]] QTextCharFormat formatFor(const Style &style) const;
    [[nodiscard]] int formatIndex(const Style &style);

    State m_state = State::Ground;
    QString m_parameters; ///< of the CSI sequence being read
    bool m_parametersOverflow = false;
    Style m_style;
    QColor m_defaultForeground;
    QColor m_defaultBackground;
    StyledText m_out;
    qsizetype m_rangeStart = 0; ///< where the current style's text begins in m_out.text
    qsizetype m_lineStart = 0;
    bool m_pendingReturn = false;
    bool m_textOnly = false;
    QHash<quint64, int> m_formatIndexes; ///< Style::key() -> index into m_out.formats
};

} // namespace Sandcastle::Ui
