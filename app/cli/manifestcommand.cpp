// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/manifestcommand.h"

#include "cli/cli.h"

#include "sandcastle/core/manifest/manifestparser.h"
#include "sandcastle/core/manifest/materializer.h"

#include <QEventLoop>
#include <QTextStream>

namespace Sandcastle::App::Cli {

namespace {

int usage()
{
    QTextStream(stderr) << "usage: sandcastle manifest validate FILE\n"
                           "       sandcastle manifest materialize FILE DIR\n";
    return BadInput;
}

QString mebibytes(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1) + QStringLiteral(" MiB");
}

} // namespace

int manifestCommand(const QStringList &args)
{
    const QString sub = args.value(0);
    const bool validate = sub == QLatin1String("validate") && args.size() == 2;
    const bool materialize = sub == QLatin1String("materialize") && args.size() == 3;
    if (!validate && !materialize) {
        return usage();
    }
    const QString file = args.at(1);
    const auto manifest = Core::ManifestParser::parseFile(file);
    if (!manifest) {
        QTextStream(stderr) << manifest.error().message << '\n';
        return BadInput;
    }
    if (validate) {
        QTextStream(stdout) << file << ": valid (" << manifest->entryCount() << " entries)\n";
        return Done;
    }

    const QString target = args.at(2);
    Core::Materializer materializer;
    QEventLoop loop;
    int exitCode = Failure;
    QObject::connect(&materializer, &Core::Materializer::progress, &loop, [](qint64 done, qint64 total, qint64 bytes) {
        QTextStream(stderr) << "materializing: " << done << '/' << total << " entries, " << mebibytes(bytes) << '\n';
    });
    QObject::connect(
        &materializer, &Core::Materializer::finished, &loop, [&](const Core::Result<Core::MaterializeReport> &result) {
            if (result) {
                QTextStream(stdout) << file << ": materialized " << result->items << " entries (" << result->files
                                    << " files, " << mebibytes(result->bytes) << ") into " << result->targetDir << '\n';
                exitCode = Done;
            } else {
                QTextStream(stderr) << result.error().message << '\n';
                exitCode = result.error().code == Core::ErrorCode::InvalidInput ? BadInput : SandboxError;
            }
            loop.quit();
        });
    materializer.start(*manifest, target);
    loop.exec();
    return exitCode;
}

} // namespace Sandcastle::App::Cli
