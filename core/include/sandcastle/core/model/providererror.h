// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace Sandcastle::Core {

/// The provider errors people actually hit, recognised from the HTTP status and error body so
/// they can be explained (and, in the desktop app, acted on: open the credentials page for
/// Unauthorized, the profile editor for ModelNotFound or ToolsUnsupported).
enum class ProviderProblem {
    None,             ///< not one of the problems below (or not a provider error)
    Unauthorized,     ///< 401: the API key is missing, wrong or revoked
    QuotaExceeded,    ///< 429 insufficient_quota: no credit left; never retried
    RateLimited,      ///< 429 otherwise: retried with backoff, reported when retries ran out
    ModelNotFound,    ///< 404 model_not_found (or a 404 that names the model)
    EndpointNotFound, ///< 404 for the endpoint itself: wrong base URL, or the server lacks this API
    Unreachable,      ///< no HTTP answer at all: connection refused, host not found, TLS failure
    ToolsUnsupported, ///< the server or model refuses function tools (llama.cpp without --jinja, ...)
    StateUnsupported, ///< previous_response_id refused: the server keeps no conversation state
};

/// What the explanations may name: the request's URL and model, and where the API key came from.
struct ProviderErrorContext
{
    QUrl url;      ///< the endpoint that was called, e.g. http://127.0.0.1:8080/v1/chat/completions
    QUrl baseUrl;  ///< the provider's base URL, e.g. http://127.0.0.1:8080/v1
    QString model; ///< the model the request named
    bool apiKeySent = false;
    QString credentialName; ///< the keychain item of the key (ProviderSettings::credentialName)
    QString apiKeyVariable; ///< non-empty when the key came from this environment variable instead
};

/// The error for an HTTP error reply `status` with `body` (OpenAI `{"error":{message,type,code}}`,
/// `{"error":"text"}`, vLLM's `{"object":"error","message":...}`, FastAPI's `{"detail":...}` or
/// plain text). Recognised problems get a message that says what is wrong and what to do, naming
/// the credential, model or URL; the provider's own message stays in `detail` together with
/// `HTTP <status>[, code <code>][, type <type>]` and, for recognised problems, `problem=<name>`
/// (see providerProblem()). The code is always ErrorCode::Provider. Never includes the API key.
[[nodiscard]] Error explainProviderHttpError(int status, const QByteArray &body, const ProviderErrorContext &context);

/// The error for a request that got no HTTP answer (`networkError` is the socket's error text):
/// Network (Timeout when `timedOut`), naming the URL, with `problem=unreachable` in the detail.
[[nodiscard]] Error explainUnreachable(const QString &networkError, bool timedOut, const ProviderErrorContext &context);

/// Whether a reply with this status and problem is worth retrying (429 other than quota, 5xx
/// other than tools-unsupported).
[[nodiscard]] bool isRetryableProviderReply(int status, ProviderProblem problem);

/// The problem an Error from a model client carries (read from the `problem=<name>` marker the
/// functions above put into `detail`); None for any other error.
[[nodiscard]] ProviderProblem providerProblem(const Error &error);
/// "unauthorized", "quota_exceeded", "rate_limited", "model_not_found", "endpoint_not_found",
/// "unreachable", "tools_unsupported", "state_unsupported"; "" for None.
[[nodiscard]] QString providerProblemName(ProviderProblem problem);

} // namespace Sandcastle::Core
