// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace Sandcastle::App::Cli {

/// `sandcastle apply-patch --root DIR [PATCHFILE|-]`: applies a `*** Begin Patch` text (from the
/// file, or stdin for `-` or no argument) to DIR with the apply_patch engine, all or nothing.
/// Prints the summary on stdout and returns Done; on a patch that does not apply prints the error on
/// stderr and returns Failure (nothing changed); bad arguments or unreadable input return BadInput.
/// `args` excludes the subcommand name.
int applyPatchCommand(const QStringList &args);

} // namespace Sandcastle::App::Cli
