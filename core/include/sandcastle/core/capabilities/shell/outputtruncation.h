// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace Sandcastle::Core {

/// Result of truncateOutput(): the text to show and, only when something was cut, the token
/// estimate of the original (for the "Original token count" line).
struct TruncatedOutput
{
    QString text;
    std::optional<qint64> originalTokenCount;
};

/// Token estimate used throughout the harness: ceil(utf8 bytes / 4).
[[nodiscard]] qint64 approxTokenCount(qint64 utf8Bytes);

/// Number of lines as Python's str.splitlines() counts them (\n, \r, \r\n, \v, \f, \x1c-\x1e,
/// \x85, U+2028, U+2029; a trailing separator does not start a new line).
[[nodiscard]] qsizetype pythonLineCount(const QString &text);

/// Spec 2.2.1 truncation for `max_output_tokens`: with no budget the text is unchanged; otherwise
/// the result (line-count prefix, head, "…N tokens truncated…" marker with U+2026, tail) fits in
/// 4 * maxOutputTokens UTF-8 bytes and never splits a character. A zero budget yields "".
/// Pure function; thread-safe.
[[nodiscard]] TruncatedOutput truncateOutput(const QString &text, std::optional<qint64> maxOutputTokens);

} // namespace Sandcastle::Core
