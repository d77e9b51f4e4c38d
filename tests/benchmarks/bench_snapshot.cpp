// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Snapshot store against GNU tar on the same tree, in the same run (issue 5 targets): first
// snapshot vs `tar -cf`, restore vs `tar -xf`, a snapshot of the unchanged tree and one after a
// one-file change (time and bytes added to the store). Snapshots are timed twice: "captured" when
// create() returns (what a run waits for) and "durable" when durable() finishes (blobs and
// envelope flushed). The page cache cannot be dropped here, so every measurement is repeated:
// round 1 is the colder one, later rounds run with a warm cache; the summary gives min and median
// of the first-snapshot ratios over the rounds.
//
//   bench_snapshot [--files N] [--mb M] [--dir PARENT] [--rounds R] [--first-only]
//   (default 20 000 files, 500 MB, /tmp, 2 rounds; --first-only times just tar -cf and the first
//   snapshot of each round, for profiling)
#include "sandcastle/core/snapshot/snapshotstore.h"

#include "futurewait.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cstring>

using namespace Sandcastle::Core;

namespace {

constexpr int kFilesPerDir = 100;
constexpr int kTimeoutMs = 1800000;

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

bool makeTree(const QString &root, int files, qint64 totalBytes)
{
    const qint64 fileSize = std::max<qint64>(16, totalBytes / files);
    QByteArray block(fileSize, Qt::Uninitialized);
    for (qint64 i = 0; i < fileSize; ++i) {
        block[i] = char('a' + (i * 7919) % 26);
    }
    for (int n = 0; n < files; ++n) {
        const QString dir = QStringLiteral("%1/d%2").arg(root).arg(n / kFilesPerDir, 3, 10, QLatin1Char('0'));
        if (n % kFilesPerDir == 0 && !QDir().mkpath(dir)) {
            return false;
        }
        QFile file(QStringLiteral("%1/f%2.dat").arg(dir).arg(n % kFilesPerDir, 3, 10, QLatin1Char('0')));
        std::memcpy(block.data(), &n, sizeof n); // distinct content: no dedup between files
        if (!file.open(QIODevice::WriteOnly) || file.write(block) != block.size()) {
            return false;
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

QString loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll().trimmed()) : QStringLiteral("?");
}

void row(const QString &what, double ms, const QString &extra = {})
{
    out() << what.leftJustified(44) << QStringLiteral("%1 ms").arg(ms, 9, 'f', 1) << extra << '\n';
    out().flush();
}

QString ratio(double ours, double tar)
{
    return QStringLiteral("   ratio %1 (target <= 1.20)").arg(ours / tar, 0, 'f', 2);
}

struct Timed
{
    double ms = -1;        ///< until create() returned: captured
    double durableMs = -1; ///< until durable() finished
    Result<SnapshotInfo> info = std::unexpected(Error{});
    qint64 added = 0;
};

Timed timedSnapshot(const SnapshotStore &store, const QString &ws)
{
    const qint64 before = bytesUnder(store.rootDir());
    QElapsedTimer t;
    t.start();
    Timed r;
    r.info = Sandcastle::Test::await(store.create(ws), kTimeoutMs);
    r.ms = t.nsecsElapsed() / 1e6;
    if (r.info) {
        r.info = Sandcastle::Test::await(store.durable(r.info->id), kTimeoutMs);
        r.durableMs = t.nsecsElapsed() / 1e6;
    }
    r.added = bytesUnder(store.rootDir()) - before;
    if (!r.info) {
        out() << "snapshot failed: " << r.info.error().toString() << '\n';
    }
    return r;
}

QString minMedian(QList<double> values)
{
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    const double median = n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2;
    return QStringLiteral("min %1, median %2").arg(values.first(), 0, 'f', 2).arg(median, 0, 'f', 2);
}

bool changeOneFile(const QString &ws, int round)
{
    QFile changed(ws + QStringLiteral("/d050/f0%1.dat").arg(50 + round));
    if (!QFileInfo::exists(changed.fileName())) {
        changed.setFileName(ws + QStringLiteral("/d000/f00%1.dat").arg(round));
    }
    return changed.open(QIODevice::WriteOnly) && changed.write(QByteArray(20000, char('x' + round))) == 20000;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Snapshot store vs tar (issue 5 targets)"));
    parser.addHelpOption();
    const QCommandLineOption filesOption(QStringLiteral("files"), QStringLiteral("Number of files (default 20000)."),
                                         QStringLiteral("N"), QStringLiteral("20000"));
    const QCommandLineOption mbOption(QStringLiteral("mb"), QStringLiteral("Total content in MB (default 500)."),
                                      QStringLiteral("M"), QStringLiteral("500"));
    const QCommandLineOption dirOption(QStringLiteral("dir"), QStringLiteral("Parent of the scratch directory."),
                                       QStringLiteral("PARENT"), QStringLiteral("/tmp"));
    const QCommandLineOption roundsOption(QStringLiteral("rounds"), QStringLiteral("Rounds (default 2)."),
                                          QStringLiteral("R"), QStringLiteral("2"));
    const QCommandLineOption firstOnlyOption(QStringLiteral("first-only"),
                                             QStringLiteral("Only tar -cf and the first snapshot of each round."));
    parser.addOptions({filesOption, mbOption, dirOption, roundsOption, firstOnlyOption});
    parser.process(app);
    const int rounds = std::max(1, parser.value(roundsOption).toInt());
    const int files = parser.value(filesOption).toInt();
    const qint64 totalBytes = qint64(parser.value(mbOption).toDouble() * 1e6);
    if (files < 1 || totalBytes < 1) {
        out() << "--files and --mb must be positive\n";
        return 2;
    }

    QTemporaryDir tmp(parser.value(dirOption) + QStringLiteral("/sandcastle-bench-XXXXXX"));
    const QString ws = tmp.filePath(QStringLiteral("ws"));
    if (!tmp.isValid() || !makeTree(ws, files, totalBytes)) {
        out() << "cannot create the source tree\n";
        return 1;
    }
    flushDisks();
    out() << QStringLiteral("tree: %1 files in %2 directories, %3 MB; load average at start: %4\n")
                 .arg(files)
                 .arg((files + kFilesPerDir - 1) / kFilesPerDir)
                 .arg(bytesUnder(ws) / 1e6, 0, 'f', 1)
                 .arg(loadAverage());

    // Nothing is deleted between the timed steps: on ext4 the inodes of files deleted in the last
    // seconds are skipped one by one when new files are created, which would tax whichever step
    // comes next. Each round has its own tar file, store and output directories.
    QString storeDir;
    QString lastId;
    QList<double> capturedRatios;
    QList<double> durableRatios;
    for (int round = 1; round <= rounds; ++round) {
        out() << QStringLiteral("-- round %1 (%2)\n").arg(round).arg(round == 1 ? "cold-ish" : "warm");
        const QString tarFile = tmp.filePath(QStringLiteral("ref%1.tar").arg(round));
        storeDir = tmp.filePath(QStringLiteral("store%1").arg(round));
        flushDisks();
        const double tarC = runTimed(QStringLiteral("tar"),
                                     {QStringLiteral("-cf"), tarFile, QStringLiteral("-C"), ws, QStringLiteral(".")});
        QElapsedTimer syncTimer;
        syncTimer.start();
        flushDisks();
        const double tarSync = syncTimer.nsecsElapsed() / 1e6;
        row(QStringLiteral("tar -cf"), tarC, QStringLiteral("   (+ sync %1 ms)").arg(tarSync, 0, 'f', 1));

        const SnapshotStore store(storeDir);
        const Timed first = timedSnapshot(store, ws);
        if (!first.info) {
            return 1;
        }
        row(QStringLiteral("first snapshot, captured (create returned)"), first.ms, ratio(first.ms, tarC));
        row(QStringLiteral("first snapshot, durable"), first.durableMs, ratio(first.durableMs, tarC));
        out() << QStringLiteral("%1durable ratio to tar -cf + sync (both durable): %2\n")
                     .arg(QString(44, QLatin1Char(' ')))
                     .arg(first.durableMs / (tarC + tarSync), 0, 'f', 2);
        capturedRatios.append(first.ms / tarC);
        durableRatios.append(first.durableMs / tarC);
        flushDisks();
        if (parser.isSet(firstOnlyOption)) {
            continue;
        }

        const Timed unchanged = timedSnapshot(store, ws);
        if (!unchanged.info) {
            return 1;
        }
        row(QStringLiteral("snapshot of the unchanged tree"), unchanged.ms,
            QStringLiteral("   durable %1 ms, %2 bytes added")
                .arg(unchanged.durableMs, 0, 'f', 1)
                .arg(unchanged.added));

        if (!changeOneFile(ws, round)) {
            out() << "cannot change a file\n";
            return 1;
        }
        const Timed changed = timedSnapshot(store, ws);
        if (!changed.info) {
            return 1;
        }
        row(QStringLiteral("snapshot after a one-file (20 kB) change"), changed.ms,
            QStringLiteral("   durable %1 ms, %2 bytes added (targets: < 200 ms, < 1 MB)")
                .arg(changed.durableMs, 0, 'f', 1)
                .arg(changed.added));
        lastId = changed.info->id;
        flushDisks();

        const QString tarOut = tmp.filePath(QStringLiteral("tar-out%1").arg(round));
        QDir().mkpath(tarOut);
        const double tarX =
            runTimed(QStringLiteral("tar"), {QStringLiteral("-xf"), tarFile, QStringLiteral("-C"), tarOut});
        row(QStringLiteral("tar -xf"), tarX);
        flushDisks();

        const QString restored = tmp.filePath(QStringLiteral("restored%1").arg(round));
        QElapsedTimer t;
        t.start();
        const auto r = Sandcastle::Test::await(store.restore(lastId, restored), kTimeoutMs);
        const double restoreMs = t.nsecsElapsed() / 1e6;
        if (!r) {
            out() << "restore failed: " << r.error().toString() << '\n';
            return 1;
        }
        row(QStringLiteral("restore"), restoreMs, ratio(restoreMs, tarX));
        flushDisks();
    }
    const auto summary = [&] {
        out() << QStringLiteral("first snapshot / tar -cf over %1 rounds: captured %2; durable %3\n")
                     .arg(rounds)
                     .arg(minMedian(capturedRatios), minMedian(durableRatios));
    };
    if (parser.isSet(firstOnlyOption)) {
        summary();
        out() << QStringLiteral("load average at end: %1\n").arg(loadAverage());
        return 0;
    }
    QElapsedTimer t;
    t.start();
    const auto exported = Sandcastle::Test::await(
        SnapshotStore(storeDir).exportArchive(lastId, tmp.filePath(QStringLiteral("export.tar"))), kTimeoutMs);
    row(QStringLiteral("exportArchive"), t.nsecsElapsed() / 1e6,
        exported ? QString() : QStringLiteral(" FAILED: ") + exported.error().toString());
    summary();
    out() << QStringLiteral("store size %1 MB; load average at end: %2\n")
                 .arg(bytesUnder(storeDir) / 1e6, 0, 'f', 1)
                 .arg(loadAverage());
    out().flush();
    return 0;
}
