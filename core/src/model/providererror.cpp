// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/model/providererror.h"

#include "httpmodelcall_p.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <array>
#include <utility>

namespace Sandcastle::Core {

namespace {

constexpr std::array kProblemNames{
    std::pair{ProviderProblem::Unauthorized, "unauthorized"},
    std::pair{ProviderProblem::QuotaExceeded, "quota_exceeded"},
    std::pair{ProviderProblem::RateLimited, "rate_limited"},
    std::pair{ProviderProblem::ModelNotFound, "model_not_found"},
    std::pair{ProviderProblem::EndpointNotFound, "endpoint_not_found"},
    std::pair{ProviderProblem::Unreachable, "unreachable"},
    std::pair{ProviderProblem::ToolsUnsupported, "tools_unsupported"},
    std::pair{ProviderProblem::StateUnsupported, "state_unsupported"},
};

/// The fields of an error body that the classification looks at.
struct ErrorBody
{
    QString code;
    QString type;
    QString param;
    QString text; ///< the whole body, lower case: servers put the telling words in different places
};

ErrorBody parseBody(const QByteArray &body)
{
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    const QJsonValue errorValue = root.value(QLatin1StringView("error"));
    const QJsonObject error = errorValue.isObject() ? errorValue.toObject() : root;
    const auto text = [&](QLatin1StringView key) {
        const QJsonValue v = error.value(key);
        return v.isString() || v.isDouble() ? v.toVariant().toString() : QString();
    };
    return ErrorBody{text(QLatin1StringView("code")), text(QLatin1StringView("type")), text(QLatin1StringView("param")),
                     QString::fromUtf8(body).toLower()};
}

bool mentionsAny(const QString &text, std::initializer_list<const char *> words)
{
    for (const char *w : words) {
        if (text.contains(QLatin1String(w))) {
            return true;
        }
    }
    return false;
}

ProviderProblem classify(int status, const ErrorBody &b, const QString &model)
{
    if (b.param == QLatin1String("previous_response_id") ||
        (status >= 400 && status < 500 && b.text.contains(QLatin1String("previous_response")))) {
        return ProviderProblem::StateUnsupported;
    }
    if (status == 401) {
        return ProviderProblem::Unauthorized;
    }
    if (status == 429) {
        const bool quota = b.code == QLatin1String("insufficient_quota") ||
                           b.type == QLatin1String("insufficient_quota") ||
                           b.text.contains(QLatin1String("exceeded your current quota"));
        return quota ? ProviderProblem::QuotaExceeded : ProviderProblem::RateLimited;
    }
    if (b.code == QLatin1String("model_not_found")) {
        return ProviderProblem::ModelNotFound;
    }
    // llama.cpp: "tools param requires --jinja flag" / "Cannot use tools with stream"; Ollama:
    // "<model> does not support tools"; vLLM: "\"auto\" tool choice requires
    // --enable-auto-tool-choice and --tool-call-parser to be set"; FastAPI-style 422 validation
    // errors that point at "tools".
    if ((status == 400 || status == 422 || status == 500 || status == 501) && b.text.contains(QLatin1String("tool")) &&
        (mentionsAny(b.text, {"not support", "unsupported", "--jinja", "cannot use tools", "enable-auto-tool-choice",
                              "tool-call-parser", "tool_choice", "tool choice"}) ||
         (status == 422 && b.text.contains(QLatin1String("\"tools\""))))) {
        return ProviderProblem::ToolsUnsupported;
    }
    if (status == 404) {
        // Ollama, vLLM and LM Studio name the model they lack; a 404 that does not is about the
        // endpoint (which may itself be /models).
        const bool namesModel = model.isEmpty() ? b.text.contains(QLatin1String("model")) : b.text.contains(model);
        return namesModel ? ProviderProblem::ModelNotFound : ProviderProblem::EndpointNotFound;
    }
    return ProviderProblem::None;
}

QString where(const ProviderErrorContext &c)
{
    return c.baseUrl.isEmpty() ? c.url.toDisplayString() : c.baseUrl.toDisplayString();
}

QString unauthorizedMessage(const ProviderErrorContext &c)
{
    if (!c.apiKeyVariable.isEmpty()) {
        QString m = QStringLiteral("the provider at %1 rejected the API key from the environment variable %2 "
                                   "(HTTP 401): set it to a valid key or unset it")
                        .arg(where(c), c.apiKeyVariable);
        if (!c.credentialName.isEmpty()) {
            m += QStringLiteral(" to use the stored credential '%1'").arg(c.credentialName);
        }
        return m;
    }
    if (!c.apiKeySent) {
        if (c.credentialName.isEmpty()) {
            return QStringLiteral("the provider at %1 requires an API key and none was sent (HTTP 401): give the "
                                  "provider profile a credential (sandcastle profiles set PROFILE --credential NAME) "
                                  "and store the key with `sandcastle credentials set NAME`")
                .arg(where(c));
        }
        return QStringLiteral("the provider at %1 requires an API key and none was sent (HTTP 401): store it as "
                              "credential '%2' with `sandcastle credentials set %2` (or on the Credentials page)")
            .arg(where(c), c.credentialName);
    }
    if (c.credentialName.isEmpty()) {
        return QStringLiteral("the provider at %1 rejected the API key (HTTP 401)").arg(where(c));
    }
    return QStringLiteral("the provider at %1 rejected the API key stored as credential '%2' (HTTP 401): store the "
                          "right key with `sandcastle credentials set %2` (or on the Credentials page)")
        .arg(where(c), c.credentialName);
}

QString explanation(ProviderProblem problem, int status, const ProviderErrorContext &c)
{
    switch (problem) {
    case ProviderProblem::Unauthorized:
        return unauthorizedMessage(c);
    case ProviderProblem::QuotaExceeded:
        return QStringLiteral("the account behind the API key has no credit or quota left at %1 (HTTP 429, "
                              "insufficient_quota): add credit or raise the limit in the provider's billing "
                              "settings; retrying does not help")
            .arg(where(c));
    case ProviderProblem::RateLimited:
        return QStringLiteral("the provider at %1 kept answering that the rate limit is exceeded (HTTP 429), also "
                              "after retries with backoff: wait a minute and run again, or use a model or usage "
                              "tier with a higher limit")
            .arg(where(c));
    case ProviderProblem::ModelNotFound:
        return QStringLiteral("the model '%1' does not exist at %2, or the API key has no access to it (HTTP %3): "
                              "check the model name (--model, or the provider profile's model)")
            .arg(c.model, where(c))
            .arg(status);
    case ProviderProblem::EndpointNotFound:
        return QStringLiteral("the server at %1 has no endpoint %2 (HTTP 404): check the base URL (it usually ends "
                              "in /v1) or choose the other API (responses or chat) for this server")
            .arg(where(c), c.url.path());
    case ProviderProblem::ToolsUnsupported:
        return QStringLiteral("the server at %1 does not accept tool calls for the model '%2' (HTTP %3), and the "
                              "agent needs function tools: start llama.cpp's llama-server with --jinja; start vLLM "
                              "with --enable-auto-tool-choice --tool-call-parser NAME; on Ollama, LM Studio or Jan "
                              "choose a model with tool support")
            .arg(where(c), c.model)
            .arg(status);
    case ProviderProblem::StateUnsupported:
        return QStringLiteral("the server at %1 does not keep conversation state: it refused previous_response_id "
                              "(HTTP %2); turn off server-side conversation state in the provider profile "
                              "(sandcastle profiles set PROFILE --server-state off)")
            .arg(where(c))
            .arg(status);
    case ProviderProblem::Unreachable:
    case ProviderProblem::None:
        break;
    }
    return {};
}

} // namespace

QString providerProblemName(ProviderProblem problem)
{
    for (const auto &[p, name] : kProblemNames) {
        if (p == problem) {
            return QString::fromLatin1(name);
        }
    }
    return {};
}

ProviderProblem providerProblem(const Error &error)
{
    static const QRegularExpression marker(QStringLiteral("\\bproblem=([a-z_]+)"));
    const QRegularExpressionMatch m = marker.match(error.detail);
    if (!m.hasMatch()) {
        return ProviderProblem::None;
    }
    for (const auto &[p, name] : kProblemNames) {
        if (m.capturedView(1) == QLatin1String(name)) {
            return p;
        }
    }
    return ProviderProblem::None;
}

bool isRetryableProviderReply(int status, ProviderProblem problem)
{
    if (status == 429) {
        return problem != ProviderProblem::QuotaExceeded;
    }
    return status >= 500 && problem != ProviderProblem::ToolsUnsupported;
}

Error explainProviderHttpError(int status, const QByteArray &body, const ProviderErrorContext &context)
{
    const Error plain = Internal::providerHttpError(status, body);
    const ProviderProblem problem = classify(status, parseBody(body), context.model);
    if (problem == ProviderProblem::None) {
        return plain;
    }
    return Error{ErrorCode::Provider, explanation(problem, status, context),
                 plain.detail + QStringLiteral(", problem=") + providerProblemName(problem) +
                     QStringLiteral("; the server said: ") + plain.message};
}

Error explainUnreachable(const QString &networkError, bool timedOut, const ProviderErrorContext &context)
{
    const QString url = context.url.toDisplayString();
    const QString message =
        timedOut ? QStringLiteral("the model server at %1 did not answer in time: %2").arg(url, networkError)
                 : QStringLiteral("cannot reach the model server at %1: %2 (is the server running, and is the base "
                                  "URL right?)")
                       .arg(url, networkError);
    return Error{timedOut ? ErrorCode::Timeout : ErrorCode::Network, message,
                 QStringLiteral("problem=") + providerProblemName(ProviderProblem::Unreachable)};
}

namespace Internal {

Error providerHttpError(int status, const QByteArray &body)
{
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    const QJsonValue errorValue = root.value(QLatin1StringView("error"));
    const QJsonObject error = errorValue.isObject() ? errorValue.toObject() : root;
    QString message =
        errorValue.isString() ? errorValue.toString() : error.value(QLatin1StringView("message")).toString();
    if (message.isEmpty()) {
        message = body.isEmpty() ? QStringLiteral("the model provider answered HTTP %1").arg(status)
                                 : QString::fromUtf8(body.left(500)).trimmed();
    }
    QString detail = QStringLiteral("HTTP %1").arg(status);
    const QJsonValue code = error.value(QLatin1StringView("code"));
    if (code.isString() || code.isDouble()) {
        detail += QStringLiteral(", code ") + code.toVariant().toString();
    }
    const QString type = error.value(QLatin1StringView("type")).toString();
    if (!type.isEmpty()) {
        detail += QStringLiteral(", type ") + type;
    }
    return Error{ErrorCode::Provider, message, detail};
}

} // namespace Internal

} // namespace Sandcastle::Core
