// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/capabilities/tool.h"

#include <QLoggingCategory>
#include <QString>

Q_DECLARE_LOGGING_CATEGORY(lcRunner)

namespace Sandcastle::Core::Internal {

/// Milliseconds since the epoch (tool durations).
qint64 nowMs();
/// "function", "custom", "apply_patch": the `kind` of tool_call events.
QString toolKindName(ToolKind kind);

} // namespace Sandcastle::Core::Internal
