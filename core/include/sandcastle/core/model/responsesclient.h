// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/model/modelclient.h"

#include <QJsonObject>

class QNetworkAccessManager;

namespace Sandcastle::Core {

/// ModelClient for the OpenAI Responses API: `POST {baseUrl}/responses`.
///
/// Streams SSE (parsed as bytes arrive) when `request.stream`, otherwise reads one JSON Response.
/// Retries connection errors, 429 and 5xx with exponential backoff and full jitter, honouring
/// `Retry-After` / `retry-after-ms`, but only before any stream byte was delivered; never a 429
/// insufficient_quota or a server that refuses tools. Errors people hit are explained
/// (providererror.h: wrong key, quota, rate limit, unknown model, unreachable server). Owns its
/// QNetworkAccessManager; lives on the GUI (or any event-loop) thread; never blocks.
class ResponsesClient : public ModelClient
{
    Q_OBJECT
public:
    explicit ResponsesClient(ProviderSettings settings, QObject *parent = nullptr);
    ~ResponsesClient() override;

    [[nodiscard]] ModelCall *start(const ModelRequest &request, QObject *parent) override;
    [[nodiscard]] QString apiName() const override { return QStringLiteral("responses"); }

    /// The JSON body sent for `request`, or InvalidInput when an `extra` key duplicates a field.
    [[nodiscard]] static Result<QJsonObject> buildBody(const ModelRequest &request);

private:
    ProviderSettings m_settings;
    QNetworkAccessManager *m_nam;
};

} // namespace Sandcastle::Core
