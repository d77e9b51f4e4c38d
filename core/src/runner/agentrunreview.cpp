// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// AgentRun's review side (issue 8): the PatchReviewGate's change sets go to the journal and
// become run events; a held apply_patch call waits for decidePatchReview().
#include "sandcastle/core/review/workspacediff.h"
#include "sandcastle/core/runner/agentrun.h"
#include "sandcastle/core/snapshot/snapshotstore.h"

#include "runner_p.h"

#include <QLoggingCategory>
#include <QtConcurrent/QtConcurrentRun>

namespace Sandcastle::Core {

void AgentRun::connectReview()
{
    if (!m_reviewGate) {
        return;
    }
    Runner *runner = m_runner.get();
    const QString runId = runner->runId();
    connect(runner, &Runner::eventEmitted, this, [this](const RunEvent &event) {
        if (event.kind == RunEvent::Kind::ToolCall) {
            const QString name = event.data.value(QStringLiteral("name")).toString();
            m_shellRan = m_shellRan || name == QLatin1String("exec_command") || name == QLatin1String("write_stdin");
        }
    });
    auto notePatched = [this](const ChangeSet &set) {
        if (!m_options.snapshotEveryTurn) {
            return; // shell changes are only recorded against per-turn snapshots
        }
        for (const ChangeSetFile &f : set.files) {
            if (!f.writtenNothing) {
                m_patchedThisTurn.insert(f.change.path, f.written.value_or(f.change.after));
            }
        }
    };
    m_reviewGate->setRunContext(runId, [runner] { return runner->turns(); });
    connect(m_reviewGate.get(), &PatchReviewGate::changeSetRecorded, this,
            [this, runner, notePatched](const ChangeSet &set) {
                if (m_journal) {
                    journalWrite(m_journal->recordChangeSet(set));
                }
                if (set.status != ChangeSetStatus::Pending) {
                    notePatched(set);
                    runner->report(RunEvent::Kind::ChangeSetRecorded, set.summaryJson());
                }
            });
    connect(m_reviewGate.get(), &PatchReviewGate::reviewRequested, this, [this, runner, runId](const ChangeSet &set) {
        if (m_journal) {
            journalWrite(m_journal->recordToolCall(runId, set.callId, QStringLiteral("apply_patch"),
                                                   QStringLiteral("awaiting_review")));
        }
        runner->report(RunEvent::Kind::PatchReviewRequested, set.summaryJson());
    });
    connect(m_reviewGate.get(), &PatchReviewGate::changeSetDecided, this,
            [this, runner, notePatched](const PatchReviewResult &result) {
                if (result.set.status == ChangeSetStatus::Reviewed) {
                    notePatched(result.set);
                }
                if (m_journal) {
                    journalWrite(m_journal->decideChangeSet(result.set, result.decisions));
                }
                runner->report(RunEvent::Kind::PatchReviewDecided, result.eventData);
            });
}

QFuture<void> AgentRun::recordShellChanges(int turn)
{
    const QString store = m_options.effectiveSnapshotStore();
    const QString workspace = m_options.workspaceDir;
    const QStringList excluded = m_options.manifest ? m_options.manifest->ephemeralEntryPaths() : QStringList();
    return QtConcurrent::run([store, workspace, excluded] {
               // Against the previous turn's snapshot, which may still be becoming durable.
               static_cast<void>(SnapshotStore(store).waitDurable());
               return WorkspaceDiff::againstLatestSnapshot(store, workspace, excluded);
           })
        .then(this, [this, turn](const Result<WorkspaceChanges> &diff) {
            const QHash<QString, QByteArray> patched = std::exchange(m_patchedThisTurn, {});
            if (!diff) {
                // The first turn of a store has no baseline; anything else is worth a line in the log.
                if (diff.error().code != ErrorCode::NotFound) {
                    qCWarning(lcRunner) << "shell changes of turn" << turn
                                        << "not recorded:" << diff.error().toString();
                }
                return;
            }
            WorkspaceChanges shell;
            for (qsizetype k = 0; k < diff->changes.size(); ++k) {
                const FileChange &c = diff->changes.at(k);
                const auto it = patched.constFind(c.path);
                if (it != patched.cend() && c.kind != FileChange::Kind::Delete && *it == c.after) {
                    continue; // apply_patch's change, already a change set of its own
                }
                shell.changes.append(c);
                shell.origins.append(diff->origins.at(k));
            }
            if (shell.changes.isEmpty() || !m_runner) {
                return;
            }
            ChangeSet set = ChangeSet::fromChanges(shell.changes, shell.origins);
            set.runId = m_runner->runId();
            set.turn = turn;
            set.source = QStringLiteral("shell");
            if (m_journal) {
                journalWrite(m_journal->recordChangeSet(set));
            }
            m_runner->report(RunEvent::Kind::ChangeSetRecorded, set.summaryJson());
        });
}

QFuture<Result<RevertOutcome>> AgentRun::revertChanges(const QString &changeSetId, int file, int hunk)
{
    if (!m_journal) {
        return QtFuture::makeReadyValueFuture(Result<RevertOutcome>(
            Core::fail(ErrorCode::InvalidInput, QStringLiteral("reverting needs the run journal (the run has none)"))));
    }
    const auto set = m_journal->changeSet(changeSetId);
    if (!set) {
        return QtFuture::makeReadyValueFuture(Result<RevertOutcome>(std::unexpected(set.error())));
    }
    return revertSets({*set}, set->id, file, hunk);
}

QFuture<Result<RevertOutcome>> AgentRun::revertTurn(int turn)
{
    if (!m_journal || !m_runner) {
        return QtFuture::makeReadyValueFuture(Result<RevertOutcome>(
            Core::fail(ErrorCode::InvalidInput, QStringLiteral("reverting needs the run journal (the run has none)"))));
    }
    const auto sets = m_journal->changeSets(m_runner->runId());
    if (!sets) {
        return QtFuture::makeReadyValueFuture(Result<RevertOutcome>(std::unexpected(sets.error())));
    }
    QList<ChangeSet> ofTurn;
    for (auto it = sets->crbegin(); it != sets->crend(); ++it) {
        if (it->turn == turn) {
            ofTurn.append(*it);
        }
    }
    if (ofTurn.isEmpty()) {
        return QtFuture::makeReadyValueFuture(Result<RevertOutcome>(
            Core::fail(ErrorCode::NotFound, QStringLiteral("turn %1 of this run recorded no changes").arg(turn))));
    }
    return revertSets(ofTurn, {}, -1, -1);
}

QFuture<Result<RevertOutcome>> AgentRun::revertSets(const QList<ChangeSet> &sets, const QString &changeSetId, int file,
                                                    int hunk)
{
    const QString root = m_options.workspaceDir;
    return QtConcurrent::run([root, sets, file, hunk] {
               return sets.size() == 1 ? ChangeReverter::revert(root, sets.first(), file, hunk)
                                       : ChangeReverter::revertAll(root, sets);
           })
        .then(this, [this, sets, changeSetId, file, hunk](Result<RevertOutcome> outcome) {
            if (!outcome) {
                return outcome;
            }
            QString detail;
            for (const RevertConflict &c : outcome->conflicts) {
                detail += QStringLiteral("%1 %2 %3: %4\n")
                              .arg(c.path,
                                   c.hunk < 0 ? QStringLiteral("(whole file)") : QStringLiteral("hunk %1").arg(c.hunk),
                                   c.header, c.reason);
            }
            const QString status = outcome->ok() ? QStringLiteral("reverted") : QStringLiteral("conflict");
            for (const ChangeSet &set : sets) {
                const JournalRevert revert{{}, set.id, changeSetId.isEmpty() ? -1 : file, hunk, status, detail, {}};
                if (m_journal) {
                    if (const Result<void> recorded = m_journal->recordRevert(revert); !recorded) {
                        return Result<RevertOutcome>(std::unexpected(recorded.error()));
                    }
                }
                if (m_runner) {
                    m_runner->report(RunEvent::Kind::ChangeReverted, {{QStringLiteral("change_set_id"), set.id},
                                                                      {QStringLiteral("file"), revert.file},
                                                                      {QStringLiteral("hunk"), revert.hunk},
                                                                      {QStringLiteral("status"), status},
                                                                      {QStringLiteral("detail"), detail}});
                }
            }
            return outcome;
        });
}

bool AgentRun::decidePatchReview(const QString &callId, const PatchReviewDecision &decision)
{
    return m_reviewGate && m_reviewGate->decide(callId, decision);
}

} // namespace Sandcastle::Core
