// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace Sandcastle::Core {

/// Bad input a capability met and skipped while the run carried on (a skill folder without
/// SKILL.md, broken frontmatter, a corrupt memory file, invalid structured output). A value type;
/// AgentRun reports each one as a RunEvent::Kind::CapabilityIssue event whose data is toJson()
/// (`capability_issue` in the events file and the journal, docs/FORMATS.md "Run events").
struct CapabilityIssue
{
    QString capability; ///< "skills" or "memory"
    QString file;       ///< workspace-relative (or host) path of the file the issue is about
    QString reason;     ///< what was wrong and what was done about it

    [[nodiscard]] QJsonObject toJson() const
    {
        return QJsonObject{{QStringLiteral("capability"), capability},
                           {QStringLiteral("file"), file},
                           {QStringLiteral("reason"), reason}};
    }
    [[nodiscard]] static CapabilityIssue fromJson(const QJsonObject &o)
    {
        return {o.value(QStringLiteral("capability")).toString(), o.value(QStringLiteral("file")).toString(),
                o.value(QStringLiteral("reason")).toString()};
    }
    friend bool operator==(const CapabilityIssue &, const CapabilityIssue &) = default;
};

} // namespace Sandcastle::Core

Q_DECLARE_METATYPE(Sandcastle::Core::CapabilityIssue)
