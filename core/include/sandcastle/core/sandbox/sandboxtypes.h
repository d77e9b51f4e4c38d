// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QFuture>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace Sandcastle::Core {

/// Options every sandbox client understands. Client-specific settings (bubblewrap confinement,
/// Docker image, limits) live on the client object itself.
struct SandboxOptions
{
    /// Host directory holding the workspace (DECISIONS "workspace location"). Created if missing.
    QString workspaceDir;
    /// The manifest root as commands should see it. Docker bind-mounts the workspace there; the
    /// Unix-local client runs in the host directory and ignores it (sandboxRoot() == workspaceDir).
    QString manifestRoot = QStringLiteral("/workspace");
    /// Resolved manifest environment, added to every process (never the host environment).
    QMap<QString, QString> environment;
    bool networkAllowed = false;
    /// Extra host paths the commands may read (read-only) or write; absolute host paths.
    QStringList readOnlyPaths;
    QStringList writablePaths;
};

/// A one-shot command. `argv` is run as given (no shell): callers wrap shell snippets themselves,
/// e.g. `{"sh", "-c", "echo hi"}`.
struct ExecRequest
{
    QStringList argv;
    /// Working directory as seen inside the sandbox; empty = sandboxRoot().
    QString workdir;
    /// Kill the process group and fail with ErrorCode::Timeout after this many ms; <= 0 = no limit.
    int timeoutMs = 0;
    /// Bytes written to stdin before it is closed.
    QByteArray stdinData;
};

/// Outcome of a one-shot command. A non-zero exit is not an error. A process killed by signal N
/// reports 128 + N.
struct ExecResult
{
    QByteArray stdoutData;
    QByteArray stderrData;
    int exitCode = 0;
    qint64 durationMs = 0;
};

/// A started one-shot command: `id` can be passed to SandboxSession::cancelExec().
struct ExecCall
{
    quint64 id = 0;
    QFuture<Result<ExecResult>> future;
};

/// A unified-exec process (spec 2.2 "PTY process model").
struct ProcessRequest
{
    QStringList argv;
    QString workdir; ///< as seen inside the sandbox; empty = sandboxRoot()
    bool tty = false;
    int rows = 24;
    int columns = 80;
};

/// What one collection of a unified-exec process returned: the output that arrived since the
/// previous collection, plus either the exit code (process gone from the table) or its id.
struct ProcessChunk
{
    QByteArray output;
    std::optional<int> exitCode;
    std::optional<int> processId;
};

/// A command the session ran, for the shell log view and the run's events.
struct CommandRecord
{
    enum class Kind { Exec, Process };
    quint64 id = 0; ///< unique per session (exec ids and process records share the counter)
    Kind kind = Kind::Exec;
    int processId = 0; ///< Kind::Process: the table id the model sees
    QStringList argv;  ///< the command as requested (before confinement wrapping)
    QString workdir;
    bool tty = false;
    QDateTime startedAt;
    std::optional<int> exitCode; ///< finished records only; empty when it could not start or was cancelled
    qint64 durationMs = 0;
    QByteArray output; ///< stdout then stderr (processes: interleaved), capped at 64 KiB
    QString error;     ///< why it failed to start / was cancelled / timed out, else empty
};

/// One directory entry returned by SandboxSession::listDir().
struct FileEntry
{
    enum class Kind { File, Directory, Symlink, Other };
    QString name;
    QString path; ///< workspace-relative, '/'-separated
    Kind kind = Kind::File;
    qint64 size = 0;
    QString permissions; ///< "rwxr-xr-x"
};

} // namespace Sandcastle::Core

Q_DECLARE_METATYPE(Sandcastle::Core::CommandRecord)
