// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// `sandcastle credentials` and `sandcastle run` against the real keyring (gnome-keyring on the
// D-Bus session the test command starts) and the scripted model server: a manifest secret reaches
// the command but no request, event or journal byte, nor any other file Sandcastle wrote; the API
// key comes from the keychain; without a keychain nothing is stored, also not on disk.
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

/// Every directory Sandcastle may write to (data, config, cache, state, temp) moved below `root`.
QProcessEnvironment environmentUnder(const QString &root)
{
    QProcessEnvironment env = environmentWithoutKey();
    for (const char *variable : {"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "TMPDIR"}) {
        const QString dir = root + QLatin1Char('/') + QString::fromLatin1(variable).toLower();
        QDir().mkpath(dir);
        env.insert(QString::fromLatin1(variable), dir);
    }
    return env;
}

/// The files below `root` (recursively, hidden ones too) that contain `needle`; `checked` counts all.
QStringList filesContaining(const QString &root, const QByteArray &needle, int *checked)
{
    QStringList found;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        ++*checked;
        if (readTestFile(path).contains(needle)) {
            found << path;
        }
    }
    return found;
}

/// A one-file manifest whose environment takes MY_TOKEN from the keychain item `item`.
bool writeSecretManifest(const QString &path, const QString &item)
{
    const QJsonObject m{
        {QStringLiteral("version"), 1},
        {QStringLiteral("root"), QStringLiteral("/workspace")},
        {QStringLiteral("entries"),
         QJsonObject{{QStringLiteral("README.md"), QJsonObject{{QStringLiteral("type"), QStringLiteral("file")},
                                                               {QStringLiteral("content"), QStringLiteral("hi\n")}}}}},
        {QStringLiteral("environment"),
         QJsonObject{{QStringLiteral("MY_TOKEN"), QJsonObject{{QStringLiteral("secret"), item}}}}}};
    return writeTestFile(path, QJsonDocument(m).toJson());
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
        QVERIFY(writeSecretManifest(manifest, item));

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

    void run_plantedSecret_appearsInNoFileAndNoRequest_data()
    {
        QTest::addColumn<QStringList>("clientArgs");
        QTest::newRow("unix") << QStringList{QStringLiteral("--confine"), QStringLiteral("none")};
        QTest::newRow("docker") << QStringList{QStringLiteral("--client"), QStringLiteral("docker")};
    }
    void run_plantedSecret_appearsInNoFileAndNoRequest()
    {
        QFETCH(QStringList, clientArgs);
        if (clientArgs.contains(QStringLiteral("docker"))) {
            if (const QString why = dockerUnavailableReason(); !why.isEmpty()) {
                QSKIP(qPrintable(why));
            }
        }
        // The manifest secret and the provider key both live in the keychain only.
        const QString item = QStringLiteral("sc-leak-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString secret = QStringLiteral("planted-") + QUuid::createUuid().toString(QUuid::Id128);
        const QString keyItem = QStringLiteral("sc-leak-key-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString apiKey = QStringLiteral("sk-leak-") + QUuid::createUuid().toString(QUuid::Id128);
        store(item, secret);
        store(keyItem, apiKey);

        const QString root = m_tmp.filePath(QStringLiteral("leak-") + QString::fromLatin1(QTest::currentDataTag()));
        const QProcessEnvironment env = environmentUnder(root);
        const QString manifest = root + QStringLiteral("/manifest.json");
        QVERIFY(writeSecretManifest(manifest, item));
        const CliRun profile = runSandcastleWithEnvironment(
            {QStringLiteral("profiles"), QStringLiteral("set"), QStringLiteral("leak"), QStringLiteral("--kind"),
             QStringLiteral("responses"), QStringLiteral("--base-url"), m_server->baseUrl().toString(),
             QStringLiteral("--model"), QStringLiteral("leak-model"), QStringLiteral("--credential"), keyItem},
            env);
        QVERIFY2(profile.exitCode == 0, qPrintable(profile.describe()));

        // Printed on stdout and stderr, in the environment listing, and later from a PTY session.
        m_server->enqueue(toolTurn(functionCallItem(
            QStringLiteral("exec_command"),
            execArguments(QStringLiteral("echo \"token=$MY_TOKEN\"; echo \"err=$MY_TOKEN\" >&2; env | grep MY_TOKEN; "
                                         "printf %s \"$MY_TOKEN\" | wc -c > len.txt")),
            QStringLiteral("call_print"))));
        QJsonObject interactive = execArguments(QStringLiteral("sh -c 'read line; echo \"late=$MY_TOKEN\"'"), 1000);
        interactive.insert(QStringLiteral("tty"), true);
        m_server->enqueue(
            toolTurn(functionCallItem(QStringLiteral("exec_command"), interactive, QStringLiteral("call_tty"))));
        m_server->enqueue(toolTurn(functionCallItem(QStringLiteral("write_stdin"),
                                                    {{QStringLiteral("session_id"), 2}, // the second command
                                                     {QStringLiteral("chars"), QStringLiteral("go\n")},
                                                     {QStringLiteral("yield_time_ms"), 3000}},
                                                    QStringLiteral("call_write"))));
        m_server->enqueue(answerTurn(QStringLiteral("done")));
        const QString ws = root + QStringLiteral("/workspace");
        const CliRun r = runSandcastleWithEnvironment(
            QStringList{QStringLiteral("run"), QStringLiteral("--profile"), QStringLiteral("leak"),
                        QStringLiteral("--manifest"), manifest, QStringLiteral("--workspace"), ws,
                        QStringLiteral("--events"), root + QStringLiteral("/events.jsonl"), QStringLiteral("--trace"),
                        root + QStringLiteral("/trace.jsonl"), QStringLiteral("--snapshot-every-turn")} +
                clientArgs + QStringList{QStringLiteral("Print the token.")},
            env, {}, 120000);
        // Resumed with the stored options (the credential too): printed once more.
        // ... and 50 times in a row through a small output budget, so that truncation cuts inside it.
        ScriptedTurn againTurn = toolTurn(functionCallItem(QStringLiteral("exec_command"),
                                                           execArguments(QStringLiteral("echo \"again=$MY_TOKEN\"")),
                                                           QStringLiteral("call_again")));
        QJsonObject repeated = execArguments(QStringLiteral("for i in $(seq 1 50); do printf %s \"$MY_TOKEN\"; done"));
        repeated.insert(QStringLiteral("max_output_tokens"), 60);
        againTurn.outputItems.append(
            functionCallItem(QStringLiteral("exec_command"), repeated, QStringLiteral("call_cut")));
        m_server->enqueue(againTurn);
        m_server->enqueue(answerTurn(QStringLiteral("done again")));
        const CliRun resumed = runSandcastleWithEnvironment(
            {QStringLiteral("resume"), QStringLiteral("--workspace"), ws, QStringLiteral("--events"),
             root + QStringLiteral("/events-resume.jsonl"), QStringLiteral("Print it again.")},
            env);
        remove(item);
        remove(keyItem);
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(resumed.finished && resumed.exitCode == 0, qPrintable(resumed.describe()));

        // The commands saw the value, and the model saw it redacted.
        QCOMPARE(readTestFile(ws + QStringLiteral("/len.txt")).trimmed(), QByteArray::number(secret.size()));
        const QList<RecordedRequest> requests = m_server->requests();
        QCOMPARE(requests.size(), 6);
        const QString printed = toolOutputs(requests.at(1)).value(QStringLiteral("call_print"));
        QVERIFY2(printed.contains(QLatin1String("token=[REDACTED:MY_TOKEN]")) &&
                     printed.contains(QLatin1String("err=[REDACTED:MY_TOKEN]")),
                 qPrintable(printed));
        const QString late = toolOutputs(requests.at(3)).value(QStringLiteral("call_write"));
        QVERIFY2(late.contains(QLatin1String("late=[REDACTED:MY_TOKEN]")), qPrintable(late));
        const QString again = toolOutputs(requests.at(5)).value(QStringLiteral("call_again"));
        QVERIFY2(again.contains(QLatin1String("again=[REDACTED:MY_TOKEN]")), qPrintable(again));

        const QString cut = toolOutputs(requests.at(5)).value(QStringLiteral("call_cut"));
        QVERIFY2(cut.contains(QLatin1String("tokens truncated")), qPrintable(cut));

        // No request carried the secret, not even a piece of it cut by truncation; the key went only
        // into the Authorization header.
        for (const RecordedRequest &request : requests) {
            QVERIFY2(!request.body.contains(secret.toUtf8()), "a model request carried the secret");
            for (qsizetype at = 0; at + 12 <= secret.size(); ++at) {
                QVERIFY2(
                    !request.body.contains(secret.mid(at, 12).toUtf8()),
                    qPrintable(QStringLiteral("a model request carried a piece of the secret: ") + secret.mid(at, 12)));
            }
            QVERIFY2(!request.body.contains(apiKey.toUtf8()), "a model request body carried the API key");
            QCOMPARE(request.header("authorization"), "Bearer " + apiKey.toUtf8());
            for (const auto &[name, value] : request.headers) {
                QVERIFY2(name.toLower() == "authorization" || !value.contains(secret.toUtf8()), name.constData());
            }
        }
        for (const CliRun &run : {r, resumed}) {
            QVERIFY(!run.out.contains(secret) && !run.err.contains(secret));
            QVERIFY(!run.out.contains(apiKey) && !run.err.contains(apiKey));
        }

        // Every file Sandcastle wrote: journal, snapshots, events, trace, profiles, workspace, temp.
        for (const QString &expected : QStringList{
                 QStringLiteral("/events.jsonl"), QStringLiteral("/events-resume.jsonl"),
                 QStringLiteral("/trace.jsonl"), QStringLiteral("/xdg_config_home/sandcastle/providers.json")}) {
            QVERIFY2(QFileInfo(root + expected).size() > 0, qPrintable(root + expected));
        }
        QDirIterator journals(root + QStringLiteral("/xdg_data_home"), {QStringLiteral("*.sqlite")}, QDir::Files,
                              QDirIterator::Subdirectories);
        QVERIFY2(journals.hasNext(), "no journal in the data directory");
        QDirIterator snapshots(root + QStringLiteral("/xdg_data_home"), {QStringLiteral("*")}, QDir::Files,
                               QDirIterator::Subdirectories);
        int dataFiles = 0;
        while (snapshots.hasNext()) {
            snapshots.next();
            ++dataFiles;
        }
        QVERIFY2(dataFiles >= 4, qPrintable(QString::number(dataFiles))); // journal (+ WAL) and snapshot store
        int checked = 0;
        const QStringList withSecret = filesContaining(root, secret.toUtf8(), &checked);
        QVERIFY2(withSecret.isEmpty(), qPrintable(QStringLiteral("the secret is in ") + withSecret.join(u' ')));
        const QStringList withKey = filesContaining(root, apiKey.toUtf8(), &checked);
        QVERIFY2(withKey.isEmpty(), qPrintable(QStringLiteral("the API key is in ") + withKey.join(u' ')));
        QVERIFY(checked >= 2 * 10);
    }

    void noKeychain_statusSaysWhyAndSetStoresNothing()
    {
        const QString root = m_tmp.filePath(QStringLiteral("nokeychain"));
        QProcessEnvironment env = environmentUnder(root);
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                   QStringLiteral("unix:path=") + m_tmp.filePath(QStringLiteral("no-bus")));
        const CliRun status =
            runSandcastleWithEnvironment({QStringLiteral("credentials"), QStringLiteral("status")}, env);
        QCOMPARE(status.exitCode, 1);
        QVERIFY2(status.out.startsWith(QLatin1String("unavailable: the D-Bus session bus is not reachable")),
                 qPrintable(status.describe()));

        // A small and a large value: neither is stored anywhere, not even encrypted.
        const QString small = QStringLiteral("small-") + QUuid::createUuid().toString(QUuid::Id128);
        QString large = QStringLiteral("large-");
        while (large.size() < 10000) {
            large += QUuid::createUuid().toString(QUuid::Id128);
        }
        for (const QString &value : {small, large}) {
            const CliRun set = runSandcastleWithEnvironment(
                {QStringLiteral("credentials"), QStringLiteral("set"), QStringLiteral("nowhere")}, env,
                value.toUtf8() + '\n', 30000);
            QVERIFY2(set.finished && set.exitCode == 1, qPrintable(set.describe()));
            QVERIFY2(set.err.contains(QLatin1String("D-Bus session bus")), qPrintable(set.err));
        }
        int checked = 0;
        QDirIterator files(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        QStringList written;
        while (files.hasNext()) {
            written << files.next();
        }
        QVERIFY2(written.isEmpty(), qPrintable(written.join(u' ')));
        QVERIFY(filesContaining(root, small.toUtf8(), &checked).isEmpty());
    }

    void credentials_list_namesWithoutValues()
    {
        const QString item = QStringLiteral("sc-list-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString value = QStringLiteral("listed-") + QUuid::createUuid().toString(QUuid::Id128);
        store(item, value);
        const CliRun listed = runSandcastleWithEnvironment({QStringLiteral("credentials"), QStringLiteral("list")},
                                                           environmentWithoutKey());
        remove(item);
        QVERIFY2(listed.exitCode == 0, qPrintable(listed.describe()));
        QVERIFY2(listed.out.split(QLatin1Char('\n')).contains(item), qPrintable(listed.out));
        QVERIFY(!listed.out.contains(value));
        const CliRun after = runSandcastleWithEnvironment({QStringLiteral("credentials"), QStringLiteral("list")},
                                                          environmentWithoutKey());
        QVERIFY2(!after.out.contains(item), qPrintable(after.out));
        const CliRun status = runSandcastleWithEnvironment({QStringLiteral("credentials"), QStringLiteral("status")},
                                                           environmentWithoutKey());
        QVERIFY2(status.exitCode == 0 && status.out.startsWith(QLatin1String("available")),
                 qPrintable(status.describe()));
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
