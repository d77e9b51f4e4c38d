// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "resultverify.h"
#include "testenv.h"

#include "sandcastle/core/journal/runjournal.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Sandcastle::Core;
using Sandcastle::Test::readTestFile;
using Sandcastle::Test::writeTestFile;

namespace {

QJsonObject message(const QString &role, const QString &text)
{
    return {{QStringLiteral("type"), QStringLiteral("message")},
            {QStringLiteral("role"), role},
            {QStringLiteral("content"), text}};
}

JournalRun newRun(const QString &id)
{
    JournalRun run;
    run.id = id;
    run.prompt = QStringLiteral("list the files");
    run.config = {{QStringLiteral("version"), 1}, {QStringLiteral("workspace"), QStringLiteral("/tmp/ws")}};
    return run;
}

} // namespace

class tst_RunJournal : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void roundTrip_runItemsToolCallsUsageOutcome_survivesReopen()
    {
        const QString path = m_dir.filePath(QStringLiteral("a/journal.sqlite"));
        {
            RunJournal journal;
            SC_VERIFY_OK(journal.open(path));
            SC_VERIFY_OK(journal.beginRun(newRun(QStringLiteral("run_1"))));
            SC_VERIFY_OK(
                journal.appendItems(QStringLiteral("run_1"), {message(QStringLiteral("user"), QStringLiteral("hi"))}));
            const QJsonObject call{{QStringLiteral("type"), QStringLiteral("function_call")},
                                   {QStringLiteral("call_id"), QStringLiteral("c1")},
                                   {QStringLiteral("name"), QStringLiteral("exec_command")},
                                   {QStringLiteral("arguments"), QStringLiteral("{\"cmd\":\"ls\"}")}};
            SC_VERIFY_OK(journal.appendItems(QStringLiteral("run_1"), {call}));
            SC_VERIFY_OK(journal.recordToolCall(QStringLiteral("run_1"), QStringLiteral("c1"),
                                                QStringLiteral("exec_command"), QStringLiteral("started")));
            const QJsonObject output{{QStringLiteral("type"), QStringLiteral("function_call_output")},
                                     {QStringLiteral("call_id"), QStringLiteral("c1")},
                                     {QStringLiteral("output"), QStringLiteral("a.txt")}};
            SC_VERIFY_OK(journal.recordToolOutput(QStringLiteral("run_1"), QStringLiteral("c1"), output));
            // A later "started" for a finished call (a resume re-announces it) does not undo "done".
            SC_VERIFY_OK(journal.recordToolCall(QStringLiteral("run_1"), QStringLiteral("c1"),
                                                QStringLiteral("exec_command"), QStringLiteral("started")));
            SC_VERIFY_OK(journal.updateProgress(QStringLiteral("run_1"), 2, {{QStringLiteral("total_tokens"), 42}}));
            SC_VERIFY_OK(journal.setSessionState(QStringLiteral("run_1"),
                                                 {{QStringLiteral("backend"), QStringLiteral("docker")}}));
            SC_VERIFY_OK(journal.recordSnapshot(QStringLiteral("run_1"), 1, QStringLiteral("snap_a")));
            SC_VERIFY_OK(
                journal.finishRun(QStringLiteral("run_1"), QStringLiteral("done"), QStringLiteral("two files"), {}));
        }
        RunJournal journal;
        SC_VERIFY_OK(journal.openExisting(path));
        const Result<QString> last = journal.lastRunId();
        SC_VERIFY_OK(last);
        QCOMPARE(*last, QStringLiteral("run_1"));
        const Result<JournalRunState> state = journal.loadRun(QStringLiteral("run_1"));
        SC_VERIFY_OK(state);
        QCOMPARE(state->run.status, QStringLiteral("done"));
        QCOMPARE(state->run.finalOutput, QStringLiteral("two files"));
        QCOMPARE(state->run.turns, 2);
        QCOMPARE(state->run.usage.value(QStringLiteral("total_tokens")).toInt(), 42);
        QCOMPARE(state->run.sessionState.value(QStringLiteral("backend")).toString(), QStringLiteral("docker"));
        QCOMPARE(state->run.config.value(QStringLiteral("workspace")).toString(), QStringLiteral("/tmp/ws"));
        QCOMPARE(state->history.size(), 2);
        QCOMPARE(state->history.at(1).toObject().value(QStringLiteral("call_id")).toString(), QStringLiteral("c1"));
        QCOMPARE(state->toolCalls.size(), 1);
        QCOMPARE(state->toolCalls.first().status, QStringLiteral("done"));
        QCOMPARE(state->toolCalls.first().outputItem.value(QStringLiteral("output")).toString(),
                 QStringLiteral("a.txt"));
        QCOMPARE(journal.snapshots(QStringLiteral("run_1")).value(), QStringList{QStringLiteral("snap_a")});
    }

    void recordEvent_capabilityIssues_numberedPerRunAndKeptOverReopen()
    {
        const QString path = m_dir.filePath(QStringLiteral("events/journal.sqlite"));
        const auto issue = [](const QString &runId, const QString &file) {
            RunEvent e;
            e.kind = RunEvent::Kind::CapabilityIssue;
            e.runId = runId;
            e.turn = 2;
            e.time = QDateTime(QDate(2026, 3, 14), QTime(15, 9, 26, 535), QTimeZone::UTC);
            e.data = {{QStringLiteral("capability"), QStringLiteral("skills")},
                      {QStringLiteral("file"), file},
                      {QStringLiteral("reason"), QStringLiteral("the skill folder has no SKILL.md")}};
            return e;
        };
        {
            RunJournal journal;
            SC_VERIFY_OK(journal.open(path));
            SC_VERIFY_OK(journal.recordEvent(issue(QStringLiteral("run_a"), QStringLiteral(".agents/one"))));
            SC_VERIFY_OK(journal.recordEvent(issue(QStringLiteral("run_b"), QStringLiteral(".agents/other"))));
            SC_VERIFY_OK(journal.recordEvent(issue(QStringLiteral("run_a"), QStringLiteral(".agents/two"))));
        }
        RunJournal journal;
        SC_VERIFY_OK(journal.openExisting(path));
        const auto events = journal.events(QStringLiteral("run_a"));
        SC_VERIFY_OK(events);
        QCOMPARE(events->size(), 2);
        QCOMPARE(events->at(0).toJson(), issue(QStringLiteral("run_a"), QStringLiteral(".agents/one")).toJson());
        QCOMPARE(events->at(1).data.value(QStringLiteral("file")).toString(), QStringLiteral(".agents/two"));
        const auto none = journal.events(QStringLiteral("run_c"));
        SC_VERIFY_OK(none);
        QVERIFY(none->isEmpty());
    }

    void openExisting_badFiles_preciseErrorAndFileUntouched_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("text file") << QByteArray("{\"runs\": []}\n") << QStringLiteral("not an SQLite database");
        QTest::newRow("empty file") << QByteArray() << QStringLiteral("the journal is empty");
        QByteArray truncated("SQLite format 3\0", 16);
        truncated.append(QByteArray(200, '\x01'));
        QTest::newRow("truncated database") << truncated << QStringLiteral("journal");
    }

    void openExisting_badFiles_preciseErrorAndFileUntouched()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const QString path = m_dir.filePath(
            QStringLiteral("bad-%1.sqlite").arg(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-')));
        QVERIFY(writeTestFile(path, content));
        RunJournal journal;
        const Result<void> opened = journal.openExisting(path);
        QVERIFY(!opened);
        QVERIFY2(opened.error().message.startsWith(path), qPrintable(opened.error().message));
        QVERIFY2(opened.error().message.contains(expected), qPrintable(opened.error().message));
        QCOMPARE(readTestFile(path), content);
        QVERIFY(!journal.isOpen());
    }

    void openExisting_missingFile_notFoundAndNothingCreated()
    {
        RunJournal journal;
        const QString missing = m_dir.filePath(QStringLiteral("missing.sqlite"));
        const Result<void> opened = journal.openExisting(missing);
        QVERIFY(!opened);
        QCOMPARE(opened.error().code, ErrorCode::NotFound);
        QVERIFY(!QFile::exists(missing));
    }

    void open_someoneElsesDatabase_isRefusedAndUntouched()
    {
        const QString path = m_dir.filePath(QStringLiteral("other.sqlite"));
        QVERIFY(runSql(path, QStringLiteral("CREATE TABLE contacts(name TEXT)")));
        const QByteArray before = readTestFile(path);
        RunJournal journal;
        const Result<void> opened = journal.open(path);
        QVERIFY(!opened);
        QVERIFY2(opened.error().message.contains(QLatin1String("not a Sandcastle journal (tables: contacts)")),
                 qPrintable(opened.error().message));
        QCOMPARE(readTestFile(path), before);
    }

    void loadRun_corruptItem_namesRunAndItem()
    {
        const QString path = m_dir.filePath(QStringLiteral("corrupt-item.sqlite"));
        RunJournal journal;
        SC_VERIFY_OK(journal.open(path));
        SC_VERIFY_OK(journal.beginRun(newRun(QStringLiteral("run_x"))));
        SC_VERIFY_OK(
            journal.appendItems(QStringLiteral("run_x"), {message(QStringLiteral("user"), QStringLiteral("a"))}));
        journal.close();
        // Damage one stored item behind the journal's back.
        QVERIFY(runSql(path, QStringLiteral("UPDATE items SET item = '{broken' WHERE seq = 1")));
        SC_VERIFY_OK(journal.openExisting(path));
        const Result<JournalRunState> state = journal.loadRun(QStringLiteral("run_x"));
        QVERIFY(!state);
        QVERIFY2(state.error().message.contains(QLatin1String("run run_x item 1 is not a JSON object")),
                 qPrintable(state.error().message));
    }

    void append_manySteps_loadBackInOrder()
    {
        // Not a timing assertion (figures live in benchmarks): it proves 200 committed steps work.
        const QString path = m_dir.filePath(QStringLiteral("many.sqlite"));
        RunJournal journal;
        SC_VERIFY_OK(journal.open(path));
        SC_VERIFY_OK(journal.beginRun(newRun(QStringLiteral("run_m"))));
        for (int i = 0; i < 200; ++i) {
            SC_VERIFY_OK(
                journal.appendItems(QStringLiteral("run_m"), {message(QStringLiteral("user"), QString::number(i))}));
        }
        const Result<JournalRunState> state = journal.loadRun(QStringLiteral("run_m"));
        SC_VERIFY_OK(state);
        QCOMPARE(state->history.size(), 200);
        QCOMPARE(state->history.last().toObject().value(QStringLiteral("content")).toString(), QStringLiteral("199"));
    }

private:
    static bool runSql(const QString &path, const QString &sql);
};

bool tst_RunJournal::runSql(const QString &path, const QString &sql)
{
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(path);
        ok = db.open() && QSqlQuery(db).exec(sql);
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    return ok;
}

QTEST_GUILESS_MAIN(tst_RunJournal)
#include "tst_runjournal.moc"
