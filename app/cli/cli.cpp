// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/cli.h"

#include "application.h"
#include "cli/commands.h"

#include "sandcastle/core/version.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QStringList>
#include <QTextStream>

#include <cstring>

namespace Sandcastle::App::Cli {

bool wantsCli(int argc, char **argv)
{
    if (argc < 2) {
        return false;
    }
    const char *first = argv[1];
    if (std::strcmp(first, "--version") == 0 || std::strcmp(first, "-v") == 0) {
        return true;
    }
    return commandNames().contains(QString::fromLocal8Bit(first));
}

int run(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("sandcastle"));
    QCoreApplication::setApplicationVersion(Core::version());
    installTranslations(app);
    // Debug output of the core's categories is for --verbose runs and developers
    // (QT_LOGGING_RULES still wins); warnings and errors always reach stderr.
    if (!qEnvironmentVariableIsSet("QT_LOGGING_RULES")) {
        QLoggingCategory::setFilterRules(QStringLiteral("sandcastle.*.debug=false"));
    }
    QStringList args = QCoreApplication::arguments();
    if (args.value(1) == QLatin1String("--version") || args.value(1) == QLatin1String("-v")) {
        QTextStream(stdout) << Core::buildDescription() << '\n';
        return Done;
    }
    return runCommand(app, args.mid(1));
}

} // namespace Sandcastle::App::Cli
