// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/sandbox/docker/exechelperchannel.h"

#include <QtEndian>

namespace Sandcastle::Core {

namespace {

constexpr QByteArrayView kVersion{"sandcastle-exec-helper 1"};
constexpr qsizetype kMaxFrame = 4 << 20;

void appendBE32(QByteArray &out, quint32 value)
{
    char bytes[4];
    qToBigEndian(value, bytes);
    out.append(bytes, 4);
}

QByteArray record(char tag, const QByteArray &value)
{
    QByteArray out;
    out.reserve(5 + value.size());
    out.append(tag);
    appendBE32(out, quint32(value.size()));
    out.append(value);
    return out;
}

QByteArray sizePayload(int rows, int columns)
{
    char bytes[4];
    qToBigEndian(quint16(qBound(1, rows, 65535)), bytes);
    qToBigEndian(quint16(qBound(1, columns, 65535)), bytes + 2);
    return QByteArray(bytes, 4);
}

} // namespace

ExecHelperChannel::ExecHelperChannel(const QString &socketPath, const ExecHelperSpec &spec, QObject *parent)
    : QObject(parent)
    , m_socketPath(socketPath)
{
    connect(&m_socket, &QLocalSocket::readyRead, this, &ExecHelperChannel::onReadyRead);
    connect(&m_socket, &QLocalSocket::disconnected, this, &ExecHelperChannel::onDisconnected);
    connect(&m_socket, &QLocalSocket::errorOccurred, this, [this](QLocalSocket::LocalSocketError error) {
        if (error != QLocalSocket::PeerClosedError) {
            onDisconnected();
        }
    });
    QByteArray payload;
    for (const QString &arg : spec.argv) {
        payload += record('a', arg.toUtf8());
    }
    for (const QString &entry : spec.env) {
        payload += record('e', entry.toUtf8());
    }
    if (!spec.workingDir.isEmpty()) {
        payload += record('w', spec.workingDir.toUtf8());
    }
    if (spec.tty) {
        payload += record('t', sizePayload(spec.rows, spec.columns));
    } else if (spec.mergeStderr) {
        payload += record('m', {});
    }
    connect(&m_socket, &QLocalSocket::connected, this, [this] {
        m_connected = true;
        m_socket.write(std::exchange(m_outgoing, {}));
    });
    sendFrame('S', payload); // queued until connected
    // Connecting from the event loop: a failure must reach the caller's connections, which are
    // made after the constructor returns.
    QMetaObject::invokeMethod(this, [this] { m_socket.connectToServer(m_socketPath); }, Qt::QueuedConnection);
}

ExecHelperChannel::~ExecHelperChannel()
{
    m_finished = true;
    m_socket.disconnect(this);
    m_socket.abort();
}

void ExecHelperChannel::sendFrame(char type, const QByteArray &payload)
{
    if (m_finished) {
        return;
    }
    QByteArray frame;
    frame.reserve(5 + payload.size());
    frame.append(type);
    appendBE32(frame, quint32(payload.size()));
    frame.append(payload);
    if (m_connected) {
        m_socket.write(frame);
    } else {
        m_outgoing += frame;
    }
}

void ExecHelperChannel::writeStdin(const QByteArray &data)
{
    for (qsizetype pos = 0; pos < data.size(); pos += kMaxFrame / 2) {
        sendFrame('I', data.mid(pos, kMaxFrame / 2));
    }
}

void ExecHelperChannel::closeStdin()
{
    sendFrame('C', {});
}

void ExecHelperChannel::resize(int rows, int columns)
{
    sendFrame('R', sizePayload(rows, columns));
}

void ExecHelperChannel::sendSignal(int signal)
{
    sendFrame('K', QByteArray(1, char(signal)));
}

void ExecHelperChannel::onReadyRead()
{
    m_buffer += m_socket.readAll();
    qsizetype pos = 0;
    while (!m_finished && m_buffer.size() - pos >= 5) {
        const char type = m_buffer.at(pos);
        const quint32 size = qFromBigEndian<quint32>(m_buffer.constData() + pos + 1);
        if (size > quint32(kMaxFrame)) {
            fail(Error{ErrorCode::Sandbox, QStringLiteral("the exec helper sent a malformed frame"),
                       QStringLiteral("frame '%1' of %2 bytes").arg(QLatin1Char(type)).arg(size)});
            return;
        }
        if (m_buffer.size() - pos - 5 < qsizetype(size)) {
            break;
        }
        const QByteArray payload = m_buffer.mid(pos + 5, size);
        pos += 5 + size;
        if (!m_versionSeen) {
            if (type != 'V' || payload != kVersion) {
                fail(Error{ErrorCode::Sandbox, QStringLiteral("the exec helper speaks another protocol"),
                           QString::fromUtf8(payload.left(80))});
                return;
            }
            m_versionSeen = true;
            continue;
        }
        switch (type) {
        case 'P':
            m_pid = payload.size() == 4 ? qFromBigEndian<quint32>(payload.constData()) : 0;
            Q_EMIT started(m_pid);
            break;
        case 'O':
            Q_EMIT outputReceived(DockerStream::Stdout, payload);
            break;
        case 'E':
            Q_EMIT outputReceived(DockerStream::Stderr, payload);
            break;
        case 'F':
            fail(Error{ErrorCode::Sandbox, QStringLiteral("command could not be started"), QString::fromUtf8(payload)});
            return;
        case 'X':
            if (payload.size() != 4) {
                fail(Error{ErrorCode::Sandbox, QStringLiteral("the exec helper sent a malformed exit frame"), {}});
                return;
            }
            m_finished = true;
            m_socket.abort();
            Q_EMIT exited(qFromBigEndian<qint32>(payload.constData()));
            return;
        default:
            fail(Error{ErrorCode::Sandbox, QStringLiteral("the exec helper sent an unknown frame"),
                       QStringLiteral("type 0x%1").arg(quint8(type), 2, 16, QLatin1Char('0'))});
            return;
        }
    }
    m_buffer.remove(0, pos);
}

void ExecHelperChannel::onDisconnected()
{
    if (m_finished) {
        return;
    }
    if (m_socket.bytesAvailable() > 0) {
        onReadyRead();
        if (m_finished) {
            return;
        }
    }
    fail(Error{ErrorCode::Sandbox,
               m_connected ? QStringLiteral("the connection to the exec helper was lost")
                           : QStringLiteral("cannot connect to the exec helper"),
               m_socket.errorString() + QStringLiteral(" (") + m_socketPath + QLatin1Char(')')});
}

void ExecHelperChannel::fail(Error error)
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    m_socket.abort();
    Q_EMIT failed(error);
}

} // namespace Sandcastle::Core
