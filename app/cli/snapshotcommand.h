// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace Sandcastle::App::Cli {

/// `sandcastle snapshot create|list|restore ...` over a workspace's SnapshotStore (docs/CLI.md).
/// `args` excludes the subcommand name.
int snapshotCommand(const QStringList &args);

} // namespace Sandcastle::App::Cli
