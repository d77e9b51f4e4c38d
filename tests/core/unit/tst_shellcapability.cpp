// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "futurewait.h"
#include "resultverify.h"
#include "sandcastle/core/capabilities/shell/shellcapability.h"
#include "sandcastle/core/credentials/secretredactor.h"
#include "sandcastle/core/sandbox/unixlocalsandboxclient.h"
#include "sandcastle/core/sandbox/unixlocalsandboxsession.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Sandcastle::Core;
using Sandcastle::Test::await;

namespace {

const QString kHeader = QStringLiteral("^Chunk ID: [0-9a-f]{6}\\nWall time: \\d+\\.\\d{4} seconds\\n");

/// The same Unix-local session, but claiming no PTY support: exercises the one-shot exec path.
class NoPtySession : public UnixLocalSandboxSession
{
public:
    using UnixLocalSandboxSession::UnixLocalSandboxSession;
    [[nodiscard]] bool supportsPty() const override { return false; }
};

} // namespace

class tst_ShellCapability : public QObject
{
    Q_OBJECT

    std::unique_ptr<UnixLocalSandboxClient> m_client;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ShellCapability> m_shell;
    SandboxSession *m_session = nullptr;

    Tool *tool(const QString &name) const
    {
        for (Tool *t : m_shell->tools()) {
            if (t->name() == name) {
                return t;
            }
        }
        return nullptr;
    }

    Result<ToolOutput> call(const QString &name, const QJsonObject &arguments)
    {
        Tool *t = tool(name);
        if (!t) {
            return fail(ErrorCode::NotFound, QStringLiteral("no tool ") + name);
        }
        ToolCall c;
        c.callId = QStringLiteral("call_1");
        c.name = name;
        c.arguments = arguments;
        c.rawArguments = QString::fromUtf8(QJsonDocument(arguments).toJson(QJsonDocument::Compact));
        ToolContext context;
        context.workspaceRoot = m_session->workspaceRoot();
        context.sandboxRoot = m_session->sandboxRoot();
        return await(t->invoke(c, context));
    }

    static int sessionIdIn(const QString &text)
    {
        static const QRegularExpression re(QStringLiteral("\\nProcess running with session ID (\\d+)\\n"));
        const QRegularExpressionMatch m = re.match(text);
        return m.hasMatch() ? m.captured(1).toInt() : -1;
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        const bool bwrap =
            !QStandardPaths::findExecutable(QStringLiteral("bwrap"), UnixLocalSandboxClient::fixedPath().split(u':'))
                 .isEmpty();
        m_client = std::make_unique<UnixLocalSandboxClient>(bwrap ? Confinement::Bubblewrap : Confinement::None);
        SandboxOptions options;
        options.workspaceDir = m_dir->path();
        const Result<SandboxSession *> created = await(m_client->create(options));
        SC_VERIFY_OK(created);
        m_session = *created;
        QVERIFY(await(m_session->start()).has_value());
        m_shell = std::make_unique<ShellCapability>();
        m_shell->bind(m_session);
    }
    void cleanup()
    {
        m_shell.reset();
        m_client.reset();
        m_session = nullptr;
        m_dir.reset();
    }

    void tools_boundToPtySession_execAndWriteStdin()
    {
        ShellCapability unbound;
        QVERIFY(unbound.tools().empty());
        QCOMPARE(m_shell->type(), QStringLiteral("shell"));
        const std::vector<Tool *> tools = m_shell->tools();
        QCOMPARE(tools.size(), size_t(2));
        QCOMPARE(tools[0]->name(), QStringLiteral("exec_command"));
        QCOMPARE(tools[1]->name(), QStringLiteral("write_stdin"));
        QVERIFY(m_shell->instructions().contains(QLatin1String("\\u0003")));
    }

    void definition_execCommand_matchesSpecSchema()
    {
        const QJsonObject def = tool(QStringLiteral("exec_command"))->definition();
        QCOMPARE(def.value(QStringLiteral("type")).toString(), QStringLiteral("function"));
        QCOMPARE(def.value(QStringLiteral("strict")).toBool(true), false);
        QCOMPARE(def.value(QStringLiteral("description")).toString(),
                 QStringLiteral("Runs a command in a PTY, returning output or a session ID for ongoing interaction."));
        const QJsonObject params = def.value(QStringLiteral("parameters")).toObject();
        QCOMPARE(params.value(QStringLiteral("required")).toArray(), QJsonArray{QStringLiteral("cmd")});
        const QJsonObject props = params.value(QStringLiteral("properties")).toObject();
        QCOMPARE(props.keys().size(), 7);
        QCOMPARE(props.value(QStringLiteral("cmd")).toObject().value(QStringLiteral("minLength")).toInt(), 1);
        QCOMPARE(props.value(QStringLiteral("login")).toObject().value(QStringLiteral("default")).toBool(), true);
        QCOMPARE(props.value(QStringLiteral("tty")).toObject().value(QStringLiteral("default")).toBool(true), false);
        QCOMPARE(props.value(QStringLiteral("yield_time_ms")).toObject().value(QStringLiteral("default")).toInt(),
                 10000);
        QVERIFY(props.value(QStringLiteral("workdir")).toObject().contains(QStringLiteral("anyOf")));

        const QJsonObject write = tool(QStringLiteral("write_stdin"))->definition();
        const QJsonObject wprops =
            write.value(QStringLiteral("parameters")).toObject().value(QStringLiteral("properties")).toObject();
        QCOMPARE(wprops.value(QStringLiteral("yield_time_ms")).toObject().value(QStringLiteral("default")).toInt(),
                 250);
        QCOMPARE(wprops.value(QStringLiteral("chars"))
                     .toObject()
                     .value(QStringLiteral("default"))
                     .toString(QStringLiteral("x")),
                 QString());
        QCOMPARE(write.value(QStringLiteral("parameters")).toObject().value(QStringLiteral("required")).toArray(),
                 QJsonArray{QStringLiteral("session_id")});
    }

    void execCommand_finishedCommand_formatsExitAndOutput_data()
    {
        QTest::addColumn<QString>("cmd");
        QTest::addColumn<QString>("tail");
        QTest::newRow("exit 7") << QStringLiteral("echo hi; exit 7")
                                << QStringLiteral("Process exited with code 7\nOutput:\nhi\n");
        QTest::newRow("stderr interleaved") << QStringLiteral("echo out; echo err >&2")
                                            << QStringLiteral("Process exited with code 0\nOutput:\nout\nerr\n");
        QTest::newRow("no output") << QStringLiteral("true") << QStringLiteral("Process exited with code 0\nOutput:\n");
    }
    void execCommand_finishedCommand_formatsExitAndOutput()
    {
        QFETCH(QString, cmd);
        QFETCH(QString, tail);
        const Result<ToolOutput> r = call(QStringLiteral("exec_command"), {{QStringLiteral("cmd"), cmd}});
        SC_VERIFY_OK(r);
        QVERIFY(!r->failed);
        QVERIFY2(QRegularExpression(kHeader + QRegularExpression::escape(tail) + u'$').match(r->text).hasMatch(),
                 qPrintable(r->text));
        QCOMPARE(m_session->processCount(), 0);
    }

    void execCommand_workdir_resolvedInsideWorkspace()
    {
        QVERIFY(QDir(m_session->workspaceRoot()).mkpath(QStringLiteral("src/project")));
        const Result<ToolOutput> r =
            call(QStringLiteral("exec_command"), {{QStringLiteral("cmd"), QStringLiteral("pwd")},
                                                  {QStringLiteral("workdir"), QStringLiteral("src\\project")},
                                                  {QStringLiteral("login"), false}});
        SC_VERIFY_OK(r);
        QVERIFY2(r->text.endsWith(u"Output:\n" + m_session->sandboxRoot() + u"/src/project\n"), qPrintable(r->text));

        const Result<ToolOutput> escape =
            call(QStringLiteral("exec_command"), {{QStringLiteral("cmd"), QStringLiteral("pwd")},
                                                  {QStringLiteral("workdir"), QStringLiteral("../..")}});
        SC_VERIFY_OK(escape);
        QVERIFY(escape->failed);
        QVERIFY2(escape->text.contains(QLatin1String("escapes the workspace")), qPrintable(escape->text));
    }

    void execCommand_badArguments_failedOutput_data()
    {
        QTest::addColumn<QJsonObject>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing cmd") << QJsonObject{} << QStringLiteral("/cmd: required");
        QTest::newRow("empty cmd") << QJsonObject{{QStringLiteral("cmd"), QString()}}
                                   << QStringLiteral("/cmd: must not be empty");
        QTest::newRow("negative yield") << QJsonObject{{QStringLiteral("cmd"), QStringLiteral("true")},
                                                       {QStringLiteral("yield_time_ms"), -1}}
                                        << QStringLiteral("/yield_time_ms: must be >= 0");
        QTest::newRow("zero tokens") << QJsonObject{{QStringLiteral("cmd"), QStringLiteral("true")},
                                                    {QStringLiteral("max_output_tokens"), 0}}
                                     << QStringLiteral("/max_output_tokens: must be >= 1");
        QTest::newRow("tty not bool") << QJsonObject{{QStringLiteral("cmd"), QStringLiteral("true")},
                                                     {QStringLiteral("tty"), QStringLiteral("yes")}}
                                      << QStringLiteral("/tty: expected a boolean");
    }
    void execCommand_badArguments_failedOutput()
    {
        QFETCH(QJsonObject, arguments);
        QFETCH(QString, message);
        const Result<ToolOutput> r = call(QStringLiteral("exec_command"), arguments);
        SC_VERIFY_OK(r);
        QVERIFY(r->failed);
        QCOMPARE(r->text, QStringLiteral("Invalid arguments for exec_command: ") + message);
        QCOMPARE(m_session->processCount(), 0);
    }

    void execCommand_maxOutputTokens_truncatesAndCounts()
    {
        const Result<ToolOutput> r =
            call(QStringLiteral("exec_command"),
                 {{QStringLiteral("cmd"), QStringLiteral("head -c 1000 /dev/zero | tr '\\0' a")},
                  {QStringLiteral("max_output_tokens"), 10}});
        SC_VERIFY_OK(r);
        QVERIFY2(r->text.contains(QLatin1String("\nProcess exited with code 0\nOriginal token count: 250\nOutput:\n")),
                 qPrintable(r->text));
        const QString output = r->text.mid(r->text.indexOf(QLatin1String("Output:\n")) + 8);
        QVERIFY2(output.contains(QStringLiteral("\u2026")), qPrintable(output));
        QVERIFY(output.toUtf8().size() <= 40);
    }

    void execCommand_longRunning_yieldsSessionIdThenCtrlC()
    {
        const Result<ToolOutput> started =
            call(QStringLiteral("exec_command"), {{QStringLiteral("cmd"), QStringLiteral("echo begun; sleep 60")},
                                                  {QStringLiteral("yield_time_ms"), 0}});
        SC_VERIFY_OK(started);
        QVERIFY2(QRegularExpression(kHeader + QStringLiteral("Process running with session ID 1\nOutput:\nbegun\n$"))
                     .match(started->text)
                     .hasMatch(),
                 qPrintable(started->text));
        QCOMPARE(m_session->processCount(), 1);

        // Non-tty process: Ctrl-C becomes SIGINT for its process group (DECISIONS).
        const Result<ToolOutput> stopped =
            call(QStringLiteral("write_stdin"),
                 {{QStringLiteral("session_id"), 1}, {QStringLiteral("chars"), QStringLiteral("\u0003")}});
        SC_VERIFY_OK(stopped);
        QVERIFY2(stopped->text.contains(QLatin1String("\nProcess exited with code 130\nOutput:\n")),
                 qPrintable(stopped->text));
        QVERIFY(!stopped->text.contains(QLatin1String("session ID")));
        QCOMPARE(m_session->processCount(), 0);
    }

    void writeStdin_ttyCat_echoesAndCtrlCInterrupts()
    {
        // The child must get default signal dispositions even when the harness ignores SIGINT.
        const auto previous = std::signal(SIGINT, SIG_IGN);
        const Result<ToolOutput> started =
            call(QStringLiteral("exec_command"), {{QStringLiteral("cmd"), QStringLiteral("cat")},
                                                  {QStringLiteral("tty"), true},
                                                  {QStringLiteral("yield_time_ms"), 300}});
        std::signal(SIGINT, previous);
        SC_VERIFY_OK(started);
        const int id = sessionIdIn(started->text);
        QVERIFY2(id > 0, qPrintable(started->text));

        const Result<ToolOutput> echoed =
            call(QStringLiteral("write_stdin"), {{QStringLiteral("session_id"), id},
                                                 {QStringLiteral("chars"), QStringLiteral("hello sandbox\n")},
                                                 {QStringLiteral("yield_time_ms"), 500}});
        SC_VERIFY_OK(echoed);
        QCOMPARE(sessionIdIn(echoed->text), id);
        const QString output = echoed->text.mid(echoed->text.indexOf(QLatin1String("Output:\n")) + 8);
        QVERIFY2(output.count(QLatin1String("hello sandbox")) == 2, qPrintable(output)); // terminal echo + cat

        const Result<ToolOutput> interrupted =
            call(QStringLiteral("write_stdin"), {{QStringLiteral("session_id"), id},
                                                 {QStringLiteral("chars"), QStringLiteral("\u0003")},
                                                 {QStringLiteral("yield_time_ms"), 5000}});
        SC_VERIFY_OK(interrupted);
        QVERIFY2(interrupted->text.contains(QLatin1String("\nProcess exited with code 130\n")),
                 qPrintable(interrupted->text));
        QCOMPARE(m_session->processCount(), 0);
    }

    void writeStdin_secretSplitAcrossPolls_isRedacted()
    {
        SecretRedactor redactor;
        QVERIFY(redactor.addSecret(QStringLiteral("TOKEN"), QStringLiteral("split-secret-value-123")));
        m_shell->setRedactor(redactor);
        const Result<ToolOutput> started =
            call(QStringLiteral("exec_command"),
                 {{QStringLiteral("cmd"),
                   QStringLiteral("printf 'before split-secret-'; sleep 1; printf 'value-123 after'")},
                  {QStringLiteral("yield_time_ms"), 300}});
        SC_VERIFY_OK(started);
        const int id = sessionIdIn(started->text);
        QVERIFY2(id > 0, qPrintable(started->text));
        QVERIFY2(started->text.endsWith(QLatin1String("Output:\nbefore ")), qPrintable(started->text));

        const Result<ToolOutput> rest = call(QStringLiteral("write_stdin"), {{QStringLiteral("session_id"), id},
                                                                             {QStringLiteral("chars"), QString()},
                                                                             {QStringLiteral("yield_time_ms"), 5000}});
        SC_VERIFY_OK(rest);
        QVERIFY2(rest->text.endsWith(QLatin1String("Output:\n[REDACTED:TOKEN] after")), qPrintable(rest->text));
        QVERIFY(!rest->text.contains(QLatin1String("value-123")));
    }

    void writeStdin_unknownSession_exitCodeOneAndMessage()
    {
        const Result<ToolOutput> r =
            call(QStringLiteral("write_stdin"),
                 {{QStringLiteral("session_id"), 9999}, {QStringLiteral("chars"), QStringLiteral("x")}});
        SC_VERIFY_OK(r);
        QVERIFY2(QRegularExpression(kHeader + QStringLiteral("Process exited with code 1\nOutput:\nwrite_stdin failed: "
                                                             "PTY session not found: 9999$"))
                     .match(r->text)
                     .hasMatch(),
                 qPrintable(r->text));
    }

    void clampYieldTimeMs_values_clampedPerSpec_data()
    {
        QTest::addColumn<int>("requested");
        QTest::addColumn<bool>("emptyWrite");
        QTest::addColumn<int>("expected");
        QTest::newRow("zero") << 0 << false << 250;
        QTest::newRow("inside") << 1000 << false << 1000;
        QTest::newRow("too long") << 60000 << false << 30000;
        QTest::newRow("empty poll") << 250 << true << 5000;
        QTest::newRow("empty poll long") << 20000 << true << 20000;
    }
    void clampYieldTimeMs_values_clampedPerSpec()
    {
        QFETCH(int, requested);
        QFETCH(bool, emptyWrite);
        QFETCH(int, expected);
        QCOMPARE(SandboxSession::clampYieldTimeMs(requested, emptyWrite), expected);
    }

    void oneShot_noPtySession_formatsTimesOutAndHidesWriteStdin_data()
    {
        QTest::addColumn<QJsonObject>("arguments");
        QTest::addColumn<QString>("tail");
        QTest::newRow("stdout and stderr joined")
            << QJsonObject{{QStringLiteral("cmd"), QStringLiteral("printf out; echo err >&2; exit 4")}}
            << QStringLiteral("Process exited with code 4\nOutput:\nout\nerr\n");
        QTest::newRow("no extra newline")
            << QJsonObject{{QStringLiteral("cmd"), QStringLiteral("echo out; echo err >&2")}}
            << QStringLiteral("Process exited with code 0\nOutput:\nout\nerr\n");
        QTest::newRow("stderr only") << QJsonObject{{QStringLiteral("cmd"), QStringLiteral("echo err >&2")}}
                                     << QStringLiteral("Process exited with code 0\nOutput:\nerr\n");
        QTest::newRow("timeout") << QJsonObject{{QStringLiteral("cmd"), QStringLiteral("sleep 30")},
                                                {QStringLiteral("yield_time_ms"), 300}}
                                 << QStringLiteral("Output:\nCommand timed out after 0.300 seconds.");
    }
    void oneShot_noPtySession_formatsTimesOutAndHidesWriteStdin()
    {
        QFETCH(QJsonObject, arguments);
        QFETCH(QString, tail);
        ConfinementReport report;
        report.mode = Confinement::None;
        SandboxOptions options;
        options.workspaceDir = m_dir->path();
        NoPtySession session(options, report);
        ShellCapability shell;
        shell.bind(&session);
        const std::vector<Tool *> tools = shell.tools();
        QCOMPARE(tools.size(), size_t(1));
        QCOMPARE(tools[0]->name(), QStringLiteral("exec_command"));
        ToolCall c;
        c.name = QStringLiteral("exec_command");
        c.arguments = arguments;
        const Result<ToolOutput> r = await(tools[0]->invoke(c, ToolContext{}));
        SC_VERIFY_OK(r);
        QVERIFY2(QRegularExpression(kHeader + QRegularExpression::escape(tail) + u'$').match(r->text).hasMatch(),
                 qPrintable(r->text));
        QVERIFY(!r->text.contains(QLatin1String("session ID")));

        ShellCapability bound;
        bound.bind(m_session);
        Tool *writeStdin = bound.tools().back();
        QCOMPARE(writeStdin->name(), QStringLiteral("write_stdin"));
        bound.bind(&session);
        c.name = QStringLiteral("write_stdin");
        c.arguments = {{QStringLiteral("session_id"), 1}};
        const Result<ToolOutput> refused = await(writeStdin->invoke(c, ToolContext{}));
        QVERIFY(!refused);
        QCOMPARE(refused.error().message, QStringLiteral("write_stdin is not available for non-PTY sandboxes"));
    }

    void processTable_full_evictsExitedThenLeastRecentlyUsed()
    {
        QSignalSpy finished(m_session, &SandboxSession::commandFinished);
        auto start = [this](const QString &script) {
            ProcessRequest request;
            request.argv = {QStringLiteral("sh"), QStringLiteral("-c"), script};
            const Result<ProcessChunk> chunk = await(m_session->startProcess(request, 0));
            return chunk && chunk->processId ? *chunk->processId : -1;
        };
        QCOMPARE(start(QStringLiteral("sleep 1000")), 1);
        QCOMPARE(start(QStringLiteral("true")), 2);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 10000); // process 2 exited, still in the table
        QCOMPARE(finished.first().first().value<CommandRecord>().processId, 2);
        for (int i = 3; i <= SandboxSession::kMaxProcesses; ++i) {
            QCOMPARE(start(QStringLiteral("sleep 1000")), i);
        }
        QCOMPARE(m_session->processCount(), 64);

        QCOMPARE(start(QStringLiteral("sleep 1000")), 65);
        QCOMPARE(m_session->processCount(), 64);
        QVERIFY(!m_session->processIds().contains(2)); // the exited one went first
        QVERIFY(m_session->processIds().contains(1));

        QCOMPARE(start(QStringLiteral("sleep 1000")), 66);
        QVERIFY(!m_session->processIds().contains(1)); // then the least recently used
        QCOMPARE(m_session->processCount(), 64);
        const Result<ProcessChunk> gone = await(m_session->writeStdin(1, QByteArray(), 0));
        QVERIFY(!gone);
        QCOMPARE(gone.error().message, QStringLiteral("PTY session not found: 1"));

        m_session->close();
        QCOMPARE(m_session->processCount(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 66, 10000);
    }
};

QTEST_GUILESS_MAIN(tst_ShellCapability)
#include "tst_shellcapability.moc"
