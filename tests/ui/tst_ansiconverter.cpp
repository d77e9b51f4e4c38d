// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// AnsiConverter: real terminal output (SGR colours and attributes, cursor and erase sequences,
// OSC strings, carriage returns) to text plus character formats.
#include "sandcastle/ui/ansiconverter.h"

#include <QFont>
#include <QTest>

using Sandcastle::Ui::AnsiConverter;
using Sandcastle::Ui::StyledText;

namespace {

/// "start+length:fg=#rrggbb,bg=#rrggbb,b,i,u,s" per range, space-separated.
QString describe(const StyledText &styled)
{
    QStringList ranges;
    for (const auto &range : styled.formatRanges()) {
        QStringList props;
        const QTextCharFormat &f = range.format;
        if (f.hasProperty(QTextFormat::ForegroundBrush)) {
            props.append(QStringLiteral("fg=") + f.foreground().color().name());
        }
        if (f.hasProperty(QTextFormat::BackgroundBrush)) {
            props.append(QStringLiteral("bg=") + f.background().color().name());
        }
        if (f.fontWeight() == QFont::Bold) {
            props.append(QStringLiteral("b"));
        }
        if (f.fontItalic()) {
            props.append(QStringLiteral("i"));
        }
        if (f.fontUnderline()) {
            props.append(QStringLiteral("u"));
        }
        if (f.fontStrikeOut()) {
            props.append(QStringLiteral("s"));
        }
        ranges.append(QStringLiteral("%1+%2:%3").arg(range.start).arg(range.length).arg(props.join(QLatin1Char(','))));
    }
    return ranges.join(QLatin1Char(' '));
}

} // namespace

class tst_AnsiConverter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void convert_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("formats");
        QTest::newRow("plain") << QByteArray("hello\nworld") << "hello\nworld" << "";
        QTest::newRow("basic fg and reset") << QByteArray("\x1b[31mred\x1b[0m plain") << "red plain"
                                            << "0+3:fg=#cd0000";
        QTest::newRow("bold bright fg, short reset") << QByteArray("\x1b[1;92mok\x1b[m done") << "ok done"
                                                     << "0+2:fg=#00ff00,b";
        QTest::newRow("basic bg, default bg") << QByteArray("\x1b[44m x \x1b[49m.") << " x ." << "0+3:bg=#0000ee";
        QTest::newRow("bright bg") << QByteArray("\x1b[101mX") << "X" << "0+1:bg=#ff0000";
        QTest::newRow("256 fg cube") << QByteArray("\x1b[38;5;208mo\x1b[0m") << "o" << "0+1:fg=#ff8700";
        QTest::newRow("256 bg grey") << QByteArray("\x1b[48;5;244mg") << "g" << "0+1:bg=#808080";
        QTest::newRow("256 basic index") << QByteArray("\x1b[38;5;1mr") << "r" << "0+1:fg=#cd0000";
        QTest::newRow("truecolor fg") << QByteArray("\x1b[38;2;10;20;30mt\x1b[0m") << "t" << "0+1:fg=#0a141e";
        QTest::newRow("truecolor bg") << QByteArray("\x1b[48;2;255;255;0mY\x1b[0m") << "Y" << "0+1:bg=#ffff00";
        QTest::newRow("truecolor colon form") << QByteArray("\x1b[38:2::1:2:3mt") << "t" << "0+1:fg=#010203";
        QTest::newRow("256 colon form") << QByteArray("\x1b[48:5:16mk") << "k" << "0+1:bg=#000000";
        QTest::newRow("fg and bg together") << QByteArray("\x1b[33;41mw\x1b[0m") << "w" << "0+1:fg=#cdcd00,bg=#cd0000";
        QTest::newRow("runs") << QByteArray("\x1b[31ma\x1b[0mb\x1b[32mc") << "abc"
                              << "0+1:fg=#cd0000 2+1:fg=#00cd00";
        QTest::newRow("22 ends bold") << QByteArray("\x1b[1ma\x1b[22mb") << "ab" << "0+1:b";
        QTest::newRow("39 keeps bold") << QByteArray("\x1b[1;31ma\x1b[39mb") << "ab" << "0+1:fg=#cd0000,b 1+1:b";
        QTest::newRow("empty parameter resets") << QByteArray("\x1b[31ma\x1b[;1mb") << "ab"
                                                << "0+1:fg=#cd0000 1+1:b";
        QTest::newRow("redundant sequence merges") << QByteArray("\x1b[31ma\x1b[31mb") << "ab" << "0+2:fg=#cd0000";
        QTest::newRow("italic underline strike") << QByteArray("\x1b[3;4;9mx\x1b[23;24;29my") << "xy" << "0+1:i,u,s";
        QTest::newRow("inverse on defaults") << QByteArray("\x1b[7mx\x1b[27my") << "xy"
                                             << "0+1:fg=#ffffff,bg=#000000";
        QTest::newRow("malformed 256 ignored") << QByteArray("\x1b[38;5mx") << "x" << "";
        QTest::newRow("cursor and erase stripped")
            << QByteArray("a\x1b[2Kb\x1b[1;1Hc\x1b[?25ld\x1b[3Ae\x1b[10Cf") << "abcdef" << "";
        QTest::newRow("private mode not sgr") << QByteArray("\x1b[>4;2mx") << "x" << "";
        QTest::newRow("osc title and hyperlink stripped")
            << QByteArray("\x1b]0;title\x07x\x1b]8;;http://a.example\x1b\\link\x1b]8;;\x1b\\") << "xlink" << "";
        QTest::newRow("dcs stripped") << QByteArray("a\x1bPq#0;2;0;0;0\x1b\\b") << "ab" << "";
        QTest::newRow("charset and keypad") << QByteArray("\x1b(Ba\x1b=b\x1b>c\x1b"
                                                          "7d")
                                            << "abcd" << "";
        QTest::newRow("8-bit csi") << QByteArray("\xc2\x9b"
                                                 "31mx")
                                   << "x" << "0+1:fg=#cd0000";
        QTest::newRow("carriage return overwrites") << QByteArray("10%\r50%\r100%\n") << "100%\n" << "";
        QTest::newRow("progress with erase")
            << QByteArray("\r\x1b[Kget 10%\r\x1b[Kget 100%\ndone") << "get 100%\ndone" << "";
        QTest::newRow("return drops coloured text") << QByteArray("\x1b[31mred\r\x1b[32mgreen\n") << "green\n"
                                                    << "0+6:fg=#00cd00"; // the newline is still green
        QTest::newRow("crlf is a newline") << QByteArray("a\r\nb\r\n") << "a\nb\n" << "";
        QTest::newRow("backspace") << QByteArray("ab\bc\tx") << "ac\tx" << "";
        QTest::newRow("controls dropped") << QByteArray("a\x07"
                                                        "b\x00"
                                                        "c\x7f"
                                                        "d",
                                                        7)
                                          << "abcd" << "";
        QTest::newRow("unterminated sequence dropped") << QByteArray("abc\x1b[31") << "abc" << "";
        QTest::newRow("lone escape dropped") << QByteArray("abc\x1b") << "abc" << "";
        QTest::newRow("utf-8") << QByteArray("\x1b[32m\xe2\x9c\x93\x1b[0m gr\xc3\xbcn")
                               << QStringLiteral("\u2713 gr\u00fcn") << "0+1:fg=#00cd00";
    }
    void convert()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, text);
        QFETCH(QString, formats);
        const StyledText styled = AnsiConverter::convert(input);
        QCOMPARE(styled.text, text);
        QCOMPARE(describe(styled), formats);
        QCOMPARE(AnsiConverter::strip(QString::fromUtf8(input)), text);
    }

    void feed_splitSequences_sameAsWhole()
    {
        const QByteArray whole("\x1b[1;38;5;33mblue\x1b[0m \x1b]0;t\x07plain \x1b[48;2;1;2;3mbg\x1b[0m\r\nend");
        const StyledText expected = AnsiConverter::convert(whole);
        for (qsizetype chunk = 1; chunk <= 5; ++chunk) {
            AnsiConverter converter;
            const QString input = QString::fromUtf8(whole);
            for (qsizetype at = 0; at < input.size(); at += chunk) {
                converter.feed(QStringView(input).mid(at, chunk));
            }
            const StyledText styled = converter.take();
            QCOMPARE(styled.text, expected.text);
            QCOMPARE(describe(styled), describe(expected));
        }
        QCOMPARE(expected.text, QStringLiteral("blue plain bg\nend"));
        QCOMPARE(describe(expected), QStringLiteral("0+4:fg=#0087ff,b 11+2:bg=#010203"));
    }

    void take_keepsStyleAcrossCalls()
    {
        AnsiConverter converter;
        converter.feed(u"\x1b[31mfirst");
        QCOMPARE(describe(converter.take()), QStringLiteral("0+5:fg=#cd0000"));
        QCOMPARE(converter.currentFormat().foreground().color(), QColor(0xcd, 0, 0));
        converter.feed(u" second\x1b[0m!");
        const StyledText second = converter.take();
        QCOMPARE(second.text, QStringLiteral(" second!"));
        QCOMPARE(describe(second), QStringLiteral("0+7:fg=#cd0000"));
        QVERIFY(!converter.currentFormat().hasProperty(QTextFormat::ForegroundBrush));
    }

    void setDefaultColors_usedByInverseAndFaint()
    {
        AnsiConverter converter;
        converter.setDefaultColors(QColor(0xdd, 0xdd, 0xdd), QColor(0x20, 0x20, 0x20));
        converter.feed(u"\x1b[7mi\x1b[0m\x1b[2mf");
        const auto ranges = converter.take().formatRanges();
        QCOMPARE(ranges.size(), 2);
        QCOMPARE(ranges.at(0).format.foreground().color(), QColor(0x20, 0x20, 0x20));
        QCOMPARE(ranges.at(0).format.background().color(), QColor(0xdd, 0xdd, 0xdd));
        const QColor faint = ranges.at(1).format.foreground().color();
        QCOMPARE(faint.rgb(), QColor(0xdd, 0xdd, 0xdd).rgb());
        QVERIFY(faint.alphaF() < 1.0f);
    }

    void paletteColor_data()
    {
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("color");
        QTest::newRow("black") << 0 << "#000000";
        QTest::newRow("bright white") << 15 << "#ffffff";
        QTest::newRow("cube start") << 16 << "#000000";
        QTest::newRow("cube mid") << 67 << "#5f87af";
        QTest::newRow("cube end") << 231 << "#ffffff";
        QTest::newRow("grey start") << 232 << "#080808";
        QTest::newRow("grey end") << 255 << "#eeeeee";
        QTest::newRow("out of range") << 300 << "#000000";
    }
    void paletteColor()
    {
        QFETCH(int, index);
        QFETCH(QString, color);
        QCOMPARE(AnsiConverter::paletteColor(index).name(), color);
    }

    void convert_largeColouredOutput_linear()
    {
        QByteArray big;
        for (int i = 0; i < 100000; ++i) {
            big += "\x1b[3" + QByteArray::number(i % 8) + "mline " + QByteArray::number(i) + "\x1b[0m\n";
        }
        const StyledText styled = AnsiConverter::convert(big);
        QCOMPARE(styled.text.count(QLatin1Char('\n')), 100000);
        QVERIFY(!styled.text.contains(QChar(0x1b)));
        // Colour 0 (black) on every 8th line, so every line but none of the newlines is formatted.
        QCOMPARE(styled.runs.size(), 100000);
        QCOMPARE(styled.formats.size(), 8); // one per colour, shared by the runs
        QCOMPARE(styled.formats.at(styled.runs.at(1).format).foreground().color(), QColor(0xcd, 0, 0));
        QCOMPARE(AnsiConverter::strip(big), styled.text);
    }
};

QTEST_MAIN(tst_AnsiConverter)
#include "tst_ansiconverter.moc"
