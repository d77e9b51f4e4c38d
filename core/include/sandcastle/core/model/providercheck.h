// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/model/providerprofile.h"
#include "sandcastle/core/result.h"

#include <QFuture>
#include <QStringList>

class QObject;

namespace Sandcastle::Core {

/// What a successful provider check learned.
struct ProviderCheckReport
{
    int httpStatus = 0;
    QStringList models;       ///< the ids `GET /models` listed (sorted)
    bool modelListed = false; ///< the profile's model is one of them
    qint64 elapsedMs = 0;
};

/// The cheap request that tells whether a profile and key work before a run spends tokens:
/// `GET <base URL>/models` with the key as `Authorization: Bearer` (OpenAI, LM Studio, Ollama,
/// llama.cpp, vLLM and Jan all answer it; it costs nothing). A 2xx answer is success, also when
/// the model is not listed (the report says so: some servers list only loaded models). An error
/// answer or no answer fails with the explanations of providererror.h (wrong key, quota, unknown
/// endpoint, unreachable server), naming the profile's credential and URL; never the key.
/// `timeoutMs` bounds the whole check. The future finishes on `context`'s thread.
[[nodiscard]] QFuture<Result<ProviderCheckReport>> checkProvider(const ProviderProfile &profile, const QString &apiKey,
                                                                 QObject *context, int timeoutMs = 10000);

} // namespace Sandcastle::Core
