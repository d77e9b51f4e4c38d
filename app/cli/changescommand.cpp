// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/changescommand.h"

#include "cli/cli.h"

#include "sandcastle/core/journal/runjournal.h"
#include "sandcastle/core/review/changereverter.h"
#include "sandcastle/core/review/gitchanges.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace Sandcastle::App::Cli {

namespace {

int fail(const QString &message, int code)
{
    QTextStream(stderr) << "sandcastle changes: " << message << '\n';
    return code;
}

int exitFor(const Core::Error &error)
{
    return error.code == Core::ErrorCode::InvalidInput || error.code == Core::ErrorCode::NotFound ? BadInput : Failure;
}

QString fileLine(const Core::ChangeSetFile &f)
{
    QString what = Core::changeKindName(f.change.kind) + QLatin1Char(' ') + f.change.path;
    if (!f.change.sourcePath.isEmpty()) {
        what += QStringLiteral(" (from %1)").arg(f.change.sourcePath);
    }
    return f.isBinary() ? what + QStringLiteral(" binary")
                        : what + QStringLiteral(" +%1 -%2 (%3 hunks)")
                                     .arg(f.diff.added)
                                     .arg(f.diff.removed)
                                     .arg(f.diff.hunks.size());
}

int list(const Core::RunJournal &journal)
{
    const auto sets = journal.changeSets();
    if (!sets) {
        return fail(sets.error().toString(), exitFor(sets.error()));
    }
    QTextStream out(stdout);
    for (const Core::ChangeSet &set : *sets) {
        out << set.id << "  turn " << set.turn << "  " << set.source << "  " << Core::changeSetStatusName(set.status)
            << "  " << (set.callId.isEmpty() ? QStringLiteral("-") : set.callId) << '\n';
        for (const Core::ChangeSetFile &f : set.files) {
            out << "    " << f.index << ' ' << fileLine(f) << '\n';
        }
    }
    return Done;
}

int show(const Core::ChangeSet &set)
{
    QTextStream out(stdout);
    out << "change set " << set.id << " (" << set.source << ", " << Core::changeSetStatusName(set.status) << ", turn "
        << set.turn << ", call " << (set.callId.isEmpty() ? QStringLiteral("-") : set.callId) << ")\n";
    if (!set.comment.isEmpty()) {
        out << "comment: " << set.comment << '\n';
    }
    out.flush();
    const QByteArray patch = Core::GitChanges::patchText(set);
    fwrite(patch.constData(), 1, size_t(patch.size()), stdout);
    fflush(stdout);
    return Done;
}

} // namespace

int changesCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption stateOpt(QStringLiteral("state"), QStringLiteral("run journal"), QStringLiteral("FILE"));
    const QCommandLineOption fileOpt(QStringLiteral("file"), QStringLiteral("file path"), QStringLiteral("PATH"));
    const QCommandLineOption hunkOpt(QStringLiteral("hunk"), QStringLiteral("hunk index"), QStringLiteral("N"));
    const QCommandLineOption workspaceOpt(QStringLiteral("workspace"), QStringLiteral("workspace"),
                                          QStringLiteral("DIR"));
    parser.addOptions({stateOpt, fileOpt, hunkOpt, workspaceOpt});
    parser.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("list | show ID | revert ID"));
    const QString usage = QStringLiteral("usage: sandcastle changes list --state JOURNAL\n"
                                         "       sandcastle changes show ID --state JOURNAL\n"
                                         "       sandcastle changes revert ID [--file PATH] [--hunk N] "
                                         "[--workspace DIR] --state JOURNAL");
    if (!parser.parse(QStringList{QStringLiteral("sandcastle changes")} + args)) {
        return fail(parser.errorText() + QLatin1Char('\n') + usage, BadInput);
    }
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    if (!parser.isSet(stateOpt) || action.isEmpty() || (action != QLatin1String("list") && positional.size() != 2)) {
        return fail(usage, BadInput);
    }
    Core::RunJournal journal;
    if (const auto opened = journal.openExisting(parser.value(stateOpt)); !opened) {
        return fail(opened.error().toString(), exitFor(opened.error()));
    }
    if (action == QLatin1String("list")) {
        return list(journal);
    }
    const auto set = journal.changeSet(positional.at(1));
    if (!set) {
        return fail(set.error().toString(), exitFor(set.error()));
    }
    if (action == QLatin1String("show")) {
        return show(*set);
    }
    if (action != QLatin1String("revert")) {
        return fail(QStringLiteral("unknown action \"%1\"\n%2").arg(action, usage), BadInput);
    }
    int file = -1;
    if (parser.isSet(fileOpt)) {
        for (const Core::ChangeSetFile &f : set->files) {
            if (f.change.path == parser.value(fileOpt)) {
                file = f.index;
            }
        }
        if (file < 0) {
            return fail(QStringLiteral("change set %1 has no file %2").arg(set->id, parser.value(fileOpt)), BadInput);
        }
    }
    int hunk = -1;
    if (parser.isSet(hunkOpt)) {
        bool ok = false;
        hunk = parser.value(hunkOpt).toInt(&ok);
        if (!ok || hunk < 0 || file < 0) {
            return fail(
                QStringLiteral("--hunk needs --file and a hunk index >= 0 (got \"%1\")").arg(parser.value(hunkOpt)),
                BadInput);
        }
    }
    QString root = parser.value(workspaceOpt);
    if (root.isEmpty()) {
        const auto state = journal.loadRun(set->runId);
        if (!state) {
            return fail(state.error().toString() + QStringLiteral(" (give --workspace DIR)"), exitFor(state.error()));
        }
        root = state->run.config.value(QStringLiteral("workspace")).toString();
    }
    const auto outcome = Core::ChangeReverter::revert(root, *set, file, hunk);
    if (!outcome) {
        return fail(outcome.error().toString(), exitFor(outcome.error()));
    }
    Core::JournalRevert revert{
        {}, set->id, file, hunk, outcome->ok() ? QStringLiteral("reverted") : QStringLiteral("conflict"), {}, {}};
    for (const Core::RevertConflict &c : outcome->conflicts) {
        revert.detail +=
            QStringLiteral("%1 %2 %3: %4\n")
                .arg(c.path, c.hunk < 0 ? QStringLiteral("(whole file)") : QStringLiteral("hunk %1").arg(c.hunk),
                     c.header, c.reason);
    }
    if (const auto recorded = journal.recordRevert(revert); !recorded) {
        return fail(recorded.error().toString(), Failure);
    }
    if (!outcome->ok()) {
        QTextStream err(stderr);
        err << "sandcastle changes: conflict, nothing was reverted:\n" << revert.detail;
        for (const Core::RevertConflict &c : outcome->conflicts) {
            err << "current lines of " << c.path << ":\n" << QString::fromUtf8(c.current);
        }
        return Failure;
    }
    QTextStream(stdout) << "reverted: " << outcome->written.join(QStringLiteral(", ")) << '\n';
    return Done;
}

} // namespace Sandcastle::App::Cli
