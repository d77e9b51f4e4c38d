// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/capabilities/capabilityissue.h"
#include "sandcastle/core/capabilities/memory/memoryfiles.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>

#include <memory>
#include <vector>

namespace Sandcastle::Core {

class Capability;
class ModelClient;
class Runner;
class SandboxSession;
struct RunOutcome;

/// What MemoryGenerator needs to know about the session it flushes.
struct MemoryGenerationContext
{
    MemoryOptions options;
    QString workspaceRoot;  ///< host directory
    QString sandboxRoot;    ///< the same as the sandbox sees it
    QString sessionId;      ///< the sandbox session's id (rollout summary header)
    QStringList rolloutIds; ///< the rollout files written in this session
    bool chatApi = false;   ///< the model speaks Chat Completions (apply_patch as a function tool)
    QString workspaceDescription;
};

/// What the flush did.
struct MemoryGenerationReport
{
    int phaseOneSucceeded = 0;
    int phaseOneSkipped = 0; ///< the model found nothing worth keeping
    bool phaseTwoRan = false;
    bool phaseTwoSucceeded = false;
};

/// The memory flush of spec 2.5 when a session closes: phase one (extraction with structured
/// output, one short run per rollout file, sequentially), then phase two once (consolidation: a
/// run that edits the memory files with the filesystem and shell tools). Both are Runner runs on
/// the given live session with their own default capabilities (filesystem, shell, compaction).
/// Bad input (a broken rollout line, invalid structured output, a corrupt
/// phase_two_selection.json, a failed phase run) is reported with issueReported() and skipped;
/// generation carries on and every file is written through a temporary file and a rename.
/// Emits finished() exactly once. Lives on the creating thread; the model client and the session
/// are not owned and must outlive it.
class MemoryGenerator : public QObject
{
    Q_OBJECT
public:
    MemoryGenerator(MemoryGenerationContext context, ModelClient *model, SandboxSession *session,
                    QObject *parent = nullptr);
    ~MemoryGenerator() override;

    void start();
    /// Stops the phase run in flight; finished() follows.
    void cancel();

    /// The phase-one output schema `{rollout_slug, rollout_summary, raw_memory}` (strict).
    [[nodiscard]] static QJsonObject phaseOneSchema();
    /// The phase-one user message for a rollout file's text (spec 2.5: terminal metadata, the
    /// rollout truncated to `maxTokens` with an omission notice). Broken lines are left out and
    /// reported in `issues` with `rolloutPath`.
    [[nodiscard]] static QString phaseOneInput(const QByteArray &rolloutText, const QString &rolloutPath,
                                               qint64 maxTokens, QList<CapabilityIssue> *issues,
                                               MemorySelectionItem *header);

Q_SIGNALS:
    void progress(const QString &what);
    void issueReported(const Sandcastle::Core::CapabilityIssue &issue);
    void finished(const Sandcastle::Core::MemoryGenerationReport &report);

private:
    void nextPhaseOne();
    void startPhaseOne(const QString &input, const QString &error, const QList<CapabilityIssue> &issues,
                       const MemorySelectionItem &header);
    void onPhaseOneFinished(const RunOutcome &outcome);
    void startPhaseTwo();
    void consolidate(bool first, const QStringList &lines);
    void onPhaseTwoFinished(const RunOutcome &outcome);
    void startRun(const QString &model, const QString &agentInstructions, const QString &prompt, int maxTurns,
                  const QJsonObject &extra, void (MemoryGenerator::*onFinished)(const RunOutcome &));
    void report(const QString &file, const QString &reason);
    void finish();

    MemoryGenerationContext m_context;
    QPointer<ModelClient> m_model;
    QPointer<SandboxSession> m_session;
    /// One phase run: its capabilities and the runner using them (destroyed first). Finished phases
    /// are kept until the generator goes, so nothing is deleted inside its own signal and every
    /// runner goes before the model client it used.
    struct Phase
    {
        std::vector<std::unique_ptr<Capability>> capabilities;
        std::unique_ptr<Runner> runner;
    };
    std::vector<Phase> m_phases;
    Runner *m_runner = nullptr; ///< the current phase's runner (owned by m_phases)
    MemoryGenerationReport m_report;
    qsizetype m_next = 0;
    MemorySelectionItem m_header; ///< the rollout in phase one
    MemorySelection m_selection;  ///< phase two
    bool m_finished = false;
    bool m_cancelled = false;
};

} // namespace Sandcastle::Core

Q_DECLARE_METATYPE(Sandcastle::Core::MemoryGenerationReport)
