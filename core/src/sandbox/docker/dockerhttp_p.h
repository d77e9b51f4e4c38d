// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QByteArray>
#include <QList>
#include <QLocalSocket>
#include <QObject>

#include <llhttp.h>

#include <functional>
#include <utility>

namespace Sandcastle::Core::Internal {

/// One parsed HTTP response from dockerd.
struct DockerHttpResponse
{
    int status = 0;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;

    /// The value of header `name` (case-insensitive), or empty.
    [[nodiscard]] QByteArray header(QByteArrayView name) const;
};

/// Incremental HTTP/1.1 response parser over llhttp: status, headers, Content-Length, chunked and
/// read-until-EOF bodies, and 101 upgrades (the rest of the data is then the raw stream).
class DockerHttpParser
{
public:
    enum class State { Incomplete, Complete, Upgraded, Failed };

    DockerHttpParser();
    DockerHttpParser(const DockerHttpParser &) = delete;
    DockerHttpParser &operator=(const DockerHttpParser &) = delete;

    State feed(QByteArrayView data);
    /// End of stream: completes a body delimited by EOF, otherwise fails.
    State finish();

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] const DockerHttpResponse &response() const { return m_response; }
    [[nodiscard]] DockerHttpResponse takeResponse() { return std::move(m_response); }
    /// After Upgraded: the bytes of the raw stream that came with the headers.
    [[nodiscard]] QByteArray takeUpgradeRemainder() { return std::exchange(m_remainder, {}); }
    [[nodiscard]] QString errorString() const { return m_error; }

private:
    static int onHeaderField(llhttp_t *p, const char *at, size_t length);
    static int onHeaderValue(llhttp_t *p, const char *at, size_t length);
    static int onHeaderValueComplete(llhttp_t *p);
    static int onHeadersComplete(llhttp_t *p);
    static int onBody(llhttp_t *p, const char *at, size_t length);
    static int onMessageComplete(llhttp_t *p);

    llhttp_t m_parser;
    llhttp_settings_t m_settings;
    DockerHttpResponse m_response;
    QByteArray m_field;
    QByteArray m_value;
    QByteArray m_remainder;
    QString m_error;
    State m_state = State::Incomplete;
    bool m_inValue = false;
};

/// Builds the bytes of one request. `contentType` empty means no body header except Content-Length.
QByteArray buildRequest(QByteArrayView method, const QByteArray &target, const QByteArray &body,
                        const QList<std::pair<QByteArray, QByteArray>> &extraHeaders = {});

/// The Error for a socket that could not be connected or broke, naming the socket path.
Error socketError(QLocalSocket::LocalSocketError error, const QString &socketPath, const QString &errorString);

/// Maps a non-2xx dockerd response to an Error: Docker's JSON {"message": ...} plus the status.
Error httpError(const DockerHttpResponse &response, const QByteArray &method, const QByteArray &target);

/// One request on its own connection (Connection: close). Calls `done` exactly once, then
/// deletes itself later. Destroying it before completion reports ErrorCode::Cancelled.
class DockerHttpCall : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(Result<DockerHttpResponse>)>;

    DockerHttpCall(QString socketPath, QByteArray request, Callback done, QObject *parent);
    ~DockerHttpCall() override;

    void start();
    void cancel();

private:
    void onReadyRead();
    void onDisconnected();
    void onError(QLocalSocket::LocalSocketError error);
    void finish(Result<DockerHttpResponse> result);

    QLocalSocket m_socket;
    QString m_socketPath;
    QByteArray m_request;
    Callback m_done;
    DockerHttpParser m_parser;
};

} // namespace Sandcastle::Core::Internal
