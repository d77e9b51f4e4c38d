// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/runner/agentrun.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <optional>

namespace Sandcastle::App::Cli {

/// The `sandcastle run` flags of the memory and skills capabilities and `--conversation` /
/// `--group` (docs/CLI.md).
class KnowledgeOptions
{
public:
    KnowledgeOptions();
    void addTo(QCommandLineParser &parser) const;
    /// Fills options.memory, options.skills, conversationId and groupId from the parsed flags
    /// (after options.capabilities, provider and model are set); the error text for bad flags.
    [[nodiscard]] std::optional<QString> apply(const QCommandLineParser &parser, Core::AgentRunOptions &options) const;

private:
    QList<QCommandLineOption> m_memory;
    QList<QCommandLineOption> m_skills;
    QList<QCommandLineOption> m_grouping;
};

} // namespace Sandcastle::App::Cli
