// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/sandbox/sandboxsession.h"
#include "sandcastle/core/sandbox/unixlocalsandboxclient.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QProcessEnvironment>

#include <memory>

class QProcess;
class QTimer;

namespace Sandcastle::Core {

/// A UnixLocalSandboxClient session: commands run in the host workspace directory, confined by
/// bubblewrap or (when the user chose so) not at all; see UnixLocalSandboxClient. Every command
/// runs in its own process group (session), which cancel, timeout, close and destruction kill
/// with SIGKILL. Created by UnixLocalSandboxClient::create(); lives on its creator's thread.
class UnixLocalSandboxSession : public SandboxSession
{
    Q_OBJECT
public:
    UnixLocalSandboxSession(SandboxOptions options, ConfinementReport confinement, QObject *parent = nullptr);
    ~UnixLocalSandboxSession() override;

    [[nodiscard]] QString backendId() const override { return QStringLiteral("unix_local"); }
    [[nodiscard]] QString workspaceRoot() const override { return m_root; }
    [[nodiscard]] QString sandboxRoot() const override { return m_root; }
    [[nodiscard]] QString describe() const override;
    [[nodiscard]] bool supportsPty() const override { return true; }
    [[nodiscard]] bool isRunning() const override { return m_running; }
    [[nodiscard]] const ConfinementReport &confinementReport() const { return m_confinement; }

    [[nodiscard]] QFuture<Result<void>> start() override;
    void close() override;
    [[nodiscard]] ExecCall exec(const ExecRequest &request) override;
    void cancelExec(quint64 execId) override;

    /// The environment commands get (never the host's): see UnixLocalSandboxClient.
    [[nodiscard]] QProcessEnvironment environment(bool tty) const;
    /// Program and arguments that run `argv` in `workdir` (bwrap wrapping when confined).
    [[nodiscard]] QStringList commandLine(const QStringList &argv, const QString &workdir, bool tty) const;

protected:
    [[nodiscard]] Result<SandboxProcess *> spawnProcess(const ProcessRequest &request) override;

private:
    struct RunningExec;
    void finishExec(quint64 id, Result<ExecResult> result);
    void killExec(quint64 id, Error reason);

    SandboxOptions m_options;
    ConfinementReport m_confinement;
    QString m_root;
    bool m_running = false;
    QHash<quint64, std::shared_ptr<RunningExec>> m_execs;
};

} // namespace Sandcastle::Core
