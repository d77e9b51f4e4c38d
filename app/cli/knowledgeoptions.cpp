// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/knowledgeoptions.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

namespace Sandcastle::App::Cli {

namespace {

QCommandLineOption valueOption(const char *name, const char *description, const char *valueName)
{
    return QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(description),
                              QString::fromLatin1(valueName));
}

QString absolute(const QString &path)
{
    return QDir::cleanPath(QDir::current().absoluteFilePath(path));
}

} // namespace

KnowledgeOptions::KnowledgeOptions()
{
    m_memory = {valueOption("memory-mode", "both|read|generate", "MODE"),
                valueOption("memory-live-update", "on|off", "ON"),
                valueOption("memories-dir", "memory folder in the workspace", "DIR"),
                valueOption("sessions-dir", "rollout folder in the workspace", "DIR"),
                valueOption("memory-phase-one-model", "extraction model", "NAME"),
                valueOption("memory-phase-two-model", "consolidation model", "NAME"),
                valueOption("memory-max-raw", "raw memories per consolidation", "N"),
                valueOption("memory-extra-prompt", "extra guidance for memory generation", "TEXT")};
    m_skills = {valueOption("skills-dir", "skills folder copied into the workspace", "DIR"),
                valueOption("skills-git", "git repository of skills", "URL"),
                valueOption("skills-git-ref", "branch, tag or commit", "REF"),
                valueOption("skills-git-subpath", "folder in the repository", "PATH"),
                valueOption("skills-lazy", "skills folder loaded on demand", "DIR"),
                valueOption("skills-grant", "folder a lazy skills folder may lie in besides the current one", "DIR"),
                valueOption("skills-file", "literal skill definitions (JSON)", "FILE"),
                valueOption("skills-path", "skills folder in the workspace", "PATH")};
    m_grouping = {valueOption("conversation", "memory conversation id", "ID"),
                  valueOption("group", "memory group id", "ID")};
}

void KnowledgeOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions(m_memory);
    parser.addOptions(m_skills);
    parser.addOptions(m_grouping);
}

std::optional<QString> KnowledgeOptions::apply(const QCommandLineParser &parser, Core::AgentRunOptions &options) const
{
    const auto value = [&parser](const char *name) { return parser.value(QString::fromLatin1(name)); };
    const auto isSet = [&parser](const char *name) { return parser.isSet(QString::fromLatin1(name)); };
    const bool memory = options.capabilities.contains(QLatin1String("memory"));
    const bool skills = options.capabilities.contains(QLatin1String("skills"));
    for (const QCommandLineOption &o : m_memory) {
        if (!memory && parser.isSet(o)) {
            return QStringLiteral("--%1 needs the memory capability (--capabilities ...,memory)")
                .arg(o.names().first());
        }
    }
    for (const QCommandLineOption &o : m_skills) {
        if (!skills && parser.isSet(o)) {
            return QStringLiteral("--%1 needs the skills capability (--capabilities ...,skills)")
                .arg(o.names().first());
        }
    }
    options.conversationId = value("conversation");
    options.groupId = value("group");

    Core::MemoryOptions &m = options.memory;
    const QString mode = isSet("memory-mode") ? value("memory-mode") : QStringLiteral("both");
    if (!options.setMemoryMode(mode)) {
        return QStringLiteral("--memory-mode must be both, read or generate (got \"%1\")").arg(mode);
    }
    if (isSet("memory-live-update")) {
        const QString live = value("memory-live-update");
        if (live != QLatin1String("on") && live != QLatin1String("off")) {
            return QStringLiteral("--memory-live-update must be on or off (got \"%1\")").arg(live);
        }
        m.liveUpdate = live == QLatin1String("on");
    }
    if (isSet("memories-dir")) {
        m.layout.memoriesDir = value("memories-dir");
    }
    if (isSet("sessions-dir")) {
        m.layout.sessionsDir = value("sessions-dir");
    }
    if (isSet("memory-phase-one-model")) {
        m.phaseOneModel = value("memory-phase-one-model");
    }
    if (isSet("memory-phase-two-model")) {
        m.phaseTwoModel = value("memory-phase-two-model");
    }
    if (isSet("memory-max-raw")) {
        bool ok = false;
        m.maxRawMemoriesForConsolidation = value("memory-max-raw").toInt(&ok);
        if (!ok) {
            return QStringLiteral("--memory-max-raw must be a number in 1..4096 (got \"%1\")")
                .arg(value("memory-max-raw"));
        }
    }
    m.extraPrompt = value("memory-extra-prompt");
    if (memory) {
        if (const Core::Result<void> ok = m.validate(); !ok) {
            return QStringLiteral("memory: ") + ok.error().message;
        }
    }

    Core::SkillsOptions &s = options.skills;
    if (isSet("skills-file")) {
        QFile file(value("skills-file"));
        if (!file.open(QIODevice::ReadOnly)) {
            return QStringLiteral("cannot read the skills file %1: %2").arg(file.fileName(), file.errorString());
        }
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
        if (error.error != QJsonParseError::NoError) {
            return QStringLiteral("%1: not JSON at offset %2: %3")
                .arg(file.fileName())
                .arg(error.offset)
                .arg(error.errorString());
        }
        // An array of skills, or an object with "skills".
        const QJsonObject object = doc.isArray() ? QJsonObject{{QStringLiteral("skills"), doc.array()}} : doc.object();
        const auto parsed = Core::SkillsOptions::fromJson(object, file.fileName());
        if (!parsed) {
            return parsed.error().message;
        }
        s.skills = parsed->skills;
    }
    if (isSet("skills-dir")) {
        s.localDir = absolute(value("skills-dir"));
    }
    if (isSet("skills-git")) {
        const QString url = value("skills-git");
        s.gitUrl = QDir(url).exists() ? absolute(url) : url;
        s.gitRef = value("skills-git-ref");
        s.gitSubpath = value("skills-git-subpath");
    } else if (isSet("skills-git-ref") || isSet("skills-git-subpath")) {
        return QStringLiteral("--skills-git-ref and --skills-git-subpath need --skills-git");
    }
    if (isSet("skills-lazy")) {
        s.lazyDir = absolute(value("skills-lazy"));
    }
    for (const QString &grant : parser.values(QStringLiteral("skills-grant"))) {
        s.pathGrants << absolute(grant);
    }
    if (isSet("skills-path")) {
        s.skillsPath = value("skills-path");
    }
    if (skills) {
        if (const Core::Result<void> ok = s.validate(); !ok) {
            return QStringLiteral("skills: ") + ok.error().message +
                   QStringLiteral(" (--skills-file, --skills-dir, --skills-git or --skills-lazy)");
        }
    }
    return std::nullopt;
}

} // namespace Sandcastle::App::Cli
