// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/capabilities/shell/outputtruncation.h"

namespace Sandcastle::Core {

namespace {

bool isContinuation(char byte)
{
    return (static_cast<unsigned char>(byte) & 0xC0) == 0x80;
}

/// Largest character boundary <= `at`.
qsizetype boundaryAtOrBefore(const QByteArray &utf8, qsizetype at)
{
    while (at > 0 && at < utf8.size() && isContinuation(utf8[at])) {
        --at;
    }
    return at;
}

/// Smallest character boundary >= `at`.
qsizetype boundaryAtOrAfter(const QByteArray &utf8, qsizetype at)
{
    while (at < utf8.size() && isContinuation(utf8[at])) {
        ++at;
    }
    return at;
}

QByteArray marker(qint64 tokens)
{
    return QStringLiteral("\u2026%1 tokens truncated\u2026").arg(tokens).toUtf8();
}

} // namespace

qint64 approxTokenCount(qint64 utf8Bytes)
{
    return utf8Bytes <= 0 ? 0 : (utf8Bytes + 3) / 4;
}

qsizetype pythonLineCount(const QString &text)
{
    qsizetype lines = 0;
    bool inLine = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        const bool isBreak = c == u'\n' || c == u'\r' || c == u'\v' || c == u'\f' || c == 0x1c || c == 0x1d ||
                             c == 0x1e || c == 0x85 || c == 0x2028 || c == 0x2029;
        if (isBreak) {
            ++lines;
            inLine = false;
            if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
                ++i;
            }
        } else {
            inLine = true;
        }
    }
    return lines + (inLine ? 1 : 0);
}

TruncatedOutput truncateOutput(const QString &text, std::optional<qint64> maxOutputTokens)
{
    if (!maxOutputTokens) {
        return {text, std::nullopt};
    }
    const QByteArray utf8 = text.toUtf8();
    const qint64 budget = 4 * std::max<qint64>(0, *maxOutputTokens);
    const qint64 total = utf8.size();
    if (total <= budget) {
        return {text, std::nullopt};
    }
    const qint64 originalTokens = approxTokenCount(total);
    QByteArray prefix = QStringLiteral("Total output lines: %1\n\n").arg(pythonLineCount(text)).toUtf8();
    const QByteArray firstMarker = marker(originalTokens);
    if (prefix.size() + firstMarker.size() > budget) {
        prefix.clear();
    }
    const qint64 content = budget - prefix.size() - firstMarker.size();
    if (content < 0) {
        const qsizetype cut = boundaryAtOrBefore(firstMarker, qsizetype(budget));
        return {QString::fromUtf8(firstMarker.left(cut)), originalTokens};
    }
    const qint64 headBudget = content / 2;
    const qint64 tailBudget = content - headBudget;
    const qsizetype headEnd = boundaryAtOrBefore(utf8, qsizetype(headBudget));
    const qsizetype tailStart = boundaryAtOrAfter(utf8, qsizetype(total - tailBudget));
    const qint64 removed = total - headEnd - (total - tailStart);
    const QByteArray result = prefix + utf8.left(headEnd) + marker(approxTokenCount(removed)) + utf8.mid(tailStart);
    return {QString::fromUtf8(result), originalTokens};
}

} // namespace Sandcastle::Core
