// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"
#include "sandcastle/core/runner/agentrun.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

namespace Sandcastle::Core {
class PreviewHost;
}

namespace Sandcastle::Ui {

/// Owns the desktop app's one agent run at a time (a Core::AgentRun) and reduces its stream to a
/// state the run panel can show. start() composes a fresh run; continueRun() sends another user
/// message in the same conversation by resuming the last run from its journal; resume() continues
/// the workspace journal's last run when it stopped before its end, without a new message (the
/// transcript is replayed first when the views do not show that run); stop() cancels.
/// Events, the sandbox session and the outcome are re-emitted so views never hold the AgentRun.
/// Lives on the GUI thread; never blocks (the journal read of continueRun() is one small query).
class RunController : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Preparing, Running, AwaitingApproval, Finished };
    Q_ENUM(State)

    explicit RunController(QObject *parent = nullptr);
    ~RunController() override;

    /// Resolves manifest secrets of later runs; may be null. Not owned.
    void setCredentialStore(Core::CredentialStore *credentials) { m_credentials = credentials; }
    [[nodiscard]] Core::CredentialStore *credentialStore() const { return m_credentials; }
    /// Runs started from now on offer `preview_screenshot` through `host` (the preview dock).
    void setPreviewHost(Core::PreviewHost *host) { m_previewHost = host; }
    /// How apply_patch edits of the runs started, continued or resumed from now on reach the disk
    /// (the Review dock's choice); std::nullopt keeps what the options say.
    void setPatchReviewMode(std::optional<Core::PatchReviewMode> mode) { m_patchReview = mode; }

    /// Starts a new conversation. A run that is still going is refused (InvalidInput). When
    /// `options.journalPath` is empty the workspace's default journal is used, so that
    /// continueRun() can pick the conversation up again.
    [[nodiscard]] Core::Result<void> start(const Core::AgentRunOptions &options, const QString &prompt);
    /// Another user message in the conversation of the last run (which must have ended).
    [[nodiscard]] Core::Result<void> continueRun(const QString &prompt);
    /// The workspace whose default journal canResume()/resume() read; re-reads that journal (one
    /// small query) and emits resumableChanged().
    void setWorkspace(const QString &workspaceDir);
    /// Continues the last run of the workspace's journal where it stopped (spec 5.2 resume): the
    /// run must have ended cancelled, failed or still "running" (a crash) with work left. The
    /// options are the current conversation's when it is that journal's, else read back from the
    /// journal; `apiKey` is used when they carry none. Views that do not show the run get
    /// conversationStarted() and its earlier turns (userMessageSent()/eventEmitted()) first.
    [[nodiscard]] Core::Result<void> resume(const QString &apiKey);
    /// Cancels preparation or the run; finished() follows.
    void stop();
    /// Decides a call of pendingApprovals() (Approve, Deny or Always for this run).
    void decideApproval(const QString &callId, Core::ApprovalDecision decision);

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] bool isActive() const;
    /// True once a run has ended and its journal can be continued.
    [[nodiscard]] bool canContinue() const;
    /// True when no run is going and the workspace journal's last run can be resumed (as of the
    /// last setWorkspace() or finished run).
    [[nodiscard]] bool canResume() const { return !isActive() && m_resumable; }
    [[nodiscard]] QStringList pendingApprovals() const { return m_pendingApprovals; }
    /// Why the policy holds `callId` (ApprovalPolicy::Outside), or empty.
    [[nodiscard]] QString approvalReason(const QString &callId) const { return m_approvalReasons.value(callId); }
    [[nodiscard]] Core::AgentRun *run() const { return m_run; }

Q_SIGNALS:
    void stateChanged(Sandcastle::Ui::RunController::State state);
    /// start() began a new conversation (views drop the previous one).
    void conversationStarted();
    /// A user message was sent (start or continue); views show it before the run's events.
    void userMessageSent(const QString &prompt);
    void preparing(const QString &what);
    /// The run's long step (materializing, starting the sandbox, snapshotting) and its counts;
    /// Idle when none runs (Core::AgentRun::progressChanged).
    void progressChanged(const Sandcastle::Core::PreparationProgress &progress);
    void sandboxReady(Sandcastle::Core::SandboxSession *session);
    void eventEmitted(const Sandcastle::Core::RunEvent &event);
    void approvalsChanged(const QStringList &pendingCallIds);
    void finished(const Sandcastle::Core::RunOutcome &outcome);
    /// canResume() may have changed.
    void resumableChanged(bool resumable);
    /// A TCP port started listening in the run's sandbox (Core::PortMonitor): `hostUrl` reaches it
    /// from here, or is empty and `unreachableReason` says why.
    void portOpened(quint16 port, const QUrl &hostUrl, const QString &unreachableReason);
    void portClosed(quint16 port);
    /// The run started a command that looks like a server (Core::PortMonitor::serverLikely()).
    void serverLikely();

private:
    void adopt(Core::AgentRun *run);
    void retireRun();
    void watchPorts(Core::SandboxSession *session);
    void setState(State state);
    void onEvent(const Core::RunEvent &event);
    void onFinished(const Core::RunOutcome &outcome);
    void refreshResumable();
    [[nodiscard]] Core::Result<Core::JournalRunState> loadLastRun(const QString &journalPath) const;
    void replay(const Core::JournalRunState &state);

    QPointer<Core::CredentialStore> m_credentials;
    QPointer<Core::AgentRun> m_run;
    Core::PreviewHost *m_previewHost = nullptr;
    std::optional<Core::PatchReviewMode> m_patchReview;
    std::optional<Core::AgentRunOptions> m_options; ///< the last run's, reused by continueRun()
    QStringList m_pendingApprovals;
    QHash<QString, QString> m_approvalReasons; ///< call id -> reason, while pending
    QString m_journalPath;                     ///< the workspace's default journal (setWorkspace())
    QString m_shownRunId; ///< the run whose events the views have shown since conversationStarted()
    bool m_resumable = false;
    State m_state = State::Idle;
};

} // namespace Sandcastle::Ui
