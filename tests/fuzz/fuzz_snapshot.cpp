// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Snapshot extraction: the input is imported as a snapshot archive (tar, optionally compressed) and,
// when the import succeeds, restored. Nothing may appear outside the restore target: a sibling
// directory with a planted file is checked after every input.
#include "fuzzsupport.h"
#include "sandcastle/core/snapshot/snapshotstore.h"

#include <QDirIterator>
#include <QFile>

using namespace Sandcastle::Core;
using Sandcastle::Fuzz::check;

namespace {

qsizetype entriesBelow(const QString &dir)
{
    qsizetype n = 0;
    QDirIterator it(dir, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++n;
    }
    return n;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Sandcastle::Fuzz::app();
    const QString base = Sandcastle::Fuzz::scratchDir();
    const QString outside = base + QStringLiteral("/outside");
    const QString work = base + QStringLiteral("/work");
    QDir(work).removeRecursively();
    QDir().mkpath(work);
    QDir().mkpath(outside);
    QFile sentinel(outside + QStringLiteral("/sentinel"));
    if (!sentinel.exists()) {
        check(sentinel.open(QIODevice::WriteOnly) && sentinel.write("keep") == 4, "sentinel written");
        sentinel.close();
    }
    const QString archive = work + QStringLiteral("/in.tar");
    {
        QFile file(archive);
        check(file.open(QIODevice::WriteOnly), "scratch archive writable");
        file.write(reinterpret_cast<const char *>(data), qint64(size));
    }
    // Small limits keep a bomb from filling the disk; the limit checks are part of what is fuzzed.
    SnapshotLimits limits;
    limits.maxMembers = 2000;
    limits.maxTotalBytes = qint64(8) << 20;
    const SnapshotStore store(work + QStringLiteral("/store"), limits);
    const Result<SnapshotInfo> imported = store.importArchive(archive, QStringLiteral("fuzz")).result();
    if (imported) {
        const QString target = work + QStringLiteral("/restored");
        const Result<SnapshotInfo> restored = store.restore(imported->id, target).result();
        (void)restored;
    } else {
        check(!imported.error().message.isEmpty(), "an import error has a message");
    }
    check(entriesBelow(outside) == 1, "nothing written next to the store and the restore target");
    QFile kept(outside + QStringLiteral("/sentinel"));
    check(kept.open(QIODevice::ReadOnly) && kept.readAll() == "keep", "the sentinel outside is unchanged");
    return 0;
}
