// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Asynchronous durability of created snapshots, and the blob store's part of it
// (BlobStore::syncCreated()). create() captures under the store lock and hands
// the lock with the captured snapshot to one thread for the process, which flushes the blobs and
// then writes the envelope (makeDurable()). Durability steps therefore serialize, and no other
// operation on the store (another create, list, restore, gc; in this or another process) sees the
// store between capture and durability: it waits for the lock.
//
// Test hooks (builds with SANDCASTLE_TEST_HOOKS only): SANDCASTLE_TEST_SNAPSHOT_CHECK_LISTINGS (see
// listingCheckRequested()), and when SANDCASTLE_TEST_SNAPSHOT_DURABLE_GATE
// names a file, each durability step waits until that file exists before it starts; with
// SANDCASTLE_TEST_SNAPSHOT_DURABLE_GATE_LABEL set, only the steps of snapshots with that label wait.
#include "snapshot_p.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>
#include <QMap>
#include <QMutexLocker>
#include <QPromise>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

bool listingCheckRequested()
{
#ifdef SANDCASTLE_TEST_HOOKS
    return qEnvironmentVariableIsSet("SANDCASTLE_TEST_SNAPSHOT_CHECK_LISTINGS");
#else
    return false;
#endif
}

Result<void> BlobStore::syncCreated() const
{
    QHash<QByteArray, PendingLoose> pending;
    {
        const QMutexLocker locker(&m_shared->mutex);
        if (!m_shared->writer.isEmpty()) {
            QElapsedTimer timer;
            timer.start();
            auto pack = m_shared->writer.finish();
            qCDebug(lcSnapshot) << "pack finished in" << timer.elapsed() << "ms";
            if (!pack) {
                return std::unexpected(pack.error());
            }
            ensureIndex();
            addPack(*pack);
        }
        pending = m_shared->pendingLoose;
    }
    auto synced = syncLoose(pending);
    const QMutexLocker locker(&m_shared->mutex);
    m_shared->fanouts.reset(); // renames may have created fan-out directories
    for (auto it = pending.cbegin(); it != pending.cend(); ++it) {
        m_shared->pendingLoose.remove(it.key()); // renamed, or left in tmp/ for gc after a failure
    }
    return synced;
}

BlobStore::Shared::~Shared()
{
    for (const PendingLoose &p : std::as_const(pendingLoose)) {
        ::unlink(QFile::encodeName(p.tmpPath).constData());
    }
}

Result<void> BlobStore::syncLoose(const QHash<QByteArray, PendingLoose> &pending) const
{
    if (pending.isEmpty()) {
        return {};
    }
    const QString blobsDir = m_root + QStringLiteral("/blobs");
    // Few new blobs (a per-turn snapshot): fsync just them and their directories, so that a busy
    // file system's unrelated dirty data is not waited for. Many: one syncfs is far cheaper.
    const bool many = pending.size() > kFsyncEachLimit;
    const auto syncAll = [this]() -> Result<void> {
        const int fd = ::open(QFile::encodeName(m_root).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        const bool ok = fd >= 0 && ::syncfs(fd) == 0;
        const int error = errno;
        if (fd >= 0) {
            ::close(fd);
        }
        if (!ok) {
            return fail(ErrorCode::Io,
                        QStringLiteral("%1: cannot flush new blobs to disk: %2").arg(m_root, errnoText(error)), m_root);
        }
        return {};
    };
    // 1. The content reaches the disk under its temp name.
    if (many) {
        if (auto ok = syncAll(); !ok) {
            return ok;
        }
    } else {
        for (const PendingLoose &p : pending) {
            if (!fsyncPath(p.tmpPath, 0)) {
                return fail(ErrorCode::Io,
                            QStringLiteral("%1: cannot flush blob to disk: %2").arg(p.tmpPath, errnoText(errno)),
                            p.tmpPath);
            }
        }
    }
    // 2. Only then does it get its name: a named loose blob is always complete on disk.
    QSet<QString> dirs{m_root, blobsDir};
    for (auto it = pending.cbegin(); it != pending.cend(); ++it) {
        const QString path = blobPath(it.key());
        const QString fanout = path.left(path.lastIndexOf(QLatin1Char('/')));
        dirs.insert(fanout);
        if (!QDir().mkpath(fanout) ||
            ::rename(QFile::encodeName(it->tmpPath).constData(), QFile::encodeName(path).constData()) != 0) {
            return fail(ErrorCode::Io, QStringLiteral("%1: cannot store blob: %2").arg(path, errnoText(errno)), path);
        }
    }
    // 3. The names reach the disk before the envelope that needs them.
    if (many) {
        return syncAll();
    }
    for (const QString &dir : std::as_const(dirs)) {
        if (!fsyncPath(dir, O_DIRECTORY)) {
            return fail(ErrorCode::Io,
                        QStringLiteral("%1: cannot flush directory to disk: %2").arg(dir, errnoText(errno)), dir);
        }
    }
    return {};
}

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
