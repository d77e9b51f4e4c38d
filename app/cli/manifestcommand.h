// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace Sandcastle::App::Cli {

/// `sandcastle manifest validate FILE` and `sandcastle manifest materialize FILE DIR`.
/// `args` starts with the subcommand ("validate" / "materialize"). Returns the exit code:
/// 0 done, 2 bad input (usage, unreadable or invalid manifest), 4 materialization failure.
/// Runs the event loop of the current QCoreApplication while materializing.
int manifestCommand(const QStringList &args);

} // namespace Sandcastle::App::Cli
