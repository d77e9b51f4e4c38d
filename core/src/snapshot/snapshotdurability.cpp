// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Asynchronous durability of created snapshots. create() captures under the store lock and hands
// the lock with the captured snapshot to one thread for the process, which flushes the blobs and
// then writes the envelope (makeDurable()). Durability steps therefore serialize, and no other
// operation on the store (another create, list, restore, gc; in this or another process) sees the
// store between capture and durability: it waits for the lock.
//
// Test hook (builds with SANDCASTLE_TEST_HOOKS only): when SANDCASTLE_TEST_SNAPSHOT_DURABLE_GATE
// names a file, each durability step waits until that file exists before it starts; with
// SANDCASTLE_TEST_SNAPSHOT_DURABLE_GATE_LABEL set, only the steps of snapshots with that label wait.
#include "snapshot_p.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QMap>
#include <QMutexLocker>
#include <QPromise>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <sys/stat.h>

namespace Sandcastle::Core::Internal::Snapshots {

namespace {

/// Finished, successful steps kept per store (the newest): older ones are dropped, since their
/// snapshots are on disk and durable(id) answers from the envelope. Without the bound the map kept
/// every step of the process (with the continuations chained on it), a few per agent turn.
constexpr qsizetype kKeptSteps = 16;

struct Durability
{
    Durability() { pool.setMaxThreadCount(1); }
    QMutex mutex;
    QThreadPool pool;
    /// By store root, by snapshot id (ids sort by creation time).
    QHash<QString, QMap<QString, QFuture<Result<SnapshotInfo>>>> steps;
};

Durability &durability()
{
    static Durability instance;
    return instance;
}

/// Drops the oldest finished steps that succeeded while there are more than kKeptSteps; failed
/// steps stay, so that durable(id) and waitDurable() report their errors.
void pruneSteps(QMap<QString, QFuture<Result<SnapshotInfo>>> &steps)
{
    qsizetype excess = steps.size() - kKeptSteps;
    for (auto it = steps.begin(); it != steps.end() && excess > 0;) {
        if (it->isFinished() && it->resultCount() > 0 && it->result()) {
            it = steps.erase(it);
            --excess;
        } else {
            ++it;
        }
    }
}

void waitForTestGate([[maybe_unused]] const QString &label)
{
#ifdef SANDCASTLE_TEST_HOOKS
    // Read on every poll: a test that unsets the variable releases the step.
    const auto held = [&label] {
        const QString gate = qEnvironmentVariable("SANDCASTLE_TEST_SNAPSHOT_DURABLE_GATE");
        const QString only = qEnvironmentVariable("SANDCASTLE_TEST_SNAPSHOT_DURABLE_GATE_LABEL");
        return !gate.isEmpty() && (only.isEmpty() || only == label) && !QFileInfo::exists(gate);
    };
    while (held()) {
        QThread::msleep(5);
    }
#endif
}

} // namespace

Result<std::unique_ptr<QLockFile>> lockStore(const QString &root)
{
    if (!QFileInfo::exists(root)) {
        if (!QDir().mkpath(root)) {
            return fail(ErrorCode::Io, QStringLiteral("%1: cannot create the snapshot store").arg(root), root);
        }
        ::chmod(QFile::encodeName(root).constData(), 0700);
    }
    auto lock = std::make_unique<QLockFile>(root + QStringLiteral("/lock"));
    lock->setStaleLockTime(0);
    if (!lock->lock()) {
        return fail(ErrorCode::Io,
                    QStringLiteral("%1: cannot lock the snapshot store (error %2)").arg(root).arg(int(lock->error())),
                    root);
    }
    return lock;
}

QFuture<Result<SnapshotInfo>> scheduleDurability(const QString &root, std::unique_ptr<QLockFile> lock,
                                                 PendingDurability pending)
{
    Durability &d = durability();
    const QString id = pending.record.info.id;
    const QMutexLocker locker(&d.mutex);
    auto future =
        QtConcurrent::run(&d.pool, [root, lock = std::shared_ptr<QLockFile>(std::move(lock)),
                                    pending = std::make_shared<PendingDurability>(std::move(pending))]() mutable {
            waitForTestGate(pending->record.info.label);
            Result<SnapshotInfo> done = makeDurable(root, *pending);
            if (!done) {
                qCWarning(lcSnapshot).noquote()
                    << "snapshot" << pending->record.info.id << "did not become durable:" << done.error().toString();
            }
            pending.reset(); // a failed step's unfinished pack is removed before the lock goes
            lock.reset();
            return done;
        });
    auto &steps = d.steps[root];
    pruneSteps(steps);
    steps.insert(id, future);
    return future;
}

std::optional<QFuture<Result<SnapshotInfo>>> durableFuture(const QString &root, const QString &id)
{
    Durability &d = durability();
    const QMutexLocker locker(&d.mutex);
    const auto store = d.steps.constFind(root);
    if (store == d.steps.cend() || !store->contains(id)) {
        return std::nullopt;
    }
    return store->value(id);
}

QList<QFuture<Result<SnapshotInfo>>> durabilityFutures(const QString &root)
{
    Durability &d = durability();
    const QMutexLocker locker(&d.mutex);
    return d.steps.value(root).values();
}

} // namespace Sandcastle::Core::Internal::Snapshots
