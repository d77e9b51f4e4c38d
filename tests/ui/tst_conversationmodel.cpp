// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// ConversationModel: RunEvents to transcript rows (deltas grow a row, tool calls carry their
// approval and result, usage and the run's end append).
#include "sandcastle/ui/conversationmodel.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QTest>

using Sandcastle::Core::RunEvent;
using Sandcastle::Ui::ConversationModel;

namespace {

RunEvent makeEvent(RunEvent::Kind kind, const QJsonObject &data, int turn = 1)
{
    RunEvent e;
    e.kind = kind;
    e.turn = turn;
    e.data = data;
    return e;
}

} // namespace

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
