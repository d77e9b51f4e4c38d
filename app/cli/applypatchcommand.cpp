// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/applypatchcommand.h"

#include "cli/cli.h"

#include "sandcastle/core/capabilities/filesystem/patchapplier.h"

#include <QFile>
#include <QFileInfo>
#include <QTextStream>

namespace Sandcastle::App::Cli {

namespace {

int usage(const QString &problem)
{
    QTextStream err(stderr);
    err << "sandcastle apply-patch: " << problem << '\n' << "usage: sandcastle apply-patch --root DIR [PATCHFILE|-]\n";
    return BadInput;
}

} // namespace

int applyPatchCommand(const QStringList &args)
{
    QString root;
    QString source;
    bool haveSource = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        if (arg == QLatin1String("--root")) {
            if (i + 1 >= args.size()) {
                return usage(QStringLiteral("--root needs a directory"));
            }
            root = args.at(++i);
        } else if (arg.startsWith(QLatin1String("--root="))) {
            root = arg.mid(7);
        } else if (arg == QLatin1String("-h") || arg == QLatin1String("--help")) {
            QTextStream(stdout) << "usage: sandcastle apply-patch --root DIR [PATCHFILE|-]\n"
                                   "Applies a '*** Begin Patch' text to DIR, all or nothing.\n";
            return Done;
        } else if (arg.startsWith(QLatin1Char('-')) && arg != QLatin1String("-")) {
            return usage(QStringLiteral("unknown option %1").arg(arg));
        } else if (haveSource) {
            return usage(QStringLiteral("only one patch file may be given"));
        } else {
            source = arg;
            haveSource = true;
        }
    }
    if (root.isEmpty()) {
        return usage(QStringLiteral("--root DIR is required"));
    }
    if (!QFileInfo(root).isDir()) {
        return usage(QStringLiteral("%1 is not a directory").arg(root));
    }
    QFile in;
    bool opened = false;
    if (!haveSource || source == QLatin1String("-")) {
        opened = in.open(stdin, QIODevice::ReadOnly);
        source = QStringLiteral("<stdin>");
    } else {
        in.setFileName(source);
        opened = in.open(QIODevice::ReadOnly);
    }
    if (!opened) {
        return usage(QStringLiteral("cannot read %1: %2").arg(source, in.errorString()));
    }
    const QString text = QString::fromUtf8(in.readAll());
    const auto result = Core::PatchApplier::applyText(root, text);
    if (!result) {
        QTextStream(stderr) << result.error().toString() << '\n';
        return Failure;
    }
    QTextStream(stdout) << result->summary;
    return Done;
}

} // namespace Sandcastle::App::Cli
