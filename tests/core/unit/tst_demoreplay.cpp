// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The recorded demo transcript and its replay server, through the real Responses client: each
// request gets the recorded stream that fits it; requests that differ from the recording get a
// 400 whose message says how. After the run the recording has the memory capability's two phase
// runs (a structured-output extraction, then a consolidation with apply_patch), each a new
// conversation that the replay continues with.
#include "modelcallrun.h"
#include "sandcastle/core/model/demoreplay.h"
#include "sandcastle/core/model/responsesclient.h"
#include "testenv.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle;
using namespace Sandcastle::Core;

namespace {

QJsonObject userMessage(const QString &text)
{
    return {{QStringLiteral("type"), QStringLiteral("message")},
            {QStringLiteral("role"), QStringLiteral("user")},
            {QStringLiteral("content"), text}};
}

QJsonObject toolOutput(const QString &callId)
{
    return {{QStringLiteral("type"), QStringLiteral("function_call_output")},
            {QStringLiteral("call_id"), callId},
            {QStringLiteral("output"), QStringLiteral("ok")}};
}

QJsonArray demoTools()
{
    return {QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                        {QStringLiteral("name"), QStringLiteral("exec_command")}},
            QJsonObject{{QStringLiteral("type"), QStringLiteral("custom")},
                        {QStringLiteral("name"), QStringLiteral("apply_patch")}}};
}

ModelRequest request(const QJsonArray &input)
{
    ModelRequest r;
    r.model = QStringLiteral("demo-recorded");
    r.input = input;
    r.tools = demoTools();
    return r;
}

QString errorText(const Result<ModelResponse> &r)
{
    return r ? QStringLiteral("<succeeded>") : r.error().toString();
}

} // namespace

class tst_DemoReplay : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bundledTranscript_loads()
    {
        const Result<DemoTranscript> t = DemoTranscript::load(QString::fromLatin1(DemoTranscript::bundledPath));
        QVERIFY2(t.has_value(), qPrintable(t ? QString() : t.error().toString()));
        QCOMPARE(t->steps.size(), 8);
        QCOMPARE(t->steps.at(5).memoryPhase, QStringLiteral("extraction"));
        QCOMPARE(t->steps.at(6).memoryPhase, QStringLiteral("consolidation"));
        QCOMPARE(t->steps.at(7).expectedOutputs, QStringList{QStringLiteral("call_demo_memory")});
        QCOMPARE(t->model, QStringLiteral("demo-recorded"));
        QVERIFY(!t->task.isEmpty());
        QCOMPARE(t->steps.at(1).expectedOutputs, QStringList{QStringLiteral("call_demo_look")});
    }

    void load_badStep_namesFileAndPointer()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("transcript.json"));
        Test::writeTestFile(file, R"({"version":1,"model":"m","requests":[{"sse":"missing.sse"}]})");
        Result<DemoTranscript> t = DemoTranscript::load(file);
        QVERIFY(!t);
        QVERIFY2(t.error().message.contains(file + QStringLiteral(": /requests/0/sse: cannot read")),
                 qPrintable(t.error().message));
        Test::writeTestFile(dir.filePath(QStringLiteral("a.sse")), "event: response.completed\ndata: {}\n\n");
        Test::writeTestFile(file, R"({"version":1,"model":"m","requests":[{"sse":"a.sse","expect":[]}]})");
        t = DemoTranscript::load(file);
        QVERIFY(!t);
        QVERIFY2(t.error().message.contains(QStringLiteral("/requests/0/expect: unknown key")),
                 qPrintable(t.error().message));
    }

    void replay_throughResponsesClient_followsTheRecording()
    {
        Result<DemoTranscript> t = DemoTranscript::load(QString::fromLatin1(DemoTranscript::bundledPath));
        QVERIFY(t);
        DemoReplayServer server(*t);
        QVERIFY(server.listen());
        QSignalSpy mismatches(&server, &DemoReplayServer::mismatch);
        ResponsesClient client(server.profile(QStringLiteral("demo")).settings({}));

        // A new conversation gets the first recorded response: the look at the project.
        Result<ModelResponse> first = Test::finishModelCall(client, request({userMessage(QStringLiteral("hi"))}));
        QVERIFY2(first.has_value(), qPrintable(errorText(first)));
        QCOMPARE(first->id, QStringLiteral("resp_demo_1"));
        QVERIFY(QJsonDocument(first->output).toJson().contains("call_demo_look"));

        // The next request must carry that call's output; without it the replay says so.
        Result<ModelResponse> wrong = Test::finishModelCall(
            client, request({userMessage(QStringLiteral("hi")), toolOutput(QStringLiteral("call_other"))}));
        QVERIFY(!wrong);
        QVERIFY2(errorText(wrong).contains(QLatin1String("the recorded tool call call_demo_look")),
                 qPrintable(errorText(wrong)));
        QCOMPARE(mismatches.size(), 1);

        QJsonArray input{userMessage(QStringLiteral("hi"))};
        const QStringList calls{QStringLiteral("call_demo_look"), QStringLiteral("call_demo_test_file"),
                                QStringLiteral("call_demo_run_tests"), QStringLiteral("call_demo_readme")};
        for (qsizetype i = 0; i < calls.size(); ++i) {
            input.append(toolOutput(calls.at(i)));
            Result<ModelResponse> next = Test::finishModelCall(client, request(input));
            QVERIFY2(next.has_value(), qPrintable(errorText(next)));
            QCOMPARE(next->id, QStringLiteral("resp_demo_%1").arg(i + 2));
        }

        // One more request is beyond the recording.
        input.append(userMessage(QStringLiteral("more")));
        Result<ModelResponse> beyond = Test::finishModelCall(client, request(input));
        QVERIFY(!beyond);
        QVERIFY2(errorText(beyond).contains(QLatin1String("recorded demo ends after 5 model requests")),
                 qPrintable(errorText(beyond)));

        // A run without the shell tool does not fit the recording either.
        ModelRequest noShell = request({userMessage(QStringLiteral("hi"))});
        noShell.tools = {};
        Result<ModelResponse> refused = Test::finishModelCall(client, noShell);
        QVERIFY(!refused);
        QVERIFY2(errorText(refused).contains(QLatin1String("uses the tool exec_command")),
                 qPrintable(errorText(refused)));
        // After the run, the memory extraction (a new conversation asking for structured output)
        // gets the recorded notes, and the consolidation (another new conversation) its patch.
        ModelRequest extraction = request({userMessage(QStringLiteral("summarize"))});
        extraction.extra = {{QStringLiteral("text"),
                             QJsonObject{{QStringLiteral("format"),
                                          QJsonObject{{QStringLiteral("type"), QStringLiteral("json_schema")}}}}}};
        Result<ModelResponse> notes = Test::finishModelCall(client, extraction);
        QVERIFY2(notes.has_value(), qPrintable(errorText(notes)));
        QCOMPARE(notes->id, QStringLiteral("resp_demo_6"));
        QVERIFY(QJsonDocument(notes->output).toJson().contains("rollout_slug"));
        const QString consolidate = QStringLiteral("You keep the memory of this workspace in order. Consolidate.");
        Result<ModelResponse> consolidation = Test::finishModelCall(client, request({userMessage(consolidate)}));
        QVERIFY2(consolidation.has_value(), qPrintable(errorText(consolidation)));
        QCOMPARE(consolidation->id, QStringLiteral("resp_demo_7"));
        QVERIFY(QJsonDocument(consolidation->output).toJson().contains("memories/MEMORY.md"));
        Result<ModelResponse> done = Test::finishModelCall(
            client, request({userMessage(consolidate), toolOutput(QStringLiteral("call_demo_memory"))}));
        QVERIFY2(done.has_value(), qPrintable(errorText(done)));
        QCOMPARE(done->id, QStringLiteral("resp_demo_8"));

        // A structured-output request anywhere else does not fit; nor does continuing the run.
        Result<ModelResponse> elsewhere = Test::finishModelCall(client, extraction);
        QVERIFY(!elsewhere);
        QVERIFY2(errorText(elsewhere).contains(QLatin1String("asks for structured output")),
                 qPrintable(errorText(elsewhere)));
        Result<ModelResponse> after = Test::finishModelCall(client, request(input));
        QVERIFY(!after);
        QVERIFY2(errorText(after).contains(QLatin1String("recorded demo ends after 5 model requests")),
                 qPrintable(errorText(after)));
        QCOMPARE(mismatches.size(), 5);
    }

    void replay_newConversationBetweenMemoryPhases_startsFromTheTop()
    {
        Result<DemoTranscript> t = DemoTranscript::load(QString::fromLatin1(DemoTranscript::bundledPath));
        QVERIFY(t);
        DemoReplayServer server(*t);
        QVERIFY(server.listen());
        ResponsesClient client(server.profile(QStringLiteral("demo")).settings({}));
        QJsonArray input{userMessage(QStringLiteral("hi"))};
        for (const char *call :
             {"", "call_demo_look", "call_demo_test_file", "call_demo_run_tests", "call_demo_readme"}) {
            if (*call) {
                input.append(toolOutput(QString::fromLatin1(call)));
            }
            QVERIFY(Test::finishModelCall(client, request(input)));
        }
        ModelRequest extraction = request({userMessage(QStringLiteral("summarize"))});
        extraction.extra = {{QStringLiteral("text"),
                             QJsonObject{{QStringLiteral("format"),
                                          QJsonObject{{QStringLiteral("type"), QStringLiteral("json_schema")}}}}}};
        QVERIFY(Test::finishModelCall(client, extraction));
        // The demo was stopped here, before its consolidation: the user's new conversation gets the
        // recording's first response, not the consolidation's patch.
        Result<ModelResponse> fresh = Test::finishModelCall(client, request({userMessage(QStringLiteral("again"))}));
        QVERIFY2(fresh.has_value(), qPrintable(errorText(fresh)));
        QCOMPARE(fresh->id, QStringLiteral("resp_demo_1"));
    }

    void models_listsTheDemoModel()
    {
        Result<DemoTranscript> t = DemoTranscript::load(QString::fromLatin1(DemoTranscript::bundledPath));
        QVERIFY(t);
        DemoReplayServer server(*t);
        QVERIFY(server.listen());
        QNetworkAccessManager nam;
        QNetworkReply *reply = nam.get(QNetworkRequest(QUrl(server.baseUrl().toString() + QStringLiteral("/models"))));
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(10000));
        const QJsonObject list = QJsonDocument::fromJson(reply->readAll()).object();
        QCOMPARE(list.value(QLatin1String("data")).toArray().at(0).toObject().value(QLatin1String("id")).toString(),
                 QStringLiteral("demo-recorded"));
        reply->deleteLater();
    }
};

QTEST_MAIN(tst_DemoReplay)
#include "tst_demoreplay.moc"
