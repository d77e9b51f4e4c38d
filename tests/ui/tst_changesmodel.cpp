// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The changes dock's model on a real temporary workspace: files created, modified and deleted
// (also inside new and removed subdirectories) show up as rows, attributed to the tool call that
// was running.
#include "sandcastle/ui/changesmodel.h"
#include "testenv.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using Sandcastle::Ui::ChangesModel;
using namespace Sandcastle::Test;

namespace {

constexpr int kTimeoutMs = 5000;

enum Kind { Created, Modified, Deleted }; // FileChange::Kind

// The row of `path` with `kind`, or -1.
int rowOf(const ChangesModel &model, const QString &path, int kind)
{
    for (int r = 0; r < model.rowCount(); ++r) {
        const QModelIndex i = model.index(r, 0);
        if (i.data(ChangesModel::PathRole).toString() == path && i.data(ChangesModel::KindRole).toInt() == kind) {
            return r;
        }
    }
    return -1;
}

QString dump(const ChangesModel &model)
{
    QStringList rows;
    for (int r = 0; r < model.rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < model.columnCount(); ++c) {
            cells.append(model.index(r, c).data().toString());
        }
        rows.append(cells.join(u' '));
    }
    return rows.join(QStringLiteral(" | "));
}

bool appendTo(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::Append) && f.write(data) == data.size();
}

} // namespace

class tst_ChangesModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void files_createModifyDelete_showAsRows()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        writeTestFile(dir.filePath(QStringLiteral("existing.txt")), "old\n");
        ChangesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setWorkspace(dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(!model.isListing(), kTimeoutMs);
        QCOMPARE(model.workspace(), QDir(dir.path()).absolutePath());
        QCOMPARE(model.rowCount(), 0); // what was there before is no change

        writeTestFile(dir.filePath(QStringLiteral("new.txt")), "12345");
        QTRY_VERIFY2_WITH_TIMEOUT(rowOf(model, QStringLiteral("new.txt"), Created) >= 0, qPrintable(dump(model)),
                                  kTimeoutMs);
        const int created = rowOf(model, QStringLiteral("new.txt"), Created);
        QCOMPARE(model.index(created, ChangesModel::SizeDeltaColumn).data().toString(), QStringLiteral("+5"));
        QCOMPARE(model.index(created, ChangesModel::KindColumn).data().toString(), QStringLiteral("created"));
        QVERIFY(model.index(created, ChangesModel::CauseColumn).data().toString().isEmpty());

        // An in-place append (no directory event; the file watch sees it).
        QVERIFY(appendTo(dir.filePath(QStringLiteral("existing.txt")), "more\n"));
        QTRY_VERIFY2_WITH_TIMEOUT(rowOf(model, QStringLiteral("existing.txt"), Modified) >= 0, qPrintable(dump(model)),
                                  kTimeoutMs);
        QCOMPARE(model.index(rowOf(model, QStringLiteral("existing.txt"), Modified), 0)
                     .data(ChangesModel::SizeDeltaRole)
                     .toLongLong(),
                 5);

        QVERIFY(QFile::remove(dir.filePath(QStringLiteral("new.txt"))));
        QTRY_VERIFY2_WITH_TIMEOUT(rowOf(model, QStringLiteral("new.txt"), Deleted) >= 0, qPrintable(dump(model)),
                                  kTimeoutMs);
        QCOMPARE(model.index(rowOf(model, QStringLiteral("new.txt"), Deleted), ChangesModel::SizeDeltaColumn)
                     .data()
                     .toString(),
                 QStringLiteral("-5"));
        QCOMPARE(
            model.index(rowOf(model, QStringLiteral("new.txt"), Deleted), ChangesModel::KindColumn).data().toString(),
            QStringLiteral("deleted"));
    }

    void subdirectories_newAndRemoved_reportTheirFiles()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ChangesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setWorkspace(dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(!model.isListing(), kTimeoutMs);

        writeTestFile(dir.filePath(QStringLiteral("a/b/deep.txt")), "x");
        QTRY_VERIFY2_WITH_TIMEOUT(rowOf(model, QStringLiteral("a/b/deep.txt"), Created) >= 0, qPrintable(dump(model)),
                                  kTimeoutMs);
        // The new directories are watched now: a second file in them is seen too.
        writeTestFile(dir.filePath(QStringLiteral("a/b/second.txt")), "yy");
        QTRY_VERIFY2_WITH_TIMEOUT(rowOf(model, QStringLiteral("a/b/second.txt"), Created) >= 0, qPrintable(dump(model)),
                                  kTimeoutMs);

        QVERIFY(QDir(dir.filePath(QStringLiteral("a"))).removeRecursively());
        QTRY_VERIFY2_WITH_TIMEOUT(rowOf(model, QStringLiteral("a/b/deep.txt"), Deleted) >= 0 &&
                                      rowOf(model, QStringLiteral("a/b/second.txt"), Deleted) >= 0,
                                  qPrintable(dump(model)), kTimeoutMs);

        model.setWorkspace(dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(!model.isListing(), kTimeoutMs);
        QCOMPARE(model.rowCount(), 0);
    }

    void toolCall_running_isTheCause()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ChangesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setWorkspace(dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(!model.isListing(), kTimeoutMs);

        model.toolStarted(QStringLiteral("call_touch"), QStringLiteral("touch made.txt"));
        writeTestFile(dir.filePath(QStringLiteral("made.txt")), "");
        model.toolFinished(QStringLiteral("call_touch"));
        QTRY_VERIFY2_WITH_TIMEOUT(rowOf(model, QStringLiteral("made.txt"), Created) >= 0, qPrintable(dump(model)),
                                  kTimeoutMs);
        const int row = rowOf(model, QStringLiteral("made.txt"), Created);
        QCOMPARE(model.index(row, 0).data(ChangesModel::CallIdRole).toString(), QStringLiteral("call_touch"));
        QCOMPARE(model.index(row, ChangesModel::CauseColumn).data().toString(), QStringLiteral("touch made.txt"));

        // Well after the call ended, a change has no cause.
        QTest::qWait(ChangesModel::kCauseGraceMs + 200);
        writeTestFile(dir.filePath(QStringLiteral("later.txt")), "z");
        QTRY_VERIFY2_WITH_TIMEOUT(rowOf(model, QStringLiteral("later.txt"), Created) >= 0, qPrintable(dump(model)),
                                  kTimeoutMs);
        QVERIFY(model.index(rowOf(model, QStringLiteral("later.txt"), Created), 0)
                    .data(ChangesModel::CallIdRole)
                    .toString()
                    .isEmpty());
    }
};

QTEST_MAIN(tst_ChangesModel)
#include "tst_changesmodel.moc"
