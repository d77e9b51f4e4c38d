// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Snapshots of a 10 000-file, 200 MB tree: the first snapshot, a second one of the unchanged tree,
// one after a one-file change, and a restore, each with the bytes it added to the store; `tar -cf`
// and `tar -xf` of the same tree are printed for comparison (ratio: lower is better).
#include "sandcastle/core/snapshot/snapshotstore.h"

#include "futurewait.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

using namespace Sandcastle::Core;

namespace {

constexpr int kDirs = 100;
constexpr int kFilesPerDir = 100;
constexpr qint64 kTotalBytes = qint64(200) << 20;
constexpr int kTimeoutMs = 600000;

bool makeTree(const QString &root)
{
    const qint64 fileSize = kTotalBytes / (kDirs * kFilesPerDir);
    QByteArray block(fileSize, Qt::Uninitialized);
    for (qint64 i = 0; i < fileSize; ++i) {
        block[i] = char('a' + (i * 7919) % 26);
    }
    for (int d = 0; d < kDirs; ++d) {
        const QString dir = QStringLiteral("%1/d%2").arg(root).arg(d, 3, 10, QLatin1Char('0'));
        if (!QDir().mkpath(dir)) {
            return false;
        }
        for (int f = 0; f < kFilesPerDir; ++f) {
            QFile file(QStringLiteral("%1/f%2.dat").arg(dir).arg(f, 3, 10, QLatin1Char('0')));
            block[0] = char(d);
            block[1] = char(f); // distinct content: no dedup between files
            if (!file.open(QIODevice::WriteOnly) || file.write(block) != block.size()) {
                return false;
            }
        }
    }
    return true;
}

qint64 bytesUnder(const QString &dir)
{
    qint64 total = 0;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        total += it.fileInfo().size();
    }
    return total;
}

double runTimed(const QString &program, const QStringList &args)
{
    QElapsedTimer t;
    t.start();
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(-1) || p.exitCode() != 0) {
        return -1;
    }
    return t.nsecsElapsed() / 1e6;
}

void flushDisks()
{
    QProcess::execute(QStringLiteral("sync"), {});
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTemporaryDir tmp(QStringLiteral("/tmp/sandcastle-bench-XXXXXX"));
    const QString ws = tmp.filePath(QStringLiteral("ws"));
    if (!tmp.isValid() || !makeTree(ws)) {
        out << "cannot create the source tree\n";
        return 1;
    }
    flushDisks();
    const QString tarFile = tmp.filePath(QStringLiteral("ref.tar"));
    const double tarC = runTimed(QStringLiteral("tar"),
                                 {QStringLiteral("-cf"), tarFile, QStringLiteral("-C"), ws, QStringLiteral(".")});
    flushDisks();
    const QString tarOut = tmp.filePath(QStringLiteral("tar-out"));
    QDir().mkpath(tarOut);
    const double tarX = runTimed(QStringLiteral("tar"), {QStringLiteral("-xf"), tarFile, QStringLiteral("-C"), tarOut});
    QDir(tarOut).removeRecursively();
    QFile::remove(tarFile);
    flushDisks();

    const SnapshotStore store(tmp.filePath(QStringLiteral("store")));
    const auto timedSnapshot = [&](const char *what) -> bool {
        const qint64 before = bytesUnder(store.rootDir());
        QElapsedTimer t;
        t.start();
        const auto info = Sandcastle::Test::await(store.create(ws), kTimeoutMs);
        const double ms = t.nsecsElapsed() / 1e6;
        if (!info) {
            out << what << " failed: " << info.error().toString() << '\n';
            return false;
        }
        out << QStringLiteral("%1 %2 ms, %3 files, %4 MiB content, %5 bytes added to the store\n")
                   .arg(QString::fromLatin1(what).leftJustified(34))
                   .arg(ms, 0, 'f', 1)
                   .arg(info->fileCount)
                   .arg(info->bytes >> 20)
                   .arg(bytesUnder(store.rootDir()) - before);
        return true;
    };
    out << QStringLiteral("%1 %2 ms\n").arg(QStringLiteral("tar -cf").leftJustified(34)).arg(tarC, 0, 'f', 1);
    if (!timedSnapshot("snapshot 1 (empty store)")) {
        return 1;
    }
    flushDisks();
    if (!timedSnapshot("snapshot 2 (unchanged)") || !timedSnapshot("snapshot 3 (unchanged)")) {
        return 1;
    }
    {
        QFile changed(ws + QStringLiteral("/d050/f050.dat"));
        if (!changed.open(QIODevice::WriteOnly) || changed.write(QByteArray(20000, 'x')) != 20000) {
            return 1;
        }
    }
    if (!timedSnapshot("snapshot 4 (one 20 kB file changed)")) {
        return 1;
    }
    const auto list = Sandcastle::Test::await(store.list(), kTimeoutMs);
    if (!list || list->isEmpty()) {
        return 1;
    }
    flushDisks();
    const QString restored = tmp.filePath(QStringLiteral("restored"));
    QElapsedTimer t;
    t.start();
    const auto r = Sandcastle::Test::await(store.restore(list->last().id, restored), kTimeoutMs);
    const double restoreMs = t.nsecsElapsed() / 1e6;
    if (!r) {
        out << "restore failed: " << r.error().toString() << '\n';
        return 1;
    }
    out << QStringLiteral("%1 %2 ms\n").arg(QStringLiteral("tar -xf").leftJustified(34)).arg(tarX, 0, 'f', 1);
    out << QStringLiteral("%1 %2 ms\n").arg(QStringLiteral("restore").leftJustified(34)).arg(restoreMs, 0, 'f', 1);
    QDir(restored).removeRecursively();
    flushDisks();
    t.restart();
    const auto exported = Sandcastle::Test::await(
        store.exportArchive(list->last().id, tmp.filePath(QStringLiteral("export.tar"))), kTimeoutMs);
    out << QStringLiteral("%1 %2 ms%3\n")
               .arg(QStringLiteral("exportArchive").leftJustified(34))
               .arg(t.nsecsElapsed() / 1e6, 0, 'f', 1)
               .arg(exported ? QString() : QStringLiteral(" FAILED: ") + exported.error().toString());
    out << QStringLiteral("store size %1 MiB\n").arg(bytesUnder(store.rootDir()) >> 20);
    return 0;
}
