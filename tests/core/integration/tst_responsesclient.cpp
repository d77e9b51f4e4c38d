// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "resultverify.h"
#include "sandcastle/core/model/responsesclient.h"
#include "scriptedmodelserver.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QLocale>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Sandcastle::Core;
using namespace Sandcastle::Test;

namespace {

const QString kApiKey = QStringLiteral("sk-test-secret");

ProviderSettings fastSettings(const QUrl &baseUrl)
{
    ProviderSettings s;
    s.baseUrl = baseUrl;
    s.apiKey = kApiKey;
    s.maxRetries = 3;
    s.initialBackoffMs = 1;
    s.maxBackoffMs = 5;
    s.requestTimeoutMs = 20000;
    return s;
}

ModelRequest basicRequest(bool stream = true)
{
    ModelRequest r;
    r.model = QStringLiteral("gpt-test");
    r.instructions = QStringLiteral("You are a sandbox agent.");
    r.input = QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                     {QStringLiteral("content"), QStringLiteral("hello")}}};
    r.stream = stream;
    return r;
}

// Runs one call to its end; `events` receives the stream events.
struct Outcome
{
    Result<ModelResponse> result = fail(ErrorCode::Internal, QStringLiteral("not finished"));
    QList<ModelStreamEvent> events;
    int finishedCount = 0;
};

Outcome run(ModelClient &client, const ModelRequest &request, int timeoutMs = 15000)
{
    Outcome out;
    QObject context;
    ModelCall *call = client.start(request, &context);
    QObject::connect(call, &ModelCall::streamEvent, &context, [&](const ModelStreamEvent &e) { out.events << e; });
    QObject::connect(call, &ModelCall::finished, &context, [&](const Result<ModelResponse> &r) {
        out.result = r;
        ++out.finishedCount;
    });
    QSignalSpy spy(call, &ModelCall::finished);
    if (!spy.wait(timeoutMs)) {
        out.result = fail(ErrorCode::Timeout, QStringLiteral("test: no finished() within %1 ms").arg(timeoutMs));
    }
    return out;
}

QString joinedDeltas(const QList<ModelStreamEvent> &events, ModelStreamEvent::Kind kind)
{
    QString s;
    for (const ModelStreamEvent &e : events) {
        if (e.kind == kind) {
            s += e.delta;
        }
    }
    return s;
}

QString outputText(const QJsonObject &message)
{
    QString s;
    for (const QJsonValue &part : message.value(QLatin1StringView("content")).toArray()) {
        s += part.toObject().value(QLatin1StringView("text")).toString();
    }
    return s;
}

} // namespace

class tst_ResponsesClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void start_streamedText_deltasAndFinalMessage()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        const QString text = QStringLiteral("Hello from the scripted model, with several deltas.");
        ScriptedTurn turn;
        turn.outputItems = {messageItem(text)};
        server.enqueue(turn);
        ResponsesClient client(fastSettings(server.baseUrl()));
        QCOMPARE(client.apiName(), QStringLiteral("responses"));

        const Outcome out = run(client, basicRequest());
        SC_VERIFY_OK(out.result);
        QCOMPARE(out.finishedCount, 1);
        QCOMPARE(out.result->status, QStringLiteral("completed"));
        QCOMPARE(out.result->output.size(), 1);
        QCOMPARE(outputText(out.result->output.at(0).toObject()), text);
        QCOMPARE(joinedDeltas(out.events, ModelStreamEvent::TextDelta), text);
        QVERIFY(out.events.size() > 3);
        QCOMPARE(out.events.first().kind, ModelStreamEvent::Created);
        QVERIFY(out.result->usage.totalTokens > 0);
        QCOMPARE(out.result->usage.requests, 1);
        QVERIFY(!out.result->id.isEmpty());

        QCOMPARE(server.requests().size(), 1);
        const RecordedRequest req = server.requests().at(0);
        QCOMPARE(req.path, QByteArray("/v1/responses"));
        QCOMPARE(req.header("Authorization"), QByteArray("Bearer ") + kApiKey.toUtf8());
        QCOMPARE(req.header("Accept"), QByteArray("text/event-stream"));
    }

    void start_functionAndCustomToolCalls_itemsAndDeltas_data()
    {
        QTest::addColumn<QJsonObject>("item");
        QTest::addColumn<int>("deltaKind");
        QTest::addColumn<QString>("field");
        QTest::newRow("function_call")
            << functionCallItem(QStringLiteral("exec_command"),
                                QJsonObject{{QStringLiteral("cmd"), QStringLiteral("ls -la /workspace && echo done")}},
                                QStringLiteral("call_fn1"))
            << int(ModelStreamEvent::FunctionArgumentsDelta) << QStringLiteral("arguments");
        QTest::newRow("custom_tool_call")
            << customToolCallItem(QStringLiteral("apply_patch"),
                                  QStringLiteral("*** Begin Patch\n*** Add File: a.txt\n+hello\n*** End Patch\n"),
                                  QStringLiteral("call_ct1"))
            << int(ModelStreamEvent::CustomToolInputDelta) << QStringLiteral("input");
    }
    void start_functionAndCustomToolCalls_itemsAndDeltas()
    {
        QFETCH(QJsonObject, item);
        QFETCH(int, deltaKind);
        QFETCH(QString, field);
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn turn;
        turn.outputItems = {item};
        server.enqueue(turn);
        ResponsesClient client(fastSettings(server.baseUrl()));
        const Outcome out = run(client, basicRequest());
        SC_VERIFY_OK(out.result);
        QCOMPARE(out.result->output.size(), 1);
        const QJsonObject got = out.result->output.at(0).toObject();
        QCOMPARE(got.value(QLatin1StringView("type")), item.value(QLatin1StringView("type")));
        QCOMPARE(got.value(QLatin1StringView("call_id")), item.value(QLatin1StringView("call_id")));
        QCOMPARE(got.value(QLatin1StringView("name")), item.value(QLatin1StringView("name")));
        QCOMPARE(got.value(field).toString(), item.value(field).toString());
        QCOMPARE(joinedDeltas(out.events, ModelStreamEvent::Kind(deltaKind)), item.value(field).toString());
        int added = 0;
        int done = 0;
        for (const ModelStreamEvent &e : out.events) {
            added += e.kind == ModelStreamEvent::OutputItemAdded ? 1 : 0;
            done += e.kind == ModelStreamEvent::OutputItemDone ? 1 : 0;
        }
        QCOMPARE(added, 1);
        QCOMPARE(done, 1);
    }

    void start_notStreamed_readsJsonResponse()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn turn;
        turn.outputItems = {messageItem(QStringLiteral("plain json")),
                            functionCallItem(QStringLiteral("view_image"),
                                             {{QStringLiteral("path"), QStringLiteral("a.png")}},
                                             QStringLiteral("call_v"))};
        turn.usage = QJsonObject{{QStringLiteral("input_tokens"), 12},
                                 {QStringLiteral("output_tokens"), 5},
                                 {QStringLiteral("total_tokens"), 17}};
        server.enqueue(turn);
        ResponsesClient client(fastSettings(server.baseUrl()));
        const Outcome out = run(client, basicRequest(false));
        SC_VERIFY_OK(out.result);
        QVERIFY(out.events.isEmpty());
        QCOMPARE(out.result->output.size(), 2);
        QCOMPARE(outputText(out.result->output.at(0).toObject()), QStringLiteral("plain json"));
        QCOMPARE(out.result->usage.inputTokens, 12);
        QCOMPARE(out.result->usage.totalTokens, 17);
        QVERIFY(!server.requests().at(0).json.contains(QLatin1StringView("stream")));
    }

    void start_requestBody_fieldsAndExtraMerged()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn turn;
        turn.outputItems = {messageItem(QStringLiteral("ok"))};
        server.enqueue(turn);
        ResponsesClient client(fastSettings(server.baseUrl()));
        ModelRequest request = basicRequest();
        const QJsonObject tool{
            {QStringLiteral("type"), QStringLiteral("function")},
            {QStringLiteral("name"), QStringLiteral("exec_command")},
            {QStringLiteral("parameters"), QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}}},
            {QStringLiteral("strict"), false}};
        request.tools = {tool};
        request.toolChoice = QStringLiteral("auto");
        request.parallelToolCalls = false;
        const QJsonArray contextManagement{QJsonObject{{QStringLiteral("type"), QStringLiteral("compaction")},
                                                       {QStringLiteral("compact_threshold"), 1000}}};
        request.extra =
            QJsonObject{{QStringLiteral("prompt_cache_key"), QStringLiteral("agents-sdk:run:abc")},
                        {QStringLiteral("context_management"), contextManagement},
                        {QStringLiteral("reasoning"), QJsonObject{{QStringLiteral("effort"), QStringLiteral("low")}}}};
        const Outcome out = run(client, request);
        SC_VERIFY_OK(out.result);
        QCOMPARE(server.requests().size(), 1);
        const QJsonObject body = server.requests().at(0).json;
        const QJsonObject expected{{QStringLiteral("model"), request.model},
                                   {QStringLiteral("instructions"), request.instructions},
                                   {QStringLiteral("input"), request.input},
                                   {QStringLiteral("tools"), request.tools},
                                   {QStringLiteral("tool_choice"), QStringLiteral("auto")},
                                   {QStringLiteral("parallel_tool_calls"), false},
                                   {QStringLiteral("stream"), true},
                                   {QStringLiteral("prompt_cache_key"), QStringLiteral("agents-sdk:run:abc")},
                                   {QStringLiteral("context_management"), contextManagement},
                                   {QStringLiteral("reasoning"), request.extra.value(QLatin1StringView("reasoning"))}};
        QCOMPARE(QJsonDocument(body).toJson(QJsonDocument::Compact),
                 QJsonDocument(expected).toJson(QJsonDocument::Compact));
    }

    void start_extraDuplicatesField_invalidInputAndNothingSent()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ResponsesClient client(fastSettings(server.baseUrl()));
        ModelRequest request = basicRequest();
        request.extra = QJsonObject{{QStringLiteral("model"), QStringLiteral("other")}};
        const Outcome out = run(client, request);
        QVERIFY(!out.result.has_value());
        QCOMPARE(out.result.error().code, ErrorCode::InvalidInput);
        QCOMPARE(out.result.error().detail, QStringLiteral("/extra/model"));
        QCOMPARE(server.requests().size(), 0);
    }

    void start_429WithRetryAfter_waitsThenSucceeds_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<int>("minimumGapMs");
        QTest::newRow("seconds") << QByteArray("Retry-After") << QByteArray("1") << 990;
        QTest::newRow("milliseconds") << QByteArray("retry-after-ms") << QByteArray("1200") << 1190;
        // An HTTP date 3 s ahead (made in the test function), truncated to whole seconds: >= 2 s away.
        QTest::newRow("http-date") << QByteArray("Retry-After") << QByteArray("now+3s") << 1900;
    }
    void start_429WithRetryAfter_waitsThenSucceeds()
    {
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, value);
        QFETCH(int, minimumGapMs);
        if (value == "now+3s") {
            value = QLocale::c()
                        .toString(QDateTime::currentDateTimeUtc().addSecs(3),
                                  QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
                        .toLatin1();
        }
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn limited;
        limited.httpStatus = 429;
        limited.headers = {{header, value}};
        server.enqueue(limited);
        ScriptedTurn ok;
        ok.outputItems = {messageItem(QStringLiteral("after the wait"))};
        server.enqueue(ok);
        QList<qint64> arrivals;
        QElapsedTimer clock;
        clock.start();
        connect(&server, &ScriptedModelServer::requestReceived, this, [&](int) { arrivals << clock.elapsed(); });
        ResponsesClient client(fastSettings(server.baseUrl())); // backoff alone would be <= 5 ms
        const Outcome out = run(client, basicRequest());
        SC_VERIFY_OK(out.result);
        QCOMPARE(outputText(out.result->output.at(0).toObject()), QStringLiteral("after the wait"));
        QCOMPARE(server.requests().size(), 2);
        QCOMPARE(arrivals.size(), 2);
        const qint64 gap = arrivals.at(1) - arrivals.at(0);
        QVERIFY2(gap >= minimumGapMs && gap < 5000, qPrintable(QStringLiteral("retried after %1 ms").arg(gap)));
    }

    void start_serverErrors_retriedOrNot_data()
    {
        QTest::addColumn<QList<int>>("statuses"); // scripted error turns before one good turn
        QTest::addColumn<int>("maxRetries");
        QTest::addColumn<bool>("succeeds");
        QTest::addColumn<int>("expectedRequests");
        QTest::newRow("500-twice-then-ok") << QList<int>{500, 500} << 3 << true << 3;
        QTest::newRow("502-503-then-ok") << QList<int>{502, 503} << 3 << true << 3;
        QTest::newRow("500-retries-exhausted") << QList<int>{500, 500, 500} << 2 << false << 3;
        QTest::newRow("400-not-retried") << QList<int>{400} << 3 << false << 1;
        QTest::newRow("401-not-retried") << QList<int>{401} << 3 << false << 1;
    }
    void start_serverErrors_retriedOrNot()
    {
        QFETCH(QList<int>, statuses);
        QFETCH(int, maxRetries);
        QFETCH(bool, succeeds);
        QFETCH(int, expectedRequests);
        ScriptedModelServer server;
        QVERIFY(server.listen());
        for (int status : statuses) {
            ScriptedTurn bad;
            bad.httpStatus = status;
            bad.errorBody =
                QJsonDocument(
                    QJsonObject{
                        {QStringLiteral("error"),
                         QJsonObject{{QStringLiteral("message"), QStringLiteral("scripted failure %1").arg(status)},
                                     {QStringLiteral("type"), QStringLiteral("invalid_request_error")},
                                     {QStringLiteral("code"), QStringLiteral("code_%1").arg(status)}}}})
                    .toJson(QJsonDocument::Compact);
            server.enqueue(bad);
        }
        ScriptedTurn ok;
        ok.outputItems = {messageItem(QStringLiteral("recovered"))};
        server.enqueue(ok);
        ProviderSettings settings = fastSettings(server.baseUrl());
        settings.maxRetries = maxRetries;
        ResponsesClient client(settings);
        const Outcome out = run(client, basicRequest());
        QCOMPARE(server.requests().size(), expectedRequests);
        if (succeeds) {
            SC_VERIFY_OK(out.result);
            QCOMPARE(outputText(out.result->output.at(0).toObject()), QStringLiteral("recovered"));
            return;
        }
        QVERIFY(!out.result.has_value());
        const int last = statuses.at(expectedRequests - 1);
        QCOMPARE(out.result.error().code, ErrorCode::Provider);
        if (last == 401) { // explained (tst_providererrors): the server's words stay in the detail
            QVERIFY2(out.result.error().detail.contains(QStringLiteral("scripted failure 401")),
                     qPrintable(out.result.error().detail));
        } else {
            QCOMPARE(out.result.error().message, QStringLiteral("scripted failure %1").arg(last));
        }
        QVERIFY2(out.result.error().detail.contains(QStringLiteral("HTTP %1, code code_%1").arg(last)),
                 qPrintable(out.result.error().detail));
        QVERIFY(!out.result.error().toString().contains(kApiKey));
    }

    void start_connectionRefused_networkErrorAfterRetries()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close(); // nothing listens there now
        ProviderSettings settings = fastSettings(QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(port)));
        settings.maxRetries = 2;
        ResponsesClient client(settings);
        const Outcome out = run(client, basicRequest());
        QVERIFY(!out.result.has_value());
        QCOMPARE(out.result.error().code, ErrorCode::Network);
        QVERIFY2(out.result.error().detail.contains(QStringLiteral("gave up after 3 attempts")),
                 qPrintable(out.result.error().toString()));
    }

    void start_truncatedStream_preciseNetworkError()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn turn;
        turn.outputItems = {messageItem(QStringLiteral("this stream will be cut in the middle of the text"))};
        turn.cutAfterEvents = 5;
        server.enqueue(turn);
        server.enqueue(turn); // must not be consumed: no retry once stream bytes were delivered
        ResponsesClient client(fastSettings(server.baseUrl()));
        const Outcome out = run(client, basicRequest());
        QVERIFY(!out.result.has_value());
        QCOMPARE(out.result.error().code, ErrorCode::Network);
        QCOMPARE(out.result.error().message, QStringLiteral("stream closed before response.completed"));
        // QNAM sees the cut chunked stream as a clean end or as "Connection closed", depending on timing.
        QVERIFY2(out.result.error().detail.startsWith(QStringLiteral("after 5 events")),
                 qPrintable(out.result.error().detail));
        QCOMPARE(out.events.size(), 5);
        QCOMPARE(server.requests().size(), 1);
    }

    void start_failedTerminal_providerErrorWithMessage_data()
    {
        QTest::addColumn<QString>("terminal");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("detailPart");
        QTest::newRow("response.failed") << QStringLiteral("failed")
                                         << QStringLiteral("Rate limit reached for gpt-test")
                                         << QStringLiteral("response.failed, code rate_limit_exceeded");
        QTest::newRow("error-event-then-failed")
            << QStringLiteral("error") << QStringLiteral("Rate limit reached for gpt-test")
            << QStringLiteral("code rate_limit_exceeded");
        QTest::newRow("incomplete") << QStringLiteral("incomplete")
                                    << QStringLiteral("Incomplete response returned, reason: max_output_tokens")
                                    << QStringLiteral("response.incomplete");
    }
    void start_failedTerminal_providerErrorWithMessage()
    {
        QFETCH(QString, terminal);
        QFETCH(QString, message);
        QFETCH(QString, detailPart);
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn turn;
        turn.outputItems = {messageItem(QStringLiteral("partial"))};
        turn.terminal = terminal;
        turn.error = QJsonObject{{QStringLiteral("code"), QStringLiteral("rate_limit_exceeded")},
                                 {QStringLiteral("message"), QStringLiteral("Rate limit reached for gpt-test")}};
        server.enqueue(turn);
        ResponsesClient client(fastSettings(server.baseUrl()));
        const Outcome out = run(client, basicRequest());
        QVERIFY(!out.result.has_value());
        QCOMPARE(out.result.error().code, ErrorCode::Provider);
        QCOMPARE(out.result.error().message, message);
        QVERIFY2(out.result.error().detail.contains(detailPart), qPrintable(out.result.error().detail));
        QCOMPARE(server.requests().size(), 1); // a failed stream is not retried
    }

    void start_completedWithEmptyOutput_usesItemsDone()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn turn; // codex's minimal fixture: no sequence numbers, no usage, empty completed.output
        turn.rawSse = QByteArrayLiteral(
            "event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"resp1\"}}\n\n"
            ": a comment line\r\n"
            "event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"item\":{\"type\":"
            "\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"fixture "
            "hello\"}]}}\n\n"
            "data: not json at all\n\n"
            "event: response.completed\ndata: "
            "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp1\",\"output\":[]}}\n\n");
        server.enqueue(turn);
        ResponsesClient client(fastSettings(server.baseUrl()));
        const Outcome out = run(client, basicRequest());
        SC_VERIFY_OK(out.result);
        QCOMPARE(out.result->id, QStringLiteral("resp1"));
        QCOMPARE(out.result->output.size(), 1);
        QCOMPARE(outputText(out.result->output.at(0).toObject()), QStringLiteral("fixture hello"));
        QCOMPARE(out.result->usage.totalTokens, 0);
        QCOMPARE(out.events.size(), 3); // the malformed event was skipped
    }

    void cancel_midStream_cancelledOnceAndNoMoreEvents()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn turn;
        turn.outputItems = {messageItem(QStringLiteral("a slow answer that streams one event at a time"))};
        turn.eventIntervalMs = 100;
        server.enqueue(turn);
        ResponsesClient client(fastSettings(server.baseUrl()));
        QObject context;
        ModelCall *call = client.start(basicRequest(), &context);
        QSignalSpy events(call, &ModelCall::streamEvent);
        QSignalSpy finished(call, &ModelCall::finished);
        QSignalSpy answered(&server, &ScriptedModelServer::turnAnswered);
        QVERIFY(events.wait(10000));
        call->cancel();
        QCOMPARE(finished.size(), 1);
        const auto r = finished.at(0).at(0).value<Result<ModelResponse>>();
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, ErrorCode::Cancelled);
        const qsizetype eventsAtCancel = events.size();
        // The server notices the client went away; nothing arrives at the call after cancel().
        QVERIFY(answered.wait(10000));
        call->cancel(); // no-op
        QCOMPARE(finished.size(), 1);
        QCOMPARE(events.size(), eventsAtCancel);
    }

    void start_clientDestroyedMidStream_callFinishesCancelled()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn turn;
        turn.outputItems = {messageItem(QStringLiteral("a slow answer that the client will not see to the end"))};
        turn.eventIntervalMs = 100;
        server.enqueue(turn);
        auto client = std::make_unique<ResponsesClient>(fastSettings(server.baseUrl()));
        QObject context; // the call outlives the client
        ModelCall *call = client->start(basicRequest(), &context);
        QSignalSpy events(call, &ModelCall::streamEvent);
        QSignalSpy finished(call, &ModelCall::finished);
        QVERIFY(events.wait(10000));
        client.reset();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).value<Result<ModelResponse>>().error().code, ErrorCode::Cancelled);
        call->cancel(); // still safe, still no second finished()
        QCOMPARE(finished.size(), 1);
    }

    void cancel_duringRetryWait_stopsTimer()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn limited;
        limited.httpStatus = 429;
        limited.headers = {{QByteArrayLiteral("Retry-After"), QByteArrayLiteral("30")}};
        server.enqueue(limited);
        ResponsesClient client(fastSettings(server.baseUrl()));
        QObject context;
        ModelCall *call = client.start(basicRequest(), &context);
        QSignalSpy finished(call, &ModelCall::finished);
        QSignalSpy answered(&server, &ScriptedModelServer::turnAnswered);
        QVERIFY(answered.wait(10000));
        call->cancel();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).value<Result<ModelResponse>>().error().code, ErrorCode::Cancelled);
        QCOMPARE(server.requests().size(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_ResponsesClient)
#include "tst_responsesclient.moc"
