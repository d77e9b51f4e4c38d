// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace Sandcastle::App::Cli {

/// Exit codes of every subcommand (documented in docs/CLI.md).
enum ExitCode : int {
    Done = 0,
    Failure = 1,
    BadInput = 2,
    ProviderError = 3,
    SandboxError = 4,
    MaxTurnsReached = 5,
    Interrupted = 130, ///< SIGINT/SIGTERM cancelled the command (shell convention 128 + SIGINT)
};

/// True when argv names a subcommand (or --version), i.e. the CLI should run instead of the GUI.
bool wantsCli(int argc, char **argv);

/// Runs the command-line front end on a QCoreApplication and returns the process exit code.
int run(int argc, char **argv);

} // namespace Sandcastle::App::Cli
