// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// DockerSandboxSession: one-shot commands and unified-exec processes.
#include "dockerengine_p.h"
#include "sandbox/docker/dockerprocess_p.h"
#include "sandcastle/core/sandbox/docker/dockerexecstream.h"
#include "sandcastle/core/sandbox/docker/dockersandboxsession.h"
#include "sandcastle/core/sandbox/docker/exechelperchannel.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>

#include <csignal>

namespace Sandcastle::Core {

using namespace Internal;

namespace {
/// After SIGKILL, the signal is repeated once a second; after this many tries the exec is
/// given up (its connection dropped) so that no caller waits forever.
constexpr int kKillAttempts = 5;
} // namespace

struct DockerSandboxSession::RunningExec : ExecState
{
    QString token;
    QString execId;
    QByteArray stdinData;
    QPointer<DockerExecStream> stream;
    QPointer<ExecHelperChannel> channel; ///< set instead of execId/stream when the helper runs it
    ExecResult result;
    std::optional<Error> forcedError; ///< timeout or cancel: reported instead of the exit status
    std::unique_ptr<QTimer> timeout;
    std::unique_ptr<QTimer> killTimer;
    int killAttempts = 0;
};

ExecCall DockerSandboxSession::exec(const ExecRequest &request)
{
    auto running = std::make_shared<RunningExec>();
    bool accepted = false;
    const ExecCall call = beginExec(*running, request, &accepted);
    if (!accepted) {
        return call;
    }
    auto reject = [&](Error error) { return rejectExec(*running, call, std::move(error)); };
    if (!m_running || m_containerId.isEmpty()) {
        return reject(Error{ErrorCode::Sandbox, QStringLiteral("the Docker sandbox is not running"), m_containerName});
    }

    running->token = newExecToken();
    if (usesExecHelper()) {
        return execThroughHelper(running, call, request);
    }
    running->stdinData = request.stdinData;
    DockerExecSpec spec;
    spec.cmd = request.argv;
    spec.env = commandEnvironment(running->token, false);
    spec.workingDir = running->record.workdir;
    spec.user = user();
    spec.attachStdin = true;
    const quint64 id = call.id;
    registerExec(id, running, request.timeoutMs);
    m_engine->createExec(m_containerId, spec).then(this, [this, id](const Result<QString> &execId) {
        if (!m_destroying) {
            onExecCreated(id, execId);
        }
    });
    return call;
}

void DockerSandboxSession::registerExec(quint64 id, const std::shared_ptr<RunningExec> &running, int timeoutMs)
{
    m_execs.insert(id, running);
    Q_EMIT commandStarted(running->record);
    running->clock.start();
    if (timeoutMs > 0) {
        running->timeout = std::make_unique<QTimer>();
        running->timeout->setSingleShot(true);
        connect(running->timeout.get(), &QTimer::timeout, this, [this, id, timeoutMs] {
            killExec(id, Error{ErrorCode::Timeout, QStringLiteral("command timed out after %1 ms").arg(timeoutMs), {}});
        });
        running->timeout->start(timeoutMs);
    }
}

ExecCall DockerSandboxSession::execThroughHelper(const std::shared_ptr<RunningExec> &running, const ExecCall &call,
                                                 const ExecRequest &request)
{
    ExecHelperSpec spec;
    spec.argv = request.argv;
    spec.env = commandEnvironment(running->token, false);
    spec.workingDir = running->record.workdir;
    const quint64 id = call.id;
    registerExec(id, running, request.timeoutMs);
    auto *channel = new ExecHelperChannel(m_helperSocket, spec, this);
    running->channel = channel;
    connect(channel, &ExecHelperChannel::outputReceived, this, [running](DockerStream s, const QByteArray &data) {
        appendCollected(s == DockerStream::Stderr ? running->result.stderrData : running->result.stdoutData, data);
    });
    auto ended = [this, id](const Result<int> &code) {
        const std::shared_ptr<RunningExec> current = liveExec(id);
        if (!current) {
            return;
        }
        if (!code) {
            checkContainerRunning();
            finishExec(id, std::unexpected(code.error()));
            return;
        }
        finishWithExitCode(id, *current, *code);
    };
    connect(channel, &ExecHelperChannel::exited, this, [ended](int code) { ended(code); });
    connect(channel, &ExecHelperChannel::failed, this, [ended](const Error &error) { ended(std::unexpected(error)); });
    if (!request.stdinData.isEmpty()) {
        channel->writeStdin(request.stdinData);
    }
    channel->closeStdin();
    return call;
}

void DockerSandboxSession::onExecCreated(quint64 id, const Result<QString> &execId)
{
    const std::shared_ptr<RunningExec> running = liveExec(id); // a killed exec is never started
    if (!running) {
        return;
    }
    if (!execId) {
        checkContainerRunning();
        finishExec(id, fail(ErrorCode::Sandbox,
                            QStringLiteral("command could not be started: %1").arg(execId.error().message),
                            execId.error().detail));
        return;
    }
    running->execId = *execId;
    DockerExecStream *stream = m_engine->startExec(*execId, false);
    running->stream = stream;
    connect(stream, &DockerExecStream::outputReceived, this, [running](DockerStream s, const QByteArray &data) {
        appendCollected(s == DockerStream::Stderr ? running->result.stderrData : running->result.stdoutData, data);
    });
    connect(stream, &DockerExecStream::finished, this, [this, id] { onExecStreamFinished(id); });
    if (!running->stdinData.isEmpty()) {
        stream->writeStdin(std::exchange(running->stdinData, {}));
    }
    stream->closeStdin();
}

void DockerSandboxSession::onExecStreamFinished(quint64 id)
{
    const std::shared_ptr<RunningExec> running = m_execs.value(id);
    if (!running || !running->stream) {
        return;
    }
    DockerExecStream *stream = running->stream;
    running->stream = nullptr;
    const Result<void> streamResult = stream->result();
    stream->deleteLater();
    if (running->forcedError) {
        finishExec(id, std::unexpected(*running->forcedError));
        return;
    }
    if (!streamResult) {
        checkContainerRunning();
        finishExec(id, fail(ErrorCode::Sandbox,
                            QStringLiteral("the command's output stream failed: %1").arg(streamResult.error().message),
                            streamResult.error().detail));
        return;
    }
    m_engine->waitForExecExit(running->execId).then(this, [this, id](const Result<DockerExecInfo> &info) {
        if (m_destroying) {
            return;
        }
        const std::shared_ptr<RunningExec> current = liveExec(id);
        if (!current) {
            return;
        }
        if (!info) {
            checkContainerRunning();
            finishExec(id, fail(ErrorCode::Sandbox,
                                QStringLiteral("the command's exit code is unknown: %1").arg(info.error().message),
                                info.error().detail));
            return;
        }
        const int code = info->exitCode.value_or(-1);
        if (code < 0 || code >= 128) {
            checkContainerRunning(); // killed by a signal: maybe with its container
        }
        // runc reports a command it could not execute on stdout, with 126 or 127.
        if ((code == 126 || code == 127) && current->result.stdoutData.startsWith("OCI runtime exec failed")) {
            finishExec(id, fail(ErrorCode::Sandbox, QStringLiteral("command could not be started"),
                                QString::fromUtf8(current->result.stdoutData).trimmed()));
            return;
        }
        finishWithExitCode(id, *current, code);
    });
}

std::shared_ptr<DockerSandboxSession::RunningExec> DockerSandboxSession::liveExec(quint64 id)
{
    const std::shared_ptr<RunningExec> running = m_execs.value(id);
    if (running && running->forcedError) {
        finishExec(id, std::unexpected(*running->forcedError));
        return nullptr;
    }
    return running;
}

void DockerSandboxSession::finishWithExitCode(quint64 id, RunningExec &running, int exitCode)
{
    ExecResult result = std::move(running.result);
    result.exitCode = exitCode;
    result.durationMs = running.clock.elapsed();
    finishExec(id, std::move(result));
}

void DockerSandboxSession::cancelExec(quint64 execId)
{
    killExec(execId, Error{ErrorCode::Cancelled, QStringLiteral("command cancelled"), {}});
}

void DockerSandboxSession::killExec(quint64 id, Error reason)
{
    const std::shared_ptr<RunningExec> running = m_execs.value(id);
    if (!running || running->forcedError) {
        return;
    }
    running->forcedError = std::move(reason);
    if (running->timeout) {
        running->timeout->stop();
    }
    if (running->channel) {
        running->channel->sendSignal(SIGKILL);
    } else if (!running->execId.isEmpty()) {
        signalExec(m_engine.get(), m_containerId, user(), running->token, QStringLiteral("KILL"));
    }
    // Repeat the signal (the process may not have been running yet) and give up after a while.
    running->killTimer = std::make_unique<QTimer>();
    running->killTimer->setInterval(1000);
    connect(running->killTimer.get(), &QTimer::timeout, this, [this, id] {
        const std::shared_ptr<RunningExec> current = m_execs.value(id);
        if (!current) {
            return;
        }
        if (++current->killAttempts >= kKillAttempts) {
            qCWarning(lcDocker) << "exec" << current->execId << "did not end after SIGKILL; dropping it";
            checkContainerRunning();
            finishExec(id, std::unexpected(*current->forcedError));
            return;
        }
        if (current->channel) {
            current->channel->sendSignal(SIGKILL);
        } else if (!current->execId.isEmpty()) {
            signalExec(m_engine.get(), m_containerId, user(), current->token, QStringLiteral("KILL"));
        }
    });
    running->killTimer->start();
}

void DockerSandboxSession::finishExec(quint64 id, Result<ExecResult> result)
{
    const std::shared_ptr<RunningExec> running = m_execs.take(id);
    if (!running) {
        return;
    }
    running->timeout.reset();
    running->killTimer.reset();
    if (running->stream) {
        running->stream->disconnect(this);
        delete running->stream; // aborts the connection
    }
    if (running->channel) {
        running->channel->disconnect(this);
        running->channel->deleteLater(); // hanging up kills a command that is still running
    }
    CommandRecord record = running->record;
    record.durationMs = running->clock.isValid() ? running->clock.elapsed() : 0;
    if (result) {
        record.exitCode = result->exitCode;
        record.output =
            QByteArray(result->stdoutData.left(64 * 1024) + result->stderrData.left(64 * 1024)).left(64 * 1024);
    } else {
        record.error = result.error().toString();
    }
    running->promise.addResult(std::move(result));
    running->promise.finish();
    announceFinished(std::move(record));
}

Result<SandboxProcess *> DockerSandboxSession::spawnProcess(const ProcessRequest &request)
{
    if (!m_running || m_containerId.isEmpty()) {
        return fail(ErrorCode::Sandbox, QStringLiteral("the Docker sandbox is not running"), m_containerName);
    }
    const QString token = newExecToken();
    if (usesExecHelper()) {
        ExecHelperSpec spec;
        spec.argv = request.argv;
        spec.env = commandEnvironment(token, request.tty);
        spec.workingDir = request.workdir.isEmpty() ? m_boxRoot : request.workdir;
        spec.tty = request.tty;
        spec.rows = request.rows;
        spec.columns = request.columns;
        spec.mergeStderr = !request.tty; // one pipe, like the Unix-local session
        auto *process = new DockerHelperProcess(m_helperSocket, spec);
        connect(process, &SandboxProcess::exited, this, [this](int exitCode) {
            if (exitCode < 0) { // the connection broke: maybe with the container
                checkContainerRunning();
            }
        });
        return process;
    }
    DockerExecSpec spec;
    spec.cmd = request.argv;
    if (!request.tty) {
        // One pipe for stdout and stderr, like the Unix-local session: dockerd copies the two
        // streams independently, which would reorder their lines.
        spec.cmd = QStringList{QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("exec \"$@\" 2>&1"),
                               QStringLiteral("sh")} +
                   request.argv;
    }
    spec.env = commandEnvironment(token, request.tty);
    spec.workingDir = request.workdir.isEmpty() ? m_boxRoot : request.workdir;
    spec.user = user();
    spec.tty = request.tty;
    spec.attachStdin = true;
    auto *process = new DockerProcess(m_engine.get(), m_containerId, spec, token, request.rows, request.columns);
    connect(process, &SandboxProcess::exited, this, [this](int exitCode) {
        if (exitCode < 0 || exitCode >= 127) { // 127: could not start, 137: killed, -1: unknown
            checkContainerRunning();
        }
    });
    process->start();
    return process;
}

void DockerSandboxSession::checkContainerRunning(int recheckLeft)
{
    if (!m_running || (m_checkingContainer && recheckLeft == kContainerRechecks) || m_containerId.isEmpty()) {
        return;
    }
    m_checkingContainer = true;
    const QString id = m_containerId;
    m_engine->inspectContainer(id).then(this, [this, id, recheckLeft](const Result<DockerContainerInfo> &info) {
        if (m_destroying) {
            return;
        }
        if (id != m_containerId) {
            m_checkingContainer = false;
            return;
        }
        if (info && info->running && recheckLeft > 0) {
            // A command died with 137 while `docker stop`/a kill is still under way: the state may
            // lag behind, so look again shortly before trusting "running".
            QTimer::singleShot(kContainerRecheckMs, this,
                               [this, recheckLeft] { checkContainerRunning(recheckLeft - 1); });
            return;
        }
        m_checkingContainer = false;
        if (info && !info->running) {
            qCWarning(lcDocker) << "container" << id << "is no longer running (state" << info->state << ", exit code"
                                << info->exitCode << ")";
            m_running = false;
        } else if (!info && info.error().code == ErrorCode::NotFound) {
            qCWarning(lcDocker) << "container" << id << "is gone";
            m_running = false;
            m_removed = true;
        } else if (!info) {
            qCInfo(lcDocker) << "could not inspect container" << id << ":" << info.error().toString();
        }
    });
}

} // namespace Sandcastle::Core
