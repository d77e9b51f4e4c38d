// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/capabilities/capability.h"
#include "sandcastle/core/model/modelclient.h"
#include "sandcastle/core/result.h"
#include "sandcastle/core/runner/approvalrules.h"
#include "sandcastle/core/runner/runevent.h"

#include <QHash>
#include <QJsonArray>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

namespace Sandcastle::Core {

struct RunConfig
{
    QString model;
    QString baseInstructions;     ///< empty: Sandcastle's default sandbox prompt (resources/prompts/sandbox.md)
    QString agentInstructions;    ///< optional "# Agent instructions" section
    QString workspaceDescription; ///< the filesystem layout tree for the "# Filesystem" section
    int maxTurns = 10;
    bool parallelToolCalls = true;
    ApprovalPolicy approval = ApprovalPolicy::Auto;
    QJsonObject extraParameters; ///< merged at the top level of every request
    /// The server keeps the conversation (a Responses API server that stores responses): after
    /// the first response each request carries `previous_response_id` and only the items added
    /// since, instead of the whole history. Ignored for Chat Completions clients. A restored or
    /// re-seeded history is sent whole once, then the chain starts again.
    bool serverKeepsState = false;
    /// When not empty, emitted as the SandboxReady event's data right after RunStarted
    /// (the composition's report of the client, confinement and its reason).
    QJsonObject sandbox;
};

enum class RunStatus { Running, Done, MaxTurns, Failed, Cancelled };

struct RunOutcome
{
    RunStatus status = RunStatus::Running;
    QString finalOutput;
    Error error;
    ModelUsage usage;
    int turns = 0;
};

/// The agent loop (spec 2.1 and 7): each turn builds the request from the capabilities
/// (instructions, tools, parameters, context processing), streams the model's response, runs the
/// tool calls it asked for (in parallel when allowed, each through the approval gate) and feeds
/// the results back, until the model answers without tool calls, max turns is reached, an error
/// occurs, or the run is cancelled. Emits a RunEvent for every step and exactly one finished().
///
/// Ownership: the runner does not own the model client or the capabilities; they must outlive
/// it. Lives on the thread that created it; everything is asynchronous on its event loop.
class Runner : public QObject
{
    Q_OBJECT
public:
    Runner(ModelClient *model, QList<Capability *> capabilities, ToolContext context, RunConfig config,
           QObject *parent = nullptr);
    ~Runner() override;

    /// Checks capability dependencies and tool names. start() calls it too.
    [[nodiscard]] Result<void> validate() const;

    /// Appends a user message and runs until the model is done. Only one run at a time.
    void start(const QString &prompt);
    /// Continues a run restored with restore() (from the journal): tool calls of the last model
    /// response that have no output yet are completed from `recordedOutputs` (call id -> the output
    /// input item the journal kept) or run again; then the loop goes on. With a non-empty `prompt`
    /// and nothing left to finish, appends it as a new user message (turns count from zero again,
    /// as with start()). A run that had already ended and gets no prompt finishes at once with its
    /// last answer.
    void resume(const QString &prompt, const QHash<QString, QJsonObject> &recordedOutputs = {});
    /// Restores a journaled run: its id, conversation, turn count and usage.
    void restore(const QString &runId, const QJsonArray &history, int turns, const ModelUsage &usage);
    /// Cancels the model call and any running tools; finished() follows with Cancelled.
    void cancel();
    /// Decides a held tool call (ApprovalPolicy::Ask or Outside). `comment` is passed to the model
    /// on denial. AlwaysForRun also approves, now and for the rest of this runner's life, every
    /// call that ApprovalRules::covers() (calls held in the same round included).
    void decideApproval(const QString &callId, ApprovalDecision decision, const QString &comment = {});
    void decideApproval(const QString &callId, bool approved, const QString &comment = {})
    {
        decideApproval(callId, approved ? ApprovalDecision::Approve : ApprovalDecision::Deny, comment);
    }
    /// The standing approvals given with ApprovalDecision::AlwaysForRun.
    [[nodiscard]] const ApprovalRules &standingApprovals() const { return m_standing; }

    /// The conversation so far in Responses input-item form (user messages, model output items,
    /// tool outputs). Restoring it with setHistory() lets a later start() continue the conversation.
    [[nodiscard]] QJsonArray history() const { return m_history; }
    void setHistory(const QJsonArray &items)
    {
        m_history = items;
        forgetServerState();
    }
    [[nodiscard]] ModelUsage usage() const { return m_usage; }
    [[nodiscard]] int turns() const { return m_turn; }
    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] QString runId() const { return m_runId; }

    /// Adds an event of the composition (e.g. Snapshot) to the run's stream, with this run's id
    /// and current turn.
    void report(RunEvent::Kind kind, const QJsonObject &data) { emitEvent(kind, data); }

    /// A step run after every round of tool calls, before the next model request (e.g. a workspace
    /// snapshot); a failure ends the run with that error. The future's continuation runs on the
    /// runner's thread.
    void setAfterToolRound(std::function<QFuture<Result<void>>(int turn)> step) { m_afterToolRound = std::move(step); }
    /// Applied to every tool output before it is recorded (the output item for the model, the
    /// ToolResult event, the journal), e.g. secret redaction. Runs on the runner's thread.
    void setOutputFilter(std::function<ToolOutput(ToolOutput)> filter) { m_outputFilter = std::move(filter); }

    /// The instructions sent with every request (exposed for tests and the UI).
    [[nodiscard]] QString instructions() const;
    /// The request for the next turn, as it would be sent.
    [[nodiscard]] ModelRequest buildRequest() const;

Q_SIGNALS:
    void eventEmitted(const Sandcastle::Core::RunEvent &event);
    void finished(const Sandcastle::Core::RunOutcome &outcome);
    /// The conversation grew by `items` (a user message, a model response's output items, or a
    /// round of tool outputs). Emitted synchronously before the next step starts, so a journal
    /// connected directly has committed them when the run moves on.
    void itemsAppended(const QJsonArray &items);
    /// One tool call finished; `outputItem` is the input item that will report it to the model.
    void toolOutputRecorded(const QString &callId, const QJsonObject &outputItem);

private:
    struct PendingCall
    {
        ToolCall call;
        QString parseError; ///< non-empty: the function arguments were not a JSON object
        Tool *tool = nullptr;
        std::optional<ToolOutput> output;
        QJsonObject outputItem; ///< set with `output`: toolOutputItem(call, output) or the journal's copy
        bool restored = false;  ///< the output came from the journal
        bool awaitingApproval = false;
        bool started = false;
        qint64 startedMs = 0;
    };

    void emitEvent(RunEvent::Kind kind, QJsonObject data);
    void nextTurn();
    void onModelFinished(const Result<ModelResponse> &result);
    void onStreamEvent(const ModelStreamEvent &event);
    void startToolCalls(QList<PendingCall> calls, const QHash<QString, QJsonObject> &recordedOutputs = {});
    void appendUserMessage(const QString &prompt);
    void beginRun(const QString &prompt, bool resumed);
    void setOutput(PendingCall &p, ToolOutput output);
    void runCall(int index);
    void maybeStartNextSequential();
    void onCallDone(int index, ToolOutput output);
    /// Releases the held call at `index`: runs it or reports the denial. `by`: user or rule.
    void releaseHeld(int index, bool approved, const QString &comment, const QString &by);
    void finishToolRound();
    void finish(RunStatus status, const QString &finalOutput = {}, const Error &error = {});
    [[nodiscard]] Tool *findTool(const ToolCall &call) const;
    /// RunConfig::serverKeepsState and a previous response to continue from.
    [[nodiscard]] bool continuesOnServer() const;
    /// The response `responseId` completed and its output is in the history.
    void noteResponse(const QString &responseId);
    void forgetServerState();

    ModelClient *m_model;
    QList<Capability *> m_capabilities;
    ToolContext m_context;
    RunConfig m_config;
    QString m_runId;
    QJsonArray m_history;
    QString m_previousResponseId;   ///< serverKeepsState: the last response, which holds the history
    qsizetype m_deliveredItems = 0; ///< serverKeepsState: history items the server has
    ModelUsage m_usage;
    int m_turn = 0;
    bool m_running = false;
    bool m_cancelled = false;
    QPointer<ModelCall> m_call;
    QList<PendingCall> m_pending;
    quint64 m_generation = 0; ///< bumped on cancel so late tool results are ignored
    std::function<QFuture<Result<void>>(int turn)> m_afterToolRound;
    std::function<ToolOutput(ToolOutput)> m_outputFilter;
    ApprovalRules m_standing;
};

[[nodiscard]] QString runStatusName(RunStatus status);

/// Builds a ToolCall from a model output item (`function_call`, `custom_tool_call`,
/// `apply_patch_call`); std::nullopt for other item types. A function call whose arguments are
/// not a JSON object yields a call whose `arguments` is empty and `rawArguments` holds the text.
[[nodiscard]] std::optional<ToolCall> toolCallFromItem(const QJsonObject &item, QString *parseError);

/// The input item that reports `output` for `call` back to the model.
[[nodiscard]] QJsonObject toolOutputItem(const ToolCall &call, const ToolOutput &output);

} // namespace Sandcastle::Core

Q_DECLARE_METATYPE(Sandcastle::Core::RunOutcome)
