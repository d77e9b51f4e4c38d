// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The run journal loader: the input is written as a journal file (a SQLite database from bytes) and
// opened the way `sandcastle resume` and the change review open one; every run, change set and
// snapshot reference is loaded. Opening must fail cleanly or load without crashing.
#include "fuzzsupport.h"
#include "sandcastle/core/journal/runjournal.h"

#include <QFile>

using namespace Sandcastle::Core;
using Sandcastle::Fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Sandcastle::Fuzz::app();
    const QString path = Sandcastle::Fuzz::scratchDir() + QStringLiteral("/journal.sqlite");
    for (const char *suffix : {"", "-wal", "-shm", "-journal"}) {
        QFile::remove(path + QLatin1String(suffix));
    }
    {
        QFile file(path);
        check(file.open(QIODevice::WriteOnly), "scratch journal writable");
        file.write(reinterpret_cast<const char *>(data), qint64(size));
    }
    RunJournal journal;
    if (const Result<void> opened = journal.openExisting(path); !opened) {
        check(!opened.error().message.isEmpty(), "an open error has a message");
        return 0;
    }
    (void)journal.lastRunId();
    if (const auto runs = journal.runs(); runs) {
        for (const JournalRun &run : *runs) {
            (void)journal.loadRun(run.id);
            (void)journal.snapshots(run.id);
        }
    }
    if (const auto sets = journal.changeSets(); sets) {
        for (const ChangeSet &set : *sets) {
            (void)journal.hunkDecisions(set.id);
            (void)journal.reverts(set.id);
            (void)journal.changeSet(set.id);
        }
    }
    journal.close();
    return 0;
}
