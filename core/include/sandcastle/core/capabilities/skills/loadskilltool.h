// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/capabilities/skills/skillscapability.h"
#include "sandcastle/core/capabilities/tool.h"

namespace Sandcastle::Core {

/// The `load_skill` function tool of a lazy skills source (spec 2.4): `{skill_name}` matches a
/// skill of the index by frontmatter name or folder name and copies exactly that host folder to
/// `<workspace>/<skillsPath>/<folder>` (file permissions kept). Returns JSON (DECISIONS):
/// `{"status":"loaded"|"already_loaded","skill_name":...,"path":"<skillsPath>/<folder>"}`; an unknown
/// or ambiguous name is a failed output with the function-tool error text. invoke() copies on the
/// Qt global thread pool.
class LoadSkillTool : public Tool
{
public:
    LoadSkillTool(QString lazyDir, QString skillsPath)
        : m_lazyDir(std::move(lazyDir))
        , m_skillsPath(std::move(skillsPath))
    {}

    void setIndex(const QList<SkillMetadata> &index) { m_index = index; }

    [[nodiscard]] QString name() const override { return QStringLiteral("load_skill"); }
    [[nodiscard]] ToolKind kind() const override { return ToolKind::Function; }
    [[nodiscard]] QJsonObject definition() const override;
    [[nodiscard]] QFuture<Result<ToolOutput>> invoke(const ToolCall &call, const ToolContext &context) override;

    /// Synchronous core of invoke().
    [[nodiscard]] static ToolOutput load(const QString &skillName, const QList<SkillMetadata> &index,
                                         const QString &lazyDir, const QString &skillsPath,
                                         const QString &workspaceRoot);

private:
    QString m_lazyDir;
    QString m_skillsPath;
    QList<SkillMetadata> m_index;
};

} // namespace Sandcastle::Core
