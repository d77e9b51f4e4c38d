// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Skills sources (spec 2.4): options, frontmatter, materializing literal / local / git sources into
// the workspace, and indexing skill folders.
#include "sandcastle/core/capabilities/skills/skillscapability.h"

#include "skills_p.h"

#include "sandcastle/core/vcs/gitfetcher.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QSaveFile>

#include <algorithm>

namespace Sandcastle::Core {

namespace Internal {

Result<void> validateRelativePath(const QString &path, const QString &what)
{
    if (path.trimmed().isEmpty()) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1 must not be empty").arg(what));
    }
    if (path.contains(QLatin1Char('\\')) || QDir::isAbsolutePath(path) ||
        (path.size() >= 2 && path.at(1) == QLatin1Char(':'))) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1 must be a relative path (got \"%2\")").arg(what, path));
    }
    const QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (parts.contains(QStringLiteral(".."))) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1 must not contain \"..\" (got \"%2\")").arg(what, path));
    }
    return {};
}

Result<void> copyTree(const QString &from, const QString &to)
{
    if (!QDir().mkpath(to)) {
        return fail(ErrorCode::Io, QStringLiteral("cannot create the directory"), to);
    }
    QDirIterator it(from, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo info = it.nextFileInfo();
        const QString relative = QDir(from).relativeFilePath(info.filePath());
        const QString target = to + QLatin1Char('/') + relative;
        if (info.isSymLink()) {
            continue; // a link could point outside the source; skills are plain files
        }
        if (info.isDir()) {
            if (!QDir().mkpath(target)) {
                return fail(ErrorCode::Io, QStringLiteral("cannot create the directory"), target);
            }
            continue;
        }
        QFile::remove(target);
        if (!QFile::copy(info.filePath(), target)) {
            return fail(ErrorCode::Io, QStringLiteral("cannot copy %1").arg(info.filePath()), target);
        }
    }
    return {};
}

} // namespace Internal

using Internal::validateRelativePath;

namespace {

QString unquote(QString value)
{
    value = value.trimmed();
    if (value.size() >= 2 && (value.front() == QLatin1Char('"') || value.front() == QLatin1Char('\'')) &&
        value.back() == value.front()) {
        return value.mid(1, value.size() - 2);
    }
    return value;
}

Result<void> writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        return fail(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    }
    return {};
}

QJsonObject filesToJson(const QMap<QString, QByteArray> &files)
{
    QJsonObject o;
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        o.insert(it.key(), QString::fromUtf8(it.value()));
    }
    return o;
}

} // namespace

Result<QMap<QString, QString>> parseSkillFrontmatter(const QString &text)
{
    QMap<QString, QString> values;
    const QStringList lines =
        QString(text).replace(QStringLiteral("\r\n"), QStringLiteral("\n")).split(QLatin1Char('\n'));
    if (lines.isEmpty() || lines.first().trimmed() != QLatin1String("---")) {
        return values;
    }
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line == QLatin1String("---")) {
            return values;
        }
        if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) {
            continue;
        }
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("frontmatter line %1 is not `key: value`: \"%2\"").arg(i + 1).arg(line));
        }
        values.insert(line.left(colon).trimmed(), unquote(line.mid(colon + 1)));
    }
    return fail(ErrorCode::InvalidInput,
                QStringLiteral("the frontmatter opened with `---` on line 1 is never closed with `---`"));
}

Result<void> SkillsOptions::validate() const
{
    const int sources = (skills.isEmpty() ? 0 : 1) + (localDir.isEmpty() ? 0 : 1) + (gitUrl.isEmpty() ? 0 : 1) +
                        (lazyDir.isEmpty() ? 0 : 1);
    if (sources != 1) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("the skills capability needs exactly one source: literal skills, a local directory, "
                                   "a git repository or a lazy directory (got %1)")
                        .arg(sources));
    }
    if (const Result<void> ok = validateRelativePath(skillsPath, QStringLiteral("the skills path")); !ok) {
        return ok;
    }
    QStringList names;
    for (const SkillDefinition &skill : skills) {
        if (const Result<void> ok = validateRelativePath(skill.name, QStringLiteral("a skill name")); !ok) {
            return ok;
        }
        const QString clean = QDir::cleanPath(skill.name);
        if (names.contains(clean)) {
            return fail(ErrorCode::InvalidInput, QStringLiteral("the skill name \"%1\" is defined twice").arg(clean));
        }
        names << clean;
        for (const auto *group : {&skill.scripts, &skill.references, &skill.assets}) {
            for (auto it = group->cbegin(); it != group->cend(); ++it) {
                if (const Result<void> ok =
                        validateRelativePath(it.key(), QStringLiteral("a file of skill \"%1\"").arg(skill.name));
                    !ok) {
                    return ok;
                }
            }
        }
    }
    return {};
}

QJsonObject SkillsOptions::toJson() const
{
    QJsonObject o{{QStringLiteral("skills_path"), skillsPath}};
    if (!localDir.isEmpty()) {
        o.insert(QStringLiteral("local_dir"), localDir);
    }
    if (!lazyDir.isEmpty()) {
        o.insert(QStringLiteral("lazy_dir"), lazyDir);
    }
    if (!pathGrants.isEmpty()) {
        o.insert(QStringLiteral("path_grants"), QJsonArray::fromStringList(pathGrants));
    }
    if (!gitUrl.isEmpty()) {
        o.insert(QStringLiteral("git"), QJsonObject{{QStringLiteral("url"), gitUrl},
                                                    {QStringLiteral("ref"), gitRef},
                                                    {QStringLiteral("subpath"), gitSubpath}});
    }
    if (!skills.isEmpty()) {
        QJsonArray array;
        for (const SkillDefinition &s : skills) {
            QJsonObject skill{{QStringLiteral("name"), s.name},
                              {QStringLiteral("description"), s.description},
                              {QStringLiteral("content"), QString::fromUtf8(s.content)}};
            if (!s.scripts.isEmpty()) {
                skill.insert(QStringLiteral("scripts"), filesToJson(s.scripts));
            }
            if (!s.references.isEmpty()) {
                skill.insert(QStringLiteral("references"), filesToJson(s.references));
            }
            if (!s.assets.isEmpty()) {
                skill.insert(QStringLiteral("assets"), filesToJson(s.assets));
            }
            array.append(skill);
        }
        o.insert(QStringLiteral("skills"), array);
    }
    return o;
}

Result<SkillsOptions> SkillsOptions::fromJson(const QJsonObject &object, const QString &source)
{
    const auto bad = [&source](const QString &pointer, const QString &expected) -> Result<SkillsOptions> {
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1: %2: expected %3").arg(source, pointer, expected));
    };
    SkillsOptions o;
    for (const char *key : {"skills_path", "local_dir", "lazy_dir"}) {
        const QJsonValue v = object.value(QLatin1String(key));
        if (!v.isUndefined() && !v.isString()) {
            return bad(QStringLiteral("/") + QLatin1String(key), QStringLiteral("a string"));
        }
    }
    o.skillsPath = object.value(QStringLiteral("skills_path")).toString(o.skillsPath);
    o.localDir = object.value(QStringLiteral("local_dir")).toString();
    o.lazyDir = object.value(QStringLiteral("lazy_dir")).toString();
    if (const QJsonValue grants = object.value(QStringLiteral("path_grants")); !grants.isUndefined()) {
        if (!grants.isArray()) {
            return bad(QStringLiteral("/path_grants"), QStringLiteral("an array of absolute folder paths"));
        }
        for (qsizetype i = 0; i < grants.toArray().size(); ++i) {
            const QJsonValue grant = grants.toArray().at(i);
            if (!grant.isString() || !QDir::isAbsolutePath(grant.toString())) {
                return bad(QStringLiteral("/path_grants/%1").arg(i), QStringLiteral("an absolute folder path"));
            }
            o.pathGrants << grant.toString();
        }
    }
    if (const QJsonValue git = object.value(QStringLiteral("git")); !git.isUndefined()) {
        if (!git.isObject() || !git[QStringLiteral("url")].isString()) {
            return bad(QStringLiteral("/git"), QStringLiteral("an object with a string \"url\""));
        }
        o.gitUrl = git[QStringLiteral("url")].toString();
        o.gitRef = git[QStringLiteral("ref")].toString();
        o.gitSubpath = git[QStringLiteral("subpath")].toString();
    }
    const QJsonValue skills = object.value(QStringLiteral("skills"));
    if (!skills.isUndefined() && !skills.isArray()) {
        return bad(QStringLiteral("/skills"), QStringLiteral("an array of skill objects"));
    }
    const QJsonArray array = skills.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString pointer = QStringLiteral("/skills/%1").arg(i);
        const QJsonObject s = array.at(i).toObject();
        if (!array.at(i).isObject() || !s.value(QStringLiteral("name")).isString() ||
            !s.value(QStringLiteral("content")).isString()) {
            return bad(pointer, QStringLiteral("an object with string \"name\" and \"content\""));
        }
        SkillDefinition def;
        def.name = s.value(QStringLiteral("name")).toString();
        def.description = s.value(QStringLiteral("description")).toString();
        def.content = s.value(QStringLiteral("content")).toString().toUtf8();
        const std::pair<const char *, QMap<QString, QByteArray> *> groups[] = {
            {"scripts", &def.scripts}, {"references", &def.references}, {"assets", &def.assets}};
        for (const auto &[key, files] : groups) {
            const QJsonValue group = s.value(QLatin1String(key));
            if (group.isUndefined()) {
                continue;
            }
            if (!group.isObject()) {
                return bad(pointer + QStringLiteral("/") + QLatin1String(key),
                           QStringLiteral("an object path -> text"));
            }
            const QJsonObject g = group.toObject();
            for (auto it = g.begin(); it != g.end(); ++it) {
                if (!it->isString()) {
                    return bad(pointer + QStringLiteral("/") + QLatin1String(key) + QStringLiteral("/") + it.key(),
                               QStringLiteral("a string"));
                }
                files->insert(it.key(), it->toString().toUtf8());
            }
        }
        o.skills.append(def);
    }
    if (const Result<void> ok = o.validate(); !ok) {
        return fail(ErrorCode::InvalidInput, source + QStringLiteral(": ") + ok.error().message);
    }
    return o;
}

SkillsPrepared SkillsCapability::indexDirectory(const QString &dir, const QString &pathPrefix,
                                                const QString &issuePrefix)
{
    SkillsPrepared prepared;
    const QFileInfoList children =
        QDir(dir).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
    for (const QFileInfo &child : children) {
        const QString folder = child.fileName();
        if (folder.startsWith(QLatin1Char('.')) || child.isSymLink()) {
            continue; // .git and the like; symlinked folders could point anywhere
        }
        const QString file = issuePrefix + QLatin1Char('/') + folder + QStringLiteral("/SKILL.md");
        const QFileInfo skillFile(child.filePath() + QStringLiteral("/SKILL.md"));
        if (!skillFile.isFile() || skillFile.isSymLink()) {
            prepared.issues.append({QStringLiteral("skills"), issuePrefix + QLatin1Char('/') + folder,
                                    QStringLiteral("the skill folder has no SKILL.md; it was left out of the index")});
            continue;
        }
        QFile f(skillFile.filePath());
        if (!f.open(QIODevice::ReadOnly)) {
            prepared.issues.append(
                {QStringLiteral("skills"), file, QStringLiteral("cannot read SKILL.md: %1").arg(f.errorString())});
            continue;
        }
        const Result<QMap<QString, QString>> front = parseSkillFrontmatter(QString::fromUtf8(f.readAll()));
        if (!front) {
            prepared.issues.append({QStringLiteral("skills"), file,
                                    front.error().message + QStringLiteral("; the skill was left out of the index")});
            continue;
        }
        SkillMetadata meta;
        meta.name = front->value(QStringLiteral("name")).trimmed();
        if (meta.name.isEmpty()) {
            meta.name = folder;
        }
        meta.description = front->value(QStringLiteral("description")).trimmed();
        if (meta.description.isEmpty()) {
            meta.description = QStringLiteral("No description provided.");
        }
        meta.path = pathPrefix + QLatin1Char('/') + folder;
        meta.directory = folder;
        prepared.index.append(meta);
    }
    return prepared;
}

Result<SkillsPrepared> SkillsCapability::prepareWorkspace(const SkillsOptions &options, const QString &workspaceRoot)
{
    if (const Result<void> ok = options.validate(); !ok) {
        return std::unexpected(ok.error());
    }
    const QString path = QDir::cleanPath(options.skillsPath);
    const QString target = QDir::cleanPath(workspaceRoot + QLatin1Char('/') + path);
    SkillsPrepared prepared;
    if (!options.skills.isEmpty()) {
        for (const SkillDefinition &skill : options.skills) {
            const QString dir = target + QLatin1Char('/') + QDir::cleanPath(skill.name);
            if (const Result<void> ok = writeFile(dir + QStringLiteral("/SKILL.md"), skill.content); !ok) {
                return std::unexpected(ok.error());
            }
            const std::pair<const char *, const QMap<QString, QByteArray> *> groups[] = {
                {"scripts", &skill.scripts}, {"references", &skill.references}, {"assets", &skill.assets}};
            for (const auto &[group, files] : groups) {
                for (auto it = files->cbegin(); it != files->cend(); ++it) {
                    const QString file = dir + QLatin1Char('/') + QLatin1String(group) + QLatin1Char('/') + it.key();
                    if (const Result<void> ok = writeFile(file, it.value()); !ok) {
                        return std::unexpected(ok.error());
                    }
                }
            }
            QString description = skill.description.trimmed();
            if (description.isEmpty()) {
                const auto front = parseSkillFrontmatter(QString::fromUtf8(skill.content));
                description = front ? front->value(QStringLiteral("description")) : QString();
            }
            prepared.index.append({QDir::cleanPath(skill.name),
                                   description.isEmpty() ? QStringLiteral("No description provided.") : description,
                                   path + QLatin1Char('/') + QDir::cleanPath(skill.name), QDir::cleanPath(skill.name)});
        }
    } else if (options.isLazy()) {
        Result<SkillsPrepared> lazy = indexLazySource(options);
        if (!lazy) {
            return lazy;
        }
        prepared = std::move(*lazy);
    } else {
        if (!options.localDir.isEmpty()) {
            const QString source = QDir::current().absoluteFilePath(options.localDir);
            if (!QFileInfo(source).isDir()) {
                return fail(ErrorCode::NotFound, QStringLiteral("the skills directory does not exist"), source);
            }
            if (const Result<void> ok = Internal::copyTree(source, target); !ok) {
                return std::unexpected(ok.error());
            }
        } else {
            if (!QDir().mkpath(target)) {
                return fail(ErrorCode::Io, QStringLiteral("cannot create the skills directory"), target);
            }
            const QString url =
                GitFetcher::resolveRepositoryUrl(options.gitUrl, QStringLiteral("github.com"), QDir::currentPath());
            const Result<GitExportStats> exported =
                GitFetcher::exportTree(url, options.gitRef, options.gitSubpath, target);
            if (!exported) {
                return fail(exported.error().code,
                            QStringLiteral("skills from git repository %1: %2").arg(url, exported.error().message),
                            exported.error().detail);
            }
        }
        prepared = indexDirectory(target, path, path);
    }
    std::sort(prepared.index.begin(), prepared.index.end(), [](const SkillMetadata &a, const SkillMetadata &b) {
        return a.name != b.name ? a.name < b.name : a.path < b.path;
    });
    prepared.index.erase(std::unique(prepared.index.begin(), prepared.index.end(),
                                     [](const SkillMetadata &a, const SkillMetadata &b) {
                                         return a.name == b.name && a.path == b.path;
                                     }),
                         prepared.index.end());
    return prepared;
}

} // namespace Sandcastle::Core
