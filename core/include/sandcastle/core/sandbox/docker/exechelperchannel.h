// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"
#include "sandcastle/core/sandbox/docker/dockerframedemuxer.h"

#include <QLocalSocket>
#include <QObject>

namespace Sandcastle::Core {

/// What the exec helper runs for one connection (frame 'S' of the protocol in docs/FORMATS.md).
struct ExecHelperSpec
{
    QStringList argv;
    QStringList env; ///< KEY=value, on top of the container's environment
    QString workingDir;
    bool tty = false;
    int rows = 24;
    int columns = 80;
    bool mergeStderr = false; ///< pipes only: stderr goes into the stdout pipe
};

/// One command run by sandcastle-exec-helper (core/exechelper) inside the container, over its own connection to
/// the helper's Unix socket (bind-mounted to the host). Connects from the event loop and sends the spec;
/// input, end of input, resizes and signals may be sent before the helper answered.
///
/// Ends exactly once: exited(code) after the last output, or failed(error) when the helper could
/// not start the command (ErrorCode::Sandbox "command could not be started", the helper's reason as
/// detail) or the connection broke (ErrorCode::Sandbox). Deleting the channel closes the connection,
/// which makes the helper SIGKILL the command's process group. Lives on its creator's thread.
class ExecHelperChannel : public QObject
{
    Q_OBJECT
public:
    ExecHelperChannel(const QString &socketPath, const ExecHelperSpec &spec, QObject *parent = nullptr);
    /// Hangs up without emitting anything.
    ~ExecHelperChannel() override;

    void writeStdin(const QByteArray &data);
    void closeStdin();
    void resize(int rows, int columns);
    /// Signals the command's process group (e.g. SIGKILL, SIGINT).
    void sendSignal(int signal);

    [[nodiscard]] bool isFinished() const { return m_finished; }
    /// The command's pid inside the container, 0 until started().
    [[nodiscard]] qint64 pid() const { return m_pid; }

Q_SIGNALS:
    void started(qint64 pid);
    void outputReceived(Sandcastle::Core::DockerStream stream, const QByteArray &data);
    void exited(int exitCode);
    void failed(const Sandcastle::Core::Error &error);

private:
    void sendFrame(char type, const QByteArray &payload);
    void onReadyRead();
    void onDisconnected();
    void fail(Error error);

    QLocalSocket m_socket;
    QString m_socketPath;
    QByteArray m_buffer;
    QByteArray m_outgoing; ///< frames written before the socket connected
    bool m_connected = false;
    qint64 m_pid = 0;
    bool m_versionSeen = false;
    bool m_finished = false;
};

} // namespace Sandcastle::Core
