// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// git status of git_repo manifest entries (issue 8): the Materializer keeps each entry's clone
// outside the workspace (GitFetcher::keptRepositoriesDir() in a private XDG cache) and
// GitChanges::status() compares the entry's directory against the commit it was materialized
// from. The source is a real local repository (file:// URL) built with the git command line; the
// exported patch of a change inside the entry applies with `git apply` against the kept clone.
#include "sandcastle/core/review/gitchanges.h"
#include "sandcastle/core/review/textdiff.h"
#include "sandcastle/core/vcs/gitfetcher.h"

#include "appenv.h"
#include "gitcli.h"
#include "testenv.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;
using namespace Sandcastle::Test;

class tst_GitEntryStatus : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_cache;
    QTemporaryDir m_source;
    QString m_url;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_cache.isValid() && m_source.isValid());
        qputenv("XDG_CACHE_HOME", m_cache.path().toUtf8());
        if (QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty()) {
            QSKIP("git is not installed here");
        }
        QVERIFY(makeGitRepository(m_source.path(), {{QStringLiteral("a.txt"), "a\n"},
                                                    {QStringLiteral("lib/b.txt"), "b\n"},
                                                    {QStringLiteral("lib/c.txt"), "c\n"}}));
        m_url = QStringLiteral("file://") + m_source.path();
    }

    void status_entryEdited_listsModifiedDeletedUntracked()
    {
        QTemporaryDir tmp;
        const QString ws = tmp.filePath(QStringLiteral("ws"));
        QString why;
        QVERIFY2(materializeManifestText(tmp.path(),
                                         QStringLiteral(R"({"entries":{"notes.txt":{"type":"file","content":"n"},)"
                                                        R"("vendor":{"type":"git_repo","repo":"%1"}}})")
                                             .arg(m_url),
                                         ws, &why),
                 qPrintable(why));
        QVERIFY(!QFileInfo::exists(ws + QStringLiteral("/vendor/.git")));
        const QList<GitEntryRepository> entries = GitChanges::entryRepositories(ws);
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first().path, QStringLiteral("vendor"));
        QVERIFY2(entries.first().gitDir.startsWith(m_cache.path() + QLatin1Char('/')),
                 qPrintable(entries.first().gitDir));
        QCOMPARE(gitStatusLines(ws), QStringList());

        QVERIFY(writeTestFile(ws + QStringLiteral("/vendor/a.txt"), "a edited\n"));
        QVERIFY(QFile::remove(ws + QStringLiteral("/vendor/lib/b.txt")));
        QVERIFY(writeTestFile(ws + QStringLiteral("/vendor/new.txt"), "new\n"));
        QVERIFY(writeTestFile(ws + QStringLiteral("/notes.txt"), "outside the entry\n"));
        QCOMPARE(gitStatusLines(ws),
                 (QStringList{QStringLiteral("modified vendor/a.txt"), QStringLiteral("deleted vendor/lib/b.txt"),
                              QStringLiteral("untracked vendor/new.txt")}));
    }

    void status_subpathEntry_againstThatSubtree()
    {
        QTemporaryDir tmp;
        const QString ws = tmp.filePath(QStringLiteral("ws"));
        QString why;
        QVERIFY2(
            materializeManifestText(
                tmp.path(),
                QStringLiteral(R"({"entries":{"deps":{"type":"dir","children":{"lib":{"type":"git_repo","repo":"%1",)"
                               R"("ref":"main","subpath":"lib"}}}}})")
                    .arg(m_url),
                ws, &why),
            qPrintable(why));
        QCOMPARE(GitChanges::entryRepositories(ws).value(0).path, QStringLiteral("deps/lib"));
        QCOMPARE(gitStatusLines(ws), QStringList());
        QVERIFY(writeTestFile(ws + QStringLiteral("/deps/lib/c.txt"), "c edited\n"));
        QCOMPARE(gitStatusLines(ws), QStringList{QStringLiteral("modified deps/lib/c.txt")});
    }

    void exportPatch_changeInsideEntry_appliesToTheClone()
    {
        QTemporaryDir tmp;
        const QString ws = tmp.filePath(QStringLiteral("ws"));
        QString why;
        QVERIFY2(materializeManifestText(
                     tmp.path(), QStringLiteral(R"({"entries":{"v":{"type":"git_repo","repo":"%1"}}})").arg(m_url), ws,
                     &why),
                 qPrintable(why));
        ChangeSet set;
        ChangeSetFile file;
        file.change.kind = FileChange::Kind::Update;
        file.change.path = QStringLiteral("a.txt");
        file.change.before = "a\n";
        file.change.after = "a patched\n";
        file.diff = TextDiffer::diff(file.change.before, file.change.after);
        set.files.append(file);
        const QString patch = tmp.filePath(QStringLiteral("turn.patch"));
        QVERIFY(writeTestFile(patch, GitChanges::patchText(set)));
        const QString gitDir = GitChanges::entryRepositories(ws).value(0).gitDir;
        QCOMPARE(runGit(ws + QStringLiteral("/v"),
                        {QStringLiteral("--git-dir=") + gitDir,
                         QStringLiteral("--work-tree=") + ws + QStringLiteral("/v"), QStringLiteral("apply"), patch}),
                 QString());
        QCOMPARE(gitStatusLines(ws), QStringList{QStringLiteral("modified v/a.txt")});
    }

    void status_plainWorkspace_notFound()
    {
        QTemporaryDir tmp;
        const QString ws = tmp.filePath(QStringLiteral("ws"));
        QString why;
        QVERIFY2(materializeManifestText(
                     tmp.path(), QStringLiteral(R"({"entries":{"f.txt":{"type":"file","content":"f"}}})"), ws, &why),
                 qPrintable(why));
        QVERIFY(GitChanges::entryRepositories(ws).isEmpty());
        const auto status = GitChanges::status(ws);
        QVERIFY(!status);
        QCOMPARE(status.error().code, ErrorCode::NotFound);
    }

    void materialize_failed_keepsNoClone()
    {
        QTemporaryDir tmp;
        const QString ws = tmp.filePath(QStringLiteral("ws"));
        QString why;
        QVERIFY(!materializeManifestText(tmp.path(),
                                         QStringLiteral(R"({"entries":{"v":{"type":"git_repo","repo":"%1"},)"
                                                        R"("w":{"type":"git_repo","repo":"%1","ref":"nope"}}})")
                                             .arg(m_url),
                                         ws, &why));
        QVERIFY2(why.contains(QLatin1String("'nope'")), qPrintable(why));
        QVERIFY(!QFileInfo::exists(GitFetcher::keptRepositoriesDir(ws)));
        QVERIFY(!QFileInfo::exists(ws));
    }
};

QTEST_GUILESS_MAIN(tst_GitEntryStatus)
#include "tst_gitentrystatus.moc"
