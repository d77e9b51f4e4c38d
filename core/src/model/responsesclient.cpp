// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/model/responsesclient.h"

#include "httpmodelcall_p.h"
#include "sandcastle/core/model/responsestreamaccumulator.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>

namespace Sandcastle::Core {

namespace {

class ResponsesCall : public Internal::HttpModelCall
{
public:
    using HttpModelCall::HttpModelCall;

protected:
    void handleSseEvent(const SseEvent &event) override
    {
        if (event.isDoneMarker()) {
            return;
        }
        const Result<ModelStreamEvent> e = m_acc.addEvent(event.data);
        if (!e) {
            // Like codex: a malformed event is skipped, but not silently.
            qCWarning(lcModel).noquote() << "ignoring a malformed Responses stream event:" << e.error().toString();
            return;
        }
        Q_EMIT streamEvent(*e);
        if (m_acc.isComplete()) {
            const QString sequence = m_acc.sequenceSummary();
            if (!sequence.startsWith(QLatin1StringView("contiguous")) && sequence != QLatin1StringView("absent")) {
                qCWarning(lcModel).noquote() << "Responses stream sequence numbers:" << sequence;
            }
            finish(m_acc.result());
        }
    }
    void handleStreamEnd() override { finish(m_acc.result()); }
    void handleJsonBody(const QByteArray &body) override
    {
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
        if (!doc.isObject()) {
            finish(fail(ErrorCode::Provider,
                        QStringLiteral("the Responses API answered with invalid JSON: ") + pe.errorString(),
                        QStringLiteral("offset %1: ").arg(pe.offset) + QString::fromUtf8(body.left(200))));
            return;
        }
        const QJsonObject response = doc.object();
        const QString status = response.value(QLatin1StringView("status")).toString();
        // Reuse the stream logic for failed / incomplete / completed.
        ResponseStreamAccumulator acc;
        const QString type = status == QLatin1StringView("failed")       ? QStringLiteral("response.failed")
                             : status == QLatin1StringView("incomplete") ? QStringLiteral("response.incomplete")
                                                                         : QStringLiteral("response.completed");
        (void)acc.addEvent(QJsonObject{{QStringLiteral("type"), type}, {QStringLiteral("response"), response}});
        finish(acc.result());
    }

private:
    ResponseStreamAccumulator m_acc;
};

} // namespace

ResponsesClient::ResponsesClient(ProviderSettings settings, QObject *parent)
    : ModelClient(parent)
    , m_settings(std::move(settings))
    , m_nam(new QNetworkAccessManager(this))
{}

ResponsesClient::~ResponsesClient() = default;

Result<QJsonObject> ResponsesClient::buildBody(const ModelRequest &request)
{
    QJsonObject body;
    body.insert(QLatin1StringView("model"), request.model);
    if (!request.instructions.isEmpty()) {
        body.insert(QLatin1StringView("instructions"), request.instructions);
    }
    body.insert(QLatin1StringView("input"), request.input);
    if (!request.tools.isEmpty()) {
        body.insert(QLatin1StringView("tools"), request.tools);
        body.insert(QLatin1StringView("parallel_tool_calls"), request.parallelToolCalls);
    }
    if (!request.toolChoice.isUndefined() && !request.toolChoice.isNull()) {
        body.insert(QLatin1StringView("tool_choice"), request.toolChoice);
    }
    if (request.stream) {
        body.insert(QLatin1StringView("stream"), true);
    }
    for (auto it = request.extra.begin(); it != request.extra.end(); ++it) {
        if (body.contains(it.key()) || it.key() == QLatin1StringView("stream")) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("extra request key \"%1\" duplicates a request field").arg(it.key()),
                        QStringLiteral("/extra/") + it.key());
        }
        body.insert(it.key(), it.value());
    }
    return body;
}

ModelCall *ResponsesClient::start(const ModelRequest &request, QObject *parent)
{
    auto *call = new ResponsesCall(m_nam, m_settings,
                                   ResponsesCall::endpoint(m_settings.baseUrl, QLatin1StringView("responses")),
                                   request.stream, parent);
    call->begin(buildBody(request));
    return call;
}

} // namespace Sandcastle::Core
