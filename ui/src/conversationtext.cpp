// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// ConversationModel's text helpers: one-line summaries of tool arguments and results, exit codes,
// token usage from run events.
#include "sandcastle/ui/conversationmodel.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Sandcastle::Ui {

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

QJsonObject argumentsOf(const QJsonObject &data)
{
    const QJsonValue args = data.value(QStringLiteral("arguments"));
    if (args.isObject()) {
        return args.toObject();
    }
    return QJsonDocument::fromJson(args.toString().toUtf8()).object();
}

} // namespace

ConversationModel::TokenUsage &ConversationModel::TokenUsage::operator+=(const TokenUsage &other)
{
    input += other.input;
    cachedInput += other.cachedInput;
    output += other.output;
    reasoning += other.reasoning;
    total += other.total;
    return *this;
}

ConversationModel::TokenUsage ConversationModel::TokenUsage::fromJson(const QJsonObject &usage)
{
    const auto number = [&usage](const char *key) { return usage.value(QLatin1String(key)).toInteger(); };
    TokenUsage u;
    u.input = number("input_tokens");
    u.output = number("output_tokens");
    const QJsonValue cached =
        usage.value(QStringLiteral("input_tokens_details")).toObject().value(QStringLiteral("cached_tokens"));
    u.cachedInput = cached.isUndefined() ? number("cached_input_tokens") : cached.toInteger();
    const QJsonValue reasoning =
        usage.value(QStringLiteral("output_tokens_details")).toObject().value(QStringLiteral("reasoning_tokens"));
    u.reasoning = reasoning.isUndefined() ? number("reasoning_tokens") : reasoning.toInteger();
    u.total = usage.contains(QStringLiteral("total_tokens")) ? number("total_tokens") : u.input + u.output;
    return u;
}

QString ConversationModel::abbreviate(const QString &text, int maxLength)
{
    QString t = text.trimmed();
    t.replace(QLatin1Char('\n'), QStringLiteral(" \u23CE "));
    if (t.size() > maxLength) {
        t = t.left(maxLength - 1) + QStringLiteral("\u2026");
    }
    return t;
}

std::optional<int> ConversationModel::exitCodeOf(const QString &output)
{
    static const QLatin1String exitMarker("Process exited with code ");
    const qsizetype outputAt =
        output.startsWith(QLatin1String("Output:\n")) ? 0 : output.indexOf(QLatin1String("\nOutput:\n"));
    // Only the header counts: the command's own output may print the same words.
    const QStringView header = QStringView(output).first(outputAt < 0 ? output.size() : outputAt);
    const qsizetype at = header.indexOf(exitMarker);
    if (at < 0) {
        return std::nullopt;
    }
    qsizetype end = at + exitMarker.size();
    while (end < header.size() && (header[end].isDigit() || (end == at + exitMarker.size() && header[end] == u'-'))) {
        ++end;
    }
    bool ok = false;
    const int code = header.sliced(at + exitMarker.size(), end - at - exitMarker.size()).toInt(&ok);
    return ok ? std::optional<int>(code) : std::nullopt;
}

QString ConversationModel::summarizeResult(const QString &output, int maxLength)
{
    static const QLatin1String outputMarker("Output:\n");
    const qsizetype at = output.startsWith(outputMarker) ? 0 : output.indexOf(QLatin1Char('\n') + outputMarker);
    if (at < 0) {
        return abbreviate(output, maxLength);
    }
    const QString header = output.left(at);
    const QString body = output.mid(at + (at == 0 ? 0 : 1) + outputMarker.size());
    static const QLatin1String exitMarker("Process exited with code ");
    QString prefix;
    if (const qsizetype code = header.indexOf(exitMarker); code >= 0) {
        const qsizetype end = header.indexOf(QLatin1Char('\n'), code);
        prefix = QStringLiteral("[%1] ").arg(
            header.mid(code + exitMarker.size(), end < 0 ? -1 : end - code - exitMarker.size()));
    } else if (header.contains(QLatin1String("Process running with session ID"))) {
        prefix = QStringLiteral("[\u2026] ");
    }
    return prefix + abbreviate(body, maxLength - int(prefix.size()));
}

QString ConversationModel::summarizeArguments(const QString &name, const QJsonObject &data, int maxLength)
{
    if (data.contains(QStringLiteral("input"))) {
        return abbreviate(str(data, "input"), maxLength);
    }
    if (data.contains(QStringLiteral("operation"))) {
        const QJsonObject op = data.value(QStringLiteral("operation")).toObject();
        return abbreviate(str(op, "type") + QLatin1Char(' ') + str(op, "path"), maxLength);
    }
    const QJsonObject args = argumentsOf(data);
    for (const char *key : {"cmd", "command", "chars", "path", "file_path", "dir_path"}) {
        const QJsonValue v = args.value(QLatin1String(key));
        if (v.isString()) {
            return abbreviate(v.toString(), maxLength);
        }
        if (v.isArray()) {
            QStringList parts;
            for (const QJsonValue &p : v.toArray()) {
                parts.append(p.toString());
            }
            return abbreviate(parts.join(QLatin1Char(' ')), maxLength);
        }
    }
    Q_UNUSED(name);
    const QString raw =
        args.isEmpty() ? str(data, "arguments") : QString::fromUtf8(QJsonDocument(args).toJson(QJsonDocument::Compact));
    return abbreviate(raw, maxLength);
}

} // namespace Sandcastle::Ui
