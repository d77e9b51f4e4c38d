// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/model/modelclient.h"

namespace Sandcastle::Core {

namespace {
qint64 count(const QJsonObject &o, QLatin1StringView key)
{
    return static_cast<qint64>(o.value(key).toDouble(0));
}
} // namespace

QJsonObject ModelUsage::toJson() const
{
    return QJsonObject{
        {QStringLiteral("requests"), requests},
        {QStringLiteral("input_tokens"), inputTokens},
        {QStringLiteral("input_tokens_details"), QJsonObject{{QStringLiteral("cached_tokens"), cachedInputTokens}}},
        {QStringLiteral("output_tokens"), outputTokens},
        {QStringLiteral("output_tokens_details"), QJsonObject{{QStringLiteral("reasoning_tokens"), reasoningTokens}}},
        {QStringLiteral("total_tokens"), totalTokens},
    };
}

ModelUsage ModelUsage::fromJson(const QJsonObject &usage)
{
    ModelUsage u;
    u.requests = 1;
    if (usage.contains(QLatin1StringView("prompt_tokens")) || usage.contains(QLatin1StringView("completion_tokens"))) {
        u.inputTokens = count(usage, QLatin1StringView("prompt_tokens"));
        u.outputTokens = count(usage, QLatin1StringView("completion_tokens"));
        u.cachedInputTokens = count(usage.value(QLatin1StringView("prompt_tokens_details")).toObject(),
                                    QLatin1StringView("cached_tokens"));
        u.reasoningTokens = count(usage.value(QLatin1StringView("completion_tokens_details")).toObject(),
                                  QLatin1StringView("reasoning_tokens"));
    } else {
        u.inputTokens = count(usage, QLatin1StringView("input_tokens"));
        u.outputTokens = count(usage, QLatin1StringView("output_tokens"));
        u.cachedInputTokens = count(usage.value(QLatin1StringView("input_tokens_details")).toObject(),
                                    QLatin1StringView("cached_tokens"));
        u.reasoningTokens = count(usage.value(QLatin1StringView("output_tokens_details")).toObject(),
                                  QLatin1StringView("reasoning_tokens"));
    }
    u.totalTokens = usage.contains(QLatin1StringView("total_tokens")) ? count(usage, QLatin1StringView("total_tokens"))
                                                                      : u.inputTokens + u.outputTokens;
    return u;
}

ModelUsage &ModelUsage::operator+=(const ModelUsage &other)
{
    inputTokens += other.inputTokens;
    cachedInputTokens += other.cachedInputTokens;
    outputTokens += other.outputTokens;
    reasoningTokens += other.reasoningTokens;
    totalTokens += other.totalTokens;
    requests += other.requests;
    return *this;
}

} // namespace Sandcastle::Core
