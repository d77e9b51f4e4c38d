// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/commands.h"

#include "cli/applypatchcommand.h"
#include "cli/changescommand.h"
#include "cli/cli.h"
#include "cli/credentialscommand.h"
#include "cli/manifestcommand.h"
#include "cli/profilescommand.h"
#include "cli/runcommand.h"
#include "cli/snapshotcommand.h"

#include "sandcastle/core/version.h"

#include <QCoreApplication>
#include <QTextStream>

namespace Sandcastle::App::Cli {

QStringList commandNames()
{
    return {QStringLiteral("version"),  QStringLiteral("help"),        QStringLiteral("apply-patch"),
            QStringLiteral("manifest"), QStringLiteral("run"),         QStringLiteral("resume"),
            QStringLiteral("snapshot"), QStringLiteral("credentials"), QStringLiteral("profiles"),
            QStringLiteral("changes")};
}

int runCommand(QCoreApplication &app, const QStringList &args)
{
    Q_UNUSED(app)
    const QString command = args.value(0);
    if (command == QLatin1String("version")) {
        QTextStream(stdout) << Core::buildDescription() << '\n';
        return Done;
    }
    if (command == QLatin1String("apply-patch")) {
        return applyPatchCommand(args.mid(1));
    }
    if (command == QLatin1String("run")) {
        return agentRunCommand(args.mid(1));
    }
    if (command == QLatin1String("resume")) {
        return resumeCommand(args.mid(1));
    }
    if (command == QLatin1String("snapshot")) {
        return snapshotCommand(args.mid(1));
    }
    if (command == QLatin1String("manifest")) {
        return manifestCommand(args.mid(1));
    }
    if (command == QLatin1String("credentials")) {
        return credentialsCommand(args.mid(1));
    }
    if (command == QLatin1String("profiles")) {
        return profilesCommand(args.mid(1));
    }
    if (command == QLatin1String("changes")) {
        return changesCommand(args.mid(1));
    }
    QTextStream(stdout)
        << "usage: sandcastle [--workspace DIR]            start the desktop app\n"
           "       sandcastle run [--manifest FILE] [--workspace DIR] [--confine auto|bwrap|none]\n"
           "                      [--profile NAME] [--base-url URL] [--model NAME] [--api responses|chat]\n"
           "                      [--max-turns N] [--events FILE] [--approve auto|deny|outside] PROMPT\n"
           "       sandcastle resume (--state FILE | --workspace DIR) [--profile NAME] [PROMPT]\n"
           "       sandcastle snapshot create|list|restore ...\n"
           "       sandcastle apply-patch --root DIR [PATCHFILE|-]\n"
           "       sandcastle changes list | show ID | revert ID [--file P] [--hunk N] --state JOURNAL\n"
           "       sandcastle manifest validate FILE | materialize FILE DIR\n"
           "       sandcastle credentials set|delete NAME    keychain item (set reads stdin)\n"
           "       sandcastle credentials list | status      stored names | keychain availability\n"
           "       sandcastle profiles list | set NAME [options] | remove NAME   provider profiles\n"
           "       sandcastle --version | version           print the version\n";
    return command == QLatin1String("help") ? Done : BadInput;
}

} // namespace Sandcastle::App::Cli
