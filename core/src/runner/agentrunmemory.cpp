// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// AgentRun's skills and memory (spec 2.4, 2.5): preparing the skills and the memory summary before
// the runner starts, and the memory flush at the end of the run. An AgentRun's sandbox session
// lives for exactly one run, so "when the session closes" is the end of that run, before finished().
#include "sandcastle/core/runner/agentrun.h"

#include "sandcastle/core/capabilities/memory/memoryfiles.h"
#include "sandcastle/core/capabilities/memory/memorygenerator.h"

#include <QDir>
#include <QUuid>
#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace Sandcastle::Core {

namespace {

// `interrupted` when the run ended with tool calls awaiting approval (spec 2.5).
MemoryTerminalMetadata terminalMetadata(const RunOutcome &outcome, bool interrupted)
{
    MemoryTerminalMetadata t;
    t.hasFinalOutput = !outcome.finalOutput.isEmpty();
    if (interrupted && outcome.status != RunStatus::Done) {
        t.state = QStringLiteral("interrupted");
        return t;
    }
    switch (outcome.status) {
    case RunStatus::Done:
        t.state = QStringLiteral("completed");
        break;
    case RunStatus::MaxTurns:
        t.state = QStringLiteral("max_turns_exceeded");
        t.exceptionType = QStringLiteral("MaxTurnsExceeded");
        t.exceptionMessage = outcome.error.toString();
        break;
    case RunStatus::Cancelled:
        t.state = QStringLiteral("cancelled");
        break;
    case RunStatus::Running:
    case RunStatus::Failed:
        t.state = QStringLiteral("failed");
        t.exceptionType = errorCodeName(outcome.error.code);
        t.exceptionMessage = outcome.error.toString();
        break;
    }
    return t;
}

// The pending approval items (spec 2.5 `interruptions`): each tool call of `history` awaiting a
// decision as {type: tool_approval_item, tool_name, raw_item}, in history order.
QJsonArray interruptionItems(const QJsonArray &history, const QStringList &pendingCallIds)
{
    QJsonArray items;
    for (const QJsonValue &v : history) {
        const QJsonObject item = v.toObject();
        const QString type = item.value(QStringLiteral("type")).toString();
        if ((type == QLatin1String("function_call") || type == QLatin1String("custom_tool_call")) &&
            pendingCallIds.contains(item.value(QStringLiteral("call_id")).toString())) {
            items.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("tool_approval_item")},
                                     {QStringLiteral("tool_name"), item.value(QStringLiteral("name"))},
                                     {QStringLiteral("raw_item"), item}});
        }
    }
    return items;
}

// The first top-level entry that equals, contains or lies inside `path` (children lie inside their
// parent, so the top level decides).
QString overlappingEntry(const std::vector<ManifestEntry> &entries, const QString &path)
{
    const QString b = path + QLatin1Char('/');
    for (const ManifestEntry &entry : entries) {
        const QString a = QDir::cleanPath(entry.name) + QLatin1Char('/');
        if (a.startsWith(b) || b.startsWith(a)) {
            return entry.name;
        }
    }
    return {};
}

} // namespace

Result<void> AgentRunOptions::setMemoryMode(const QString &mode)
{
    if (mode != QLatin1String("both") && mode != QLatin1String("read") && mode != QLatin1String("generate")) {
        return Core::fail(ErrorCode::InvalidInput,
                          QStringLiteral("the memory mode must be both, read or generate (got \"%1\")").arg(mode));
    }
    memory.read = mode != QLatin1String("generate");
    memory.generate = mode != QLatin1String("read");
    if (provider.baseUrl.host() != QLatin1String("api.openai.com")) {
        memory.phaseOneModel = run.model;
        memory.phaseTwoModel = run.model;
    }
    return {};
}

// The memory and skills options of the capabilities that are selected, and their dependencies.
Result<void> AgentRun::validateKnowledge(const AgentRunOptions &options)
{
    if (options.capabilities.contains(QLatin1String("skills"))) {
        if (const Result<void> ok = options.skills.validate(); !ok) {
            return ok;
        }
        if (options.skills.isLazy() && options.manifest) {
            // Lazy skills are staged one by one: no manifest entry may own that place (spec 2.4).
            const QString skillsPath = QDir::cleanPath(options.skills.skillsPath);
            if (const QString entry = overlappingEntry(options.manifest->entries, skillsPath); !entry.isEmpty()) {
                return Core::fail(ErrorCode::InvalidInput,
                                  QStringLiteral("the lazy skills path \"%1\" overlaps the manifest entry \"%2\"")
                                      .arg(skillsPath, entry));
            }
        }
    }
    if (!options.capabilities.contains(QLatin1String("memory"))) {
        return {};
    }
    if (const Result<void> ok = options.memory.validate(); !ok) {
        return ok;
    }
    QStringList missing;
    for (const QString &type : MemoryCapability(options.memory).requiredCapabilityTypes()) {
        if (!options.capabilities.contains(type)) {
            missing << type;
        }
    }
    if (!missing.isEmpty()) {
        return Core::fail(ErrorCode::InvalidInput,
                          QStringLiteral("memory%1 requires missing capabilities: %2")
                              .arg(options.memory.liveUpdate ? QStringLiteral(" with live update") : QString(),
                                   missing.join(QStringLiteral(", "))));
    }
    if (const Result<QString> id = MemoryFiles::resolveRolloutId(options.conversationId, {}, options.groupId); !id) {
        return std::unexpected(id.error());
    }
    return {};
}

void AgentRun::prepareCapabilities()
{
    struct Prepared
    {
        Result<SkillsPrepared> skills = SkillsPrepared{};
        QString summary;
        std::optional<CapabilityIssue> summaryIssue;
    };
    const bool skills = m_options.capabilities.contains(QLatin1String("skills"));
    const bool memory = m_options.capabilities.contains(QLatin1String("memory"));
    if (skills) {
        Q_EMIT preparing(QStringLiteral("preparing the skills in %1").arg(m_options.skills.skillsPath));
    }
    QtConcurrent::run([skills, memory, skillsOptions = m_options.skills, memoryOptions = m_options.memory,
                       root = m_session->workspaceRoot()] {
        Prepared prepared;
        if (skills) {
            prepared.skills = SkillsCapability::prepareWorkspace(skillsOptions, root);
        }
        if (memory) {
            prepared.summaryIssue = MemoryCapability::readSummary(root, memoryOptions, &prepared.summary);
        }
        return prepared;
    }).then(this, [this, skills](const Prepared &prepared) {
        if (m_cancelled) {
            return;
        }
        if (!prepared.skills) {
            fail(prepared.skills.error());
            return;
        }
        if (skills) {
            for (const CapabilityIssue &issue : std::as_const(prepared.skills->issues)) {
                reportIssue(issue);
            }
        }
        if (prepared.summaryIssue) {
            reportIssue(*prepared.summaryIssue);
        }
        m_skillsPrepared = *prepared.skills;
        m_memorySummary = prepared.summary;
        startRunner();
    });
}

std::unique_ptr<Capability> AgentRun::createKnowledgeCapability(const QString &type)
{
    if (type == QLatin1String("skills")) {
        auto skills = std::make_unique<SkillsCapability>(m_options.skills);
        if (m_skillsPrepared) {
            skills->setPrepared(*m_skillsPrepared);
        }
        return skills;
    }
    if (type == QLatin1String("memory")) {
        auto memory = std::make_unique<MemoryCapability>(m_options.memory);
        memory->setSummary(m_memorySummary.value_or(QString()));
        return memory;
    }
    return {};
}

void AgentRun::reportIssue(const CapabilityIssue &issue)
{
    if (!m_runner) {
        m_waitingIssues.append(issue);
        return;
    }
    m_runner->report(RunEvent::Kind::CapabilityIssue, issue.toJson());
}

void AgentRun::connectKnowledge()
{
    connect(m_runner.get(), &Runner::eventEmitted, this, [this](const RunEvent &event) {
        const QString callId = event.data.value(QStringLiteral("call_id")).toString();
        if (event.kind == RunEvent::Kind::ApprovalRequested && !m_pendingApprovals.contains(callId)) {
            m_pendingApprovals.append(callId);
        } else if (event.kind == RunEvent::Kind::ApprovalDecided) {
            m_pendingApprovals.removeAll(callId);
        }
    });
    // The issues found while preparing follow once the run has started (after run_started, with
    // the journal listening).
    QMetaObject::invokeMethod(
        this,
        [this] {
            for (const CapabilityIssue &issue : std::exchange(m_waitingIssues, {})) {
                reportIssue(issue);
            }
        },
        Qt::QueuedConnection);
}

MemoryCapability *AgentRun::memoryCapability() const
{
    for (const auto &c : m_capabilities) {
        if (auto *memory = qobject_cast<MemoryCapability *>(c.get())) {
            return memory;
        }
    }
    return nullptr;
}

bool AgentRun::finishWithMemory(const RunOutcome &outcome)
{
    const MemoryCapability *memory = memoryCapability();
    if (!memory || !memory->options().generate || !m_session || !m_runner) {
        return false;
    }
    const MemoryOptions &options = memory->options();
    const QString root = m_session->workspaceRoot();
    const Result<QString> rolloutId = MemoryFiles::resolveRolloutId(
        m_options.conversationId, m_journal ? m_runner->runId() : QString(), m_options.groupId);
    if (!rolloutId) {
        reportIssue({QStringLiteral("memory"), options.layout.sessionsDir, rolloutId.error().message});
        return false;
    }
    // The run's own items: its new user input first, then what the model and the tools added.
    const QJsonArray history = m_runner->history();
    QJsonArray input;
    QJsonArray generated;
    for (qsizetype i = m_historyStart; i < history.size(); ++i) {
        const QJsonObject item = history.at(i).toObject();
        if (generated.isEmpty() && item.value(QStringLiteral("role")).toString() == QLatin1String("user")) {
            input.append(item);
        } else {
            generated.append(item);
        }
    }
    const QString rolloutPath =
        QDir::cleanPath(options.layout.sessionsDir) + QLatin1Char('/') + *rolloutId + QStringLiteral(".jsonl");
    // A resumed run's pending call may come from before this run: the whole history is searched.
    const QJsonArray interruptions = interruptionItems(history, m_pendingApprovals);
    const QByteArray line =
        MemoryFiles::segmentLine(QDateTime::currentDateTimeUtc(), *rolloutId, MemoryFiles::filterItems(input),
                                 MemoryFiles::filterItems(generated), interruptions,
                                 terminalMetadata(outcome, !interruptions.isEmpty()), outcome.finalOutput);
    // The rollout file grows with every run of a conversation: rewritten off this thread.
    QtConcurrent::run([root, layout = options.layout, file = QString(root + QLatin1Char('/') + rolloutPath), line] {
        Result<void> written = MemoryFiles::ensureLayout(root, layout);
        return written ? MemoryFiles::appendLine(file, line) : written;
    }).then(this, [this, outcome, rolloutPath, rolloutId = *rolloutId](const Result<void> &written) {
        if (!written) {
            reportIssue({QStringLiteral("memory"), rolloutPath, written.error().toString()});
        }
        if (!written || outcome.status == RunStatus::Cancelled || m_cancelled) {
            // A person stopped the run: no further model calls. The segment waits for the next
            // flush of this rollout id.
            if (written) {
                Q_EMIT preparing(QStringLiteral("memory: the run was cancelled, notes are not generated now"));
            }
            m_finished = true;
            Q_EMIT finished(outcome);
            return;
        }
        flushMemory(outcome, rolloutId);
    });
    return true;
}

void AgentRun::flushMemory(const RunOutcome &outcome, const QString &rolloutId)
{
    const MemoryOptions &options = memoryCapability()->options();
    const QString root = m_session->workspaceRoot();
    MemoryGenerationContext context;
    context.options = options;
    context.workspaceRoot = root;
    context.sandboxRoot = m_session->sandboxRoot();
    context.sessionId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    context.rolloutIds = {rolloutId};
    context.chatApi = m_options.api == QLatin1String("chat");
    if (m_options.manifest) {
        context.workspaceDescription = m_options.manifest->renderTree();
    }
    m_memoryGenerator = std::make_unique<MemoryGenerator>(context, m_model.get(), m_session);
    connect(m_memoryGenerator.get(), &MemoryGenerator::progress, this, &AgentRun::preparing);
    connect(m_memoryGenerator.get(), &MemoryGenerator::issueReported, this, &AgentRun::reportIssue);
    connect(m_memoryGenerator.get(), &MemoryGenerator::finished, this, [this, outcome] {
        m_finished = true;
        Q_EMIT finished(outcome);
    });
    m_memoryGenerator->start();
}

} // namespace Sandcastle::Core
