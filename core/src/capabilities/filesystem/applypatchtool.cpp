// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/capabilities/filesystem/applypatchtool.h"

#include "sandcastle/core/capabilities/filesystem/patchapplier.h"
#include "sandcastle/core/capabilities/filesystem/patchparser.h"
#include "sandcastle/core/review/patchreviewgate.h"

#include <QPromise>

#include <QtConcurrent/QtConcurrentRun>

namespace Sandcastle::Core {

namespace {

ToolOutput failedOutput(const Error &error, bool hosted)
{
    ToolOutput out;
    out.text = error.toString() + QStringLiteral("\nNo files were changed.");
    out.failed = true;
    if (hosted) {
        out.status = QStringLiteral("failed");
    }
    return out;
}

ToolOutput toOutput(const Result<PatchResult> &result, bool hosted)
{
    if (!result) {
        return failedOutput(result.error(), hosted);
    }
    ToolOutput out;
    out.text = result->summary;
    if (hosted) {
        out.status = QStringLiteral("completed");
    }
    return out;
}

} // namespace

ApplyPatchTool::ApplyPatchTool(Transport transport)
    : m_transport(transport)
{}

ToolKind ApplyPatchTool::kind() const
{
    switch (m_transport) {
    case Transport::CustomGrammar:
        return ToolKind::Custom;
    case Transport::Hosted:
        return ToolKind::ApplyPatch;
    case Transport::Function:
        return ToolKind::Function;
    }
    return ToolKind::Custom;
}

QJsonObject ApplyPatchTool::definition() const
{
    switch (m_transport) {
    case Transport::Hosted:
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("apply_patch")}};
    case Transport::Function: {
        const QJsonObject input{
            {QStringLiteral("type"), QStringLiteral("string")},
            {QStringLiteral("description"),
             QStringLiteral("The whole patch, from '*** Begin Patch' to '*** End Patch'.")},
        };
        return QJsonObject{
            {QStringLiteral("type"), QStringLiteral("function")},
            {QStringLiteral("name"), name()},
            {QStringLiteral("description"), description()},
            {QStringLiteral("parameters"),
             QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                         {QStringLiteral("properties"), QJsonObject{{QStringLiteral("input"), input}}},
                         {QStringLiteral("required"), QJsonArray{QStringLiteral("input")}},
                         {QStringLiteral("additionalProperties"), false}}},
            {QStringLiteral("strict"), false},
        };
    }
    case Transport::CustomGrammar:
        break;
    }
    return QJsonObject{
        {QStringLiteral("type"), QStringLiteral("custom")},
        {QStringLiteral("name"), name()},
        {QStringLiteral("description"), description()},
        {QStringLiteral("format"), QJsonObject{{QStringLiteral("type"), QStringLiteral("grammar")},
                                               {QStringLiteral("syntax"), QStringLiteral("lark")},
                                               {QStringLiteral("definition"), grammar()}}},
    };
}

QFuture<Result<ToolOutput>> ApplyPatchTool::invoke(const ToolCall &call, const ToolContext &context)
{
    const QString root = context.workspaceRoot;
    if (root.isEmpty()) {
        return QtFuture::makeReadyValueFuture(Result<ToolOutput>(
            fail(ErrorCode::Internal, QStringLiteral("apply_patch was called without a workspace root"))));
    }
    const bool hosted = m_transport == Transport::Hosted || call.kind == ToolKind::ApplyPatch;
    std::function<Result<PatchResult>(bool)> run;
    if (hosted) {
        const QJsonObject operation = call.operation;
        run = [root, operation](bool write) -> Result<PatchResult> {
            const auto op = PatchParser::parseOperation(operation);
            if (!op) {
                return std::unexpected(op.error());
            }
            return write ? PatchApplier::apply(root, {*op}) : PatchApplier::plan(root, {*op});
        };
    } else {
        QString text = call.input;
        if (call.kind == ToolKind::Function) {
            const QJsonValue input = call.arguments.contains(QLatin1String("input"))
                                         ? call.arguments.value(QLatin1String("input"))
                                         : call.arguments.value(QLatin1String("patch"));
            if (!input.isString()) {
                ToolOutput out;
                out.text = QStringLiteral("An error occurred while running the tool. Please try again. Error: "
                                          "apply_patch needs a string argument \"input\" holding the patch");
                out.failed = true;
                return QtFuture::makeReadyValueFuture(Result<ToolOutput>(out));
            }
            text = input.toString();
        }
        run = [root, text](bool write) {
            return write ? PatchApplier::applyText(root, text) : PatchApplier::planText(root, text);
        };
    }
    if (m_gate) {
        return invokeWithGate(call, root, std::move(run));
    }
    return QtConcurrent::run([run, hosted]() -> Result<ToolOutput> { return toOutput(run(true), hosted); });
}

QFuture<Result<ToolOutput>> ApplyPatchTool::invokeWithGate(const ToolCall &call, const QString &root,
                                                           std::function<Result<PatchResult>(bool)> run)
{
    const bool hosted = m_transport == Transport::Hosted || call.kind == ToolKind::ApplyPatch;
    PatchReviewGate *gate = m_gate;
    if (gate->mode() == PatchReviewMode::WriteThenReview) {
        return QtConcurrent::run([run] { return run(true); })
            .then(gate, [gate, call, hosted](const Result<PatchResult> &result) -> Result<ToolOutput> {
                if (result) {
                    gate->recordApplied(call, *result);
                }
                return toOutput(result, hosted);
            });
    }
    // Review before write: compute in memory, hold, then write only what was accepted.
    auto promise = std::make_shared<QPromise<Result<ToolOutput>>>();
    promise->start();
    QFuture<Result<ToolOutput>> future = promise->future();
    auto finish = [promise](Result<ToolOutput> out) {
        promise->addResult(std::move(out));
        promise->finish();
    };
    QtConcurrent::run([run] {
        return run(false);
    }).then(gate, [gate, call, hosted, root, finish](const Result<PatchResult> &planned) {
        if (!planned) {
            finish(failedOutput(planned.error(), hosted));
            return;
        }
        ChangeSet set;
        gate->requestReview(call, *planned, &set)
            .then(QtFuture::Launch::Async,
                  [root, set](const PatchReviewDecision &decision) {
                      return PatchReviewGate::applyDecision(root, set, decision);
                  })
            .then(gate,
                  [gate, hosted, finish](const PatchReviewResult &result) {
                      gate->reportDecided(result);
                      ToolOutput out;
                      out.text = result.text;
                      out.failed = result.failed;
                      if (hosted) {
                          out.status = result.failed ? QStringLiteral("failed") : QStringLiteral("completed");
                      }
                      finish(out);
                  })
            .onCanceled(gate, [finish] {
                finish(fail(ErrorCode::Cancelled, QStringLiteral("the patch review was cancelled")));
            });
    });
    return future;
}

void ApplyPatchTool::setReviewGate(PatchReviewGate *gate)
{
    m_gate = gate;
}

PatchReviewGate *ApplyPatchTool::reviewGate() const
{
    return m_gate;
}

void ApplyPatchTool::cancel()
{
    if (m_gate) {
        m_gate->rejectAllPending(QStringLiteral("the run was stopped"));
    }
}

QString ApplyPatchTool::description()
{
    return QStringLiteral(
        "Edit files in the workspace with a patch. The input is plain patch text, not JSON.\n"
        "\n"
        "A patch is wrapped in '*** Begin Patch' and '*** End Patch'. Between them come one or more file "
        "sections, each introduced by one of three headers:\n"
        "*** Add File: <path>      create a file (replaces an existing one); every following line is the new "
        "content prefixed with '+', even in a new file\n"
        "*** Delete File: <path>   remove a file; nothing follows the header\n"
        "*** Update File: <path>   change a file in place; to rename it, put '*** Move to: <new path>' on the "
        "next line\n"
        "\n"
        "An update consists of hunks. Each hunk starts with '@@', optionally followed by a line of the file "
        "that locates the change, such as a class or function signature ('@@ def handle(request):'). Then come "
        "the lines of the hunk: ' ' (space) for an unchanged context line, '-' for a removed line, '+' for an "
        "added line. Show 3 unchanged lines before and after each change; when two changes are close, do not "
        "repeat the context they share. If 3 lines are not enough to make the place unique, add '@@' lines "
        "naming the enclosing blocks, outermost first, e.g. '@@ class Parser' followed by '@@     def "
        "parse(self):'. A hunk that must match the end of the file ends with '*** End of File'.\n"
        "\n"
        "Paths are relative to the workspace root; never use absolute paths or '..'. The patch is applied as a "
        "whole: if any part does not apply, no file is changed and the error says where.\n"
        "\n"
        "Grammar:\n"
        "Patch := '*** Begin Patch' NEWLINE { FileOp } '*** End Patch' NEWLINE?\n"
        "FileOp := AddFile | DeleteFile | UpdateFile\n"
        "AddFile := '*** Add File: ' path NEWLINE { '+' line NEWLINE }\n"
        "DeleteFile := '*** Delete File: ' path NEWLINE\n"
        "UpdateFile := '*** Update File: ' path NEWLINE [ '*** Move to: ' newPath NEWLINE ] { Hunk }\n"
        "Hunk := { '@@' [ ' ' header ] NEWLINE } { (' ' | '-' | '+') line NEWLINE } [ '*** End of File' NEWLINE ]\n"
        "\n"
        "Example:\n"
        "*** Begin Patch\n"
        "*** Add File: docs/notes.md\n"
        "+# Notes\n"
        "+First entry.\n"
        "*** Update File: src/server.py\n"
        "*** Move to: src/http_server.py\n"
        "@@ def start(port):\n"
        "     setup_logging()\n"
        "-    listen(8080)\n"
        "+    listen(port)\n"
        "     serve_forever()\n"
        "*** Delete File: old/unused.txt\n"
        "*** End Patch\n");
}

QString ApplyPatchTool::grammar()
{
    return QStringLiteral("start: begin_patch hunk+ end_patch\n"
                          "begin_patch: \"*** Begin Patch\" LF\n"
                          "end_patch: \"*** End Patch\" LF?\n"
                          "\n"
                          "hunk: add_hunk | delete_hunk | update_hunk\n"
                          "add_hunk: \"*** Add File: \" filename LF add_line+\n"
                          "delete_hunk: \"*** Delete File: \" filename LF\n"
                          "update_hunk: \"*** Update File: \" filename LF change_move? change?\n"
                          "\n"
                          "filename: /(.+)/\n"
                          "add_line: \"+\" /(.*)/ LF -> line\n"
                          "\n"
                          "change_move: \"*** Move to: \" filename LF\n"
                          "change: (change_context | change_line)+ eof_line?\n"
                          "change_context: (\"@@\" | \"@@ \" /(.+)/) LF\n"
                          "change_line: (\"+\" | \"-\" | \" \") /(.*)/ LF\n"
                          "eof_line: \"*** End of File\" LF\n"
                          "\n"
                          "%import common.LF\n");
}

} // namespace Sandcastle::Core
