// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/model/providerprofile.h"
#include "sandcastle/core/result.h"
#include "sandcastle/core/runner/agentrun.h"

#include <QString>

#include <optional>

class QSettings;

namespace Sandcastle::Ui {

/// What the run panel asks for, as plain values: persisted with QSettings (the last values are
/// the next defaults) and turned into Core::AgentRunOptions for a workspace.
struct RunSettings
{
    /// The provider profile (ProviderProfileStore) runs use; empty = "Custom": the base URL
    /// below with the Responses API and OPENAI_API_KEY or the default keychain item.
    QString profile;
    QString baseUrl;
    QString model = QStringLiteral("gpt-5.5");     ///< with a profile: overrides its model when not empty
    QString client = QStringLiteral("unix_local"); ///< "unix_local" or "docker"
    Core::Confinement confinement = Core::Confinement::Auto;
    QString dockerImage; ///< empty = the default image
    QString ports;       ///< exposed TCP ports, separated by spaces or commas
    /// Auto (never ask), Ask (every call) or Outside (outside the workspace or the network).
    Core::ApprovalPolicy approval = Core::ApprovalPolicy::Auto;
    /// Capabilities (CapabilitiesForm): the base ones by name ("filesystem", "shell", "compaction");
    /// memory and skills are added by the fields below.
    QStringList capabilities = Core::AgentRunOptions::defaultCapabilities();
    QString memoryMode =
        QStringLiteral("off"); ///< "off", or AgentRunOptions::setMemoryMode()'s "both", "read", "generate"
    bool memoryLiveUpdate = true;
    bool skills = false;
    QString skillsDir;       ///< host folder of the skills
    bool skillsLazy = false; ///< staged one at a time by load_skill (the folder is granted), else copied in
    /// A workspace snapshot after every round of tool calls (AgentRunOptions::snapshotEveryTurn):
    /// what shell commands changed becomes a reviewable change set.
    bool snapshotEveryTurn = true;

    /// Where a run on the manifest at `manifestPath` works: "<name>-workspace" next to the
    /// manifest when its folder is writable, else <app data>/workspaces/<name>-<hash of the path>.
    struct ManifestWorkspace
    {
        QString directory;
        bool nextToManifest = false;
    };
    [[nodiscard]] static ManifestWorkspace workspaceForManifest(const QString &manifestPath);

    /// OPENAI_BASE_URL or https://api.openai.com/v1.
    [[nodiscard]] static QString defaultBaseUrl();
    [[nodiscard]] static RunSettings load(QSettings &settings);
    void save(QSettings &settings) const;

    /// The options of a run on the host directory `workspaceDir` with `chosen` (the profile named
    /// by `profile`, or none for Custom). `apiKey` (OPENAI_API_KEY) overrides the keychain
    /// item when the provider uses one; otherwise the run reads the item from its credential
    /// store. InvalidInput with a translated message for a bad URL or an empty model.
    /// The capability fields as AgentRunOptions::capabilities, memory and skills (what the CLI's
    /// `--capabilities`, `--memory-*` and `--skills-*` flags set). InvalidInput, translated, for a
    /// skills choice without a folder.
    [[nodiscard]] Core::Result<void> applyCapabilities(Core::AgentRunOptions &options) const;

    [[nodiscard]] Core::Result<Core::AgentRunOptions>
    toOptions(const QString &workspaceDir, const QString &apiKey,
              const std::optional<Core::ProviderProfile> &chosen = std::nullopt) const;
};

} // namespace Sandcastle::Ui
