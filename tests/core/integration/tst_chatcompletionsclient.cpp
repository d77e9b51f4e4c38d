// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "resultverify.h"
#include "sandcastle/core/model/chatcompletionsclient.h"
#include "scriptedmodelserver.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Sandcastle::Core;
using namespace Sandcastle::Test;

namespace {

ProviderSettings fastSettings(const QUrl &baseUrl)
{
    ProviderSettings s;
    s.baseUrl = baseUrl;
    s.apiKey = QStringLiteral("local-key");
    s.maxRetries = 3;
    s.initialBackoffMs = 1;
    s.maxBackoffMs = 5;
    s.requestTimeoutMs = 20000;
    return s;
}

QJsonObject customTool(const QString &name)
{
    return QJsonObject{
        {QStringLiteral("type"), QStringLiteral("custom")},
        {QStringLiteral("name"), name},
        {QStringLiteral("description"), QStringLiteral("Edit files.")},
        {QStringLiteral("format"), QJsonObject{{QStringLiteral("type"), QStringLiteral("grammar")},
                                               {QStringLiteral("syntax"), QStringLiteral("lark")},
                                               {QStringLiteral("definition"), QStringLiteral("start: /.+/")}}}};
}

QJsonObject functionTool(const QString &name)
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                       {QStringLiteral("name"), name},
                       {QStringLiteral("description"), QStringLiteral("Run a command.")},
                       {QStringLiteral("parameters"),
                        QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                                    {QStringLiteral("properties"),
                                     QJsonObject{{QStringLiteral("cmd"),
                                                  QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}}}}},
                       {QStringLiteral("strict"), false}};
}

ModelRequest basicRequest(bool stream = true)
{
    ModelRequest r;
    r.model = QStringLiteral("qwen-local");
    r.instructions = QStringLiteral("You are a sandbox agent.");
    r.input = QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                     {QStringLiteral("content"), QStringLiteral("hello")}}};
    r.tools = {functionTool(QStringLiteral("exec_command")), customTool(QStringLiteral("apply_patch"))};
    r.stream = stream;
    return r;
}

struct Outcome
{
    Result<ModelResponse> result = fail(ErrorCode::Internal, QStringLiteral("not finished"));
    QList<ModelStreamEvent> events;
};

Outcome run(ModelClient &client, const ModelRequest &request)
{
    Outcome out;
    QObject context;
    ModelCall *call = client.start(request, &context);
    QObject::connect(call, &ModelCall::streamEvent, &context, [&](const ModelStreamEvent &e) { out.events << e; });
    QObject::connect(call, &ModelCall::finished, &context, [&](const Result<ModelResponse> &r) { out.result = r; });
    QSignalSpy spy(call, &ModelCall::finished);
    if (!spy.wait(15000)) {
        out.result = fail(ErrorCode::Timeout, QStringLiteral("test: no finished() in time"));
    }
    return out;
}

QString joinedDeltas(const QList<ModelStreamEvent> &events, ModelStreamEvent::Kind kind)
{
    QString s;
    for (const ModelStreamEvent &e : events) {
        s += e.kind == kind ? e.delta : QString();
    }
    return s;
}

QByteArray compact(const QJsonValue &v)
{
    return QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
}

} // namespace

class tst_ChatCompletionsClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void start_outputItems_convertedBackToResponsesShape_data()
    {
        QTest::addColumn<bool>("stream");
        QTest::newRow("streamed") << true;
        QTest::newRow("json") << false;
    }
    void start_outputItems_convertedBackToResponsesShape()
    {
        QFETCH(bool, stream);
        ScriptedModelServer server;
        QVERIFY(server.listen());
        const QString patch = QStringLiteral("*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch\n");
        ScriptedTurn turn;
        turn.outputItems = {messageItem(QStringLiteral("Let me do two things at once.")),
                            functionCallItem(QStringLiteral("exec_command"),
                                             {{QStringLiteral("cmd"), QStringLiteral("ls -la")}},
                                             QStringLiteral("call_a")),
                            customToolCallItem(QStringLiteral("apply_patch"), patch, QStringLiteral("call_b")),
                            // A server that knows no custom tools: the custom tool came back as a function call
                            // with the {"input": ...} wrapper the client advertised.
                            functionCallItem(QStringLiteral("apply_patch"), {{QStringLiteral("input"), patch}},
                                             QStringLiteral("call_c"))};
        turn.usage = QJsonObject{{QStringLiteral("input_tokens"), 40},
                                 {QStringLiteral("output_tokens"), 9},
                                 {QStringLiteral("total_tokens"), 49}};
        server.enqueue(turn);
        ChatCompletionsClient client(fastSettings(server.baseUrl()));
        QCOMPARE(client.apiName(), QStringLiteral("chat"));
        const Outcome out = run(client, basicRequest(stream));
        SC_VERIFY_OK(out.result);
        QCOMPARE(server.requests().at(0).path, QByteArray("/v1/chat/completions"));
        QCOMPARE(server.requests().at(0).header("Authorization"), QByteArray("Bearer local-key"));

        const QJsonArray output = out.result->output;
        QCOMPARE(output.size(), 4);
        const QJsonObject message = output.at(0).toObject();
        QCOMPARE(message.value(QLatin1StringView("type")).toString(), QStringLiteral("message"));
        QCOMPARE(message.value(QLatin1StringView("role")).toString(), QStringLiteral("assistant"));
        const QJsonObject part = message.value(QLatin1StringView("content")).toArray().at(0).toObject();
        QCOMPARE(part.value(QLatin1StringView("type")).toString(), QStringLiteral("output_text"));
        QCOMPARE(part.value(QLatin1StringView("text")).toString(), QStringLiteral("Let me do two things at once."));

        const QJsonObject fn = output.at(1).toObject();
        QCOMPARE(fn.value(QLatin1StringView("type")).toString(), QStringLiteral("function_call"));
        QCOMPARE(fn.value(QLatin1StringView("call_id")).toString(), QStringLiteral("call_a"));
        QCOMPARE(fn.value(QLatin1StringView("name")).toString(), QStringLiteral("exec_command"));
        QCOMPARE(QJsonDocument::fromJson(fn.value(QLatin1StringView("arguments")).toString().toUtf8()).object(),
                 (QJsonObject{{QStringLiteral("cmd"), QStringLiteral("ls -la")}}));

        for (int i : {2, 3}) {
            const QJsonObject custom = output.at(i).toObject();
            QCOMPARE(custom.value(QLatin1StringView("type")).toString(), QStringLiteral("custom_tool_call"));
            QCOMPARE(custom.value(QLatin1StringView("name")).toString(), QStringLiteral("apply_patch"));
            QCOMPARE(custom.value(QLatin1StringView("input")).toString(), patch);
        }
        QCOMPARE(output.at(2).toObject().value(QLatin1StringView("call_id")).toString(), QStringLiteral("call_b"));
        QCOMPARE(output.at(3).toObject().value(QLatin1StringView("call_id")).toString(), QStringLiteral("call_c"));

        QCOMPARE(out.result->usage.inputTokens, 40);
        QCOMPARE(out.result->usage.outputTokens, 9);
        QCOMPARE(out.result->usage.totalTokens, 49);
        if (stream) {
            QCOMPARE(joinedDeltas(out.events, ModelStreamEvent::TextDelta),
                     QStringLiteral("Let me do two things at once."));
            QCOMPARE(joinedDeltas(out.events, ModelStreamEvent::CustomToolInputDelta), patch);
            QVERIFY(joinedDeltas(out.events, ModelStreamEvent::FunctionArgumentsDelta)
                        .startsWith(QStringLiteral("{\"cmd\"")));
        }
        int done = 0;
        for (const ModelStreamEvent &e : out.events) {
            done += e.kind == ModelStreamEvent::OutputItemDone ? 1 : 0;
        }
        QCOMPARE(done, 4);
    }

    void start_request_convertedToChatMessagesAndTools()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn turn;
        turn.outputItems = {messageItem(QStringLiteral("ok"))};
        server.enqueue(turn);
        ChatCompletionsClient client(fastSettings(server.baseUrl()));
        ModelRequest request = basicRequest();
        const QString patch = QStringLiteral("*** Begin Patch\n*** End Patch\n");
        request.input =
            QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("developer")},
                                   {QStringLiteral("content"), QStringLiteral("dev note")}},
                       QJsonObject{{QStringLiteral("type"), QStringLiteral("message")},
                                   {QStringLiteral("role"), QStringLiteral("user")},
                                   {QStringLiteral("content"),
                                    QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("input_text")},
                                                           {QStringLiteral("text"), QStringLiteral("fix it")}}}}},
                       QJsonObject{{QStringLiteral("type"), QStringLiteral("reasoning")},
                                   {QStringLiteral("summary"), QJsonArray()}},
                       QJsonObject{{QStringLiteral("type"), QStringLiteral("message")},
                                   {QStringLiteral("role"), QStringLiteral("assistant")},
                                   {QStringLiteral("content"),
                                    QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("output_text")},
                                                           {QStringLiteral("text"), QStringLiteral("On it.")}}}}},
                       QJsonObject{{QStringLiteral("type"), QStringLiteral("function_call")},
                                   {QStringLiteral("call_id"), QStringLiteral("c1")},
                                   {QStringLiteral("name"), QStringLiteral("exec_command")},
                                   {QStringLiteral("arguments"), QStringLiteral("{\"cmd\":\"ls\"}")}},
                       QJsonObject{{QStringLiteral("type"), QStringLiteral("custom_tool_call")},
                                   {QStringLiteral("call_id"), QStringLiteral("c2")},
                                   {QStringLiteral("name"), QStringLiteral("apply_patch")},
                                   {QStringLiteral("input"), patch}},
                       QJsonObject{{QStringLiteral("type"), QStringLiteral("function_call_output")},
                                   {QStringLiteral("call_id"), QStringLiteral("c1")},
                                   {QStringLiteral("output"), QStringLiteral("a.txt")}},
                       QJsonObject{{QStringLiteral("type"), QStringLiteral("custom_tool_call_output")},
                                   {QStringLiteral("call_id"), QStringLiteral("c2")},
                                   {QStringLiteral("output"), QStringLiteral("Done!")}}};
        request.toolChoice = QJsonObject{{QStringLiteral("type"), QStringLiteral("custom")},
                                         {QStringLiteral("name"), QStringLiteral("apply_patch")}};
        request.extra =
            QJsonObject{{QStringLiteral("prompt_cache_key"), QStringLiteral("dropped")},
                        {QStringLiteral("context_management"), QJsonArray()},
                        {QStringLiteral("max_output_tokens"), 256},
                        {QStringLiteral("temperature"), 0.5},
                        {QStringLiteral("reasoning"), QJsonObject{{QStringLiteral("effort"), QStringLiteral("low")}}}};
        const Outcome out = run(client, request);
        SC_VERIFY_OK(out.result);
        const QJsonObject body = server.requests().at(0).json;

        const auto msg = [](const QString &role, const QJsonValue &content) {
            return QJsonObject{{QStringLiteral("role"), role}, {QStringLiteral("content"), content}};
        };
        const auto call = [](const QString &id, const QString &name, const QString &arguments) {
            return QJsonObject{{QStringLiteral("id"), id},
                               {QStringLiteral("type"), QStringLiteral("function")},
                               {QStringLiteral("function"),
                                QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("arguments"), arguments}}}};
        };
        QJsonObject assistant = msg(QStringLiteral("assistant"), QStringLiteral("On it."));
        assistant.insert(
            QStringLiteral("tool_calls"),
            QJsonArray{call(QStringLiteral("c1"), QStringLiteral("exec_command"), QStringLiteral("{\"cmd\":\"ls\"}")),
                       call(QStringLiteral("c2"), QStringLiteral("apply_patch"),
                            QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("input"), patch}})
                                                  .toJson(QJsonDocument::Compact)))});
        QJsonObject tool1 = msg(QStringLiteral("tool"), QStringLiteral("a.txt"));
        tool1.insert(QStringLiteral("tool_call_id"), QStringLiteral("c1"));
        QJsonObject tool2 = msg(QStringLiteral("tool"), QStringLiteral("Done!"));
        tool2.insert(QStringLiteral("tool_call_id"), QStringLiteral("c2"));
        const QJsonArray expectedMessages{msg(QStringLiteral("system"), request.instructions),
                                          msg(QStringLiteral("system"), QStringLiteral("dev note")),
                                          msg(QStringLiteral("user"), QStringLiteral("fix it")),
                                          assistant,
                                          tool1,
                                          tool2};
        QCOMPARE(compact(body.value(QLatin1StringView("messages"))), compact(expectedMessages));

        const QJsonArray tools = body.value(QLatin1StringView("tools")).toArray();
        QCOMPARE(tools.size(), 2);
        const QJsonObject fn0 = tools.at(0).toObject().value(QLatin1StringView("function")).toObject();
        QCOMPARE(fn0.value(QLatin1StringView("name")).toString(), QStringLiteral("exec_command"));
        QCOMPARE(fn0.value(QLatin1StringView("parameters")),
                 functionTool(QStringLiteral("exec_command")).value(QLatin1StringView("parameters")));
        const QJsonObject fn1 = tools.at(1).toObject().value(QLatin1StringView("function")).toObject();
        QCOMPARE(tools.at(1).toObject().value(QLatin1StringView("type")).toString(), QStringLiteral("function"));
        QCOMPARE(fn1.value(QLatin1StringView("name")).toString(), QStringLiteral("apply_patch"));
        QVERIFY(fn1.value(QLatin1StringView("description")).toString().contains(QStringLiteral("start: /.+/")));
        const QJsonObject params = fn1.value(QLatin1StringView("parameters")).toObject();
        QCOMPARE(params.value(QLatin1StringView("required")).toArray(), QJsonArray{QStringLiteral("input")});
        QCOMPARE(params.value(QLatin1StringView("properties")).toObject().keys(), QStringList{QStringLiteral("input")});

        QCOMPARE(compact(body.value(QLatin1StringView("tool_choice"))),
                 compact(QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                                     {QStringLiteral("function"),
                                      QJsonObject{{QStringLiteral("name"), QStringLiteral("apply_patch")}}}}));
        QCOMPARE(body.value(QLatin1StringView("stream")).toBool(), true);
        QCOMPARE(body.value(QLatin1StringView("stream_options"))
                     .toObject()
                     .value(QLatin1StringView("include_usage"))
                     .toBool(),
                 true);
        QCOMPARE(body.value(QLatin1StringView("max_tokens")).toInt(), 256);
        QCOMPARE(body.value(QLatin1StringView("temperature")).toDouble(), 0.5);
        QCOMPARE(body.value(QLatin1StringView("reasoning_effort")).toString(), QStringLiteral("low"));
        QVERIFY(!body.contains(QLatin1StringView("prompt_cache_key")));
        QVERIFY(!body.contains(QLatin1StringView("context_management")));
        QVERIFY(!body.contains(QLatin1StringView("instructions")));
        QVERIFY(!body.contains(QLatin1StringView("input")));
    }

    void start_failures_preciseErrors_data()
    {
        QTest::addColumn<QString>("terminal");
        QTest::addColumn<int>("cutAfter");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("failed") << QStringLiteral("failed") << -1 << int(ErrorCode::Provider)
                                << QStringLiteral("The local server ran out of memory");
        QTest::newRow("incomplete-length") << QStringLiteral("incomplete") << -1 << int(ErrorCode::Provider)
                                           << QStringLiteral("Incomplete response returned, reason: max_output_tokens");
        QTest::newRow("truncated") << QString() << 3 << int(ErrorCode::Network)
                                   << QStringLiteral("chat stream closed before the final chunk");
    }
    void start_failures_preciseErrors()
    {
        QFETCH(QString, terminal);
        QFETCH(int, cutAfter);
        QFETCH(int, code);
        QFETCH(QString, message);
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn turn;
        turn.outputItems = {messageItem(QStringLiteral("some partial text that is long enough"))};
        turn.terminal = terminal;
        turn.cutAfterEvents = cutAfter;
        turn.error = QJsonObject{{QStringLiteral("code"), QStringLiteral("oom")},
                                 {QStringLiteral("message"), QStringLiteral("The local server ran out of memory")}};
        server.enqueue(turn);
        ChatCompletionsClient client(fastSettings(server.baseUrl()));
        const Outcome out = run(client, basicRequest());
        QVERIFY(!out.result.has_value());
        QCOMPARE(int(out.result.error().code), code);
        QCOMPARE(out.result.error().message, message);
        QCOMPARE(server.requests().size(), 1);
    }

    void start_500ThenOk_retried()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn bad;
        bad.httpStatus = 503;
        server.enqueue(bad);
        ScriptedTurn ok;
        ok.outputItems = {messageItem(QStringLiteral("second time lucky"))};
        server.enqueue(ok);
        ChatCompletionsClient client(fastSettings(server.baseUrl()));
        const Outcome out = run(client, basicRequest());
        SC_VERIFY_OK(out.result);
        QCOMPARE(server.requests().size(), 2);
        QCOMPARE(out.result->output.at(0)
                     .toObject()
                     .value(QLatin1StringView("content"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QLatin1StringView("text")),
                 QJsonValue(QStringLiteral("second time lucky")));
    }
};

QTEST_GUILESS_MAIN(tst_ChatCompletionsClient)
#include "tst_chatcompletionsclient.moc"
