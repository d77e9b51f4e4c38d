// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/runner/runevent.h"

namespace Sandcastle::Core {

QString RunEvent::kindName(Kind kind)
{
    switch (kind) {
    case Kind::RunStarted:
        return QStringLiteral("run_started");
    case Kind::SandboxReady:
        return QStringLiteral("sandbox_ready");
    case Kind::ModelRequest:
        return QStringLiteral("model_request");
    case Kind::TextDelta:
        return QStringLiteral("text_delta");
    case Kind::ReasoningDelta:
        return QStringLiteral("reasoning_delta");
    case Kind::ToolCallDelta:
        return QStringLiteral("tool_call_delta");
    case Kind::MessageOutput:
        return QStringLiteral("message_output");
    case Kind::ToolCall:
        return QStringLiteral("tool_call");
    case Kind::ApprovalRequested:
        return QStringLiteral("approval_requested");
    case Kind::ApprovalDecided:
        return QStringLiteral("approval_decided");
    case Kind::ToolResult:
        return QStringLiteral("tool_result");
    case Kind::Usage:
        return QStringLiteral("usage");
    case Kind::RunFinished:
        return QStringLiteral("run_finished");
    case RunEvent::Kind::Snapshot:
        return QStringLiteral("snapshot");
    case Kind::ChangeSetRecorded:
        return QStringLiteral("change_set_recorded");
    case Kind::PatchReviewRequested:
        return QStringLiteral("patch_review_requested");
    case Kind::PatchReviewDecided:
        return QStringLiteral("patch_review_decided");
    case Kind::ChangeReverted:
        return QStringLiteral("change_reverted");
    case Kind::CapabilityIssue:
        return QStringLiteral("capability_issue");
    }
    return QStringLiteral("unknown");
}

std::optional<RunEvent::Kind> RunEvent::kindFromName(const QString &name)
{
    for (int k = int(Kind::RunStarted); k <= int(Kind::CapabilityIssue); ++k) {
        if (kindName(Kind(k)) == name) {
            return Kind(k);
        }
    }
    return std::nullopt;
}

QJsonObject RunEvent::toJson() const
{
    return QJsonObject{
        {QStringLiteral("type"), kindName(kind)}, {QStringLiteral("run_id"), runId},
        {QStringLiteral("turn"), turn},           {QStringLiteral("time"), time.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("data"), data},
    };
}

} // namespace Sandcastle::Core
