// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpmodelcall_p.h"

#include "sandcastle/core/model/providererror.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QTimeZone>

Q_LOGGING_CATEGORY(lcModel, "sandcastle.core.model")

namespace Sandcastle::Core::Internal {

HttpModelCall::HttpModelCall(QNetworkAccessManager *nam, const ProviderSettings &settings, QUrl url, bool stream,
                             QObject *parent)
    : ModelCall(parent)
    , m_nam(nam)
    , m_settings(settings)
    , m_url(std::move(url))
    , m_stream(stream)
{
    m_retryTimer.setSingleShot(true);
    m_retryTimer.setTimerType(Qt::PreciseTimer); // Retry-After is a lower bound
    connect(&m_retryTimer, &QTimer::timeout, this, &HttpModelCall::sendAttempt);
    if (nam) {
        // The manager deletes its replies without a finished() signal: end the call instead of hanging.
        connect(nam, &QObject::destroyed, this, [this] {
            if (m_reply) {
                m_reply->disconnect(this);
                m_reply = nullptr;
            }
            finish(fail(ErrorCode::Cancelled, QStringLiteral("the model client was destroyed during the request"),
                        m_url.toDisplayString()));
        });
    }
}

HttpModelCall::~HttpModelCall()
{
    dropReply();
}

void HttpModelCall::begin(const Result<QJsonObject> &body)
{
    if (!body) {
        QTimer::singleShot(0, this, [this, error = body.error()] { finish(std::unexpected(error)); });
        return;
    }
    m_body = QJsonDocument(*body).toJson(QJsonDocument::Compact);
    m_model = body->value(QLatin1StringView("model")).toString();
    m_retryTimer.start(0);
}

QUrl HttpModelCall::endpoint(const QUrl &base, QLatin1StringView path)
{
    QUrl url = base;
    QString p = url.path();
    while (p.endsWith(QLatin1Char('/'))) {
        p.chop(1);
    }
    url.setPath(p + QLatin1Char('/') + path);
    return url;
}

void HttpModelCall::cancel()
{
    finish(fail(ErrorCode::Cancelled, QStringLiteral("the model request was cancelled"), m_url.toDisplayString()));
}

void HttpModelCall::finish(const Result<ModelResponse> &result)
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    m_retryTimer.stop();
    dropReply();
    if (!result && !m_interruption.isEmpty() && result.error().code == ErrorCode::Network) {
        Error e = result.error();
        e.detail += QStringLiteral("; connection: ") + m_interruption;
        Q_EMIT finished(Result<ModelResponse>(std::unexpected(e)));
        return;
    }
    if (!result) {
        qCDebug(lcModel) << "model call to" << m_url.toDisplayString() << "failed:" << result.error().toString();
    }
    Q_EMIT finished(result);
}

void HttpModelCall::dropReply()
{
    if (m_reply) {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void HttpModelCall::sendAttempt()
{
    if (m_finished) {
        return;
    }
    if (!m_nam) {
        finish(fail(ErrorCode::Internal, QStringLiteral("the model client was destroyed during a request")));
        return;
    }
    ++m_attempt;
    m_status = 0;
    m_errorBody.clear();
    m_parser = SseParser();
    QNetworkRequest request(m_url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept",
                         m_stream ? QByteArrayLiteral("text/event-stream") : QByteArrayLiteral("application/json"));
    if (!m_settings.apiKey.isEmpty()) {
        request.setRawHeader("Authorization", QByteArrayLiteral("Bearer ") + m_settings.apiKey.toUtf8());
    }
    if (m_settings.requestTimeoutMs > 0) {
        request.setTransferTimeout(m_settings.requestTimeoutMs);
    }
    qCDebug(lcModel) << "POST" << m_url.toDisplayString() << "attempt" << m_attempt << "body bytes" << m_body.size();
    m_reply = m_nam->post(request, m_body);
    connect(m_reply, &QNetworkReply::readyRead, this, &HttpModelCall::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &HttpModelCall::onReplyFinished);
}

void HttpModelCall::onReadyRead()
{
    if (!m_reply || m_finished) {
        return;
    }
    m_status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool ok = m_status >= 200 && m_status < 300;
    if (!ok) {
        m_errorBody += m_reply->readAll();
        return;
    }
    if (!m_stream) {
        return; // read whole at the end
    }
    const QByteArray bytes = m_reply->readAll();
    if (bytes.isEmpty()) {
        return;
    }
    m_delivered = true;
    const QList<SseEvent> events = m_parser.feed(bytes);
    for (const SseEvent &event : events) {
        handleSseEvent(event);
        if (m_finished) {
            return;
        }
    }
}

void HttpModelCall::onReplyFinished()
{
    if (!m_reply || m_finished) {
        return;
    }
    QNetworkReply *reply = m_reply;
    m_status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool ok = m_status >= 200 && m_status < 300;
    const QNetworkReply::NetworkError netError = reply->error();
    const bool timedOut = netError == QNetworkReply::TimeoutError || netError == QNetworkReply::OperationCanceledError;

    if (ok && m_stream) {
        onReadyRead(); // the tail
        if (m_finished) {
            return;
        }
        if (netError != QNetworkReply::NoError) {
            if (!m_delivered) {
                retryOrFail(Error{timedOut ? ErrorCode::Timeout : ErrorCode::Network, reply->errorString(),
                                  m_url.toDisplayString()},
                            {}, {});
                return;
            }
            if (timedOut) {
                finish(fail(ErrorCode::Timeout, QStringLiteral("the model stream stalled: ") + reply->errorString(),
                            QStringLiteral("after %1 bytes").arg(m_parser.bytesFed())));
                return;
            }
            // QNAM reports a cut chunked stream either as a clean end or as an error, depending on timing;
            // both get the subclass's precise "closed before ..." error, with the socket error as detail.
            m_interruption = reply->errorString();
        }
        for (const SseEvent &event : m_parser.finish()) {
            handleSseEvent(event);
            if (m_finished) {
                return;
            }
        }
        handleStreamEnd();
        return;
    }
    if (ok) {
        if (netError != QNetworkReply::NoError) {
            retryOrFail(Error{timedOut ? ErrorCode::Timeout : ErrorCode::Network, reply->errorString(),
                              m_url.toDisplayString()},
                        {}, {});
            return;
        }
        handleJsonBody(reply->readAll());
        return;
    }
    if (m_status > 0) {
        m_errorBody += reply->readAll();
        // A server that echoes the request must not put the key into an error message.
        if (m_settings.apiKey.size() >= 6) {
            m_errorBody.replace(m_settings.apiKey.toUtf8(), QByteArrayLiteral("[REDACTED:api key]"));
        }
        const Error error = explainProviderHttpError(m_status, m_errorBody, errorContext());
        if (isRetryableProviderReply(m_status, providerProblem(error))) {
            retryOrFail(error, reply->rawHeader("Retry-After"), reply->rawHeader("retry-after-ms"));
        } else {
            finish(std::unexpected(error));
        }
        return;
    }
    retryOrFail(explainUnreachable(reply->errorString(), timedOut, errorContext()), {}, {});
}

ProviderErrorContext HttpModelCall::errorContext() const
{
    ProviderErrorContext context;
    context.url = m_url;
    context.baseUrl = m_settings.baseUrl;
    context.model = m_model;
    context.apiKeySent = !m_settings.apiKey.isEmpty();
    context.credentialName = m_settings.credentialName;
    context.apiKeyVariable = m_settings.apiKeyVariable;
    return context;
}

void HttpModelCall::retryOrFail(const Error &error, const QByteArray &retryAfter, const QByteArray &retryAfterMs)
{
    dropReply();
    if (m_attempt > m_settings.maxRetries) {
        Error e = error;
        e.detail += QStringLiteral("; gave up after %1 attempts").arg(m_attempt);
        finish(std::unexpected(e));
        return;
    }
    const int delay = retryDelayMs(m_settings, m_attempt - 1, retryAfter, retryAfterMs);
    qCInfo(lcModel) << "model request attempt" << m_attempt << "failed:" << error.toString() << "- retrying in" << delay
                    << "ms";
    m_retryTimer.start(delay);
}

int HttpModelCall::retryDelayMs(const ProviderSettings &settings, int retry, const QByteArray &retryAfter,
                                const QByteArray &retryAfterMs)
{
    const qint64 limit = qMax<qint64>(settings.requestTimeoutMs, settings.maxBackoffMs);
    bool ok = false;
    const double ms = retryAfterMs.trimmed().toDouble(&ok);
    if (ok && ms >= 0) {
        return static_cast<int>(qMin<qint64>(static_cast<qint64>(ms), limit));
    }
    const QByteArray ra = retryAfter.trimmed();
    if (!ra.isEmpty()) {
        const double seconds = ra.toDouble(&ok);
        if (ok && seconds >= 0) {
            return static_cast<int>(qMin<qint64>(static_cast<qint64>(seconds * 1000), limit));
        }
        const QString text = QString::fromLatin1(ra);
        QDateTime when = QDateTime::fromString(text, Qt::RFC2822Date);
        if (!when.isValid()) {
            when = QLocale::c().toDateTime(text, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
            when.setTimeZone(QTimeZone::UTC);
        }
        if (when.isValid()) {
            const qint64 wait = QDateTime::currentDateTimeUtc().msecsTo(when);
            return static_cast<int>(qBound<qint64>(0, wait, limit));
        }
    }
    const qint64 cap =
        qMin<qint64>(settings.maxBackoffMs, static_cast<qint64>(settings.initialBackoffMs) << qMin(retry, 30));
    return static_cast<int>(QRandomGenerator::global()->bounded(cap + 1));
}

} // namespace Sandcastle::Core::Internal
