// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/snapshotcommand.h"

#include "cli/cli.h"

#include "sandcastle/core/runner/agentrun.h"
#include "sandcastle/core/snapshot/snapshotstore.h"

#include <QCommandLineParser>
#include <QDir>
#include <QEventLoop>
#include <QFutureWatcher>
#include <QTextStream>

namespace Sandcastle::App::Cli {

namespace {

int fail(const QString &message, int code)
{
    QTextStream(stderr) << "sandcastle snapshot: " << message << '\n';
    return code;
}

int exitFor(const Core::Error &error)
{
    switch (error.code) {
    case Core::ErrorCode::InvalidInput:
    case Core::ErrorCode::NotFound:
        return BadInput;
    default:
        return Failure;
    }
}

/// Waits for `future` on a local event loop (the store works on the thread pool).
template<class T>
Core::Result<T> wait(QFuture<Core::Result<T>> future)
{
    QEventLoop loop;
    QFutureWatcher<Core::Result<T>> watcher;
    QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
    watcher.setFuture(future);
    if (!future.isFinished()) {
        loop.exec();
    }
    if (future.resultCount() == 0) {
        return std::unexpected(Core::Error{Core::ErrorCode::Cancelled, QStringLiteral("cancelled"), {}});
    }
    return future.result();
}

QString describe(const Core::SnapshotInfo &s)
{
    return QStringLiteral("%1  %2  %3 files  %4 bytes  %5")
        .arg(s.id, s.createdAt.toString(Qt::ISODateWithMs))
        .arg(s.fileCount)
        .arg(s.bytes)
        .arg(s.label);
}

} // namespace

int snapshotCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption workspaceOpt(QStringLiteral("workspace"), QStringLiteral("workspace"),
                                          QStringLiteral("DIR"));
    const QCommandLineOption storeOpt(QStringLiteral("store"), QStringLiteral("snapshot store"), QStringLiteral("DIR"));
    const QCommandLineOption labelOpt(QStringLiteral("label"), QStringLiteral("label"), QStringLiteral("TEXT"));
    parser.addOptions({workspaceOpt, storeOpt, labelOpt});
    parser.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("create | list | restore ID TARGET"));
    const QString usage =
        QStringLiteral("usage: sandcastle snapshot create --workspace DIR [--store DIR] [--label TEXT]\n"
                       "       sandcastle snapshot list (--workspace DIR | --store DIR)\n"
                       "       sandcastle snapshot restore (--workspace DIR | --store DIR) ID TARGET");
    if (!parser.parse(QStringList{QStringLiteral("sandcastle snapshot")} + args)) {
        return fail(parser.errorText() + QLatin1Char('\n') + usage, BadInput);
    }
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    const auto absolute = [](const QString &path) { return QDir::cleanPath(QDir::current().absoluteFilePath(path)); };
    const QString workspace = parser.isSet(workspaceOpt) ? absolute(parser.value(workspaceOpt)) : QString();
    if (workspace.isEmpty() && !parser.isSet(storeOpt)) {
        return fail(QStringLiteral("give --workspace DIR or --store DIR\n") + usage, BadInput);
    }
    const Core::SnapshotStore store(parser.isSet(storeOpt) ? absolute(parser.value(storeOpt))
                                                           : Core::AgentRunOptions::defaultSnapshotStore(workspace));
    if (action == QLatin1String("create") && positional.size() == 1) {
        if (workspace.isEmpty()) {
            return fail(QStringLiteral("create needs --workspace DIR (the directory to snapshot)"), BadInput);
        }
        Core::SnapshotCreateOptions options;
        options.label = parser.value(labelOpt);
        auto created = wait(store.create(workspace, options));
        if (created) {
            // Printed only once durable: a script may record the id right away.
            const qint64 added = created->addedBytes;
            created = wait(store.durable(created->id));
            if (created) {
                created->addedBytes = added;
            }
        }
        if (!created) {
            return fail(created.error().toString(), exitFor(created.error()));
        }
        QTextStream(stdout) << describe(*created) << "  (+" << created->addedBytes << " bytes in the store)\n";
        return Done;
    }
    if (action == QLatin1String("list") && positional.size() == 1) {
        const auto listed = wait(store.list());
        if (!listed) {
            return fail(listed.error().toString(), exitFor(listed.error()));
        }
        for (const Core::SnapshotInfo &s : *listed) {
            QTextStream(stdout) << describe(s) << '\n';
        }
        return Done;
    }
    if (action == QLatin1String("restore") && positional.size() == 3) {
        const auto restored = wait(store.restore(positional.at(1), absolute(positional.at(2))));
        if (!restored) {
            return fail(restored.error().toString(), exitFor(restored.error()));
        }
        QTextStream(stdout) << "restored " << describe(*restored) << " into " << absolute(positional.at(2)) << '\n';
        return Done;
    }
    return fail(usage, BadInput);
}

} // namespace Sandcastle::App::Cli
