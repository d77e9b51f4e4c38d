// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/capabilities/tool.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include <memory>
#include <vector>

namespace Sandcastle::Core {

/// A capability contributes instructions, tools and request parameters to every model call of a
/// run, and may rewrite the conversation history before it is sent (spec 2.1). One instance per
/// run; created by the runner's composition (app or tests), lives on the runner's thread.
class Capability : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    /// Stable id used on the command line and in state files: "filesystem", "shell", "compaction", ...
    [[nodiscard]] virtual QString type() const = 0;
    /// Capability types that must also be present ("memory" requires "filesystem", ...).
    [[nodiscard]] virtual QStringList requiredCapabilityTypes() const { return {}; }
    /// The instruction fragment for the "# Sandbox capability instructions" section, or empty.
    [[nodiscard]] virtual QString instructions() const { return {}; }
    /// The tools this capability offers, in the order they are listed to the model.
    [[nodiscard]] virtual std::vector<Tool *> tools() const { return {}; }
    /// Extra request parameters deep-merged into the model request (e.g. compaction's
    /// `context_management`). `request` is the request built so far (read-only view).
    [[nodiscard]] virtual QJsonObject requestParameters(const QJsonObject &request) const
    {
        Q_UNUSED(request)
        return {};
    }
    /// Rewrites the input items before a model call (e.g. compaction trims history before the
    /// latest compaction item). Default: unchanged.
    [[nodiscard]] virtual QJsonArray processContext(const QJsonArray &items) const { return items; }
};

} // namespace Sandcastle::Core
