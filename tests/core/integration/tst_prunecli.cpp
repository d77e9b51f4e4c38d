// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// `sandcastle run` removes the kept git_repo clones of deleted workspaces once its own workspace
// is ready (GitFetcher::pruneKeptRepositories() on a worker thread; issue 8), and keeps those of
// live workspaces. The cache is a private XDG_CACHE_HOME the child process inherits; the kept
// directories are made the way the materializer makes them and dated two hours back.
#include "sandcastle/core/vcs/gitfetcher.h"

#include "clirun.h"
#include "gitcli.h"
#include "resultverify.h"
#include "testenv.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/time.h>

using namespace Sandcastle::Core;
using namespace Sandcastle::Test;

namespace {

/// A kept clone of `workspace`'s entry `entry` (a bare repository whose core.worktree is the
/// entry's directory), recorded, with every modification time two hours back.
bool makeOldKeptClone(const QString &workspace, const QString &entry)
{
    if (!GitFetcher::recordKeptRepositories(workspace, QString())) {
        return false;
    }
    const QString dir = GitFetcher::keptRepositoriesDir(workspace);
    if (!gitOk(dir,
               {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("--bare"), QStringLiteral("0.git")}) ||
        !gitOk(dir, {QStringLiteral("--git-dir=") + dir + QStringLiteral("/0.git"), QStringLiteral("config"),
                     QStringLiteral("core.worktree"), workspace + QLatin1Char('/') + entry})) {
        return false;
    }
    struct timeval old[2] = {};
    ::gettimeofday(&old[0], nullptr);
    old[0].tv_sec -= 2 * 3600;
    old[1] = old[0];
    QStringList paths{dir};
    for (QDirIterator it(dir, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDirIterator::Subdirectories);
         it.hasNext();) {
        paths << it.next();
    }
    for (const QString &path : std::as_const(paths)) {
        if (::utimes(QFile::encodeName(path).constData(), old) != 0) {
            return false;
        }
    }
    return true;
}

} // namespace

class tst_PruneCli : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QFileInfo(qEnvironmentVariable("SANDCASTLE_BIN")).isExecutable());
        QVERIFY(m_tmp.isValid());
        qputenv("XDG_CACHE_HOME", m_tmp.filePath(QStringLiteral("cache")).toUtf8());
        if (QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty()) {
            QSKIP("git is not installed here");
        }
    }

    void run_prunesDeletedWorkspacesClones_keepsLiveOnes()
    {
        const QString gone = m_tmp.filePath(QStringLiteral("gone"));
        const QString live = m_tmp.filePath(QStringLiteral("live"));
        QVERIFY(QDir().mkpath(live + QStringLiteral("/vendor")));
        QVERIFY(makeOldKeptClone(gone, QStringLiteral("vendor")));
        QVERIFY(makeOldKeptClone(live, QStringLiteral("vendor")));
        QVERIFY(QFileInfo(GitFetcher::keptRepositoriesDir(gone)).isDir());

        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(answerTurn(QStringLiteral("nothing to do")));
        const CliRun run =
            runSandcastle({QStringLiteral("run"), QStringLiteral("--workspace"), m_tmp.filePath(QStringLiteral("ws")),
                           QStringLiteral("--base-url"), server.baseUrl().toString(), QStringLiteral("--model"),
                           QStringLiteral("gpt-5.5"), QStringLiteral("--no-state"), QStringLiteral("hi")},
                          {}, 60000, &server);
        QVERIFY2(run.finished && run.exitCode == 0, qPrintable(run.describe()));
        QCOMPARE(run.out, QStringLiteral("nothing to do\n"));
        QVERIFY(!QFileInfo::exists(GitFetcher::keptRepositoriesDir(gone)));
        QVERIFY(QFileInfo(GitFetcher::keptRepositoriesDir(live) + QStringLiteral("/0.git")).isDir());
    }
};

QTEST_GUILESS_MAIN(tst_PruneCli)
#include "tst_prunecli.moc"
