// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The kept clones of git_repo entries: where they live, which workspace they belong to
// (`workspace.json`) and their removal once that workspace or entry is gone.
#include "sandcastle/core/vcs/gitfetcher.h"
#include "vcs/libgit2_p.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTimeZone>

#include <git2.h>

#include <algorithm>

namespace Sandcastle::Core {

Q_LOGGING_CATEGORY(lcKeptClones, "sandcastle.core.vcs")

namespace {

using namespace Internal;

constexpr QLatin1StringView kRecordName("workspace.json");
constexpr const char *kExportedKey = "sandcastle.exported";

QString keptRoot()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
           QStringLiteral("/sandcastle/git-entries");
}

QString cleanAbsolute(const QString &path)
{
    return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
}

/// Modified less than `grace` ago (or in the future): maybe still being written.
bool isRecent(const QString &path, std::chrono::seconds grace)
{
    const QDateTime modified = QFileInfo(path).lastModified(QTimeZone::UTC);
    return modified.isValid() && modified.secsTo(QDateTime::currentDateTimeUtc()) < grace.count();
}

/// The work tree a kept clone points at (`core.worktree` of its own config); empty when unset.
QString cloneWorkTree(const QString &gitDir)
{
    git_config *raw = nullptr;
    if (git_config_open_ondisk(&raw, QFile::encodeName(gitDir + QStringLiteral("/config")).constData()) != 0) {
        return {};
    }
    const ConfigPtr config(raw);
    git_buf value = GIT_BUF_INIT;
    QString out;
    if (git_config_get_string_buf(&value, config.get(), "core.worktree") == 0) {
        out = QFile::decodeName(QByteArray(value.ptr, qsizetype(value.size)));
    }
    git_buf_dispose(&value);
    return out;
}

void removeDir(const QString &path, int &count, QStringList &failures)
{
    if (QDir(path).removeRecursively()) {
        ++count;
    } else {
        failures << QStringLiteral("%1: cannot remove it").arg(path);
    }
}

/// Whether the clone holds commits made in Sandcastle ("commit accepted changes"): its HEAD moved
/// on from the commit it was exported at (`sandcastle.exported`, set by keepClone()). Those commits
/// exist nowhere else, so such a clone is never removed automatically. Clones from before the key
/// existed could not be committed to.
bool holdsOwnCommits(const QString &gitDir)
{
    git_repository *rawRepo = nullptr;
    if (git_repository_open_bare(&rawRepo, QFile::encodeName(gitDir).constData()) != 0) {
        return false;
    }
    const RepoPtr repo(rawRepo);
    git_config *rawConfig = nullptr;
    if (git_config_open_ondisk(&rawConfig, QFile::encodeName(gitDir + QStringLiteral("/config")).constData()) != 0) {
        return false;
    }
    const ConfigPtr config(rawConfig);
    git_buf exported{};
    const bool known = git_config_get_string_buf(&exported, config.get(), kExportedKey) == 0;
    const QByteArray exportedId(exported.ptr, known ? qsizetype(exported.size) : 0);
    git_buf_dispose(&exported);
    git_oid head;
    if (!known || git_reference_name_to_id(&head, repo.get(), "HEAD") != 0) {
        return false;
    }
    return QByteArray(git_oid_tostr_s(&head)) != exportedId;
}

/// Removes the clones in `dir` for which `unused(gitDir)` holds, except those with their own
/// commits (kept, with a warning). Returns how many clones are left.
template<typename Unused>
int removeClones(const QString &dir, Unused unused, GitFetcher::PruneReport &report)
{
    const QStringList clones = QDir(dir).entryList({QStringLiteral("*.git")}, QDir::Dirs | QDir::NoDotAndDotDot);
    int left = int(clones.size());
    for (const QString &clone : clones) {
        const QString gitDir = dir + QLatin1Char('/') + clone;
        if (!unused(gitDir)) {
            continue;
        }
        if (holdsOwnCommits(gitDir)) {
            qCWarning(lcKeptClones, "%s: not removed, it holds commits made in Sandcastle that exist nowhere else",
                      qPrintable(gitDir));
            continue;
        }
        const int before = report.clones;
        removeDir(gitDir, report.clones, report.failures);
        left -= report.clones - before;
    }
    return left;
}

/// A workspace's whole directory, or, when a clone in it holds its own commits, every other clone.
void removeWorkspaceDir(const QString &dir, GitFetcher::PruneReport &report)
{
    const QStringList clones = QDir(dir).entryList({QStringLiteral("*.git")}, QDir::Dirs | QDir::NoDotAndDotDot);
    if (std::ranges::none_of(clones, [&dir](const QString &c) { return holdsOwnCommits(dir + u'/' + c); })) {
        removeDir(dir, report.workspaces, report.failures);
    } else {
        removeClones(dir, [](const QString &) { return true; }, report);
    }
}

} // namespace

QString GitFetcher::keptRepositoriesDir(const QString &workspaceDir)
{
    const QByteArray path = QFile::encodeName(cleanAbsolute(workspaceDir));
    return keptRoot() + QLatin1Char('/') +
           QString::fromLatin1(QCryptographicHash::hash(path, QCryptographicHash::Sha1).toHex());
}

Result<void> GitFetcher::recordKeptRepositories(const QString &workspaceDir, const QString &stagingDir)
{
    const QString dir = keptRepositoriesDir(workspaceDir);
    if (!QDir().mkpath(dir)) {
        return fail(ErrorCode::Io, QStringLiteral("cannot create %1").arg(dir), dir);
    }
    const QJsonObject record{{QStringLiteral("version"), 1},
                             {QStringLiteral("workspace"), cleanAbsolute(workspaceDir)},
                             {QStringLiteral("staging"), stagingDir.isEmpty() ? QString() : cleanAbsolute(stagingDir)}};
    QSaveFile file(dir + QLatin1Char('/') + kRecordName);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(record).toJson(QJsonDocument::Compact)) < 0 ||
        !file.commit()) {
        return fail(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString()),
                    file.fileName());
    }
    return {};
}

GitFetcher::PruneReport GitFetcher::pruneKeptRepositories(std::chrono::seconds grace)
{
    ensureLibgit2();
    PruneReport report;
    const QDir root(keptRoot());
    const QStringList workspaces = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden);
    for (const QString &name : workspaces) {
        const QString dir = root.filePath(name);
        const QString recordPath = dir + QLatin1Char('/') + kRecordName;
        QFile recordFile(recordPath);
        const bool recorded = recordFile.open(QIODevice::ReadOnly);
        const QJsonObject record = recorded ? QJsonDocument::fromJson(recordFile.readAll()).object() : QJsonObject();
        recordFile.close();
        const QString workspace = record.value(QStringLiteral("workspace")).toString();
        const QString staging = record.value(QStringLiteral("staging")).toString();
        if (recorded && workspace.isEmpty()) {
            // Unreadable: being written right now, or damaged; judged once it is older.
            if (!isRecent(recordPath, grace)) {
                qCWarning(lcKeptClones, "%s: no workspace recorded, removing the clones", qPrintable(recordPath));
                removeWorkspaceDir(dir, report);
            }
            continue;
        }
        // The staging directory first: renaming it into place makes the workspace appear atomically.
        if (!staging.isEmpty() && QFileInfo(staging).isDir()) {
            continue; // still being materialized
        }
        const bool recent = isRecent(dir, grace) || (recorded && isRecent(recordPath, grace));
        if (recorded && !QFileInfo(workspace).isDir()) {
            // Gone (or on a drive not mounted now): every clone goes, except those with own commits.
            if (recent) {
                continue;
            }
            removeWorkspaceDir(dir, report);
            continue;
        }
        // A live workspace (or no record): each clone stays while its entry's directory exists.
        const int left = removeClones(
            dir,
            [grace](const QString &gitDir) {
                const QString workTree = cloneWorkTree(gitDir);
                return (workTree.isEmpty() || !QFileInfo(workTree).isDir()) && !isRecent(gitDir, grace);
            },
            report);
        if (left == 0 && !recent) {
            removeDir(dir, report.workspaces, report.failures); // no entry left to keep
        }
    }
    for (const QString &failure : std::as_const(report.failures)) {
        qCWarning(lcKeptClones, "pruning kept git clones: %s", qPrintable(failure));
    }
    return report;
}

} // namespace Sandcastle::Core
