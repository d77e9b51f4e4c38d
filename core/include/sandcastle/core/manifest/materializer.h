// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/manifest/manifest.h"
#include "sandcastle/core/result.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>
#include <memory>

namespace Sandcastle::Core {

/// What a successful materialization wrote.
struct MaterializeReport
{
    QString targetDir; ///< absolute path of the materialized workspace
    qint64 items = 0;  ///< files, directories and symlinks written
    qint64 files = 0;  ///< regular files and symlinks written
    qint64 bytes = 0;  ///< bytes of file content written

    friend bool operator==(const MaterializeReport &, const MaterializeReport &) = default;
};

namespace Internal {
struct MaterializeState;
}

/// Writes a Manifest into a host directory (spec 1.6; DECISIONS: the workspace is a host
/// directory, materialized on the host). Entries are written in order into a staging directory
/// next to the target, which is renamed into place at the end (the target must not exist or be
/// an empty directory). On any failure or cancel the staging directory is removed and the
/// target is left untouched, so there is never a partial workspace.
///
/// Files of local_dir entries are copied on a private thread pool (at most fileConcurrency() at
/// once) with copy_file_range, keeping mode bits and modification times; git_repo entries are
/// cloned with libgit2 (GitFetcher) on the worker thread. Symlinks anywhere in a local source
/// are rejected; every directory written into is checked to be a real directory inside the
/// staging directory. Mount entries fail with ErrorCode::Unsupported.
///
/// Lives on the thread that created it (usually the GUI thread) and never blocks it: the work runs
/// on Qt's global thread pool; progress() is emitted from this object's thread about ten times a
/// second, and every start() ends in exactly one finished(). Destroying a running Materializer
/// cancels the work (it cleans up on its own without emitting).
class Materializer : public QObject
{
    Q_OBJECT
public:
    explicit Materializer(QObject *parent = nullptr);
    ~Materializer() override;

    /// Files copied in parallel per local_dir entry (spec 1.6 `local_dir_files`, default 4, >= 1).
    void setFileConcurrency(int count);
    [[nodiscard]] int fileConcurrency() const { return m_fileConcurrency; }

    [[nodiscard]] bool isRunning() const { return m_state != nullptr; }

    /// Called on a copying thread after each file of a local_dir entry is written, with the
    /// entries written so far; for tests and tools that must act at an exact point of the work
    /// (it must be thread-safe; while it blocks, that copying thread waits). Applies to the next
    /// start().
    void setWorkerHook(std::function<void(qint64 entriesDone)> hook) { m_workerHook = std::move(hook); }

    /// Starts materializing `manifest` into `targetDir`. If already running, finished() reports
    /// InvalidInput for this call (asynchronously) and the running job continues.
    void start(const Manifest &manifest, const QString &targetDir);
    /// Requests cancellation; finished() follows with ErrorCode::Cancelled (unless already done).
    void cancel();

Q_SIGNALS:
    /// `entriesDone` of `entriesTotal` items (files, directories, symlinks) written, `bytesDone`
    /// bytes of content. The total can grow while git repositories are fetched.
    void progress(qint64 entriesDone, qint64 entriesTotal, qint64 bytesDone);
    /// Emitted exactly once per start().
    void finished(const Sandcastle::Core::Result<Sandcastle::Core::MaterializeReport> &result);

private:
    void emitProgress();

    int m_fileConcurrency = 4;
    std::function<void(qint64)> m_workerHook;
    std::shared_ptr<Internal::MaterializeState> m_state;
    QTimer m_progressTimer;
    qint64 m_lastDone = -1;
    qint64 m_lastTotal = -1;
    qint64 m_lastBytes = -1;
};

} // namespace Sandcastle::Core
