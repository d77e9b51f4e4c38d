// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/model/providerprofile.h"

#include "sandcastle/core/credentials/credentialstore.h"

#include <QJsonValue>
#include <QStringList>

namespace Sandcastle::Core {

namespace {

constexpr qsizetype kMaxNameLength = 100;

/// A bad field of a profile: the message as it is, the field's JSON pointer as the detail.
Error invalidField(const QString &field, const QString &message)
{
    return Error{ErrorCode::InvalidInput, message, field};
}

/// A bad value in the file: "POINTER: message".
Error invalid(const QString &pointer, const QString &message)
{
    return Error{ErrorCode::InvalidInput, pointer + QStringLiteral(": ") + message, pointer};
}

} // namespace

QString providerKindName(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::OpenAi:
        return QStringLiteral("openai");
    case ProviderKind::Responses:
        return QStringLiteral("responses");
    case ProviderKind::Chat:
        return QStringLiteral("chat");
    }
    return QStringLiteral("openai");
}

std::optional<ProviderKind> providerKindFromName(const QString &name)
{
    for (ProviderKind kind : {ProviderKind::OpenAi, ProviderKind::Responses, ProviderKind::Chat}) {
        if (providerKindName(kind) == name) {
            return kind;
        }
    }
    return std::nullopt;
}

ProviderProfile ProviderProfile::withDefaults(const QString &name, ProviderKind kind)
{
    ProviderProfile p;
    p.name = name;
    p.kind = kind;
    if (kind == ProviderKind::OpenAi) {
        p.credentialName = defaultCredentialName();
    } else {
        p.baseUrl = QUrl();
        p.model.clear();
    }
    return p;
}

QString ProviderProfile::api() const
{
    return kind == ProviderKind::Chat ? QStringLiteral("chat") : QStringLiteral("responses");
}

ProviderSettings ProviderProfile::settings(const QString &apiKey) const
{
    ProviderSettings s;
    s.baseUrl = baseUrl;
    s.apiKey = apiKey;
    s.credentialName = credentialName;
    return s;
}

Result<void> ProviderProfile::validate() const
{
    const QString where =
        name.isEmpty() ? QStringLiteral("provider profile") : QStringLiteral("profile '%1'").arg(name);
    if (name.trimmed().isEmpty() || name != name.trimmed() || name.size() > kMaxNameLength) {
        return std::unexpected(invalidField(
            QStringLiteral("/name"), QStringLiteral("a profile needs a name of 1 to %1 characters without leading or "
                                                    "trailing spaces (got \"%2\")")
                                         .arg(kMaxNameLength)
                                         .arg(name)));
    }
    if (!baseUrl.isValid() ||
        (baseUrl.scheme() != QLatin1String("http") && baseUrl.scheme() != QLatin1String("https")) ||
        baseUrl.host().isEmpty()) {
        return std::unexpected(
            invalidField(QStringLiteral("/base_url"), QStringLiteral("%1 needs an http or https base URL such as "
                                                                     "http://127.0.0.1:8080/v1 (got \"%2\")")
                                                          .arg(where, baseUrl.toString())));
    }
    if (model.trimmed().isEmpty()) {
        return std::unexpected(
            invalidField(QStringLiteral("/model"), QStringLiteral("%1 needs a model name").arg(where)));
    }
    if (contextWindow < 0) {
        return std::unexpected(invalidField(QStringLiteral("/context_window"),
                                            QStringLiteral("%1: the context window is a number of tokens, 0 for the "
                                                           "model's known size (got %2)")
                                                .arg(where)
                                                .arg(contextWindow)));
    }
    if (serverKeepsState && kind == ProviderKind::Chat) {
        return std::unexpected(
            invalidField(QStringLiteral("/server_state"),
                         QStringLiteral("%1: Chat Completions servers keep no conversation state; only "
                                        "Responses API profiles can use previous_response_id")
                             .arg(where)));
    }
    if (!credentialName.isEmpty()) {
        if (const Result<void> ok = CredentialStore::checkName(credentialName); !ok) {
            return std::unexpected(invalidField(QStringLiteral("/credential"), ok.error().message));
        }
    }
    return {};
}

QJsonObject ProviderProfile::toJson() const
{
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("kind"), providerKindName(kind)},
                       {QStringLiteral("base_url"), baseUrl.toString()},
                       {QStringLiteral("model"), model},
                       {QStringLiteral("context_window"), contextWindow},
                       {QStringLiteral("server_state"), serverKeepsState},
                       {QStringLiteral("credential"), credentialName}};
}

Result<ProviderProfile> ProviderProfile::fromJson(const QJsonObject &object, const QString &pointer)
{
    static const QStringList known{QStringLiteral("name"),           QStringLiteral("kind"),
                                   QStringLiteral("base_url"),       QStringLiteral("model"),
                                   QStringLiteral("context_window"), QStringLiteral("server_state"),
                                   QStringLiteral("credential")};
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = it.key().toLower();
        if (key.contains(QLatin1String("key")) || key.contains(QLatin1String("secret")) ||
            key.contains(QLatin1String("token")) || key.contains(QLatin1String("password"))) {
            return std::unexpected(
                invalid(pointer + QLatin1Char('/') + it.key(),
                        QStringLiteral("API keys are never kept in the profiles file: store the key with `sandcastle "
                                       "credentials set NAME` and name it in \"credential\"")));
        }
        if (!known.contains(it.key())) {
            return std::unexpected(
                invalid(pointer + QLatin1Char('/') + it.key(),
                        QStringLiteral("unknown key (expected one of: %1)").arg(known.join(QStringLiteral(", ")))));
        }
    }
    const auto string = [&](const char *key, bool required) -> Result<QString> {
        const QJsonValue v = object.value(QLatin1String(key));
        if (v.isUndefined() && !required) {
            return QString();
        }
        if (!v.isString()) {
            return std::unexpected(
                invalid(pointer + QLatin1Char('/') + QLatin1String(key), QStringLiteral("expected a string")));
        }
        return v.toString();
    };
    ProviderProfile p;
    const Result<QString> name = string("name", true);
    const Result<QString> kind = string("kind", true);
    const Result<QString> baseUrl = string("base_url", true);
    const Result<QString> model = string("model", true);
    const Result<QString> credential = string("credential", false);
    for (const Result<QString> *r : {&name, &kind, &baseUrl, &model, &credential}) {
        if (!*r) {
            return std::unexpected(r->error());
        }
    }
    const std::optional<ProviderKind> parsedKind = providerKindFromName(*kind);
    if (!parsedKind) {
        return std::unexpected(invalid(pointer + QStringLiteral("/kind"),
                                       QStringLiteral("expected openai, responses or chat (got \"%1\")").arg(*kind)));
    }
    const QJsonValue window = object.value(QStringLiteral("context_window"));
    if (!window.isUndefined() && (!window.isDouble() || window.toDouble() != double(window.toInteger()))) {
        return std::unexpected(
            invalid(pointer + QStringLiteral("/context_window"), QStringLiteral("expected a whole number of tokens")));
    }
    const QJsonValue state = object.value(QStringLiteral("server_state"));
    if (!state.isUndefined() && !state.isBool()) {
        return std::unexpected(
            invalid(pointer + QStringLiteral("/server_state"), QStringLiteral("expected true or false")));
    }
    p.name = *name;
    p.kind = *parsedKind;
    p.baseUrl = QUrl(*baseUrl, QUrl::StrictMode);
    p.model = *model;
    p.contextWindow = window.toInteger();
    p.serverKeepsState = state.toBool();
    p.credentialName = *credential;
    if (const Result<void> ok = p.validate(); !ok) {
        return std::unexpected(invalid(pointer + ok.error().detail, ok.error().message));
    }
    return p;
}

} // namespace Sandcastle::Core
