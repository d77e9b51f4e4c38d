// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QUrl>

namespace Sandcastle::Core {

/// One model turn as the runner sees it, in Responses API terms. Clients for other wire formats
/// (Chat Completions) convert from this shape.
struct ModelRequest
{
    QString model;
    QString instructions; ///< sent as top-level `instructions` (Responses) or a system message (Chat)
    QJsonArray input;     ///< Responses input items
    QJsonArray tools;     ///< Responses tool payloads (`function`, `custom`, ...)
    QJsonValue toolChoice = QJsonValue::Undefined; ///< "auto" | "required" | "none" | {named}; undefined = omit
    bool parallelToolCalls = true;                 ///< sent only when tools exist
    /// Merged at top level: context_management, prompt_cache_key, reasoning, text, ... A key that
    /// duplicates one of the fields above makes the call fail with InvalidInput.
    QJsonObject extra;
    bool stream = true;
};

/// Token usage of one or more model requests (the Agents SDK `Usage`).
struct ModelUsage
{
    qint64 inputTokens = 0;
    qint64 cachedInputTokens = 0;
    qint64 outputTokens = 0;
    qint64 reasoningTokens = 0;
    qint64 totalTokens = 0;
    int requests = 0;

    /// `{requests, input_tokens, input_tokens_details:{cached_tokens}, output_tokens,
    /// output_tokens_details:{reasoning_tokens}, total_tokens}`.
    [[nodiscard]] QJsonObject toJson() const;
    /// Reads a Responses usage object (input_tokens, ...) or a Chat Completions one
    /// (prompt_tokens, completion_tokens, ...); missing or null fields count as 0; requests = 1.
    [[nodiscard]] static ModelUsage fromJson(const QJsonObject &usage);
    ModelUsage &operator+=(const ModelUsage &other);
    friend bool operator==(const ModelUsage &, const ModelUsage &) = default;
};

/// The final result of one model request.
struct ModelResponse
{
    QString id;
    QString status;    ///< "completed" (failures arrive as errors)
    QJsonArray output; ///< Responses output items (message, function_call, custom_tool_call, reasoning, ...)
    ModelUsage usage;
    QJsonObject raw; ///< the final Response object as the server sent it (or as converted)
    friend bool operator==(const ModelResponse &, const ModelResponse &) = default;
};

/// A streamed event, already interpreted; `raw` is the server's event object.
struct ModelStreamEvent
{
    enum Kind {
        Created,
        TextDelta,
        ReasoningSummaryDelta,
        FunctionArgumentsDelta,
        CustomToolInputDelta,
        ApplyPatchDiffDelta,
        OutputItemAdded,
        OutputItemDone,
        Other
    } kind = Other;
    QString itemId;
    int outputIndex = -1;
    QString delta;
    QJsonObject item; ///< for OutputItemAdded / OutputItemDone
    QJsonObject raw;
    friend bool operator==(const ModelStreamEvent &, const ModelStreamEvent &) = default;
};

/// One request in flight. Emits streamEvent() zero or more times, then finished() exactly once
/// (also after cancel(), which finishes synchronously with ErrorCode::Cancelled). Lives on the
/// thread that created it; never deletes itself: the owner calls deleteLater() after finished().
/// Errors: Provider (server error body, `error` event, response.failed/incomplete), Network
/// (connection failures after retries, truncated streams), Timeout, InvalidInput (bad request).
class ModelCall : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    /// Aborts the request at any point; no-op once finished.
    virtual void cancel() = 0;

Q_SIGNALS:
    void streamEvent(const Sandcastle::Core::ModelStreamEvent &e);
    void finished(const Sandcastle::Core::Result<Sandcastle::Core::ModelResponse> &r);
};

/// A model provider. start() never blocks and never fails synchronously: problems arrive through
/// the call's finished(). The returned call is owned by `parent`.
class ModelClient : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    [[nodiscard]] virtual ModelCall *start(const ModelRequest &request, QObject *parent) = 0;
    /// "responses" or "chat".
    [[nodiscard]] virtual QString apiName() const = 0;
};

/// Where and how to reach a provider. `apiKey` is sent as `Authorization: Bearer` and never logged.
struct ProviderSettings
{
    QUrl baseUrl; ///< e.g. https://api.openai.com/v1 or http://127.0.0.1:PORT/v1
    QString apiKey;
    /// Where `apiKey` came from, for error messages that say which credential to fix: the keychain
    /// item (CredentialStore name) of the provider profile, and, when the key came from an
    /// environment variable instead (OPENAI_API_KEY overrides the keychain), that variable's name.
    QString credentialName;
    QString apiKeyVariable;
    int maxRetries = 4; ///< retries after the first attempt (connection errors, 429, 5xx)
    int initialBackoffMs = 500;
    int maxBackoffMs = 20000;
    int requestTimeoutMs = 600000; ///< inactivity timeout of one attempt
};

} // namespace Sandcastle::Core

Q_DECLARE_METATYPE(Sandcastle::Core::ModelStreamEvent)
Q_DECLARE_METATYPE(Sandcastle::Core::ModelResponse)
Q_DECLARE_METATYPE(Sandcastle::Core::Result<Sandcastle::Core::ModelResponse>)
