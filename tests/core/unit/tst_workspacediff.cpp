// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// WorkspaceDiff against a real SnapshotStore snapshot and a real git repository, and GitChanges
// (patch export checked with `git apply`, commit with the author from git config); libgit2 in the
// code under test, the git command line to build and check the repositories.
#include "sandcastle/core/review/changeset.h"
#include "sandcastle/core/review/gitchanges.h"
#include "sandcastle/core/review/workspacediff.h"
#include "sandcastle/core/snapshot/snapshotstore.h"

#include "futurewait.h"
#include "resultverify.h"
#include "testenv.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;
using namespace Sandcastle::Test;

namespace {

QStringList describe(const WorkspaceChanges &w)
{
    QStringList out;
    for (const FileChange &c : w.changes) {
        out.append(changeKindName(c.kind) + QLatin1Char(' ') + c.path);
    }
    return out;
}

QString gitOut(const QString &dir, const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(QStringLiteral("git"), args);
    p.waitForFinished(30000);
    return p.exitCode() == 0 ? QString::fromUtf8(p.readAllStandardOutput()) : QStringLiteral("<git failed>");
}

bool git(const QString &dir, const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(QStringLiteral("git"), QStringList{QStringLiteral("-c"), QStringLiteral("user.name=T"),
                                               QStringLiteral("-c"), QStringLiteral("user.email=t@example.org")} +
                                       args);
    return p.waitForFinished(30000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

} // namespace

class TestWorkspaceDiff : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;

    // A repository with a.txt, d.txt and old.txt committed.
    bool makeRepo(const QString &dir)
    {
        return git(dir, {QStringLiteral("init"), QStringLiteral("-q")}) &&
               writeTestFile(dir + QStringLiteral("/a.txt"), "a\r\nb\r\nc") &&
               writeTestFile(dir + QStringLiteral("/d.txt"), "delete me\n") &&
               writeTestFile(dir + QStringLiteral("/old.txt"), "moved\n") &&
               git(dir, {QStringLiteral("add"), QStringLiteral(".")}) &&
               git(dir, {QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"), QStringLiteral("c")});
    }

private Q_SLOTS:
    void initTestCase()
    {
        // No global git identity: only what a test puts into a repository's own config counts.
        QVERIFY(m_home.isValid());
        qputenv("HOME", m_home.path().toUtf8());
        qputenv("XDG_CONFIG_HOME", m_home.path().toUtf8());
        qputenv("GIT_CONFIG_NOSYSTEM", "1");
    }

    void againstSnapshot_addUpdateDelete_exactBefore()
    {
        QTemporaryDir ws;
        QTemporaryDir store;
        QVERIFY(ws.isValid() && store.isValid());
        QVERIFY(writeTestFile(ws.filePath(QStringLiteral("keep.txt")), "same\n"));
        QVERIFY(writeTestFile(ws.filePath(QStringLiteral("edit.txt")), "one\r\ntwo"));
        QVERIFY(writeTestFile(ws.filePath(QStringLiteral("sub/gone.bin")), QByteArray("\0\1\2", 3)));
        QVERIFY(QFile::setPermissions(ws.filePath(QStringLiteral("sub/gone.bin")),
                                      QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadUser |
                                          QFile::WriteUser | QFile::ExeUser));
        const SnapshotStore snapshots(store.path());
        const auto info = await(snapshots.create(ws.path(), {}));
        SC_VERIFY_OK(info);
        SC_VERIFY_OK(await(snapshots.durable(info->id))); // againstSnapshot() reads the store without its lock
        QVERIFY(writeTestFile(ws.filePath(QStringLiteral("edit.txt")), "one\r\nTWO"));
        QVERIFY(QFile::remove(ws.filePath(QStringLiteral("sub/gone.bin"))));
        QVERIFY(writeTestFile(ws.filePath(QStringLiteral("new/made.txt")), "made\n"));
        QVERIFY(writeTestFile(ws.filePath(QStringLiteral("skip/x.txt")), "x\n"));
        const auto changes =
            WorkspaceDiff::againstSnapshot(store.path(), info->id, ws.path(), {QStringLiteral("skip")});
        SC_VERIFY_OK(changes);
        QCOMPARE(describe(*changes), (QStringList{QStringLiteral("update edit.txt"), QStringLiteral("add new/made.txt"),
                                                  QStringLiteral("delete sub/gone.bin")}));
        QCOMPARE(changes->changes.at(0).before, QByteArray("one\r\ntwo"));
        QCOMPARE(changes->changes.at(0).after, QByteArray("one\r\nTWO"));
        QCOMPARE(changes->changes.at(2).before, QByteArray("\0\1\2", 3));
        QVERIFY(changes->origins.at(2).permissions.testFlag(QFile::ExeOwner));
        QVERIFY(!changes->origins.at(1).existed);
        const ChangeSet set = ChangeSet::fromChanges(changes->changes, changes->origins);
        QVERIFY(set.files.at(2).isBinary());
        QCOMPARE(set.files.at(0).diff.hunks.size(), 1);
    }

    void againstGitHead_modifiedUntrackedDeleted()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty()) {
            QSKIP("git is not installed here");
        }
        QTemporaryDir repo;
        QVERIFY(repo.isValid());
        QVERIFY(git(repo.path(), {QStringLiteral("init"), QStringLiteral("-q")}));
        QVERIFY(writeTestFile(repo.filePath(QStringLiteral("a.txt")), "a\nb\n"));
        QVERIFY(writeTestFile(repo.filePath(QStringLiteral("d.txt")), "delete me\n"));
        QVERIFY(writeTestFile(repo.filePath(QStringLiteral(".gitignore")), "*.log\n"));
        QVERIFY(git(repo.path(), {QStringLiteral("add"), QStringLiteral(".")}));
        QVERIFY(git(repo.path(),
                    {QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"), QStringLiteral("c")}));
        QVERIFY(writeTestFile(repo.filePath(QStringLiteral("a.txt")), "a\nB\n"));
        QVERIFY(QFile::remove(repo.filePath(QStringLiteral("d.txt"))));
        QVERIFY(writeTestFile(repo.filePath(QStringLiteral("n/new.txt")), "new\n"));
        QVERIFY(writeTestFile(repo.filePath(QStringLiteral("build.log")), "ignored\n"));
        const auto changes = WorkspaceDiff::againstGitHead(repo.path());
        SC_VERIFY_OK(changes);
        QCOMPARE(describe(*changes), (QStringList{QStringLiteral("update a.txt"), QStringLiteral("delete d.txt"),
                                                  QStringLiteral("add n/new.txt")}));
        QCOMPARE(changes->changes.at(0).before, QByteArray("a\nb\n"));
        QCOMPARE(changes->changes.at(1).before, QByteArray("delete me\n"));
        QTemporaryDir plain;
        const auto none = WorkspaceDiff::againstGitHead(plain.path());
        QVERIFY(!none);
        QCOMPARE(none.error().code, ErrorCode::NotFound);
    }

    void gitChanges_patchText_appliesWithGitApply()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty()) {
            QSKIP("git is not installed here");
        }
        QTemporaryDir repo;
        QVERIFY(repo.isValid() && makeRepo(repo.path()));
        const auto result = PatchApplier::applyText(
            repo.path(), QStringLiteral("*** Begin Patch\n*** Update File: a.txt\n@@\n a\n-b\n+B\n c\n"
                                        "*** End of File\n*** Add File: n/new.txt\n+new\n*** Delete File: d.txt\n"
                                        "*** Update File: old.txt\n*** Move to: moved.txt\n*** End Patch\n"));
        SC_VERIFY_OK(result);
        const QByteArray a = readTestFile(repo.filePath(QStringLiteral("a.txt")));
        QCOMPARE(a, QByteArray("a\r\nB\r\nc"));
        const ChangeSet set = ChangeSet::fromChanges(result->changes, result->origins);
        const QByteArray patch = GitChanges::patchText(set);
        QVERIFY(patch.contains("rename from old.txt\nrename to moved.txt\n"));
        QVERIFY(patch.contains("--- /dev/null\n+++ b/n/new.txt\n"));
        QVERIFY(writeTestFile(m_home.filePath(QStringLiteral("set.patch")), patch));
        QVERIFY(git(repo.path(), {QStringLiteral("reset"), QStringLiteral("-q"), QStringLiteral("--hard")}));
        QVERIFY(git(repo.path(), {QStringLiteral("clean"), QStringLiteral("-fdq")}));
        QCOMPARE(readTestFile(repo.filePath(QStringLiteral("a.txt"))), QByteArray("a\r\nb\r\nc"));
        QVERIFY2(git(repo.path(), {QStringLiteral("apply"), m_home.filePath(QStringLiteral("set.patch"))}),
                 patch.constData());
        QCOMPARE(readTestFile(repo.filePath(QStringLiteral("a.txt"))), a);
        QCOMPARE(readTestFile(repo.filePath(QStringLiteral("n/new.txt"))), QByteArray("new\n"));
        QCOMPARE(readTestFile(repo.filePath(QStringLiteral("moved.txt"))), QByteArray("moved\n"));
        QVERIFY(!QFile::exists(repo.filePath(QStringLiteral("d.txt"))));
        QVERIFY(!QFile::exists(repo.filePath(QStringLiteral("old.txt"))));
    }

    void gitChanges_commit_authorFromConfigOrPreciseError()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty()) {
            QSKIP("git is not installed here");
        }
        QTemporaryDir repo;
        QVERIFY(repo.isValid() && makeRepo(repo.path()));
        const QString head = gitOut(repo.path(), {QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
        const auto result = PatchApplier::applyText(
            repo.path(), QStringLiteral("*** Begin Patch\n*** Add File: n.txt\n+n\n*** Delete File: d.txt\n"
                                        "*** End Patch\n"));
        SC_VERIFY_OK(result);
        const ChangeSet set = ChangeSet::fromChanges(result->changes, result->origins);
        const auto refused = GitChanges::commit(repo.path(), set, QStringLiteral("agent changes"));
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::InvalidInput);
        QVERIFY2(refused.error().message.contains(
                     QStringLiteral("git config user.name and user.email are not set (the commit's author)")),
                 qPrintable(refused.error().message));
        QCOMPARE(gitOut(repo.path(), {QStringLiteral("rev-parse"), QStringLiteral("HEAD")}), head);
        QCOMPARE(gitOut(repo.path(), {QStringLiteral("diff"), QStringLiteral("--cached"), QStringLiteral("--stat")}),
                 QString());

        QVERIFY(git(repo.path(), {QStringLiteral("config"), QStringLiteral("user.name"), QStringLiteral("Rev Iewer")}));
        QVERIFY(git(repo.path(),
                    {QStringLiteral("config"), QStringLiteral("user.email"), QStringLiteral("r@example.org")}));
        const auto commit = GitChanges::commit(repo.path(), set, QStringLiteral("agent changes"));
        SC_VERIFY_OK(commit);
        QCOMPARE(commit->size(), 1);
        QCOMPARE(commit->first().repository, QString());
        QCOMPARE(gitOut(repo.path(), {QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).trimmed(),
                 commit->first().id);
        QCOMPARE(
            gitOut(repo.path(), {QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%an <%ae> %s")}),
            QStringLiteral("Rev Iewer <r@example.org> agent changes\n"));
        QCOMPARE(gitOut(repo.path(), {QStringLiteral("status"), QStringLiteral("--porcelain")}), QString());
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceDiff)
#include "tst_workspacediff.moc"
