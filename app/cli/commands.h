// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class QCoreApplication;

namespace Sandcastle::App::Cli {

/// The subcommand names the CLI knows ("run", "apply-patch", "manifest", ...).
QStringList commandNames();

/// Runs `args` (subcommand first) and returns the exit code.
int runCommand(QCoreApplication &app, const QStringList &args);

} // namespace Sandcastle::App::Cli
