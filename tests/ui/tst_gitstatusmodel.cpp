// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The Review dock's working tree status against HEAD (issue 8): GitStatusModel over
// GitChanges::status() (libgit2) for a real repository built with the git command line: modified,
// added (staged), deleted and untracked paths, ignored files left out, a workspace that is a
// subdirectory of the work tree, a directory outside any repository; and the ReviewView showing it
// for a git workspace only, and for a workspace with a git_repo manifest entry (its status against
// the cloned commit, refreshed when a change set is recorded).
#include "appenv.h"
#include "gitcli.h"
#include "review/gitstatusmodel.h"
#include "review/reviewview.h"
#include "testenv.h"

#include <QFile>
#include <QLabel>
#include <QListView>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Test;
using Sandcastle::Ui::GitStatusModel;

namespace {

QStringList rows(const GitStatusModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row);
        out << model.data(index, GitStatusModel::StateRole).toString() + QLatin1Char(' ') +
                   model.data(index, GitStatusModel::PathRole).toString();
    }
    return out;
}

} // namespace

class tst_GitStatusModel : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;
    QTemporaryDir m_repo;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid() && m_repo.isValid());
        qputenv("HOME", m_home.path().toUtf8());
        qputenv("XDG_CONFIG_HOME", m_home.path().toUtf8());
        qputenv("GIT_CONFIG_NOSYSTEM", "1");
        qputenv("XDG_CACHE_HOME", (m_home.path() + QStringLiteral("/cache")).toUtf8());
        if (QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty()) {
            QSKIP("git is not installed here");
        }
        // Committed: a.txt, d.txt, sub/s.txt, sub/gone.txt, .gitignore (*.log).
        const QString r = m_repo.path();
        QVERIFY(gitOk(r, {QStringLiteral("init"), QStringLiteral("-q")}));
        QVERIFY(writeTestFile(r + QStringLiteral("/a.txt"), "a\n"));
        QVERIFY(writeTestFile(r + QStringLiteral("/d.txt"), "d\n"));
        QVERIFY(writeTestFile(r + QStringLiteral("/sub/s.txt"), "s\n"));
        QVERIFY(writeTestFile(r + QStringLiteral("/sub/gone.txt"), "g\n"));
        QVERIFY(writeTestFile(r + QStringLiteral("/.gitignore"), "*.log\n"));
        QVERIFY(gitOk(r, {QStringLiteral("add"), QStringLiteral(".")}));
        QVERIFY(gitOk(r, {QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"), QStringLiteral("c")}));
        // Then: a.txt modified, d.txt deleted, staged.txt added, new.txt untracked, x.log ignored,
        // sub/s.txt modified in the index only, sub/gone.txt removed from the index.
        QVERIFY(writeTestFile(r + QStringLiteral("/a.txt"), "a changed\n"));
        QVERIFY(QFile::remove(r + QStringLiteral("/d.txt")));
        QVERIFY(writeTestFile(r + QStringLiteral("/staged.txt"), "new\n"));
        QVERIFY(gitOk(r, {QStringLiteral("add"), QStringLiteral("staged.txt")}));
        QVERIFY(writeTestFile(r + QStringLiteral("/new.txt"), "untracked\n"));
        QVERIFY(writeTestFile(r + QStringLiteral("/x.log"), "ignored\n"));
        QVERIFY(writeTestFile(r + QStringLiteral("/sub/s.txt"), "s staged\n"));
        QVERIFY(gitOk(r, {QStringLiteral("add"), QStringLiteral("sub/s.txt")}));
        QVERIFY(gitOk(r, {QStringLiteral("rm"), QStringLiteral("-q"), QStringLiteral("sub/gone.txt")}));
    }

    void status_everyKindAgainstHead_ignoredLeftOut()
    {
        GitStatusModel model;
        QSignalSpy refreshed(&model, &GitStatusModel::refreshed);
        model.refresh(m_repo.path());
        QVERIFY(refreshed.wait(30000));
        QCOMPARE(rows(model),
                 (QStringList{QStringLiteral("modified a.txt"), QStringLiteral("deleted d.txt"),
                              QStringLiteral("untracked new.txt"), QStringLiteral("added staged.txt"),
                              QStringLiteral("deleted sub/gone.txt"), QStringLiteral("modified sub/s.txt")}));
        QCOMPARE(model.error(), QString());
        QCOMPARE(model.data(model.index(0), Qt::DisplayRole).toString(), QStringLiteral("M  a.txt"));
        QCOMPARE(model.data(model.index(2), Qt::DisplayRole).toString(), QStringLiteral("?  new.txt"));
    }

    void status_workspaceInSubdirectory_pathsRelativeToIt()
    {
        GitStatusModel model;
        QSignalSpy refreshed(&model, &GitStatusModel::refreshed);
        model.refresh(m_repo.filePath(QStringLiteral("sub")));
        QVERIFY(refreshed.wait(30000));
        QCOMPARE(rows(model), (QStringList{QStringLiteral("deleted gone.txt"), QStringLiteral("modified s.txt")}));
    }

    void status_notARepository_emptyWithoutError()
    {
        QTemporaryDir plain;
        QVERIFY(writeTestFile(plain.filePath(QStringLiteral("f.txt")), "f\n"));
        GitStatusModel model;
        QSignalSpy refreshed(&model, &GitStatusModel::refreshed);
        model.refresh(m_repo.path());
        QVERIFY(refreshed.wait(30000));
        QVERIFY(model.rowCount() > 0);
        model.refresh(plain.path());
        QVERIFY(refreshed.wait(30000));
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.error(), QString());
    }

    void reviewView_showsStatusForGitWorkspaceOnly()
    {
        Sandcastle::Ui::ReviewView view(nullptr);
        view.resize(800, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto *list = view.findChild<QListView *>(QStringLiteral("reviewGitStatusList"));
        QVERIFY(list);
        view.setWorkspace(m_repo.path());
        QTRY_COMPARE_WITH_TIMEOUT(view.gitStatus()->rowCount(), 6, 30000);
        QVERIFY(list->isVisible());
        QCOMPARE(list->model()->data(list->model()->index(1, 0), GitStatusModel::PathRole).toString(),
                 QStringLiteral("d.txt"));

        QTemporaryDir plain;
        view.setWorkspace(plain.path());
        QTRY_COMPARE_WITH_TIMEOUT(view.gitStatus()->rowCount(), 0, 30000);
        QVERIFY(!list->isVisible());
    }

    void reviewView_gitRepoEntry_statusAgainstClonedCommit()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString manifestPath = tmp.filePath(QStringLiteral("manifest.json"));
        QVERIFY(writeTestFile(
            manifestPath, QStringLiteral("{\"entries\":{\"vendor\":{\"type\":\"git_repo\",\"repo\":\"file://%1\"}}}")
                              .arg(m_repo.path())
                              .toUtf8()));
        const QString ws = tmp.filePath(QStringLiteral("ws"));
        QString why;
        QVERIFY2(materializeManifest(manifestPath, ws, &why), qPrintable(why));

        Sandcastle::Ui::ReviewView view(nullptr);
        view.resize(800, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto *list = view.findChild<QListView *>(QStringLiteral("reviewGitStatusList"));
        QVERIFY(list);
        auto *pane = view.findChild<QWidget *>(QStringLiteral("reviewGitPane"));
        QVERIFY(pane);
        QLabel *label = pane->findChild<QLabel *>();
        QVERIFY(label);
        view.setWorkspace(ws);
        QVERIFY(list->isVisible());
        // As cloned (HEAD: a.txt, d.txt, sub/...), although the source's work tree has changes.
        QTRY_COMPARE_WITH_TIMEOUT(label->text(), QStringLiteral("Working tree against HEAD: clean"), 30000);

        QVERIFY(writeTestFile(ws + QStringLiteral("/vendor/a.txt"), "edited in the workspace\n"));
        QVERIFY(writeTestFile(ws + QStringLiteral("/vendor/extra.txt"), "new\n"));
        view.setWorkspace(ws); // what a recorded change set does: refresh
        QTRY_COMPARE_WITH_TIMEOUT(
            rows(*view.gitStatus()),
            (QStringList{QStringLiteral("modified vendor/a.txt"), QStringLiteral("untracked vendor/extra.txt")}),
            30000);
        QCOMPARE(view.gitStatus()->error(), QString());
        QCOMPARE(view.gitStatus()->data(view.gitStatus()->index(0), Qt::DisplayRole).toString(),
                 QStringLiteral("M  vendor/a.txt"));
    }
};

QTEST_MAIN(tst_GitStatusModel)
#include "tst_gitstatusmodel.moc"
