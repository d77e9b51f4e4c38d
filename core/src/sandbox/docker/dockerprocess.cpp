// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandbox/docker/dockerprocess_p.h"

#include "dockerengine_p.h"
#include "sandcastle/core/sandbox/docker/dockerexecstream.h"

#include <QUuid>

namespace Sandcastle::Core::Internal {

namespace {

// $1 signal name, $2 token, $3 passes. Each pass signals every process whose environment holds
// the token (SIGKILL also goes to its process group); a second pass catches children forked
// while the first one ran. The script's own processes do not carry the token.
constexpr auto kSignalScript = R"sh(sig=$1; tok="SANDCASTLE_EXEC_ID=$2"; n=$3
while [ "$n" -gt 0 ]; do
  for d in /proc/[0-9]*; do
    if tr '\0' '\n' <"$d/environ" 2>/dev/null | grep -qxF "$tok"; then
      p=${d#/proc/}
      if [ "$sig" = KILL ]; then kill -s KILL -- "-$p" "$p" 2>/dev/null; else kill -s "$sig" "$p" 2>/dev/null; fi
    fi
  done
  n=$((n - 1))
done
exit 0)sh";

constexpr int kKillGraceTicks = 5;

} // namespace

QString newExecToken()
{
    return QUuid::createUuid().toString(QUuid::Id128);
}

QStringList execEnvironment(const QString &token, bool tty)
{
    return {QString(kExecTokenVariable) + QLatin1Char('=') + token,
            tty ? QStringLiteral("TERM=xterm-256color") : QStringLiteral("TERM=dumb")};
}

void signalExec(DockerEngine *engine, const QString &containerId, const QString &user, const QString &token,
                const QString &signal)
{
    if (!engine || containerId.isEmpty()) {
        return;
    }
    DockerExecSpec spec;
    spec.cmd = {QStringLiteral("sh"),
                QStringLiteral("-c"),
                QString::fromUtf8(kSignalScript),
                QStringLiteral("sandcastle-signal"),
                signal,
                token,
                signal == QLatin1String("KILL") ? QStringLiteral("2") : QStringLiteral("1")};
    spec.user = user;
    engine->runExec(containerId, spec).then(engine, [token, signal](const Result<DockerExecResult> &r) {
        if (!r) {
            qCDebug(lcDocker) << "could not send SIG" << signal << "to exec" << token << ":" << r.error().toString();
        } else if (r->exitCode != 0) {
            qCDebug(lcDocker) << "signal script for exec" << token << "exited with" << r->exitCode
                              << r->standardError.left(200);
        }
    });
}

DockerProcess::DockerProcess(DockerEngine *engine, QString containerId, DockerExecSpec spec, QString token, int rows,
                             int columns, QObject *parent)
    : SandboxProcess(spec.tty, parent)
    , m_engine(engine)
    , m_containerId(std::move(containerId))
    , m_spec(std::move(spec))
    , m_token(std::move(token))
    , m_rows(rows)
    , m_columns(columns)
{
    m_spec.attachStdin = true;
    m_killTimer.setInterval(1000);
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        if (hasExited()) {
            m_killTimer.stop();
            return;
        }
        if (++m_killAttempts >= kKillGraceTicks) {
            // The exec did not end: the container or the daemon is gone or stuck. Stop waiting.
            m_killTimer.stop();
            delete m_stream;
            appendOutput("\n[the process did not end after SIGKILL; its connection was dropped]\n");
            finishWith(137);
            return;
        }
        signalExec(m_engine, m_containerId, m_spec.user, m_token, QStringLiteral("KILL"));
    });
}

DockerProcess::~DockerProcess()
{
    if (!hasExited() && m_started) {
        signalExec(m_engine, m_containerId, m_spec.user, m_token, QStringLiteral("KILL"));
    }
    delete m_stream;
}

void DockerProcess::start()
{
    if (!m_engine) {
        appendOutput("failed to start: the Docker engine is gone\n");
        finishWith(127);
        return;
    }
    m_engine->createExec(m_containerId, m_spec).then(this, [this](const Result<QString> &id) { onCreated(id); });
}

void DockerProcess::onCreated(const Result<QString> &execId)
{
    if (!execId) {
        appendOutput("failed to start: " + execId.error().toString().toUtf8() + '\n');
        finishWith(127);
        return;
    }
    if (m_killRequested || !m_engine) {
        finishWith(137); // killed before it ran: the exec is never started
        return;
    }
    m_execId = *execId;
    m_started = true;
    DockerExecStream *stream = m_engine->startExec(m_execId, isTty());
    m_stream = stream;
    connect(stream, &DockerExecStream::outputReceived, this,
            [this](DockerStream, const QByteArray &data) { appendOutput(data); });
    connect(stream, &DockerExecStream::started, this, [this] { applyResize(); });
    connect(stream, &DockerExecStream::finished, this, &DockerProcess::onStreamFinished);
    if (!m_queuedInput.isEmpty()) {
        stream->writeStdin(std::exchange(m_queuedInput, {}));
    }
}

void DockerProcess::onStreamFinished()
{
    DockerExecStream *stream = m_stream;
    if (!stream || hasExited()) {
        return;
    }
    const Result<void> result = stream->result();
    m_stream = nullptr;
    stream->deleteLater();
    if (!result) {
        appendOutput("\n[exec stream failed: " + result.error().toString().toUtf8() + "]\n");
    }
    if (!m_engine) {
        finishWith(m_killRequested ? 137 : -1);
        return;
    }
    m_engine->waitForExecExit(m_execId).then(this, [this](const Result<DockerExecInfo> &info) {
        if (info && info->exitCode) {
            finishWith(*info->exitCode);
            return;
        }
        if (!info) {
            appendOutput("[exit code unknown: " + info.error().toString().toUtf8() + "]\n");
        }
        finishWith(m_killRequested ? 137 : -1);
    });
}

void DockerProcess::finishWith(int exitCode)
{
    m_killTimer.stop();
    markExited(exitCode);
}

Result<void> DockerProcess::writeInput(const QByteArray &bytes)
{
    QByteArray data = bytes;
    if (!isTty() && data.contains('\x03')) {
        data.replace("\x03", QByteArray());
        if (m_started) {
            signalExec(m_engine, m_containerId, m_spec.user, m_token, QStringLiteral("INT"));
        }
    }
    if (data.isEmpty() || hasExited()) {
        return {};
    }
    if (m_stream) {
        m_stream->writeStdin(data);
    } else {
        m_queuedInput += data;
    }
    return {};
}

void DockerProcess::kill()
{
    if (hasExited() || m_killRequested) {
        return;
    }
    m_killRequested = true;
    if (!m_started) {
        return; // onCreated() reports the exit without starting the exec
    }
    signalExec(m_engine, m_containerId, m_spec.user, m_token, QStringLiteral("KILL"));
    m_killTimer.start();
}

Result<void> DockerProcess::resize(int rows, int columns)
{
    if (!isTty()) {
        return SandboxProcess::resize(rows, columns);
    }
    if (rows <= 0 || columns <= 0) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("terminal size must be positive"),
                    QStringLiteral("%1x%2").arg(rows).arg(columns));
    }
    m_rows = rows;
    m_columns = columns;
    if (m_stream && !m_execId.isEmpty()) {
        applyResize();
    }
    return {};
}

void DockerProcess::applyResize()
{
    if (!isTty() || !m_engine || m_execId.isEmpty() || hasExited()) {
        return;
    }
    m_engine->resizeExec(m_execId, m_rows, m_columns).then(this, [this](const Result<void> &r) {
        if (!r && !hasExited()) {
            qCInfo(lcDocker) << "could not resize exec" << m_execId << ":" << r.error().toString();
        }
    });
}

} // namespace Sandcastle::Core::Internal
