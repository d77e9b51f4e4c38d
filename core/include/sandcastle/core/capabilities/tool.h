// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QFuture>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace Sandcastle::Core {

/// How a tool is exposed to the model and how its calls come back.
enum class ToolKind {
    Function,   ///< Responses `function` tool / Chat Completions function: JSON arguments
    Custom,     ///< Responses `custom` tool (free-form input, optional grammar): `custom_tool_call`
    ApplyPatch, ///< hosted `{"type":"apply_patch"}` tool: `apply_patch_call` items with an operation
};

/// One tool call taken from a model response (a value type: copied freely across threads).
struct ToolCall
{
    ToolKind kind = ToolKind::Function;
    QString callId;        ///< `call_id`: echoed in the output item
    QString itemId;        ///< the output item's `id` (may be empty)
    QString name;          ///< tool name (`apply_patch` for ApplyPatch calls)
    QJsonObject arguments; ///< Function: the parsed `arguments` JSON
    QString rawArguments;  ///< Function: the `arguments` string as sent (for journaling/errors)
    QString input;         ///< Custom: the free-form `input`
    QJsonObject operation; ///< ApplyPatch: the `operation` object ({type, path, diff})
};

/// What a tool returns. `text` is the tool's output text; `content` (optional) holds structured
/// content items (e.g. `input_image` for view_image) used instead of `text` where the transport
/// supports it. `failed` marks a tool-level failure that is still reported to the model
/// (a patch that did not apply, a command that could not start) rather than aborting the run.
struct ToolOutput
{
    QString text;
    QJsonArray content;
    bool failed = false;
    /// ApplyPatch transport only: the `status` for the `apply_patch_call_output` item.
    QString status;
};

/// Per-run facts a tool needs at invocation time (set by the runner before each call).
struct ToolContext
{
    QString runId;
    QString workspaceRoot; ///< host directory of the workspace
    QString sandboxRoot;   ///< the same directory as commands inside the sandbox see it (manifest root)
};

/// A tool offered to the model. Owned by its Capability; lives on the runner's thread.
/// `invoke` must finish exactly once; it may run work on other threads but the future's
/// continuation is consumed on the runner's thread.
class Tool
{
public:
    virtual ~Tool() = default;

    [[nodiscard]] virtual QString name() const = 0;
    [[nodiscard]] virtual ToolKind kind() const = 0;
    /// The tool's entry for the request's `tools` array in the Responses format, e.g.
    /// `{"type":"function","name":...,"description":...,"parameters":{...},"strict":false}`.
    /// The Chat Completions adapter converts function/custom tools to function tools.
    [[nodiscard]] virtual QJsonObject definition() const = 0;
    /// Runs the call. Errors (`Result` failure) are harness failures (sandbox gone, cancelled);
    /// ordinary tool failures are a ToolOutput with `failed = true` and a precise text.
    [[nodiscard]] virtual QFuture<Result<ToolOutput>> invoke(const ToolCall &call, const ToolContext &context) = 0;
    /// Asks a running invocation to stop (cancel of the run). Default: nothing to do.
    virtual void cancel() {}
};

} // namespace Sandcastle::Core
