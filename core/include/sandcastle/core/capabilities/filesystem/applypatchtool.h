// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/capabilities/filesystem/patchapplier.h"
#include "sandcastle/core/capabilities/tool.h"

#include <QPointer>

#include <functional>

namespace Sandcastle::Core {

class PatchReviewGate;

/// The `apply_patch` tool (spec 2.3.1, DECISIONS.md "apply_patch transport"). One engine
/// (PatchParser + PatchApplier on ToolContext::workspaceRoot, all or nothing), three ways to reach it:
/// - CustomGrammar (default): Responses custom tool with a Lark grammar; `custom_tool_call.input`
///   is the whole `*** Begin Patch` text (or JSON operations);
/// - Hosted: `{"type":"apply_patch"}`; the call carries `operation {type, path, diff, move_to?}`
///   and the output has `status` "completed" or "failed";
/// - Function: non-strict function tool with one string parameter `input` holding the patch text,
///   for Chat Completions servers.
///
/// Success output: the codex summary (`Success. Updated the following files:` ...). A patch that
/// does not apply is a ToolOutput with `failed = true` whose text is the precise error followed by
/// `No files were changed.`; the Result fails only when the context has no workspace root.
/// invoke() runs the file work on the Qt global thread pool.
///
/// With a PatchReviewGate (setReviewGate(), issue 8) every successful patch becomes a change set:
/// in WriteThenReview mode it is written, then recorded; in ReviewBeforeWrite mode it is computed
/// without writing (PatchApplier::plan), held until the gate's decision, and only the accepted
/// hunks are written; the output then lists the applied and the rejected hunks and the user's
/// comment. cancel() rejects whatever is held.
class ApplyPatchTool : public Tool
{
public:
    enum class Transport { CustomGrammar, Hosted, Function };

    explicit ApplyPatchTool(Transport transport = Transport::CustomGrammar);

    [[nodiscard]] Transport transport() const { return m_transport; }
    [[nodiscard]] QString name() const override { return QStringLiteral("apply_patch"); }
    [[nodiscard]] ToolKind kind() const override;
    [[nodiscard]] QJsonObject definition() const override;
    [[nodiscard]] QFuture<Result<ToolOutput>> invoke(const ToolCall &call, const ToolContext &context) override;
    void cancel() override;

    /// Not owned; may be null (no change sets, as before issue 8). Lives on the tool's thread.
    void setReviewGate(PatchReviewGate *gate);
    [[nodiscard]] PatchReviewGate *reviewGate() const;

    /// The model-facing description (Sandcastle's wording of the SDK's guidance).
    [[nodiscard]] static QString description();
    /// The Lark grammar sent with the custom tool.
    [[nodiscard]] static QString grammar();

private:
    [[nodiscard]] QFuture<Result<ToolOutput>> invokeWithGate(const ToolCall &call, const QString &root,
                                                             std::function<Result<PatchResult>(bool write)> run);

    Transport m_transport;
    QPointer<PatchReviewGate> m_gate;
};

} // namespace Sandcastle::Core
