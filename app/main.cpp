// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Entry point: a subcommand runs the command-line front end on a QCoreApplication; no
// subcommand starts the desktop app.
#include "application.h"
#include "cli/cli.h"

int main(int argc, char **argv)
{
    if (Sandcastle::App::Cli::wantsCli(argc, argv)) {
        return Sandcastle::App::Cli::run(argc, argv);
    }
    // No Qt::AA_ShareOpenGLContexts here: it would load the OpenGL driver at start-up. Qt
    // WebEngine's share context is made when the preview plugin loads (PreviewPluginLoader).
    return Sandcastle::App::runDesktop(argc, argv);
}
