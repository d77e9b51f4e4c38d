// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/capabilities/skills/skillscapability.h"

#include "sandcastle/core/capabilities/skills/loadskilltool.h"

#include "skills_p.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>

namespace Sandcastle::Core {

Q_LOGGING_CATEGORY(lcSkills, "sandcastle.core.skills")

namespace Internal {

QString loadPromptResource(const QString &name)
{
    QFile f(QStringLiteral(":/prompts/") + name);
    if (!f.open(QIODevice::ReadOnly)) {
        qCCritical(lcSkills) << "missing prompt resource" << name;
        return {};
    }
    return QString::fromUtf8(f.readAll()).trimmed();
}

} // namespace Internal

SkillsCapability::SkillsCapability(SkillsOptions options, QObject *parent)
    : Capability(parent)
    , m_options(std::move(options))
{
    if (m_options.isLazy()) {
        m_loadSkill = std::make_unique<LoadSkillTool>(QDir::current().absoluteFilePath(m_options.lazyDir),
                                                      QDir::cleanPath(m_options.skillsPath));
    }
}

SkillsCapability::~SkillsCapability() = default;

void SkillsCapability::setPrepared(const SkillsPrepared &prepared)
{
    m_index = prepared.index;
    if (m_loadSkill) {
        m_loadSkill->setIndex(m_index);
    }
}

std::vector<Tool *> SkillsCapability::tools() const
{
    if (m_loadSkill) {
        return {m_loadSkill.get()};
    }
    return {};
}

QString SkillsCapability::instructions() const
{
    return renderInstructions(m_index, QDir::cleanPath(m_options.skillsPath), m_options.isLazy());
}

QString SkillsCapability::renderInstructions(const QList<SkillMetadata> &index, const QString &skillsPath, bool lazy)
{
    if (index.isEmpty()) {
        return {};
    }
    QStringList lines;
    for (const SkillMetadata &skill : index) {
        lines << QStringLiteral("- %1: %2 (file: %3/SKILL.md)").arg(skill.name, skill.description, skill.path);
    }
    QString text = Internal::loadPromptResource(QStringLiteral("skills.md"));
    text.replace(QStringLiteral("{{SKILLS_ROOT}}"), skillsPath);
    text.replace(QStringLiteral("{{SKILLS_LIST}}"), lines.join(QLatin1Char('\n')));
    text.replace(QStringLiteral("{{LAZY_SECTION}}"),
                 lazy ? Internal::loadPromptResource(QStringLiteral("skills_lazy.md")).prepend(QLatin1Char('\n')) +
                            QLatin1Char('\n')
                      : QString());
    text.replace(QStringLiteral("{{OPEN_STEP}}"),
                 lazy ? QStringLiteral("Call `load_skill` with the skill's name, then open the SKILL.md it staged and "
                                       "read just enough of it to follow it.")
                      : QStringLiteral("Open the skill's SKILL.md and read just enough of it to follow it."));
    return text;
}

} // namespace Sandcastle::Core
