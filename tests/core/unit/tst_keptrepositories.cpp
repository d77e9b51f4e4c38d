// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The kept clones of git_repo entries are cleaned up (issue 8): each workspace's directory in a
// private XDG cache records its workspace (workspace.json), and GitFetcher::pruneKeptRepositories()
// removes the directory of a deleted workspace and the clone of an entry whose directory is gone,
// keeps live ones, recent ones and those of a workspace still being staged. Real materializations
// from a local repository (file:// URL) made with the git command line.
#include "sandcastle/core/review/gitchanges.h"
#include "sandcastle/core/vcs/gitfetcher.h"

#include "appenv.h"
#include "gitcli.h"
#include "resultverify.h"
#include "testenv.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;
using namespace Sandcastle::Test;
using namespace std::chrono_literals;

class tst_KeptRepositories : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_cache;
    QTemporaryDir m_source;
    QString m_url;

    /// Materializes a workspace `name` in `tmp` with the git_repo entries `entries`.
    QString materialize(const QTemporaryDir &tmp, const QString &name, const QStringList &entries)
    {
        QStringList json;
        for (const QString &entry : entries) {
            json << QStringLiteral(R"("%1":{"type":"git_repo","repo":"%2"})").arg(entry, m_url);
        }
        const QString ws = tmp.filePath(name);
        QString why;
        if (!materializeManifestText(tmp.path(), QStringLiteral(R"({"entries":{%1}})").arg(json.join(QLatin1Char(','))),
                                     ws, &why)) {
            qWarning("%s", qPrintable(why));
            return {};
        }
        return ws;
    }

    QString gitEntriesRoot() const { return m_cache.path() + QStringLiteral("/sandcastle/git-entries"); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_cache.isValid() && m_source.isValid());
        qputenv("XDG_CACHE_HOME", m_cache.path().toUtf8());
        if (QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty()) {
            QSKIP("git is not installed here");
        }
        QVERIFY(makeGitRepository(m_source.path(), {{QStringLiteral("a.txt"), "a\n"}}));
        m_url = QStringLiteral("file://") + m_source.path();
    }

    void materialize_recordsTheWorkspace()
    {
        QTemporaryDir tmp;
        const QString ws = materialize(tmp, QStringLiteral("ws"), {QStringLiteral("v")});
        QVERIFY(!ws.isEmpty());
        const QString dir = GitFetcher::keptRepositoriesDir(ws);
        QCOMPARE(QFileInfo(dir).absolutePath(), gitEntriesRoot());
        QCOMPARE(QFileInfo(dir).fileName(),
                 QString::fromLatin1(QCryptographicHash::hash(ws.toUtf8(), QCryptographicHash::Sha1).toHex()));
        const QJsonObject record =
            QJsonDocument::fromJson(readTestFile(dir + QStringLiteral("/workspace.json"))).object();
        QCOMPARE(record.value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(record.value(QStringLiteral("workspace")).toString(), ws);
        const QString staging = record.value(QStringLiteral("staging")).toString();
        QVERIFY2(staging.startsWith(tmp.filePath(QStringLiteral(".ws.sandcastle-"))), qPrintable(staging));
        QVERIFY(!QFileInfo::exists(staging)); // renamed into place
    }

    void prune_removesDeletedWorkspacesAndEntries_keepsLiveOnes()
    {
        QVERIFY(QDir(gitEntriesRoot()).removeRecursively());
        QTemporaryDir tmp;
        const QString gone = materialize(tmp, QStringLiteral("gone"), {QStringLiteral("v")});
        const QString live = materialize(tmp, QStringLiteral("live"), {QStringLiteral("v"), QStringLiteral("w")});
        const QString emptied = materialize(tmp, QStringLiteral("emptied"), {QStringLiteral("v")});
        QVERIFY(!gone.isEmpty() && !live.isEmpty() && !emptied.isEmpty());
        QVERIFY(QDir(gone).removeRecursively());
        QVERIFY(QDir(live + QStringLiteral("/w")).removeRecursively());
        QVERIFY(QDir(emptied + QStringLiteral("/v")).removeRecursively());

        // Just made: a materialization elsewhere could be writing them, so the default grace keeps all.
        GitFetcher::PruneReport report = GitFetcher::pruneKeptRepositories();
        QCOMPARE(report.workspaces + report.clones, 0);
        QVERIFY(QFileInfo(GitFetcher::keptRepositoriesDir(gone)).isDir());

        report = GitFetcher::pruneKeptRepositories(0s);
        QCOMPARE(report.failures, QStringList());
        QVERIFY(!QFileInfo::exists(GitFetcher::keptRepositoriesDir(gone)));
        QCOMPARE(GitChanges::entryRepositories(live).size(), 1);
        QCOMPARE(GitChanges::entryRepositories(live).first().path, QStringLiteral("v"));
        QCOMPARE(QDir(GitFetcher::keptRepositoriesDir(live)).entryList({QStringLiteral("*.git")}, QDir::Dirs).size(),
                 1);
        QVERIFY(!QFileInfo::exists(GitFetcher::keptRepositoriesDir(emptied))); // no entry left
        QCOMPARE(report.clones, 2);                                            // live's w and emptied's v
        QCOMPARE(report.workspaces, 2);                                        // gone's and emptied's directories
        const auto status = GitChanges::status(live);
        SC_VERIFY_OK(status);
        QCOMPARE(status->size(), 0);

        report = GitFetcher::pruneKeptRepositories(0s);
        QCOMPARE(report.workspaces + report.clones, 0);
        QCOMPARE(GitChanges::entryRepositories(live).size(), 1);
    }

    void prune_cloneWithOwnCommits_neverRemoved()
    {
        QTemporaryDir tmp;
        const QString ws = materialize(tmp, QStringLiteral("committed"), {QStringLiteral("v"), QStringLiteral("w")});
        QVERIFY(!ws.isEmpty());
        const QString dir = GitFetcher::keptRepositoriesDir(ws);
        const QStringList clones = QDir(dir).entryList({QStringLiteral("*.git")}, QDir::Dirs, QDir::Name);
        QCOMPARE(clones.size(), 2);
        const QString committed = dir + QLatin1Char('/') + clones.first();
        const QString gitDir = QStringLiteral("--git-dir=") + committed;
        // The export is recorded; a commit "made in Sandcastle" moves HEAD on from it.
        QVERIFY(gitOk(dir, {gitDir, QStringLiteral("config"), QStringLiteral("sandcastle.exported")}));
        QVERIFY(gitOk(dir, {QStringLiteral("-c"), QStringLiteral("user.name=T"), QStringLiteral("-c"),
                            QStringLiteral("user.email=t@example.org"), gitDir, QStringLiteral("commit"),
                            QStringLiteral("-q"), QStringLiteral("--allow-empty"), QStringLiteral("-m"),
                            QStringLiteral("accepted")}));
        QVERIFY(QDir(ws).removeRecursively());

        const GitFetcher::PruneReport report = GitFetcher::pruneKeptRepositories(0s);
        QCOMPARE(report.failures, QStringList());
        QVERIFY(QFileInfo(committed + QStringLiteral("/HEAD")).isFile()); // its commit exists nowhere else
        QVERIFY(!QFileInfo::exists(dir + QLatin1Char('/') + clones.last()));
        QVERIFY(QFileInfo(dir + QStringLiteral("/workspace.json")).isFile());
        QCOMPARE(GitFetcher::pruneKeptRepositories(0s).clones, 0);
        QVERIFY(QFileInfo(committed).isDir());
    }

    void prune_workspaceStillStaged_kept()
    {
        QTemporaryDir tmp;
        const QString ws = tmp.filePath(QStringLiteral("ws"));
        const QString staging = tmp.filePath(QStringLiteral(".ws.sandcastle-abc123"));
        QVERIFY(QDir().mkpath(staging));
        SC_VERIFY_OK(GitFetcher::recordKeptRepositories(ws, staging));
        QVERIFY(GitFetcher::pruneKeptRepositories(0s).failures.isEmpty());
        QVERIFY(QFileInfo(GitFetcher::keptRepositoriesDir(ws)).isDir());
        QVERIFY(QDir(staging).removeRecursively());
        QCOMPARE(GitFetcher::pruneKeptRepositories(0s).workspaces, 1);
        QVERIFY(!QFileInfo::exists(GitFetcher::keptRepositoriesDir(ws)));
    }

    void prune_unrecordedDirectory_judgedByItsClones()
    {
        // A directory from before workspace.json: its clone points at an entry directory that is gone.
        const QString dir = gitEntriesRoot() + QStringLiteral("/0123456789abcdef0123456789abcdef01234567");
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(gitOk(
            dir, {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("--bare"), QStringLiteral("0.git")}));
        QVERIFY(gitOk(dir, {QStringLiteral("--git-dir=") + dir + QStringLiteral("/0.git"), QStringLiteral("config"),
                            QStringLiteral("core.worktree"), dir + QStringLiteral("/no-such-workspace/v")}));
        const GitFetcher::PruneReport report = GitFetcher::pruneKeptRepositories(0s);
        QCOMPARE(report.failures, QStringList());
        QCOMPARE(report.clones, 1);
        QCOMPARE(report.workspaces, 1);
        QVERIFY(!QFileInfo::exists(dir));
    }
};

QTEST_GUILESS_MAIN(tst_KeptRepositories)
#include "tst_keptrepositories.moc"
