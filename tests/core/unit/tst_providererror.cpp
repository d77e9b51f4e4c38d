// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Provider error bodies as the real servers send them (OpenAI, Ollama, llama.cpp, vLLM, LM
// Studio, FastAPI validation) and the explanation each one gets.
#include "sandcastle/core/model/providererror.h"

#include "providerreplies.h"

#include <QTest>

using namespace Sandcastle::Core;
namespace Replies = Sandcastle::Test::ProviderReplies;

namespace {

ProviderErrorContext context()
{
    ProviderErrorContext c;
    c.url = QUrl(QStringLiteral("http://127.0.0.1:8080/v1/chat/completions"));
    c.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:8080/v1"));
    c.model = QStringLiteral("qwen3-coder");
    c.apiKeySent = true;
    c.credentialName = QStringLiteral("local_key");
    return c;
}

} // namespace

class tst_ProviderError : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void explain_realBodies_problemAndMessage_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("problem");
        QTest::addColumn<QStringList>("messageContains");
        QTest::addColumn<bool>("retryable");

        QTest::newRow("openai 401 invalid key") << 401 << Replies::invalidApiKey() << int(ProviderProblem::Unauthorized)
                                                << QStringList{QStringLiteral("credential 'local_key'"),
                                                               QStringLiteral("sandcastle credentials set local_key")}
                                                << false;
        QTest::newRow("openai 429 insufficient quota")
            << 429 << Replies::insufficientQuota() << int(ProviderProblem::QuotaExceeded)
            << QStringList{QStringLiteral("no credit or quota")} << false;
        QTest::newRow("openai 429 rate limit")
            << 429 << Replies::rateLimited() << int(ProviderProblem::RateLimited)
            << QStringList{QStringLiteral("rate limit"), QStringLiteral("retries")} << true;
        QTest::newRow("openai 404 model")
            << 404 << Replies::modelNotFound(QStringLiteral("qwen3-coder")) << int(ProviderProblem::ModelNotFound)
            << QStringList{QStringLiteral("'qwen3-coder'"), QStringLiteral("http://127.0.0.1:8080/v1")} << false;
        QTest::newRow("ollama 404 model")
            << 404
            << QByteArray("{\"error\":{\"message\":\"model \\\"qwen3-coder\\\" not found, try pulling it "
                          "first\",\"type\":\"api_error\",\"param\":null,\"code\":null}}")
            << int(ProviderProblem::ModelNotFound) << QStringList{QStringLiteral("'qwen3-coder'")} << false;
        QTest::newRow("vllm 404 model") << 404
                                        << QByteArray(
                                               "{\"object\":\"error\",\"message\":\"The model `qwen3-coder` does not "
                                               "exist.\",\"type\":\"NotFoundError\",\"param\":null,\"code\":404}")
                                        << int(ProviderProblem::ModelNotFound)
                                        << QStringList{QStringLiteral("'qwen3-coder'")} << false;
        QTest::newRow("404 endpoint")
            << 404
            << QByteArray("{\"error\":{\"code\":404,\"message\":\"File Not Found\",\"type\":\"not_found_error\"}}")
            << int(ProviderProblem::EndpointNotFound)
            << QStringList{QStringLiteral("/v1/chat/completions"), QStringLiteral("base URL")} << false;
        QTest::newRow("ollama tools") << 400 << Replies::ollamaNoTools() << int(ProviderProblem::ToolsUnsupported)
                                      << QStringList{QStringLiteral("does not accept tool calls"),
                                                     QStringLiteral("'qwen3-coder'")}
                                      << false;
        QTest::newRow("llama.cpp without --jinja")
            << 400 << Replies::llamaCppNoJinja() << int(ProviderProblem::ToolsUnsupported)
            << QStringList{QStringLiteral("--jinja")} << false;
        QTest::newRow("llama.cpp tools with stream, as 500")
            << 500
            << QByteArray(
                   "{\"error\":{\"code\":500,\"message\":\"Cannot use tools with stream\",\"type\":\"server_error\"}}")
            << int(ProviderProblem::ToolsUnsupported) << QStringList{QStringLiteral("tool calls")} << false;
        QTest::newRow("vllm auto tool choice")
            << 400 << Replies::vllmNoAutoToolChoice() << int(ProviderProblem::ToolsUnsupported)
            << QStringList{QStringLiteral("--enable-auto-tool-choice")} << false;
        QTest::newRow("422 validation on tools")
            << 422
            << QByteArray("{\"detail\":[{\"type\":\"extra_forbidden\",\"loc\":[\"body\",\"tools\"],\"msg\":\"Extra "
                          "inputs are not permitted\"}]}")
            << int(ProviderProblem::ToolsUnsupported) << QStringList{QStringLiteral("HTTP 422")} << false;
        QTest::newRow("previous response refused")
            << 400
            << QByteArray("{\"error\":{\"message\":\"Previous response with id 'resp_1' not "
                          "found.\",\"type\":\"invalid_request_error\",\"param\":\"previous_response_id\",\"code\":"
                          "\"previous_response_not_found\"}}")
            << int(ProviderProblem::StateUnsupported) << QStringList{QStringLiteral("--server-state off")} << false;
        QTest::newRow("plain 400") << 400 << QByteArray("{\"error\":{\"message\":\"bad temperature\"}}")
                                   << int(ProviderProblem::None) << QStringList{QStringLiteral("bad temperature")}
                                   << false;
        QTest::newRow("plain 503") << 503 << QByteArray("upstream overloaded") << int(ProviderProblem::None)
                                   << QStringList{QStringLiteral("upstream overloaded")} << true;
    }
    void explain_realBodies_problemAndMessage()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, problem);
        QFETCH(QStringList, messageContains);
        QFETCH(bool, retryable);
        const Error e = explainProviderHttpError(status, body, context());
        QCOMPARE(e.code, ErrorCode::Provider);
        QCOMPARE(int(providerProblem(e)), problem);
        for (const QString &part : messageContains) {
            QVERIFY2(e.message.contains(part), qPrintable(e.toString()));
        }
        QVERIFY2(e.detail.startsWith(QStringLiteral("HTTP %1").arg(status)), qPrintable(e.detail));
        QCOMPARE(isRetryableProviderReply(status, providerProblem(e)), retryable);
    }

    void explain_unauthorized_namesTheKeySource_data()
    {
        QTest::addColumn<bool>("sent");
        QTest::addColumn<QString>("credential");
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QStringList>("messageContains");
        QTest::newRow("environment") << true << QStringLiteral("openai_api_key") << QStringLiteral("OPENAI_API_KEY")
                                     << QStringList{QStringLiteral("environment variable OPENAI_API_KEY"),
                                                    QStringLiteral("stored credential 'openai_api_key'")};
        QTest::newRow("keychain") << true << QStringLiteral("openai_api_key") << QString()
                                  << QStringList{QStringLiteral("sandcastle credentials set openai_api_key")};
        QTest::newRow("no key, credential")
            << false << QStringLiteral("work_key") << QString()
            << QStringList{QStringLiteral("none was sent"), QStringLiteral("sandcastle credentials set work_key")};
        QTest::newRow("no key, no credential")
            << false << QString() << QString()
            << QStringList{QStringLiteral("none was sent"), QStringLiteral("--credential")};
    }
    void explain_unauthorized_namesTheKeySource()
    {
        QFETCH(bool, sent);
        QFETCH(QString, credential);
        QFETCH(QString, variable);
        QFETCH(QStringList, messageContains);
        ProviderErrorContext c = context();
        c.apiKeySent = sent;
        c.credentialName = credential;
        c.apiKeyVariable = variable;
        const Error e = explainProviderHttpError(401, QByteArray("{\"error\":{\"message\":\"Unauthorized\"}}"), c);
        for (const QString &part : messageContains) {
            QVERIFY2(e.message.contains(part), qPrintable(e.message));
        }
        QVERIFY2(e.detail.contains(QLatin1String("the server said: Unauthorized")), qPrintable(e.detail));
    }

    void explainUnreachable_namesTheUrl()
    {
        const Error refused = explainUnreachable(QStringLiteral("Connection refused"), false, context());
        QCOMPARE(refused.code, ErrorCode::Network);
        QCOMPARE(providerProblem(refused), ProviderProblem::Unreachable);
        QVERIFY2(refused.message.contains(QLatin1String("http://127.0.0.1:8080/v1/chat/completions")),
                 qPrintable(refused.message));
        QVERIFY(refused.message.contains(QLatin1String("Connection refused")));
        const Error slow = explainUnreachable(QStringLiteral("Operation timed out"), true, context());
        QCOMPARE(slow.code, ErrorCode::Timeout);
        QCOMPARE(providerProblem(slow), ProviderProblem::Unreachable);
    }

    void providerProblem_otherErrors_none()
    {
        QCOMPARE(providerProblem(Error{ErrorCode::Io, QStringLiteral("x"), QStringLiteral("problem=bogus")}),
                 ProviderProblem::None);
        QCOMPARE(providerProblem(Error{ErrorCode::Provider, QStringLiteral("x"), QStringLiteral("HTTP 400")}),
                 ProviderProblem::None);
        QCOMPARE(providerProblemName(ProviderProblem::None), QString());
        QCOMPARE(providerProblemName(ProviderProblem::QuotaExceeded), QStringLiteral("quota_exceeded"));
    }
};

QTEST_GUILESS_MAIN(tst_ProviderError)
#include "tst_providererror.moc"
