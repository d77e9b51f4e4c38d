// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// ConversationModel: RunEvents to transcript rows (deltas grow a row, tool calls carry their
// approval and result, usage and the run's end append).
#include "runeventmaker.h"
#include "sandcastle/ui/conversationmodel.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

using Sandcastle::Core::RunEvent;
using Sandcastle::Test::makeEvent;
using Sandcastle::Ui::ConversationModel;

class tst_ConversationModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void addEvent_textDeltas_growOneRow()
    {
        ConversationModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addUserMessage(QStringLiteral("hi"));
        for (const char *delta : {"Hel", "lo ", "world"}) {
            model.addEvent(
                makeEvent(RunEvent::Kind::TextDelta, {{QStringLiteral("item_id"), QStringLiteral("m1")},
                                                      {QStringLiteral("delta"), QString::fromLatin1(delta)}}));
        }
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(1).data().toString(), QStringLiteral("Hello world"));
        model.addEvent(
            makeEvent(RunEvent::Kind::MessageOutput, {{QStringLiteral("item_id"), QStringLiteral("m1")},
                                                      {QStringLiteral("text"), QStringLiteral("Hello world!")}}));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(1).data().toString(), QStringLiteral("Hello world!"));
        QCOMPARE(model.index(1).data(ConversationModel::KindRole).toInt(),
                 int(ConversationModel::EntryKind::Assistant));
    }

    void addEvent_toolCallLifecycle_updatesTheCallRow()
    {
        ConversationModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addEvent(makeEvent(RunEvent::Kind::ToolCall,
                                 {{QStringLiteral("call_id"), QStringLiteral("c1")},
                                  {QStringLiteral("name"), QStringLiteral("exec_command")},
                                  {QStringLiteral("kind"), QStringLiteral("function")},
                                  {QStringLiteral("arguments"), QStringLiteral("{\"cmd\":\"ls -la\"}")}}));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.rowOfCall(QStringLiteral("c1")), 0);
        QVERIFY2(model.index(0).data().toString().contains(QLatin1String("exec_command  ls -la")),
                 qPrintable(model.index(0).data().toString()));
        model.addEvent(
            makeEvent(RunEvent::Kind::ApprovalRequested, {{QStringLiteral("call_id"), QStringLiteral("c1")},
                                                          {QStringLiteral("name"), QStringLiteral("exec_command")}}));
        QCOMPARE(model.index(0).data(ConversationModel::ApprovalRole).toInt(),
                 int(ConversationModel::Approval::Pending));
        model.addEvent(makeEvent(RunEvent::Kind::ApprovalDecided, {{QStringLiteral("call_id"), QStringLiteral("c1")},
                                                                   {QStringLiteral("approved"), false}}));
        QCOMPARE(model.index(0).data(ConversationModel::ApprovalRole).toInt(),
                 int(ConversationModel::Approval::Denied));
        QVERIFY(!model.index(0).data(ConversationModel::ResultRole).isValid());
        const QString longOutput = QString(5000, QLatin1Char('x'));
        model.addEvent(makeEvent(RunEvent::Kind::ToolResult, {{QStringLiteral("call_id"), QStringLiteral("c1")},
                                                              {QStringLiteral("output"), longOutput},
                                                              {QStringLiteral("failed"), true},
                                                              {QStringLiteral("duration_ms"), 12}}));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0).data(ConversationModel::ResultRole).toString(), longOutput);
        QVERIFY(model.index(0).data(ConversationModel::FailedRole).toBool());
        QVERIFY2(model.index(0).data().toString().size() < 400, "the result is not abbreviated in the list");
    }

    void addEvent_usageAndFinish_appendRowsAndTotal()
    {
        ConversationModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addEvent(makeEvent(RunEvent::Kind::Usage,
                                 {{QStringLiteral("input_tokens"), 100},
                                  {QStringLiteral("output_tokens"), 20},
                                  {QStringLiteral("total"), QJsonObject{{QStringLiteral("total_tokens"), 120}}}}));
        model.addEvent(makeEvent(RunEvent::Kind::Usage,
                                 {{QStringLiteral("input_tokens"), 200},
                                  {QStringLiteral("output_tokens"), 10},
                                  {QStringLiteral("total"), QJsonObject{{QStringLiteral("total_tokens"), 330}}}},
                                 2));
        QCOMPARE(model.totalTokens(), 330);
        QVERIFY(model.index(1).data().toString().contains(QLatin1String("330")));
        model.addEvent(
            makeEvent(RunEvent::Kind::RunFinished, {{QStringLiteral("status"), QStringLiteral("failed")},
                                                    {QStringLiteral("error"), QStringLiteral("provider: boom")}}));
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(model.index(2).data(ConversationModel::FailedRole).toBool());
        QVERIFY(model.index(2).data().toString().contains(QLatin1String("boom")));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.totalTokens(), 0);
    }

    void addEvent_capabilityIssue_noticeRowWithFileAndReason()
    {
        ConversationModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addEvent(makeEvent(RunEvent::Kind::CapabilityIssue,
                                 {{QStringLiteral("capability"), QStringLiteral("memory")},
                                  {QStringLiteral("file"), QStringLiteral("memories/phase_two_selection.json")},
                                  {QStringLiteral("reason"), QStringLiteral("not JSON at offset 1")}}));
        QCOMPARE(model.rowCount(), 1);
        const QModelIndex row = model.index(0);
        QCOMPARE(row.data(ConversationModel::KindRole).toInt(), int(ConversationModel::EntryKind::Notice));
        QVERIFY(row.data(ConversationModel::FailedRole).toBool());
        const QString text = row.data().toString();
        QVERIFY2(text.contains(QLatin1String("memories/phase_two_selection.json")) &&
                     text.contains(QLatin1String("memory")) && text.contains(QLatin1String("not JSON at offset 1")),
                 qPrintable(text));
    }

    void addEvent_usageOverTurns_totalsAddUp()
    {
        ConversationModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy totals(&model, &ConversationModel::totalTokensChanged);
        // The runner's form (ModelUsage::toJson()) and the flat form of runevent.h; the event's
        // own "total" covers its run only and is not what the pane sums.
        const QList<QJsonObject> turns = {
            QJsonObject{
                {QStringLiteral("input_tokens"), 1000},
                {QStringLiteral("input_tokens_details"), QJsonObject{{QStringLiteral("cached_tokens"), 200}}},
                {QStringLiteral("output_tokens"), 50},
                {QStringLiteral("output_tokens_details"), QJsonObject{{QStringLiteral("reasoning_tokens"), 30}}},
                {QStringLiteral("total_tokens"), 1050},
                {QStringLiteral("total"), QJsonObject{{QStringLiteral("total_tokens"), 1050}}}},
            QJsonObject{{QStringLiteral("input_tokens"), 1500},
                        {QStringLiteral("cached_input_tokens"), 1000},
                        {QStringLiteral("output_tokens"), 70},
                        {QStringLiteral("reasoning_tokens"), 10},
                        {QStringLiteral("total_tokens"), 1570}},
            QJsonObject{{QStringLiteral("input_tokens"), 1700}, {QStringLiteral("output_tokens"), 5}},
        };
        for (int i = 0; i < turns.size(); ++i) {
            model.addEvent(makeEvent(RunEvent::Kind::Usage, turns.at(i), i + 1));
        }
        QCOMPARE(model.rowCount(), 3);
        const ConversationModel::TokenUsage first = model.usageAt(0);
        QCOMPARE(first, (ConversationModel::TokenUsage{1000, 200, 50, 30, 1050}));
        QCOMPARE(model.usageAt(1), (ConversationModel::TokenUsage{1500, 1000, 70, 10, 1570}));
        QCOMPARE(model.usageAt(2).total, 1705); // no total_tokens: input + output
        const ConversationModel::TokenUsage total = model.totalUsage();
        QCOMPARE(total, (ConversationModel::TokenUsage{4200, 1200, 125, 40, 4325}));
        QCOMPARE(model.totalTokens(), 4325);
        QCOMPARE(totals.size(), 3);
        QCOMPARE(totals.last().first().toLongLong(), 4325);
        // Each turn's line carries its own counts and the running total.
        const QString second = model.index(1).data().toString();
        for (const QString &part :
             {QStringLiteral("Turn 2"), QLocale().toString(1500), QLocale().toString(1000), QLocale().toString(2620)}) {
            QVERIFY2(second.contains(part), qPrintable(second));
        }
        QVERIFY(model.index(2).data().toString().contains(QLocale().toString(4325)));
        QCOMPARE(model.usageAt(99), ConversationModel::TokenUsage{});
        model.clear();
        QCOMPARE(model.totalUsage(), ConversationModel::TokenUsage{});
    }

    void setData_reasoningAndToolCalls_foldedByDefault()
    {
        ConversationModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addEvent(makeEvent(RunEvent::Kind::ReasoningDelta, {{QStringLiteral("item_id"), QStringLiteral("r1")},
                                                                  {QStringLiteral("delta"), QStringLiteral("plan")}}));
        model.addEvent(makeEvent(RunEvent::Kind::ToolCall, {{QStringLiteral("call_id"), QStringLiteral("c1")},
                                                            {QStringLiteral("name"), QStringLiteral("exec_command")},
                                                            {QStringLiteral("arguments"), QStringLiteral("{}")}}));
        model.addEvent(makeEvent(RunEvent::Kind::TextDelta, {{QStringLiteral("item_id"), QStringLiteral("m1")},
                                                             {QStringLiteral("delta"), QStringLiteral("hi")}}));
        QCOMPARE(model.rowCount(), 3);
        for (int row = 0; row < 3; ++row) {
            QVERIFY(!model.index(row).data(ConversationModel::ExpandedRole).toBool());
        }
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(model.setData(model.index(0), true, ConversationModel::ExpandedRole));
        QVERIFY(model.index(0).data(ConversationModel::ExpandedRole).toBool());
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(2).value<QList<int>>(), QList<int>{ConversationModel::ExpandedRole});
        QVERIFY(model.setData(model.index(1), true, ConversationModel::ExpandedRole));
        QVERIFY(!model.setData(model.index(2), true, ConversationModel::ExpandedRole)); // messages do not fold
        QVERIFY(!model.setData(model.index(0), QStringLiteral("x"), Qt::EditRole));
        // More reasoning text keeps the row unfolded.
        model.addEvent(makeEvent(RunEvent::Kind::ReasoningDelta, {{QStringLiteral("item_id"), QStringLiteral("r1")},
                                                                  {QStringLiteral("delta"), QStringLiteral(" more")}}));
        QVERIFY(model.index(0).data(ConversationModel::ExpandedRole).toBool());
    }

    void addEvent_toolCall_cardRolesFollowTheCall()
    {
        ConversationModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto status = [&model] {
            return ConversationModel::ToolStatus(model.index(0).data(ConversationModel::ToolStatusRole).toInt());
        };
        model.addEvent(makeEvent(RunEvent::Kind::ToolCall,
                                 {{QStringLiteral("call_id"), QStringLiteral("c1")},
                                  {QStringLiteral("name"), QStringLiteral("exec_command")},
                                  {QStringLiteral("arguments"), QStringLiteral("{\"cmd\":\"make test\"}")}}));
        QCOMPARE(status(), ConversationModel::ToolStatus::Running);
        QCOMPARE(model.index(0).data(ConversationModel::SummaryRole).toString(), QStringLiteral("make test"));
        QVERIFY(!model.index(0).data(ConversationModel::ResultSizeRole).isValid());
        model.addEvent(
            makeEvent(RunEvent::Kind::ApprovalRequested, {{QStringLiteral("call_id"), QStringLiteral("c1")}}));
        QCOMPARE(status(), ConversationModel::ToolStatus::AwaitingApproval);
        model.addEvent(makeEvent(RunEvent::Kind::ApprovalDecided, {{QStringLiteral("call_id"), QStringLiteral("c1")},
                                                                   {QStringLiteral("approved"), true}}));
        QCOMPARE(status(), ConversationModel::ToolStatus::Running);
        const QString output =
            QStringLiteral("Chunk ID: 1\nWall time: 1.2 seconds\nProcess exited with code 2\nOutput:\nFAIL \u00e4\n");
        model.addEvent(makeEvent(RunEvent::Kind::ToolResult, {{QStringLiteral("call_id"), QStringLiteral("c1")},
                                                              {QStringLiteral("output"), output},
                                                              {QStringLiteral("failed"), false},
                                                              {QStringLiteral("duration_ms"), 1234}}));
        QCOMPARE(status(), ConversationModel::ToolStatus::Succeeded);
        QCOMPARE(model.index(0).data(ConversationModel::ExitCodeRole).toInt(), 2);
        QCOMPARE(model.index(0).data(ConversationModel::ResultSizeRole).toLongLong(), qint64(output.toUtf8().size()));
        QCOMPARE(model.index(0).data(ConversationModel::DurationRole).toLongLong(), 1234);

        model.addEvent(makeEvent(RunEvent::Kind::ToolCall, {{QStringLiteral("call_id"), QStringLiteral("c2")},
                                                            {QStringLiteral("name"), QStringLiteral("apply_patch")},
                                                            {QStringLiteral("input"), QStringLiteral("*** Begin")}}));
        model.addEvent(makeEvent(RunEvent::Kind::ApprovalDecided, {{QStringLiteral("call_id"), QStringLiteral("c2")},
                                                                   {QStringLiteral("approved"), false}}));
        model.addEvent(makeEvent(RunEvent::Kind::ToolResult, {{QStringLiteral("call_id"), QStringLiteral("c2")},
                                                              {QStringLiteral("output"), QStringLiteral("denied")},
                                                              {QStringLiteral("failed"), true}}));
        QCOMPARE(ConversationModel::ToolStatus(model.index(1).data(ConversationModel::ToolStatusRole).toInt()),
                 ConversationModel::ToolStatus::Denied);
        QVERIFY(!model.index(1).data(ConversationModel::ExitCodeRole).isValid());
    }

    void exitCodeOf_data()
    {
        QTest::addColumn<QString>("output");
        QTest::addColumn<int>("expected"); // -1000: none
        QTest::newRow("exited 0") << QStringLiteral("Chunk ID: a\nProcess exited with code 0\nOutput:\nok") << 0;
        QTest::newRow("exited 127") << QStringLiteral("Process exited with code 127\nOutput:\n") << 127;
        QTest::newRow("negative") << QStringLiteral("Process exited with code -1\nOutput:\n") << -1;
        QTest::newRow("running") << QStringLiteral("Process running with session ID 4\nOutput:\nx") << -1000;
        QTest::newRow("only in the output")
            << QStringLiteral("Chunk ID: a\nOutput:\nProcess exited with code 9\n") << -1000;
        QTest::newRow("plain") << QStringLiteral("Done") << -1000;
    }
    void exitCodeOf()
    {
        QFETCH(QString, output);
        QFETCH(int, expected);
        const std::optional<int> code = ConversationModel::exitCodeOf(output);
        QCOMPARE(code.value_or(-1000), expected);
    }

    void summarizeArguments_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("data");
        QTest::addColumn<QString>("expected");
        QTest::newRow("exec cmd") << "exec_command" << "{\"arguments\":\"{\\\"cmd\\\":\\\"make -j2\\\"}\"}"
                                  << "make -j2";
        QTest::newRow("argv array") << "shell" << "{\"arguments\":{\"command\":[\"git\",\"status\"]}}" << "git status";
        QTest::newRow("custom input") << "apply_patch" << "{\"input\":\"*** Begin Patch\"}" << "*** Begin Patch";
        QTest::newRow("patch op") << "apply_patch" << "{\"operation\":{\"type\":\"create_file\",\"path\":\"a.md\"}}"
                                  << "create_file a.md";
        QTest::newRow("other") << "view_image" << "{\"arguments\":\"{\\\"x\\\":1}\"}" << "{\"x\":1}";
        QTest::newRow("invalid json") << "exec_command" << "{\"arguments\":\"{not json\"}" << "{not json";
    }
    void summarizeArguments()
    {
        QFETCH(QString, name);
        QFETCH(QString, data);
        QFETCH(QString, expected);
        const QJsonObject object = QJsonDocument::fromJson(data.toUtf8()).object();
        QCOMPARE(ConversationModel::summarizeArguments(name, object), expected);
    }

    void summarizeResult_data()
    {
        QTest::addColumn<QString>("output");
        QTest::addColumn<QString>("expected");
        QTest::newRow("exec exited") << QStringLiteral(
                                            "Chunk ID: ab12\nWall time: 0.03 seconds\nProcess exited with code 2\n"
                                            "Output:\nREADME.md\nsrc\n")
                                     << QStringLiteral("[2] README.md \u23CE src");
        QTest::newRow("exec running") << QStringLiteral(
                                             "Chunk ID: ab12\nProcess running with session ID 3\nOutput:\nwait")
                                      << QStringLiteral("[\u2026] wait");
        QTest::newRow("plain") << QStringLiteral("Done!") << QStringLiteral("Done!");
        QTest::newRow("only output") << QStringLiteral("Output:\nx") << QStringLiteral("x");
    }
    void summarizeResult()
    {
        QFETCH(QString, output);
        QFETCH(QString, expected);
        QCOMPARE(ConversationModel::summarizeResult(output), expected);
    }

    void abbreviate_longMultiline_cutWithEllipsis()
    {
        const QString cut =
            ConversationModel::abbreviate(QStringLiteral("line one\nline two ") + QString(300, u'y'), 40);
        QCOMPARE(cut.size(), 40);
        QVERIFY(cut.endsWith(QChar(0x2026)));
        QVERIFY(!cut.contains(QLatin1Char('\n')));
    }
};

QTEST_MAIN(tst_ConversationModel)
#include "tst_conversationmodel.moc"
