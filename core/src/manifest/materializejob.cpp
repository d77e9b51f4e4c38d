// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "materializejob_p.h"

#include "sandcastle/core/manifest/manifestparser.h"
#include "sandcastle/core/vcs/gitfetcher.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QThreadPool>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>

namespace Sandcastle::Core::Internal {

namespace {

QString errnoText(int err = errno)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

struct ScanItem
{
    QByteArray rel; ///< relative to the source root, '/'-separated
    bool dir = false;
    qint64 size = 0;
    mode_t mode = 0;
};

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

/// Removes a tree we created, even where permissions entries made directories read-only.
void removeTree(const QString &path)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path root(QFile::encodeName(path).toStdString());
    fs::permissions(root, fs::perms::owner_all, fs::perm_options::add | fs::perm_options::nofollow, ec);
    for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        if (it->is_directory(ec) && !it->is_symlink(ec)) {
            fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add | fs::perm_options::nofollow, ec);
        }
    }
    fs::remove_all(root, ec);
}

class Job
{
public:
    Job(const Manifest &manifest, int concurrency, MaterializeState &state)
        : m_manifest(manifest)
        , m_concurrency(std::max(1, concurrency))
        , m_state(state)
    {}

    std::unexpected<Error> entryError(ErrorCode code, const QString &pointer, const QString &what) const
    {
        const QString file = m_manifest.sourceFile.isEmpty() ? QStringLiteral("<manifest>") : m_manifest.sourceFile;
        return fail(code, QStringLiteral("%1: %2: %3").arg(file, pointer, what), pointer);
    }

    bool cancelled() const { return m_state.cancel.load(std::memory_order_relaxed); }

    // ---- planning: validate sources and count items before writing anything ----

    Result<void> checkSourcePath(const ManifestEntry &e, const QString &ptr, bool wantDir)
    {
        const QString src = e.resolvedSrc;
        // lstat every component below the manifest folder (or just the leaf for other paths).
        QStringList toCheck;
        const QString base = m_manifest.baseDir;
        if (src.startsWith(base + QLatin1Char('/'))) {
            QString walked = base;
            for (const QString &part : src.mid(base.size() + 1).split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
                walked += QLatin1Char('/') + part;
                toCheck << walked;
            }
        } else {
            toCheck << src;
        }
        for (const QString &p : std::as_const(toCheck)) {
            struct stat st{};
            if (::lstat(QFile::encodeName(p).constData(), &st) != 0) {
                return entryError(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::Io, ptr + QStringLiteral("/src"),
                                  QStringLiteral("cannot read '%1': %2").arg(p, errnoText()));
            }
            if (S_ISLNK(st.st_mode)) {
                return entryError(
                    ErrorCode::InvalidInput, ptr + QStringLiteral("/src"),
                    QStringLiteral("'%1' is a symlink; symlinks in local sources are not supported").arg(p));
            }
            if (p == src && wantDir && !S_ISDIR(st.st_mode)) {
                return entryError(ErrorCode::InvalidInput, ptr + QStringLiteral("/src"),
                                  QStringLiteral("expected a directory, '%1' is not one").arg(p));
            }
            if (p == src && !wantDir && !S_ISREG(st.st_mode)) {
                return entryError(ErrorCode::InvalidInput, ptr + QStringLiteral("/src"),
                                  QStringLiteral("expected a regular file, '%1' is not one").arg(p));
            }
        }
        return {};
    }

    Result<void> scanDir(int dirfd, const QByteArray &rel, const QString &srcRoot, const QString &ptr,
                         std::vector<ScanItem> &out)
    {
        const int dupfd = ::dup(dirfd);
        DIR *d = dupfd >= 0 ? ::fdopendir(dupfd) : nullptr;
        if (!d) {
            if (dupfd >= 0) {
                ::close(dupfd);
            }
            return entryError(
                ErrorCode::Io, ptr + QStringLiteral("/src"),
                QStringLiteral("cannot list '%1/%2': %3").arg(srcRoot, QString::fromLocal8Bit(rel), errnoText()));
        }
        std::unique_ptr<DIR, int (*)(DIR *)> closer(d, ::closedir);
        while (dirent *de = ::readdir(d)) {
            if (cancelled()) {
                return fail(ErrorCode::Cancelled, QStringLiteral("materialization cancelled"));
            }
            const char *name = de->d_name;
            if (std::strcmp(name, ".") == 0 || std::strcmp(name, "..") == 0) {
                continue;
            }
            const QByteArray childRel = rel.isEmpty() ? QByteArray(name) : rel + '/' + name;
            struct stat st{};
            if (::fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
                return entryError(ErrorCode::Io, ptr + QStringLiteral("/src"),
                                  QStringLiteral("cannot read '%1/%2': %3")
                                      .arg(srcRoot, QString::fromLocal8Bit(childRel), errnoText()));
            }
            if (S_ISLNK(st.st_mode)) {
                return entryError(ErrorCode::InvalidInput, ptr + QStringLiteral("/src"),
                                  QStringLiteral("'%1/%2' is a symlink; symlinks in local sources are not supported")
                                      .arg(srcRoot, QString::fromLocal8Bit(childRel)));
            }
            if (S_ISDIR(st.st_mode)) {
                out.push_back({childRel, true, 0, st.st_mode});
                FdCloser sub{::openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)};
                if (sub.fd < 0) {
                    return entryError(ErrorCode::Io, ptr + QStringLiteral("/src"),
                                      QStringLiteral("cannot open '%1/%2': %3")
                                          .arg(srcRoot, QString::fromLocal8Bit(childRel), errnoText()));
                }
                if (auto r = scanDir(sub.fd, childRel, srcRoot, ptr, out); !r) {
                    return r;
                }
            } else if (S_ISREG(st.st_mode)) {
                out.push_back({childRel, false, qint64(st.st_size), st.st_mode});
            }
            // Sockets, FIFOs and devices are skipped, as in the SDK.
        }
        return {};
    }

    Result<void> plan(const std::vector<ManifestEntry> &entries, const QString &ptrPrefix)
    {
        for (const ManifestEntry &e : entries) {
            const QString ptr = ptrPrefix + QLatin1Char('/') + ManifestParser::pointerToken(e.name);
            switch (e.type) {
            case EntryType::Mount:
                return entryError(ErrorCode::Unsupported, ptr,
                                  QStringLiteral("mount entries (%1) are not supported by this client yet (entry '%2')")
                                      .arg(e.typeName, e.name));
            case EntryType::File:
            case EntryType::GitRepo:
                m_state.total += 1;
                break;
            case EntryType::Dir:
                m_state.total += 1;
                if (auto r = plan(e.children, ptr + QStringLiteral("/children")); !r) {
                    return r;
                }
                break;
            case EntryType::LocalFile:
                if (auto r = checkSourcePath(e, ptr, false); !r) {
                    return r;
                }
                m_state.total += 1;
                break;
            case EntryType::LocalDir: {
                m_state.total += 1;
                if (e.resolvedSrc.isEmpty()) {
                    break;
                }
                if (auto r = checkSourcePath(e, ptr, true); !r) {
                    return r;
                }
                FdCloser root{::open(QFile::encodeName(e.resolvedSrc).constData(),
                                     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)};
                if (root.fd < 0) {
                    return entryError(ErrorCode::Io, ptr + QStringLiteral("/src"),
                                      QStringLiteral("cannot open '%1': %2").arg(e.resolvedSrc, errnoText()));
                }
                std::vector<ScanItem> items;
                if (auto r = scanDir(root.fd, QByteArray(), e.resolvedSrc, ptr, items); !r) {
                    return r;
                }
                m_state.total += qint64(items.size());
                m_scans.emplace(&e, std::move(items));
                break;
            }
            }
        }
        return {};
    }

    // ---- writing ----

    /// mkdir -p `rel` below the staging dir; every existing component must be a real directory,
    /// and the result must resolve inside the staging dir.
    Result<QByteArray> ensureDir(const QString &rel, const QString &ptr)
    {
        QByteArray path = m_staging;
        for (const QString &part : rel.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
            path += '/' + QFile::encodeName(part);
            if (::mkdir(path.constData(), 0755) == 0) {
                continue;
            }
            const int err = errno;
            struct stat st{};
            if (err != EEXIST || ::lstat(path.constData(), &st) != 0 || !S_ISDIR(st.st_mode)) {
                return entryError(ErrorCode::InvalidInput, ptr,
                                  err == EEXIST ? QStringLiteral("'%1' already exists and is not a directory")
                                                      .arg(QString::fromLocal8Bit(path.mid(m_staging.size() + 1)))
                                                : QStringLiteral("cannot create directory: %1").arg(errnoText(err)));
            }
        }
        char *real = ::realpath(path.constData(), nullptr);
        const QByteArray resolved(real ? real : "");
        std::free(real);
        if (resolved != m_stagingReal && !resolved.startsWith(QByteArray(m_stagingReal + '/'))) {
            return entryError(ErrorCode::PermissionDenied, ptr,
                              QStringLiteral("'%1' resolves outside the workspace").arg(rel));
        }
        return path;
    }

    Result<QByteArray> ensureParent(const QString &rel, const QString &ptr)
    {
        const qsizetype slash = rel.lastIndexOf(QLatin1Char('/'));
        auto parent = ensureDir(slash < 0 ? QString() : rel.left(slash), ptr);
        if (!parent) {
            return parent;
        }
        return *parent + '/' + QFile::encodeName(slash < 0 ? rel : rel.mid(slash + 1));
    }

    Result<void> writeContent(const QByteArray &dest, const QByteArray &content, const QString &ptr)
    {
        FdCloser out{::open(dest.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644)};
        if (out.fd < 0) {
            return entryError(ErrorCode::Io, ptr, QStringLiteral("cannot write: %1").arg(errnoText()));
        }
        qsizetype done = 0;
        while (done < content.size()) {
            const ssize_t n = ::write(out.fd, content.constData() + done, size_t(content.size() - done));
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                return entryError(ErrorCode::Io, ptr, QStringLiteral("cannot write: %1").arg(errnoText()));
            }
            done += n;
        }
        m_state.bytes += content.size();
        return {};
    }

    /// Copies one regular file (the leaf opened with O_NOFOLLOW), keeping mode and mtime.
    Result<qint64> copyFile(const QByteArray &src, const QByteArray &dest, const QString &ptr)
    {
        FdCloser in{::open(src.constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)};
        struct stat st{};
        if (in.fd < 0 || ::fstat(in.fd, &st) != 0) {
            return entryError(errno == ELOOP ? ErrorCode::InvalidInput : ErrorCode::Io, ptr + QStringLiteral("/src"),
                              QStringLiteral("cannot read '%1': %2").arg(QString::fromLocal8Bit(src), errnoText()));
        }
        if (!S_ISREG(st.st_mode)) {
            return entryError(ErrorCode::Io, ptr + QStringLiteral("/src"),
                              QStringLiteral("'%1' changed during the copy").arg(QString::fromLocal8Bit(src)));
        }
        FdCloser out{::open(dest.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600)};
        if (out.fd < 0) {
            return entryError(ErrorCode::Io, ptr,
                              QStringLiteral("cannot write '%1': %2").arg(QString::fromLocal8Bit(dest), errnoText()));
        }
        qint64 copied = 0;
        bool fallback = false;
        while (!fallback) {
            if (cancelled()) {
                return fail(ErrorCode::Cancelled, QStringLiteral("materialization cancelled"));
            }
            const ssize_t n = ::copy_file_range(in.fd, nullptr, out.fd, nullptr, 16 << 20, 0);
            if (n == 0) {
                break;
            }
            if (n < 0) {
                if (errno == EINTR) {
                    continue;
                }
                if (copied == 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP)) {
                    fallback = true;
                    break;
                }
                return entryError(ErrorCode::Io, ptr,
                                  QStringLiteral("cannot copy '%1': %2").arg(QString::fromLocal8Bit(src), errnoText()));
            }
            copied += n;
            m_state.bytes += n;
        }
        if (fallback) {
            QByteArray buffer(1 << 20, Qt::Uninitialized);
            for (;;) {
                if (cancelled()) {
                    return fail(ErrorCode::Cancelled, QStringLiteral("materialization cancelled"));
                }
                const ssize_t n = ::read(in.fd, buffer.data(), size_t(buffer.size()));
                if (n < 0 && errno == EINTR) {
                    continue;
                }
                if (n < 0) {
                    return entryError(
                        ErrorCode::Io, ptr + QStringLiteral("/src"),
                        QStringLiteral("cannot read '%1': %2").arg(QString::fromLocal8Bit(src), errnoText()));
                }
                if (n == 0) {
                    break;
                }
                for (ssize_t off = 0; off < n;) {
                    const ssize_t w = ::write(out.fd, buffer.constData() + off, size_t(n - off));
                    if (w < 0 && errno == EINTR) {
                        continue;
                    }
                    if (w <= 0) {
                        return entryError(
                            ErrorCode::Io, ptr,
                            QStringLiteral("cannot write '%1': %2").arg(QString::fromLocal8Bit(dest), errnoText()));
                    }
                    off += w;
                }
                copied += n;
                m_state.bytes += n;
            }
        }
        ::fchmod(out.fd, st.st_mode & 07777);
        const timespec times[2] = {st.st_atim, st.st_mtim};
        ::futimens(out.fd, times);
        return copied;
    }

    Result<void> copyLocalDir(const ManifestEntry &e, const QByteArray &dest, const QString &ptr)
    {
        const auto it = m_scans.find(&e);
        if (it == m_scans.end()) {
            return {};
        }
        const std::vector<ScanItem> &items = it->second;
        std::vector<const ScanItem *> files;
        for (const ScanItem &item : items) {
            if (!item.dir) {
                files.push_back(&item);
                continue;
            }
            const QByteArray path = dest + '/' + item.rel;
            if (::mkdir(path.constData(), 0755) != 0) {
                struct stat st{};
                if (errno != EEXIST || ::lstat(path.constData(), &st) != 0 || !S_ISDIR(st.st_mode)) {
                    return entryError(ErrorCode::InvalidInput, ptr,
                                      QStringLiteral("cannot create directory '%1': %2")
                                          .arg(QString::fromLocal8Bit(item.rel), errnoText()));
                }
            }
            ++m_state.done;
        }
        const QByteArray srcRoot = QFile::encodeName(e.resolvedSrc);
        std::atomic<size_t> next{0};
        std::atomic_bool failed{false};
        QMutex errorLock;
        std::optional<Error> firstError;
        QThreadPool pool;
        pool.setMaxThreadCount(m_concurrency);
        const int workers = int(std::min<size_t>(size_t(m_concurrency), files.size()));
        for (int w = 0; w < workers; ++w) {
            pool.start([&] {
                for (;;) {
                    const size_t i = next.fetch_add(1);
                    if (i >= files.size() || failed.load() || cancelled()) {
                        return;
                    }
                    const ScanItem &f = *files[i];
                    auto r = copyFile(srcRoot + '/' + f.rel, dest + '/' + f.rel, ptr);
                    if (!r) {
                        QMutexLocker lock(&errorLock);
                        if (!firstError) {
                            firstError = r.error();
                        }
                        failed = true;
                        return;
                    }
                    ++m_state.done;
                }
            });
        }
        pool.waitForDone();
        if (firstError) {
            return std::unexpected(*firstError);
        }
        if (cancelled()) {
            return fail(ErrorCode::Cancelled, QStringLiteral("materialization cancelled"));
        }
        // Directory modes last (deepest first), so read-only source directories were writable while filling.
        for (auto rit = items.rbegin(); rit != items.rend(); ++rit) {
            if (rit->dir) {
                ::chmod(QByteArray(dest + '/' + rit->rel).constData(), rit->mode & 07777);
            }
        }
        return {};
    }

    Result<void> materialize(const std::vector<ManifestEntry> &entries, const QString &relPrefix,
                             const QString &ptrPrefix)
    {
        for (const ManifestEntry &e : entries) {
            if (cancelled()) {
                return fail(ErrorCode::Cancelled, QStringLiteral("materialization cancelled"));
            }
            const QString rel = relPrefix.isEmpty() ? e.name : relPrefix + QLatin1Char('/') + e.name;
            const QString ptr = ptrPrefix + QLatin1Char('/') + ManifestParser::pointerToken(e.name);
            QByteArray dest;
            if (e.isDirLike()) {
                auto d = ensureDir(rel, ptr);
                if (!d) {
                    return std::unexpected(d.error());
                }
                dest = *d;
            } else {
                auto d = ensureParent(rel, ptr);
                if (!d) {
                    return std::unexpected(d.error());
                }
                dest = *d;
            }
            switch (e.type) {
            case EntryType::Mount:
                return entryError(
                    ErrorCode::Unsupported, ptr,
                    QStringLiteral("mount entries (%1) are not supported by this client yet").arg(e.typeName));
            case EntryType::File:
                if (auto r = writeContent(dest, e.content, ptr); !r) {
                    return r;
                }
                ++m_files;
                break;
            case EntryType::Dir:
                if (auto r = materialize(e.children, rel, ptr + QStringLiteral("/children")); !r) {
                    return r;
                }
                break;
            case EntryType::LocalFile: {
                auto r = copyFile(QFile::encodeName(e.resolvedSrc), dest, ptr);
                if (!r) {
                    return std::unexpected(r.error());
                }
                ++m_files;
                break;
            }
            case EntryType::LocalDir:
                if (auto r = copyLocalDir(e, dest, ptr); !r) {
                    return r;
                }
                if (const auto it = m_scans.find(&e); it != m_scans.end()) {
                    m_files += qint64(
                        std::count_if(it->second.begin(), it->second.end(), [](const ScanItem &i) { return !i.dir; }));
                }
                break;
            case EntryType::GitRepo: {
                const QString url = GitFetcher::resolveRepositoryUrl(e.repo, e.host, m_manifest.baseDir);
                auto stats = GitFetcher::exportTree(url, e.ref, e.subpath, QFile::decodeName(dest), &m_state.cancel);
                if (!stats) {
                    if (stats.error().code == ErrorCode::Cancelled) {
                        return std::unexpected(stats.error());
                    }
                    return entryError(stats.error().code, ptr, stats.error().message);
                }
                m_state.total += stats->files + stats->dirs;
                m_state.done += stats->files + stats->dirs;
                m_state.bytes += stats->bytes;
                m_files += stats->files;
                break;
            }
            }
            if (e.permissions && ::chmod(dest.constData(), mode_t(e.permissions->mode())) != 0) {
                return entryError(ErrorCode::Io, ptr + QStringLiteral("/permissions"),
                                  QStringLiteral("cannot change the mode: %1").arg(errnoText()));
            }
            ++m_state.done;
        }
        return {};
    }

    Result<MaterializeReport> run(const QString &targetDir)
    {
        const QString target = QDir::cleanPath(QDir(targetDir).absolutePath());
        const QByteArray targetPath = QFile::encodeName(target);
        struct stat st{};
        bool targetExists = false;
        if (::lstat(targetPath.constData(), &st) == 0) {
            if (!S_ISDIR(st.st_mode) ||
                !QDir(target).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System)) {
                return fail(ErrorCode::InvalidInput,
                            QStringLiteral("%1: the target exists and is not an empty directory").arg(target), target);
            }
            targetExists = true;
        }
        if (auto r = plan(m_manifest.entries, QStringLiteral("/entries")); !r) {
            return std::unexpected(r.error());
        }
        // Create missing parents, remembering them so that a failure removes them again.
        QStringList createdParents;
        const QFileInfo info(target);
        for (QString p = info.absolutePath(); !QFileInfo::exists(p); p = QFileInfo(p).absolutePath()) {
            createdParents.prepend(p);
        }
        const auto removeParents = [&createdParents] {
            for (auto it = createdParents.crbegin(); it != createdParents.crend(); ++it) {
                ::rmdir(QFile::encodeName(*it).constData());
            }
        };
        for (const QString &p : std::as_const(createdParents)) {
            if (::mkdir(QFile::encodeName(p).constData(), 0755) != 0 && errno != EEXIST) {
                const QString why = errnoText();
                removeParents();
                return fail(ErrorCode::Io, QStringLiteral("%1: cannot create directory: %2").arg(p, why), p);
            }
        }
        QByteArray tmpl = QFile::encodeName(info.absolutePath() + QStringLiteral("/.") + info.fileName() +
                                            QStringLiteral(".sandcastle-XXXXXX"));
        if (!::mkdtemp(tmpl.data())) {
            const QString why = errnoText();
            removeParents();
            return fail(ErrorCode::Io, QStringLiteral("%1: cannot create a staging directory: %2").arg(target, why),
                        target);
        }
        m_staging = tmpl;
        ::chmod(m_staging.constData(), 0755);
        char *real = ::realpath(m_staging.constData(), nullptr);
        m_stagingReal = real ? QByteArray(real) : m_staging;
        std::free(real);

        auto result = materialize(m_manifest.entries, QString(), QStringLiteral("/entries"));
        if (result && cancelled()) {
            result = fail(ErrorCode::Cancelled, QStringLiteral("materialization cancelled"));
        }
        if (result && ::rename(m_staging.constData(), targetPath.constData()) != 0) {
            result =
                fail(ErrorCode::Io,
                     QStringLiteral("%1: cannot move the workspace into place: %2").arg(target, errnoText()), target);
        }
        if (!result) {
            removeTree(QFile::decodeName(m_staging));
            if (!targetExists) {
                removeParents();
            }
            return std::unexpected(result.error());
        }
        return MaterializeReport{target, m_state.done.load(), m_files, m_state.bytes.load()};
    }

private:
    const Manifest &m_manifest;
    int m_concurrency;
    MaterializeState &m_state;
    std::map<const ManifestEntry *, std::vector<ScanItem>> m_scans;
    QByteArray m_staging;
    QByteArray m_stagingReal;
    qint64 m_files = 0;
};

} // namespace

Result<MaterializeReport> runMaterialize(const Manifest &manifest, const QString &targetDir, int fileConcurrency,
                                         MaterializeState &state)
{
    Job job(manifest, fileConcurrency, state);
    return job.run(targetDir);
}

} // namespace Sandcastle::Core::Internal
