// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// 200 demo runs in one process (issue 7): the main window runs the recorded demo (replayed by the
// "Demo (recorded)" provider, tool calls for real in a bubblewrap-confined Unix-local sandbox) again
// and again on the demo workspace, which is put back between runs. Prints the resident memory
// after run 1, 20 (warm), 50, 100, 150 and 200 and the change from run 20 to 200 (target: within
// 10%), plus the time per run. `bench_demoruns N` runs N times instead.
#include "appenv.h"
#include "demoprovider.h"
#include "sandcastle/ui/conversationmodel.h"
#include "sandcastle/ui/mainwindow.h"
#include "testenv.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#ifdef __GLIBC__
#include <malloc.h>
#endif

using namespace Sandcastle;

namespace {

qint64 rssKb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly)) {
        return -1;
    }
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) {
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
        }
    }
    return -1;
}

/// Bytes the allocator has handed out and not got back (RSS also counts freed, not yet returned
/// pages): what a leak makes grow.
qint64 heapInUseKb()
{
#ifdef __GLIBC__
    const struct mallinfo2 info = mallinfo2();
    return qint64((info.uordblks + info.hblkhd) / 1024);
#else
    return -1;
#endif
}

/// Rows the run's views hold: "conversationModel 12, shellLogModel 40, changesModel 8".
QString rowCounts(const QWidget &window)
{
    QStringList counts;
    for (const char *name : {"conversationModel", "shellLogModel", "changesModel"}) {
        const auto *model = window.findChild<QAbstractItemModel *>(QLatin1String(name));
        counts.append(QStringLiteral("%1 %2").arg(QLatin1String(name)).arg(model ? model->rowCount() : -1));
    }
    return counts.join(QStringLiteral(", "));
}

// Puts the demo workspace back as the manifest made it: the run adds tests/ and edits README.md.
bool resetWorkspace(const QString &workspace, const QByteArray &readme)
{
    QDir(workspace + QStringLiteral("/tests")).removeRecursively();
    QDir(workspace + QStringLiteral("/.sandcastle")).removeRecursively();
    QDir(workspace + QStringLiteral("/memories")).removeRecursively(); // the demo's memory phase writes it
    return Test::writeTestFile(workspace + QStringLiteral("/README.md"), readme);
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QTextStream out(stdout);
    QLoggingCategory::setFilterRules(QStringLiteral("sandcastle.*.debug=false"));
    const int runs = argc > 1 ? QByteArray(argv[1]).toInt() : 200;
    QTemporaryDir dir;
    Test::useTestSettings(dir.filePath(QStringLiteral("settings")));
    const QString workspace = dir.filePath(QStringLiteral("workspace"));
    QString why;
    if (!Test::materializeManifest(Test::sourceDir() + QStringLiteral("/resources/demo/manifest.json"), workspace,
                                   &why)) {
        out << "bench_demoruns: cannot materialize the demo workspace: " << why << "\n";
        return 1;
    }
    const QByteArray readme = Test::readTestFile(workspace + QStringLiteral("/README.md"));

    Ui::MainWindow window;
    window.setWorkspace(workspace);
    window.findChild<Ui::DemoProvider *>(QStringLiteral("demoProvider"))->setEventIntervalMs(0);
    window.show();
    auto *conversation = window.findChild<QAbstractItemModel *>(QStringLiteral("conversationModel"));
    auto *task = window.findChild<QPlainTextEdit *>(QStringLiteral("taskEdit"));
    auto *run = window.findChild<QPushButton *>(QStringLiteral("runButton"));
    auto *cont = window.findChild<QPushButton *>(QStringLiteral("continueButton"));

    QList<std::pair<int, qint64>> samples;
    QList<std::pair<int, qint64>> heap;
    QElapsedTimer total;
    total.start();
    qint64 failed = 0;
    for (int i = 1; i <= runs; ++i) {
        if (!resetWorkspace(workspace, readme)) {
            out << "bench_demoruns: cannot reset the workspace\n";
            return 1;
        }
        window.useDemoProvider();
        if (task->toPlainText().isEmpty()) {
            out << "bench_demoruns: the demo task is empty\n";
            return 1;
        }
        QTest::mouseClick(run, Qt::LeftButton);
        if (!QTest::qWaitFor([&] { return cont->isEnabled(); }, 120000)) {
            out << "bench_demoruns: run " << i << " did not finish within 120 s\n";
            return 1;
        }
        // The run's last row is its outcome; a failed demo run would not measure the same work.
        const QModelIndex last = conversation->index(conversation->rowCount() - 1, 0);
        if (last.data(Ui::ConversationModel::FailedRole).toBool()) {
            ++failed;
        }
        QTest::qWait(10); // let queued deletions run
        if (i == 1 || i == 20 || i % 50 == 0 || i == runs) {
            samples.append({i, rssKb()});
            heap.append({i, heapInUseKb()});
            out << "  after run " << i << ": RSS " << samples.last().second / 1024 << " MB, heap in use "
                << heapInUseKb() << " kB; rows: " << rowCounts(window) << "\n";
            out.flush();
        }
    }
    const double perRun = double(total.elapsed()) / runs;
    qint64 warm = 0;
    for (const auto &[sampleRun, kb] : samples) {
        if (sampleRun == std::min(20, runs)) {
            warm = kb;
        }
    }
    const qint64 end = samples.last().second;
    out << runs << " demo runs in one process: " << qRound(perRun) << " ms per run, " << failed << " failed\n"
        << "  RSS after run " << std::min(20, runs) << ": " << warm / 1024 << " MB, after run " << runs << ": "
        << end / 1024 << " MB, change "
        << QString::number(warm > 0 ? 100.0 * double(end - warm) / double(warm) : 0.0, 'f', 1)
        << "% (target: within 10%)\n";
    for (const auto &[sampleRun, kb] : heap) {
        if (sampleRun == std::min(20, runs)) {
            out << "  heap in use after run " << sampleRun << ": " << kb << " kB, after run " << runs << ": "
                << heap.last().second << " kB, " << (heap.last().second - kb) / std::max(1, runs - sampleRun)
                << " kB per run\n";
        }
    }
    return failed == 0 ? 0 : 1;
}
