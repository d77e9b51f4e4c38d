// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/sandbox/docker/dockerengine.h"
#include "sandcastle/core/sandbox/sandboxprocess.h"

#include <QPointer>
#include <QTimer>

#include <optional>

namespace Sandcastle::Core {
class DockerExecStream;
class ExecHelperChannel;
struct ExecHelperSpec;
} // namespace Sandcastle::Core

namespace Sandcastle::Core::Internal {

/// Every command the Docker session runs carries `SANDCASTLE_EXEC_ID=<token>` in its environment.
/// Signals go to every process in the container that carries the token (and, for SIGKILL, to its
/// process group), found by a small sh script run as a second exec: dockerd has no way to signal
/// an exec, and the pid it reports is a host pid.
inline constexpr QLatin1StringView kExecTokenVariable{"SANDCASTLE_EXEC_ID"};

/// A fresh random token (32 hex digits).
QString newExecToken();
/// The per-exec environment: the token and TERM (xterm-256color for a TTY, else dumb). The rest
/// of the environment was set on the container.
QStringList execEnvironment(const QString &token, bool tty);
/// Sends `signal` ("KILL", "INT") to the processes carrying `token`; fire and forget, errors are
/// logged. Does nothing when the engine is gone.
void signalExec(DockerEngine *engine, const QString &containerId, const QString &user, const QString &token,
                const QString &signal);

/// A unified-exec process in a Docker container: an Engine API exec with a TTY (raw stream,
/// resize through resizeExec) or with pipes (stdout and stderr interleaved as they arrive, stdin
/// attached). The exec is created and started asynchronously: input and a resize that arrive
/// earlier are queued. A start failure becomes output plus exit code 127.
///
/// kill() signals the token's processes and, when the exec does not end within 5 s (container
/// gone, daemon stuck), drops the connection and reports exit code 137. Lives on the session's
/// thread; holds the session's engine through a QPointer.
class DockerProcess : public SandboxProcess
{
    Q_OBJECT
public:
    DockerProcess(DockerEngine *engine, QString containerId, DockerExecSpec spec, QString token, int rows, int columns,
                  QObject *parent = nullptr);
    ~DockerProcess() override;

    /// Creates and starts the exec; the outcome arrives as output and exited().
    void start();
    [[nodiscard]] Result<void> writeInput(const QByteArray &bytes) override;
    void kill() override;
    [[nodiscard]] Result<void> resize(int rows, int columns) override;

private:
    void onCreated(const Result<QString> &execId);
    void onStreamFinished();
    void applyResize();
    void finishWith(int exitCode);

    QPointer<DockerEngine> m_engine;
    QPointer<DockerExecStream> m_stream;
    QString m_containerId;
    DockerExecSpec m_spec;
    QString m_token;
    QString m_execId;
    QByteArray m_queuedInput;
    int m_rows;
    int m_columns;
    bool m_started = false;
    bool m_killRequested = false;
    QTimer m_killTimer;
    int m_killAttempts = 0;
};

/// A unified-exec process run by the container's exec helper (one ExecHelperChannel): output,
/// input, resizes and signals go over the helper's socket; kill() sends SIGKILL to the process
/// group and, when the helper does not report the exit within 5 s, drops the connection (the
/// helper then kills the group itself) and reports exit code 137. A start failure becomes output
/// plus exit code 127, a lost connection (container gone) exit code -1.
class DockerHelperProcess : public SandboxProcess
{
    Q_OBJECT
public:
    DockerHelperProcess(const QString &socketPath, const ExecHelperSpec &spec, QObject *parent = nullptr);
    ~DockerHelperProcess() override;

    [[nodiscard]] Result<void> writeInput(const QByteArray &bytes) override;
    void kill() override;
    [[nodiscard]] Result<void> resize(int rows, int columns) override;

private:
    void finishWith(int exitCode);

    ExecHelperChannel *m_channel = nullptr;
    bool m_killRequested = false;
    QTimer m_killTimer;
};

} // namespace Sandcastle::Core::Internal
