// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QCoreApplication;

namespace Sandcastle::App {

/// Installs the translator for the current (or SANDCASTLE_LANG / LANGUAGE) locale on `app`.
void installTranslations(QCoreApplication &app);

/// Builds the services and the main window and runs the GUI event loop. Options:
/// `--workspace DIR` (default: the bundled demo workspace) and `--screenshot FILE` (write a PNG
/// of the main window once it has been shown, then keep running; with `--quit-after-screenshot`, exit).
int runDesktop(int argc, char **argv);

} // namespace Sandcastle::App
