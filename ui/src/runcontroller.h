// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"
#include "sandcastle/core/runner/agentrun.h"

#include <QObject>
#include <QPointer>
#include <QSet>

namespace Sandcastle::Ui {

/// Owns the desktop app's one agent run at a time (a Core::AgentRun) and reduces its stream to a
/// state the run panel can show. start() composes a fresh run; continueRun() sends another user
/// message in the same conversation by resuming the last run from its journal; stop() cancels.
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

    /// Starts a new conversation. A run that is still going is refused (InvalidInput). When
    /// `options.journalPath` is empty the workspace's default journal is used, so that
    /// continueRun() can pick the conversation up again.
    [[nodiscard]] Core::Result<void> start(const Core::AgentRunOptions &options, const QString &prompt);
    /// Another user message in the conversation of the last run (which must have ended).
    [[nodiscard]] Core::Result<void> continueRun(const QString &prompt);
    /// Cancels preparation or the run; finished() follows.
    void stop();
    void decideApproval(const QString &callId, bool approved);

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] bool isActive() const;
    /// True once a run has ended and its journal can be continued.
    [[nodiscard]] bool canContinue() const;
    [[nodiscard]] QStringList pendingApprovals() const { return m_pendingApprovals; }
    [[nodiscard]] Core::AgentRun *run() const { return m_run; }

Q_SIGNALS:
    void stateChanged(Sandcastle::Ui::RunController::State state);
    /// start() began a new conversation (views drop the previous one).
    void conversationStarted();
    /// A user message was sent (start or continue); views show it before the run's events.
    void userMessageSent(const QString &prompt);
    void preparing(const QString &what);
    void sandboxReady(Sandcastle::Core::SandboxSession *session);
    void eventEmitted(const Sandcastle::Core::RunEvent &event);
    void approvalsChanged(const QStringList &pendingCallIds);
    void finished(const Sandcastle::Core::RunOutcome &outcome);

private:
    void adopt(Core::AgentRun *run);
    void retireRun();
    void setState(State state);
    void onEvent(const Core::RunEvent &event);
    void onFinished(const Core::RunOutcome &outcome);

    QPointer<Core::CredentialStore> m_credentials;
    QPointer<Core::AgentRun> m_run;
    std::optional<Core::AgentRunOptions> m_options; ///< the last run's, reused by continueRun()
    QStringList m_pendingApprovals;
    State m_state = State::Idle;
};

} // namespace Sandcastle::Ui
