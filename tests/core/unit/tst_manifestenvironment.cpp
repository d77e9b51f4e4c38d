// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/credentials/credentialstore.h"
#include "sandcastle/core/manifest/manifestenvironment.h"
#include "sandcastle/core/manifest/manifestparser.h"

#include "resultverify.h"

#include <QFutureWatcher>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Sandcastle::Core;

namespace {
Result<QHash<QString, QString>> resolve(const Manifest &m, CredentialStore &store)
{
    QFutureWatcher<Result<QHash<QString, QString>>> watcher;
    QSignalSpy done(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(resolveEnvironment(m, store));
    if (!watcher.isFinished() && !done.wait(10000)) {
        return fail(ErrorCode::Timeout, QStringLiteral("environment did not resolve"));
    }
    return watcher.result();
}
} // namespace

class tst_ManifestEnvironment : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void resolveEnvironment_plainAndSecrets_resolved()
    {
        MemoryCredentialStore store;
        QVERIFY(store.write(QStringLiteral("api-key"), QStringLiteral("s3cret")).result().has_value());
        const auto m = ManifestParser::parse(
            R"({"environment":{"A":"1","B":{"value":"2","ephemeral":true},"KEY":{"secret":"api-key","ephemeral":true}}})",
            QStringLiteral("m.json"));
        SC_VERIFY_OK(m);
        const auto env = resolve(*m, store);
        SC_VERIFY_OK(env);
        QCOMPARE(env->value(QStringLiteral("A")), QStringLiteral("1"));
        QCOMPARE(env->value(QStringLiteral("B")), QStringLiteral("2"));
        QCOMPARE(env->value(QStringLiteral("KEY")), QStringLiteral("s3cret"));
        // Persisted forms never hold the secret or ephemeral values.
        QCOMPARE(m->persistableEnvironment().keys(), QStringList{QStringLiteral("A")});
        QVERIFY(!QJsonDocument(m->toJson(false)).toJson().contains("s3cret"));
        QVERIFY(!QJsonDocument(m->toJson(false)).toJson().contains("api-key"));
    }

    void resolveEnvironment_missingSecret_notFoundNamingVariable()
    {
        MemoryCredentialStore store;
        const auto m =
            ManifestParser::parse(R"({"environment":{"A":"1","TOKEN":{"secret":"absent"}}})", QStringLiteral("m.json"));
        SC_VERIFY_OK(m);
        const auto env = resolve(*m, store);
        QVERIFY(!env.has_value());
        QCOMPARE(env.error().code, ErrorCode::NotFound);
        QVERIFY2(env.error().message.contains(QStringLiteral("TOKEN")), qPrintable(env.error().message));
        QVERIFY2(env.error().message.contains(QStringLiteral("'absent'")), qPrintable(env.error().message));
    }
};

QTEST_GUILESS_MAIN(tst_ManifestEnvironment)
#include "tst_manifestenvironment.moc"
