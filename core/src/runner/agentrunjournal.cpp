// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// AgentRun's journal side: the options as the journal's `config` object, and the wiring that
// commits every conversation item, tool call and result, usage and the outcome as they happen.
#include "sandcastle/core/manifest/manifestparser.h"
#include "sandcastle/core/runner/agentrun.h"
#include "sandcastle/core/sandbox/docker/dockersandboxsession.h"

#include <QFileInfo>
#include <QJsonArray>

namespace Sandcastle::Core {

QJsonObject AgentRunOptions::toJson() const
{
    QJsonObject o{{QStringLiteral("version"), 1},
                  {QStringLiteral("workspace"), workspaceDir},
                  {QStringLiteral("manifest_path"), manifestPath},
                  {QStringLiteral("client"), client},
                  {QStringLiteral("confinement"), confinementName(confinement)},
                  {QStringLiteral("network"), networkAllowed},
                  {QStringLiteral("api"), api},
                  {QStringLiteral("base_url"), provider.baseUrl.toString()},
                  {QStringLiteral("profile"), profileName},
                  {QStringLiteral("credential"), provider.credentialName},
                  {QStringLiteral("context_window"), contextWindow},
                  {QStringLiteral("server_state"), run.serverKeepsState},
                  {QStringLiteral("model"), run.model},
                  {QStringLiteral("max_turns"), run.maxTurns},
                  {QStringLiteral("approval"), approvalPolicyName(run.approval)},
                  {QStringLiteral("patch_review"), patchReviewModeName(patchReview)},
                  {QStringLiteral("capabilities"), QJsonArray::fromStringList(capabilities)},
                  {QStringLiteral("instructions"), run.agentInstructions},
                  {QStringLiteral("trace_path"), tracePath},
                  {QStringLiteral("snapshots"), QJsonObject{{QStringLiteral("every_turn"), snapshotEveryTurn},
                                                            {QStringLiteral("store"), effectiveSnapshotStore()}}}};
    if (capabilities.contains(QLatin1String("memory"))) {
        o.insert(QStringLiteral("memory"), memory.toJson());
    }
    if (capabilities.contains(QLatin1String("skills"))) {
        o.insert(QStringLiteral("skills"), skills.toJson());
    }
    if (!conversationId.isEmpty()) {
        o.insert(QStringLiteral("conversation_id"), conversationId);
    }
    if (!groupId.isEmpty()) {
        o.insert(QStringLiteral("group_id"), groupId);
    }
    if (!exposedPorts.isEmpty()) {
        QJsonArray ports;
        for (const quint16 port : exposedPorts) {
            ports.append(int(port));
        }
        o.insert(QStringLiteral("exposed_ports"), ports);
    }
    if (client == QLatin1String("docker")) {
        o.insert(QStringLiteral("docker"), QJsonObject{{QStringLiteral("image"), docker.image},
                                                       {QStringLiteral("memory_bytes"), docker.memoryBytes},
                                                       {QStringLiteral("nano_cpus"), docker.nanoCpus}});
    }
    return o;
}

Result<AgentRunOptions> AgentRunOptions::fromJson(const QJsonObject &config, const QString &source)
{
    const auto bad = [&](const QString &pointer, const QString &expected) -> Result<AgentRunOptions> {
        return std::unexpected(Error{ErrorCode::InvalidInput,
                                     QStringLiteral("%1: run config %2: expected %3").arg(source, pointer, expected),
                                     source});
    };
    const auto text = [&](const char *key) { return config.value(QLatin1String(key)).toString(); };
    if (config.value(QStringLiteral("version")).toInt() != 1) {
        return bad(QStringLiteral("/version"), QStringLiteral("1"));
    }
    AgentRunOptions o;
    o.workspaceDir = text("workspace");
    if (o.workspaceDir.isEmpty()) {
        return bad(QStringLiteral("/workspace"), QStringLiteral("the workspace path"));
    }
    o.manifestPath = text("manifest_path");
    if (!o.manifestPath.isEmpty() && QFileInfo::exists(o.manifestPath)) {
        auto manifest = ManifestParser::parseFile(o.manifestPath);
        if (!manifest) {
            return std::unexpected(manifest.error());
        }
        o.manifest = std::move(*manifest);
    }
    o.client = text("client");
    const std::optional<Confinement> confinement = confinementFromName(text("confinement"));
    if (!confinement) {
        return bad(QStringLiteral("/confinement"), QStringLiteral("auto, bwrap or none"));
    }
    o.confinement = *confinement;
    o.networkAllowed = config.value(QStringLiteral("network")).toBool();
    const Result<QList<quint16>> ports =
        validateExposedPorts(config.value(QStringLiteral("exposed_ports")), QStringLiteral("/exposed_ports"));
    if (!ports) {
        return bad(ports.error().detail, QStringLiteral("port numbers in 1..65535"));
    }
    o.exposedPorts = *ports;
    o.api = text("api");
    o.provider.baseUrl = QUrl(text("base_url"));
    o.profileName = text("profile");
    // A run without a profile (and journals from before profiles) used the default credential.
    o.provider.credentialName = text("credential");
    if (o.provider.credentialName.isEmpty() && o.profileName.isEmpty()) {
        o.provider.credentialName = ProviderProfile::defaultCredentialName();
    }
    o.contextWindow = config.value(QStringLiteral("context_window")).toInteger();
    o.run.serverKeepsState = config.value(QStringLiteral("server_state")).toBool();
    o.run.model = text("model");
    o.run.maxTurns = config.value(QStringLiteral("max_turns")).toInt();
    const std::optional<ApprovalPolicy> approval = approvalPolicyFromName(text("approval"));
    if (!approval) {
        return bad(QStringLiteral("/approval"), QStringLiteral("auto, deny, ask or outside"));
    }
    o.run.approval = *approval;
    // Journals from before issue 8 have no patch_review: write_then_review.
    const auto review = patchReviewModeFromName(
        config.value(QStringLiteral("patch_review")).toString(QStringLiteral("write_then_review")));
    if (!review) {
        return bad(QStringLiteral("/patch_review"), QStringLiteral("write_then_review or review_before_write"));
    }
    o.patchReview = *review;
    if (!config.value(QStringLiteral("capabilities")).isArray()) {
        return bad(QStringLiteral("/capabilities"), QStringLiteral("an array of capability names"));
    }
    o.capabilities.clear();
    for (const QJsonValue &v : config.value(QStringLiteral("capabilities")).toArray()) {
        o.capabilities << v.toString();
    }
    o.run.agentInstructions = text("instructions");
    o.tracePath = text("trace_path");
    if (o.capabilities.contains(QLatin1String("memory"))) {
        auto memory = MemoryOptions::fromJson(config.value(QStringLiteral("memory")).toObject(),
                                              source + QStringLiteral(": run config /memory"));
        if (!memory) {
            return std::unexpected(memory.error());
        }
        o.memory = *memory;
    }
    if (o.capabilities.contains(QLatin1String("skills"))) {
        auto skills = SkillsOptions::fromJson(config.value(QStringLiteral("skills")).toObject(),
                                              source + QStringLiteral(": run config /skills"));
        if (!skills) {
            return std::unexpected(skills.error());
        }
        o.skills = *skills;
    }
    o.conversationId = text("conversation_id");
    o.groupId = text("group_id");
    const QJsonObject snapshots = config.value(QStringLiteral("snapshots")).toObject();
    o.snapshotEveryTurn = snapshots.value(QStringLiteral("every_turn")).toBool();
    o.snapshotStore = snapshots.value(QStringLiteral("store")).toString();
    const QJsonObject docker = config.value(QStringLiteral("docker")).toObject();
    o.docker.image = docker.value(QStringLiteral("image")).toString();
    o.docker.memoryBytes = qint64(docker.value(QStringLiteral("memory_bytes")).toDouble());
    o.docker.nanoCpus = qint64(docker.value(QStringLiteral("nano_cpus")).toDouble());
    return o;
}

Result<void> AgentRun::openJournal()
{
    if (m_options.journalPath.isEmpty()) {
        return {};
    }
    m_journal = std::make_unique<RunJournal>();
    return m_resumeState ? m_journal->openExisting(m_options.journalPath) : m_journal->open(m_options.journalPath);
}

void AgentRun::journalWrite(const Result<void> &written)
{
    if (written || m_journalError) {
        return;
    }
    // Nothing may run past a step the journal could not keep: stop the run with that error.
    m_journalError = written.error();
    if (m_runner && m_runner->isRunning()) {
        m_runner->cancel();
    }
}

void AgentRun::connectJournal()
{
    if (!m_journal) {
        return;
    }
    const QString runId = m_runner->runId();
    if (m_resumeState) {
        journalWrite(m_journal->finishRun(runId, QStringLiteral("running"), {}, {}));
    } else {
        JournalRun run;
        run.id = runId;
        run.prompt = m_prompt;
        run.config = m_options.toJson();
        journalWrite(m_journal->beginRun(run));
    }
    if (const auto *docker = qobject_cast<const DockerSandboxSession *>(m_session.data())) {
        journalWrite(m_journal->setSessionState(runId, docker->state()));
    }
    RunJournal *journal = m_journal.get();
    connect(m_runner.get(), &Runner::itemsAppended, this,
            [this, journal, runId](const QJsonArray &items) { journalWrite(journal->appendItems(runId, items)); });
    connect(m_runner.get(), &Runner::toolOutputRecorded, this,
            [this, journal, runId](const QString &callId, const QJsonObject &item) {
                journalWrite(journal->recordToolOutput(runId, callId, item));
            });
    connect(m_runner.get(), &Runner::eventEmitted, this, [this, journal, runId](const RunEvent &event) {
        switch (event.kind) {
        case RunEvent::Kind::ToolCall:
            journalWrite(journal->recordToolCall(runId, event.data.value(QStringLiteral("call_id")).toString(),
                                                 event.data.value(QStringLiteral("name")).toString(),
                                                 QStringLiteral("started")));
            break;
        case RunEvent::Kind::ApprovalRequested:
            journalWrite(journal->recordToolCall(runId, event.data.value(QStringLiteral("call_id")).toString(),
                                                 event.data.value(QStringLiteral("name")).toString(),
                                                 QStringLiteral("awaiting_approval")));
            break;
        case RunEvent::Kind::Usage:
            journalWrite(
                journal->updateProgress(runId, event.turn, event.data.value(QStringLiteral("total")).toObject()));
            break;
        case RunEvent::Kind::CapabilityIssue:
            journalWrite(journal->recordEvent(event));
            break;
        default:
            break;
        }
    });
}

void AgentRun::onRunnerFinished(const RunOutcome &runnerOutcome)
{
    if (!m_snapshotRecorded.isFinished()) { // a default QFuture is finished; a pending continuation is not valid yet
        // The last turn's snapshot is still becoming durable: its journal row comes first.
        m_snapshotRecorded.then(this, [this, runnerOutcome] { onRunnerFinished(runnerOutcome); });
        return;
    }
    RunOutcome outcome = runnerOutcome;
    if (m_journalError) {
        outcome.status = RunStatus::Failed;
        outcome.error = *m_journalError;
    }
    if (m_journal && !m_journalError) {
        // The last write: if it fails the outcome says so rather than claiming a journaled end.
        const Result<void> written =
            m_journal->finishRun(m_runner->runId(), runStatusName(outcome.status), outcome.finalOutput,
                                 outcome.status == RunStatus::Done ? QString() : outcome.error.toString());
        if (!written) {
            outcome.status = RunStatus::Failed;
            outcome.error = written.error();
        }
    }
    if (finishWithMemory(outcome)) {
        return; // finished() follows the memory flush
    }
    m_finished = true;
    Q_EMIT finished(outcome);
}

} // namespace Sandcastle::Core
