// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/sandbox/sandboxprocess.h"

namespace Sandcastle::Core {

namespace {
constexpr qsizetype kMaxPending = 1024 * 1024;
constexpr qsizetype kMaxTranscript = 64 * 1024;
} // namespace

SandboxProcess::SandboxProcess(bool tty, QObject *parent)
    : QObject(parent)
    , m_tty(tty)
{}

Result<void> SandboxProcess::resize(int rows, int columns)
{
    Q_UNUSED(rows)
    Q_UNUSED(columns)
    return fail(ErrorCode::Unsupported, QStringLiteral("this process has no terminal to resize"));
}

QByteArray SandboxProcess::takeOutput()
{
    QByteArray out;
    if (m_droppedBytes > 0) {
        out = "[..." + QByteArray::number(m_droppedBytes) + " bytes truncated from process output...]\n";
        m_droppedBytes = 0;
    }
    out += m_pending;
    m_pending.clear();
    return out;
}

void SandboxProcess::appendOutput(const QByteArray &bytes)
{
    if (bytes.isEmpty()) {
        return;
    }
    m_pending += bytes;
    if (m_pending.size() > kMaxPending) {
        const qsizetype drop = m_pending.size() - kMaxPending;
        m_droppedBytes += drop;
        m_pending.remove(0, drop);
    }
    if (m_transcript.size() < kMaxTranscript) {
        m_transcript += bytes.left(kMaxTranscript - m_transcript.size());
    }
    Q_EMIT outputReceived();
}

void SandboxProcess::markExited(int exitCode)
{
    if (m_exitCode) {
        return;
    }
    m_exitCode = exitCode;
    Q_EMIT exited(exitCode);
}

} // namespace Sandcastle::Core
