// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/credentials/secretredactor.h"
#include "sandcastle/core/result.h"
#include "sandcastle/core/sandbox/exposedports.h"
#include "sandcastle/core/sandbox/sandboxtypes.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QList>
#include <QObject>
#include <QPromise>
#include <QUrl>

#include <memory>

namespace Sandcastle::Core {

class SandboxProcess;
namespace Internal {
class ProcessTable;
}

/// A live sandbox (spec 3.2): runs commands and unified-exec processes and reads/writes the
/// workspace. Backends (UnixLocalSandboxSession, the Docker session) implement exec(),
/// cancelExec(), spawnProcess() and the lifecycle; the process table (at most 64 live
/// processes, ids sequential from 1, LRU pruning that protects the 8 most recently used and
/// prefers exited ones), output collection and host-side file operations live here.
///
/// Paths: workspaceRoot() is the host directory; sandboxRoot() is the same directory as commands
/// see it. File operations accept workspace-relative paths or absolute paths under sandboxRoot(),
/// reject anything that escapes the workspace (also through symlinks) with
/// ErrorCode::PermissionDenied, and work on the host directory synchronously (small files).
///
/// Lives on the thread that created it (the runner's); every asynchronous call finishes exactly
/// once with a Result, and none blocks. Deleting the session kills all its processes.
/// What every backend keeps for one running one-shot exec (its RunningExec derives from it).
struct ExecState
{
    QPromise<Result<ExecResult>> promise;
    CommandRecord record;
    QElapsedTimer clock;
};

class SandboxSession : public QObject
{
    Q_OBJECT
public:
    explicit SandboxSession(QObject *parent = nullptr);
    ~SandboxSession() override;

    /// "unix_local", "docker", ...
    [[nodiscard]] virtual QString backendId() const = 0;
    [[nodiscard]] virtual QString workspaceRoot() const = 0;
    [[nodiscard]] virtual QString sandboxRoot() const = 0;
    /// Shell prefix for `login` shell commands when the model names no shell (spec 2.2 step 2).
    [[nodiscard]] virtual QStringList defaultShell() const { return {QStringLiteral("sh"), QStringLiteral("-c")}; }
    /// One line for the run's events: how commands are confined (or that they are not).
    [[nodiscard]] virtual QString describe() const = 0;
    [[nodiscard]] virtual bool supportsPty() const = 0;
    [[nodiscard]] virtual bool isRunning() const = 0;

    /// Prepares the backend (creates the workspace directory, starts the container, ...).
    [[nodiscard]] virtual QFuture<Result<void>> start() = 0;
    /// Terminates all processes and tears the backend down. Idempotent; the session stays usable
    /// for file operations only.
    virtual void close();

    /// Runs a one-shot command. The future fails with ErrorCode::Timeout (process group killed)
    /// when `timeoutMs` elapses, ErrorCode::Cancelled after cancelExec(), ErrorCode::Sandbox when
    /// the command could not be started.
    [[nodiscard]] virtual ExecCall exec(const ExecRequest &request) = 0;
    /// Kills the process group of a running exec; no-op for unknown or finished ids.
    virtual void cancelExec(quint64 execId) = 0;

    /// Starts a unified-exec process and collects its output for `yieldMs` (0 = return at once),
    /// or until it exits. The caller clamps yield times (see clampYieldTimeMs()). Fails with
    /// ErrorCode::Unsupported when !supportsPty() and tty is requested.
    [[nodiscard]] QFuture<Result<ProcessChunk>> startProcess(const ProcessRequest &request, int yieldMs);
    /// Writes `chars` (may be empty = poll) to process `processId`, waits 100 ms when something
    /// was written, then collects for `yieldMs`. Unknown id: ErrorCode::NotFound
    /// "PTY session not found: <id>".
    [[nodiscard]] QFuture<Result<ProcessChunk>> writeStdin(int processId, const QByteArray &chars, int yieldMs);
    [[nodiscard]] Result<void> resizeProcess(int processId, int rows, int columns);
    /// Kills one process (its group) and drops it from the table.
    void terminateProcess(int processId);
    void terminateAllProcesses();
    [[nodiscard]] int processCount() const;
    [[nodiscard]] QList<int> processIds() const;

    /// Resolves `path` (workspace-relative or absolute under sandboxRoot()) to a host path inside
    /// the workspace, following symlinks of existing components.
    [[nodiscard]] Result<QString> resolveHostPath(const QString &path) const;
    /// The sandbox-visible absolute path for a workspace path (for `cd` in commands).
    [[nodiscard]] Result<QString> resolveSandboxPath(const QString &path) const;

    [[nodiscard]] virtual Result<QByteArray> readFile(const QString &path);
    /// Creates parent directories; replaces the file atomically.
    [[nodiscard]] virtual Result<void> writeFile(const QString &path, const QByteArray &data);
    [[nodiscard]] virtual Result<QList<FileEntry>> listDir(const QString &path);
    /// Removing a missing path is a no-op when `recursive`, else ErrorCode::NotFound.
    [[nodiscard]] virtual Result<void> remove(const QString &path, bool recursive);
    [[nodiscard]] virtual Result<void> makeDir(const QString &path, bool parents);

    /// Ports declared as exposed for this session (validated, without duplicates). Default: none.
    [[nodiscard]] virtual QList<quint16> exposedPorts() const { return {}; }
    /// Where the host reaches exposed `port` (spec `resolve_exposed_port`). ErrorCode::NotFound
    /// "port N is not exposed" when it was not declared (the Unix-local session allows any port
    /// when none is declared, like the spec's JS client); ErrorCode::Sandbox when the backend is
    /// not running. Default: NotFound for every port.
    [[nodiscard]] virtual Result<ExposedPortEndpoint> resolveExposedPort(quint16 port) const;
    /// The TCP sockets in LISTEN state that belong to this sandbox (Unix-local: its commands'
    /// processes and their descendants; Docker: everything in the container's network namespace),
    /// sorted by port. Finishes once, on the session's thread or a worker thread (callers consume
    /// it with `.then(context, ...)`). Default: ErrorCode::Unsupported.
    [[nodiscard]] virtual QFuture<Result<QList<ListeningPort>>> listeningPorts();
    /// A URL the host can open for a port listening inside the sandbox: the exposed endpoint when
    /// `port` is exposed; otherwise what the backend can offer (Docker: a PortTunnel; Unix-local
    /// with the host's network: http://127.0.0.1:<port>/). ErrorCode::Unsupported with the reason
    /// when the host cannot reach it (bubblewrap with its own network namespace).
    [[nodiscard]] virtual Result<QUrl> hostUrlForListeningPort(quint16 port);

    /// Secret values replaced in the output of the CommandRecords this session announces
    /// (commandFinished()), so the shell log never shows them. Tool results are redacted by the
    /// shell capability.
    void setRedactor(SecretRedactor redactor) { m_redactor = std::move(redactor); }

    /// Spec 2.2: yield times clamped to [250, 30000] ms; an empty write_stdin waits at least 5000.
    [[nodiscard]] static int clampYieldTimeMs(int yieldMs, bool emptyWrite);
    static constexpr int kMaxProcesses = 64;

Q_SIGNALS:
    void commandStarted(const Sandcastle::Core::CommandRecord &record);
    void commandFinished(const Sandcastle::Core::CommandRecord &record);

protected:
    /// Creates and starts a backend process (parent: none, the table takes ownership). A start
    /// failure the backend only learns about later is reported as output plus markExited().
    [[nodiscard]] virtual Result<SandboxProcess *> spawnProcess(const ProcessRequest &request) = 0;
    [[nodiscard]] quint64 nextCommandId() { return ++m_commandCounter; }
    /// Opens `state` for `request`: a fresh command id, the call's future and the record (workdir
    /// defaulting to sandboxRoot()). An empty command fails the call with InvalidInput at once and
    /// leaves `*accepted` false; the backend then returns the call as it is.
    [[nodiscard]] ExecCall beginExec(ExecState &state, const ExecRequest &request, bool *accepted);
    /// Emits commandFinished() for `record`, its output redacted (setRedactor()).
    void announceFinished(CommandRecord record);
    /// Fails an exec that could not start and returns its call.
    static ExecCall rejectExec(ExecState &state, const ExecCall &call, Error error);

private:
    QFuture<Result<ProcessChunk>> collect(int processId, int yieldMs, int delayMs);
    void finishRecord(int processId, SandboxProcess *process);

    std::unique_ptr<Internal::ProcessTable> m_table;
    QMap<int, CommandRecord> m_processRecords;
    quint64 m_commandCounter = 0;
    SecretRedactor m_redactor;
};

} // namespace Sandcastle::Core
