// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/capabilities/skills/loadskilltool.h"

#include "skills_p.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtConcurrent/QtConcurrentRun>

namespace Sandcastle::Core {

namespace {

ToolOutput toolError(const QString &message)
{
    ToolOutput out;
    out.text = QStringLiteral("An error occurred while running the tool. Please try again. Error: ") + message;
    out.failed = true;
    return out;
}

} // namespace

QJsonObject LoadSkillTool::definition() const
{
    const QJsonObject skillName{
        {QStringLiteral("type"), QStringLiteral("string")},
        {QStringLiteral("description"), QStringLiteral("Name of one skill from the skills list (its name or folder).")},
    };
    return QJsonObject{
        {QStringLiteral("type"), QStringLiteral("function")},
        {QStringLiteral("name"), name()},
        {QStringLiteral("description"),
         QStringLiteral("Copies one indexed skill into the workspace skills folder so that its SKILL.md and files can "
                        "be opened. Call it once per skill, before reading that skill.")},
        {QStringLiteral("parameters"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                     {QStringLiteral("properties"), QJsonObject{{QStringLiteral("skill_name"), skillName}}},
                     {QStringLiteral("required"), QJsonArray{QStringLiteral("skill_name")}},
                     {QStringLiteral("additionalProperties"), false}}},
        {QStringLiteral("strict"), false},
    };
}

ToolOutput LoadSkillTool::load(const QString &skillName, const QList<SkillMetadata> &index, const QString &lazyDir,
                               const QString &skillsPath, const QString &workspaceRoot)
{
    const QString wanted = skillName.trimmed();
    if (wanted.isEmpty()) {
        return toolError(QStringLiteral("load_skill needs a non-empty string \"skill_name\""));
    }
    QList<SkillMetadata> matches;
    for (const SkillMetadata &skill : index) {
        if (skill.name == wanted || skill.directory == wanted) {
            matches.append(skill);
        }
    }
    if (matches.isEmpty()) {
        return toolError(QStringLiteral("lazy skill not found: %1").arg(wanted));
    }
    if (matches.size() > 1) {
        QStringList folders;
        for (const SkillMetadata &m : std::as_const(matches)) {
            folders << m.directory;
        }
        return toolError(QStringLiteral("skill name \"%1\" is ambiguous (folders: %2)")
                             .arg(wanted, folders.join(QStringLiteral(", "))));
    }
    const SkillMetadata &skill = matches.first();
    const QString relative = skillsPath + QLatin1Char('/') + skill.directory;
    const QString target = workspaceRoot + QLatin1Char('/') + relative;
    QJsonObject answer{{QStringLiteral("skill_name"), skill.name}, {QStringLiteral("path"), relative}};
    if (QFileInfo(target + QStringLiteral("/SKILL.md")).isReadable()) {
        answer.insert(QStringLiteral("status"), QStringLiteral("already_loaded"));
    } else {
        const QString source = lazyDir + QLatin1Char('/') + skill.directory;
        if (!QFileInfo(source).isDir()) {
            return toolError(QStringLiteral("the skill folder %1 is gone from the lazy source").arg(source));
        }
        if (const Result<void> copied = Internal::copyTree(source, target); !copied) {
            return toolError(copied.error().toString());
        }
        answer.insert(QStringLiteral("status"), QStringLiteral("loaded"));
    }
    ToolOutput out;
    out.text = QString::fromUtf8(QJsonDocument(answer).toJson(QJsonDocument::Compact));
    return out;
}

QFuture<Result<ToolOutput>> LoadSkillTool::invoke(const ToolCall &call, const ToolContext &context)
{
    const QJsonValue skillName = call.arguments.value(QLatin1String("skill_name"));
    if (!skillName.isString()) {
        return QtFuture::makeReadyValueFuture(
            Result<ToolOutput>(toolError(QStringLiteral("load_skill needs a non-empty string \"skill_name\""))));
    }
    return QtConcurrent::run([name = skillName.toString(), index = m_index, lazyDir = m_lazyDir,
                              skillsPath = m_skillsPath, root = context.workspaceRoot]() -> Result<ToolOutput> {
        return load(name, index, lazyDir, skillsPath, root);
    });
}

} // namespace Sandcastle::Core
