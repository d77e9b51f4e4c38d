// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The Review dock's working tree status against HEAD (issue 8): GitStatusModel over
// GitChanges::status() (libgit2) for a real repository built with the git command line: modified,
// added (staged), deleted and untracked paths, ignored files left out, a workspace that is a
// subdirectory of the work tree, a directory outside any repository; and the ReviewView showing it
// for a git workspace only.
#include "review/gitstatusmodel.h"
#include "review/reviewview.h"
#include "testenv.h"

#include <QFile>
#include <QListView>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Test;
using Sandcastle::Ui::GitStatusModel;

namespace {

bool git(const QString &dir, const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(QStringLiteral("git"), QStringList{QStringLiteral("-c"), QStringLiteral("user.name=T"),
                                               QStringLiteral("-c"), QStringLiteral("user.email=t@example.org")} +
                                       args);
    return p.waitForFinished(30000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

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
        if (QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty()) {
            QSKIP("git is not installed here");
        }
        // Committed: a.txt, d.txt, sub/s.txt, sub/gone.txt, .gitignore (*.log).
        const QString r = m_repo.path();
        QVERIFY(git(r, {QStringLiteral("init"), QStringLiteral("-q")}));
        QVERIFY(writeTestFile(r + QStringLiteral("/a.txt"), "a\n"));
        QVERIFY(writeTestFile(r + QStringLiteral("/d.txt"), "d\n"));
        QVERIFY(writeTestFile(r + QStringLiteral("/sub/s.txt"), "s\n"));
        QVERIFY(writeTestFile(r + QStringLiteral("/sub/gone.txt"), "g\n"));
        QVERIFY(writeTestFile(r + QStringLiteral("/.gitignore"), "*.log\n"));
        QVERIFY(git(r, {QStringLiteral("add"), QStringLiteral(".")}));
        QVERIFY(git(r, {QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"), QStringLiteral("c")}));
        // Then: a.txt modified, d.txt deleted, staged.txt added, new.txt untracked, x.log ignored,
        // sub/s.txt modified in the index only, sub/gone.txt removed from the index.
        QVERIFY(writeTestFile(r + QStringLiteral("/a.txt"), "a changed\n"));
        QVERIFY(QFile::remove(r + QStringLiteral("/d.txt")));
        QVERIFY(writeTestFile(r + QStringLiteral("/staged.txt"), "new\n"));
        QVERIFY(git(r, {QStringLiteral("add"), QStringLiteral("staged.txt")}));
        QVERIFY(writeTestFile(r + QStringLiteral("/new.txt"), "untracked\n"));
        QVERIFY(writeTestFile(r + QStringLiteral("/x.log"), "ignored\n"));
        QVERIFY(writeTestFile(r + QStringLiteral("/sub/s.txt"), "s staged\n"));
        QVERIFY(git(r, {QStringLiteral("add"), QStringLiteral("sub/s.txt")}));
        QVERIFY(git(r, {QStringLiteral("rm"), QStringLiteral("-q"), QStringLiteral("sub/gone.txt")}));
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
};

QTEST_MAIN(tst_GitStatusModel)
#include "tst_gitstatusmodel.moc"
