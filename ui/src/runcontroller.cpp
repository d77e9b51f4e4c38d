// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "runcontroller.h"

#include "conversationreplay.h"
#include "sandcastle/core/journal/runjournal.h"
#include "sandcastle/core/sandbox/portmonitor.h"

#include <QFileInfo>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcRunController, "sandcastle.ui.run")

namespace Sandcastle::Ui {

using Core::Error;
using Core::ErrorCode;

RunController::RunController(QObject *parent)
    : QObject(parent)
{}

RunController::~RunController()
{
    if (m_run) {
        m_run->disconnect(this);
        Q_EMIT progressChanged({});
        m_run->close();
    }
}

bool RunController::isActive() const
{
    return m_state == State::Preparing || m_state == State::Running || m_state == State::AwaitingApproval;
}

bool RunController::canContinue() const
{
    return !isActive() && m_options && !m_options->journalPath.isEmpty() && m_state == State::Finished;
}

Core::Result<void> RunController::start(const Core::AgentRunOptions &options, const QString &prompt)
{
    if (isActive()) {
        return std::unexpected(Error{ErrorCode::InvalidInput, QStringLiteral("a run is still going"), {}});
    }
    if (prompt.trimmed().isEmpty()) {
        return std::unexpected(Error{ErrorCode::InvalidInput, QStringLiteral("the task is empty"), {}});
    }
    Core::AgentRunOptions effective = options;
    if (effective.journalPath.isEmpty()) {
        effective.journalPath = Core::RunJournal::defaultPathFor(effective.workspaceDir);
    }
    if (m_patchReview) {
        effective.patchReview = *m_patchReview;
    }
    auto *run = new Core::AgentRun(effective, m_credentials, this);
    if (const Core::Result<void> valid = run->validate(); !valid) {
        delete run;
        return valid;
    }
    m_options = effective;
    adopt(run);
    m_shownRunId.clear();
    Q_EMIT conversationStarted();
    Q_EMIT userMessageSent(prompt);
    run->start(prompt);
    return {};
}

Core::Result<void> RunController::continueRun(const QString &prompt)
{
    if (!canContinue()) {
        return std::unexpected(Error{ErrorCode::InvalidInput, QStringLiteral("there is no ended run to continue"), {}});
    }
    if (prompt.trimmed().isEmpty()) {
        return std::unexpected(Error{ErrorCode::InvalidInput, QStringLiteral("the message is empty"), {}});
    }
    Core::Result<Core::JournalRunState> state = loadLastRun(m_options->journalPath);
    if (!state) {
        return std::unexpected(state.error());
    }
    if (m_patchReview) {
        m_options->patchReview = *m_patchReview;
    }
    auto *run = new Core::AgentRun(*m_options, m_credentials, this);
    adopt(run);
    Q_EMIT userMessageSent(prompt);
    run->resume(*state, prompt);
    return {};
}

void RunController::setWorkspace(const QString &workspaceDir)
{
    m_journalPath = workspaceDir.isEmpty() ? QString() : Core::RunJournal::defaultPathFor(workspaceDir);
    refreshResumable();
}

Core::Result<void> RunController::resume(const QString &apiKey)
{
    if (isActive()) {
        return std::unexpected(Error{ErrorCode::InvalidInput, QStringLiteral("a run is still going"), {}});
    }
    if (m_journalPath.isEmpty()) {
        return std::unexpected(Error{ErrorCode::InvalidInput, QStringLiteral("no workspace is open"), {}});
    }
    Core::Result<Core::JournalRunState> state = loadLastRun(m_journalPath);
    if (!state) {
        return std::unexpected(state.error());
    }
    if (!ConversationReplay::hasUnfinishedWork(*state)) {
        refreshResumable();
        return std::unexpected(Error{
            ErrorCode::InvalidInput,
            QStringLiteral("the last run (%1, %2) has nothing left to resume").arg(state->run.id, state->run.status),
            m_journalPath});
    }
    Core::AgentRunOptions options;
    if (m_options && m_options->journalPath == m_journalPath) {
        options = *m_options;
    } else {
        Core::Result<Core::AgentRunOptions> read = Core::AgentRunOptions::fromJson(state->run.config, m_journalPath);
        if (!read) {
            return std::unexpected(read.error());
        }
        options = std::move(*read);
        options.journalPath = m_journalPath;
        if (options.provider.apiKey.isEmpty()) {
            options.provider.apiKey = apiKey;
        }
    }
    if (m_patchReview) {
        options.patchReview = *m_patchReview;
    }
    auto *run = new Core::AgentRun(options, m_credentials, this);
    if (const Core::Result<void> valid = run->validate(); !valid) {
        delete run;
        return valid;
    }
    m_options = std::move(options);
    const bool shown = !m_shownRunId.isEmpty() && m_shownRunId == state->run.id;
    adopt(run);
    if (!shown) {
        replay(*state);
    }
    m_resumable = false;
    Q_EMIT resumableChanged(false);
    run->resume(*state, {});
    return {};
}

Core::Result<Core::JournalRunState> RunController::loadLastRun(const QString &journalPath) const
{
    Core::RunJournal journal;
    if (auto opened = journal.openExisting(journalPath); !opened) {
        return std::unexpected(opened.error());
    }
    const Core::Result<QString> runId = journal.lastRunId();
    if (!runId) {
        return std::unexpected(runId.error());
    }
    return journal.loadRun(*runId);
}

void RunController::refreshResumable()
{
    bool resumable = false;
    if (!m_journalPath.isEmpty() && QFileInfo::exists(m_journalPath)) {
        const Core::Result<Core::JournalRunState> state = loadLastRun(m_journalPath);
        if (state) {
            resumable = ConversationReplay::hasUnfinishedWork(*state);
        } else if (state.error().code != ErrorCode::NotFound) {
            qCWarning(lcRunController) << "cannot read the run journal" << m_journalPath << state.error().toString();
        }
    }
    m_resumable = resumable;
    Q_EMIT resumableChanged(canResume());
}

void RunController::replay(const Core::JournalRunState &state)
{
    // The views show another conversation (or none, in a new window): they get this run's
    // earlier turns the way they saw them live, before the resumed run's own events.
    Q_EMIT conversationStarted();
    for (const ConversationReplayStep &step : ConversationReplay::fromHistory(state.history, state.run.id)) {
        if (step.userMessage) {
            Q_EMIT userMessageSent(*step.userMessage);
        } else {
            Q_EMIT eventEmitted(step.event);
        }
    }
    m_shownRunId = state.run.id;
}

void RunController::stop()
{
    if (m_run && isActive()) {
        m_run->cancel();
    }
}

void RunController::decideApproval(const QString &callId, Core::ApprovalDecision decision)
{
    if (m_run && m_pendingApprovals.contains(callId)) {
        m_run->decideApproval(callId, decision);
    }
}

void RunController::adopt(Core::AgentRun *run)
{
    retireRun();
    m_run = run;
    m_pendingApprovals.clear();
    m_approvalReasons.clear();
    connect(run, &Core::AgentRun::preparing, this, &RunController::preparing);
    connect(run, &Core::AgentRun::progressChanged, this, &RunController::progressChanged);
    run->setPreviewHost(m_previewHost);
    connect(run, &Core::AgentRun::sandboxReady, this, [this](Core::SandboxSession *session) {
        setState(State::Running);
        watchPorts(session);
        Q_EMIT sandboxReady(session);
    });
    connect(run, &Core::AgentRun::eventEmitted, this, &RunController::onEvent);
    connect(run, &Core::AgentRun::finished, this, &RunController::onFinished);
    setState(State::Preparing);
}

void RunController::watchPorts(Core::SandboxSession *session)
{
    // Lives as long as the session: a server the agent started is offered while it listens.
    auto *monitor = new Core::PortMonitor(session, session);
    connect(monitor, &Core::PortMonitor::portOpened, this, &RunController::portOpened);
    connect(monitor, &Core::PortMonitor::portClosed, this, &RunController::portClosed);
    connect(monitor, &Core::PortMonitor::serverLikely, this, &RunController::serverLikely);
    connect(monitor, &Core::PortMonitor::pollFailed, this,
            [](const QString &message) { qCInfo(lcRunController, "port scan: %s", qPrintable(message)); });
    monitor->start();
}

void RunController::retireRun()
{
    if (!m_run) {
        return;
    }
    // The previous run has ended (start/continue refuse while one is active); its late signals
    // must not reach the new run's views, and it may still be inside a signal of its own.
    m_run->disconnect(this);
    Q_EMIT progressChanged({});
    m_run->close();
    m_run->deleteLater();
    m_run = nullptr;
}

void RunController::setState(State state)
{
    if (m_state != state) {
        m_state = state;
        Q_EMIT stateChanged(state);
    }
}

void RunController::onEvent(const Core::RunEvent &event)
{
    using Kind = Core::RunEvent::Kind;
    const QString callId = event.data.value(QStringLiteral("call_id")).toString();
    if (event.kind == Kind::ApprovalRequested && !m_pendingApprovals.contains(callId)) {
        m_pendingApprovals.append(callId);
        m_approvalReasons.insert(callId, event.data.value(QStringLiteral("reason")).toString());
        Q_EMIT approvalsChanged(m_pendingApprovals);
        setState(State::AwaitingApproval);
    } else if (event.kind == Kind::ApprovalDecided && m_pendingApprovals.removeOne(callId)) {
        m_approvalReasons.remove(callId);
        Q_EMIT approvalsChanged(m_pendingApprovals);
        if (m_pendingApprovals.isEmpty() && isActive()) {
            setState(State::Running);
        }
    }
    if (!event.runId.isEmpty()) {
        m_shownRunId = event.runId;
    }
    Q_EMIT eventEmitted(event);
}

void RunController::onFinished(const Core::RunOutcome &outcome)
{
    qCDebug(lcRunController) << "run finished" << Core::runStatusName(outcome.status) << outcome.error.toString();
    if (!m_pendingApprovals.isEmpty()) {
        m_pendingApprovals.clear();
        m_approvalReasons.clear();
        Q_EMIT approvalsChanged(m_pendingApprovals);
    }
    refreshResumable();
    setState(State::Finished);
    Q_EMIT finished(outcome);
}

} // namespace Sandcastle::Ui
