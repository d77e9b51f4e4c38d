// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "providerreplies.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Sandcastle::Test {

namespace ProviderReplies {

QByteArray openAi(const QString &message, const QString &type, const QString &code)
{
    const QJsonObject error{{QStringLiteral("message"), message},
                            {QStringLiteral("type"), type},
                            {QStringLiteral("param"), QJsonValue::Null},
                            {QStringLiteral("code"), code}};
    return QJsonDocument(QJsonObject{{QStringLiteral("error"), error}}).toJson(QJsonDocument::Compact);
}

QByteArray invalidApiKey()
{
    return openAi(QStringLiteral("Incorrect API key provided: sk-test***-key. You can find your API key at "
                                 "https://platform.openai.com/account/api-keys."),
                  QStringLiteral("invalid_request_error"), QStringLiteral("invalid_api_key"));
}

QByteArray insufficientQuota()
{
    return openAi(QStringLiteral("You exceeded your current quota, please check your plan and billing details."),
                  QStringLiteral("insufficient_quota"), QStringLiteral("insufficient_quota"));
}

QByteArray rateLimited()
{
    return openAi(QStringLiteral("Rate limit reached for gpt-5.5 in organization org-test on tokens per min (TPM): "
                                 "Limit 30000, Used 29000, Requested 2000. Please try again in 2s."),
                  QStringLiteral("tokens"), QStringLiteral("rate_limit_exceeded"));
}

QByteArray modelNotFound(const QString &model)
{
    return openAi(QStringLiteral("The model `%1` does not exist or you do not have access to it.").arg(model),
                  QStringLiteral("invalid_request_error"), QStringLiteral("model_not_found"));
}

QByteArray ollamaNoTools()
{
    const QJsonObject error{
        {QStringLiteral("message"), QStringLiteral("registry.ollama.ai/library/gemma:2b does not support tools")},
        {QStringLiteral("type"), QStringLiteral("api_error")},
        {QStringLiteral("param"), QJsonValue::Null},
        {QStringLiteral("code"), QJsonValue::Null}};
    return QJsonDocument(QJsonObject{{QStringLiteral("error"), error}}).toJson(QJsonDocument::Compact);
}

QByteArray llamaCppNoJinja()
{
    const QJsonObject error{{QStringLiteral("code"), 400},
                            {QStringLiteral("message"), QStringLiteral("tools param requires --jinja flag")},
                            {QStringLiteral("type"), QStringLiteral("invalid_request_error")}};
    return QJsonDocument(QJsonObject{{QStringLiteral("error"), error}}).toJson(QJsonDocument::Compact);
}

QByteArray vllmNoAutoToolChoice()
{
    return QJsonDocument(QJsonObject{{QStringLiteral("object"), QStringLiteral("error")},
                                     {QStringLiteral("message"),
                                      QStringLiteral("\"auto\" tool choice requires --enable-auto-tool-choice and "
                                                     "--tool-call-parser to be set")},
                                     {QStringLiteral("type"), QStringLiteral("BadRequestError")},
                                     {QStringLiteral("param"), QJsonValue::Null},
                                     {QStringLiteral("code"), 400}})
        .toJson(QJsonDocument::Compact);
}

} // namespace ProviderReplies

ScriptedTurn errorTurn(int status, const QByteArray &body)
{
    ScriptedTurn turn;
    turn.httpStatus = status;
    turn.errorBody = body;
    return turn;
}

} // namespace Sandcastle::Test
