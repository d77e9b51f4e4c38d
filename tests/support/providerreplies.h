// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scriptedmodelserver.h"

#include <QByteArray>
#include <QString>

namespace Sandcastle::Test {

/// Error replies as real providers send them, for ScriptedTurn::errorBody (and the unit tests of
/// the explanations). Each body is the exact shape of that server's reply.
namespace ProviderReplies {

/// OpenAI: `{"error":{"message","type","param":null,"code"}}`.
QByteArray openAi(const QString &message, const QString &type, const QString &code);
/// OpenAI 401, invalid_api_key (the key in the message is masked, as OpenAI does).
QByteArray invalidApiKey();
/// OpenAI 429, insufficient_quota.
QByteArray insufficientQuota();
/// OpenAI 429, rate_limit_exceeded.
QByteArray rateLimited();
/// OpenAI 404, model_not_found for `model`.
QByteArray modelNotFound(const QString &model);
/// Ollama 400 for a model without tool support.
QByteArray ollamaNoTools();
/// llama.cpp 400 when llama-server runs without --jinja.
QByteArray llamaCppNoJinja();
/// vLLM 400 without --enable-auto-tool-choice / --tool-call-parser.
QByteArray vllmNoAutoToolChoice();

} // namespace ProviderReplies

/// A turn that answers HTTP `status` with `body` (application/json).
ScriptedTurn errorTurn(int status, const QByteArray &body);

} // namespace Sandcastle::Test
