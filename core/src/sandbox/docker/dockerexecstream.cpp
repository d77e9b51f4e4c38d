// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/sandbox/docker/dockerexecstream.h"

#include "dockerhttp_p.h"

#include <sys/socket.h>

namespace Sandcastle::Core {

DockerExecStream::DockerExecStream(QString execId, bool tty, QObject *parent)
    : QObject(parent)
    , m_parser(std::make_unique<Internal::DockerHttpParser>())
    , m_execId(std::move(execId))
    , m_tty(tty)
{
    connect(&m_socket, &QLocalSocket::readyRead, this, &DockerExecStream::onReadyRead);
    connect(&m_socket, &QLocalSocket::disconnected, this, &DockerExecStream::onDisconnected);
    connect(&m_socket, &QLocalSocket::bytesWritten, this, [this] { flushStdin(); });
    connect(&m_socket, &QLocalSocket::errorOccurred, this, [this](QLocalSocket::LocalSocketError error) {
        if (error == QLocalSocket::PeerClosedError) {
            onDisconnected();
        } else {
            fail(Internal::socketError(error, m_socketPath, m_socket.errorString()));
        }
    });
}

DockerExecStream::~DockerExecStream()
{
    // Destroyed by the caller or with the engine: no signals any more, just drop the connection.
    m_finished = true;
    m_socket.abort();
}

void DockerExecStream::begin(const QString &socketPath, const QByteArray &request)
{
    m_socketPath = socketPath;
    m_requestLine = request.left(request.indexOf("\r\n"));
    connect(&m_socket, &QLocalSocket::connected, this, [this, request] { m_socket.write(request); });
    m_socket.connectToServer(socketPath);
}

void DockerExecStream::fail(const Error &error)
{
    finish(std::unexpected(error));
}

void DockerExecStream::writeStdin(const QByteArray &data)
{
    if (m_stdinClosing || m_finished) {
        return;
    }
    m_pendingStdin += data;
    flushStdin();
}

void DockerExecStream::closeStdin()
{
    m_stdinClosing = true;
    flushStdin();
}

void DockerExecStream::flushStdin()
{
    if (!m_upgraded || m_finished || m_stdinClosed) {
        return;
    }
    if (!m_pendingStdin.isEmpty()) {
        m_socket.write(std::exchange(m_pendingStdin, {}));
    }
    if (m_stdinClosing && m_socket.bytesToWrite() == 0) {
        m_stdinClosed = true;
        // QLocalSocket has no half-close; shutdown(2) on its descriptor lets the process see EOF
        // while we keep reading its output.
        ::shutdown(int(m_socket.socketDescriptor()), SHUT_WR);
    } else if (m_socket.bytesToWrite() > 0) {
        m_socket.flush();
    }
}

void DockerExecStream::onReadyRead()
{
    if (m_finished) {
        return;
    }
    const QByteArray data = m_socket.readAll();
    if (m_upgraded) {
        handleStreamData(data);
        return;
    }
    switch (m_parser->feed(data)) {
    case Internal::DockerHttpParser::State::Upgraded: {
        const int status = m_parser->response().status;
        if (status != 101) {
            fail(Error{ErrorCode::Sandbox,
                       QStringLiteral("dockerd did not upgrade the exec connection (HTTP %1)").arg(status),
                       QString::fromLatin1(m_requestLine)});
            return;
        }
        m_upgraded = true;
        Q_EMIT started();
        flushStdin();
        if (!m_finished) {
            handleStreamData(m_parser->takeUpgradeRemainder());
        }
        break;
    }
    case Internal::DockerHttpParser::State::Complete: {
        // Not upgraded: an error reply (404 no such exec, 409 not running / already started).
        const Internal::DockerHttpResponse &response = m_parser->response();
        const int space = int(m_requestLine.indexOf(' '));
        const QByteArray method = m_requestLine.left(space);
        const QByteArray target = m_requestLine.mid(space + 1, m_requestLine.lastIndexOf(' ') - space - 1);
        if (response.status >= 200 && response.status < 300) {
            fail(
                Error{ErrorCode::Sandbox,
                      QStringLiteral("dockerd answered the exec start with HTTP %1 instead of upgrading the connection")
                          .arg(response.status),
                      QString::fromLatin1(m_requestLine)});
        } else {
            fail(Internal::httpError(response, method, target));
        }
        break;
    }
    case Internal::DockerHttpParser::State::Failed:
        fail(Error{ErrorCode::Sandbox, m_parser->errorString(), QString::fromLatin1(m_requestLine)});
        break;
    case Internal::DockerHttpParser::State::Incomplete:
        break;
    }
}

void DockerExecStream::handleStreamData(const QByteArray &data)
{
    if (data.isEmpty()) {
        return;
    }
    if (m_tty) {
        Q_EMIT outputReceived(DockerStream::Stdout, data);
        return;
    }
    // Payload bytes go out as soon as they arrive, one emission per stream run of this read
    // instead of one per frame (dockerd writes frames of at most 32 KiB).
    auto frames = m_demuxer.feedCoalesced(data);
    if (!frames) {
        fail(Error{frames.error().code, frames.error().message,
                   QStringLiteral("exec %1: %2").arg(m_execId, frames.error().detail)});
        return;
    }
    for (const DockerFrame &frame : *frames) {
        if (m_finished) {
            return;
        }
        if (frame.stream == DockerStream::SystemErr) {
            fail(Error{ErrorCode::Sandbox,
                       QStringLiteral("dockerd reported an error on the exec stream: %1")
                           .arg(QString::fromUtf8(frame.payload).trimmed()),
                       QStringLiteral("exec %1").arg(m_execId)});
            return;
        }
        if (frame.payload.isEmpty()) {
            continue;
        }
        Q_EMIT outputReceived(frame.stream == DockerStream::Stderr ? DockerStream::Stderr : DockerStream::Stdout,
                              frame.payload);
    }
}

void DockerExecStream::onDisconnected()
{
    if (m_finished) {
        return;
    }
    if (m_socket.bytesAvailable() > 0) {
        onReadyRead();
    }
    if (m_finished) {
        return;
    }
    if (!m_upgraded) {
        m_parser->finish();
        fail(Error{ErrorCode::Sandbox,
                   m_parser->errorString().isEmpty() ? QStringLiteral("dockerd closed the exec connection")
                                                     : m_parser->errorString(),
                   QString::fromLatin1(m_requestLine)});
        return;
    }
    if (!m_tty) {
        if (auto done = m_demuxer.finish(); !done) {
            fail(Error{done.error().code, done.error().message,
                       QStringLiteral("exec %1: %2").arg(m_execId, done.error().detail)});
            return;
        }
    }
    finish({});
}

void DockerExecStream::finish(Result<void> result)
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    m_result = std::move(result);
    m_socket.abort();
    Q_EMIT finished();
}

} // namespace Sandcastle::Core
