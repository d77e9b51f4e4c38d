// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/runner/agentrun.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <optional>

namespace Sandcastle::App::Cli {

/// The `sandcastle run` flags that choose and shape the sandbox: `--client`, `--image`, `--cpus`,
/// `--memory`, `--confine`, `--network` and `--port` (docs/CLI.md).
class SandboxOptions
{
public:
    SandboxOptions();
    void addTo(QCommandLineParser &parser) const;
    /// Fills options.client, docker, confinement, networkAllowed and exposedPorts from the parsed
    /// flags; the error text for a bad flag or a combination that cannot work.
    [[nodiscard]] std::optional<QString> apply(const QCommandLineParser &parser, Core::AgentRunOptions &options) const;

private:
    QCommandLineOption m_client;
    QCommandLineOption m_image;
    QCommandLineOption m_cpus;
    QCommandLineOption m_memory;
    QCommandLineOption m_confine;
    QCommandLineOption m_network;
    QCommandLineOption m_port;
};

} // namespace Sandcastle::App::Cli
