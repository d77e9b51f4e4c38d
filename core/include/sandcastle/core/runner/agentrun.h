// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/capabilities/capabilityissue.h"
#include "sandcastle/core/capabilities/memory/memorycapability.h"
#include "sandcastle/core/capabilities/skills/skillscapability.h"
#include "sandcastle/core/credentials/credentialstore.h"
#include "sandcastle/core/credentials/secretredactor.h"
#include "sandcastle/core/journal/runjournal.h"
#include "sandcastle/core/manifest/manifest.h"
#include "sandcastle/core/model/modelclient.h"
#include "sandcastle/core/model/providerprofile.h"
#include "sandcastle/core/result.h"
#include "sandcastle/core/review/changereverter.h"
#include "sandcastle/core/review/patchreviewgate.h"
#include "sandcastle/core/runner/preparationprogress.h"
#include "sandcastle/core/runner/runner.h"
#include "sandcastle/core/sandbox/docker/dockersandboxclient.h"
#include "sandcastle/core/sandbox/sandboxsession.h"
#include "sandcastle/core/sandbox/unixlocalsandboxclient.h"
#include "sandcastle/core/snapshot/snapshotstore.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

namespace Sandcastle::Core {

class MemoryGenerator;
struct MemoryGenerationReport;
class PreviewHost;

class Materializer;
class SandboxClient;
class TraceWriter;

namespace Internal {
struct SnapshotCounters;
}

/// Everything one agent run is composed from. The command line (`sandcastle run`) and the
/// desktop app fill this in; AgentRun turns it into a materialized workspace, a started sandbox
/// session, capabilities, a model client and a Runner.
struct AgentRunOptions
{
    /// The workspace manifest; std::nullopt runs on `workspaceDir` as it is.
    std::optional<Manifest> manifest;
    /// Where `manifest` was read from (kept in the journal so a resume can re-read it).
    QString manifestPath;
    /// Host directory of the workspace (absolute). Materialized from the manifest when it is
    /// missing or empty; an existing, non-empty directory is used as it is (work from an earlier
    /// run survives), which the sandbox_ready event reports.
    QString workspaceDir;
    /// "unix_local" or "docker".
    QString client = QStringLiteral("unix_local");
    /// Unix-local client only.
    Confinement confinement = Confinement::Auto;
    /// Docker client only: image (empty = the default image), memory, CPUs, ports. Its network
    /// switch is `networkAllowed` below.
    DockerSandboxOptions docker;
    bool networkAllowed = false;
    /// Ports the sandbox exposes to the host (either client; validated, without duplicates). A
    /// Unix-local bubblewrap sandbox then shares the host's network; the Docker client publishes
    /// them on 127.0.0.1 and needs `networkAllowed`.
    QList<quint16> exposedPorts;
    /// "responses" or "chat".
    QString api = QStringLiteral("responses");
    /// Base URL and API key; `provider.credentialName` names the keychain item the key came from
    /// (kept in the journal so a resume reads the same one). applyProfile() fills these in.
    ProviderSettings provider;
    /// The provider profile the run was started with (informational; empty for none).
    QString profileName;
    /// The model's context window in tokens; 0 = known from the model name (or the default
    /// compaction threshold). The compaction threshold is 90 % of it.
    qint64 contextWindow = 0;
    /// Capability types, in order: "filesystem", "shell", "compaction" by default; "memory" and
    /// "skills" are added by name and configured by `memory` and `skills` below.
    QStringList capabilities = defaultCapabilities();
    /// The memory capability (spec 2.5): layout, read/generate modes, phase models.
    MemoryOptions memory;
    /// The skills capability (spec 2.4): its one source and the workspace skills path.
    SkillsOptions skills;
    /// Memory grouping (spec 2.5): runs with the same conversation id append to one rollout file
    /// `<sessions_dir>/<id>.jsonl`; else the session id (with a journal: its run id, which a resume keeps), else
    /// the group id, else a new `run-<hex>` per run.
    QString conversationId;
    QString groupId;
    /// model, max turns, approval policy, instructions. `workspaceDescription` is filled from the
    /// manifest when left empty.
    RunConfig run;
    /// apply_patch edits: written at once and revertible (default), or held for review before
    /// anything is written (decidePatchReview()).
    PatchReviewMode patchReview = PatchReviewMode::WriteThenReview;
    /// Appends trace spans (JSON lines, docs/FORMATS.md) when not empty.
    QString tracePath;
    /// The run journal (SQLite, RunJournal) when not empty: every step is committed there before
    /// the next starts, and `resume` continues from it.
    QString journalPath;
    /// Take a workspace snapshot after every round of tool calls (before the next model call),
    /// recorded in the journal; a resume whose workspace is gone restores the last one.
    bool snapshotEveryTurn = false;
    /// The snapshot store; empty = defaultSnapshotStore(workspaceDir).
    QString snapshotStore;
    /// Every 10th turn the store is garbage-collected down to this size (the newest 20 snapshots
    /// always stay).
    qint64 snapshotCapBytes = qint64(4) << 30;

    /// <app data>/snapshots/<RunJournal::workspaceKey(workspace)>.
    [[nodiscard]] static QString defaultSnapshotStore(const QString &workspaceDir);
    [[nodiscard]] QString effectiveSnapshotStore() const;
    [[nodiscard]] static QStringList defaultCapabilities();
    [[nodiscard]] static QStringList knownCapabilities();

    /// The memory mode of `sandcastle run --memory-mode` and the desktop app's run panel: "both",
    /// "read" or "generate" set memory.read / memory.generate (spec 2.5); and, off api.openai.com
    /// (where the spec's phase models rarely exist), the run's model becomes both phase models.
    /// Call after provider and model are set. InvalidInput naming the mode otherwise.
    [[nodiscard]] Result<void> setMemoryMode(const QString &mode);

    /// Takes api, base URL, model, context window, server state and credential name from
    /// `profile` (not the API key: the caller reads it from the CredentialStore, see
    /// ProviderProfile::credentialName, and sets provider.apiKey).
    void applyProfile(const ProviderProfile &profile);

    /// The journal's `config` object: everything but the manifest itself, secrets and the API key.
    [[nodiscard]] QJsonObject toJson() const;
    /// Reads toJson()'s form back (the manifest is re-read from `manifest_path` when the file is
    /// still there); InvalidInput with a JSON pointer for a malformed object.
    [[nodiscard]] static Result<AgentRunOptions> fromJson(const QJsonObject &config, const QString &source);
};

/// Composes and drives one agent run (spec 5.2's "fresh from the manifest" path): prepares the
/// workspace and sandbox, then runs the Runner, forwarding its events. Preparation failures end
/// in finished() with status Failed and the error (InvalidInput, Sandbox, ...), so callers have
/// one place to map outcomes. Lives on the thread that created it; asynchronous throughout.
class AgentRun : public QObject
{
    Q_OBJECT
public:
    /// `credentials` resolves `{"secret": ...}` environment values; may be null when the manifest
    /// has none (a secret then fails with a precise error). Not owned.
    AgentRun(AgentRunOptions options, CredentialStore *credentials, QObject *parent = nullptr);
    ~AgentRun() override;

    /// Checks the options without touching anything (capability names, api, workspace path).
    [[nodiscard]] Result<void> validate() const;

    /// Prepares everything, then starts the runner with `prompt`. One start per AgentRun.
    void start(const QString &prompt);
    /// Continues the last run in `options().journalPath` (loaded by the caller with RunJournal):
    /// the conversation, turn count and recorded tool results come back; the sandbox reattaches
    /// (Docker session state) or is created again on the same workspace; unfinished tool calls run
    /// again. `prompt` (optional) is a new user message once the run has nothing left to finish.
    void resume(const JournalRunState &state, const QString &prompt);
    /// Cancels preparation or the run; finished() follows with Cancelled. A materialization stops
    /// and its staging directory is removed before finished(); the pending Docker calls of a
    /// sandbox being started are aborted (a created container is removed); a snapshot being taken
    /// stops and is not recorded. The message names the phase (cancelledMessage()).
    void cancel();
    /// The long step running now (materializing, starting the sandbox, snapshotting), or Idle.
    [[nodiscard]] PreparationProgress progress() const { return m_progress; }
    /// Materializer::setWorkerHook() of the workspace materialization; set before start().
    void setMaterializeHook(std::function<void(qint64 entriesDone)> hook) { m_materializeHook = std::move(hook); }
    /// Called on the snapshot's worker thread with each progress report of a snapshot the run takes
    /// (SnapshotCreateOptions::progress, one per directory); for tests that hold a capture.
    void setSnapshotHook(std::function<void(qint64 scanned)> hook) { m_snapshotHook = std::move(hook); }
    /// Forwards an approval decision to the runner (ApprovalPolicy::Ask or Outside).
    void decideApproval(const QString &callId, ApprovalDecision decision, const QString &comment = {});
    void decideApproval(const QString &callId, bool approved, const QString &comment = {})
    {
        decideApproval(callId, approved ? ApprovalDecision::Approve : ApprovalDecision::Deny, comment);
    }
    /// Decides the apply_patch call `callId` held for review (PatchReviewMode::ReviewBeforeWrite):
    /// only the accepted hunks are written. False when no review is pending for it.
    bool decidePatchReview(const QString &callId, const PatchReviewDecision &decision);
    /// Reverts a change set of the journal (`file` -1: all files, `hunk` -1: the whole file) in the
    /// workspace with ChangeReverter, off the calling thread; records the revert in the journal
    /// and reports a ChangeReverted event. A conflict is a successful result with conflicts (nothing
    /// written). Fails with InvalidInput without a journal.
    [[nodiscard]] QFuture<Result<RevertOutcome>> revertChanges(const QString &changeSetId, int file = -1,
                                                               int hunk = -1);
    /// Reverts every change set of `turn` of this run, newest first, as one change.
    [[nodiscard]] QFuture<Result<RevertOutcome>> revertTurn(int turn);
    /// The run's review gate (change sets of apply_patch calls); valid once the runner exists.
    [[nodiscard]] PatchReviewGate *reviewGate() const { return m_reviewGate.get(); }

    /// Offers the `preview_screenshot` tool (PreviewCapability) through `host` while it shows a
    /// preview; set before start(). Not owned; null (the default) adds no preview capability.
    void setPreviewHost(PreviewHost *host) { m_previewHost = host; }

    /// Valid once the sandbox is ready (after sandboxReady()).
    [[nodiscard]] SandboxSession *session() const { return m_session; }
    [[nodiscard]] Runner *runner() const { return m_runner.get(); }
    [[nodiscard]] const AgentRunOptions &options() const { return m_options; }

    /// Closes the sandbox session (kills its processes). Called by the destructor too.
    void close();

Q_SIGNALS:
    /// Human-readable preparation progress ("materializing 3/10 entries, 1.2 MiB").
    void preparing(const QString &what);
    /// progress() changed: a phase began or ended (Idle), or its counts moved (at most about ten
    /// times a second).
    void progressChanged(const Sandcastle::Core::PreparationProgress &progress);
    /// The sandbox session is started; `session()` is valid from here on.
    void sandboxReady(Sandcastle::Core::SandboxSession *session);
    void eventEmitted(const Sandcastle::Core::RunEvent &event);
    /// Exactly once per start(). With memory generation on, after the memory flush. Bad input a
    /// capability skipped (skills, memory) comes before it as a RunEvent::Kind::CapabilityIssue event.
    void finished(const Sandcastle::Core::RunOutcome &outcome);

private:
    /// Reads provider.credentialName from the credential store when no API key was given, then
    /// materializes. Without a key for api.openai.com the run fails and names the item to store.
    void resolveApiKey();
    void materialize();
    void resolveEnvironment();
    void createSandbox(const QMap<QString, QString> &environment);
    void createSession(const SandboxOptions &options);
    void adoptSession(SandboxSession *session, bool alreadyStarted);
    void startRunner();
    /// Skills and memory read path: materializes/indexes the skills and reads the memory summary
    /// on a worker thread, reports issues, then startRunner() again.
    void prepareCapabilities();
    /// Creates the memory and skills capabilities of `type` (null for other types).
    [[nodiscard]] std::unique_ptr<Capability> createKnowledgeCapability(const QString &type);
    /// Memory generation on: writes this run's rollout segment, then flushes (phase one, phase
    /// two) and emits finished(outcome) at the end.
    [[nodiscard]] bool finishWithMemory(const RunOutcome &outcome);
    /// Phase one and two for `rolloutId` (MemoryGenerator), then finished(outcome).
    void flushMemory(const RunOutcome &outcome, const QString &rolloutId);
    [[nodiscard]] MemoryCapability *memoryCapability() const;
    /// Reports `issue` as a CapabilityIssue event of the run (journaled); issues found before the
    /// runner exists wait for it (connectKnowledge()).
    void reportIssue(const CapabilityIssue &issue);
    /// Once the runner exists: reports the waiting issues, tracks pending approvals for the memory
    /// segment's `interruptions`.
    void connectKnowledge();
    /// The memory and skills options of the selected capabilities and their dependencies.
    [[nodiscard]] static Result<void> validateKnowledge(const AgentRunOptions &options);
    void fail(const Error &error);
    [[nodiscard]] QJsonObject sandboxDescription() const;
    [[nodiscard]] Result<void> openJournal();
    void connectJournal();
    void journalWrite(const Result<void> &written);
    void onRunnerFinished(const RunOutcome &outcome);
    void connectReview();
    [[nodiscard]] QFuture<Result<void>> snapshotAfterTurn(int turn);
    /// Returns once the snapshot is captured (the next turn may start); the journal row, the
    /// Snapshot event and the periodic gc follow when it is durable (recordWhenDurable()).
    [[nodiscard]] QFuture<Result<void>> takeSnapshot(int turn);
    void recordWhenDurable(int turn, const QString &snapshotId);
    /// A new run with per-turn snapshots: a baseline snapshot of the workspace first (not in the
    /// journal), so the first turn's shell changes are diffed against the state the run started
    /// from; then the runner starts.
    void startWithBaseline();
    /// Shell commands ran this turn: the workspace against the newest snapshot becomes a change set
    /// with source "shell" (files apply_patch wrote this turn left out).
    [[nodiscard]] QFuture<void> recordShellChanges(int turn);
    [[nodiscard]] QFuture<Result<RevertOutcome>> revertSets(const QList<ChangeSet> &sets, const QString &changeSetId,
                                                            int file, int hunk);
    void restoreLastSnapshot();
    // agentrunprogress.cpp
    void setProgress(const PreparationProgress &progress);
    /// A snapshot of the workspace labelled `label` (ephemeral entries left out) whose counts
    /// progress() shows while it runs; cancel() stops it.
    [[nodiscard]] QFuture<Result<SnapshotInfo>> createSnapshot(const QString &label);
    void pollSnapshot();
    /// Cancels the snapshot being taken (it stops and is not recorded); false when none runs.
    bool cancelSnapshot();
    /// cancel() while the sandbox starts: an unstarted session is destroyed (its pending Docker
    /// calls finish Cancelled and a created container is removed), then finished() with Cancelled.
    void cancelPreparation();

    AgentRunOptions m_options;
    QPointer<CredentialStore> m_credentials;
    QString m_prompt;
    bool m_started = false;
    bool m_finished = false;
    bool m_cancelled = false;
    bool m_reusedWorkspace = false;
    bool m_createdWorkspace = false; ///< Sandcastle made the workspace folder (materialize())
    std::unique_ptr<Materializer> m_materializer;
    std::unique_ptr<SandboxClient> m_client;
    QPointer<SandboxSession> m_session;
    std::unique_ptr<ModelClient> m_model;
    std::vector<std::unique_ptr<Capability>> m_capabilities;
    std::unique_ptr<PatchReviewGate> m_reviewGate;
    bool m_shellRan = false;                      ///< exec_command/write_stdin ran since the last snapshot
    QHash<QString, QByteArray> m_patchedThisTurn; ///< path -> what apply_patch wrote there this turn
    PreviewHost *m_previewHost = nullptr;
    std::unique_ptr<Runner> m_runner;
    std::unique_ptr<TraceWriter> m_trace;
    std::unique_ptr<RunJournal> m_journal;
    std::optional<JournalRunState> m_resumeState;
    std::optional<Error> m_journalError;
    QString m_restoredSnapshot; ///< resume: the snapshot the workspace was restored from
    SecretRedactor m_redactor;  ///< the manifest's secret environment values, applied to tool outputs
    std::optional<SkillsPrepared> m_skillsPrepared; ///< the skills index, ready before the runner starts
    std::optional<QString> m_memorySummary;         ///< read before the runner starts
    qsizetype m_historyStart = 0;                   ///< history items from before this run (resume)
    std::unique_ptr<MemoryGenerator> m_memoryGenerator;
    QList<CapabilityIssue> m_waitingIssues; ///< found before the runner existed
    QStringList m_pendingApprovals;         ///< call ids awaiting an approval decision
    PreparationProgress m_progress;
    std::function<void(qint64)> m_materializeHook;
    std::function<void(qint64)> m_snapshotHook;
    QFuture<Result<SnapshotInfo>> m_snapshot; ///< the snapshot being taken (cancel() cancels it)
    std::shared_ptr<Internal::SnapshotCounters> m_snapshotCounters;
    QTimer m_snapshotPoll;
    bool m_sandboxReady = false;
    /// The newest per-turn snapshot's durability step and journal row (recordWhenDurable()).
    QFuture<void> m_snapshotRecorded;
};

} // namespace Sandcastle::Core
