// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Entry point: a subcommand runs the command-line front end on a QCoreApplication; no
// subcommand starts the desktop app.
#include "application.h"
#include "cli/cli.h"

#include <QCoreApplication>

int main(int argc, char **argv)
{
    if (Sandcastle::App::Cli::wantsCli(argc, argv)) {
        return Sandcastle::App::Cli::run(argc, argv);
    }
    // Qt WebEngine comes later, from the preview plugin: it needs shared GL contexts set up
    // before the QApplication exists.
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    return Sandcastle::App::runDesktop(argc, argv);
}
