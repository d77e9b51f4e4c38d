// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/commands.h"

#include "cli/cli.h"

#include "sandcastle/core/version.h"

#include <QCoreApplication>
#include <QTextStream>

namespace Sandcastle::App::Cli {

QStringList commandNames()
{
    return {QStringLiteral("version"), QStringLiteral("help")};
}

int runCommand(QCoreApplication &app, const QStringList &args)
{
    Q_UNUSED(app)
    const QString command = args.value(0);
    if (command == QLatin1String("version")) {
        QTextStream(stdout) << Core::buildDescription() << '\n';
        return Done;
    }
    QTextStream(stdout) << "usage: sandcastle [--workspace DIR]            start the desktop app\n"
                           "       sandcastle --version | version           print the version\n";
    return command == QLatin1String("help") ? Done : BadInput;
}

} // namespace Sandcastle::App::Cli
