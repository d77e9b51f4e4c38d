// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// `sandcastle run --patch-review` and `sandcastle changes list|show|revert` as scripts use them:
// the real binary, a scripted model server, a real workspace and journal.
#include "sandcastle/core/journal/runjournal.h"

#include "clirun.h"
#include "resultverify.h"
#include "scriptedmodelserver.h"
#include "testenv.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;
using namespace Sandcastle::Test;

namespace {

const QByteArray s_original = "alpha\r\nbeta\r\ngamma\r\ndelta\r\nepsilon\r\nzeta\r\neta\r\ntheta\r\niota\r\nkappa";

const QString s_patch = QStringLiteral("*** Begin Patch\n*** Update File: g.txt\n@@\n-beta\n+BETA\n@@\n iota\n"
                                       "-kappa\n+KAPPA\n*** End of File\n*** End Patch\n");

} // namespace

class TestChangesCli : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;

    CliRun runPatch(ScriptedModelServer &server, const QString &workspace, const QString &mode, const QString &approve)
    {
        server.enqueue(toolTurn(customToolCallItem(QStringLiteral("apply_patch"), s_patch, QStringLiteral("call_g"))));
        server.enqueue(answerTurn(QStringLiteral("edited")));
        const QString events = workspace + QStringLiteral(".events.jsonl");
        return runSandcastle({QStringLiteral("run"),
                              QStringLiteral("--workspace"),
                              workspace,
                              QStringLiteral("--confine"),
                              QStringLiteral("none"),
                              QStringLiteral("--capabilities"),
                              QStringLiteral("filesystem"),
                              QStringLiteral("--base-url"),
                              server.baseUrl().toString(),
                              QStringLiteral("--model"),
                              QStringLiteral("scripted"),
                              QStringLiteral("--state"),
                              workspace + QStringLiteral(".sqlite"),
                              QStringLiteral("--events"),
                              events,
                              QStringLiteral("--patch-review"),
                              mode,
                              QStringLiteral("--approve"),
                              approve,
                              QStringLiteral("edit g.txt")},
                             events, 60000, &server);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void run_writeThenReview_listShowRevertHunk()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        const QString ws = m_tmp.filePath(QStringLiteral("a"));
        QVERIFY(writeTestFile(ws + QStringLiteral("/g.txt"), s_original));
        const CliRun run = runPatch(server, ws, QStringLiteral("write_then_review"), QStringLiteral("auto"));
        QVERIFY2(run.finished && run.exitCode == 0, qPrintable(run.describe()));
        const QList<QJsonObject> recorded = run.eventsOfType(QStringLiteral("change_set_recorded"));
        QCOMPARE(recorded.size(), 1);
        const QString id =
            recorded.first().value(QStringLiteral("data")).toObject().value(QStringLiteral("change_set_id")).toString();
        const QString state = ws + QStringLiteral(".sqlite");

        const CliRun list =
            runSandcastle({QStringLiteral("changes"), QStringLiteral("list"), QStringLiteral("--state"), state});
        QVERIFY2(list.exitCode == 0, qPrintable(list.describe()));
        QCOMPARE(list.out, QStringLiteral("%1  turn 1  apply_patch  applied  call_g\n"
                                          "    0 update g.txt +2 -2 (2 hunks)\n")
                               .arg(id));

        const CliRun show = runSandcastle(
            {QStringLiteral("changes"), QStringLiteral("show"), id.left(8), QStringLiteral("--state"), state});
        QVERIFY2(show.exitCode == 0, qPrintable(show.describe()));
        QCOMPARE(show.out,
                 QStringLiteral("change set %1 (apply_patch, applied, turn 1, call call_g)\n"
                                "diff --git a/g.txt b/g.txt\n"
                                "--- a/g.txt\n+++ b/g.txt\n"
                                "@@ -1,5 +1,5 @@\n alpha\r\n-beta\r\n+BETA\r\n gamma\r\n delta\r\n epsilon\r\n"
                                "@@ -7,4 +7,4 @@\n eta\r\n theta\r\n iota\r\n-kappa\n"
                                "\\ No newline at end of file\n+KAPPA\n\\ No newline at end of file\n")
                     .arg(id));

        const CliRun revert = runSandcastle(
            {QStringLiteral("changes"), QStringLiteral("revert"), id, QStringLiteral("--file"), QStringLiteral("g.txt"),
             QStringLiteral("--hunk"), QStringLiteral("1"), QStringLiteral("--state"), state});
        QVERIFY2(revert.exitCode == 0, qPrintable(revert.describe()));
        QByteArray expected = s_original;
        expected.replace("beta\r\n", "BETA\r\n");
        QCOMPARE(readTestFile(ws + QStringLiteral("/g.txt")), expected);

        // The file changes under hunk 0: reverting it is a conflict and writes nothing.
        QByteArray edited = expected;
        edited.replace("BETA", "Beta by hand");
        QVERIFY(writeTestFile(ws + QStringLiteral("/g.txt"), edited));
        const CliRun conflict =
            runSandcastle({QStringLiteral("changes"), QStringLiteral("revert"), id, QStringLiteral("--state"), state});
        QCOMPARE(conflict.exitCode, 1);
        QVERIFY2(conflict.err.contains(QStringLiteral("conflict, nothing was reverted")), qPrintable(conflict.err));
        QCOMPARE(readTestFile(ws + QStringLiteral("/g.txt")), edited);

        RunJournal journal;
        SC_VERIFY_OK(journal.openExisting(state));
        const auto reverts = journal.reverts(id);
        SC_VERIFY_OK(reverts);
        QCOMPARE(reverts->size(), 2);
        QCOMPARE(reverts->at(0).status, QStringLiteral("reverted"));
        QCOMPARE(reverts->at(1).status, QStringLiteral("conflict"));
    }

    void run_reviewBeforeWriteHeadless_acceptedWholeAfterReview()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        const QString ws = m_tmp.filePath(QStringLiteral("b"));
        QVERIFY(writeTestFile(ws + QStringLiteral("/g.txt"), s_original));
        const CliRun run = runPatch(server, ws, QStringLiteral("review_before_write"), QStringLiteral("auto"));
        QVERIFY2(run.finished && run.exitCode == 0, qPrintable(run.describe()));
        QByteArray expected = s_original;
        expected.replace("beta\r\n", "BETA\r\n").replace("kappa", "KAPPA");
        QCOMPARE(readTestFile(ws + QStringLiteral("/g.txt")), expected);
        QCOMPARE(run.eventsOfType(QStringLiteral("patch_review_requested")).size(), 1);
        const QList<QJsonObject> decided = run.eventsOfType(QStringLiteral("patch_review_decided"));
        QCOMPARE(decided.size(), 1);
        QCOMPARE(decided.first().value(QStringLiteral("data")).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("reviewed"));
        const QString output = toolOutputs(server.requests().at(1)).value(QStringLiteral("call_g"));
        QCOMPARE(output, QStringLiteral("Success. Updated the following files:\n"
                                        "M g.txt\n"
                                        "The user reviewed this patch: applied 2 of 2 hunks, rejected 0.\n"
                                        "Applied:\n"
                                        "- g.txt hunk 0 @@ -1,5 +1,5 @@\n"
                                        "- g.txt hunk 1 @@ -7,4 +7,4 @@\n"));
    }

    void changes_badInput_exit2()
    {
        const CliRun noState = runSandcastle({QStringLiteral("changes"), QStringLiteral("list")});
        QCOMPARE(noState.exitCode, 2);
        const CliRun badMode = runSandcastle({QStringLiteral("run"), QStringLiteral("--patch-review"),
                                              QStringLiteral("sometimes"), QStringLiteral("x")});
        QCOMPARE(badMode.exitCode, 2);
        QVERIFY2(
            badMode.err.contains(QStringLiteral("--patch-review must be write_then_review or review_before_write")),
            qPrintable(badMode.err));
    }
};

QTEST_GUILESS_MAIN(TestChangesCli)
#include "tst_changescli.moc"
