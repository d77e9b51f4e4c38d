// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Resume (issue 7): which journal runs have work left, and how a journaled conversation is
// replayed into the transcript's steps.
#include "conversationreplay.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using Sandcastle::Core::JournalRunState;
using Sandcastle::Core::RunEvent;
using Sandcastle::Ui::ConversationReplay;

namespace {

QJsonObject user(const QString &text)
{
    return {{QStringLiteral("type"), QStringLiteral("message")},
            {QStringLiteral("role"), QStringLiteral("user")},
            {QStringLiteral("content"), text}};
}

QJsonObject assistant(const QString &text)
{
    return {{QStringLiteral("type"), QStringLiteral("message")},
            {QStringLiteral("role"), QStringLiteral("assistant")},
            {QStringLiteral("id"), QStringLiteral("msg_1")},
            {QStringLiteral("content"), QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("output_text")},
                                                               {QStringLiteral("text"), text}}}}};
}

QJsonObject call(const QString &callId)
{
    return {{QStringLiteral("type"), QStringLiteral("function_call")},
            {QStringLiteral("call_id"), callId},
            {QStringLiteral("name"), QStringLiteral("exec_command")},
            {QStringLiteral("arguments"), QStringLiteral("{\"cmd\":\"ls\"}")}};
}

QJsonObject output(const QString &callId, const QString &text)
{
    return {{QStringLiteral("type"), QStringLiteral("function_call_output")},
            {QStringLiteral("call_id"), callId},
            {QStringLiteral("output"), text}};
}

JournalRunState state(const QString &status, const QJsonArray &history)
{
    JournalRunState s;
    s.run.id = QStringLiteral("run_1");
    s.run.status = status;
    s.history = history;
    return s;
}

} // namespace

class tst_ConversationReplay : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hasUnfinishedWork_data()
    {
        QTest::addColumn<QString>("status");
        QTest::addColumn<QJsonArray>("history");
        QTest::addColumn<bool>("unfinished");
        const QJsonArray askedOnly{user(QStringLiteral("task"))};
        const QJsonArray openCall{user(QStringLiteral("task")), call(QStringLiteral("c1"))};
        const QJsonArray answeredCall{user(QStringLiteral("task")), call(QStringLiteral("c1")),
                                      output(QStringLiteral("c1"), QStringLiteral("a b"))};
        const QJsonArray answered{user(QStringLiteral("task")), assistant(QStringLiteral("done"))};
        QTest::newRow("done") << QStringLiteral("done") << askedOnly << false;
        QTest::newRow("max turns") << QStringLiteral("max_turns") << openCall << false;
        QTest::newRow("cancelled in the model call") << QStringLiteral("cancelled") << askedOnly << true;
        QTest::newRow("crashed with an open call") << QStringLiteral("running") << openCall << true;
        QTest::newRow("failed after tool outputs") << QStringLiteral("failed") << answeredCall << true;
        QTest::newRow("cancelled after the answer") << QStringLiteral("cancelled") << answered << false;
        QTest::newRow("nothing recorded") << QStringLiteral("failed") << QJsonArray() << false;
    }
    void hasUnfinishedWork()
    {
        QFETCH(QString, status);
        QFETCH(QJsonArray, history);
        QFETCH(bool, unfinished);
        QCOMPARE(ConversationReplay::hasUnfinishedWork(state(status, history)), unfinished);
    }

    void fromHistory_replaysMessagesCallsAndResults()
    {
        const QJsonObject reasoning{
            {QStringLiteral("type"), QStringLiteral("reasoning")},
            {QStringLiteral("id"), QStringLiteral("rs_1")},
            {QStringLiteral("summary"), QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("summary_text")},
                                                               {QStringLiteral("text"), QStringLiteral("thinking")}}}}};
        const QJsonObject system{{QStringLiteral("type"), QStringLiteral("message")},
                                 {QStringLiteral("role"), QStringLiteral("developer")},
                                 {QStringLiteral("content"), QStringLiteral("hidden")}};
        const QJsonArray history{system,
                                 user(QStringLiteral("task")),
                                 reasoning,
                                 call(QStringLiteral("c1")),
                                 output(QStringLiteral("c1"), QStringLiteral("a b")),
                                 assistant(QStringLiteral("answer")),
                                 call(QStringLiteral("c2"))};
        const auto steps = ConversationReplay::fromHistory(history, QStringLiteral("run_1"));
        QCOMPARE(steps.size(), 6);
        QCOMPARE(steps.at(0).userMessage.value_or(QString()), QStringLiteral("task"));
        QCOMPARE(steps.at(1).event.kind, RunEvent::Kind::ReasoningDelta);
        QCOMPARE(steps.at(1).event.data.value(QStringLiteral("delta")).toString(), QStringLiteral("thinking"));
        QCOMPARE(steps.at(2).event.kind, RunEvent::Kind::ToolCall);
        QCOMPARE(steps.at(2).event.runId, QStringLiteral("run_1"));
        QCOMPARE(steps.at(2).event.data.value(QStringLiteral("call_id")).toString(), QStringLiteral("c1"));
        QCOMPARE(steps.at(2).event.data.value(QStringLiteral("arguments")).toString(),
                 QStringLiteral("{\"cmd\":\"ls\"}"));
        QCOMPARE(steps.at(3).event.kind, RunEvent::Kind::ToolResult);
        QCOMPARE(steps.at(3).event.data.value(QStringLiteral("name")).toString(), QStringLiteral("exec_command"));
        QCOMPARE(steps.at(3).event.data.value(QStringLiteral("output")).toString(), QStringLiteral("a b"));
        QCOMPARE(steps.at(4).event.kind, RunEvent::Kind::MessageOutput);
        QCOMPARE(steps.at(4).event.data.value(QStringLiteral("text")).toString(), QStringLiteral("answer"));
        QCOMPARE(steps.at(5).event.kind, RunEvent::Kind::ToolCall);
        QVERIFY(!steps.at(5).userMessage);
    }
};

QTEST_GUILESS_MAIN(tst_ConversationReplay)
#include "tst_conversationreplay.moc"
