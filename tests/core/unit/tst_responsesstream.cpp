// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "resultverify.h"
#include "sandcastle/core/model/responsestreamaccumulator.h"
#include "sandcastle/core/model/sseparser.h"
#include "testenv.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTest>

using namespace Sandcastle::Core;

namespace {

// Feeds a whole .sse body through the parser in odd-sized chunks and the accumulator.
struct Replay
{
    ResponseStreamAccumulator acc;
    QStringList rejected;
};

Replay replay(const QByteArray &body, qsizetype chunk)
{
    Replay r;
    SseParser parser;
    QList<SseEvent> events;
    for (qsizetype at = 0; at < body.size(); at += chunk) {
        events += parser.feed(QByteArrayView(body).sliced(at, qMin(chunk, body.size() - at)));
    }
    events += parser.finish();
    for (const SseEvent &e : events) {
        const auto added = r.acc.addEvent(e.data);
        if (!added) {
            r.rejected << added.error().toString();
        }
    }
    return r;
}

QJsonObject pick(const QJsonObject &item)
{
    QJsonObject out;
    for (const auto key : {QLatin1StringView("type"), QLatin1StringView("id"), QLatin1StringView("call_id"),
                           QLatin1StringView("name"), QLatin1StringView("status")}) {
        if (item.contains(key)) {
            out.insert(key, item.value(key));
        }
    }
    return out;
}

// Adds one event and reports a rejection (SC_VERIFY_OK would evaluate addEvent twice).
bool addOk(ResponseStreamAccumulator &acc, const QByteArray &data)
{
    const auto r = acc.addEvent(data);
    if (!r) {
        qWarning().noquote() << r.error().toString();
    }
    return r.has_value();
}

QByteArray dump(const QJsonValue &v)
{
    return QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
}

} // namespace

class tst_ResponsesStream : public QObject
{
    Q_OBJECT
private:
    QString m_dir;
    QJsonObject m_expected;

private Q_SLOTS:
    void initTestCase()
    {
        QString why;
        m_dir = Sandcastle::Test::conformancePath(QStringLiteral("responses_sse"), &why);
        if (m_dir.isEmpty()) {
            QSKIP(qPrintable(why));
        }
        QFile f(QDir(m_dir).filePath(QStringLiteral("expected_accumulations.json")));
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
        m_expected = QJsonDocument::fromJson(f.readAll()).object();
        QVERIFY(!m_expected.isEmpty());
    }

    void conformance_eachFixture_matchesExpected_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("chunk");
        const QStringList files = QDir(m_dir).entryList({QStringLiteral("*.sse")}, QDir::Files, QDir::Name);
        QCOMPARE(files.size(), m_expected.size()); // every fixture has an expectation and vice versa
        for (const QString &file : files) {
            QTest::newRow(qPrintable(file)) << file << 1;
            QTest::newRow(qPrintable(file + QStringLiteral("/chunk7"))) << file << 7;
            QTest::newRow(qPrintable(file + QStringLiteral("/whole"))) << file << (1 << 30);
        }
    }
    void conformance_eachFixture_matchesExpected()
    {
        QFETCH(QString, file);
        QFETCH(int, chunk);
        QVERIFY2(m_expected.contains(file),
                 qPrintable(file + QStringLiteral(" missing in expected_accumulations.json")));
        const QJsonObject exp = m_expected.value(file).toObject();
        QFile f(QDir(m_dir).filePath(file));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const Replay r = replay(f.readAll(), chunk);

        QVERIFY2(r.rejected.isEmpty(), qPrintable(r.rejected.join(QLatin1Char('\n'))));
        QCOMPARE(r.acc.eventCount(), exp.value(QLatin1StringView("events")).toInt());
        QCOMPARE(r.acc.sequenceSummary(), exp.value(QLatin1StringView("sequence_numbers")).toString());

        QJsonObject accumulated;
        for (auto it = r.acc.accumulations().cbegin(); it != r.acc.accumulations().cend(); ++it) {
            accumulated.insert(it.key(), it.value());
        }
        QCOMPARE(dump(accumulated), dump(exp.value(QLatin1StringView("accumulated")).toObject()));

        QJsonArray done;
        for (const QJsonObject &item : r.acc.outputItemsDone()) {
            done.append(pick(item));
        }
        QCOMPARE(dump(done), dump(exp.value(QLatin1StringView("output_items_done"))));

        const QJsonValue expTerminal = exp.value(QLatin1StringView("terminal"));
        QJsonValue terminal = QJsonValue::Null;
        if (r.acc.hasTerminal()) {
            const QJsonObject resp = r.acc.terminalResponse();
            const auto orNull = [](const QJsonValue &v) { return v.isUndefined() ? QJsonValue(QJsonValue::Null) : v; };
            terminal = QJsonObject{{QStringLiteral("type"), r.acc.terminalType()},
                                   {QStringLiteral("status"), orNull(resp.value(QLatin1StringView("status")))},
                                   {QStringLiteral("usage"), orNull(resp.value(QLatin1StringView("usage")))},
                                   {QStringLiteral("error"), orNull(resp.value(QLatin1StringView("error")))}};
        }
        QCOMPARE(dump(terminal), dump(expTerminal));
        QCOMPARE(dump(r.acc.deltaVsDoneProblems()), dump(exp.value(QLatin1StringView("delta_vs_done_problems"))));

        // The outcome the runner sees.
        const Result<ModelResponse> result = r.acc.result();
        const QString terminalType = expTerminal.toObject().value(QLatin1StringView("type")).toString();
        if (terminalType == QLatin1StringView("response.completed")) {
            SC_VERIFY_OK(result);
            QVERIFY(!result->output.isEmpty()); // completed output, or the output_item.done fallback
            const QJsonObject usage = expTerminal.toObject().value(QLatin1StringView("usage")).toObject();
            QCOMPARE(result->usage.totalTokens, usage.value(QLatin1StringView("total_tokens")).toInteger());
            QCOMPARE(result->usage.requests, 1);
            QVERIFY(!result->id.isEmpty());
        } else {
            QVERIFY(!result.has_value());
            QCOMPARE(result.error().code, ErrorCode::Provider);
            const QString message = expTerminal.isNull()
                                        ? r.acc.errorEvent().value(QLatin1StringView("message")).toString()
                                        : expTerminal.toObject()
                                              .value(QLatin1StringView("error"))
                                              .toObject()
                                              .value(QLatin1StringView("message"))
                                              .toString();
            QVERIFY(!message.isEmpty());
            QCOMPARE(result.error().message, message);
        }
    }

    void result_completedWithEmptyOutput_fallsBackToItemsDone()
    {
        ResponseStreamAccumulator acc;
        QVERIFY(acc.addEvent(QByteArray(R"({"type":"response.created","response":{"id":"r1"}})")).has_value());
        QVERIFY(acc.addEvent(QByteArray(R"({"type":"response.output_item.done","item":{"type":"message","id":"m1"}})"))
                    .has_value());
        QVERIFY(acc.addEvent(QByteArray(R"({"type":"response.completed","response":{"id":"r1","output":[]}})"))
                    .has_value());
        const auto r = acc.result();
        SC_VERIFY_OK(r);
        QCOMPARE(r->id, QStringLiteral("r1"));
        QCOMPARE(r->output.size(), 1);
        QCOMPARE(r->output.at(0).toObject().value(QLatin1StringView("id")).toString(), QStringLiteral("m1"));
    }

    void addEvent_malformed_preciseErrorAndNoChange_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("bad-json") << QByteArray("{\"type\":") << QStringLiteral("is not valid JSON");
        QTest::newRow("array") << QByteArray("[1,2]") << QStringLiteral("is not a JSON object");
        QTest::newRow("no-type") << QByteArray("{\"delta\":\"x\"}") << QStringLiteral("has no string \"type\"");
        QTest::newRow("type-number") << QByteArray("{\"type\":5}") << QStringLiteral("has no string \"type\"");
        QTest::newRow("done-marker") << QByteArray("[DONE]") << QStringLiteral("is not valid JSON");
    }
    void addEvent_malformed_preciseErrorAndNoChange()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, messagePart);
        ResponseStreamAccumulator acc;
        const auto r = acc.addEvent(data);
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, ErrorCode::InvalidInput);
        QVERIFY2(r.error().message.contains(messagePart), qPrintable(r.error().toString()));
        QVERIFY2(r.error().message.contains(QStringLiteral("event 1")), qPrintable(r.error().toString()));
        QCOMPARE(acc.eventCount(), 0);
        QVERIFY(acc.accumulations().isEmpty());
    }

    void addEvent_unknownTypeOrWrongFieldTypes_ignoredWithoutCrash()
    {
        ResponseStreamAccumulator acc;
        const auto unknown = acc.addEvent(QByteArray(R"({"type":"response.audio.delta","delta":"AAAA"})"));
        SC_VERIFY_OK(unknown);
        QCOMPARE(unknown->kind, ModelStreamEvent::Other);
        // Wrong field types read as empty / defaults, never crash.
        const auto odd = acc.addEvent(
            QByteArray(R"({"type":"response.output_text.delta","item_id":5,"delta":{"x":1},"content_index":"a"})"));
        SC_VERIFY_OK(odd);
        QCOMPARE(odd->kind, ModelStreamEvent::TextDelta);
        QVERIFY(addOk(acc, QByteArray(R"({"type":"response.completed","response":"nope"})")));
        QVERIFY(addOk(acc, QByteArray(R"({"type":"response.output_item.done","item":[]})")));
        QCOMPARE(acc.eventCount(), 4);
        const auto r = acc.result();
        SC_VERIFY_OK(r); // completed with an unusable response object: empty output, zero usage
        QCOMPARE(r->usage.totalTokens, 0);
    }

    void result_streamEndsEarly_networkErrorStreamClosed()
    {
        ResponseStreamAccumulator acc;
        QVERIFY(addOk(acc, QByteArray(R"({"type":"response.created","response":{"id":"r"}})")));
        QVERIFY(addOk(
            acc, QByteArray(R"({"type":"response.output_text.delta","item_id":"m","content_index":0,"delta":"Hel"})")));
        QCOMPARE(acc.text(QStringLiteral("m")), QStringLiteral("Hel"));
        const auto r = acc.result();
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, ErrorCode::Network);
        QCOMPARE(r.error().message, QStringLiteral("stream closed before response.completed"));
        QCOMPARE(r.error().detail, QStringLiteral("after 2 events"));
    }

    void result_incomplete_providerErrorWithReason()
    {
        ResponseStreamAccumulator acc;
        QVERIFY(addOk(
            acc,
            QByteArray(
                R"({"type":"response.incomplete","response":{"id":"r","status":"incomplete","incomplete_details":{"reason":"max_output_tokens"}}})")));
        const auto r = acc.result();
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, ErrorCode::Provider);
        QCOMPARE(r.error().message, QStringLiteral("Incomplete response returned, reason: max_output_tokens"));
    }

    void sequenceSummary_gap_reported()
    {
        ResponseStreamAccumulator acc;
        QVERIFY(addOk(acc, QByteArray(R"({"type":"response.created","sequence_number":0,"response":{}})")));
        QVERIFY(addOk(acc, QByteArray(R"({"type":"response.in_progress","sequence_number":2,"response":{}})")));
        QCOMPARE(acc.sequenceSummary(), QStringLiteral("gap: expected 1, got 2"));
    }

    void usage_addAndJson_roundTrip()
    {
        ModelUsage a = ModelUsage::fromJson(
            QJsonObject{{QStringLiteral("input_tokens"), 10},
                        {QStringLiteral("input_tokens_details"), QJsonValue::Null},
                        {QStringLiteral("output_tokens"), 5},
                        {QStringLiteral("output_tokens_details"), QJsonObject{{QStringLiteral("reasoning_tokens"), 2}}},
                        {QStringLiteral("total_tokens"), 15}});
        const ModelUsage chat = ModelUsage::fromJson(
            QJsonObject{{QStringLiteral("prompt_tokens"), 3},
                        {QStringLiteral("completion_tokens"), 4},
                        {QStringLiteral("prompt_tokens_details"), QJsonObject{{QStringLiteral("cached_tokens"), 1}}}});
        QCOMPARE(chat.totalTokens, 7);
        a += chat;
        QCOMPARE(a.requests, 2);
        QCOMPARE(a.inputTokens, 13);
        QCOMPARE(a.cachedInputTokens, 1);
        QCOMPARE(a.reasoningTokens, 2);
        QCOMPARE(a.totalTokens, 22);
        const QJsonObject j = a.toJson();
        QCOMPARE(j.value(QLatin1StringView("requests")).toInt(), 2);
        QCOMPARE(j.value(QLatin1StringView("output_tokens_details"))
                     .toObject()
                     .value(QLatin1StringView("reasoning_tokens"))
                     .toInt(),
                 2);
    }
};

QTEST_GUILESS_MAIN(tst_ResponsesStream)
#include "tst_responsesstream.moc"
