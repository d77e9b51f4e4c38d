// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Materializing a 10 000-file, 200 MB local_dir compared with `cp -a` of the same tree.
// Prints the median of 3 runs of each and the ratio (Materializer / cp -a; lower is better).
#include "sandcastle/core/manifest/manifestparser.h"
#include "sandcastle/core/manifest/materializer.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>

using namespace Sandcastle::Core;

namespace {

constexpr int kDirs = 100;
constexpr int kFilesPerDir = 100;
constexpr qint64 kTotalBytes = qint64(200) << 20;

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.at(v.size() / 2);
}

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
            block[0] = char(f);
            if (!file.open(QIODevice::WriteOnly) || file.write(block) != block.size()) {
                return false;
            }
        }
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTemporaryDir tmp(QStringLiteral("/tmp/sandcastle-bench-XXXXXX"));
    if (!tmp.isValid() || !makeTree(tmp.filePath(QStringLiteral("src")))) {
        out << "cannot create the source tree\n";
        return 1;
    }
    const QString json = QStringLiteral(R"({"entries":{"tree":{"type":"local_dir","src":"src"}}})");
    const auto manifest = ManifestParser::parse(json.toUtf8(), tmp.filePath(QStringLiteral("manifest.json")));
    if (!manifest) {
        out << manifest.error().toString() << '\n';
        return 1;
    }
    QProcess::execute(QStringLiteral("sync"), {});
    QList<double> cpTimes;
    QList<double> matTimes;
    for (int run = 0; run < 3; ++run) {
        const QString cpDest = tmp.filePath(QStringLiteral("cp%1").arg(run));
        QElapsedTimer t;
        t.start();
        QProcess cp;
        cp.start(QStringLiteral("cp"), {QStringLiteral("-a"), tmp.filePath(QStringLiteral("src")), cpDest});
        if (!cp.waitForFinished(-1) || cp.exitCode() != 0) {
            out << "cp -a failed\n";
            return 1;
        }
        cpTimes << t.nsecsElapsed() / 1e6;
        QDir(cpDest).removeRecursively();
        QProcess::execute(QStringLiteral("sync"), {}); // write back before the next timed run

        const QString matDest = tmp.filePath(QStringLiteral("ws%1").arg(run));
        Materializer materializer;
        QEventLoop loop;
        Result<MaterializeReport> result = fail(ErrorCode::Internal, QStringLiteral("not finished"));
        QObject::connect(&materializer, &Materializer::finished, &loop, [&](const Result<MaterializeReport> &r) {
            result = r;
            loop.quit();
        });
        t.restart();
        materializer.start(*manifest, matDest);
        loop.exec();
        matTimes << t.nsecsElapsed() / 1e6;
        if (!result) {
            out << "materialize failed: " << result.error().toString() << '\n';
            return 1;
        }
        if (run == 0) {
            out << "materialized " << result->files << " files, " << result->bytes / (1 << 20) << " MiB\n";
        }
        QDir(matDest).removeRecursively();
        QProcess::execute(QStringLiteral("sync"), {});
    }
    const double cpMedian = median(cpTimes);
    const double matMedian = median(matTimes);
    out << QStringLiteral("cp -a:        median %1 ms (runs %2)\n")
               .arg(cpMedian, 0, 'f', 1)
               .arg(QStringList{QString::number(cpTimes[0], 'f', 1), QString::number(cpTimes[1], 'f', 1),
                                QString::number(cpTimes[2], 'f', 1)}
                        .join(QStringLiteral(", ")));
    out << QStringLiteral("Materializer: median %1 ms (runs %2)\n")
               .arg(matMedian, 0, 'f', 1)
               .arg(QStringList{QString::number(matTimes[0], 'f', 1), QString::number(matTimes[1], 'f', 1),
                                QString::number(matTimes[2], 'f', 1)}
                        .join(QStringLiteral(", ")));
    out << QStringLiteral("ratio Materializer / cp -a: %1x\n").arg(matMedian / cpMedian, 0, 'f', 2);
    return 0;
}
