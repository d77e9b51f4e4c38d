// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"
#include "sandcastle/core/sandbox/docker/dockerframedemuxer.h"

#include <QByteArray>
#include <QLocalSocket>
#include <QObject>

#include <memory>

namespace Sandcastle::Core {

namespace Internal {
class DockerHttpParser;
}

/// The hijacked connection of one started exec (POST /exec/{id}/start with Upgrade: tcp).
///
/// Created by DockerEngine::startExec(), which owns it as a child; the caller may delete it
/// earlier, which aborts the connection. Emits outputReceived() for every chunk of output
/// (demultiplexed from 8-byte frames when the exec has no TTY; stream 0 is reported as stdout;
/// raw bytes as Stdout for TTY execs), then finished() exactly once: when dockerd closes the
/// stream (result() holds a value) or on failure (connection error, a non-101 reply mapped like
/// any Docker error, a malformed frame, or a daemon "systemerr" frame: ErrorCode::Sandbox).
/// The exit code is not part of the stream: ask DockerEngine::inspectExec() after finished().
/// Destroying the engine deletes its streams without emitting finished().
/// Lives on the engine's thread.
class DockerExecStream : public QObject
{
    Q_OBJECT
public:
    ~DockerExecStream() override;

    /// Sends bytes to the process's stdin (raw, never framed). Buffered until the stream is upgraded.
    void writeStdin(const QByteArray &data);
    /// Half-closes the connection once all stdin bytes are written, so the process sees EOF.
    void closeStdin();

    [[nodiscard]] bool isFinished() const { return m_finished; }
    /// Valid after finished().
    [[nodiscard]] Result<void> result() const { return m_result; }
    [[nodiscard]] QString execId() const { return m_execId; }

Q_SIGNALS:
    /// The daemon accepted the upgrade; the process is running.
    void started();
    void outputReceived(Sandcastle::Core::DockerStream stream, const QByteArray &data);
    void finished();

private:
    friend class DockerEngine;
    DockerExecStream(QString execId, bool tty, QObject *parent);

    void begin(const QString &socketPath, const QByteArray &request);
    void fail(const Error &error);
    void onReadyRead();
    void onDisconnected();
    void handleStreamData(const QByteArray &data);
    void flushStdin();
    void finish(Result<void> result);

    QLocalSocket m_socket;
    std::unique_ptr<Internal::DockerHttpParser> m_parser;
    DockerFrameDemuxer m_demuxer;
    QString m_execId;
    QString m_socketPath;
    QByteArray m_requestLine;
    QByteArray m_pendingStdin;
    Result<void> m_result;
    bool m_tty = false;
    bool m_upgraded = false;
    bool m_stdinClosing = false;
    bool m_stdinClosed = false;
    bool m_finished = false;
};

} // namespace Sandcastle::Core
