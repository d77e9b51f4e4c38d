// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The loopback HTTP server that replays the recorded demo transcript in the Responses wire
// format. It speaks just enough HTTP/1.1 for QNetworkAccessManager: one request per connection
// (Content-Length bodies), replies with Content-Length and `Connection: close`.
#include "sandcastle/core/model/demoreplay.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace Sandcastle::Core {

namespace {

constexpr qsizetype kMaxRequestBytes = 64 * 1024 * 1024;

QByteArray statusLine(int status)
{
    switch (status) {
    case 200:
        return QByteArrayLiteral("HTTP/1.1 200 OK\r\n");
    case 400:
        return QByteArrayLiteral("HTTP/1.1 400 Bad Request\r\n");
    case 413:
        return QByteArrayLiteral("HTTP/1.1 413 Content Too Large\r\n");
    default:
        return QByteArrayLiteral("HTTP/1.1 404 Not Found\r\n");
    }
}

QByteArray errorBody(const QString &code, const QString &message)
{
    const QJsonObject error{{QStringLiteral("type"), QStringLiteral("invalid_request_error")},
                            {QStringLiteral("code"), code},
                            {QStringLiteral("message"), message},
                            {QStringLiteral("param"), QJsonValue::Null}};
    return QJsonDocument(QJsonObject{{QStringLiteral("error"), error}}).toJson(QJsonDocument::Compact);
}

// The SSE events of a stream, each with its terminating blank line.
QList<QByteArray> splitEvents(const QByteArray &sse)
{
    QList<QByteArray> events;
    qsizetype from = 0;
    while (from < sse.size()) {
        const qsizetype end = sse.indexOf("\n\n", from);
        const qsizetype stop = end < 0 ? sse.size() : end + 2;
        events.append(sse.mid(from, stop - from));
        from = stop;
    }
    return events;
}

} // namespace

struct DemoReplayServer::Connection
{
    QPointer<QTcpSocket> socket;
    QByteArray buffer;
    QList<QByteArray> pending; ///< SSE events still to write (paced replies)
    bool answered = false;
};

DemoReplayServer::DemoReplayServer(DemoTranscript transcript, QObject *parent)
    : QObject(parent)
    , m_transcript(std::move(transcript))
{
    connect(&m_server, &QTcpServer::newConnection, this, &DemoReplayServer::onNewConnection);
}

DemoReplayServer::~DemoReplayServer() = default;

Result<void> DemoReplayServer::listen()
{
    if (m_server.isListening()) {
        return {};
    }
    if (!m_server.listen(QHostAddress::LocalHost, 0)) {
        return fail(
            ErrorCode::Network,
            QStringLiteral("the demo replay server cannot listen on 127.0.0.1: %1").arg(m_server.errorString()));
    }
    return {};
}

QUrl DemoReplayServer::baseUrl() const
{
    if (!m_server.isListening()) {
        return {};
    }
    return QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(m_server.serverPort()));
}

ProviderProfile DemoReplayServer::profile(const QString &name) const
{
    ProviderProfile p = ProviderProfile::withDefaults(name, ProviderKind::Responses);
    p.baseUrl = baseUrl();
    p.model = m_transcript.model;
    p.credentialName.clear();
    return p;
}

void DemoReplayServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        auto *connection = new Connection{socket, {}, {}, false};
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, [this, connection] { onReadyRead(connection); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QObject::destroyed, this, [connection] { delete connection; });
    }
}

void DemoReplayServer::onReadyRead(Connection *connection)
{
    if (!connection->socket || connection->answered) {
        return;
    }
    connection->buffer += connection->socket->readAll();
    const qsizetype headerEnd = connection->buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        return;
    }
    const QList<QByteArray> lines = connection->buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    qsizetype length = 0;
    for (const QByteArray &line : lines.mid(1)) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == "content-length") {
            length = line.mid(colon + 1).trimmed().toLongLong();
        }
    }
    if (length < 0 || length > kMaxRequestBytes) {
        connection->answered = true;
        const QByteArray body = errorBody(QStringLiteral("too_large"), QStringLiteral("request body too large"));
        connection->socket->write(statusLine(413) + "Content-Type: application/json\r\nConnection: close\r\n" +
                                  "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        connection->socket->disconnectFromHost();
        return;
    }
    if (connection->buffer.size() < headerEnd + 4 + length) {
        return;
    }
    connection->answered = true;
    answer(connection, requestLine.value(0), requestLine.value(1), connection->buffer.mid(headerEnd + 4, length));
}

void DemoReplayServer::answer(Connection *connection, const QByteArray &method, const QByteArray &path,
                              const QByteArray &body)
{
    QTcpSocket *socket = connection->socket;
    auto reply = [socket](int status, const QByteArray &type, const QByteArray &content) {
        socket->write(statusLine(status) + "Content-Type: " + type + "\r\nCache-Control: no-cache\r\n" +
                      "Connection: close\r\nContent-Length: " + QByteArray::number(content.size()) + "\r\n\r\n" +
                      content);
        socket->disconnectFromHost();
    };
    if (method == "GET" && path.startsWith("/v1/models")) {
        const QJsonObject model{{QStringLiteral("id"), m_transcript.model},
                                {QStringLiteral("object"), QStringLiteral("model")}};
        const QJsonObject list{{QStringLiteral("object"), QStringLiteral("list")},
                               {QStringLiteral("data"), QJsonArray{model}}};
        reply(200, "application/json", QJsonDocument(list).toJson(QJsonDocument::Compact));
        return;
    }
    if (method != "POST" || !path.startsWith("/v1/responses")) {
        const QString message = QStringLiteral("the recorded demo answers POST /v1/responses only, not %1 %2")
                                    .arg(QString::fromLatin1(method), QString::fromLatin1(path));
        Q_EMIT mismatch(message);
        reply(404, "application/json", errorBody(QStringLiteral("demo_replay_mismatch"), message));
        return;
    }
    const Result<int> step = m_transcript.stepFor(QJsonDocument::fromJson(body).object(), m_next);
    if (!step) {
        Q_EMIT mismatch(step.error().message);
        reply(400, "application/json", errorBody(QStringLiteral("demo_replay_mismatch"), step.error().message));
        return;
    }
    m_next = *step + 1;
    const QByteArray &sse = m_transcript.steps.at(*step).sse;
    if (m_eventIntervalMs <= 0) {
        reply(200, "text/event-stream", sse);
        return;
    }
    socket->write(statusLine(200) + "Content-Type: text/event-stream\r\nCache-Control: no-cache\r\n" +
                  "Connection: close\r\nContent-Length: " + QByteArray::number(sse.size()) + "\r\n\r\n");
    connection->pending = splitEvents(sse);
    sendNextEvent(connection);
}

void DemoReplayServer::sendNextEvent(Connection *connection)
{
    if (!connection->socket) {
        return;
    }
    if (connection->pending.isEmpty()) {
        connection->socket->disconnectFromHost();
        return;
    }
    connection->socket->write(connection->pending.takeFirst());
    QTimer::singleShot(m_eventIntervalMs, connection->socket, [this, connection] { sendNextEvent(connection); });
}

} // namespace Sandcastle::Core
