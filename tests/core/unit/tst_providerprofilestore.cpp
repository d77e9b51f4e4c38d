// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/model/providerprofilestore.h"

#include "resultverify.h"
#include "testenv.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;
using Sandcastle::Test::readTestFile;
using Sandcastle::Test::writeTestFile;

namespace {

ProviderProfile localChat()
{
    ProviderProfile p = ProviderProfile::withDefaults(QStringLiteral("llama"), ProviderKind::Chat);
    p.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:8080/v1"));
    p.model = QStringLiteral("qwen3-coder");
    p.contextWindow = 32768;
    return p;
}

} // namespace

class tst_ProviderProfileStore : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_tmp;
    QString file(const QString &name = QStringLiteral("providers.json")) const { return m_tmp->filePath(name); }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        QVERIFY(m_tmp->isValid());
    }

    void defaultPath_inAppConfigLocation()
    {
        QVERIFY(ProviderProfileStore::defaultPath().endsWith(QLatin1String("/providers.json")));
        QCOMPARE(ProviderProfileStore().path(), ProviderProfileStore::defaultPath());
    }

    void load_missingFile_emptyStore()
    {
        ProviderProfileStore store(file(QStringLiteral("absent/providers.json")));
        SC_VERIFY_OK(store.load());
        QVERIFY(store.profiles().isEmpty());
        QVERIFY(!store.defaultProfile());
    }

    void saveLoad_roundTrip_keepsOrderAndLastUsed()
    {
        ProviderProfileStore store(file(QStringLiteral("sub/dir/providers.json")));
        SC_VERIFY_OK(store.load());
        ProviderProfile openai = ProviderProfile::withDefaults(QStringLiteral("openai"), ProviderKind::OpenAi);
        openai.serverKeepsState = true;
        ProviderProfile lmstudio = ProviderProfile::withDefaults(QStringLiteral("lm studio"), ProviderKind::Responses);
        lmstudio.baseUrl = QUrl(QStringLiteral("http://localhost:1234/v1"));
        lmstudio.model = QStringLiteral("openai/gpt-oss-20b");
        lmstudio.credentialName = QStringLiteral("lmstudio_key");
        SC_VERIFY_OK(store.setProfile(localChat()));
        SC_VERIFY_OK(store.setProfile(openai));
        SC_VERIFY_OK(store.setProfile(lmstudio));
        SC_VERIFY_OK(store.setLastUsed(QStringLiteral("openai")));
        SC_VERIFY_OK(store.save());

        ProviderProfileStore again(store.path());
        SC_VERIFY_OK(again.load());
        QCOMPARE(again.profiles().size(), 3);
        QCOMPARE(again.profiles().at(0), localChat());
        QCOMPARE(again.profiles().at(1), openai);
        QCOMPARE(again.profiles().at(2), lmstudio);
        QCOMPARE(again.lastUsed(), QStringLiteral("openai"));
        QCOMPARE(again.defaultProfile().value(), openai);

        // Replacing keeps the place; removing the last used clears the default.
        ProviderProfile changed = localChat();
        changed.model = QStringLiteral("devstral");
        SC_VERIFY_OK(again.setProfile(changed));
        QCOMPARE(again.profiles().at(0).model, QStringLiteral("devstral"));
        QVERIFY(again.removeProfile(QStringLiteral("openai")));
        QVERIFY(!again.removeProfile(QStringLiteral("openai")));
        QVERIFY(again.lastUsed().isEmpty());
        QVERIFY(!again.setLastUsed(QStringLiteral("openai")));
    }

    void profile_settingsAndApi()
    {
        const ProviderProfile chat = localChat();
        QCOMPARE(chat.api(), QStringLiteral("chat"));
        const ProviderSettings s = chat.settings(QString());
        QCOMPARE(s.baseUrl, chat.baseUrl);
        QVERIFY(s.apiKey.isEmpty());
        const ProviderProfile openai = ProviderProfile::withDefaults(QStringLiteral("o"), ProviderKind::OpenAi);
        QCOMPARE(openai.api(), QStringLiteral("responses"));
        QCOMPARE(openai.baseUrl, QUrl(QStringLiteral("https://api.openai.com/v1")));
        QCOMPARE(openai.settings(QStringLiteral("sk-x")).credentialName, QStringLiteral("openai_api_key"));
    }

    void setProfile_invalid_refusedWithField_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("detail");
        QTest::newRow("empty name") << QStringLiteral("name") << QString() << QStringLiteral("/name");
        QTest::newRow("ftp url") << QStringLiteral("base_url") << QStringLiteral("ftp://host/v1")
                                 << QStringLiteral("/base_url");
        QTest::newRow("no model") << QStringLiteral("model") << QString() << QStringLiteral("/model");
        QTest::newRow("negative window") << QStringLiteral("context_window") << QStringLiteral("-1")
                                         << QStringLiteral("/context_window");
        QTest::newRow("chat with state") << QStringLiteral("server_state") << QStringLiteral("true")
                                         << QStringLiteral("/server_state");
        QTest::newRow("reserved credential")
            << QStringLiteral("credential") << QStringLiteral(".index") << QStringLiteral("/credential");
    }
    void setProfile_invalid_refusedWithField()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, detail);
        ProviderProfile p = localChat();
        if (field == QLatin1String("name")) {
            p.name = value;
        } else if (field == QLatin1String("base_url")) {
            p.baseUrl = QUrl(value);
        } else if (field == QLatin1String("model")) {
            p.model = value;
        } else if (field == QLatin1String("context_window")) {
            p.contextWindow = value.toLongLong();
        } else if (field == QLatin1String("server_state")) {
            p.serverKeepsState = true;
        } else {
            p.credentialName = value;
        }
        ProviderProfileStore store(file());
        const Result<void> set = store.setProfile(p);
        QVERIFY(!set);
        QCOMPARE(set.error().code, ErrorCode::InvalidInput);
        QCOMPARE(set.error().detail, detail);
        QVERIFY(store.profiles().isEmpty());
    }

    void load_badFile_preciseErrorAndNeverOverwritten_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        const QByteArray good = "{\"name\":\"a\",\"kind\":\"chat\",\"base_url\":\"http://h:1/v1\",\"model\":\"m\"";
        QTest::newRow("not json") << QByteArray("{\"version\":1,") << QStringLiteral("not valid JSON at offset");
        QTest::newRow("array") << QByteArray("[]") << QStringLiteral("expected an object");
        QTest::newRow("newer version") << QByteArray("{\"version\":2,\"profiles\":[]}")
                                       << QStringLiteral("/version: 2 is newer");
        QTest::newRow("no profiles") << QByteArray("{\"version\":1}") << QStringLiteral("/profiles: expected an array");
        QTest::newRow("unknown top key") << QByteArray("{\"version\":1,\"profiles\":[],\"extra\":1}")
                                         << QStringLiteral("/extra: unknown key");
        QTest::newRow("api key in profile")
            << QByteArray("{\"version\":1,\"profiles\":[" + good + ",\"api_key\":\"sk-123\"}]}")
            << QStringLiteral("/profiles/0/api_key: API keys are never kept");
        QTest::newRow("bad kind") << QByteArray("{\"version\":1,\"profiles\":[" +
                                                QByteArray(good).replace("\"chat\"", "\"grpc\"") + "}]}")
                                  << QStringLiteral("/profiles/0/kind: expected openai, responses or chat");
        QTest::newRow("model not a string")
            << QByteArray("{\"version\":1,\"profiles\":[{\"name\":\"a\",\"kind\":\"chat\",\"base_url\":\"http://h:1/"
                          "v1\",\"model\":3}]}")
            << QStringLiteral("/profiles/0/model: expected a string");
        QTest::newRow("chat with state") << QByteArray("{\"version\":1,\"profiles\":[" + good +
                                                       ",\"server_state\":true}]}")
                                         << QStringLiteral("/profiles/0/server_state: profile 'a'");
        QTest::newRow("duplicate") << QByteArray("{\"version\":1,\"profiles\":[" + good + "}," + good + "}]}")
                                   << QStringLiteral("/profiles/1/name: a second profile named \"a\"");
        QTest::newRow("unknown last used")
            << QByteArray("{\"version\":1,\"profiles\":[" + good + "}],\"last_used\":\"b\"}")
            << QStringLiteral("/last_used: there is no profile named \"b\"");
    }
    void load_badFile_preciseErrorAndNeverOverwritten()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        QVERIFY(writeTestFile(file(), content));
        ProviderProfileStore store(file());
        const Result<void> loaded = store.load();
        QVERIFY(!loaded);
        QVERIFY2(loaded.error().message.startsWith(file() + QStringLiteral(": ")), qPrintable(loaded.error().message));
        QVERIFY2(loaded.error().message.contains(expected), qPrintable(loaded.error().message));
        QVERIFY(!loaded.error().message.contains(QLatin1String("sk-123")));
        QVERIFY(store.profiles().isEmpty());

        SC_VERIFY_OK(store.setProfile(localChat()));
        const Result<void> saved = store.save();
        QVERIFY(!saved);
        QVERIFY2(saved.error().message.contains(QLatin1String("not overwritten")), qPrintable(saved.error().message));
        QCOMPARE(readTestFile(file()), content);
    }
};

QTEST_GUILESS_MAIN(tst_ProviderProfileStore)
#include "tst_providerprofilestore.moc"
