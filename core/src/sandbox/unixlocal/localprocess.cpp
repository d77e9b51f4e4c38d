// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandbox/unixlocal/localprocess_p.h"

#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace Sandcastle::Core::Internal {

void signalProcessGroup(qint64 pid, int signal)
{
    if (pid <= 0) {
        return;
    }
    ::kill(-pid_t(pid), signal);
    ::kill(pid_t(pid), signal);
}

LocalProcess::LocalProcess(bool tty, QObject *parent)
    : SandboxProcess(tty, parent)
{
    connect(&m_process, &QProcess::finished, this, &LocalProcess::onFinished);
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            appendOutput("failed to start: " + m_process.errorString().toUtf8() + '\n');
            closePrimary();
            markExited(127);
        }
    });
    if (!tty) {
        connect(&m_process, &QProcess::readyReadStandardOutput, this,
                [this] { appendOutput(m_process.readAllStandardOutput()); });
    }
}

LocalProcess::~LocalProcess()
{
    // QProcess's own destructor waits for a running child and then emits finished(): that must not
    // reach onFinished() on this half-destroyed object (it crashed `sandcastle run` when SIGTERM
    // cancelled a run with a command still running, tst_runfaults).
    m_process.disconnect(this);
    if (m_process.state() != QProcess::NotRunning) {
        signalGroup(SIGKILL);
        m_process.waitForFinished(5000);
    }
    closePrimary();
}

Result<void> LocalProcess::start(const QStringList &commandLine, const QProcessEnvironment &env, const QString &workdir,
                                 int rows, int columns)
{
    m_process.setProgram(commandLine.first());
    m_process.setArguments(commandLine.mid(1));
    m_process.setProcessEnvironment(env);
    m_process.setWorkingDirectory(workdir);
    if (!isTty()) {
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.setUnixProcessParameters(QProcess::UnixProcessFlag::CreateNewSession |
                                           QProcess::UnixProcessFlag::ResetSignalHandlers |
                                           QProcess::UnixProcessFlag::UseVFork);
        m_process.start();
        return {};
    }

    int primary = -1;
    int secondary = -1;
    winsize size{};
    size.ws_row = static_cast<unsigned short>(rows);
    size.ws_col = static_cast<unsigned short>(columns);
    if (::openpty(&primary, &secondary, nullptr, nullptr, &size) != 0) {
        return fail(ErrorCode::Sandbox,
                    QStringLiteral("openpty failed: %1").arg(QString::fromLocal8Bit(strerror(errno))));
    }
    ::fcntl(primary, F_SETFD, FD_CLOEXEC);
    ::fcntl(secondary, F_SETFD, FD_CLOEXEC);
    ::fcntl(primary, F_SETFL, ::fcntl(primary, F_GETFL) | O_NONBLOCK);
    m_primary = primary;

    m_process.setStandardInputFile(QProcess::nullDevice());
    m_process.setStandardOutputFile(QProcess::nullDevice());
    m_process.setStandardErrorFile(QProcess::nullDevice());
    m_process.setUnixProcessParameters(QProcess::UnixProcessFlag::ResetSignalHandlers);
    // Runs in the child between fork and exec: only async-signal-safe calls.
    m_process.setChildProcessModifier([secondary, process = &m_process] {
        ::setsid();
        if (::ioctl(secondary, TIOCSCTTY, 0) != 0) {
            process->failChildProcessModifier("cannot make the PTY the controlling terminal", errno);
        }
        ::dup2(secondary, STDIN_FILENO);
        ::dup2(secondary, STDOUT_FILENO);
        ::dup2(secondary, STDERR_FILENO);
    });
    m_process.start();
    ::close(secondary);

    m_readNotifier = new QSocketNotifier(primary, QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &LocalProcess::readPrimary);
    m_writeNotifier = new QSocketNotifier(primary, QSocketNotifier::Write, this);
    m_writeNotifier->setEnabled(false);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &LocalProcess::flushWrites);
    return {};
}

void LocalProcess::readPrimary()
{
    if (m_primary < 0) {
        return;
    }
    char buffer[16384];
    while (true) {
        const ssize_t n = ::read(m_primary, buffer, sizeof buffer);
        if (n > 0) {
            appendOutput(QByteArray(buffer, n));
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;
        }
        // EOF or EIO: every holder of the secondary side is gone.
        if (m_readNotifier) {
            m_readNotifier->setEnabled(false);
        }
        return;
    }
}

void LocalProcess::flushWrites()
{
    while (!m_pendingWrite.isEmpty() && m_primary >= 0) {
        const ssize_t n = ::write(m_primary, m_pendingWrite.constData(), size_t(m_pendingWrite.size()));
        if (n > 0) {
            m_pendingWrite.remove(0, n);
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            break;
        }
        m_pendingWrite.clear(); // EIO/EPIPE: the terminal is gone; ignored like the SDK does
    }
    if (m_writeNotifier) {
        m_writeNotifier->setEnabled(!m_pendingWrite.isEmpty());
    }
}

Result<void> LocalProcess::writeInput(const QByteArray &bytes)
{
    if (isTty()) {
        m_pendingWrite += bytes;
        flushWrites();
        return {};
    }
    QByteArray data = bytes;
    if (data.contains('\x03')) {
        data.replace("\x03", QByteArray());
        signalGroup(SIGINT);
    }
    if (!data.isEmpty() && m_process.state() == QProcess::Running) {
        m_process.write(data);
    }
    return {};
}

void LocalProcess::kill()
{
    if (m_process.state() != QProcess::NotRunning) {
        signalGroup(SIGKILL);
    }
}

Result<void> LocalProcess::resize(int rows, int columns)
{
    if (!isTty() || m_primary < 0) {
        return SandboxProcess::resize(rows, columns);
    }
    winsize size{};
    size.ws_row = static_cast<unsigned short>(rows);
    size.ws_col = static_cast<unsigned short>(columns);
    if (::ioctl(m_primary, TIOCSWINSZ, &size) != 0) {
        return fail(ErrorCode::Io, QStringLiteral("cannot resize the terminal"));
    }
    return {};
}

void LocalProcess::onFinished(int exitCode, QProcess::ExitStatus status)
{
    if (isTty()) {
        readPrimary();
        closePrimary();
    } else {
        appendOutput(m_process.readAllStandardOutput());
    }
    markExited(status == QProcess::CrashExit ? 128 + exitCode : exitCode);
}

void LocalProcess::closePrimary()
{
    delete m_readNotifier;
    m_readNotifier = nullptr;
    delete m_writeNotifier;
    m_writeNotifier = nullptr;
    if (m_primary >= 0) {
        ::close(m_primary);
        m_primary = -1;
    }
}

void LocalProcess::signalGroup(int signal)
{
    signalProcessGroup(m_process.processId(), signal);
}

} // namespace Sandcastle::Core::Internal
