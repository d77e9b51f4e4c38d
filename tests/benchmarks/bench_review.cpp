// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Core figures of issue 8 (20 runs each; median and minimum wall time in ms):
// - diff: TextDiffer::diff of a 10 000-line file with 200 changed lines spread over it (hunks,
//   word highlights), and of a fully rewritten 10 000-line file (the worst case);
// - 50 files: diffs of 50 files of 200 lines with 10 000 changed lines in all (the review view's
//   "10 000-line diff across 50 files");
// - record: ChangeSet::fromChanges + RunJournal::recordChangeSet of that 50-file change set
//   (SQLite, blobs deduplicated), and reading it back with RunJournal::changeSet.
#include "sandcastle/core/journal/runjournal.h"
#include "sandcastle/core/review/changeset.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <functional>
#include <vector>

using namespace Sandcastle::Core;

namespace {

QByteArray file(int lines, int changeEvery, int salt)
{
    QByteArray out;
    for (int i = 0; i < lines; ++i) {
        const bool changed = changeEvery > 0 && i % changeEvery == 0;
        out += "    value_" + QByteArray::number(i) + " = compute(" + QByteArray::number(changed ? i + salt : i % 97) +
               ");\n";
    }
    return out;
}

void measure(QTextStream &out, const char *what, const std::function<void()> &body)
{
    std::vector<double> ms;
    for (int run = 0; run < 20; ++run) {
        QElapsedTimer t;
        t.start();
        body();
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    out << what << ": median " << QString::number(ms[ms.size() / 2], 'f', 2) << " ms, min "
        << QString::number(ms.front(), 'f', 2) << " ms\n";
    out.flush();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);

    const QByteArray before = file(10000, 0, 0);
    const QByteArray after = file(10000, 50, 1000);
    int hunks = 0;
    measure(out, "diff 10000 lines, 200 changed", [&] { hunks = int(TextDiffer::diff(before, after).hunks.size()); });
    out << "  (" << hunks << " hunks)\n";
    QByteArray rewritten;
    for (int i = 0; i < 10000; ++i) {
        rewritten += "other_" + QByteArray::number(i) + "();\n";
    }
    measure(out, "diff 10000 lines, all rewritten", [&] { (void)TextDiffer::diff(before, rewritten); });

    QList<FileChange> changes;
    QList<FileOrigin> origins;
    for (int f = 0; f < 50; ++f) {
        changes.append(FileChange{
            FileChange::Kind::Update, QStringLiteral("src/file_%1.cpp").arg(f), {}, file(200, 0, 0), file(200, 1, f)});
        origins.append(FileOrigin{true, QFile::ReadOwner | QFile::WriteOwner});
    }
    ChangeSet set;
    measure(out, "50 files, 10000 changed lines: ChangeSet::fromChanges (diffs)",
            [&] { set = ChangeSet::fromChanges(changes, origins); });
    out << "  (" << set.added() << " added, " << set.removed() << " removed)\n";

    QTemporaryDir dir;
    RunJournal journal;
    if (!journal.open(dir.filePath(QStringLiteral("bench.sqlite")))) {
        out << "cannot open the journal\n";
        return 1;
    }
    int n = 0;
    measure(out, "record the 50-file change set in the journal", [&] {
        ChangeSet copy = set;
        copy.id = QStringLiteral("set_%1").arg(n++);
        if (!journal.recordChangeSet(copy)) {
            out << "record failed\n";
        }
    });
    measure(out, "load the 50-file change set from the journal (with diffs)",
            [&] { (void)journal.changeSet(QStringLiteral("set_0")); });
    return 0;
}
