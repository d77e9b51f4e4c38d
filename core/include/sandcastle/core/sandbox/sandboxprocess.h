// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QByteArray>
#include <QObject>

#include <optional>

namespace Sandcastle::Core {

/// One live unified-exec process (spec 2.2): a command with a PTY (tty) or pipes (stdout and
/// stderr interleaved). Backends subclass it (Unix-local: QProcess + openpty; Docker: hijacked
/// exec stream) and feed output through appendOutput() and the end through markExited().
///
/// Owned by its SandboxSession's process table; lives on the session's thread. Unread output
/// is buffered (capped at 1 MiB, oldest bytes dropped with a notice) until takeOutput().
class SandboxProcess : public QObject
{
    Q_OBJECT
public:
    explicit SandboxProcess(bool tty, QObject *parent = nullptr);

    [[nodiscard]] bool isTty() const { return m_tty; }
    /// Sends bytes to the process: tty → PTY primary (Ctrl-C becomes SIGINT via the line
    /// discipline); pipes → stdin, where each U+0003 is removed and sends SIGINT to the process
    /// group instead. Fails with ErrorCode::Unsupported "stdin is not available for this process"
    /// when the backend cannot write to it.
    [[nodiscard]] virtual Result<void> writeInput(const QByteArray &bytes) = 0;
    /// SIGKILL to the whole process group. markExited() follows asynchronously.
    virtual void kill() = 0;
    /// Resizes the terminal (tty only).
    [[nodiscard]] virtual Result<void> resize(int rows, int columns);

    /// Output received since the last call (with a truncation notice when more than 1 MiB piled up).
    [[nodiscard]] QByteArray takeOutput();
    [[nodiscard]] bool hasPendingOutput() const { return !m_pending.isEmpty(); }
    [[nodiscard]] bool hasExited() const { return m_exitCode.has_value(); }
    [[nodiscard]] std::optional<int> exitCode() const { return m_exitCode; }
    /// Everything the process printed, capped at 64 KiB (for CommandRecord).
    [[nodiscard]] QByteArray transcript() const { return m_transcript; }

Q_SIGNALS:
    void outputReceived();
    /// Emitted once, after the last output was appended.
    void exited(int exitCode);

protected:
    void appendOutput(const QByteArray &bytes);
    void markExited(int exitCode);

private:
    QByteArray m_pending;
    QByteArray m_transcript;
    qint64 m_droppedBytes = 0;
    std::optional<int> m_exitCode;
    bool m_tty = false;
};

} // namespace Sandcastle::Core
