// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// AgentRun's progress side: the phase and counts the desktop app shows as a progress bar
// (PreparationProgress): the workspace materialization, snapshots whose counts are polled while
// they run, and cancel() in each phase.
#include "sandcastle/core/capabilities/memory/memorygenerator.h"
#include "sandcastle/core/manifest/materializer.h"
#include "sandcastle/core/runner/agentrun.h"

#include <QDir>
#include <QFileInfo>

#include <atomic>

namespace Sandcastle::Core {

namespace Internal {

/// Written by SnapshotCreateOptions::progress on the snapshot's worker thread, read by the poll.
struct SnapshotCounters
{
    std::atomic<qint64> scanned{0};
    std::atomic<qint64> expected{-1};
    std::atomic<qint64> bytes{0};
};

} // namespace Internal

namespace {

constexpr int kPollMs = 100;

QString mebibytes(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1) + QStringLiteral(" MiB");
}

bool isEmptyOrMissingDir(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        return true;
    }
    return info.isDir() && QDir(path).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System);
}

} // namespace

void AgentRun::materialize()
{
    if (m_cancelled) {
        return;
    }
    // Sandcastle creates this workspace (a missing folder, or an empty one the staged tree replaces).
    m_createdWorkspace = !QFileInfo::exists(m_options.workspaceDir) ||
                         (m_options.manifest && isEmptyOrMissingDir(m_options.workspaceDir));
    if (m_resumeState && !QFileInfo::exists(m_options.workspaceDir) && m_journal) {
        if (const Result<QStringList> ids = m_journal->snapshots(m_resumeState->run.id); ids && !ids->isEmpty()) {
            restoreLastSnapshot();
            return;
        }
    }
    if (m_resumeState && !m_options.manifest && !QFileInfo::exists(m_options.workspaceDir)) {
        fail(Error{
            ErrorCode::NotFound,
            QStringLiteral("the run's workspace %1 is gone and the run has no snapshot or manifest to recreate it from")
                .arg(m_options.workspaceDir),
            m_options.workspaceDir});
        return;
    }
    if (!m_options.manifest || !isEmptyOrMissingDir(m_options.workspaceDir)) {
        m_reusedWorkspace = QFileInfo::exists(m_options.workspaceDir) && !isEmptyOrMissingDir(m_options.workspaceDir);
        if (!QDir().mkpath(m_options.workspaceDir)) {
            fail(Error{ErrorCode::Io, QStringLiteral("cannot create the workspace directory"), m_options.workspaceDir});
            return;
        }
        resolveEnvironment();
        return;
    }
    // An empty directory is replaced by the staged tree.
    m_materializer = std::make_unique<Materializer>();
    m_materializer->setWorkerHook(m_materializeHook);
    connect(m_materializer.get(), &Materializer::progress, this, [this](qint64 done, qint64 total, qint64 bytes) {
        setProgress({PreparationPhase::Materializing, done, total, bytes, m_options.workspaceDir});
        Q_EMIT preparing(QStringLiteral("materializing %1/%2 entries, %3").arg(done).arg(total).arg(mebibytes(bytes)));
    });
    connect(m_materializer.get(), &Materializer::finished, this, [this](const Result<MaterializeReport> &result) {
        if (m_cancelled || (!result && result.error().code == ErrorCode::Cancelled)) {
            // Reported once the staging directory is gone: nothing half-written is left.
            fail(Error{ErrorCode::Cancelled,
                       result ? QStringLiteral("the run was cancelled after the workspace was materialized")
                              : cancelledMessage(m_progress),
                       m_options.workspaceDir});
            return;
        }
        setProgress({});
        if (!result) {
            fail(result.error());
            return;
        }
        Q_EMIT preparing(
            QStringLiteral("materialized %1 entries (%2)").arg(result->items).arg(mebibytes(result->bytes)));
        resolveEnvironment();
    });
    setProgress({PreparationPhase::Materializing, 0, -1, 0, m_options.workspaceDir});
    m_materializer->start(*m_options.manifest, m_options.workspaceDir);
}

void AgentRun::cancel()
{
    if (m_finished || !m_started) {
        return;
    }
    if (m_memoryGenerator) {
        m_memoryGenerator->cancel();
        return;
    }
    const PreparationProgress at = m_progress;
    const bool snapshotStopped = cancelSnapshot(); // not recorded, earlier snapshots stay as they are
    if (m_runner) {
        if (!m_runner->isRunning()) {
            m_cancelled = true; // between the run and the memory flush: no flush
            if (snapshotStopped) {
                // The baseline snapshot before the first turn: its continuation never runs.
                const Error cancelled{ErrorCode::Cancelled, cancelledMessage(at), {}};
                QMetaObject::invokeMethod(this, [this, cancelled] { fail(cancelled); }, Qt::QueuedConnection);
            }
            return;
        }
        m_runner->cancel();
        setProgress({});
        return;
    }
    m_cancelled = true;
    if (m_materializer && m_materializer->isRunning()) {
        m_materializer->cancel(); // its finished() reports the cancel once the staging directory is gone
        return;
    }
    cancelPreparation();
}

void AgentRun::setProgress(const PreparationProgress &progress)
{
    if (progress == m_progress) {
        return;
    }
    m_progress = progress;
    Q_EMIT progressChanged(m_progress);
}

QFuture<Result<SnapshotInfo>> AgentRun::createSnapshot(const QString &label)
{
    SnapshotCreateOptions options;
    options.label = label;
    if (m_options.manifest) {
        options.excludedPaths = m_options.manifest->ephemeralEntryPaths();
    }
    auto counters = std::make_shared<Internal::SnapshotCounters>();
    options.progress = [counters, hook = m_snapshotHook](const SnapshotProgress &p) {
        counters->scanned.store(p.scanned, std::memory_order_relaxed);
        counters->expected.store(p.expected, std::memory_order_relaxed);
        counters->bytes.store(p.storedBytes, std::memory_order_relaxed);
        if (hook) {
            hook(p.scanned);
        }
    };
    m_snapshotCounters = counters;
    if (m_snapshotPoll.interval() != kPollMs) {
        m_snapshotPoll.setInterval(kPollMs);
        connect(&m_snapshotPoll, &QTimer::timeout, this, &AgentRun::pollSnapshot);
    }
    m_snapshotPoll.start();
    setProgress({PreparationPhase::Snapshotting, 0, -1, 0, label});
    m_snapshot = SnapshotStore(m_options.effectiveSnapshotStore()).create(m_options.workspaceDir, options);
    // One continuation per future: the callers chain on this one. A cancelled snapshot never gets
    // here; cancel() ends the phase itself.
    return m_snapshot.then(this, [this](const Result<SnapshotInfo> &taken) {
        m_snapshotPoll.stop();
        setProgress({});
        return taken;
    });
}

void AgentRun::pollSnapshot()
{
    if (!m_snapshotCounters || m_progress.phase != PreparationPhase::Snapshotting) {
        m_snapshotPoll.stop();
        return;
    }
    PreparationProgress p = m_progress;
    p.done = m_snapshotCounters->scanned.load(std::memory_order_relaxed);
    p.total = m_snapshotCounters->expected.load(std::memory_order_relaxed);
    if (p.total >= 0 && p.done > p.total) {
        p.total = -1; // more members than the parent had: the estimate is no use any more
    }
    p.bytes = m_snapshotCounters->bytes.load(std::memory_order_relaxed);
    setProgress(p);
}

bool AgentRun::cancelSnapshot()
{
    if (m_snapshot.isFinished()) {
        return false;
    }
    m_snapshot.cancel();
    m_snapshotPoll.stop();
    return true;
}

void AgentRun::fail(const Error &error)
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    m_snapshotPoll.stop();
    setProgress({});
    RunOutcome outcome;
    outcome.status = error.code == ErrorCode::Cancelled ? RunStatus::Cancelled : RunStatus::Failed;
    outcome.error = error;
    Q_EMIT finished(outcome);
}

void AgentRun::cancelPreparation()
{
    const Error cancelled{ErrorCode::Cancelled, cancelledMessage(m_progress), {}};
    if (m_session && !m_sandboxReady) {
        // Destroying the session finishes its pending Docker calls with Cancelled and removes a
        // container it created, also one whose create request is still out (once dockerd made
        // it, without waiting here); a Unix-local session ends its processes.
        delete m_session.data();
    }
    QMetaObject::invokeMethod(this, [this, cancelled] { fail(cancelled); }, Qt::QueuedConnection);
}

} // namespace Sandcastle::Core
