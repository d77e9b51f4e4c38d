// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// "Commit accepted changes" for git_repo manifest entries (issue 8): GitChanges::commit() puts the
// files of a change set that lie in an entry into that entry's kept clone, the others into the
// repository the workspace is in, one commit per repository, the author from each one's git config
// (its own, then the global one). Real repositories (the source made with the git command line,
// materialized from a file:// URL), a real patch written and one hunk of it reverted; the results
// are read back with `git log` / `git show` in the kept clones.
#include "sandcastle/core/capabilities/filesystem/patchapplier.h"
#include "sandcastle/core/review/changereverter.h"
#include "sandcastle/core/review/changeset.h"
#include "sandcastle/core/review/gitchanges.h"

#include "appenv.h"
#include "gitcli.h"
#include "patchfixtures.h"
#include "resultverify.h"
#include "testenv.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;
using namespace Sandcastle::Test;

namespace {

QString kept(const QString &workspace, const QString &entry)
{
    for (const GitEntryRepository &e : GitChanges::entryRepositories(workspace)) {
        if (e.path == entry) {
            return e.gitDir;
        }
    }
    return QStringLiteral("<no clone for %1>").arg(entry);
}

/// runGit() in the kept clone of `entry`, its work tree the entry's directory.
QString entryGit(const QString &workspace, const QString &entry, const QStringList &args)
{
    const QString workTree = workspace + QLatin1Char('/') + entry;
    return runGit(workTree, QStringList{QStringLiteral("--git-dir=") + kept(workspace, entry),
                                        QStringLiteral("--work-tree=") + workTree} +
                                args);
}

QByteArray entryBlob(const QString &workspace, const QString &entry, const QString &path)
{
    const QString workTree = workspace + QLatin1Char('/') + entry;
    return runGitBytes(workTree, {QStringLiteral("--git-dir=") + kept(workspace, entry), QStringLiteral("show"),
                                  QStringLiteral("HEAD:") + path});
}

} // namespace

class tst_GitEntryCommit : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;
    QTemporaryDir m_source;
    QString m_url;
    QString m_sourceHead;

    /// Applies `patch` to `workspace` (written at once, as write_then_review does) as one change set.
    ChangeSet apply(const QString &workspace, const QString &patch)
    {
        const auto result = PatchApplier::applyText(workspace, patch);
        if (!result) {
            qWarning("%s", qPrintable(result.error().toString()));
            return {};
        }
        return ChangeSet::fromChanges(result->changes, result->origins);
    }

private Q_SLOTS:
    void initTestCase()
    {
        // No global git identity yet, no system config; the clones go to a private cache.
        QVERIFY(m_home.isValid() && m_source.isValid());
        qputenv("HOME", m_home.path().toUtf8());
        qputenv("XDG_CONFIG_HOME", m_home.path().toUtf8());
        qputenv("XDG_CACHE_HOME", (m_home.path() + QStringLiteral("/cache")).toUtf8());
        qputenv("GIT_CONFIG_NOSYSTEM", "1");
        if (QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty()) {
            QSKIP("git is not installed here");
        }
        QVERIFY(makeGitRepository(m_source.path(), {{QStringLiteral("notes.txt"), numberedCrlfLines(30)},
                                                    {QStringLiteral("a.txt"), "a\n"},
                                                    {QStringLiteral("lib/c.txt"), "c\n"}}));
        m_url = QStringLiteral("file://") + m_source.path();
        m_sourceHead = runGit(m_source.path(), {QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
    }

    void commit_entriesAndWorkspaceRepository_oneCommitEachWithItsAuthor()
    {
        QTemporaryDir tmp;
        const QString ws = tmp.filePath(QStringLiteral("ws"));
        QString why;
        QVERIFY2(materializeManifestText(
                     tmp.path(),
                     QStringLiteral(R"({"entries":{"readme.txt":{"type":"file","content":"readme\n"},)"
                                    R"("vendor":{"type":"git_repo","repo":"%1"},)"
                                    R"("deps":{"type":"dir","children":{"lib":{"type":"git_repo","repo":"%1",)"
                                    R"("subpath":"lib"}}}}})")
                         .arg(m_url),
                     ws, &why),
                 qPrintable(why));
        // The workspace is a repository of its own too (readme.txt committed); the entries are not in it.
        QVERIFY(gitOk(ws, {QStringLiteral("init"), QStringLiteral("-q")}));
        QVERIFY(gitOk(ws, {QStringLiteral("config"), QStringLiteral("user.name"), QStringLiteral("Root Owner")}));
        QVERIFY(
            gitOk(ws, {QStringLiteral("config"), QStringLiteral("user.email"), QStringLiteral("root@example.org")}));
        QVERIFY(gitOk(ws, {QStringLiteral("add"), QStringLiteral("readme.txt")}));
        QVERIFY(gitOk(ws, {QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("readme")}));
        QVERIFY(entryGit(ws, QStringLiteral("vendor"),
                         {QStringLiteral("config"), QStringLiteral("user.name"), QStringLiteral("Ent Ry")})
                    .isEmpty());
        QVERIFY(entryGit(ws, QStringLiteral("vendor"),
                         {QStringLiteral("config"), QStringLiteral("user.email"), QStringLiteral("entry@example.org")})
                    .isEmpty());
        const QString rootHead = runGit(ws, {QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
        const QString libHead =
            entryGit(ws, QStringLiteral("deps/lib"), {QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
        QCOMPARE(entryGit(ws, QStringLiteral("vendor"), {QStringLiteral("rev-parse"), QStringLiteral("HEAD")}),
                 m_sourceHead);

        // Both hunks of vendor/notes.txt written, the second one reverted: the work tree holds the accepted one.
        ChangeSet set = apply(ws, QStringLiteral("*** Begin Patch\n*** Update File: vendor/notes.txt\n@@\n line 4\n"
                                                 "-line 5\n+FIVE\n line 6\n@@\n line 24\n-line 25\n+TWENTY-FIVE\n"
                                                 " line 26\n*** Add File: vendor/new.txt\n+new\n"
                                                 "*** Delete File: vendor/a.txt\n*** Update File: deps/lib/c.txt\n"
                                                 "@@\n-c\n+c edited\n*** Update File: readme.txt\n@@\n-readme\n"
                                                 "+readme edited\n*** End Patch\n"));
        QCOMPARE(set.files.size(), 5);
        const auto notes = std::find_if(set.files.cbegin(), set.files.cend(), [](const ChangeSetFile &f) {
            return f.change.path == QLatin1String("vendor/notes.txt");
        });
        QVERIFY(notes != set.files.cend());
        QCOMPARE(notes->diff.hunks.size(), 2);
        SC_VERIFY_OK(ChangeReverter::revert(ws, set, notes->index, 1));
        QByteArray accepted = numberedCrlfLines(30);
        accepted.replace("line 5\r\n", "FIVE\r\n");
        QCOMPARE(readTestFile(ws + QStringLiteral("/vendor/notes.txt")), accepted);

        // deps/lib's clone has no identity, and there is no global one: nothing is committed anywhere.
        const QString message = QStringLiteral("Take FIVE, keep line 25\n\nReviewed in Sandcastle.\n");
        const auto refused = GitChanges::commit(ws, set, message);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::InvalidInput);
        QVERIFY2(refused.error().message.startsWith(QStringLiteral("cannot commit in the git_repo entry deps/lib (its "
                                                                   "clone ") +
                                                    kept(ws, QStringLiteral("deps/lib")) +
                                                    QStringLiteral("): git config user.name and user.email are not "
                                                                   "set")),
                 qPrintable(refused.error().message));
        QCOMPARE(runGit(ws, {QStringLiteral("rev-parse"), QStringLiteral("HEAD")}), rootHead);
        QCOMPARE(entryGit(ws, QStringLiteral("vendor"), {QStringLiteral("rev-parse"), QStringLiteral("HEAD")}),
                 m_sourceHead);
        QCOMPARE(entryGit(ws, QStringLiteral("vendor"),
                          {QStringLiteral("diff"), QStringLiteral("--cached"), QStringLiteral("--name-only")}),
                 QString());
        QCOMPARE(runGit(ws, {QStringLiteral("diff"), QStringLiteral("--cached"), QStringLiteral("--name-only")}),
                 QString());

        // A global identity: deps/lib takes it, vendor and the workspace keep their own.
        QVERIFY(writeTestFile(m_home.filePath(QStringLiteral(".gitconfig")),
                              "[user]\n\tname = Glo Bal\n\temail = global@example.org\n"));
        const auto commits = GitChanges::commit(ws, set, message);
        SC_VERIFY_OK(commits);
        QCOMPARE(commits->size(), 3);
        QCOMPARE(commits->at(0).repository, QString());
        QCOMPARE(commits->at(1).repository, QStringLiteral("deps/lib"));
        QCOMPARE(commits->at(2).repository, QStringLiteral("vendor"));

        const QStringList log = {QStringLiteral("log"), QStringLiteral("-1"),
                                 QStringLiteral("--format=%H|%an <%ae>|%cn <%ce>|%P|%B")};
        QCOMPARE(entryGit(ws, QStringLiteral("vendor"), log),
                 commits->at(2).id + QStringLiteral("|Ent Ry <entry@example.org>|Ent Ry <entry@example.org>|") +
                     m_sourceHead + QStringLiteral("|") + message.trimmed());
        QCOMPARE(entryGit(ws, QStringLiteral("deps/lib"), log),
                 commits->at(1).id + QStringLiteral("|Glo Bal <global@example.org>|Glo Bal <global@example.org>|") +
                     libHead + QStringLiteral("|") + message.trimmed());
        QCOMPARE(runGit(ws, log), commits->at(0).id +
                                      QStringLiteral("|Root Owner <root@example.org>|Root Owner <root@example.org>|") +
                                      rootHead + QStringLiteral("|") + message.trimmed());

        // Exactly the written files, with their exact bytes; the reverted hunk is not in the commit.
        QCOMPARE(entryGit(ws, QStringLiteral("vendor"),
                          {QStringLiteral("show"), QStringLiteral("--name-status"), QStringLiteral("--format=")}),
                 QStringLiteral("D\ta.txt\nA\tnew.txt\nM\tnotes.txt"));
        QCOMPARE(entryBlob(ws, QStringLiteral("vendor"), QStringLiteral("notes.txt")), accepted);
        QCOMPARE(entryBlob(ws, QStringLiteral("vendor"), QStringLiteral("new.txt")), QByteArray("new\n"));
        QCOMPARE(entryBlob(ws, QStringLiteral("deps/lib"), QStringLiteral("c.txt")), QByteArray("c edited\n"));
        QCOMPARE(runGit(ws, {QStringLiteral("show"), QStringLiteral("--name-status"), QStringLiteral("--format=")}),
                 QStringLiteral("M\treadme.txt"));
        QCOMPARE(runGitBytes(ws, {QStringLiteral("show"), QStringLiteral("HEAD:readme.txt")}),
                 QByteArray("readme edited\n"));

        // Committed paths are clean afterwards, for libgit2 and for git.
        QCOMPARE(gitStatusLines(ws), QStringList());
        QCOMPARE(entryGit(ws, QStringLiteral("vendor"), {QStringLiteral("status"), QStringLiteral("--porcelain")}),
                 QString());
    }

    void commit_fileInNoRepository_listsItAndCommitsNothing()
    {
        QTemporaryDir tmp;
        const QString ws = tmp.filePath(QStringLiteral("ws"));
        QString why;
        QVERIFY2(materializeManifestText(tmp.path(),
                                         QStringLiteral(R"({"entries":{"readme.txt":{"type":"file","content":"r\n"},)"
                                                        R"("vendor":{"type":"git_repo","repo":"%1"}}})")
                                             .arg(m_url),
                                         ws, &why),
                 qPrintable(why));
        QVERIFY(writeTestFile(m_home.filePath(QStringLiteral(".gitconfig")),
                              "[user]\n\tname = Glo Bal\n\temail = global@example.org\n"));
        const ChangeSet set = apply(ws, QStringLiteral("*** Begin Patch\n*** Update File: readme.txt\n@@\n-r\n+R\n"
                                                       "*** Update File: vendor/a.txt\n@@\n-a\n+A\n*** End Patch\n"));
        QCOMPARE(set.files.size(), 2);
        const auto refused = GitChanges::commit(ws, set, QStringLiteral("m"));
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::InvalidInput);
        QCOMPARE(refused.error().message,
                 QStringLiteral("cannot commit: no git repository holds readme.txt: %1 is not in a git repository "
                                "and its git_repo entries are vendor")
                     .arg(ws));
        QCOMPARE(entryGit(ws, QStringLiteral("vendor"), {QStringLiteral("rev-parse"), QStringLiteral("HEAD")}),
                 m_sourceHead);
        QCOMPARE(gitStatusLines(ws), QStringList{QStringLiteral("modified vendor/a.txt")});
    }
};

QTEST_GUILESS_MAIN(tst_GitEntryCommit)
#include "tst_gitentrycommit.moc"
