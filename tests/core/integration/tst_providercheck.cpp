// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// checkProvider(): the cheap `GET /models` request that tests a profile and key, against the
// scripted model server and a closed port.
#include "sandcastle/core/model/providercheck.h"
#include "sandcastle/core/model/providererror.h"

#include "futurewait.h"
#include "resultverify.h"
#include "scriptedmodelserver.h"

#include <QTcpServer>
#include <QTest>

using namespace Sandcastle::Core;
using namespace Sandcastle::Test;

namespace {

const QString kKey = QStringLiteral("sk-provider-check-0123456789");

ProviderProfile profileFor(const QUrl &baseUrl, const QString &model = QStringLiteral("gpt-5.5"))
{
    ProviderProfile p = ProviderProfile::withDefaults(QStringLiteral("test"), ProviderKind::Responses);
    p.baseUrl = baseUrl;
    p.model = model;
    p.credentialName = QStringLiteral("work_key");
    return p;
}

} // namespace

class tst_ProviderCheck : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rightKey_listsModelsAndConsumesNoTurn()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.setModels({QStringLiteral("qwen3"), QStringLiteral("gpt-5.5"), QStringLiteral("a-model")});
        server.setRequiredApiKey(kKey);
        ScriptedTurn unused;
        unused.outputItems = {messageItem(QStringLiteral("unused"))};
        server.enqueue(unused);
        QObject context;
        const Result<ProviderCheckReport> report = await(checkProvider(profileFor(server.baseUrl()), kKey, &context));
        SC_VERIFY_OK(report);
        QCOMPARE(report->httpStatus, 200);
        QCOMPARE(report->models,
                 (QStringList{QStringLiteral("a-model"), QStringLiteral("gpt-5.5"), QStringLiteral("qwen3")}));
        QVERIFY(report->modelListed);
        QCOMPARE(server.remainingTurns(), 1);
        const RecordedRequest request = server.requests().constFirst();
        QCOMPARE(request.method, QByteArray("GET"));
        QCOMPARE(request.path, QByteArray("/v1/models"));
        QCOMPARE(request.header("authorization"), "Bearer " + kKey.toUtf8());
    }

    void modelNotListed_isStillSuccessButSaysSo()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.setModels({QStringLiteral("llama-3")});
        QObject context;
        const Result<ProviderCheckReport> report =
            await(checkProvider(profileFor(server.baseUrl(), QStringLiteral("qwen3")), QString(), &context));
        SC_VERIFY_OK(report);
        QVERIFY(!report->modelListed);
        QVERIFY(server.requests().constFirst().header("authorization").isEmpty());
    }

    void wrongKey_unauthorizedNamesTheCredentialNotTheKey()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.setRequiredApiKey(kKey);
        QObject context;
        const QString wrong = QStringLiteral("sk-wrong-key-abcdefghijkl");
        const Result<ProviderCheckReport> report = await(checkProvider(profileFor(server.baseUrl()), wrong, &context));
        QVERIFY(!report);
        QCOMPARE(providerProblem(report.error()), ProviderProblem::Unauthorized);
        QVERIFY2(report.error().message.contains(QLatin1String("work_key")), qPrintable(report.error().toString()));
        QVERIFY(!report.error().toString().contains(wrong));
    }

    void wrongBaseUrl_endpointNotFound()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        QUrl base = server.baseUrl();
        base.setPath(QStringLiteral("/api"));
        QObject context;
        const Result<ProviderCheckReport> report = await(checkProvider(profileFor(base), kKey, &context));
        QVERIFY(!report);
        QCOMPARE(providerProblem(report.error()), ProviderProblem::EndpointNotFound);
    }

    void closedPort_unreachableNamesTheUrl()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        const QUrl base(QStringLiteral("http://127.0.0.1:%1/v1").arg(port));
        QObject context;
        const Result<ProviderCheckReport> report = await(checkProvider(profileFor(base), kKey, &context));
        QVERIFY(!report);
        QCOMPARE(providerProblem(report.error()), ProviderProblem::Unreachable);
        QVERIFY2(report.error().toString().contains(QString::number(port)), qPrintable(report.error().toString()));
    }

    void invalidProfile_failsWithoutARequest()
    {
        ProviderProfile p = profileFor(QUrl(QStringLiteral("ftp://example.invalid/v1")));
        QObject context;
        const Result<ProviderCheckReport> report = await(checkProvider(p, kKey, &context));
        QVERIFY(!report);
        QCOMPARE(report.error().code, ErrorCode::InvalidInput);
    }
};

QTEST_GUILESS_MAIN(tst_ProviderCheck)
#include "tst_providercheck.moc"
