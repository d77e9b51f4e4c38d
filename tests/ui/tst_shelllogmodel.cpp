// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// ShellLogModel: command records become rows, in batches; finishing updates the row in place.
#include "sandcastle/ui/shelllogmodel.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using Sandcastle::Core::CommandRecord;
using Sandcastle::Ui::ShellLogModel;

namespace {

CommandRecord record(quint64 id, const QString &cmd)
{
    CommandRecord r;
    r.id = id;
    r.argv = {QStringLiteral("sh"), QStringLiteral("-c"), cmd};
    r.workdir = QStringLiteral("/workspace");
    return r;
}

} // namespace

class tst_ShellLogModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void recordFinished_afterFlush_updatesRowInPlace()
    {
        ShellLogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.recordStarted(record(1, QStringLiteral("ls")));
        QCOMPARE(model.rowCount(), 0); // queued until the batch is flushed
        QTRY_COMPARE(model.rowCount(), 1);
        QVERIFY(model.index(0, 0).data(ShellLogModel::RunningRole).toBool());
        QCOMPARE(model.index(0, ShellLogModel::CommandColumn).data().toString(), QStringLiteral("sh -c ls"));

        CommandRecord done = record(1, QStringLiteral("ls"));
        done.exitCode = 2;
        done.durationMs = 15;
        done.output = "first line\nsecond line\n";
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.recordFinished(done);
        model.flush();
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, ShellLogModel::ExitCodeColumn).data().toInt(), 2);
        QVERIFY(model.index(0, ShellLogModel::OutputColumn).data().toString().startsWith(QLatin1String("first line")));
        QVERIFY(!model.index(0, ShellLogModel::OutputColumn).data().toString().contains(QLatin1String("second")));
        QCOMPARE(model.index(0, 0).data(ShellLogModel::OutputRole).toString(),
                 QStringLiteral("first line\nsecond line\n"));
        QVERIFY(!model.index(0, 0).data(ShellLogModel::RunningRole).toBool());
    }

    void data_ansiOutput_textRolesWithoutEscapes()
    {
        ShellLogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        CommandRecord r = record(1, QStringLiteral("ls --color"));
        r.exitCode = 0;
        r.durationMs = 7;
        r.output = "\x1b[0m\x1b[01;34msrc\x1b[0m  \x1b[01;32mbuild.sh\x1b[0m\x1b]0;title\x07\n";
        model.recordFinished(r);
        model.flush();
        const QModelIndex row = model.index(0, 0);
        QCOMPARE(model.index(0, ShellLogModel::OutputColumn).data().toString(), QStringLiteral("src  build.sh"));
        QCOMPARE(row.data(ShellLogModel::OutputRole).toString(), QStringLiteral("src  build.sh\n"));
        QCOMPARE(row.data(ShellLogModel::RawOutputRole).toByteArray(), r.output);
        QCOMPARE(row.data(ShellLogModel::OutputSizeRole).toLongLong(), qint64(r.output.size()));
        QCOMPARE(model.entryText(0),
                 QStringLiteral("$ sh -c ls --color\n# in /workspace, exit code 0, 7 ms\nsrc  build.sh\n"));
    }

    void recordStarted_sameIdOtherSource_isAnotherRow()
    {
        ShellLogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.recordStarted(record(1, QStringLiteral("a")), 1);
        model.recordStarted(record(1, QStringLiteral("b")), 2);
        CommandRecord b = record(1, QStringLiteral("b"));
        b.exitCode = 0;
        model.recordFinished(b, 2);
        model.flush();
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(model.index(0, 0).data(ShellLogModel::RunningRole).toBool());
        QVERIFY(!model.index(1, 0).data(ShellLogModel::RunningRole).toBool());
    }

    void recordStarted_burst_insertedInFewBatches()
    {
        ShellLogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        constexpr int kCount = 20000;
        QElapsedTimer timer;
        timer.start();
        for (quint64 i = 1; i <= kCount; ++i) {
            model.recordStarted(record(i, QStringLiteral("echo %1").arg(i)));
            CommandRecord done = record(i, QStringLiteral("echo %1").arg(i));
            done.exitCode = 0;
            done.output = QByteArray::number(i);
            model.recordFinished(done);
        }
        QTRY_COMPARE(model.rowCount(), kCount);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.index(kCount - 1, ShellLogModel::OutputColumn).data().toString(), QString::number(kCount));
        qInfo("%d records in %lld ms", kCount, timer.elapsed());
    }
};

QTEST_MAIN(tst_ShellLogModel)
#include "tst_shelllogmodel.moc"
