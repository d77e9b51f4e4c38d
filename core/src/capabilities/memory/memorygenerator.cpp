// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/capabilities/memory/memorygenerator.h"

#include "sandcastle/core/capabilities/compaction/compactioncapability.h"
#include "sandcastle/core/capabilities/filesystem/filesystemcapability.h"
#include "sandcastle/core/capabilities/shell/shellcapability.h"
#include "sandcastle/core/model/modelclient.h"
#include "sandcastle/core/runner/runner.h"
#include "sandcastle/core/sandbox/sandboxsession.h"

#include "capabilities/skills/skills_p.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QtConcurrent/QtConcurrentRun>

namespace Sandcastle::Core {

namespace {

constexpr qint64 kPhaseOneRolloutTokens = 150000;
constexpr int kPhaseOneMaxTurns = 10;
constexpr int kPhaseTwoMaxTurns = 500;

QString extraGuidance(const QString &extra)
{
    if (extra.trimmed().isEmpty()) {
        return {};
    }
    return QStringLiteral("\n## Extra guidance from the developer\n\n") + extra.trimmed();
}

} // namespace

MemoryGenerator::MemoryGenerator(MemoryGenerationContext context, ModelClient *model, SandboxSession *session,
                                 QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_model(model)
    , m_session(session)
{}

MemoryGenerator::~MemoryGenerator()
{
    m_cancelled = true;
    if (m_runner) {
        m_runner->disconnect(this); // its finished() must not reach a half-destroyed generator
        if (m_runner->isRunning()) {
            m_runner->cancel();
        }
    }
}

QJsonObject MemoryGenerator::phaseOneSchema()
{
    const QJsonObject string{{QStringLiteral("type"), QStringLiteral("string")}};
    return QJsonObject{
        {QStringLiteral("type"), QStringLiteral("object")},
        {QStringLiteral("properties"), QJsonObject{{QStringLiteral("rollout_slug"), string},
                                                   {QStringLiteral("rollout_summary"), string},
                                                   {QStringLiteral("raw_memory"), string}}},
        {QStringLiteral("required"),
         QJsonArray{QStringLiteral("rollout_slug"), QStringLiteral("rollout_summary"), QStringLiteral("raw_memory")}},
        {QStringLiteral("additionalProperties"), false},
    };
}

QString MemoryGenerator::phaseOneInput(const QByteArray &rolloutText, const QString &rolloutPath, qint64 maxTokens,
                                       QList<CapabilityIssue> *issues, MemorySelectionItem *header)
{
    QList<QByteArray> kept;
    QJsonArray states;
    QJsonObject lastTerminal;
    const QList<QByteArray> lines = rolloutText.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty()) {
            continue;
        }
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            issues->append({QStringLiteral("memory"), rolloutPath,
                            QStringLiteral("line %1 is not a JSON object (%2); the line was left out of phase one")
                                .arg(i + 1)
                                .arg(error.error != QJsonParseError::NoError ? error.errorString()
                                                                             : QStringLiteral("not an object"))});
            continue;
        }
        kept.append(line);
        const QJsonObject segment = doc.object();
        lastTerminal = segment.value(QStringLiteral("terminal_metadata")).toObject();
        states.append(lastTerminal.value(QStringLiteral("terminal_state")));
        header->updatedAt = segment.value(QStringLiteral("updated_at")).toString();
        header->terminalState = lastTerminal.value(QStringLiteral("terminal_state")).toString();
    }
    if (kept.isEmpty()) {
        return {};
    }
    const QJsonObject metadata = kept.size() == 1
                                     ? lastTerminal
                                     : QJsonObject{{QStringLiteral("segment_count"), kept.size()},
                                                   {QStringLiteral("final_terminal_metadata"), lastTerminal},
                                                   {QStringLiteral("terminal_states"), states}};
    const QString rollout = QString::fromUtf8(kept.join('\n'));
    const QString shown = truncateMiddle(rollout, maxTokens);
    QString notice;
    if (shown.size() != rollout.size()) {
        notice = QStringLiteral("[The rollout is too long to show whole: %1 of its %2 characters are shown, the "
                                "middle was left out.]\n")
                     .arg(shown.size())
                     .arg(rollout.size());
    }
    QString text = Internal::loadPromptResource(QStringLiteral("memory_phase_one_input.md"));
    text.replace(QStringLiteral("{{ROLLOUT_PATH}}"), rolloutPath);
    text.replace(QStringLiteral("{{TERMINAL_METADATA}}"),
                 QString::fromUtf8(MemoryFiles::indentedJson(metadata)).trimmed());
    text.replace(QStringLiteral("{{TRUNCATION_NOTICE}}"), notice);
    const qsizetype at = text.indexOf(QStringLiteral("{{ROLLOUT}}"));
    if (at >= 0) {
        text.replace(at, qsizetype(sizeof("{{ROLLOUT}}") - 1), shown);
    }
    return text;
}

void MemoryGenerator::start()
{
    if (const Result<void> ok = MemoryFiles::ensureLayout(m_context.workspaceRoot, m_context.options.layout); !ok) {
        report(m_context.options.layout.memoriesDir, ok.error().toString());
        QMetaObject::invokeMethod(this, &MemoryGenerator::finish, Qt::QueuedConnection);
        return;
    }
    QMetaObject::invokeMethod(this, &MemoryGenerator::nextPhaseOne, Qt::QueuedConnection);
}

void MemoryGenerator::cancel()
{
    m_cancelled = true;
    if (m_runner && m_runner->isRunning()) {
        m_runner->cancel();
        return;
    }
    finish();
}

void MemoryGenerator::report(const QString &file, const QString &reason)
{
    Q_EMIT issueReported(CapabilityIssue{QStringLiteral("memory"), file, reason});
}

void MemoryGenerator::startRun(const QString &model, const QString &agentInstructions, const QString &prompt,
                               int maxTurns, const QJsonObject &extra,
                               void (MemoryGenerator::*onFinished)(const RunOutcome &))
{
    if (!m_model || !m_session) {
        report(m_context.options.layout.memoriesDir,
               QStringLiteral("the sandbox session or model client is gone; memory generation stopped"));
        finish();
        return;
    }
    auto filesystem = std::make_unique<FilesystemCapability>(
        m_context.chatApi ? ApplyPatchTool::Transport::Function : ApplyPatchTool::Transport::CustomGrammar);
    auto shell = std::make_unique<ShellCapability>();
    shell->bind(m_session);
    auto compaction = std::make_unique<CompactionCapability>();
    const QList<Capability *> capabilities{filesystem.get(), shell.get(), compaction.get()};
    Phase phase;
    phase.capabilities.push_back(std::move(filesystem));
    phase.capabilities.push_back(std::move(shell));
    phase.capabilities.push_back(std::move(compaction));
    RunConfig config;
    config.model = model;
    config.agentInstructions = agentInstructions;
    config.workspaceDescription = m_context.workspaceDescription;
    config.maxTurns = maxTurns;
    config.extraParameters = extra;
    ToolContext toolContext;
    toolContext.workspaceRoot = m_context.workspaceRoot;
    toolContext.sandboxRoot = m_context.sandboxRoot;
    phase.runner = std::make_unique<Runner>(m_model.data(), capabilities, toolContext, config);
    m_runner = phase.runner.get();
    m_phases.push_back(std::move(phase));
    connect(m_runner, &Runner::finished, this, onFinished);
    m_runner->start(prompt);
}

void MemoryGenerator::nextPhaseOne()
{
    if (m_cancelled) {
        finish();
        return;
    }
    if (m_next >= m_context.rolloutIds.size()) {
        startPhaseTwo();
        return;
    }
    const QString id = m_context.rolloutIds.at(m_next++);
    const QString rolloutPath =
        QDir::cleanPath(m_context.options.layout.sessionsDir) + QLatin1Char('/') + id + QStringLiteral(".jsonl");
    struct Read
    {
        QString input;
        QString error;
        QList<CapabilityIssue> issues;
        MemorySelectionItem header;
    };
    // Rollouts grow with every segment: read and render them off this thread.
    QtConcurrent::run([file = QString(m_context.workspaceRoot + QLatin1Char('/') + rolloutPath), rolloutPath, id] {
        Read read;
        read.header.rolloutId = id;
        read.header.rolloutPath = rolloutPath;
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly)) {
            read.error = QStringLiteral("cannot read the rollout: %1; skipped").arg(f.errorString());
            return read;
        }
        read.input = phaseOneInput(f.readAll(), rolloutPath, kPhaseOneRolloutTokens, &read.issues, &read.header);
        return read;
    }).then(this, [this](const Read &read) { startPhaseOne(read.input, read.error, read.issues, read.header); });
}

void MemoryGenerator::startPhaseOne(const QString &input, const QString &error, const QList<CapabilityIssue> &issues,
                                    const MemorySelectionItem &header)
{
    m_header = header;
    const QString rolloutPath = header.rolloutPath;
    for (const CapabilityIssue &issue : issues) {
        Q_EMIT issueReported(issue);
    }
    if (m_cancelled) {
        finish();
        return;
    }
    if (!error.isEmpty() || input.isEmpty()) {
        report(rolloutPath, error.isEmpty() ? QStringLiteral("the rollout has no readable segment; skipped") : error);
        QMetaObject::invokeMethod(this, &MemoryGenerator::nextPhaseOne, Qt::QueuedConnection);
        return;
    }
    Q_EMIT progress(QStringLiteral("memory: extracting notes from %1").arg(rolloutPath));
    const QJsonObject text{
        {QStringLiteral("format"), QJsonObject{{QStringLiteral("type"), QStringLiteral("json_schema")},
                                               {QStringLiteral("name"), QStringLiteral("final_output")},
                                               {QStringLiteral("schema"), phaseOneSchema()},
                                               {QStringLiteral("strict"), true}}}};
    startRun(m_context.options.phaseOneModel,
             Internal::loadPromptResource(QStringLiteral("memory_phase_one.md")) +
                 extraGuidance(m_context.options.extraPrompt),
             input, kPhaseOneMaxTurns, QJsonObject{{QStringLiteral("text"), text}},
             &MemoryGenerator::onPhaseOneFinished);
}

void MemoryGenerator::onPhaseOneFinished(const RunOutcome &outcome)
{
    const QString rolloutPath = m_header.rolloutPath;
    const auto next = [this] { QMetaObject::invokeMethod(this, &MemoryGenerator::nextPhaseOne, Qt::QueuedConnection); };
    if (outcome.status != RunStatus::Done) {
        report(rolloutPath, QStringLiteral("phase one did not finish (%1: %2); no memory was written for it")
                                .arg(runStatusName(outcome.status), outcome.error.toString()));
        next();
        return;
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(outcome.finalOutput.trimmed().toUtf8(), &error);
    const QJsonObject o = doc.object();
    const auto invalid = [&](const QString &why) {
        report(rolloutPath, QStringLiteral("phase one returned invalid structured output: %1; no memory was written "
                                           "for it")
                                .arg(why));
        next();
    };
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        invalid(error.error != QJsonParseError::NoError
                    ? QStringLiteral("not JSON (%1 at offset %2)").arg(error.errorString()).arg(error.offset)
                    : QStringLiteral("not a JSON object"));
        return;
    }
    for (const char *key : {"rollout_slug", "rollout_summary", "raw_memory"}) {
        if (!o.value(QLatin1String(key)).isString()) {
            invalid(QStringLiteral("/%1: expected a string").arg(QLatin1String(key)));
            return;
        }
    }
    QString slug = o.value(QStringLiteral("rollout_slug")).toString().trimmed();
    const QString summary = o.value(QStringLiteral("rollout_summary")).toString().trimmed();
    const QString raw = o.value(QStringLiteral("raw_memory")).toString().trimmed();
    if (slug.isEmpty() && summary.isEmpty() && raw.isEmpty()) {
        ++m_report.phaseOneSkipped;
        Q_EMIT progress(QStringLiteral("memory: nothing worth keeping in %1").arg(rolloutPath));
        next();
        return;
    }
    if (slug.isEmpty() || summary.isEmpty() || raw.isEmpty()) {
        invalid(QStringLiteral("some of rollout_slug, rollout_summary and raw_memory are empty"));
        return;
    }
    if (slug.endsWith(QLatin1String(".md"))) {
        slug.chop(3);
    }
    static const QRegularExpression slugPattern(QStringLiteral("^[a-z0-9][a-z0-9_-]{0,79}$"));
    if (!slugPattern.match(slug).hasMatch()) {
        invalid(QStringLiteral("/rollout_slug \"%1\" must match ^[a-z0-9][a-z0-9_-]{0,79}$").arg(slug));
        return;
    }
    MemorySelectionItem header = m_header;
    header.rolloutSummaryFile = QStringLiteral("rollout_summaries/%1_%2.md").arg(header.rolloutId, slug);
    const QString memories = m_context.workspaceRoot + QLatin1Char('/') +
                             QDir::cleanPath(m_context.options.layout.memoriesDir) + QLatin1Char('/');
    const Result<void> rawWritten = MemoryFiles::writeAtomically(memories + QStringLiteral("raw_memories/") +
                                                                     header.rolloutId + QStringLiteral(".md"),
                                                                 MemoryFiles::rawMemoryText(header, raw));
    const Result<void> summaryWritten =
        rawWritten ? MemoryFiles::writeAtomically(memories + header.rolloutSummaryFile,
                                                  MemoryFiles::rolloutSummaryText(m_context.sessionId, header, summary))
                   : rawWritten;
    if (!summaryWritten) {
        report(rolloutPath, summaryWritten.error().toString());
    } else {
        ++m_report.phaseOneSucceeded;
    }
    next();
}

void MemoryGenerator::startPhaseTwo()
{
    if (m_report.phaseOneSucceeded == 0) {
        finish();
        return;
    }
    struct Selected
    {
        MemorySelection selection;
        bool first = true; ///< no previous selection
        QStringList lines;
        QList<CapabilityIssue> issues;
        std::optional<CapabilityIssue> error;
    };
    const QString memoriesDir = QDir::cleanPath(m_context.options.layout.memoriesDir);
    // Up to 4096 raw memories are listed, read and joined: off this thread.
    QtConcurrent::run([root = QString(m_context.workspaceRoot + QLatin1Char('/') + memoriesDir), memoriesDir,
                       limit = m_context.options.maxRawMemoriesForConsolidation] {
        Selected out;
        const QString selectionPath = root + QStringLiteral("/phase_two_selection.json");
        QList<MemorySelectionItem> previous;
        if (const auto read = MemoryFiles::readSelection(selectionPath); read) {
            previous = *read;
        } else {
            // Kept beside it for a person to look at; the next successful phase two writes a new one.
            const QString backup = selectionPath + QStringLiteral(".corrupt");
            QFile::remove(backup);
            QFile::copy(selectionPath, backup);
            out.issues.append({QStringLiteral("memory"), memoriesDir + QStringLiteral("/phase_two_selection.json"),
                               QStringLiteral("%1; treated as no previous selection (a copy is in "
                                              "phase_two_selection.json.corrupt)")
                                   .arg(read.error().message)});
        }
        out.first = previous.isEmpty();
        out.selection = MemoryFiles::selectRawMemories(root, memoriesDir, limit, previous, &out.issues);
        if (out.selection.selected.isEmpty()) {
            return out;
        }
        QByteArrayList parts;
        for (const MemorySelectionItem &item : std::as_const(out.selection.selected)) {
            QFile f(root + QStringLiteral("/raw_memories/") + item.rolloutId + QStringLiteral(".md"));
            if (f.open(QIODevice::ReadOnly)) {
                QByteArray bytes = f.readAll();
                while (bytes.endsWith('\n')) {
                    bytes.chop(1);
                }
                parts << bytes;
            }
            out.lines << QStringLiteral("- %1 (%2): %3, updated %4, summary %5")
                             .arg(item.rolloutId,
                                  out.selection.added.contains(item.rolloutId) ? QStringLiteral("new")
                                                                               : QStringLiteral("kept"),
                                  item.terminalState.isEmpty() ? QStringLiteral("unknown") : item.terminalState,
                                  item.updatedAt.isEmpty() ? QStringLiteral("unknown") : item.updatedAt,
                                  item.rolloutSummaryFile);
        }
        if (const Result<void> ok =
                MemoryFiles::writeAtomically(root + QStringLiteral("/raw_memories.md"), parts.join("\n\n") + '\n');
            !ok) {
            out.error = CapabilityIssue{QStringLiteral("memory"), memoriesDir + QStringLiteral("/raw_memories.md"),
                                        ok.error().toString()};
        }
        return out;
    }).then(this, [this](const Selected &selected) {
        for (const CapabilityIssue &issue : selected.issues) {
            Q_EMIT issueReported(issue);
        }
        if (selected.error) {
            Q_EMIT issueReported(*selected.error);
        }
        m_selection = selected.selection;
        if (m_cancelled || selected.error || m_selection.selected.isEmpty()) {
            finish();
            return;
        }
        consolidate(selected.first, selected.lines);
    });
}

void MemoryGenerator::consolidate(bool first, const QStringList &lines)
{
    const QString memoriesDir = QDir::cleanPath(m_context.options.layout.memoriesDir);
    QString removed;
    if (!m_selection.removed.isEmpty()) {
        removed = QStringLiteral("\nRemoved since the last consolidation (prune what only they supported):\n");
        for (const MemorySelectionItem &item : std::as_const(m_selection.removed)) {
            removed += QStringLiteral("- %1: summary %2\n").arg(item.rolloutId, item.rolloutSummaryFile);
        }
    }
    const bool init = first;
    QString prompt = Internal::loadPromptResource(QStringLiteral("memory_phase_two.md"));
    prompt.replace(QStringLiteral("{{MODE}}"), init ? QStringLiteral("first consolidation") : QStringLiteral("update"));
    prompt.replace(QStringLiteral("{{MODE_TEXT}}"),
                   init ? QStringLiteral("MEMORY.md and memory_summary.md are empty or were written by hand: build "
                                         "them from the raw memories, keeping anything useful already there.")
                        : QStringLiteral("MEMORY.md and memory_summary.md hold earlier consolidations: fold the new "
                                         "raw memories in, update what changed and prune what was removed; do not "
                                         "rewrite what is still right."));
    prompt.replace(QStringLiteral("{{SELECTED_COUNT}}"), QString::number(m_selection.selected.size()));
    prompt.replace(QStringLiteral("{{ADDED_COUNT}}"), QString::number(m_selection.added.size()));
    prompt.replace(QStringLiteral("{{RETAINED_COUNT}}"), QString::number(m_selection.retained.size()));
    prompt.replace(QStringLiteral("{{REMOVED_COUNT}}"), QString::number(m_selection.removed.size()));
    prompt.replace(QStringLiteral("{{SELECTION_LINES}}"), lines.join(QLatin1Char('\n')));
    prompt.replace(QStringLiteral("{{REMOVED_SECTION}}"), removed);
    prompt.replace(QStringLiteral("{{EXTRA_GUIDANCE}}"), extraGuidance(m_context.options.extraPrompt));
    prompt.replace(QStringLiteral("{{MEMORY_ROOT}}"), memoriesDir);
    m_report.phaseTwoRan = true;
    Q_EMIT progress(QStringLiteral("memory: consolidating %1 raw memories").arg(m_selection.selected.size()));
    startRun(m_context.options.phaseTwoModel, {}, prompt, kPhaseTwoMaxTurns, {}, &MemoryGenerator::onPhaseTwoFinished);
}

void MemoryGenerator::onPhaseTwoFinished(const RunOutcome &outcome)
{
    const QString memoriesDir = QDir::cleanPath(m_context.options.layout.memoriesDir);
    if (outcome.status != RunStatus::Done) {
        report(memoriesDir, QStringLiteral("phase two did not finish (%1: %2); the selection was not recorded")
                                .arg(runStatusName(outcome.status), outcome.error.toString()));
    } else if (const Result<void> ok = MemoryFiles::writeAtomically(
                   m_context.workspaceRoot + QLatin1Char('/') + memoriesDir +
                       QStringLiteral("/phase_two_selection.json"),
                   MemoryFiles::selectionJson(m_selection.selected, QDateTime::currentDateTimeUtc()));
               !ok) {
        report(memoriesDir + QStringLiteral("/phase_two_selection.json"), ok.error().toString());
    } else {
        m_report.phaseTwoSucceeded = true;
    }
    QMetaObject::invokeMethod(this, &MemoryGenerator::finish, Qt::QueuedConnection);
}

void MemoryGenerator::finish()
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    Q_EMIT finished(m_report);
}

} // namespace Sandcastle::Core
