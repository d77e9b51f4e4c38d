// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The provider errors people hit, through the real clients against the scripted model server:
// which are retried, and what the error says.
#include "sandcastle/core/model/chatcompletionsclient.h"
#include "sandcastle/core/model/providererror.h"
#include "sandcastle/core/model/responsesclient.h"

#include "modelcallrun.h"
#include "providerreplies.h"
#include "scriptedmodelserver.h"

#include <QJsonArray>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace Sandcastle::Core;
using namespace Sandcastle::Test;

namespace {

const QString kApiKey = QStringLiteral("sk-provider-errors-test-key");

ProviderSettings settingsFor(const QUrl &baseUrl)
{
    ProviderSettings s;
    s.baseUrl = baseUrl;
    s.apiKey = kApiKey;
    s.credentialName = QStringLiteral("work_key");
    s.maxRetries = 2;
    s.initialBackoffMs = 1;
    s.maxBackoffMs = 5;
    return s;
}

ModelRequest requestWithTools()
{
    ModelRequest r;
    r.model = QStringLiteral("qwen3-coder");
    r.input = QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                     {QStringLiteral("content"), QStringLiteral("hi")}}};
    r.tools = QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                                     {QStringLiteral("name"), QStringLiteral("exec_command")},
                                     {QStringLiteral("parameters"), QJsonObject{}}}};
    return r;
}

std::unique_ptr<ModelClient> makeClient(const QString &api, const ProviderSettings &settings)
{
    if (api == QLatin1String("chat")) {
        return std::make_unique<ChatCompletionsClient>(settings);
    }
    return std::make_unique<ResponsesClient>(settings);
}

} // namespace

class tst_ProviderErrors : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void httpErrors_explainedAndRetriedOnlyWhenItHelps_data()
    {
        QTest::addColumn<QString>("api");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("problem");
        QTest::addColumn<int>("requests"); // maxRetries is 2: a retried error is asked 3 times
        QTest::addColumn<QStringList>("messageContains");

        QTest::newRow("401 names the credential")
            << QStringLiteral("responses") << 401 << ProviderReplies::invalidApiKey()
            << int(ProviderProblem::Unauthorized) << 1
            << QStringList{QStringLiteral("'work_key'"), QStringLiteral("`sandcastle credentials set work_key`")};
        QTest::newRow("429 quota is not retried")
            << QStringLiteral("responses") << 429 << ProviderReplies::insufficientQuota()
            << int(ProviderProblem::QuotaExceeded) << 1 << QStringList{QStringLiteral("no credit or quota")};
        QTest::newRow("429 rate limit is retried, then explained")
            << QStringLiteral("responses") << 429 << ProviderReplies::rateLimited() << int(ProviderProblem::RateLimited)
            << 3 << QStringList{QStringLiteral("rate limit")};
        QTest::newRow("404 names model and base URL")
            << QStringLiteral("responses") << 404 << ProviderReplies::modelNotFound(QStringLiteral("qwen3-coder"))
            << int(ProviderProblem::ModelNotFound) << 1 << QStringList{QStringLiteral("'qwen3-coder'"), QString()};
        QTest::newRow("ollama without tools")
            << QStringLiteral("chat") << 400 << ProviderReplies::ollamaNoTools()
            << int(ProviderProblem::ToolsUnsupported) << 1 << QStringList{QStringLiteral("tool calls")};
        QTest::newRow("llama.cpp without --jinja")
            << QStringLiteral("chat") << 400 << ProviderReplies::llamaCppNoJinja()
            << int(ProviderProblem::ToolsUnsupported) << 1 << QStringList{QStringLiteral("--jinja")};
        QTest::newRow("vllm without auto tool choice")
            << QStringLiteral("chat") << 400 << ProviderReplies::vllmNoAutoToolChoice()
            << int(ProviderProblem::ToolsUnsupported) << 1 << QStringList{QStringLiteral("--enable-auto-tool-choice")};
        QTest::newRow("tools refused with a 500 is not retried")
            << QStringLiteral("chat") << 500 << ProviderReplies::llamaCppNoJinja()
            << int(ProviderProblem::ToolsUnsupported) << 1 << QStringList{QStringLiteral("--jinja")};
    }
    void httpErrors_explainedAndRetriedOnlyWhenItHelps()
    {
        QFETCH(QString, api);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, problem);
        QFETCH(int, requests);
        QFETCH(QStringList, messageContains);
        ScriptedModelServer server;
        QVERIFY(server.listen());
        for (int i = 0; i < 3; ++i) {
            server.enqueue(errorTurn(status, body));
        }
        const std::unique_ptr<ModelClient> client = makeClient(api, settingsFor(server.baseUrl()));
        const Result<ModelResponse> result = finishModelCall(*client, requestWithTools());
        QVERIFY(!result);
        QCOMPARE(result.error().code, ErrorCode::Provider);
        QCOMPARE(int(providerProblem(result.error())), problem);
        QCOMPARE(server.requests().size(), requests);
        for (QString part : messageContains) {
            if (part.isEmpty()) {
                part = server.baseUrl().toString(); // the base URL, known only now
            }
            QVERIFY2(result.error().message.contains(part), qPrintable(result.error().toString()));
        }
        QVERIFY2(!result.error().toString().contains(kApiKey), "an error carries the API key");
    }

    void noKeySent_401_saysToStoreOne()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(errorTurn(401, ProviderReplies::openAi(QStringLiteral("Missing bearer authentication"),
                                                              QStringLiteral("invalid_request_error"), QString())));
        ProviderSettings settings = settingsFor(server.baseUrl());
        settings.apiKey.clear();
        ResponsesClient client(settings);
        const Result<ModelResponse> result = finishModelCall(client, requestWithTools());
        QVERIFY(!result);
        QVERIFY2(result.error().message.contains(QLatin1String("none was sent")), qPrintable(result.error().message));
        QVERIFY2(result.error().message.contains(QLatin1String("sandcastle credentials set work_key")),
                 qPrintable(result.error().message));
    }

    void serverEchoesTheKey_errorRedactsIt()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(errorTurn(400, ProviderReplies::openAi(QStringLiteral("bad header Bearer ") + kApiKey,
                                                              QStringLiteral("invalid_request_error"), QString())));
        ResponsesClient client(settingsFor(server.baseUrl()));
        const Result<ModelResponse> result = finishModelCall(client, requestWithTools());
        QVERIFY(!result);
        QVERIFY2(!result.error().toString().contains(kApiKey), qPrintable(result.error().toString()));
        QVERIFY2(result.error().toString().contains(QLatin1String("[REDACTED:api key]")),
                 qPrintable(result.error().toString()));
    }

    void unreachable_namesTheUrlAfterRetries_data()
    {
        QTest::addColumn<QString>("api");
        QTest::newRow("responses") << QStringLiteral("responses");
        QTest::newRow("chat") << QStringLiteral("chat");
    }
    void unreachable_namesTheUrlAfterRetries()
    {
        QFETCH(QString, api);
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const QUrl base(QStringLiteral("http://127.0.0.1:%1/v1").arg(probe.serverPort()));
        probe.close(); // nothing listens there now
        const std::unique_ptr<ModelClient> client = makeClient(api, settingsFor(base));
        const Result<ModelResponse> result = finishModelCall(*client, requestWithTools());
        QVERIFY(!result);
        QCOMPARE(result.error().code, ErrorCode::Network);
        QCOMPARE(providerProblem(result.error()), ProviderProblem::Unreachable);
        QVERIFY2(result.error().message.contains(base.toString()), qPrintable(result.error().message));
        QVERIFY2(result.error().detail.contains(QLatin1String("gave up after 3 attempts")),
                 qPrintable(result.error().detail));
    }
};

QTEST_GUILESS_MAIN(tst_ProviderErrors)
#include "tst_providererrors.moc"
