// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The manifest & workspace tree: the model under QAbstractItemModelTester (listing batches,
// badges, deleted entries kept until the next run, the manifest group), and the dock on a real
// temporary workspace watched with inotify (new, changed, deleted and moved files and folders
// get their badges; a watch limit shows a note).
#include "resultverify.h"
#include "runcontroller.h"
#include "sandcastle/core/manifest/manifestparser.h"
#include "testenv.h"
#include "workspacetree.h"
#include "workspacetreemodel.h"
#include "workspacewatcher.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Ui;
using namespace Sandcastle::Test;

namespace {

constexpr int kTimeoutMs = 5000;

FileChange entry(FileChange::Kind kind, const QString &path, bool isDir = false, qint64 size = 0)
{
    FileChange c;
    c.kind = kind;
    c.path = path;
    c.isDir = isDir;
    c.size = size;
    return c;
}

int badgeOf(const WorkspaceTreeModel &model, const QString &path)
{
    const QModelIndex i = model.indexOfPath(path);
    return i.isValid() ? i.data(WorkspaceTreeModel::BadgeRole).toInt() : -1;
}

QString statusOf(const WorkspaceTreeModel &model, const QString &path)
{
    return model.indexOfPath(path).siblingAtColumn(WorkspaceTreeModel::StatusColumn).data().toString();
}

} // namespace

class tst_WorkspaceTree : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void model_listingThenChanges_badgesUntilNextRun()
    {
        WorkspaceTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.resetWorkspace(QStringLiteral("ws"));
        QCOMPARE(model.workspaceIndex().data().toString(), QStringLiteral("ws"));
        using K = FileChange::Kind;
        // Two batches, directory by directory, as the watcher lists.
        model.addListed({entry(K::Created, QStringLiteral("src"), true), entry(K::Created, QStringLiteral("a.txt"))});
        model.addListed({entry(K::Created, QStringLiteral("src/main.cpp"), false, 2048)});
        QCOMPARE(model.rowCount(model.workspaceIndex()), 2);
        QCOMPARE(model.workspaceEntryCount(), 3);
        QCOMPARE(badgeOf(model, QStringLiteral("src/main.cpp")), int(WorkspaceTreeModel::NoBadge));
        QCOMPARE(model.indexOfPath(QStringLiteral("src/main.cpp")).data(WorkspaceTreeModel::PathRole).toString(),
                 QStringLiteral("src/main.cpp"));

        model.applyChanges({entry(K::Modified, QStringLiteral("src/main.cpp"), false, 4096),
                            entry(K::Created, QStringLiteral("src/new/deep.txt"), false, 5),
                            entry(K::Deleted, QStringLiteral("a.txt"))});
        QCOMPARE(badgeOf(model, QStringLiteral("src/main.cpp")), int(WorkspaceTreeModel::ModifiedBadge));
        QCOMPARE(statusOf(model, QStringLiteral("src/main.cpp")), QStringLiteral("modified"));
        QCOMPARE(badgeOf(model, QStringLiteral("src/new/deep.txt")), int(WorkspaceTreeModel::CreatedBadge));
        QVERIFY(model.indexOfPath(QStringLiteral("src/new")).data(WorkspaceTreeModel::IsDirRole).toBool());
        QCOMPARE(badgeOf(model, QStringLiteral("a.txt")), int(WorkspaceTreeModel::DeletedBadge));
        QVERIFY(model.indexOfPath(QStringLiteral("a.txt")).data(Qt::FontRole).value<QFont>().strikeOut());
        QCOMPARE(statusOf(model, QStringLiteral("a.txt")), QStringLiteral("deleted"));

        // Created again in the same run: it was there when the run began, so it is modified.
        model.applyChanges({entry(K::Created, QStringLiteral("a.txt"), false, 1)});
        QCOMPARE(badgeOf(model, QStringLiteral("a.txt")), int(WorkspaceTreeModel::ModifiedBadge));
        model.applyChanges(
            {entry(K::Deleted, QStringLiteral("a.txt")), entry(K::Modified, QStringLiteral("src/new/deep.txt"))});
        QCOMPARE(badgeOf(model, QStringLiteral("src/new/deep.txt")), int(WorkspaceTreeModel::CreatedBadge));

        model.startRun();
        QCOMPARE(badgeOf(model, QStringLiteral("a.txt")), -1); // gone with the next run
        QCOMPARE(badgeOf(model, QStringLiteral("src/main.cpp")), int(WorkspaceTreeModel::NoBadge));
        QCOMPARE(badgeOf(model, QStringLiteral("src/new/deep.txt")), int(WorkspaceTreeModel::NoBadge));
        QCOMPARE(model.workspaceEntryCount(), 4);
        // A folder deleted with its content goes as a whole.
        model.applyChanges({entry(K::Deleted, QStringLiteral("src/new/deep.txt")),
                            entry(K::Deleted, QStringLiteral("src/new"), true)});
        model.startRun();
        QVERIFY(!model.indexOfPath(QStringLiteral("src/new")).isValid());
        QCOMPARE(model.workspaceEntryCount(), 2);

        model.resetWorkspace(QStringLiteral("other"));
        QCOMPARE(model.rowCount(model.workspaceIndex()), 0);
    }

    void model_manifest_entriesAboveTheWorkspace()
    {
        const QByteArray json = R"({"version":1,"entries":{
            "notes.txt":{"type":"file","content":"hello"},
            "data":{"type":"local_dir","src":"/srv/data","ephemeral":true},
            "lib":{"type":"git_repo","repo":"octo/lib","ref":"v1"}}})";
        const auto manifest = Sandcastle::Core::ManifestParser::parse(json, QStringLiteral("m.json"), QDir::tempPath());
        SC_VERIFY_OK(manifest);
        WorkspaceTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addListed({entry(FileChange::Kind::Created, QStringLiteral("x.txt"))});
        model.setManifest(*manifest);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.workspaceIndex().row(), 1);
        const QModelIndex group = model.index(0, 0);
        QCOMPARE(group.data().toString(), QStringLiteral("Manifest"));
        QCOMPARE(model.rowCount(group), 3);
        QStringList details;
        for (int r = 0; r < 3; ++r) {
            details.append(model.index(r, 0, group).data().toString() + u'=' +
                           model.index(r, WorkspaceTreeModel::StatusColumn, group).data().toString());
        }
        details.sort(); // "(s)": no catalogue is loaded here, the English plural comes from it
        QCOMPARE(details, (QStringList{QStringLiteral("data=local_dir \u00b7 /srv/data \u00b7 ephemeral"),
                                       QStringLiteral("lib=git_repo \u00b7 github.com/octo/lib@v1"),
                                       QStringLiteral("notes.txt=file \u00b7 5 byte(s) inline")}));
        QVERIFY(model.indexOfPath(QStringLiteral("x.txt")).isValid()); // the workspace is unaffected
        model.clearManifest();
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.workspaceIndex().row(), 0);
    }

    void dock_realWorkspace_badgesFollowTheFiles()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString root = dir.path();
        QVERIFY(QDir(root).mkpath(QStringLiteral("keep/sub")));
        QVERIFY(QDir(root).mkpath(QStringLiteral("old")));
        QVERIFY(writeTestFile(root + QStringLiteral("/keep/sub/file.txt"), "one"));
        QVERIFY(writeTestFile(root + QStringLiteral("/old/gone.txt"), "x"));
        QVERIFY(writeTestFile(root + QStringLiteral("/edit.txt"), "1"));

        WorkspaceWatcher watcher;
        RunController controller;
        WorkspaceTree tree(&watcher, &controller);
        WorkspaceTreeModel &model = *tree.model();
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        watcher.setRoot(root);
        QTRY_VERIFY_WITH_TIMEOUT(!watcher.isListing(), kTimeoutMs);
        QCOMPARE(model.workspaceEntryCount(), 6);
        QCOMPARE(badgeOf(model, QStringLiteral("keep/sub/file.txt")), int(WorkspaceTreeModel::NoBadge));

        QVERIFY(writeTestFile(root + QStringLiteral("/edit.txt"), "1234")); // rewritten in place
        QVERIFY(QDir(root).mkpath(QStringLiteral("fresh/a/b")));
        QVERIFY(writeTestFile(root + QStringLiteral("/fresh/a/b/deep.txt"), "new"));
        QVERIFY(QDir(root + QStringLiteral("/old")).removeRecursively());
        QVERIFY(QDir(root).rename(QStringLiteral("keep"), QStringLiteral("moved")));
        QTRY_COMPARE_WITH_TIMEOUT(badgeOf(model, QStringLiteral("fresh/a/b/deep.txt")),
                                  int(WorkspaceTreeModel::CreatedBadge), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(badgeOf(model, QStringLiteral("edit.txt")), int(WorkspaceTreeModel::ModifiedBadge),
                                  kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(badgeOf(model, QStringLiteral("old/gone.txt")), int(WorkspaceTreeModel::DeletedBadge),
                                  kTimeoutMs);
        QCOMPARE(badgeOf(model, QStringLiteral("old")), int(WorkspaceTreeModel::DeletedBadge));
        QTRY_COMPARE_WITH_TIMEOUT(badgeOf(model, QStringLiteral("moved/sub/file.txt")),
                                  int(WorkspaceTreeModel::CreatedBadge), kTimeoutMs);
        QCOMPARE(badgeOf(model, QStringLiteral("keep/sub/file.txt")), int(WorkspaceTreeModel::DeletedBadge));

        // The moved folder is watched at its new place, and the next run starts without badges.
        Q_EMIT controller.userMessageSent(QStringLiteral("next"));
        QCOMPARE(badgeOf(model, QStringLiteral("old/gone.txt")), -1);
        QCOMPARE(badgeOf(model, QStringLiteral("moved/sub/file.txt")), int(WorkspaceTreeModel::NoBadge));
        QVERIFY(writeTestFile(root + QStringLiteral("/moved/sub/file.txt"), "changed"));
        QTRY_COMPARE_WITH_TIMEOUT(badgeOf(model, QStringLiteral("moved/sub/file.txt")),
                                  int(WorkspaceTreeModel::ModifiedBadge), kTimeoutMs);
        QCOMPARE(model.indexOfPath(QStringLiteral("moved/sub/file.txt"))
                     .siblingAtColumn(WorkspaceTreeModel::SizeColumn)
                     .data()
                     .toString(),
                 QLocale().formattedDataSize(7));
        QVERIFY(tree.findChild<QLabel *>(QStringLiteral("workspaceTreeNote"))->isHidden());
    }

    void dock_watchLimit_showsANoteAndRescansAfterTheRun()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("a/b")));
        WorkspaceWatcher watcher;
        RunController controller;
        WorkspaceTree tree(&watcher, &controller);
        QLabel *note = tree.findChild<QLabel *>(QStringLiteral("workspaceTreeNote"));
        watcher.setWatchLimitForTest(1); // the root only
        watcher.setRoot(dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(!watcher.isListing(), kTimeoutMs);
        QVERIFY2(!note->isHidden() && note->text().startsWith(QStringLiteral("2 folder")), qPrintable(note->text()));

        QVERIFY(writeTestFile(dir.filePath(QStringLiteral("a/b/unseen.txt")), "x"));
        QTest::qWait(WorkspaceWatcher::kDebounceMs * 3); // a watched folder's change would show by now
        QCOMPARE(badgeOf(*tree.model(), QStringLiteral("a/b/unseen.txt")), -1);
        watcher.rescanAll();
        QTRY_COMPARE_WITH_TIMEOUT(badgeOf(*tree.model(), QStringLiteral("a/b/unseen.txt")),
                                  int(WorkspaceTreeModel::CreatedBadge), kTimeoutMs);
    }
};

QTEST_MAIN(tst_WorkspaceTree)
#include "tst_workspacetree.moc"
