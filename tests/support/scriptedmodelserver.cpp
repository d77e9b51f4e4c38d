// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "scriptedmodelserver.h"

#include "scriptedrender.h"

#include <QJsonDocument>
#include <QTcpSocket>
#include <QTimer>

namespace Sandcastle::Test {

namespace {

constexpr qsizetype MaxHeaderBytes = 64 * 1024;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 413:
        return "Payload Too Large";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

enum class ParseState { NeedMore, Done, Bad };

struct Parse
{
    ParseState state = ParseState::NeedMore;
    bool headersComplete = false;
    bool expectContinue = false;
    qsizetype consumed = 0;
    QString error;
};

// Parses one HTTP/1.1 request from the front of `buf`.
Parse parseRequest(const QByteArray &buf, RecordedRequest *req)
{
    Parse p;
    const qsizetype headerEnd = buf.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        if (buf.size() > MaxHeaderBytes) {
            p.state = ParseState::Bad;
            p.error = QStringLiteral("request header larger than 64 KiB");
        }
        return p;
    }
    p.headersComplete = true;
    const QList<QByteArray> lines = buf.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1.")) {
        p.state = ParseState::Bad;
        p.error = QStringLiteral("malformed request line");
        return p;
    }
    req->method = requestLine.at(0);
    req->path = requestLine.at(1);
    req->headers.clear();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            p.state = ParseState::Bad;
            p.error = QStringLiteral("malformed header line");
            return p;
        }
        req->headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    p.expectContinue = req->header("expect").toLower() == "100-continue";
    qsizetype pos = headerEnd + 4;
    if (req->header("transfer-encoding").toLower().contains("chunked")) {
        QByteArray body;
        while (true) {
            const qsizetype lineEnd = buf.indexOf("\r\n", pos);
            if (lineEnd < 0) {
                return p;
            }
            bool ok = false;
            const qsizetype size = buf.mid(pos, lineEnd - pos).split(';').value(0).trimmed().toLongLong(&ok, 16);
            if (!ok || size < 0) {
                p.state = ParseState::Bad;
                p.error = QStringLiteral("malformed chunk size");
                return p;
            }
            if (size == 0) {
                // Optional trailers end with an empty line.
                const qsizetype end = buf.indexOf("\r\n", lineEnd + 2);
                if (end < 0) {
                    return p;
                }
                if (end != lineEnd + 2) {
                    const qsizetype trailersEnd = buf.indexOf("\r\n\r\n", lineEnd + 2);
                    if (trailersEnd < 0) {
                        return p;
                    }
                    pos = trailersEnd + 4;
                } else {
                    pos = end + 2;
                }
                break;
            }
            if (buf.size() < lineEnd + 2 + size + 2) {
                return p;
            }
            body += buf.mid(lineEnd + 2, size);
            pos = lineEnd + 2 + size + 2;
        }
        req->body = body;
    } else {
        bool ok = true;
        const QByteArray lengthHeader = req->header("content-length");
        const qsizetype length = lengthHeader.isEmpty() ? 0 : lengthHeader.toLongLong(&ok);
        if (!ok || length < 0) {
            p.state = ParseState::Bad;
            p.error = QStringLiteral("malformed Content-Length");
            return p;
        }
        if (buf.size() < pos + length) {
            return p;
        }
        req->body = buf.mid(pos, length);
        pos += length;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(req->body);
    req->json = doc.isObject() ? doc.object() : QJsonObject();
    p.state = ParseState::Done;
    p.consumed = pos;
    return p;
}

QByteArray chunk(const QByteArray &data)
{
    return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
}

} // namespace

QByteArray RecordedRequest::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            return value;
        }
    }
    return {};
}

QJsonObject RecordedRequest::toJson() const
{
    QJsonObject h;
    for (const auto &[key, value] : headers) {
        h.insert(QString::fromLatin1(key.toLower()), QString::fromLatin1(value));
    }
    QJsonObject o{{QStringLiteral("method"), QString::fromLatin1(method)},
                  {QStringLiteral("path"), QString::fromLatin1(path)},
                  {QStringLiteral("headers"), h},
                  {QStringLiteral("body"), QString::fromUtf8(body)}};
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject()) {
        o.insert(QStringLiteral("json"), doc.object());
    }
    return o;
}

struct ScriptedModelServer::Connection
{
    QPointer<QTcpSocket> socket;
    QByteArray buffer;
    bool busy = false;
    bool closeAfterReply = false;
    bool continueSent = false;
    // The SSE reply in progress.
    QList<QByteArray> events;
    qsizetype nextEvent = 0;
    qsizetype stopAfter = 0;
    bool truncated = false;
    int intervalMs = 0;
    int requestIndex = -1;
    int reportedIndex = -1; // the last request whose turnAnswered was emitted
};

ScriptedModelServer::ScriptedModelServer(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::pendingConnectionAvailable, this, &ScriptedModelServer::onNewConnection);
}

ScriptedModelServer::~ScriptedModelServer() = default;

bool ScriptedModelServer::listen(quint16 port)
{
    return m_server.listen(QHostAddress::LocalHost, port);
}

quint16 ScriptedModelServer::port() const
{
    return m_server.serverPort();
}

QUrl ScriptedModelServer::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(m_server.serverPort()));
}

void ScriptedModelServer::enqueue(const ScriptedTurn &turn)
{
    m_turns.enqueue(turn);
}

void ScriptedModelServer::setScript(const QList<ScriptedTurn> &turns)
{
    m_turns.clear();
    for (const ScriptedTurn &t : turns) {
        m_turns.enqueue(t);
    }
}

QList<RecordedRequest> ScriptedModelServer::requests() const
{
    return m_requests;
}

int ScriptedModelServer::remainingTurns() const
{
    return int(m_turns.size());
}

void ScriptedModelServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        auto conn = std::make_shared<Connection>();
        conn->socket = socket;
        connect(socket, &QTcpSocket::readyRead, this, [this, conn] {
            if (conn->socket) {
                conn->buffer += conn->socket->readAll();
                processBuffer(conn);
            }
        });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void ScriptedModelServer::processBuffer(const std::shared_ptr<Connection> &conn)
{
    while (conn->socket && !conn->busy && !conn->buffer.isEmpty()) {
        RecordedRequest request;
        const Parse p = parseRequest(conn->buffer, &request);
        if (p.state == ParseState::Bad) {
            conn->closeAfterReply = true;
            conn->buffer.clear();
            sendJson(conn, 400,
                     errorJson(p.error, QStringLiteral("invalid_request_error"), QStringLiteral("bad_request")), {});
            return;
        }
        if (p.state == ParseState::NeedMore) {
            if (p.headersComplete && p.expectContinue && !conn->continueSent) {
                conn->continueSent = true;
                conn->socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            }
            return;
        }
        conn->continueSent = false;
        conn->buffer.remove(0, p.consumed);
        handleRequest(conn, std::move(request));
    }
}

void ScriptedModelServer::handleRequest(const std::shared_ptr<Connection> &conn, RecordedRequest request)
{
    const int index = int(m_requests.size());
    conn->closeAfterReply = request.header("connection").toLower() == "close";
    QByteArray path = request.path;
    path = path.left(path.indexOf('?') < 0 ? path.size() : path.indexOf('?'));
    const QByteArray method = request.method;
    m_requests.append(std::move(request));
    Q_EMIT requestReceived(index);

    if (!m_requiredApiKey.isEmpty() &&
        m_requests.last().header("authorization") != "Bearer " + m_requiredApiKey.toUtf8()) {
        sendJson(conn, 401,
                 errorJson(QStringLiteral("Incorrect API key provided. You can find your API key at "
                                          "https://platform.openai.com/account/api-keys."),
                           QStringLiteral("invalid_request_error"), QStringLiteral("invalid_api_key")),
                 {});
        return;
    }
    if (path == "/v1/models" && method == "GET") {
        QJsonArray data;
        for (const QString &id : std::as_const(m_models)) {
            data.append(QJsonObject{{QStringLiteral("id"), id},
                                    {QStringLiteral("object"), QStringLiteral("model")},
                                    {QStringLiteral("owned_by"), QStringLiteral("scripted")}});
        }
        sendJson(conn, 200,
                 QJsonDocument(
                     QJsonObject{{QStringLiteral("object"), QStringLiteral("list")}, {QStringLiteral("data"), data}})
                     .toJson(QJsonDocument::Compact),
                 {});
        return;
    }
    const bool responses = path == "/v1/responses";
    const bool chat = path == "/v1/chat/completions";
    if (!responses && !chat) {
        sendJson(conn, 404,
                 errorJson(QStringLiteral("scripted model server: no route for %1 %2")
                               .arg(QString::fromLatin1(method), QString::fromLatin1(path)),
                           QStringLiteral("invalid_request_error"), QStringLiteral("not_found")),
                 {});
        return;
    }
    if (method != "POST") {
        sendJson(conn, 405,
                 errorJson(QStringLiteral("scripted model server: %1 needs POST").arg(QString::fromLatin1(path)),
                           QStringLiteral("invalid_request_error"), QStringLiteral("method_not_allowed")),
                 {});
        return;
    }
    if (m_turns.isEmpty()) {
        sendJson(
            conn, 500,
            errorJson(QStringLiteral("scripted model server: script exhausted, no turn left for request %1 (%2 %3)")
                          .arg(index + 1)
                          .arg(QString::fromLatin1(method), QString::fromLatin1(path)),
                      QStringLiteral("server_error"), QStringLiteral("script_exhausted")),
            {});
        return;
    }
    const ScriptedTurn turn = m_turns.dequeue();
    ++m_inFlight;
    conn->busy = true;
    if (turn.delayMs > 0) {
        QTimer::singleShot(turn.delayMs, conn->socket,
                           [this, conn, turn, index, chat] { answer(conn, turn, index, chat); });
    } else {
        answer(conn, turn, index, chat);
    }
}

void ScriptedModelServer::answer(const std::shared_ptr<Connection> &conn, const ScriptedTurn &turn, int requestIndex,
                                 bool chat)
{
    auto whenFlushed = [this, conn, requestIndex] {
        QTcpSocket *socket = conn->socket;
        if (!socket || socket->bytesToWrite() == 0) {
            finishTurn(conn, requestIndex);
            return;
        }
        auto done = std::make_shared<bool>(false);
        auto finish = [this, conn, requestIndex, done] {
            if (!*done && (!conn->socket || conn->socket->bytesToWrite() == 0 ||
                           conn->socket->state() != QAbstractSocket::ConnectedState)) {
                *done = true;
                finishTurn(conn, requestIndex);
            }
        };
        connect(socket, &QTcpSocket::bytesWritten, this, finish);
        connect(socket, &QTcpSocket::disconnected, this, finish);
    };
    const QJsonObject &request = m_requests.at(requestIndex).json;
    const bool failing = turn.terminal == QLatin1String("failed") || turn.terminal == QLatin1String("error");
    if (turn.httpStatus != 200) {
        const QByteArray body =
            !turn.errorBody.isEmpty()
                ? turn.errorBody
                : errorJson(
                      QStringLiteral("scripted HTTP %1 reply").arg(turn.httpStatus),
                      turn.httpStatus == 429 ? QStringLiteral("rate_limit_exceeded") : QStringLiteral("server_error"),
                      turn.httpStatus == 429 ? QStringLiteral("rate_limit_exceeded") : QStringLiteral("server_error"));
        sendJson(conn, turn.httpStatus, body, turn.headers);
        whenFlushed();
        return;
    }
    const bool stream = request.value(QLatin1String("stream")).toBool(false);
    QList<QByteArray> events;
    if (!turn.rawSse.isEmpty()) {
        events = splitSse(turn.rawSse);
    } else if (!stream && turn.terminal == QLatin1String("error")) {
        const QJsonObject e = turn.error;
        sendJson(
            conn, 500,
            errorJson(e.value(QLatin1String("message")).toString(QStringLiteral("The scripted model turn failed.")),
                      QStringLiteral("server_error"),
                      e.value(QLatin1String("code")).toString(QStringLiteral("server_error"))),
            turn.headers);
        whenFlushed();
        return;
    } else if (!chat) {
        const QString responseId =
            turn.responseId.isEmpty() ? QStringLiteral("resp_scripted_%1").arg(requestIndex) : turn.responseId;
        if (!stream) {
            QJsonArray output;
            for (const QJsonValue &v : turn.outputItems) {
                output.append(normalizeOutputItem(v.toObject()));
            }
            sendJson(conn, 200,
                     QJsonDocument(responseObject(turn, request, responseId, output)).toJson(QJsonDocument::Compact),
                     turn.headers);
            whenFlushed();
            return;
        }
        for (const QJsonObject &event : responsesStreamEvents(turn, request, responseId)) {
            events.append(sseEventBytes(event));
        }
    } else {
        const QString completionId = QStringLiteral("chatcmpl-scripted-%1").arg(requestIndex);
        if (!stream) {
            if (failing) {
                const QJsonObject e = turn.error;
                sendJson(
                    conn, 500,
                    errorJson(e.value(QLatin1String("message")).toString(QStringLiteral("The scripted turn failed.")),
                              QStringLiteral("server_error"),
                              e.value(QLatin1String("code")).toString(QStringLiteral("server_error"))),
                    turn.headers);
            } else {
                sendJson(
                    conn, 200,
                    QJsonDocument(chatCompletionObject(turn, request, completionId)).toJson(QJsonDocument::Compact),
                    turn.headers);
            }
            whenFlushed();
            return;
        }
        events = chatCompletionStreamChunks(turn, request, completionId);
    }
    sendSse(conn, events, turn, requestIndex);
}

void ScriptedModelServer::sendJson(const std::shared_ptr<Connection> &conn, int status, const QByteArray &body,
                                   const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QTcpSocket *socket = conn->socket;
    if (!socket) {
        return;
    }
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    head += "Content-Type: application/json\r\n";
    head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    head += conn->closeAfterReply ? "Connection: close\r\n" : "Connection: keep-alive\r\n";
    for (const auto &[name, value] : headers) {
        head += name + ": " + value + "\r\n";
    }
    socket->write(head + "\r\n" + body);
    if (conn->closeAfterReply) {
        socket->disconnectFromHost();
        return;
    }
    conn->busy = false;
    // Pipelined requests already in the buffer: handle them after this call returns.
    QTimer::singleShot(0, socket, [this, conn] { processBuffer(conn); });
}

void ScriptedModelServer::sendSse(const std::shared_ptr<Connection> &conn, const QList<QByteArray> &events,
                                  const ScriptedTurn &turn, int requestIndex)
{
    QTcpSocket *socket = conn->socket;
    if (!socket) {
        return;
    }
    QByteArray head = "HTTP/1.1 200 OK\r\n"
                      "Content-Type: text/event-stream; charset=utf-8\r\n"
                      "Cache-Control: no-cache\r\n"
                      "Connection: close\r\n"
                      "Transfer-Encoding: chunked\r\n";
    for (const auto &[name, value] : turn.headers) {
        head += name + ": " + value + "\r\n";
    }
    socket->write(head + "\r\n");
    conn->events = events;
    conn->nextEvent = 0;
    conn->truncated = turn.cutAfterEvents >= 0 && turn.cutAfterEvents < events.size();
    conn->stopAfter = conn->truncated ? turn.cutAfterEvents : events.size();
    conn->intervalMs = turn.eventIntervalMs;
    conn->requestIndex = requestIndex;
    // Ends the turn both after a complete stream and when the client goes away mid-stream.
    connect(socket, &QTcpSocket::disconnected, this, [this, conn, requestIndex] { finishTurn(conn, requestIndex); });
    sendNextEvent(conn);
}

void ScriptedModelServer::sendNextEvent(const std::shared_ptr<Connection> &conn)
{
    QTcpSocket *socket = conn->socket;
    if (!socket || socket->state() != QAbstractSocket::ConnectedState) {
        finishTurn(conn, conn->requestIndex); // the client went away mid-stream
        return;
    }
    while (conn->nextEvent < conn->stopAfter) {
        socket->write(chunk(conn->events.at(conn->nextEvent++)));
        if (conn->intervalMs > 0 && conn->nextEvent < conn->stopAfter) {
            QTimer::singleShot(conn->intervalMs, socket, [this, conn] { sendNextEvent(conn); });
            return;
        }
    }
    if (!conn->truncated) {
        socket->write("0\r\n\r\n");
    }
    conn->events.clear();
    // disconnectFromHost() flushes what is buffered, then closes: the client sees the end of the
    // stream (or, when truncated, a connection closed inside a chunked body). The disconnected
    // handler installed by sendSse() then reports the turn.
    socket->disconnectFromHost();
}

void ScriptedModelServer::finishTurn(const std::shared_ptr<Connection> &conn, int requestIndex)
{
    if (conn->reportedIndex == requestIndex) {
        return; // already reported (flushed and disconnected both end a reply)
    }
    conn->reportedIndex = requestIndex;
    --m_inFlight;
    Q_EMIT turnAnswered(requestIndex);
    if (m_inFlight == 0 && m_turns.isEmpty()) {
        Q_EMIT allTurnsAnswered();
    }
}

} // namespace Sandcastle::Test
