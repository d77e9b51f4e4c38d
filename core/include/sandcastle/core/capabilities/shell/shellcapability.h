// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/capabilities/capability.h"
#include "sandcastle/core/credentials/secretredactor.h"

#include <QHash>
#include <QPointer>

#include <memory>
#include <optional>

namespace Sandcastle::Core {

class SandboxSession;
namespace Internal {
class ExecCommandTool;
class WriteStdinTool;
} // namespace Internal

/// The "shell" capability (spec 2.2): tools `exec_command` and, when the session supports PTYs,
/// `write_stdin`, with the SDK's non-strict JSON schemas, defaults, yield-time clamping, output
/// text format and `max_output_tokens` truncation (2.2.1).
///
/// Not owning: the session must outlive the calls (a deleted session ends pending calls with a
/// cancelled future). One instance per run, on the runner's thread. Tool failures the model
/// should see (bad arguments, a command that cannot start, unknown session id) come back as
/// ToolOutput text; `write_stdin` on a session without PTY support fails the invocation
/// (ErrorCode::Unsupported).
class ShellCapability : public Capability
{
    Q_OBJECT
public:
    explicit ShellCapability(QObject *parent = nullptr);
    ~ShellCapability() override;

    [[nodiscard]] QString type() const override { return QStringLiteral("shell"); }
    [[nodiscard]] QString instructions() const override;
    /// Empty until bind(); then exec_command, plus write_stdin when the session supports PTYs.
    [[nodiscard]] std::vector<Tool *> tools() const override;

    void bind(SandboxSession *session);
    [[nodiscard]] SandboxSession *session() const { return m_session; }

    /// Secret values to replace in command output before it is truncated (truncation would
    /// otherwise cut a secret and leave a piece of it that no later redaction recognises).
    void setRedactor(SecretRedactor redactor) { m_redactor = std::move(redactor); }
    [[nodiscard]] const SecretRedactor &redactor() const { return m_redactor; }
    /// Redacts one chunk of process `processId`'s output as part of a stream: the end of the
    /// chunk that could be the start of a secret is held back and put in front of the process's
    /// next chunk, so a secret split across two polls is still found. `finished` (the process
    /// exited) releases everything held.
    [[nodiscard]] QString redactStream(int processId, const QByteArray &chunk, bool finished);

    /// "Chunk ID: ..." response text of spec 2.2 step 6 (lines joined by '\n').
    [[nodiscard]] static QString formatResponse(const QString &output, double wallTimeSeconds,
                                                std::optional<int> exitCode, std::optional<int> sessionId,
                                                std::optional<qint64> originalTokenCount);

private:
    QPointer<SandboxSession> m_session;
    SecretRedactor m_redactor;
    QHash<int, QByteArray> m_heldOutput; ///< per process: bytes that may begin a secret
    std::unique_ptr<Internal::ExecCommandTool> m_exec;
    std::unique_ptr<Internal::WriteStdinTool> m_writeStdin;
};

} // namespace Sandcastle::Core
