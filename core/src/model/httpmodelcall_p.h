// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/model/modelclient.h"
#include "sandcastle/core/model/providererror.h"
#include "sandcastle/core/model/sseparser.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QPointer>
#include <QTimer>

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcModel)

class QNetworkAccessManager;
class QNetworkReply;

namespace Sandcastle::Core::Internal {

/// The HTTP part shared by the Responses and Chat Completions calls: one JSON POST with retries
/// (connection errors, 429 but not insufficient_quota, 5xx but not a refusal of tools; exponential
/// backoff with full jitter; Retry-After honoured; errors explained by providererror.h) as
/// long as no stream byte was delivered, incremental SSE parsing, cancel, exactly one finished().
/// Subclasses interpret the SSE events or the JSON body.
class HttpModelCall : public ModelCall
{
    Q_OBJECT
public:
    HttpModelCall(QNetworkAccessManager *nam, const ProviderSettings &settings, QUrl url, bool stream, QObject *parent);
    ~HttpModelCall() override;

    /// Sends `body` (as compact JSON) from the event loop, so the caller can connect first; a body
    /// that could not be built finishes the call with its error, also from the event loop.
    void begin(const Result<QJsonObject> &body);
    void cancel() override;

    /// `base` with `path` appended to its path (trailing slashes of `base` dropped), e.g.
    /// https://api.openai.com/v1 + "responses".
    [[nodiscard]] static QUrl endpoint(const QUrl &base, QLatin1StringView path);

    /// Delay before retry number `retry` (0-based) with full jitter, or the server's Retry-After.
    [[nodiscard]] static int retryDelayMs(const ProviderSettings &settings, int retry, const QByteArray &retryAfter,
                                          const QByteArray &retryAfterMs);

protected:
    /// One SSE event of a 2xx stream; may call finish(), which stops the reading.
    virtual void handleSseEvent(const SseEvent &event) = 0;
    /// The 2xx stream ended (connection closed cleanly); must call finish().
    virtual void handleStreamEnd() = 0;
    /// The complete 2xx body of a non-streamed request; must call finish().
    virtual void handleJsonBody(const QByteArray &body) = 0;

    /// Emits finished() once and tears the request down; later calls are ignored.
    void finish(const Result<ModelResponse> &result);
    [[nodiscard]] bool isFinished() const { return m_finished; }

private:
    void sendAttempt();
    void onReadyRead();
    void onReplyFinished();
    void dropReply();
    void retryOrFail(const Error &error, const QByteArray &retryAfter, const QByteArray &retryAfterMs);
    [[nodiscard]] ProviderErrorContext errorContext() const;

    QPointer<QNetworkAccessManager> m_nam;
    ProviderSettings m_settings;
    QUrl m_url;
    QByteArray m_body;
    QString m_model; ///< the request's model, for error messages
    bool m_stream;
    QPointer<QNetworkReply> m_reply;
    QTimer m_retryTimer;
    SseParser m_parser;
    QByteArray m_errorBody;
    QString m_interruption; ///< socket error that ended a delivered stream
    int m_attempt = 0;
    int m_status = 0;
    bool m_delivered = false;
    bool m_finished = false;
};

/// The provider's error message from an HTTP error body ({"error":{"message","code","type"}} or
/// {"error":"text"} or {"message":...}); falls back to the raw body text. (In providererror.cpp;
/// explainProviderHttpError() builds on it.)
[[nodiscard]] Error providerHttpError(int status, const QByteArray &body);

} // namespace Sandcastle::Core::Internal
