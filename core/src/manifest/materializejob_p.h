// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/manifest/manifest.h"
#include "sandcastle/core/manifest/materializer.h"
#include "sandcastle/core/result.h"

#include <QByteArray>
#include <QString>

#include <sys/types.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <functional>
#include <map>
#include <vector>

namespace Sandcastle::Core::Internal {

/// Shared between a Materializer and its worker; outlives either.
struct MaterializeState
{
    std::atomic_bool cancel{false};
    std::atomic<qint64> done{0};
    std::atomic<qint64> total{0};
    std::atomic<qint64> bytes{0};
    std::function<void(qint64)> workerHook; ///< Materializer::setWorkerHook()
};

/// The blocking materialization (runs on a worker thread): staging dir, entries, rename.
/// Removes everything it created on failure.
[[nodiscard]] Result<MaterializeReport> runMaterialize(const Manifest &manifest, const QString &targetDir,
                                                       int fileConcurrency, MaterializeState &state);

/// strerror(`err`) as text for messages.
[[nodiscard]] QString errnoText(int err = errno);

/// One file or directory below a local_dir source, found while planning.
struct ScanItem
{
    QByteArray rel; ///< relative to the source root, '/'-separated
    bool dir = false;
    qint64 size = 0;
    mode_t mode = 0;
};

/// Closes a file descriptor when it goes out of scope.
struct FdCloser
{
    int fd = -1;
    ~FdCloser()
    {
        if (fd >= 0) {
            ::close(fd);
        }
    }
};

/// The work behind runMaterialize(), for one manifest on one worker thread: plan() validates the
/// sources and counts the items before anything is written, run() writes into a staging directory
/// next to the target and renames it into place. Errors carry the entry's JSON pointer. The
/// local_file / local_dir parts (source checks, scanning, copying) are in materializecopy.cpp.
class MaterializeJob
{
public:
    MaterializeJob(const Manifest &manifest, int concurrency, MaterializeState &state);

    [[nodiscard]] Result<MaterializeReport> run(const QString &targetDir);

private:
    [[nodiscard]] std::unexpected<Error> entryError(ErrorCode code, const QString &pointer, const QString &what) const;
    [[nodiscard]] bool cancelled() const { return m_state.cancel.load(std::memory_order_relaxed); }

    // planning: validate sources and count items before writing anything
    [[nodiscard]] Result<void> plan(const std::vector<ManifestEntry> &entries, const QString &ptrPrefix);
    [[nodiscard]] Result<void> checkSourcePath(const ManifestEntry &e, const QString &ptr, bool wantDir);
    [[nodiscard]] Result<void> scanDir(int dirfd, const QByteArray &rel, const QString &srcRoot, const QString &ptr,
                                       std::vector<ScanItem> &out);

    // writing
    [[nodiscard]] Result<void> materialize(const std::vector<ManifestEntry> &entries, const QString &relPrefix,
                                           const QString &ptrPrefix);
    /// mkdir -p `rel` below the staging dir; every existing component must be a real directory,
    /// and the result must resolve inside the staging dir.
    [[nodiscard]] Result<QByteArray> ensureDir(const QString &rel, const QString &ptr);
    [[nodiscard]] Result<QByteArray> ensureParent(const QString &rel, const QString &ptr);
    [[nodiscard]] Result<void> writeContent(const QByteArray &dest, const QByteArray &content, const QString &ptr);
    /// Copies one regular file (the leaf opened with O_NOFOLLOW), keeping mode and mtime.
    [[nodiscard]] Result<qint64> copyFile(const QByteArray &src, const QByteArray &dest, const QString &ptr);
    [[nodiscard]] Result<void> copyLocalDir(const ManifestEntry &e, const QByteArray &dest, const QString &ptr);

    const Manifest &m_manifest;
    int m_concurrency;
    MaterializeState &m_state;
    std::map<const ManifestEntry *, std::vector<ScanItem>> m_scans;
    QByteArray m_staging;
    QByteArray m_stagingReal;
    qint64 m_files = 0;
    QString m_target;     ///< the workspace's final path (git_repo clones record their work tree there)
    QString m_keptClones; ///< GitFetcher::keptRepositoriesDir() of m_target
    int m_gitEntries = 0; ///< git_repo entries written so far (their clones are <m_keptClones>/<n>.git)
};

} // namespace Sandcastle::Core::Internal
