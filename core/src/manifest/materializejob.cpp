// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "materializejob_p.h"

#include "sandcastle/core/manifest/manifestparser.h"
#include "sandcastle/core/vcs/gitfetcher.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace Sandcastle::Core::Internal {

namespace {

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

} // namespace

QString errnoText(int err)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

MaterializeJob::MaterializeJob(const Manifest &manifest, int concurrency, MaterializeState &state)
    : m_manifest(manifest)
    , m_concurrency(std::max(1, concurrency))
    , m_state(state)
{}

std::unexpected<Error> MaterializeJob::entryError(ErrorCode code, const QString &pointer, const QString &what) const
{
    const QString file = m_manifest.sourceFile.isEmpty() ? QStringLiteral("<manifest>") : m_manifest.sourceFile;
    return fail(code, QStringLiteral("%1: %2: %3").arg(file, pointer, what), pointer);
}

Result<void> MaterializeJob::plan(const std::vector<ManifestEntry> &entries, const QString &ptrPrefix)
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
            FdCloser root{
                ::open(QFile::encodeName(e.resolvedSrc).constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)};
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

Result<QByteArray> MaterializeJob::ensureDir(const QString &rel, const QString &ptr)
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

Result<QByteArray> MaterializeJob::ensureParent(const QString &rel, const QString &ptr)
{
    const qsizetype slash = rel.lastIndexOf(QLatin1Char('/'));
    auto parent = ensureDir(slash < 0 ? QString() : rel.left(slash), ptr);
    if (!parent) {
        return parent;
    }
    return *parent + '/' + QFile::encodeName(slash < 0 ? rel : rel.mid(slash + 1));
}

Result<void> MaterializeJob::writeContent(const QByteArray &dest, const QByteArray &content, const QString &ptr)
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

Result<void> MaterializeJob::materialize(const std::vector<ManifestEntry> &entries, const QString &relPrefix,
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
            // The clone stays outside the workspace so that the Review dock can show `git status` of
            // the entry against the exported commit.
            if (m_gitEntries == 0) { // which workspace the clones belong to, for GitFetcher::pruneKeptRepositories()
                if (auto r = GitFetcher::recordKeptRepositories(m_target, QFile::decodeName(m_staging)); !r) {
                    return entryError(r.error().code, ptr, r.error().message);
                }
            }
            const QString gitDir = m_keptClones + QStringLiteral("/%1.git").arg(m_gitEntries++);
            auto stats = GitFetcher::exportTreeKeepingClone(url, e.ref, e.subpath, QFile::decodeName(dest), gitDir,
                                                            m_target + QLatin1Char('/') + rel, &m_state.cancel);
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

Result<MaterializeReport> MaterializeJob::run(const QString &targetDir)
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
    m_target = target;
    m_keptClones = GitFetcher::keptRepositoriesDir(target);
    removeTree(m_keptClones); // the clones of an earlier workspace at this path
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
        result = fail(ErrorCode::Io,
                      QStringLiteral("%1: cannot move the workspace into place: %2").arg(target, errnoText()), target);
    }
    if (!result) {
        removeTree(QFile::decodeName(m_staging));
        removeTree(m_keptClones);
        if (!targetExists) {
            removeParents();
        }
        return std::unexpected(result.error());
    }
    return MaterializeReport{target, m_state.done.load(), m_files, m_state.bytes.load()};
}

Result<MaterializeReport> runMaterialize(const Manifest &manifest, const QString &targetDir, int fileConcurrency,
                                         MaterializeState &state)
{
    MaterializeJob job(manifest, fileConcurrency, state);
    return job.run(targetDir);
}

} // namespace Sandcastle::Core::Internal
