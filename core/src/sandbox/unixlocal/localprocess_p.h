// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/sandbox/sandboxprocess.h"

#include <QProcess>

class QSocketNotifier;

namespace Sandcastle::Core::Internal {

/// A host process for the Unix-local session: pipes (stdout+stderr merged) or a PTY from
/// openpty() whose primary side is read through a QSocketNotifier (non-blocking). The child is
/// a session leader (own process group); kill() sends SIGKILL to the whole group.
class LocalProcess : public SandboxProcess
{
    Q_OBJECT
public:
    explicit LocalProcess(bool tty, QObject *parent = nullptr);
    ~LocalProcess() override;

    [[nodiscard]] Result<void> start(const QStringList &commandLine, const QProcessEnvironment &env,
                                     const QString &workdir, int rows, int columns);
    [[nodiscard]] Result<void> writeInput(const QByteArray &bytes) override;
    void kill() override;
    [[nodiscard]] Result<void> resize(int rows, int columns) override;
    /// The host pid (also its session id), 0 before start().
    [[nodiscard]] qint64 pid() const { return m_process.processId(); }

private:
    void readPrimary();
    void flushWrites();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void closePrimary();
    void signalGroup(int signal);

    QProcess m_process;
    int m_primary = -1;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QByteArray m_pendingWrite;
};

/// Kills process group `pid` (and `pid` itself) with `signal`; no-op for pid <= 0.
void signalProcessGroup(qint64 pid, int signal);

} // namespace Sandcastle::Core::Internal
