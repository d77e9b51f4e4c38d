// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace Sandcastle::App::Cli {

/// `sandcastle changes list|show ID|revert ID [--file P] [--hunk N] --state JOURNAL`: the change
/// sets of a run journal (issue 8; docs/CLI.md). `args` excludes the subcommand name.
int changesCommand(const QStringList &args);

} // namespace Sandcastle::App::Cli
