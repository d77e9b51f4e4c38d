// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandwords_p.h"

#include <QRegularExpression>
#include <QSet>

namespace Sandcastle::Core::Internal {

namespace {

/// The index after the `)` that closes the `(` at `open`, or text.size() when unclosed.
qsizetype closingParen(const QString &text, qsizetype open)
{
    int depth = 0;
    for (qsizetype i = open; i < text.size(); ++i) {
        if (text.at(i) == QLatin1Char('(')) {
            ++depth;
        } else if (text.at(i) == QLatin1Char(')') && --depth == 0) {
            return i;
        }
    }
    return text.size();
}

class Splitter
{
public:
    QList<QStringList> commands;

    void run(const QString &text)
    {
        enum class Quote { None, Single, Double } quote = Quote::None;
        for (qsizetype i = 0; i < text.size(); ++i) {
            const QChar c = text.at(i);
            const QChar next = i + 1 < text.size() ? text.at(i + 1) : QChar();
            if (quote == Quote::Single) {
                if (c == QLatin1Char('\'')) {
                    quote = Quote::None;
                } else {
                    m_word += c;
                }
                continue;
            }
            // Substitutions run commands of their own, inside double quotes too.
            if (c == QLatin1Char('`') || (c == QLatin1Char('$') && next == QLatin1Char('('))) {
                const qsizetype open = c == QLatin1Char('`') ? i : i + 1;
                const qsizetype close =
                    c == QLatin1Char('`') ? text.indexOf(QLatin1Char('`'), i + 1) : closingParen(text, open);
                const qsizetype end = close < 0 ? text.size() : close;
                Splitter inner;
                inner.run(text.mid(open + 1, end - open - 1));
                commands += inner.commands;
                m_inWord = true;
                i = end;
                continue;
            }
            if (quote == Quote::Double) {
                if (c == QLatin1Char('"')) {
                    quote = Quote::None;
                } else if (c == QLatin1Char('\\') && QStringLiteral("\"\\$`").contains(next)) {
                    m_word += next;
                    ++i;
                } else {
                    m_word += c;
                }
                continue;
            }
            if (c == QLatin1Char(' ') || c == QLatin1Char('\t')) {
                endWord();
            } else if (c == QLatin1Char('\n') || c == QLatin1Char(';') || c == QLatin1Char('(') ||
                       c == QLatin1Char(')')) {
                endCommand();
            } else if (c == QLatin1Char('&') && next == QLatin1Char('>')) {
                endWord(); // &> file: a redirection
                ++i;
            } else if (c == QLatin1Char('&') || c == QLatin1Char('|')) {
                endCommand();
                if (next == c || (c == QLatin1Char('|') && next == QLatin1Char('&'))) {
                    ++i;
                }
            } else if (c == QLatin1Char('<') || c == QLatin1Char('>')) {
                endWord();
                if (next == QLatin1Char('>') || next == QLatin1Char('&') || next == QLatin1Char('<')) {
                    ++i;
                }
            } else if (c == QLatin1Char('#') && !m_inWord) {
                const qsizetype eol = text.indexOf(QLatin1Char('\n'), i);
                i = eol < 0 ? text.size() : eol - 1;
            } else if (c == QLatin1Char('\'')) {
                quote = Quote::Single;
                m_inWord = true;
            } else if (c == QLatin1Char('"')) {
                quote = Quote::Double;
                m_inWord = true;
            } else if (c == QLatin1Char('\\')) {
                if (next != QLatin1Char('\n') && !next.isNull()) {
                    m_word += next;
                    m_inWord = true;
                }
                ++i;
            } else {
                m_word += c;
                m_inWord = true;
            }
        }
        endCommand();
    }

private:
    void endWord()
    {
        if (m_inWord) {
            m_words.append(m_word);
            m_word.clear();
            m_inWord = false;
        }
    }
    void endCommand()
    {
        endWord();
        if (!m_words.isEmpty()) {
            commands.append(m_words);
            m_words.clear();
        }
    }

    QStringList m_words;
    QString m_word;
    bool m_inWord = false;
};

QString baseName(const QString &word)
{
    return word.mid(word.lastIndexOf(QLatin1Char('/')) + 1);
}

} // namespace

QList<QStringList> CommandWords::split(const QString &text)
{
    Splitter splitter;
    splitter.run(text);
    return splitter.commands;
}

qsizetype CommandWords::programIndex(const QStringList &words)
{
    static const QRegularExpression assignment(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*="));
    static const QSet<QString> keywords{QStringLiteral("if"),    QStringLiteral("then"), QStringLiteral("else"),
                                        QStringLiteral("elif"),  QStringLiteral("do"),   QStringLiteral("while"),
                                        QStringLiteral("until"), QStringLiteral("!"),    QStringLiteral("{"),
                                        QStringLiteral("}")};
    static const QSet<QString> wrappers{QStringLiteral("sudo"),    QStringLiteral("doas"),  QStringLiteral("env"),
                                        QStringLiteral("nohup"),   QStringLiteral("time"),  QStringLiteral("nice"),
                                        QStringLiteral("timeout"), QStringLiteral("exec"),  QStringLiteral("command"),
                                        QStringLiteral("xargs"),   QStringLiteral("stdbuf")};
    static const QSet<QString> valuedOptions{
        QStringLiteral("-n"), QStringLiteral("-u"), QStringLiteral("-s"), QStringLiteral("-k"), QStringLiteral("-I"),
        QStringLiteral("-P"), QStringLiteral("-g"), QStringLiteral("-C"), QStringLiteral("-L"), QStringLiteral("-d")};
    qsizetype k = 0;
    while (k < words.size()) {
        const QString &w = words.at(k);
        if (assignment.match(w).hasMatch() || keywords.contains(w)) {
            ++k;
            continue;
        }
        const QString base = baseName(w);
        if (!wrappers.contains(base)) {
            return k;
        }
        ++k;
        while (k < words.size() && words.at(k).startsWith(QLatin1Char('-'))) {
            k += valuedOptions.contains(words.at(k)) ? 2 : 1;
        }
        if (base == QLatin1String("timeout")) {
            ++k; // the duration
        }
    }
    return -1;
}

std::optional<QString> CommandWords::shellScript(const QStringList &words, qsizetype program)
{
    static const QSet<QString> shells{QStringLiteral("sh"), QStringLiteral("bash"), QStringLiteral("zsh"),
                                      QStringLiteral("dash"), QStringLiteral("ksh")};
    if (program < 0 || !shells.contains(baseName(words.at(program)))) {
        return std::nullopt;
    }
    for (qsizetype k = program + 1; k < words.size(); ++k) {
        const QString &w = words.at(k);
        if (!w.startsWith(QLatin1Char('-'))) {
            return std::nullopt; // a script file
        }
        if (!w.startsWith(QLatin1String("--")) && w.contains(QLatin1Char('c'))) {
            return k + 1 < words.size() ? words.at(k + 1) : QString();
        }
    }
    return std::nullopt;
}

} // namespace Sandcastle::Core::Internal
