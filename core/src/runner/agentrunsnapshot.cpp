// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// AgentRun's snapshot side: a baseline snapshot when a run starts, a workspace snapshot after every
// tool round (recorded in the journal) and, on resume, the workspace restored from the run's last
// snapshot when it is gone.
#include "sandcastle/core/runner/agentrun.h"
#include "sandcastle/core/snapshot/snapshotstore.h"

#include "runner_p.h"

#include <QStandardPaths>

#include <utility>

namespace Sandcastle::Core {

namespace {
constexpr int kGcEveryTurns = 10;
constexpr int kKeepLast = 20;
} // namespace

QString AgentRunOptions::defaultSnapshotStore(const QString &workspaceDir)
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/snapshots/") +
           RunJournal::workspaceKey(workspaceDir);
}

QString AgentRunOptions::effectiveSnapshotStore() const
{
    return snapshotStore.isEmpty() ? defaultSnapshotStore(workspaceDir) : snapshotStore;
}

QFuture<Result<void>> AgentRun::snapshotAfterTurn(int turn)
{
    if (std::exchange(m_shellRan, false)) {
        return recordShellChanges(turn).then(this, [this, turn] { return takeSnapshot(turn); }).unwrap();
    }
    m_patchedThisTurn.clear();
    return takeSnapshot(turn);
}

QFuture<Result<void>> AgentRun::takeSnapshot(int turn)
{
    return createSnapshot(QStringLiteral("turn %1").arg(turn))
        .then(this, [this, turn](const Result<SnapshotInfo> &taken) -> Result<void> {
            if (!taken) {
                return std::unexpected(taken.error());
            }
            if (m_journalError) {
                return std::unexpected(*m_journalError); // an earlier snapshot did not become durable
            }
            recordWhenDurable(turn, taken->id);
            return {};
        });
}

void AgentRun::recordWhenDurable(int turn, const QString &snapshotId)
{
    // Durability steps end in creation order, so the rows are written in turn order; the run's end
    // (onRunnerFinished) waits for the last one.
    const SnapshotStore store(m_options.effectiveSnapshotStore());
    m_snapshotRecorded = store.durable(snapshotId).then(this, [this, turn](const Result<SnapshotInfo> &taken) {
        if (!taken) {
            journalWrite(std::unexpected(taken.error())); // the run ends Failed with this error
            return;
        }
        if (m_journal && m_runner) {
            journalWrite(m_journal->recordSnapshot(m_runner->runId(), turn, taken->id));
        }
        if (turn % kGcEveryTurns == 0) {
            // Old snapshots go when the store outgrows its cap; the newest stay. Runs in the
            // background: the next turn does not wait for it.
            static_cast<void>(
                SnapshotStore(m_options.effectiveSnapshotStore()).gc(m_options.snapshotCapBytes, kKeepLast));
        }
        if (m_runner) {
            m_runner->report(RunEvent::Kind::Snapshot, {{QStringLiteral("turn"), turn},
                                                        {QStringLiteral("snapshot_id"), taken->id},
                                                        {QStringLiteral("files"), taken->fileCount},
                                                        {QStringLiteral("bytes"), taken->bytes},
                                                        {QStringLiteral("added_bytes"), taken->addedBytes}});
        }
    });
}

void AgentRun::startWithBaseline()
{
    createSnapshot(QStringLiteral("baseline")).then(this, [this](const Result<SnapshotInfo> &taken) {
        if (m_cancelled) {
            fail(Error{ErrorCode::Cancelled, QStringLiteral("the run was cancelled"), {}});
            return;
        }
        if (!taken) {
            // The run goes on; its first turn's shell changes are compared with an older snapshot.
            qCWarning(lcRunner) << "no baseline snapshot of the workspace:" << taken.error().toString();
        }
        m_runner->start(m_prompt);
    });
}

void AgentRun::restoreLastSnapshot()
{
    const Result<QStringList> ids = m_journal->snapshots(m_resumeState->run.id);
    if (!ids) {
        fail(ids.error());
        return;
    }
    const QString id = ids->last();
    Q_EMIT preparing(QStringLiteral("the workspace is gone: restoring snapshot %1").arg(id));
    const SnapshotStore store(m_options.effectiveSnapshotStore());
    store.restore(id, m_options.workspaceDir).then(this, [this](const Result<SnapshotInfo> &restored) {
        if (!restored) {
            fail(restored.error());
            return;
        }
        m_restoredSnapshot = restored->id;
        resolveEnvironment();
    });
}

} // namespace Sandcastle::Core
