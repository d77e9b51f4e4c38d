// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Sandcastle::Core::Internal {

/// A small POSIX-shell word splitter for the approval rules: not an interpreter, just enough to
/// find each command's words and program. Quotes (`'...'`, `"..."`) and backslashes are removed;
/// commands are split at `;`, `&`, `&&`, `|`, `||`, newlines, `(`, `)`, `$(`, `{`/`}` words and
/// backticks (also inside double quotes); `<`, `>`, `>>`, `>&`, `&>` end a word without ending
/// the command; `#` at the start of a word starts a comment up to the end of the line.
class CommandWords
{
public:
    [[nodiscard]] static QList<QStringList> split(const QString &text);
    /// The index of the program word: after `NAME=value` assignments and the wrappers sudo, env,
    /// nohup, time, nice, timeout, exec, command and xargs (with their options); -1 when none.
    [[nodiscard]] static qsizetype programIndex(const QStringList &words);
    /// The script of `sh|bash|zsh|dash|ksh ... -c SCRIPT` (any option word holding `c`), or
    /// std::nullopt when the program is not a shell given a script.
    [[nodiscard]] static std::optional<QString> shellScript(const QStringList &words, qsizetype program);
};

} // namespace Sandcastle::Core::Internal
