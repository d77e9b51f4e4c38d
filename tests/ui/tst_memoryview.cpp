// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The Memory dock on a real workspace: the model's groups follow the spec 2.5 layout and the
// files on disk (QAbstractItemModelTester), the editor shows, saves and reloads files, and a file
// changed on disk under unsaved edits is not overwritten.

#include "sandcastle/ui/memorymodel.h"
#include "sandcastle/ui/memoryview.h"
#include "testenv.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Ui;
using Sandcastle::Test::readTestFile;
using Sandcastle::Test::writeTestFile;

namespace {

QStringList groupTitles(const MemoryModel &model)
{
    QStringList titles;
    for (int row = 0; row < model.rowCount(); ++row) {
        titles.append(model.index(row, 0).data().toString());
    }
    return titles;
}

QStringList filesOf(const MemoryModel &model, int groupRow)
{
    QStringList names;
    const QModelIndex group = model.index(groupRow, 0);
    for (int row = 0; row < model.rowCount(group); ++row) {
        names.append(model.index(row, 0, group).data(MemoryModel::RelativePathRole).toString());
    }
    return names;
}

/// Replaces the editor's text the way typing does (setPlainText() would reset "modified").
void type(QPlainTextEdit *editor, const QString &text)
{
    editor->selectAll();
    editor->insertPlainText(text);
}

} // namespace

class tst_MemoryView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void model_followsLayoutAndDisk()
    {
        QTemporaryDir dir;
        const QString root = dir.path();
        QVERIFY(writeTestFile(root + QStringLiteral("/memories/memory_summary.md"), "summary\n"));
        QVERIFY(writeTestFile(root + QStringLiteral("/memories/MEMORY.md"), "# Handbook\n"));
        QVERIFY(writeTestFile(root + QStringLiteral("/memories/rollout_summaries/r1_fix-tests.md"), "r1\n"));
        QVERIFY(writeTestFile(root + QStringLiteral("/memories/raw_memories/r1.md"), "raw\n"));
        QVERIFY(writeTestFile(root + QStringLiteral("/memories/skills/deploy/SKILL.md"), "---\nname: deploy\n"));
        QVERIFY(writeTestFile(root + QStringLiteral("/sessions/r1.jsonl"), "{}\n"));
        QVERIFY(writeTestFile(root + QStringLiteral("/memories/notes.txt"), "not part of the layout\n"));

        MemoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setWorkspace(root);
        QCOMPARE(groupTitles(model), (QStringList{QStringLiteral("Summary"), QStringLiteral("Handbook"),
                                                  QStringLiteral("Rollout summaries"), QStringLiteral("Raw memories"),
                                                  QStringLiteral("Skills"), QStringLiteral("Sessions")}));
        QCOMPARE(filesOf(model, 2), QStringList{QStringLiteral("memories/rollout_summaries/r1_fix-tests.md")});
        QCOMPARE(model.index(0, 0, model.index(4, 0)).data().toString(), QStringLiteral("deploy/SKILL.md"));
        QCOMPARE(model.fileCount(), 6);
        const QModelIndex session = model.index(0, 0, model.index(5, 0));
        QCOMPARE(session.data(MemoryModel::EditableRole).toBool(), false);
        QCOMPARE(model.index(0, 0, model.index(1, 0)).data(MemoryModel::EditableRole).toBool(), true);

        // A new rollout summary appears by itself; a deleted handbook disappears.
        QVERIFY(writeTestFile(root + QStringLiteral("/memories/rollout_summaries/r2_docs.md"), "r2\n"));
        QTRY_COMPARE_WITH_TIMEOUT(filesOf(model, 2).size(), 2, 5000);
        QVERIFY(QFile::remove(root + QStringLiteral("/memories/MEMORY.md")));
        QTRY_VERIFY_WITH_TIMEOUT(!groupTitles(model).contains(QStringLiteral("Handbook")), 5000);

        // A changed file is reported without a reset.
        QSignalSpy changed(&model, &MemoryModel::fileChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QVERIFY(writeTestFile(root + QStringLiteral("/memories/memory_summary.md"), "a longer summary\n"));
        QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 5000);
        QCOMPARE(changed.first().first().toString(), QDir(root).filePath(QStringLiteral("memories/memory_summary.md")));
        QCOMPARE(reset.size(), 0);

        model.setWorkspace({});
        QCOMPARE(model.rowCount(), 0);
    }

    void view_editSaveReloadAndConflict()
    {
        QTemporaryDir dir;
        const QString handbook = dir.filePath(QStringLiteral("memories/MEMORY.md"));
        MemoryView view;
        view.setWorkspace(dir.path());
        QVERIFY(view.findChild<QLabel *>(QStringLiteral("memoryEmptyLabel"))->isVisibleTo(&view));

        QVERIFY(writeTestFile(handbook, "# Handbook\n- old rule\n"));
        QTRY_VERIFY_WITH_TIMEOUT(view.openFile(handbook), 5000);
        auto *editor = view.findChild<QPlainTextEdit *>(QStringLiteral("memoryEditor"));
        auto *saveButton = view.findChild<QPushButton *>(QStringLiteral("memorySaveButton"));
        QCOMPARE(editor->toPlainText(), QStringLiteral("# Handbook\n- old rule\n"));
        QVERIFY(!editor->isReadOnly());
        QVERIFY(!saveButton->isEnabled());

        // Edit and save: the file holds exactly the editor's text.
        type(editor, QStringLiteral("# Handbook\n- new rule\n"));
        QVERIFY(view.hasUnsavedChanges());
        QVERIFY(saveButton->isEnabled());
        QVERIFY(view.save());
        QCOMPARE(readTestFile(handbook), QByteArray("# Handbook\n- new rule\n"));
        QVERIFY(!view.hasUnsavedChanges());

        // Changed on disk without local edits: reloaded.
        QVERIFY(writeTestFile(handbook, "# Handbook\n- agent rule\n"));
        QTRY_COMPARE_WITH_TIMEOUT(editor->toPlainText(), QStringLiteral("# Handbook\n- agent rule\n"), 5000);

        // Changed on disk under unsaved edits: the edits stay, the banner says so, nothing is written.
        type(editor, QStringLiteral("# Handbook\n- my unsaved rule\n"));
        auto *banner = view.findChild<QLabel *>(QStringLiteral("memoryChangedBanner"));
        QVERIFY(writeTestFile(handbook, "# Handbook\n- second agent rule\n"));
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisibleTo(&view), 5000);
        QCOMPARE(editor->toPlainText(), QStringLiteral("# Handbook\n- my unsaved rule\n"));
        QCOMPARE(readTestFile(handbook), QByteArray("# Handbook\n- second agent rule\n"));
        view.reload();
        QCOMPARE(editor->toPlainText(), QStringLiteral("# Handbook\n- second agent rule\n"));
        QVERIFY(!banner->isVisibleTo(&view));

        // Session logs are read-only.
        const QString session = dir.filePath(QStringLiteral("sessions/r1.jsonl"));
        QVERIFY(writeTestFile(session, "{\"a\":1}\n"));
        QTRY_VERIFY_WITH_TIMEOUT(view.openFile(session), 5000);
        QVERIFY(editor->isReadOnly());
        QVERIFY(!view.save());
    }
};

QTEST_MAIN(tst_MemoryView)
#include "tst_memoryview.moc"
