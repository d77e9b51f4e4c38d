// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "runsettings.h"

#include "sandcastle/core/sandbox/exposedports.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>

namespace Sandcastle::Ui {

namespace {

Core::Result<Core::AgentRunOptions> invalid(const QString &message)
{
    return std::unexpected(Core::Error{Core::ErrorCode::InvalidInput, message, {}});
}

} // namespace

RunSettings::ManifestWorkspace RunSettings::workspaceForManifest(const QString &manifestPath)
{
    const QFileInfo manifest(manifestPath);
    const QString name =
        manifest.completeBaseName().isEmpty() ? QStringLiteral("manifest") : manifest.completeBaseName();
    const QFileInfo folder(manifest.absolutePath());
    if (folder.isDir() && folder.isWritable()) {
        return {manifest.absolutePath() + QLatin1Char('/') + name + QStringLiteral("-workspace"), true};
    }
    const QByteArray hash =
        QCryptographicHash::hash(manifest.absoluteFilePath().toUtf8(), QCryptographicHash::Sha256).toHex().left(12);
    return {QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/workspaces/") + name +
                QLatin1Char('-') + QString::fromLatin1(hash),
            false};
}

QString RunSettings::defaultBaseUrl()
{
    return qEnvironmentVariable("OPENAI_BASE_URL", QStringLiteral("https://api.openai.com/v1"));
}

RunSettings RunSettings::load(QSettings &settings)
{
    RunSettings s;
    settings.beginGroup(QStringLiteral("run"));
    s.profile = settings.value(QStringLiteral("profile")).toString();
    s.baseUrl = settings.value(QStringLiteral("baseUrl"), defaultBaseUrl()).toString();
    s.model = settings.value(QStringLiteral("model"), s.model).toString();
    s.client = settings.value(QStringLiteral("client"), s.client).toString();
    s.confinement = Core::confinementFromName(settings.value(QStringLiteral("confinement")).toString())
                        .value_or(Core::Confinement::Auto);
    s.dockerImage = settings.value(QStringLiteral("dockerImage")).toString();
    s.ports = settings.value(QStringLiteral("ports")).toString();
    // Before the Outside policy the setting was the boolean askApproval.
    const QString legacy =
        settings.value(QStringLiteral("askApproval"), false).toBool() ? QStringLiteral("ask") : QStringLiteral("auto");
    s.approval = Core::approvalPolicyFromName(settings.value(QStringLiteral("approval"), legacy).toString())
                     .value_or(Core::ApprovalPolicy::Auto);
    s.capabilities = settings.value(QStringLiteral("capabilities"), s.capabilities).toStringList();
    s.memoryMode = settings.value(QStringLiteral("memoryMode"), s.memoryMode).toString();
    s.memoryLiveUpdate = settings.value(QStringLiteral("memoryLiveUpdate"), true).toBool();
    s.skills = settings.value(QStringLiteral("skills"), false).toBool();
    s.skillsDir = settings.value(QStringLiteral("skillsDir")).toString();
    s.skillsLazy = settings.value(QStringLiteral("skillsLazy"), false).toBool();
    s.snapshotEveryTurn = settings.value(QStringLiteral("snapshotEveryTurn"), true).toBool();
    settings.endGroup();
    if (s.client != QLatin1String("docker")) {
        s.client = QStringLiteral("unix_local");
    }
    return s;
}

void RunSettings::save(QSettings &settings) const
{
    settings.beginGroup(QStringLiteral("run"));
    settings.setValue(QStringLiteral("profile"), profile);
    settings.setValue(QStringLiteral("baseUrl"), baseUrl);
    settings.setValue(QStringLiteral("model"), model);
    settings.setValue(QStringLiteral("client"), client);
    settings.setValue(QStringLiteral("confinement"), Core::confinementName(confinement));
    settings.setValue(QStringLiteral("dockerImage"), dockerImage);
    settings.setValue(QStringLiteral("ports"), ports);
    settings.setValue(QStringLiteral("approval"), Core::approvalPolicyName(approval));
    settings.remove(QStringLiteral("askApproval"));
    settings.setValue(QStringLiteral("capabilities"), capabilities);
    settings.setValue(QStringLiteral("memoryMode"), memoryMode);
    settings.setValue(QStringLiteral("memoryLiveUpdate"), memoryLiveUpdate);
    settings.setValue(QStringLiteral("skills"), skills);
    settings.setValue(QStringLiteral("skillsDir"), skillsDir);
    settings.setValue(QStringLiteral("skillsLazy"), skillsLazy);
    settings.setValue(QStringLiteral("snapshotEveryTurn"), snapshotEveryTurn);
    settings.endGroup();
}

Core::Result<Core::AgentRunOptions> RunSettings::toOptions(const QString &workspaceDir, const QString &apiKey,
                                                           const std::optional<Core::ProviderProfile> &chosen) const
{
    Core::AgentRunOptions options;
    if (workspaceDir.isEmpty()) {
        return invalid(QCoreApplication::translate("RunSettings", "no workspace is open"));
    }
    options.workspaceDir = workspaceDir;
    if (chosen) {
        options.applyProfile(*chosen);
        if (!model.trimmed().isEmpty()) {
            options.run.model = model.trimmed();
        }
    } else {
        options.provider.baseUrl = QUrl(baseUrl.trimmed(), QUrl::StrictMode);
        if (!options.provider.baseUrl.isValid() || (options.provider.baseUrl.scheme() != QLatin1String("http") &&
                                                    options.provider.baseUrl.scheme() != QLatin1String("https"))) {
            return invalid(QCoreApplication::translate("RunSettings", "the base URL must be an http or https URL"));
        }
        if (options.provider.baseUrl.host() == QLatin1String("api.openai.com")) {
            options.provider.credentialName = Core::ProviderProfile::defaultCredentialName();
        }
        options.run.model = model.trimmed();
    }
    if (!apiKey.isEmpty() && (!chosen || !options.provider.credentialName.isEmpty())) {
        options.provider.apiKey = apiKey;
        options.provider.apiKeyVariable = QStringLiteral("OPENAI_API_KEY");
    }
    if (options.run.model.isEmpty()) {
        return invalid(QCoreApplication::translate("RunSettings", "no model given"));
    }
    options.client = client;
    options.confinement = confinement;
    options.docker.image = dockerImage.trimmed();
    QList<qint64> portNumbers;
    for (const QString &part : ports.split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts)) {
        bool ok = false;
        portNumbers.append(part.toLongLong(&ok));
        if (!ok) {
            return invalid(QCoreApplication::translate("RunSettings", "\"%1\" is not a port number").arg(part));
        }
    }
    const Core::Result<QList<quint16>> exposed = Core::validateExposedPorts(portNumbers, QStringLiteral("ports"));
    if (!exposed) {
        return invalid(QCoreApplication::translate("RunSettings", "exposed ports: %1").arg(exposed.error().message));
    }
    options.exposedPorts = *exposed;
    // Docker publishes ports from the container's network, which is off otherwise.
    options.networkAllowed = options.networkAllowed || (client == QLatin1String("docker") && !exposed->isEmpty());
    options.run.approval = approval;
    options.snapshotEveryTurn = snapshotEveryTurn;
    if (const auto knowledge = applyCapabilities(options); !knowledge) {
        return std::unexpected(knowledge.error());
    }
    return options;
}

Core::Result<void> RunSettings::applyCapabilities(Core::AgentRunOptions &options) const
{
    const auto bad = [](const QString &message) -> Core::Result<void> {
        return std::unexpected(Core::Error{Core::ErrorCode::InvalidInput, message, {}});
    };
    options.capabilities.clear();
    for (const QString &type : Core::AgentRunOptions::defaultCapabilities()) {
        if (capabilities.contains(type)) {
            options.capabilities << type;
        }
    }
    if (memoryMode != QLatin1String("off")) {
        options.capabilities << QStringLiteral("memory");
        if (!options.setMemoryMode(memoryMode)) {
            return bad(QCoreApplication::translate("RunSettings", "unknown memory mode \"%1\"").arg(memoryMode));
        }
        options.memory.liveUpdate = memoryLiveUpdate;
    }
    if (skills) {
        options.capabilities << QStringLiteral("skills");
        const QString dir = skillsDir.trimmed();
        if (dir.isEmpty() || !QDir::isAbsolutePath(dir)) {
            return bad(QCoreApplication::translate("RunSettings", "the skills need a folder (an absolute path)"));
        }
        if (skillsLazy) {
            // Chosen in the panel: the folder is granted, wherever the app's current directory is.
            options.skills.lazyDir = QDir::cleanPath(dir);
            options.skills.pathGrants = {options.skills.lazyDir};
        } else {
            options.skills.localDir = QDir::cleanPath(dir);
        }
    }
    return {};
}

} // namespace Sandcastle::Ui
