// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The lazy skills source's path rule (spec 2.4 `LocalDirLazySkillSource`): the host folder is
// resolved against the process's current directory and must lie inside it or inside an extra
// path grant; otherwise the index is empty (and, Sandcastle's choice, an issue says why).
#include "sandcastle/core/capabilities/skills/skillscapability.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace Sandcastle::Core {

namespace {

bool isInside(const QString &path, const QString &folder)
{
    const QString base = QDir::cleanPath(folder);
    return path == base || path.startsWith(base == QLatin1String("/") ? base : base + QLatin1Char('/'));
}

} // namespace

QString SkillsOptions::lazySource() const
{
    return QDir::cleanPath(QDir::current().absoluteFilePath(lazyDir));
}

Result<SkillsPrepared> SkillsCapability::indexLazySource(const SkillsOptions &options)
{
    const QString source = options.lazySource();
    const QString cwd = QDir::cleanPath(QDir::currentPath());
    const bool allowed =
        isInside(source, cwd) ||
        std::any_of(options.pathGrants.cbegin(), options.pathGrants.cend(),
                    [&source](const QString &grant) { return QDir::isAbsolutePath(grant) && isInside(source, grant); });
    if (!allowed) {
        SkillsPrepared prepared;
        prepared.issues.append(
            {QStringLiteral("skills"), source,
             QStringLiteral("the lazy skills folder is outside the current directory (%1) and every path grant%2; no "
                            "skills are offered")
                 .arg(cwd, options.pathGrants.isEmpty()
                               ? QString()
                               : QStringLiteral(" (%1)").arg(options.pathGrants.join(QStringLiteral(", "))))});
        return prepared;
    }
    if (!QFileInfo(source).isDir()) {
        return fail(ErrorCode::NotFound, QStringLiteral("the lazy skills directory does not exist"), source);
    }
    SkillsPrepared prepared = indexDirectory(source, QDir::cleanPath(options.skillsPath), source);
    std::sort(prepared.index.begin(), prepared.index.end(), [](const SkillMetadata &a, const SkillMetadata &b) {
        return a.name != b.name ? a.name < b.name : a.path < b.path;
    });
    return prepared;
}

QList<CapabilityIssue> SkillsCapability::setPathGrants(const QStringList &grants)
{
    if (grants == m_options.pathGrants) {
        return {};
    }
    m_options.pathGrants = grants;
    if (!m_options.isLazy()) {
        return {};
    }
    const Result<SkillsPrepared> indexed = indexLazySource(m_options);
    if (!indexed) {
        setPrepared({});
        return {{QStringLiteral("skills"), m_options.lazySource(), indexed.error().message}};
    }
    setPrepared(*indexed);
    return indexed->issues;
}

} // namespace Sandcastle::Core
