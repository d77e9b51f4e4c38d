// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// `sandcastle profiles` and `run/resume --profile` against the scripted model server: what a
// profile selects (URL, API, model, key, server-side state), the last used one as the default,
// explicit flags over the profile, and a broken profiles file.
#include "scriptedmodelserver.h"

#include "clirun.h"
#include "providerreplies.h"
#include "testenv.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Sandcastle::Test;

class tst_ProfilesCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_config; ///< XDG_CONFIG_HOME of every run: providers.json is in sandcastle/ below it
    std::unique_ptr<ScriptedModelServer> m_server;

    QProcessEnvironment environment(bool withKey = true) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("OPENAI_BASE_URL"));
        env.remove(QStringLiteral("OPENAI_API_KEY"));
        if (withKey) {
            env.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-env-key-for-profiles"));
        }
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_config);
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_tmp.filePath(QStringLiteral("data")));
        // No keychain: a credential without OPENAI_API_KEY reads nothing, at once.
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                   QStringLiteral("unix:path=") + m_tmp.filePath(QStringLiteral("no-bus")));
        return env;
    }
    CliRun sandcastle(const QStringList &args, bool withKey = true) const
    {
        return runSandcastleWithEnvironment(args, environment(withKey), {}, 60000);
    }
    void profiles(const QStringList &args)
    {
        const CliRun r = sandcastle(QStringList{QStringLiteral("profiles")} + args);
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
    }
    QString providersFile() const { return m_config + QStringLiteral("/sandcastle/providers.json"); }
    CliRun run(const QStringList &extra, bool withKey = true) const
    {
        const QString ws = m_tmp.filePath(QStringLiteral("ws-") + QUuid::createUuid().toString(QUuid::Id128));
        return sandcastle(QStringList{QStringLiteral("run"), QStringLiteral("--workspace"), ws,
                                      QStringLiteral("--confine"), QStringLiteral("none"),
                                      QStringLiteral("--no-state")} +
                              extra + QStringList{QStringLiteral("Say hi.")},
                          withKey);
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString bin = qEnvironmentVariable("SANDCASTLE_BIN");
        QVERIFY2(QFileInfo(bin).isExecutable(), qPrintable(QStringLiteral("SANDCASTLE_BIN not executable: ") + bin));
        QVERIFY(m_tmp.isValid());
    }
    void init()
    {
        m_config = m_tmp.filePath(QStringLiteral("config-") + QUuid::createUuid().toString(QUuid::Id128));
        m_server = std::make_unique<ScriptedModelServer>();
        QVERIFY(m_server->listen());
    }
    void cleanup() { m_server.reset(); }

    void profiles_setListRemove()
    {
        profiles({QStringLiteral("set"), QStringLiteral("llama"), QStringLiteral("--kind"), QStringLiteral("chat"),
                  QStringLiteral("--base-url"), QStringLiteral("http://127.0.0.1:8080/v1"), QStringLiteral("--model"),
                  QStringLiteral("qwen3-coder"), QStringLiteral("--context-window"), QStringLiteral("32768")});
        profiles(
            {QStringLiteral("set"), QStringLiteral("openai"), QStringLiteral("--server-state"), QStringLiteral("on")});
        const CliRun listed = sandcastle({QStringLiteral("profiles"), QStringLiteral("list")});
        QVERIFY2(listed.exitCode == 0, qPrintable(listed.describe()));
        const QStringList lines = listed.out.trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines.at(0).startsWith(QLatin1String("* llama  chat  http://127.0.0.1:8080/v1  qwen3-coder")),
                 qPrintable(lines.at(0))); // the first profile is the default
        QVERIFY2(lines.at(1).contains(QLatin1String("credential openai_api_key")), qPrintable(lines.at(1)));

        const CliRun json = sandcastle({QStringLiteral("profiles"), QStringLiteral("list"), QStringLiteral("--json")});
        const QJsonObject parsed = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(parsed.value(QStringLiteral("last_used")).toString(), QStringLiteral("llama"));
        const QJsonObject openai = parsed.value(QStringLiteral("profiles")).toArray().at(1).toObject();
        QCOMPARE(openai.value(QStringLiteral("server_state")).toBool(), true);
        QCOMPARE(openai.value(QStringLiteral("base_url")).toString(), QStringLiteral("https://api.openai.com/v1"));

        // Bad input changes nothing.
        const QByteArray before = readTestFile(providersFile());
        for (const QStringList &bad :
             {QStringList{QStringLiteral("set"), QStringLiteral("x"), QStringLiteral("--kind"), QStringLiteral("grpc")},
              QStringList{QStringLiteral("set"), QStringLiteral("llama"), QStringLiteral("--server-state"),
                          QStringLiteral("on")},
              QStringList{QStringLiteral("remove"), QStringLiteral("nope")}}) {
            const CliRun r = sandcastle(QStringList{QStringLiteral("profiles")} + bad);
            QVERIFY2(r.exitCode == 2, qPrintable(r.describe()));
        }
        QCOMPARE(readTestFile(providersFile()), before);

        profiles({QStringLiteral("remove"), QStringLiteral("llama")});
        const CliRun after = sandcastle({QStringLiteral("profiles"), QStringLiteral("list")});
        QVERIFY2(after.out.trimmed().startsWith(QLatin1String("openai  openai")), qPrintable(after.out));
    }

    void run_profile_selectsUrlApiModelAndNoKey_thenIsTheDefault()
    {
        profiles({QStringLiteral("set"), QStringLiteral("openai"), QStringLiteral("--default")});
        profiles({QStringLiteral("set"), QStringLiteral("local"), QStringLiteral("--kind"), QStringLiteral("chat"),
                  QStringLiteral("--base-url"), m_server->baseUrl().toString(), QStringLiteral("--model"),
                  QStringLiteral("local-model")});
        m_server->enqueue(answerTurn(QStringLiteral("hi")));
        const CliRun selected = run({QStringLiteral("--profile"), QStringLiteral("local")});
        QVERIFY2(selected.finished && selected.exitCode == 0, qPrintable(selected.describe()));
        // Now the default: a run without --profile uses it; explicit flags still win.
        m_server->enqueue(answerTurn(QStringLiteral("hi")));
        const CliRun byDefault = run({});
        QVERIFY2(byDefault.exitCode == 0, qPrintable(byDefault.describe()));
        m_server->enqueue(answerTurn(QStringLiteral("hi")));
        const CliRun overridden = run({QStringLiteral("--api"), QStringLiteral("responses"), QStringLiteral("--model"),
                                       QStringLiteral("other-model")});
        QVERIFY2(overridden.exitCode == 0, qPrintable(overridden.describe()));

        const QList<RecordedRequest> requests = m_server->requests();
        QCOMPARE(requests.size(), 3);
        for (int i : {0, 1}) {
            QCOMPARE(requests.at(i).path, QByteArray("/v1/chat/completions"));
            QCOMPARE(requests.at(i).json.value(QStringLiteral("model")).toString(), QStringLiteral("local-model"));
            // OPENAI_API_KEY is set, but a profile without a credential sends no key anywhere.
            QVERIFY(requests.at(i).header("authorization").isEmpty());
        }
        QCOMPARE(requests.at(2).path, QByteArray("/v1/responses"));
        QCOMPARE(requests.at(2).json.value(QStringLiteral("model")).toString(), QStringLiteral("other-model"));
        const QJsonObject file = QJsonDocument::fromJson(readTestFile(providersFile())).object();
        QCOMPARE(file.value(QStringLiteral("last_used")).toString(), QStringLiteral("local"));
    }

    void run_serverStateProfile_sendsPreviousResponseIdAndOnlyNewItems()
    {
        profiles({QStringLiteral("set"), QStringLiteral("stateful"), QStringLiteral("--kind"),
                  QStringLiteral("responses"), QStringLiteral("--base-url"), m_server->baseUrl().toString(),
                  QStringLiteral("--model"), QStringLiteral("m"), QStringLiteral("--server-state"),
                  QStringLiteral("on"), QStringLiteral("--credential"), QStringLiteral("local_key")});
        m_server->enqueue(toolTurn(functionCallItem(
            QStringLiteral("exec_command"), execArguments(QStringLiteral("echo one")), QStringLiteral("call_1"))));
        ScriptedTurn last = answerTurn(QStringLiteral("done"));
        last.responseId = QStringLiteral("resp_last");
        m_server->enqueue(last);
        const CliRun r = run({QStringLiteral("--profile"), QStringLiteral("stateful")});
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));

        const QList<RecordedRequest> requests = m_server->requests();
        QCOMPARE(requests.size(), 2);
        QVERIFY(!requests.at(0).json.contains(QStringLiteral("previous_response_id")));
        QCOMPARE(requests.at(0).json.value(QStringLiteral("input")).toArray().size(), 1); // the prompt
        QCOMPARE(requests.at(1).json.value(QStringLiteral("previous_response_id")).toString(),
                 QStringLiteral("resp_scripted_0"));
        const QJsonArray input = requests.at(1).json.value(QStringLiteral("input")).toArray();
        QCOMPARE(input.size(), 1);
        QCOMPARE(input.at(0).toObject().value(QStringLiteral("type")).toString(),
                 QStringLiteral("function_call_output"));
        // The credential's key came from OPENAI_API_KEY, which overrides the keychain.
        QCOMPARE(requests.at(1).header("authorization"), QByteArray("Bearer sk-env-key-for-profiles"));
    }

    void run_401_namesTheProfileCredential()
    {
        profiles({QStringLiteral("set"), QStringLiteral("keyed"), QStringLiteral("--kind"), QStringLiteral("responses"),
                  QStringLiteral("--base-url"), m_server->baseUrl().toString(), QStringLiteral("--model"),
                  QStringLiteral("m"), QStringLiteral("--credential"), QStringLiteral("keyed_api_key")});
        m_server->enqueue(errorTurn(401, ProviderReplies::invalidApiKey()));
        const CliRun r = run({QStringLiteral("--profile"), QStringLiteral("keyed")}, false);
        QVERIFY2(r.finished && r.exitCode == 3, qPrintable(r.describe()));
        QVERIFY2(r.err.contains(QLatin1String("`sandcastle credentials set keyed_api_key`")), qPrintable(r.err));
        QCOMPARE(m_server->requests().size(), 1);
    }

    void run_unknownProfile_exit2NamingTheKnownOnes()
    {
        profiles({QStringLiteral("set"), QStringLiteral("openai")});
        const CliRun r = run({QStringLiteral("--profile"), QStringLiteral("missing")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("no provider profile named \"missing\" (known: openai)")),
                 qPrintable(r.err));
        QVERIFY(m_server->requests().isEmpty());
    }

    void run_brokenProfilesFile_exit2NamingItAndLeftAlone()
    {
        const QByteArray broken = "{\"version\":1,\"profiles\":[{\"name\":\"a\",\"kind\":\"chat\"}]}";
        QVERIFY(writeTestFile(providersFile(), broken));
        const CliRun r = run({QStringLiteral("--base-url"), m_server->baseUrl().toString()});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(providersFile() + QStringLiteral(": /profiles/0/base_url: expected a string")),
                 qPrintable(r.err));
        const CliRun set = sandcastle({QStringLiteral("profiles"), QStringLiteral("set"), QStringLiteral("b")});
        QCOMPARE(set.exitCode, 2);
        QCOMPARE(readTestFile(providersFile()), broken);
        QVERIFY(m_server->requests().isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_ProfilesCli)
#include "tst_profilescli.moc"
