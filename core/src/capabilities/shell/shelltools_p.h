// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/capabilities/tool.h"

#include <QPointer>
#include <QSet>

namespace Sandcastle::Core {
class SandboxSession;
class ShellCapability;
} // namespace Sandcastle::Core

namespace Sandcastle::Core::Internal {

/// `exec_command` (spec 2.2): runs through the session's process table when it supports PTYs,
/// else as a one-shot exec with timeout = yield_time_ms.
class ExecCommandTool : public Tool
{
public:
    explicit ExecCommandTool(ShellCapability *capability)
        : m_capability(capability)
    {}
    [[nodiscard]] QString name() const override { return QStringLiteral("exec_command"); }
    [[nodiscard]] ToolKind kind() const override { return ToolKind::Function; }
    [[nodiscard]] QJsonObject definition() const override;
    [[nodiscard]] QFuture<Result<ToolOutput>> invoke(const ToolCall &call, const ToolContext &context) override;
    /// Kills the one-shot commands this tool started that are still running.
    void cancel() override;

private:
    ShellCapability *m_capability;
    QSet<quint64> m_running;
};

/// `write_stdin` (spec 2.2): writes to / polls a unified-exec process.
class WriteStdinTool : public Tool
{
public:
    explicit WriteStdinTool(ShellCapability *capability)
        : m_capability(capability)
    {}
    [[nodiscard]] QString name() const override { return QStringLiteral("write_stdin"); }
    [[nodiscard]] ToolKind kind() const override { return ToolKind::Function; }
    [[nodiscard]] QJsonObject definition() const override;
    [[nodiscard]] QFuture<Result<ToolOutput>> invoke(const ToolCall &call, const ToolContext &context) override;

private:
    ShellCapability *m_capability;
};

} // namespace Sandcastle::Core::Internal
