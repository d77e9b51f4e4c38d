// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "scriptedmodelserver.h"
#include "testenv.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Test;

namespace {

struct HttpReply
{
    bool finished = false;
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QByteArray contentType;
    QList<QNetworkReply::RawHeaderPair> headers;
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0) {
                return value;
            }
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

HttpReply post(const QUrl &url, const QJsonObject &body, const QList<QPair<QByteArray, QByteArray>> &headers = {})
{
    QNetworkAccessManager nam;
    nam.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto &[name, value] : headers) {
        request.setRawHeader(name, value);
    }
    QNetworkReply *reply = nam.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    QSignalSpy spy(reply, &QNetworkReply::finished);
    HttpReply r;
    r.finished = reply->isFinished() || spy.wait(10000);
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.error = reply->error();
    r.body = reply->readAll();
    r.contentType = reply->rawHeader("Content-Type");
    r.headers = reply->rawHeaderPairs();
    delete reply;
    return r;
}

QUrl endpoint(const ScriptedModelServer &server, const char *path)
{
    return QUrl(server.baseUrl().toString() + QLatin1String(path));
}

struct SseEvent
{
    QByteArray event;
    QJsonObject data;
};

/// Parses `event:`/`data:` blocks; `error` names the first framing problem.
QList<SseEvent> parseSse(const QByteArray &body, QString *error)
{
    QList<SseEvent> events;
    if (!body.endsWith("\n\n")) {
        *error = QStringLiteral("stream does not end with a blank line");
    }
    const QList<QByteArray> blocks = body.split('\n');
    SseEvent current;
    int lines = 0;
    for (const QByteArray &line : blocks) {
        if (line.isEmpty()) {
            if (lines == 2) {
                events.append(current);
            } else if (lines != 0 && error->isEmpty()) {
                *error = QStringLiteral("event %1 has %2 lines, expected event: + data:").arg(events.size()).arg(lines);
            }
            current = {};
            lines = 0;
            continue;
        }
        ++lines;
        if (lines == 1 && line.startsWith("event: ")) {
            current.event = line.mid(7);
        } else if (lines == 2 && line.startsWith("data: ")) {
            QJsonParseError pe;
            current.data = QJsonDocument::fromJson(line.mid(6), &pe).object();
            if (pe.error != QJsonParseError::NoError && error->isEmpty()) {
                *error = QStringLiteral("event %1: bad JSON: %2").arg(events.size()).arg(pe.errorString());
            }
        } else if (error->isEmpty()) {
            *error = QStringLiteral("event %1: unexpected line %2").arg(events.size()).arg(QString::fromUtf8(line));
        }
    }
    return events;
}

QStringList collapsedTypes(const QList<SseEvent> &events)
{
    QStringList types;
    for (const SseEvent &e : events) {
        const QString t = e.data.value(QLatin1String("type")).toString();
        if (types.isEmpty() || types.last() != t) {
            types.append(t);
        }
    }
    return types;
}

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

/// Rebuilds every output item from its `.added` stub and the delta events, as a client does.
QMap<int, QJsonObject> accumulate(const QList<SseEvent> &events)
{
    QMap<int, QJsonObject> items;
    for (const SseEvent &e : events) {
        const QJsonObject d = e.data;
        const QString type = str(d, "type");
        const int oi = d.value(QLatin1String("output_index")).toInt();
        QJsonObject &item = items[oi];
        auto appendIn = [&](const char *arrayKey, int index, const char *textKey, const QString &delta) {
            QJsonArray array = item.value(QLatin1String(arrayKey)).toArray();
            QJsonObject part = array.at(index).toObject();
            part.insert(QLatin1String(textKey), QString(str(part, textKey) + delta));
            array.replace(index, part);
            item.insert(QLatin1String(arrayKey), array);
        };
        if (type == QLatin1String("response.output_item.added")) {
            item = d.value(QLatin1String("item")).toObject();
        } else if (type == QLatin1String("response.content_part.added")) {
            QJsonArray content = item.value(QLatin1String("content")).toArray();
            content.append(d.value(QLatin1String("part")));
            item.insert(QStringLiteral("content"), content);
        } else if (type == QLatin1String("response.output_text.delta")) {
            appendIn("content", d.value(QLatin1String("content_index")).toInt(), "text", str(d, "delta"));
        } else if (type == QLatin1String("response.function_call_arguments.delta")) {
            item.insert(QStringLiteral("arguments"), QString(str(item, "arguments") + str(d, "delta")));
        } else if (type == QLatin1String("response.custom_tool_call_input.delta")) {
            item.insert(QStringLiteral("input"), QString(str(item, "input") + str(d, "delta")));
        } else if (type == QLatin1String("response.apply_patch_call_operation_diff.delta")) {
            QJsonObject op = item.value(QLatin1String("operation")).toObject();
            op.insert(QStringLiteral("diff"), QString(str(op, "diff") + str(d, "delta")));
            item.insert(QStringLiteral("operation"), op);
        } else if (type == QLatin1String("response.reasoning_summary_part.added")) {
            QJsonArray summary = item.value(QLatin1String("summary")).toArray();
            summary.append(d.value(QLatin1String("part")));
            item.insert(QStringLiteral("summary"), summary);
        } else if (type == QLatin1String("response.reasoning_summary_text.delta")) {
            appendIn("summary", d.value(QLatin1String("summary_index")).toInt(), "text", str(d, "delta"));
        }
    }
    return items;
}

const QString Patch = QStringLiteral("*** Begin Patch\n*** Add File: hello.txt\n+hello\n+world\n*** End Patch\n");

} // namespace

class tst_ScriptedModelServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void responsesStream_outputItems_framedOrderedAndRoundTrip_data()
    {
        QTest::addColumn<QJsonArray>("items");
        QTest::addColumn<QStringList>("expectedTypes");
        const QString created = QStringLiteral("response.created");
        const QString progress = QStringLiteral("response.in_progress");
        const QString added = QStringLiteral("response.output_item.added");
        const QString done = QStringLiteral("response.output_item.done");
        const QString completed = QStringLiteral("response.completed");
        const QStringList message{
            QStringLiteral("response.content_part.added"), QStringLiteral("response.output_text.delta"),
            QStringLiteral("response.output_text.done"), QStringLiteral("response.content_part.done")};
        const QStringList call{QStringLiteral("response.function_call_arguments.delta"),
                               QStringLiteral("response.function_call_arguments.done")};
        QTest::newRow("message") << QJsonArray{messageItem(QStringLiteral("Hello from the scripted model, in words."))}
                                 << (QStringList{created, progress, added} + message + QStringList{done, completed});
        QTest::newRow("message-non-ascii")
            << QJsonArray{messageItem(QString::fromUtf8("Grüße 👋👋👋 ünïcødé — done"))}
            << (QStringList{created, progress, added} + message + QStringList{done, completed});
        QTest::newRow("function_call") << QJsonArray{functionCallItem(
                                              QStringLiteral("exec_command"),
                                              {{QStringLiteral("cmd"), QStringLiteral("ls -la")},
                                               {QStringLiteral("workdir"), QStringLiteral("/workspace")}},
                                              QStringLiteral("call_abc"))}
                                       << (QStringList{created, progress, added} + call + QStringList{done, completed});
        QTest::newRow("custom_tool_call")
            << QJsonArray{customToolCallItem(QStringLiteral("apply_patch"), Patch, QStringLiteral("call_p"))}
            << QStringList{created,
                           progress,
                           added,
                           QStringLiteral("response.custom_tool_call_input.delta"),
                           QStringLiteral("response.custom_tool_call_input.done"),
                           done,
                           completed};
        QTest::newRow("apply_patch_call-create")
            << QJsonArray{applyPatchCallItem(
                   {{QStringLiteral("type"), QStringLiteral("create_file")},
                    {QStringLiteral("path"), QStringLiteral("notes.md")},
                    {QStringLiteral("diff"), QStringLiteral("+# Notes\n+\n+- one\n+- two\n")}},
                   QStringLiteral("call_c"))}
            << QStringList{created,
                           progress,
                           added,
                           QStringLiteral("response.apply_patch_call_operation_diff.delta"),
                           QStringLiteral("response.apply_patch_call_operation_diff.done"),
                           done,
                           completed};
        QTest::newRow("apply_patch_call-delete")
            << QJsonArray{applyPatchCallItem({{QStringLiteral("type"), QStringLiteral("delete_file")},
                                              {QStringLiteral("path"), QStringLiteral("old.md")}},
                                             QStringLiteral("call_d"))}
            << QStringList{created, progress, added, done, completed};
        QTest::newRow("reasoning+function_call")
            << QJsonArray{reasoningItem(QStringLiteral("I should list the files first.")),
                          functionCallItem(QStringLiteral("exec_command"),
                                           {{QStringLiteral("cmd"), QStringLiteral("ls")}}, QStringLiteral("call_r"))}
            << (QStringList{created, progress, added, QStringLiteral("response.reasoning_summary_part.added"),
                            QStringLiteral("response.reasoning_summary_text.delta"),
                            QStringLiteral("response.reasoning_summary_text.done"),
                            QStringLiteral("response.reasoning_summary_part.done"), done, added} +
                call + QStringList{done, completed});
        QTest::newRow("no-output") << QJsonArray() << QStringList{created, progress, completed};
    }
    void responsesStream_outputItems_framedOrderedAndRoundTrip()
    {
        QFETCH(QJsonArray, items);
        QFETCH(QStringList, expectedTypes);
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn turn;
        turn.outputItems = items;
        server.enqueue(turn);

        const HttpReply r = post(endpoint(server, "/responses"), {{QStringLiteral("model"), QStringLiteral("gpt-test")},
                                                                  {QStringLiteral("stream"), true}});
        QVERIFY(r.finished);
        QCOMPARE(r.error, QNetworkReply::NoError);
        QCOMPARE(r.status, 200);
        QVERIFY2(r.contentType.startsWith("text/event-stream"), r.contentType.constData());
        QString framing;
        const QList<SseEvent> events = parseSse(r.body, &framing);
        QVERIFY2(framing.isEmpty(), qPrintable(framing));
        QCOMPARE(collapsedTypes(events), expectedTypes);

        for (qsizetype i = 0; i < events.size(); ++i) {
            QCOMPARE(QString::fromUtf8(events.at(i).event), str(events.at(i).data, "type"));
            QCOMPARE(events.at(i).data.value(QLatin1String("sequence_number")).toInt(-1), int(i));
        }
        const QJsonObject completed = events.last().data.value(QLatin1String("response")).toObject();
        QCOMPARE(str(completed, "status"), QStringLiteral("completed"));
        QCOMPARE(str(completed, "model"), QStringLiteral("gpt-test"));
        QCOMPARE(str(events.first().data.value(QLatin1String("response")).toObject(), "id"), str(completed, "id"));
        QCOMPARE(completed.value(QLatin1String("output")).toArray(), items);
        const QJsonObject usage = completed.value(QLatin1String("usage")).toObject();
        QVERIFY(usage.value(QLatin1String("input_tokens")).toInt() > 0);
        QCOMPARE(usage.value(QLatin1String("total_tokens")).toInt(),
                 usage.value(QLatin1String("input_tokens")).toInt() +
                     usage.value(QLatin1String("output_tokens")).toInt());

        // Accumulating the deltas onto the .added stub gives the .done item.
        const QMap<int, QJsonObject> rebuilt = accumulate(events);
        int doneCount = 0;
        int deltaCount = 0;
        for (const SseEvent &e : events) {
            const QString type = str(e.data, "type");
            deltaCount += type.endsWith(QLatin1String(".delta")) ? 1 : 0;
            if (type != QLatin1String("response.output_item.done")) {
                continue;
            }
            const int oi = e.data.value(QLatin1String("output_index")).toInt();
            QCOMPARE(oi, doneCount++);
            QJsonObject expected = e.data.value(QLatin1String("item")).toObject();
            QJsonObject got = rebuilt.value(oi);
            QCOMPARE(str(got, "status"),
                     expected.contains(QLatin1String("status")) ? QStringLiteral("in_progress") : QString());
            got.remove(QStringLiteral("status"));
            expected.remove(QStringLiteral("status"));
            QCOMPARE(got, expected);
            QCOMPARE(e.data.value(QLatin1String("item")).toObject(), items.at(oi).toObject());
        }
        QCOMPARE(doneCount, int(items.size()));
        if (expectedTypes.join(QLatin1Char(' ')).contains(QLatin1String(".delta"))) {
            QVERIFY2(deltaCount >= 3 * int(items.size()), "text should be split into several deltas");
        }
    }

    void responsesNonStream_outputItems_jsonResponseObject()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn turn;
        turn.outputItems = {messageItem(QStringLiteral("plain answer")),
                            functionCallItem(QStringLiteral("view_image"),
                                             {{QStringLiteral("path"), QStringLiteral("a.png")}},
                                             QStringLiteral("call_1"))};
        turn.responseId = QStringLiteral("resp_fixed");
        server.enqueue(turn);
        const HttpReply r = post(endpoint(server, "/responses"), {{QStringLiteral("input"), QStringLiteral("hi")}});
        QVERIFY(r.finished);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.contentType, QByteArrayLiteral("application/json"));
        const QJsonObject o = r.json();
        QCOMPARE(str(o, "object"), QStringLiteral("response"));
        QCOMPARE(str(o, "id"), QStringLiteral("resp_fixed"));
        QCOMPARE(str(o, "status"), QStringLiteral("completed"));
        QCOMPARE(o.value(QLatin1String("output")).toArray(), turn.outputItems);
        QVERIFY(o.value(QLatin1String("usage")).toObject().value(QLatin1String("output_tokens")).toInt() > 0);
    }

    void responsesStream_terminal_matchingTerminalEvent_data()
    {
        QTest::addColumn<QString>("terminal");
        QTest::addColumn<QStringList>("lastTypes");
        QTest::addColumn<QString>("status");
        QTest::newRow("failed") << QStringLiteral("failed") << QStringList{QStringLiteral("response.failed")}
                                << QStringLiteral("failed");
        QTest::newRow("incomplete") << QStringLiteral("incomplete")
                                    << QStringList{QStringLiteral("response.incomplete")}
                                    << QStringLiteral("incomplete");
        QTest::newRow("error") << QStringLiteral("error")
                               << QStringList{QStringLiteral("error"), QStringLiteral("response.failed")}
                               << QStringLiteral("failed");
    }
    void responsesStream_terminal_matchingTerminalEvent()
    {
        QFETCH(QString, terminal);
        QFETCH(QStringList, lastTypes);
        QFETCH(QString, status);
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn turn;
        turn.outputItems = {messageItem(QStringLiteral("partial"))};
        turn.terminal = terminal;
        turn.error = {{QStringLiteral("code"), QStringLiteral("rate_limit_exceeded")},
                      {QStringLiteral("message"), QStringLiteral("Rate limit reached. Please try again in 1.5s.")}};
        server.enqueue(turn);
        const HttpReply r = post(endpoint(server, "/responses"), {{QStringLiteral("stream"), true}});
        QVERIFY(r.finished);
        QString framing;
        const QList<SseEvent> events = parseSse(r.body, &framing);
        QVERIFY2(framing.isEmpty(), qPrintable(framing));
        QVERIFY(events.size() > lastTypes.size());
        QStringList tail;
        for (qsizetype i = events.size() - lastTypes.size(); i < events.size(); ++i) {
            tail.append(str(events.at(i).data, "type"));
            QCOMPARE(events.at(i).data.value(QLatin1String("sequence_number")).toInt(-1), int(i));
        }
        QCOMPARE(tail, lastTypes);
        const QJsonObject response = events.last().data.value(QLatin1String("response")).toObject();
        QCOMPARE(str(response, "status"), status);
        if (status == QLatin1String("failed")) {
            QCOMPARE(str(response.value(QLatin1String("error")).toObject(), "code"),
                     QStringLiteral("rate_limit_exceeded"));
        } else {
            QCOMPARE(str(response.value(QLatin1String("incomplete_details")).toObject(), "reason"),
                     QStringLiteral("max_output_tokens"));
        }
        if (terminal == QLatin1String("error")) {
            const QJsonObject error = events.at(events.size() - 2).data.value(QLatin1String("error")).toObject();
            QCOMPARE(str(error, "code"), QStringLiteral("rate_limit_exceeded"));
            QVERIFY(str(error, "message").contains(QLatin1String("try again in 1.5s")));
        }
    }

    void chatCompletionsStream_turn_chunksAccumulate_data()
    {
        QTest::addColumn<QJsonArray>("items");
        QTest::addColumn<QString>("content");
        QTest::addColumn<QStringList>("toolNames");
        QTest::addColumn<QStringList>("toolArguments");
        QTest::addColumn<QString>("finishReason");
        const QJsonObject args{{QStringLiteral("cmd"), QStringLiteral("echo hi")}};
        const QString argsText = QStringLiteral("{\"cmd\":\"echo hi\"}");
        QTest::newRow("message") << QJsonArray{messageItem(QStringLiteral("Hello, chat completions!"))}
                                 << QStringLiteral("Hello, chat completions!") << QStringList() << QStringList()
                                 << QStringLiteral("stop");
        QTest::newRow("function_call") << QJsonArray{functionCallItem(QStringLiteral("exec_command"), args,
                                                                      QStringLiteral("call_9"))}
                                       << QString() << QStringList{QStringLiteral("exec_command")}
                                       << QStringList{argsText} << QStringLiteral("tool_calls");
        QTest::newRow("message+two-calls")
            << QJsonArray{messageItem(QStringLiteral("Running it.")),
                          functionCallItem(QStringLiteral("exec_command"), args, QStringLiteral("call_a")),
                          functionCallItem(QStringLiteral("write_stdin"), {}, QStringLiteral("call_b"))}
            << QStringLiteral("Running it.")
            << QStringList{QStringLiteral("exec_command"), QStringLiteral("write_stdin")}
            << QStringList{argsText, QStringLiteral("{}")} << QStringLiteral("tool_calls");
    }
    void chatCompletionsStream_turn_chunksAccumulate()
    {
        QFETCH(QJsonArray, items);
        QFETCH(QString, content);
        QFETCH(QStringList, toolNames);
        QFETCH(QStringList, toolArguments);
        QFETCH(QString, finishReason);
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn turn;
        turn.outputItems = items;
        server.enqueue(turn);
        const HttpReply r = post(endpoint(server, "/chat/completions"), {{QStringLiteral("stream"), true}});
        QVERIFY(r.finished);
        QCOMPARE(r.status, 200);
        QVERIFY(r.contentType.startsWith("text/event-stream"));
        QVERIFY(r.body.endsWith("data: [DONE]\n\n"));

        QString gotContent;
        QStringList names;
        QStringList arguments;
        QString finish;
        QJsonObject usage;
        const QList<QByteArray> blocks = r.body.split('\n');
        for (const QByteArray &line : blocks) {
            if (line.isEmpty() || line == "data: [DONE]") {
                continue;
            }
            QVERIFY2(line.startsWith("data: "), line.constData());
            const QJsonObject chunk = QJsonDocument::fromJson(line.mid(6)).object();
            QCOMPARE(str(chunk, "object"), QStringLiteral("chat.completion.chunk"));
            if (chunk.contains(QLatin1String("usage"))) {
                usage = chunk.value(QLatin1String("usage")).toObject();
                QVERIFY(chunk.value(QLatin1String("choices")).toArray().isEmpty());
                continue;
            }
            const QJsonObject choice = chunk.value(QLatin1String("choices")).toArray().at(0).toObject();
            QVERIFY(usage.isEmpty()); // the usage chunk is the last one
            if (!choice.value(QLatin1String("finish_reason")).isNull()) {
                finish = str(choice, "finish_reason");
            }
            const QJsonObject delta = choice.value(QLatin1String("delta")).toObject();
            gotContent += str(delta, "content");
            for (const QJsonValue &v : delta.value(QLatin1String("tool_calls")).toArray()) {
                const QJsonObject call = v.toObject();
                const int index = call.value(QLatin1String("index")).toInt();
                const QJsonObject fn = call.value(QLatin1String("function")).toObject();
                if (index == names.size()) {
                    QVERIFY(str(call, "id").startsWith(QLatin1String("call_")));
                    names.append(str(fn, "name"));
                    arguments.append(QString());
                }
                arguments[index] += str(fn, "arguments");
            }
        }
        QCOMPARE(gotContent, content);
        QCOMPARE(names, toolNames);
        QCOMPARE(arguments, toolArguments);
        QCOMPARE(finish, finishReason);
        QVERIFY(usage.value(QLatin1String("completion_tokens")).toInt() > 0);
        QCOMPARE(usage.value(QLatin1String("total_tokens")).toInt(),
                 usage.value(QLatin1String("prompt_tokens")).toInt() +
                     usage.value(QLatin1String("completion_tokens")).toInt());
    }

    void chatCompletionsNonStream_turn_chatCompletionObject()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn turn;
        turn.outputItems = {messageItem(QStringLiteral("Sure.")),
                            customToolCallItem(QStringLiteral("apply_patch"), Patch, QStringLiteral("call_x"))};
        server.enqueue(turn);
        const HttpReply r =
            post(endpoint(server, "/chat/completions"), {{QStringLiteral("model"), QStringLiteral("m1")}});
        QVERIFY(r.finished);
        QCOMPARE(r.status, 200);
        const QJsonObject o = r.json();
        QCOMPARE(str(o, "object"), QStringLiteral("chat.completion"));
        QCOMPARE(str(o, "model"), QStringLiteral("m1"));
        const QJsonObject choice = o.value(QLatin1String("choices")).toArray().at(0).toObject();
        QCOMPARE(str(choice, "finish_reason"), QStringLiteral("tool_calls"));
        const QJsonObject message = choice.value(QLatin1String("message")).toObject();
        QCOMPARE(str(message, "content"), QStringLiteral("Sure."));
        const QJsonObject call = message.value(QLatin1String("tool_calls")).toArray().at(0).toObject();
        QCOMPARE(str(call, "id"), QStringLiteral("call_x"));
        QCOMPARE(str(call, "type"), QStringLiteral("custom"));
        QCOMPARE(str(call.value(QLatin1String("custom")).toObject(), "input"), Patch);
    }

    void errorStatus_scripted_statusHeadersAndBody_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("retryAfter");
        QTest::addColumn<QByteArray>("errorBody");
        QTest::addColumn<QString>("expectedMessage");
        QTest::newRow("429-retry-after") << 429 << QByteArrayLiteral("1") << QByteArray()
                                         << QStringLiteral("scripted HTTP 429 reply");
        QTest::newRow("503-custom-body") << 503 << QByteArray()
                                         << QByteArrayLiteral(
                                                R"({"error":{"message":"overloaded","type":"server_error"}})")
                                         << QStringLiteral("overloaded");
    }
    void errorStatus_scripted_statusHeadersAndBody()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, retryAfter);
        QFETCH(QByteArray, errorBody);
        QFETCH(QString, expectedMessage);
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn turn;
        turn.httpStatus = status;
        turn.errorBody = errorBody;
        if (!retryAfter.isEmpty()) {
            turn.headers.append({QByteArrayLiteral("Retry-After"), retryAfter});
        }
        turn.outputItems = {messageItem(QStringLiteral("never sent"))};
        server.enqueue(turn);
        const HttpReply r = post(endpoint(server, "/responses"), {{QStringLiteral("stream"), true}});
        QVERIFY(r.finished);
        QCOMPARE(r.status, status);
        QVERIFY(r.error != QNetworkReply::NoError);
        QCOMPARE(r.header("Retry-After"), retryAfter);
        QCOMPARE(str(r.json().value(QLatin1String("error")).toObject(), "message"), expectedMessage);
        QCOMPARE(server.remainingTurns(), 0);
    }

    void cutAfterEvents_stream_truncatedAfterNEvents_data()
    {
        QTest::addColumn<bool>("raw");
        QTest::addColumn<int>("cut");
        QTest::newRow("rendered-0") << false << 0;
        QTest::newRow("rendered-3") << false << 3;
        QTest::newRow("raw-2") << true << 2;
    }
    void cutAfterEvents_stream_truncatedAfterNEvents()
    {
        QFETCH(bool, raw);
        QFETCH(int, cut);
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn turn;
        if (raw) {
            turn.rawSse =
                "event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"r\"}}\n\n"
                "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\"}\n\n"
                "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{}}\n\n";
        } else {
            turn.outputItems = {messageItem(QStringLiteral("This message will be cut short."))};
        }
        turn.cutAfterEvents = cut;
        server.enqueue(turn);
        const HttpReply r = post(endpoint(server, "/responses"), {{QStringLiteral("stream"), true}});
        QVERIFY(r.finished);
        // The connection closes without the terminating chunk; QNetworkAccessManager still reports
        // NoError for that (curl says "transfer closed with outstanding read data remaining"), so a
        // client sees a stream that ends without response.completed.
        QString framing;
        const QList<SseEvent> events = parseSse(r.body, &framing);
        if (cut > 0) {
            QVERIFY2(framing.isEmpty(), qPrintable(framing));
        }
        QCOMPARE(events.size(), cut);
        for (const SseEvent &e : events) {
            QVERIFY(str(e.data, "type") != QLatin1String("response.completed"));
        }
    }

    void requests_recordedBeforeReply_methodPathHeadersBody()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue({});
        server.enqueue({});
        QList<int> recordedAtSignal;
        connect(&server, &ScriptedModelServer::requestReceived, this,
                [&](int index) { recordedAtSignal.append(int(server.requests().size()) - index); });
        QSignalSpy done(&server, &ScriptedModelServer::allTurnsAnswered);
        const QJsonObject body{{QStringLiteral("model"), QStringLiteral("gpt-x")},
                               {QStringLiteral("input"), QJsonArray{QStringLiteral("hello")}}};
        QVERIFY(post(endpoint(server, "/responses"), body,
                     {{QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer sk-test")},
                      {QByteArrayLiteral("X-Trace"), QByteArrayLiteral("abc")}})
                    .finished);
        QCOMPARE(done.count(), 0);
        QVERIFY(post(endpoint(server, "/chat/completions?api-version=1"), {{QStringLiteral("stream"), true}}).finished);
        QTRY_COMPARE(done.count(), 1);

        const QList<RecordedRequest> requests = server.requests();
        QCOMPARE(requests.size(), 2);
        QCOMPARE(recordedAtSignal, (QList<int>{1, 1}));
        QCOMPARE(requests.at(0).method, QByteArrayLiteral("POST"));
        QCOMPARE(requests.at(0).path, QByteArrayLiteral("/v1/responses"));
        QCOMPARE(requests.at(0).header("authorization"), QByteArrayLiteral("Bearer sk-test"));
        QCOMPARE(requests.at(0).header("X-TRACE"), QByteArrayLiteral("abc"));
        QCOMPARE(requests.at(0).json, body);
        QCOMPARE(requests.at(0).body, QJsonDocument(body).toJson(QJsonDocument::Compact));
        QCOMPARE(requests.at(1).path, QByteArrayLiteral("/v1/chat/completions?api-version=1"));
        QCOMPARE(requests.at(0).toJson().value(QLatin1String("headers")).toObject().value(QLatin1String("x-trace")),
                 QJsonValue(QStringLiteral("abc")));
    }

    void script_exhausted_replies500SaysSo()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue({});
        QCOMPARE(post(endpoint(server, "/responses"), {}).status, 200);
        const HttpReply r = post(endpoint(server, "/responses"), {});
        QVERIFY(r.finished);
        QCOMPARE(r.status, 500);
        const QJsonObject error = r.json().value(QLatin1String("error")).toObject();
        QCOMPARE(str(error, "code"), QStringLiteral("script_exhausted"));
        QVERIFY2(str(error, "message").contains(QLatin1String("exhausted")), qPrintable(str(error, "message")));
        QCOMPARE(server.requests().size(), 2);
    }

    void unknownPath_any_404WithoutConsumingTurn()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue({});
        const HttpReply r = post(endpoint(server, "/embeddings"), {});
        QCOMPARE(r.status, 404);
        QCOMPARE(server.remainingTurns(), 1);
        QCOMPARE(server.requests().size(), 1);
    }

    void keepAlive_pipelinedAndChunkedRequests_bothAnswered()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn a;
        a.outputItems = {messageItem(QStringLiteral("first"))};
        ScriptedTurn b;
        b.outputItems = {messageItem(QStringLiteral("second"))};
        server.setScript({a, b});
        QTcpSocket socket;
        QSignalSpy connected(&socket, &QTcpSocket::connected);
        socket.connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(connected.wait(5000));
        const QByteArray body = R"({"model":"m"})";
        socket.write("POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Length: " + QByteArray::number(body.size()) +
                     "\r\n\r\n" + body +
                     "POST /v1/responses HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "5\r\n{\"mod\r\n8\r\nel\":\"m\"}\r\n0\r\n\r\n");
        QByteArray received;
        QTRY_VERIFY_WITH_TIMEOUT(
            (received += socket.readAll()).count("HTTP/1.1 200 OK") == 2 && received.contains("\"second\""), 5000);
        QVERIFY(received.indexOf("first") < received.indexOf("second"));
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
        QCOMPARE(server.requests().size(), 2);
        QCOMPARE(server.requests().at(1).body, body);
    }

    void eventInterval_stream_completeStreamArrives()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        ScriptedTurn turn;
        turn.outputItems = {messageItem(QStringLiteral("slow"))};
        turn.eventIntervalMs = 5;
        turn.delayMs = 20;
        server.enqueue(turn);
        const HttpReply r = post(endpoint(server, "/responses"), {{QStringLiteral("stream"), true}});
        QVERIFY(r.finished);
        QCOMPARE(r.error, QNetworkReply::NoError);
        QString framing;
        const QList<SseEvent> events = parseSse(r.body, &framing);
        QVERIFY2(framing.isEmpty(), qPrintable(framing));
        QCOMPARE(str(events.last().data, "type"), QStringLiteral("response.completed"));
    }

    void executable_scriptWithRequestsFile_servesRecordsAndExits()
    {
        const QString program = QCoreApplication::applicationDirPath() + QStringLiteral("/scripted-model-server");
        if (!QFileInfo::exists(program)) {
            QSKIP("scripted-model-server is not built next to this test");
        }
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        QFile script(tmp.filePath(QStringLiteral("script.json")));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write(R"({"turns":[{"text":"from the executable"}]})");
        script.close();
        const QString requestsFile = tmp.filePath(QStringLiteral("requests.jsonl"));
        QProcess process;
        process.start(program, {QStringLiteral("--script"), script.fileName(), QStringLiteral("--requests"),
                                requestsFile, QStringLiteral("--exit-when-done")});
        QVERIFY2(process.waitForStarted(5000), qPrintable(process.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), 5000);
        const QByteArray line = process.readLine().trimmed();
        QVERIFY2(line.startsWith("listening http://127.0.0.1:") && line.endsWith("/v1"), line.constData());
        const QUrl base(QString::fromLatin1(line.mid(10)));
        const HttpReply r = post(QUrl(base.toString() + QStringLiteral("/responses")),
                                 {{QStringLiteral("model"), QStringLiteral("m")}});
        QCOMPARE(r.status, 200);
        QCOMPARE(str(r.json().value(QLatin1String("output")).toArray().at(0).toObject(), "type"),
                 QStringLiteral("message"));
        QTRY_COMPARE_WITH_TIMEOUT(process.state(), QProcess::NotRunning, 5000);
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        QFile recorded(requestsFile);
        QVERIFY(recorded.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = recorded.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 1);
        const QJsonObject request = QJsonDocument::fromJson(lines.at(0)).object();
        QCOMPARE(str(request, "method"), QStringLiteral("POST"));
        QCOMPARE(str(request, "path"), QStringLiteral("/v1/responses"));
        QCOMPARE(str(request.value(QLatin1String("headers")).toObject(), "content-type"),
                 QStringLiteral("application/json"));
        QCOMPARE(QJsonDocument::fromJson(str(request, "body").toUtf8()).object(),
                 (QJsonObject{{QStringLiteral("model"), QStringLiteral("m")}}));
    }

    void executable_badScript_exits2WithMessage()
    {
        const QString program = QCoreApplication::applicationDirPath() + QStringLiteral("/scripted-model-server");
        if (!QFileInfo::exists(program)) {
            QSKIP("scripted-model-server is not built next to this test");
        }
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        QProcess process;
        process.start(program, {QStringLiteral("--script"), tmp.filePath(QStringLiteral("missing.json"))});
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(process.readAllStandardOutput().isEmpty());
        QVERIFY(process.readAllStandardError().contains("missing.json"));
    }

    void conformanceReplay_rawSse_byteForByte_data()
    {
        QTest::addColumn<QString>("file");
        for (const char *name :
             {"text_output_multi_delta.sse", "function_call_arguments_deltas.sse", "custom_tool_call_input_deltas.sse",
              "apply_patch_call_create_file.sse", "response_failed_rate_limit.sse", "error_then_response_failed.sse"}) {
            QTest::newRow(name) << QString::fromLatin1(name);
        }
    }
    void conformanceReplay_rawSse_byteForByte()
    {
        QFETCH(QString, file);
        QString why;
        const QString dir = conformancePath(QStringLiteral("responses_sse"), &why);
        if (dir.isEmpty()) {
            QSKIP(qPrintable(why));
        }
        QFile f(dir + QLatin1Char('/') + file);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
        const QByteArray expected = f.readAll();

        // Through the script loader ("sse_file" relative to the script), as integration tests use it.
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        QFile script(tmp.filePath(QStringLiteral("script.json")));
        QVERIFY(script.open(QIODevice::WriteOnly));
        const QJsonObject turn{{QStringLiteral("sse_file"), QDir(tmp.path()).relativeFilePath(f.fileName())}};
        script.write(QJsonDocument(QJsonObject{{QStringLiteral("turns"), QJsonArray{turn}}}).toJson());
        script.close();
        ScriptedModelServer server;
        QVERIFY(server.listen());
        QString error;
        QVERIFY2(server.loadScript(script.fileName(), &error), qPrintable(error));
        const HttpReply r = post(endpoint(server, "/responses"), {{QStringLiteral("stream"), true}});
        QVERIFY(r.finished);
        QCOMPARE(r.error, QNetworkReply::NoError);
        QCOMPARE(r.body.size(), expected.size());
        QVERIFY(r.body == expected);
    }

    void loadScript_valid_turnsInOrder()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QByteArray rawBytes = "event: response.created\ndata: {\"type\":\"response.created\"}\n\n";
        QFile raw(tmp.filePath(QStringLiteral("one.sse")));
        QVERIFY(raw.open(QIODevice::WriteOnly));
        raw.write(rawBytes);
        raw.close();
        QFile script(tmp.filePath(QStringLiteral("script.json")));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write(R"({"turns":[
            {"text":"hi", "output":[{"type":"function_call","name":"exec_command","arguments":{"cmd":"ls"}}]},
            {"status":429,"headers":{"Retry-After":"2"}},
            {"sse_file":"one.sse"},
            {"terminal":"incomplete","incomplete_reason":"content_filter","response_id":"resp_x"}
        ]})");
        script.close();
        ScriptedModelServer server;
        QVERIFY(server.listen());
        QString error;
        QVERIFY2(server.loadScript(script.fileName(), &error), qPrintable(error));
        QCOMPARE(server.remainingTurns(), 4);

        const QJsonObject first = post(endpoint(server, "/responses"), {}).json();
        const QJsonArray output = first.value(QLatin1String("output")).toArray();
        QCOMPARE(output.size(), 2);
        QCOMPARE(str(output.at(0).toObject(), "arguments"), QStringLiteral("{\"cmd\":\"ls\"}"));
        QVERIFY(str(output.at(0).toObject(), "call_id").startsWith(QLatin1String("call_")));
        QCOMPARE(str(output.at(1).toObject(), "type"), QStringLiteral("message"));
        const HttpReply second = post(endpoint(server, "/responses"), {});
        QCOMPARE(second.status, 429);
        QCOMPARE(second.header("Retry-After"), QByteArrayLiteral("2"));
        QCOMPARE(post(endpoint(server, "/responses"), {}).body, rawBytes);
        const QJsonObject fourth = post(endpoint(server, "/responses"), {}).json();
        QCOMPARE(str(fourth, "id"), QStringLiteral("resp_x"));
        QCOMPARE(str(fourth, "status"), QStringLiteral("incomplete"));
        QCOMPARE(str(fourth.value(QLatin1String("incomplete_details")).toObject(), "reason"),
                 QStringLiteral("content_filter"));
    }

    void loadScript_invalid_preciseErrorScriptUnchanged_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not-json") << QByteArrayLiteral("{turns") << QStringLiteral(": invalid JSON at offset");
        QTest::newRow("no-turns") << QByteArrayLiteral(R"({"turn":[]})") << QStringLiteral(": /turns: expected");
        QTest::newRow("turn-not-object") << QByteArrayLiteral(R"({"turns":[1]})")
                                         << QStringLiteral(": /turns/0: expected an object");
        QTest::newRow("unknown-key") << QByteArrayLiteral(R"({"turns":[{},{"stauts":429}]})")
                                     << QStringLiteral(": /turns/1/stauts: unknown key");
        QTest::newRow("status-string") << QByteArrayLiteral(R"({"turns":[{"status":"429"}]})")
                                       << QStringLiteral(": /turns/0/status: expected an integer from 100 to 599");
        QTest::newRow("message-without-text") << QByteArrayLiteral(R"({"turns":[{"output":[{"type":"message"}]}]})")
                                              << QStringLiteral(": /turns/0/output/0: a message item needs");
        QTest::newRow("item-without-type") << QByteArrayLiteral(R"({"turns":[{"output":[{},{"name":"x"}]}]})")
                                           << QStringLiteral(": /turns/0/output/0: expected an object with a string");
        QTest::newRow("bad-operation")
            << QByteArrayLiteral(R"({"turns":[{"output":[{"type":"apply_patch_call","operation":{"type":"move"}}]}]})")
            << QStringLiteral(": /turns/0/output/0/operation/type: expected create_file");
        QTest::newRow("missing-sse-file") << QByteArrayLiteral(R"({"turns":[{"sse_file":"nope.sse"}]})")
                                          << QStringLiteral(": /turns/0/sse_file: cannot read");
        QTest::newRow("sse-and-text") << QByteArrayLiteral(R"({"turns":[{"sse":"event: a\n\n","text":"x"}]})")
                                      << QStringLiteral(": /turns/0/sse: a raw SSE body cannot be combined");
        QTest::newRow("bad-terminal") << QByteArrayLiteral(R"({"turns":[{"terminal":"boom"}]})")
                                      << QStringLiteral(": /turns/0/terminal: expected");
        QTest::newRow("header-number") << QByteArrayLiteral(R"({"turns":[{"headers":{"Retry-After":1}}]})")
                                       << QStringLiteral(": /turns/0/headers/Retry-After: expected a string");
    }
    void loadScript_invalid_preciseErrorScriptUnchanged()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        QFile script(tmp.filePath(QStringLiteral("script.json")));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write(content);
        script.close();
        ScriptedModelServer server;
        server.enqueue({});
        QString error;
        QVERIFY(!server.loadScript(script.fileName(), &error));
        QVERIFY2(error.startsWith(script.fileName() + expected), qPrintable(error));
        QCOMPARE(server.remainingTurns(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_ScriptedModelServer)
#include "tst_scriptedmodelserver.moc"
