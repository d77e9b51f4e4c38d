// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "dockerhttp_p.h"

#include "sandcastle/core/version.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Sandcastle::Core::Internal {

QByteArray DockerHttpResponse::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            return value;
        }
    }
    return {};
}

DockerHttpParser::DockerHttpParser()
{
    llhttp_settings_init(&m_settings);
    m_settings.on_header_field = &DockerHttpParser::onHeaderField;
    m_settings.on_header_value = &DockerHttpParser::onHeaderValue;
    m_settings.on_header_value_complete = &DockerHttpParser::onHeaderValueComplete;
    m_settings.on_headers_complete = &DockerHttpParser::onHeadersComplete;
    m_settings.on_body = &DockerHttpParser::onBody;
    m_settings.on_message_complete = &DockerHttpParser::onMessageComplete;
    llhttp_init(&m_parser, HTTP_RESPONSE, &m_settings);
    m_parser.data = this;
}

DockerHttpParser::State DockerHttpParser::feed(QByteArrayView data)
{
    if (m_state != State::Incomplete || data.isEmpty()) {
        return m_state;
    }
    const llhttp_errno_t err = llhttp_execute(&m_parser, data.data(), size_t(data.size()));
    if (err == HPE_PAUSED_UPGRADE) {
        const char *pos = llhttp_get_error_pos(&m_parser);
        const qsizetype used = pos ? qsizetype(pos - data.data()) : data.size();
        m_remainder = data.sliced(qBound(qsizetype(0), used, data.size())).toByteArray();
        m_state = State::Upgraded;
    } else if (err == HPE_PAUSED) {
        // onMessageComplete paused: the response is complete; anything after it is ignored
        // because every request uses its own connection.
    } else if (err != HPE_OK) {
        m_error = QStringLiteral("malformed HTTP response from dockerd: %1 (%2)")
                      .arg(QString::fromLatin1(llhttp_errno_name(err)),
                           QString::fromLatin1(llhttp_get_error_reason(&m_parser)));
        m_state = State::Failed;
    }
    return m_state;
}

DockerHttpParser::State DockerHttpParser::finish()
{
    if (m_state != State::Incomplete) {
        return m_state;
    }
    const llhttp_errno_t err = llhttp_finish(&m_parser);
    if (m_state == State::Incomplete) {
        m_error = err == HPE_OK ? QStringLiteral("dockerd closed the connection before sending a response")
                                : QStringLiteral("dockerd closed the connection in the middle of the response "
                                                 "(%1)")
                                      .arg(QString::fromLatin1(llhttp_get_error_reason(&m_parser)));
        m_state = State::Failed;
    }
    return m_state;
}

int DockerHttpParser::onHeaderField(llhttp_t *p, const char *at, size_t length)
{
    auto *self = static_cast<DockerHttpParser *>(p->data);
    if (self->m_inValue) {
        self->m_field.clear();
        self->m_inValue = false;
    }
    self->m_field.append(at, qsizetype(length));
    return 0;
}

int DockerHttpParser::onHeaderValue(llhttp_t *p, const char *at, size_t length)
{
    auto *self = static_cast<DockerHttpParser *>(p->data);
    self->m_inValue = true;
    self->m_value.append(at, qsizetype(length));
    return 0;
}

int DockerHttpParser::onHeaderValueComplete(llhttp_t *p)
{
    auto *self = static_cast<DockerHttpParser *>(p->data);
    self->m_response.headers.append({self->m_field, self->m_value.trimmed()});
    self->m_value.clear();
    return 0;
}

int DockerHttpParser::onHeadersComplete(llhttp_t *p)
{
    auto *self = static_cast<DockerHttpParser *>(p->data);
    self->m_response.status = llhttp_get_status_code(p);
    return 0;
}

int DockerHttpParser::onBody(llhttp_t *p, const char *at, size_t length)
{
    static_cast<DockerHttpParser *>(p->data)->m_response.body.append(at, qsizetype(length));
    return 0;
}

int DockerHttpParser::onMessageComplete(llhttp_t *p)
{
    auto *self = static_cast<DockerHttpParser *>(p->data);
    if (llhttp_get_upgrade(p)) {
        return 0; // llhttp_execute then returns HPE_PAUSED_UPGRADE with the position of the stream
    }
    self->m_state = State::Complete;
    return HPE_PAUSED;
}

QByteArray buildRequest(QByteArrayView method, const QByteArray &target, const QByteArray &body,
                        const QList<std::pair<QByteArray, QByteArray>> &extraHeaders)
{
    QByteArray out;
    out.reserve(256 + body.size());
    out += method.toByteArray() + ' ' + target + " HTTP/1.1\r\nHost: docker\r\nUser-Agent: Sandcastle/" +
           version().toLatin1() + "\r\n";
    bool hasConnection = false;
    for (const auto &[key, value] : extraHeaders) {
        out += key + ": " + value + "\r\n";
        hasConnection = hasConnection || key.compare("Connection", Qt::CaseInsensitive) == 0;
    }
    if (!hasConnection) {
        out += "Connection: close\r\n";
    }
    if (!body.isEmpty()) {
        out += "Content-Type: application/json\r\n";
    }
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n";
    out += body;
    return out;
}

Error socketError(QLocalSocket::LocalSocketError error, const QString &socketPath, const QString &errorString)
{
    switch (error) {
    case QLocalSocket::ServerNotFoundError:
        return Error{ErrorCode::Sandbox, QStringLiteral("Docker socket %1 does not exist").arg(socketPath),
                     QStringLiteral("start dockerd, or point DOCKER_HOST at its socket (unix:///path/to/docker.sock)")};
    case QLocalSocket::ConnectionRefusedError:
        return Error{ErrorCode::Sandbox, QStringLiteral("nothing is listening on Docker socket %1").arg(socketPath),
                     QStringLiteral("start dockerd, or point DOCKER_HOST at its socket (unix:///path/to/docker.sock)")};
    case QLocalSocket::SocketAccessError:
        return Error{ErrorCode::Sandbox, QStringLiteral("permission denied on Docker socket %1").arg(socketPath),
                     QStringLiteral("add your user to the 'docker' group and log in again, or run a rootless "
                                    "dockerd and set DOCKER_HOST")};
    default:
        return Error{
            ErrorCode::Network, QStringLiteral("Docker socket %1 failed: %2").arg(socketPath, errorString), {}};
    }
}

Error httpError(const DockerHttpResponse &response, const QByteArray &method, const QByteArray &target)
{
    QString message;
    const QJsonDocument doc = QJsonDocument::fromJson(response.body);
    if (doc.isObject() && doc.object().value(QLatin1String("message")).isString()) {
        message = doc.object().value(QLatin1String("message")).toString();
    } else {
        message = QString::fromUtf8(response.body.left(500)).trimmed();
    }
    if (message.isEmpty()) {
        message = QStringLiteral("no error message");
    }
    ErrorCode code = ErrorCode::Sandbox;
    switch (response.status) {
    case 400:
        code = ErrorCode::InvalidInput;
        break;
    case 401:
    case 403:
        code = ErrorCode::PermissionDenied;
        break;
    case 404:
        code = ErrorCode::NotFound;
        break;
    case 501:
        code = ErrorCode::Unsupported;
        break;
    default:
        break;
    }
    return Error{code, QStringLiteral("dockerd: %1 (HTTP %2)").arg(message).arg(response.status),
                 QString::fromLatin1(method + ' ' + target)};
}

DockerHttpCall::DockerHttpCall(QString socketPath, QByteArray request, Callback done, QObject *parent)
    : QObject(parent)
    , m_socketPath(std::move(socketPath))
    , m_request(std::move(request))
    , m_done(std::move(done))
{
    connect(&m_socket, &QLocalSocket::connected, this, [this] { m_socket.write(m_request); });
    connect(&m_socket, &QLocalSocket::readyRead, this, &DockerHttpCall::onReadyRead);
    connect(&m_socket, &QLocalSocket::disconnected, this, &DockerHttpCall::onDisconnected);
    connect(&m_socket, &QLocalSocket::errorOccurred, this, &DockerHttpCall::onError);
}

DockerHttpCall::~DockerHttpCall()
{
    cancel();
}

void DockerHttpCall::start()
{
    m_socket.connectToServer(m_socketPath);
}

void DockerHttpCall::cancel()
{
    finish(fail(ErrorCode::Cancelled, QStringLiteral("Docker request cancelled"),
                QString::fromLatin1(m_request.left(m_request.indexOf("\r\n")))));
}

void DockerHttpCall::onReadyRead()
{
    if (!m_done) {
        return;
    }
    const QByteArray data = m_socket.readAll();
    switch (m_parser.feed(data)) {
    case DockerHttpParser::State::Complete:
        finish(m_parser.takeResponse());
        break;
    case DockerHttpParser::State::Upgraded:
        finish(fail(ErrorCode::Sandbox,
                    QStringLiteral("dockerd upgraded a connection that was not meant to be hijacked"),
                    QString::fromLatin1(m_request.left(m_request.indexOf("\r\n")))));
        break;
    case DockerHttpParser::State::Failed:
        finish(fail(ErrorCode::Sandbox, m_parser.errorString(),
                    QString::fromLatin1(m_request.left(m_request.indexOf("\r\n")))));
        break;
    case DockerHttpParser::State::Incomplete:
        break;
    }
}

void DockerHttpCall::onDisconnected()
{
    if (!m_done) {
        return;
    }
    if (m_socket.bytesAvailable() > 0) {
        onReadyRead();
    }
    if (!m_done) {
        return;
    }
    if (m_parser.finish() == DockerHttpParser::State::Complete) {
        finish(m_parser.takeResponse());
    } else {
        finish(fail(ErrorCode::Sandbox, m_parser.errorString(),
                    QString::fromLatin1(m_request.left(m_request.indexOf("\r\n")))));
    }
}

void DockerHttpCall::onError(QLocalSocket::LocalSocketError error)
{
    if (error == QLocalSocket::PeerClosedError) {
        onDisconnected();
        return;
    }
    finish(std::unexpected(socketError(error, m_socketPath, m_socket.errorString())));
}

void DockerHttpCall::finish(Result<DockerHttpResponse> result)
{
    if (!m_done) {
        return;
    }
    Callback done = std::exchange(m_done, nullptr);
    m_socket.abort();
    deleteLater();
    done(std::move(result));
}

} // namespace Sandcastle::Core::Internal
