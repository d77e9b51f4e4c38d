// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/model/modelclient.h"
#include "sandcastle/core/result.h"

#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <optional>

namespace Sandcastle::Core {

/// What kind of server a provider profile talks to.
enum class ProviderKind {
    OpenAi,    ///< the OpenAI Responses API at api.openai.com (an API key is needed)
    Responses, ///< any Responses-compatible server: LM Studio, Ollama, a proxy
    Chat,      ///< any Chat Completions server: llama.cpp, vLLM, Jan, LM Studio, Ollama (tools as
               ///< function tools, apply_patch as a function)
};

/// "openai", "responses", "chat".
[[nodiscard]] QString providerKindName(ProviderKind kind);
[[nodiscard]] std::optional<ProviderKind> providerKindFromName(const QString &name);

/// One way to reach a model: a plain value that the desktop profile editor and `sandcastle
/// profiles` edit and ProviderProfileStore keeps. Never holds an API key: `credentialName` names
/// the CredentialStore item that does.
struct ProviderProfile
{
    QString name; ///< unique in a store; what `--profile NAME` selects
    ProviderKind kind = ProviderKind::OpenAi;
    QUrl baseUrl = defaultOpenAiBaseUrl();
    QString model = defaultModel();
    /// Tokens the model can attend to; 0 = derived from the model name where known (the compaction
    /// threshold is 90% of it).
    qint64 contextWindow = 0;
    /// The server stores responses, so each turn sends `previous_response_id` and only the new
    /// items instead of the whole conversation. Responses API kinds only.
    bool serverKeepsState = false;
    /// The keychain item with the API key; empty = no key is sent (most local servers).
    QString credentialName;

    static QUrl defaultOpenAiBaseUrl() { return QUrl(QStringLiteral("https://api.openai.com/v1")); }
    static QString defaultModel() { return QStringLiteral("gpt-5.5"); }
    /// The credential an OpenAI profile uses unless told otherwise (also what `sandcastle run`
    /// reads without a profile).
    static QString defaultCredentialName() { return QStringLiteral("openai_api_key"); }
    /// A profile of `kind` with that kind's defaults: OpenAI gets api.openai.com, gpt-5.5 and
    /// `openai_api_key`; the others no base URL, model or credential (the user must give a URL and
    /// a model).
    [[nodiscard]] static ProviderProfile withDefaults(const QString &name, ProviderKind kind);

    /// The wire format: "responses" (OpenAi, Responses) or "chat" (AgentRunOptions::api).
    [[nodiscard]] QString api() const;
    /// ProviderSettings for a model client: base URL, `apiKey`, and `credentialName` for errors.
    [[nodiscard]] ProviderSettings settings(const QString &apiKey) const;

    /// InvalidInput naming the field: empty or over-long name, a base URL that is not http(s),
    /// an empty model, a negative context window, server state on a Chat Completions profile, a
    /// credential name the CredentialStore refuses.
    [[nodiscard]] Result<void> validate() const;

    /// `{"name","kind","base_url","model","context_window","server_state","credential"}`
    /// (docs/FORMATS.md "Provider profiles").
    [[nodiscard]] QJsonObject toJson() const;
    /// Reads toJson()'s form; errors name `pointer` (e.g. "/profiles/2") and the field, and refuse
    /// unknown keys, in particular any attempt to keep an API key in the file.
    [[nodiscard]] static Result<ProviderProfile> fromJson(const QJsonObject &object, const QString &pointer);

    friend bool operator==(const ProviderProfile &, const ProviderProfile &) = default;
};

} // namespace Sandcastle::Core
