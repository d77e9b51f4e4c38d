// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandbox/docker/dockerprocess_p.h"
#include "sandcastle/core/sandbox/docker/exechelperchannel.h"

#include <csignal>

namespace Sandcastle::Core::Internal {

namespace {
constexpr int kKillGraceMs = 5000;
} // namespace

DockerHelperProcess::DockerHelperProcess(const QString &socketPath, const ExecHelperSpec &spec, QObject *parent)
    : SandboxProcess(spec.tty, parent)
    , m_channel(new ExecHelperChannel(socketPath, spec, this))
{
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        if (hasExited()) {
            return;
        }
        delete std::exchange(m_channel, nullptr); // the helper kills the group when we hang up
        appendOutput("\n[the process did not end after SIGKILL; its connection was dropped]\n");
        finishWith(137);
    });
    connect(m_channel, &ExecHelperChannel::outputReceived, this,
            [this](DockerStream, const QByteArray &data) { appendOutput(data); });
    connect(m_channel, &ExecHelperChannel::exited, this, [this](int code) { finishWith(code); });
    connect(m_channel, &ExecHelperChannel::failed, this, [this](const Error &error) {
        const bool notStarted = m_channel->pid() == 0 && error.message == QLatin1String("command could not be started");
        if (notStarted) {
            appendOutput("failed to start: " + error.detail.toUtf8() + '\n');
            finishWith(127);
            return;
        }
        appendOutput("\n[" + error.toString().toUtf8() + "]\n");
        finishWith(m_killRequested ? 137 : -1);
    });
}

DockerHelperProcess::~DockerHelperProcess()
{
    delete std::exchange(m_channel, nullptr); // a running command is killed by the helper
}

void DockerHelperProcess::finishWith(int exitCode)
{
    if (hasExited()) {
        return;
    }
    m_killTimer.stop();
    markExited(exitCode);
}

Result<void> DockerHelperProcess::writeInput(const QByteArray &bytes)
{
    if (hasExited() || !m_channel) {
        return {};
    }
    QByteArray data = bytes;
    if (!isTty() && data.contains('\x03')) {
        data.replace("\x03", QByteArray());
        m_channel->sendSignal(SIGINT);
    }
    if (!data.isEmpty()) {
        m_channel->writeStdin(data);
    }
    return {};
}

void DockerHelperProcess::kill()
{
    if (hasExited() || m_killRequested || !m_channel) {
        return;
    }
    m_killRequested = true;
    m_channel->sendSignal(SIGKILL);
    m_killTimer.start(kKillGraceMs);
}

Result<void> DockerHelperProcess::resize(int rows, int columns)
{
    if (!isTty()) {
        return SandboxProcess::resize(rows, columns);
    }
    if (rows <= 0 || columns <= 0) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("terminal size must be positive"),
                    QStringLiteral("%1x%2").arg(rows).arg(columns));
    }
    if (m_channel && !hasExited()) {
        m_channel->resize(rows, columns);
    }
    return {};
}

} // namespace Sandcastle::Core::Internal
