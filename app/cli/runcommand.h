// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace Sandcastle::App::Cli {

/// `sandcastle run [options] PROMPT`: composes a manifest, a sandbox client, the capabilities and
/// a model client into one agent run (Core::AgentRun), prints the final output on stdout and
/// returns the exit code of docs/CLI.md. `args` excludes the subcommand name.
int agentRunCommand(const QStringList &args);

/// `sandcastle resume (--state FILE | --workspace DIR) [PROMPT]`: continues the last run of a
/// journal (docs/CLI.md). `args` excludes the subcommand name.
int resumeCommand(const QStringList &args);

} // namespace Sandcastle::App::Cli
