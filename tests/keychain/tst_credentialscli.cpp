// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// `sandcastle credentials` and `sandcastle run` against the real keyring (gnome-keyring on the
// D-Bus session the test command starts) and the scripted model server: a manifest secret reaches
// the command but no request, event or journal byte; the API key comes from the keychain.
#include "scriptedmodelserver.h"

#include "clirun.h"
#include "testenv.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>

using namespace Sandcastle::Test;

namespace {

QProcessEnvironment environmentWithoutKey()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("OPENAI_API_KEY"));
    env.remove(QStringLiteral("OPENAI_BASE_URL"));
    return env;
}

} // namespace

class tst_CredentialsCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;
    std::unique_ptr<ScriptedModelServer> m_server;

    void store(const QString &name, const QString &value)
    {
        const CliRun set = runSandcastleWithEnvironment({QStringLiteral("credentials"), QStringLiteral("set"), name},
                                                        environmentWithoutKey(), value.toUtf8() + '\n', 30000);
        QVERIFY2(set.finished && set.exitCode == 0, qPrintable(set.describe()));
        QVERIFY2(!set.err.contains(value) && !set.out.contains(value), "credentials set echoed the value");
    }
    void remove(const QString &name)
    {
        const CliRun del = runSandcastleWithEnvironment({QStringLiteral("credentials"), QStringLiteral("delete"), name},
                                                        environmentWithoutKey(), {}, 30000);
        QVERIFY2(del.finished && del.exitCode == 0, qPrintable(del.describe()));
    }
    QStringList runArgs(const QString &workspace, const QStringList &extra = {}) const
    {
        return QStringList{QStringLiteral("run"),        QStringLiteral("--workspace"),  workspace,
                           QStringLiteral("--base-url"), m_server->baseUrl().toString(), QStringLiteral("--confine"),
                           QStringLiteral("none"),       QStringLiteral("--no-state")} +
               extra + QStringList{QStringLiteral("Say hi.")};
    }
    /// The API key tests replace the `openai_api_key` item of service "sandcastle": only in the
    /// throwaway keyring of the test command (scripts/session.sh), never in a developer's own.
    bool isThrowawayKeyring() const { return QDir::homePath().startsWith(QLatin1String("/tmp/sandcastle-keyring.")); }

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
            QSKIP("no D-Bus session bus: run through the test command, which starts gnome-keyring");
        }
        if (qEnvironmentVariableIsEmpty("SANDCASTLE_BIN")) {
            // The keychain label does not pass SANDCASTLE_BIN; the program is built into bin/.
            qputenv("SANDCASTLE_BIN", QByteArray(qgetenv("SANDCASTLE_BINARY_DIR") + "/bin/sandcastle"));
        }
        const QString bin = qEnvironmentVariable("SANDCASTLE_BIN");
        QVERIFY2(QFileInfo(bin).isExecutable(), qPrintable(QStringLiteral("SANDCASTLE_BIN not executable: ") + bin));
        QVERIFY(m_tmp.isValid());
    }

    void init()
    {
        m_server = std::make_unique<ScriptedModelServer>();
        QVERIFY(m_server->listen());
    }

    void cleanup() { m_server.reset(); }

    void run_manifestSecret_reachesCommandButNoRequestEventOrJournal()
    {
        const QString item = QStringLiteral("sc-test-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString secret = QStringLiteral("tok-") + QUuid::createUuid().toString(QUuid::Id128);
        store(item, secret);

        const QString manifest = m_tmp.filePath(QStringLiteral("secret-manifest.json"));
        const QJsonObject m{{QStringLiteral("version"), 1},
                            {QStringLiteral("root"), QStringLiteral("/workspace")},
                            {QStringLiteral("entries"),
                             QJsonObject{{QStringLiteral("README.md"),
                                          QJsonObject{{QStringLiteral("type"), QStringLiteral("file")},
                                                      {QStringLiteral("content"), QStringLiteral("hi\n")}}}}},
                            {QStringLiteral("environment"),
                             QJsonObject{{QStringLiteral("MY_TOKEN"), QJsonObject{{QStringLiteral("secret"), item}}}}}};
        QVERIFY(writeTestFile(manifest, QJsonDocument(m).toJson()));

        m_server->enqueue(toolTurn(functionCallItem(
            QStringLiteral("exec_command"),
            execArguments(QStringLiteral("echo \"token=$MY_TOKEN\"; env | grep MY_TOKEN; echo ${#MY_TOKEN} > len.txt; "
                                         "printf %s \"$MY_TOKEN\" | sha256sum | cut -d' ' -f1 > hash.txt")),
            QStringLiteral("call_echo"))));
        m_server->enqueue(answerTurn(QStringLiteral("done")));

        const QString ws = m_tmp.filePath(QStringLiteral("ws-secret"));
        const QString events = m_tmp.filePath(QStringLiteral("secret-events.jsonl"));
        const QString journal = m_tmp.filePath(QStringLiteral("secret-journal.sqlite"));
        const CliRun r =
            runSandcastle({QStringLiteral("run"), QStringLiteral("--manifest"), manifest, QStringLiteral("--workspace"),
                           ws, QStringLiteral("--base-url"), m_server->baseUrl().toString(),
                           QStringLiteral("--confine"), QStringLiteral("none"), QStringLiteral("--events"), events,
                           QStringLiteral("--state"), journal, QStringLiteral("Print the token.")},
                          events);
        remove(item);
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));

        // The command saw the real value.
        QCOMPARE(readTestFile(ws + QStringLiteral("/len.txt")).trimmed(), QByteArray::number(secret.size()));
        QCOMPARE(readTestFile(ws + QStringLiteral("/hash.txt")).trimmed(),
                 QCryptographicHash::hash(secret.toUtf8(), QCryptographicHash::Sha256).toHex());

        // The model got the redacted output, and no request carried the value.
        const QList<RecordedRequest> requests = m_server->requests();
        QCOMPARE(requests.size(), 2);
        const QString output = toolOutputs(requests.at(1)).value(QStringLiteral("call_echo"));
        QVERIFY2(output.contains(QLatin1String("token=[REDACTED:MY_TOKEN]")), qPrintable(output));
        QVERIFY2(output.contains(QLatin1String("MY_TOKEN=[REDACTED:MY_TOKEN]")), qPrintable(output));
        const QByteArray needle = secret.toUtf8();
        for (const RecordedRequest &request : requests) {
            QVERIFY2(!request.body.contains(needle), "a model request carried the secret");
        }
        QVERIFY(!r.out.contains(secret) && !r.err.contains(secret));

        // Neither the events file nor the journal (with its WAL/SHM companions) holds it.
        QVERIFY(!r.eventsOfType(QStringLiteral("tool_result")).isEmpty());
        QVERIFY(readTestFile(events).contains("[REDACTED:MY_TOKEN]"));
        QVERIFY(QFileInfo::exists(journal));
        int checked = 0;
        QDirIterator it(m_tmp.path(), {QStringLiteral("secret-*")}, QDir::Files);
        while (it.hasNext()) {
            const QString path = it.next();
            QVERIFY2(!readTestFile(path).contains(needle), qPrintable(path + QStringLiteral(" holds the secret")));
            ++checked;
        }
        QVERIFY(checked >= 3); // manifest, events, journal
    }

    void run_noEnvironmentKey_usesKeychainKey_environmentOverrides()
    {
        if (!isThrowawayKeyring()) {
            QSKIP("replaces the openai_api_key item: runs only in the test command's throwaway keyring");
        }
        const QString key = QStringLiteral("sk-keychain-") + QUuid::createUuid().toString(QUuid::Id128);
        store(QStringLiteral("openai_api_key"), key);

        m_server->enqueue(answerTurn(QStringLiteral("hi")));
        const CliRun fromKeychain =
            runSandcastleWithEnvironment(runArgs(m_tmp.filePath(QStringLiteral("ws-key"))), environmentWithoutKey());
        QVERIFY2(fromKeychain.finished && fromKeychain.exitCode == 0, qPrintable(fromKeychain.describe()));

        m_server->enqueue(answerTurn(QStringLiteral("hi")));
        const CliRun fromEnvironment = runSandcastle(runArgs(m_tmp.filePath(QStringLiteral("ws-key2"))));
        remove(QStringLiteral("openai_api_key"));
        QVERIFY2(fromEnvironment.finished && fromEnvironment.exitCode == 0, qPrintable(fromEnvironment.describe()));

        const QList<RecordedRequest> requests = m_server->requests();
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests.at(0).header("authorization"), "Bearer " + key.toUtf8());
        QCOMPARE(requests.at(1).header("authorization"), QByteArray("Bearer sk-test-not-a-real-key"));
    }

    void run_noSecretService_doesNotHang()
    {
        QProcessEnvironment env = environmentWithoutKey();
        // A session bus address nothing listens on: the keychain read fails or times out.
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                   QStringLiteral("unix:path=") + m_tmp.filePath(QStringLiteral("no-bus")));
        m_server->enqueue(answerTurn(QStringLiteral("hi")));
        const CliRun r =
            runSandcastleWithEnvironment(runArgs(m_tmp.filePath(QStringLiteral("ws-nobus"))), env, {}, 30000);
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        const QList<RecordedRequest> requests = m_server->requests();
        QCOMPARE(requests.size(), 1);
        QVERIFY(requests.at(0).header("authorization").isEmpty());
    }

    void credentials_badUsage_exits2()
    {
        const CliRun noName = runSandcastleWithEnvironment({QStringLiteral("credentials"), QStringLiteral("set")},
                                                           environmentWithoutKey(), {}, 30000);
        QCOMPARE(noName.exitCode, 2);
        const CliRun empty =
            runSandcastleWithEnvironment({QStringLiteral("credentials"), QStringLiteral("set"), QStringLiteral("x")},
                                         environmentWithoutKey(), {}, 30000);
        QCOMPARE(empty.exitCode, 2);
        QVERIFY2(empty.err.contains(QLatin1String("stdin")), qPrintable(empty.err));
    }
};

QTEST_GUILESS_MAIN(tst_CredentialsCli)
#include "tst_credentialscli.moc"
