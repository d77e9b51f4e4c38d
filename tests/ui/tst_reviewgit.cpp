// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The Review dock's git side with a real run (issue 8): the workspace is a git repository (made
// with libgit2, its identity in the repository's own config), a run edits notes.txt under review
// before write (one hunk accepted, one rejected). "Export as patch…" writes a file that
// `git apply --check` accepts in a clean clone (and `git apply` turns into the reviewed bytes);
// "Commit accepted changes…" with an edited message makes a commit whose author comes from git
// config and whose tree holds only the accepted hunk. The same for a workspace that is no repository
// but has a git_repo manifest entry (materialized from a file:// repository): the commit goes into
// the entry's kept clone with the clone's identity. Dialogs are driven through their object names.
#include "appenv.h"
#include "gitcli.h"
#include "patchfixtures.h"
#include "review/diffdocument.h"
#include "review/diffview.h"
#include "review/gitstatusmodel.h"
#include "review/reviewview.h"
#include "reviewrunstart.h"
#include "runcontroller.h"
#include "sandcastle/core/sandbox/unixlocalsandboxclient.h"
#include "sandcastle/ui/mainwindow.h"
#include "scriptedmodelserver.h"
#include "testenv.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <git2.h>

using namespace Sandcastle::Core;
using namespace Sandcastle::Test;
using Sandcastle::Ui::MainWindow;
using Sandcastle::Ui::ReviewView;

namespace {

constexpr int kRunTimeoutMs = 60000;

struct GitResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

GitResult git(const QString &dir, const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(QStringLiteral("git"), args);
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit) {
        return {};
    }
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

// A repository in `dir` with notes.txt committed, user.name/email in its own config; libgit2.
QString makeRepository(const QString &dir, const QByteArray &notes)
{
    git_repository *repo = nullptr;
    if (git_repository_init(&repo, dir.toUtf8().constData(), 0) != 0) {
        return QStringLiteral("init failed");
    }
    git_config *config = nullptr;
    git_index *index = nullptr;
    git_signature *signature = nullptr;
    git_tree *tree = nullptr;
    QString error;
    git_oid treeId;
    git_oid commitId;
    if (git_repository_config(&config, repo) != 0 || git_config_set_string(config, "user.name", "Rev Iewer") != 0 ||
        git_config_set_string(config, "user.email", "rev@example.org") != 0) {
        error = QStringLiteral("config failed");
    } else if (!writeTestFile(dir + QStringLiteral("/notes.txt"), notes) || git_repository_index(&index, repo) != 0 ||
               git_index_add_bypath(index, "notes.txt") != 0 || git_index_write(index) != 0 ||
               git_index_write_tree(&treeId, index) != 0 || git_tree_lookup(&tree, repo, &treeId) != 0) {
        error = QStringLiteral("staging failed");
    } else if (git_signature_now(&signature, "Set Up", "setup@example.org") != 0 ||
               git_commit_create_v(&commitId, repo, "HEAD", signature, signature, nullptr, "initial", tree, 0) != 0) {
        error = QStringLiteral("commit failed");
    }
    git_tree_free(tree);
    git_signature_free(signature);
    git_index_free(index);
    git_config_free(config);
    git_repository_free(repo);
    return error;
}

// The Review dock's working tree status: "<state> <path>" per row.
QStringList gitStatus(const ReviewView *review)
{
    QStringList out;
    for (const GitFileStatus &entry : review->gitStatus()->entries()) {
        out << gitFileStateName(entry.state) + QLatin1Char(' ') + entry.path;
    }
    return out;
}

// numberedCrlfLines(30) with hunk 0 of twoHunkNotesPatch() (line 5) accepted, hunk 1 rejected.
QByteArray reviewedNotes()
{
    QByteArray reviewed = numberedCrlfLines(30);
    reviewed.replace("line 5\r\n", "FIVE\r\n");
    return reviewed;
}

// With the keyboard: accept hunk 0, reject hunk 1, apply; waits for the run to finish.
void acceptFirstRejectSecond(ReviewView *review, const Sandcastle::Ui::RunController *controller)
{
    QTRY_VERIFY_WITH_TIMEOUT(review->isPending(), kRunTimeoutMs);
    Sandcastle::Ui::DiffView *diff = review->diffView();
    diff->setFocus();
    QTRY_VERIFY(diff->hasFocus());
    QTest::keyClick(diff, Qt::Key_A);
    QTest::keyClick(diff, Qt::Key_R);
    QTest::keyClick(diff, Qt::Key_Return, Qt::AltModifier);
    QTRY_COMPARE_WITH_TIMEOUT(controller->state(), Sandcastle::Ui::RunController::State::Finished, kRunTimeoutMs);
}

// "Commit accepted changes…": the dialog shows `author` and a message naming `path`; `message` is committed.
void commitThroughDialog(MainWindow &window, const QString &author, const QString &path, const QString &message)
{
    auto *commitAction = reviewChild<QAction>(window, "reviewCommitAction");
    QTRY_VERIFY(commitAction->isEnabled());
    commitAction->trigger();
    QDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<QDialog *>(QStringLiteral("commitDialog"))) && dialog->isVisible());
    auto *label = dialog->findChild<QLabel *>(QStringLiteral("commitAuthorLabel"));
    QVERIFY(label);
    QTRY_COMPARE_WITH_TIMEOUT(label->text(), author, 10000);
    auto *edit = dialog->findChild<QPlainTextEdit *>(QStringLiteral("commitMessageEdit"));
    QVERIFY(edit);
    QVERIFY2(edit->toPlainText().contains(path), qPrintable(edit->toPlainText()));
    edit->setPlainText(message);
    auto *buttons = dialog->findChild<QDialogButtonBox *>();
    QVERIFY(buttons);
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(
        reviewChild<QLabel>(window, "reviewMessage")->text().startsWith(QLatin1String("Committed ")), 10000);
}

} // namespace

class tst_ReviewGit : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;
    QTemporaryDir m_workspace;
    QTemporaryDir m_out;

    QString notesPath() const { return m_workspace.filePath(QStringLiteral("notes.txt")); }

private Q_SLOTS:
    void initTestCase()
    {
        // No global git identity: only the repository's own config names the author.
        QVERIFY(m_home.isValid() && m_workspace.isValid() && m_out.isValid());
        qputenv("HOME", m_home.path().toUtf8());
        qputenv("XDG_CONFIG_HOME", m_home.path().toUtf8());
        qputenv("GIT_CONFIG_NOSYSTEM", "1");
        QApplication::setAttribute(Qt::AA_DontUseNativeDialogs);
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_home.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_home.path());
        if (QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty()) {
            QSKIP("the git command line (to check the results) is not installed here");
        }
        git_libgit2_init();
        const QString made = makeRepository(m_workspace.path(), numberedCrlfLines(30));
        git_libgit2_shutdown();
        QVERIFY2(made.isEmpty(), qPrintable(made));
    }

    void reviewedRun_exportAppliesInCleanClone_commitHoldsOnlyAcceptedHunk()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(itemsTurn(
            {customToolCallItem(QStringLiteral("apply_patch"), twoHunkNotesPatch(), QStringLiteral("call_g"))}));
        server.enqueue(itemsTurn({messageItem(QStringLiteral("done"))}));
        MainWindow window;
        auto *review = window.findChild<ReviewView *>(QStringLiteral("reviewView"));
        auto *controller = window.findChild<Sandcastle::Ui::RunController *>(QStringLiteral("runController"));
        QVERIFY(review && controller);
        startReviewRun(window, m_workspace.path(), server, true);
        QVERIFY(!QTest::currentTestFailed());
        QTRY_VERIFY(review->findChild<QWidget *>(QStringLiteral("reviewGitStatusList"))->isVisible());

        acceptFirstRejectSecond(review, controller);
        QVERIFY(!QTest::currentTestFailed());
        const QByteArray reviewed = reviewedNotes();
        QCOMPARE(readTestFile(notesPath()), reviewed);
        QTRY_VERIFY_WITH_TIMEOUT(
            review->document() && review->document()->changeSet().status == ChangeSetStatus::Reviewed, 5000);
        // The working tree status followed the decided change set.
        QTRY_VERIFY_WITH_TIMEOUT(gitStatus(review).contains(QStringLiteral("modified notes.txt")), 10000);
        auto *message = reviewChild<QLabel>(window, "reviewMessage");

        // Export as patch: the save dialog, a file name, accepted.
        auto *exportAction = reviewChild<QAction>(window, "reviewExportAction");
        QVERIFY(exportAction->isEnabled());
        exportAction->trigger();
        QFileDialog *save = nullptr;
        QTRY_VERIFY((save = window.findChild<QFileDialog *>(QStringLiteral("reviewExportDialog"))) &&
                    save->isVisible());
        const QString patchPath = m_out.filePath(QStringLiteral("reviewed.patch"));
        save->selectFile(patchPath);
        static_cast<QDialog *>(save)->accept(); // QFileDialog::accept(), protected there
        QTRY_VERIFY_WITH_TIMEOUT(message->text().startsWith(QLatin1String("Patch saved to")), 5000);

        // A clean clone (HEAD is still the original) takes it, and gets exactly the reviewed file.
        const QString clone = m_out.filePath(QStringLiteral("clone"));
        const GitResult cloned =
            git(m_out.path(), {QStringLiteral("clone"), QStringLiteral("-q"), m_workspace.path(), clone});
        QVERIFY2(cloned.exitCode == 0, cloned.err.constData());
        const GitResult check = git(clone, {QStringLiteral("apply"), QStringLiteral("--check"), patchPath});
        QVERIFY2(check.exitCode == 0, check.err.constData());
        const GitResult applied = git(clone, {QStringLiteral("apply"), patchPath});
        QVERIFY2(applied.exitCode == 0, applied.err.constData());
        QCOMPARE(readTestFile(clone + QStringLiteral("/notes.txt")), reviewed);

        // Commit accepted changes: the dialog shows the author from git config; the message is edited.
        commitThroughDialog(window, QStringLiteral("Author: Rev Iewer <rev@example.org>"), QStringLiteral("notes.txt"),
                            QStringLiteral("Take FIVE, keep line 25"));
        QVERIFY(!QTest::currentTestFailed());

        const GitResult log = git(m_workspace.path(), {QStringLiteral("log"), QStringLiteral("-1"),
                                                       QStringLiteral("--format=%an <%ae>|%cn|%s")});
        QCOMPARE(QString::fromUtf8(log.out).trimmed(), QStringLiteral("Rev Iewer <rev@example.org>|Rev Iewer|Take "
                                                                      "FIVE, keep line 25"));
        QVERIFY(message->text().contains(QString::fromUtf8(
            git(m_workspace.path(), {QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).out.left(10))));
        const GitResult files =
            git(m_workspace.path(), {QStringLiteral("diff-tree"), QStringLiteral("--no-commit-id"),
                                     QStringLiteral("--name-only"), QStringLiteral("-r"), QStringLiteral("HEAD")});
        QCOMPARE(files.out, QByteArray("notes.txt\n"));
        const GitResult blob = git(m_workspace.path(), {QStringLiteral("show"), QStringLiteral("HEAD:notes.txt")});
        QCOMPARE(blob.out, reviewed); // the accepted hunk only, CRLF kept
        QTRY_VERIFY_WITH_TIMEOUT(!gitStatus(review).join(QLatin1Char('\n')).contains(QLatin1String("notes.txt")),
                                 10000);
    }

    void gitRepoEntry_commitGoesIntoItsKeptClone()
    {
        // A workspace that is no repository; its git_repo entry "vendor" holds notes.txt.
        QTemporaryDir source;
        QTemporaryDir tmp;
        QVERIFY(makeGitRepository(source.path(), {{QStringLiteral("notes.txt"), numberedCrlfLines(30)}}));
        const QString ws = tmp.filePath(QStringLiteral("ws"));
        QString why;
        QVERIFY2(materializeManifestText(
                     tmp.path(),
                     QStringLiteral("{\"entries\":{\"vendor\":{\"type\":\"git_repo\",\"repo\":\"file://%1\"}}}")
                         .arg(source.path()),
                     ws, &why),
                 qPrintable(why));
        const QString gitDir = GitChanges::entryRepositories(ws).value(0).gitDir;
        QVERIFY(!gitDir.isEmpty());
        const QString gitDirArg = QStringLiteral("--git-dir=") + gitDir;
        QCOMPARE(git(ws, {gitDirArg, QStringLiteral("config"), QStringLiteral("user.name"), QStringLiteral("Ent Ry")})
                     .exitCode,
                 0);
        QCOMPARE(git(ws, {gitDirArg, QStringLiteral("config"), QStringLiteral("user.email"),
                          QStringLiteral("entry@example.org")})
                     .exitCode,
                 0);
        const QByteArray exported = git(ws, {gitDirArg, QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).out;

        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(itemsTurn({customToolCallItem(
            QStringLiteral("apply_patch"),
            twoHunkNotesPatch().replace(QStringLiteral("File: notes.txt"), QStringLiteral("File: vendor/notes.txt")),
            QStringLiteral("call_e"))}));
        server.enqueue(itemsTurn({messageItem(QStringLiteral("done"))}));
        MainWindow window;
        auto *review = window.findChild<ReviewView *>(QStringLiteral("reviewView"));
        auto *controller = window.findChild<Sandcastle::Ui::RunController *>(QStringLiteral("runController"));
        QVERIFY(review && controller);
        startReviewRun(window, ws, server, true);
        QVERIFY(!QTest::currentTestFailed());
        QTRY_VERIFY(review->findChild<QWidget *>(QStringLiteral("reviewGitStatusList"))->isVisible());

        acceptFirstRejectSecond(review, controller);
        QVERIFY(!QTest::currentTestFailed());
        const QByteArray reviewed = reviewedNotes();
        QCOMPARE(readTestFile(ws + QStringLiteral("/vendor/notes.txt")), reviewed);
        QTRY_VERIFY_WITH_TIMEOUT(gitStatus(review).contains(QStringLiteral("modified vendor/notes.txt")), 10000);

        // The dialog names the clone's author; the commit lands in the clone, on top of the exported commit.
        commitThroughDialog(window, QStringLiteral("Author in vendor: Ent Ry <entry@example.org>"),
                            QStringLiteral("vendor/notes.txt"), QStringLiteral("Vendor: take FIVE"));
        QVERIFY(!QTest::currentTestFailed());
        auto *message = reviewChild<QLabel>(window, "reviewMessage");

        const GitResult head = git(ws, {gitDirArg, QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
        QCOMPARE(message->text(), QStringLiteral("Committed %1 in vendor").arg(QString::fromUtf8(head.out.left(10))));
        const GitResult log = git(ws, {gitDirArg, QStringLiteral("log"), QStringLiteral("-1"),
                                       QStringLiteral("--format=%an <%ae>|%cn|%s|%P")});
        QCOMPARE(QString::fromUtf8(log.out).trimmed(),
                 QStringLiteral("Ent Ry <entry@example.org>|Ent Ry|Vendor: take FIVE|") +
                     QString::fromUtf8(exported).trimmed());
        QCOMPARE(git(ws, {gitDirArg, QStringLiteral("show"), QStringLiteral("HEAD:notes.txt")}).out, reviewed);
        QTRY_VERIFY_WITH_TIMEOUT(gitStatus(review).isEmpty(), 10000);
    }
};

QTEST_MAIN(tst_ReviewGit)
#include "tst_reviewgit.moc"
