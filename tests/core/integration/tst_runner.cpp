// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The agent loop against the scripted model server over real HTTP: turns, tool routing,
// approvals, parallel calls, errors, cancel, compaction parameters and trace spans. The tool
// used here is a small real one (it reads a file from a temporary directory) so that these
// tests exercise the runner alone; complete runs with the sandbox tools are in tst_runcli.
#include "sandcastle/core/capabilities/compaction/compactioncapability.h"
#include "sandcastle/core/model/responsesclient.h"
#include "sandcastle/core/runner/runner.h"
#include "sandcastle/core/runner/tracewriter.h"

#include "resultverify.h"
#include "scriptedmodelserver.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QPromise>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>

using namespace Sandcastle::Core;
using namespace Sandcastle::Test;

namespace {

// Reads `path` (relative to the tool context's workspace). Answers after `delayMs` so that
// parallel calls overlap.
class ReadFileTool final : public Tool
{
public:
    int invocations = 0;
    int delayMs = 0;
    QString name() const override { return QStringLiteral("read_file"); }
    ToolKind kind() const override { return ToolKind::Function; }
    QJsonObject definition() const override
    {
        return QJsonObject{
            {QStringLiteral("type"), QStringLiteral("function")},
            {QStringLiteral("name"), name()},
            {QStringLiteral("description"), QStringLiteral("Reads a file.")},
            {QStringLiteral("parameters"),
             QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                         {QStringLiteral("properties"),
                          QJsonObject{{QStringLiteral("path"),
                                       QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}}},
                         {QStringLiteral("required"), QJsonArray{QStringLiteral("path")}}}},
            {QStringLiteral("strict"), false}};
    }
    QFuture<Result<ToolOutput>> invoke(const ToolCall &call, const ToolContext &context) override
    {
        ++invocations;
        auto promise = std::make_shared<QPromise<Result<ToolOutput>>>();
        promise->start();
        const QString path =
            context.workspaceRoot + QLatin1Char('/') + call.arguments.value(QStringLiteral("path")).toString();
        QTimer::singleShot(delayMs, m_context.get(), [promise, path] {
            QFile f(path);
            ToolOutput out;
            if (f.open(QIODevice::ReadOnly)) {
                out.text = QString::fromUtf8(f.readAll());
            } else {
                out.text = QStringLiteral("cannot read ") + path;
                out.failed = true;
            }
            promise->addResult(Result<ToolOutput>(out));
            promise->finish();
        });
        return promise->future();
    }

private:
    std::unique_ptr<QObject> m_context = std::make_unique<QObject>();
};

class FilesCapability final : public Capability
{
public:
    ReadFileTool tool;
    QString type() const override { return QStringLiteral("files"); }
    QString instructions() const override { return QStringLiteral("Use read_file to read files."); }
    std::vector<Tool *> tools() const override { return {const_cast<ReadFileTool *>(&tool)}; }
};

class NeedsShellCapability final : public Capability
{
public:
    QString type() const override { return QStringLiteral("needy"); }
    QStringList requiredCapabilityTypes() const override
    {
        return {QStringLiteral("shell"), QStringLiteral("memoryx")};
    }
};

QJsonObject args(const char *path)
{
    return QJsonObject{{QStringLiteral("path"), QString::fromLatin1(path)}};
}

ScriptedTurn turn(QJsonArray items)
{
    ScriptedTurn t;
    t.outputItems = std::move(items);
    return t;
}

} // namespace

class tst_Runner : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<ScriptedModelServer> m_server;
    std::unique_ptr<ResponsesClient> m_client;
    std::unique_ptr<FilesCapability> m_files;
    std::unique_ptr<CompactionCapability> m_compaction;

    std::unique_ptr<Runner> makeRunner(RunConfig config = {})
    {
        if (config.model.isEmpty()) {
            config.model = QStringLiteral("gpt-5.5");
        }
        ToolContext ctx;
        ctx.workspaceRoot = m_dir.path();
        return std::make_unique<Runner>(m_client.get(), QList<Capability *>{m_files.get(), m_compaction.get()}, ctx,
                                        config);
    }

    static RunOutcome runToEnd(Runner &runner, const QString &prompt, QList<RunEvent> *events = nullptr)
    {
        QSignalSpy finished(&runner, &Runner::finished);
        if (events) {
            QObject::connect(&runner, &Runner::eventEmitted, &runner,
                             [events](const RunEvent &e) { events->append(e); });
        }
        runner.start(prompt);
        if (finished.isEmpty()) {
            [&] { QVERIFY(finished.wait(15000)); }();
        }
        return finished.isEmpty() ? RunOutcome{} : finished.first().first().value<RunOutcome>();
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        QFile f(m_dir.filePath(QStringLiteral("notes.txt")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("hello from notes\n");
        f.close();
        m_server = std::make_unique<ScriptedModelServer>();
        QVERIFY(m_server->listen());
        ProviderSettings settings;
        settings.baseUrl = m_server->baseUrl();
        settings.apiKey = QStringLiteral("sk-test");
        settings.initialBackoffMs = 10;
        settings.maxRetries = 1;
        m_client = std::make_unique<ResponsesClient>(settings);
        m_files = std::make_unique<FilesCapability>();
        m_compaction = std::make_unique<CompactionCapability>();
    }
    void cleanup()
    {
        m_client.reset();
        m_server.reset();
    }

    void start_answerWithoutTools_finishesDoneWithText()
    {
        m_server->enqueue(turn({messageItem(QStringLiteral("All done."))}));
        auto runner = makeRunner();
        const RunOutcome out = runToEnd(*runner, QStringLiteral("say done"));
        QCOMPARE(out.status, RunStatus::Done);
        QCOMPARE(out.finalOutput, QStringLiteral("All done."));
        QCOMPARE(out.turns, 1);
        QVERIFY(out.usage.totalTokens > 0);

        const QJsonObject body = m_server->requests().at(0).json;
        QCOMPARE(body.value(QStringLiteral("model")).toString(), QStringLiteral("gpt-5.5"));
        QCOMPARE(body.value(QStringLiteral("stream")).toBool(), true);
        const QString instructions = body.value(QStringLiteral("instructions")).toString();
        QVERIFY(
            instructions.contains(QStringLiteral("# Sandbox capability instructions\n\nUse read_file to read files.")));
        QVERIFY(instructions.contains(QStringLiteral("# Filesystem\n")));
        QCOMPARE(
            body.value(QStringLiteral("tools")).toArray().at(0).toObject().value(QStringLiteral("name")).toString(),
            QStringLiteral("read_file"));
        // Compaction: gpt-5.5 has a 1 047 576-token window, 90 % of it.
        const QJsonObject cm = body.value(QStringLiteral("context_management")).toArray().at(0).toObject();
        QCOMPARE(cm.value(QStringLiteral("type")).toString(), QStringLiteral("compaction"));
        QCOMPARE(cm.value(QStringLiteral("compact_threshold")).toInteger(), 942818);
        const QJsonArray input = body.value(QStringLiteral("input")).toArray();
        QCOMPARE(input.size(), 1);
        QCOMPARE(input.at(0).toObject().value(QStringLiteral("content")).toString(), QStringLiteral("say done"));
    }

    void start_functionCall_runsToolAndSendsOutputBack()
    {
        m_server->enqueue(
            turn({functionCallItem(QStringLiteral("read_file"), args("notes.txt"), QStringLiteral("call_1"))}));
        m_server->enqueue(turn({messageItem(QStringLiteral("The notes say hello."))}));
        auto runner = makeRunner();
        QList<RunEvent> events;
        const RunOutcome out = runToEnd(*runner, QStringLiteral("read the notes"), &events);
        QCOMPARE(out.status, RunStatus::Done);
        QCOMPARE(out.turns, 2);
        QCOMPARE(m_files->tool.invocations, 1);
        const QJsonArray input = m_server->requests().at(1).json.value(QStringLiteral("input")).toArray();
        QCOMPARE(input.size(), 3); // user message, function_call, function_call_output
        const QJsonObject output = input.at(2).toObject();
        QCOMPARE(output.value(QStringLiteral("type")).toString(), QStringLiteral("function_call_output"));
        QCOMPARE(output.value(QStringLiteral("call_id")).toString(), QStringLiteral("call_1"));
        QCOMPARE(output.value(QStringLiteral("output")).toString(), QStringLiteral("hello from notes\n"));

        QStringList kinds;
        for (const RunEvent &e : events) {
            if (e.kind != RunEvent::Kind::TextDelta && e.kind != RunEvent::Kind::ToolCallDelta) {
                kinds << RunEvent::kindName(e.kind);
            }
        }
        QCOMPARE(
            kinds,
            (QStringList{QStringLiteral("run_started"), QStringLiteral("model_request"), QStringLiteral("usage"),
                         QStringLiteral("tool_call"), QStringLiteral("tool_result"), QStringLiteral("model_request"),
                         QStringLiteral("usage"), QStringLiteral("message_output"), QStringLiteral("run_finished")}));
    }

    void start_parallelCalls_allRunAndOutputsKeepCallOrder()
    {
        m_files->tool.delayMs = 200;
        m_server->enqueue(
            turn({functionCallItem(QStringLiteral("read_file"), args("notes.txt"), QStringLiteral("c1")),
                  functionCallItem(QStringLiteral("read_file"), args("missing.txt"), QStringLiteral("c2"))}));
        m_server->enqueue(turn({messageItem(QStringLiteral("ok"))}));
        auto runner = makeRunner();
        QElapsedTimer timer;
        timer.start();
        const RunOutcome out = runToEnd(*runner, QStringLiteral("read both"));
        QCOMPARE(out.status, RunStatus::Done);
        QCOMPARE(m_files->tool.invocations, 2);
        QVERIFY2(timer.elapsed() < 390, "the two 200 ms calls should overlap");
        const QJsonArray input = m_server->requests().at(1).json.value(QStringLiteral("input")).toArray();
        QCOMPARE(input.at(3).toObject().value(QStringLiteral("call_id")).toString(), QStringLiteral("c1"));
        QCOMPARE(input.at(4).toObject().value(QStringLiteral("call_id")).toString(), QStringLiteral("c2"));
        QVERIFY(input.at(4)
                    .toObject()
                    .value(QStringLiteral("output"))
                    .toString()
                    .startsWith(QStringLiteral("cannot read")));
        QCOMPARE(m_server->requests().at(0).json.value(QStringLiteral("parallel_tool_calls")).toBool(), true);
    }

    void start_maxTurnsReached_finishesMaxTurns()
    {
        for (int i = 0; i < 2; ++i) {
            m_server->enqueue(
                turn({functionCallItem(QStringLiteral("read_file"), args("notes.txt"), QStringLiteral("c%1").arg(i))}));
        }
        RunConfig config;
        config.maxTurns = 2;
        auto runner = makeRunner(config);
        const RunOutcome out = runToEnd(*runner, QStringLiteral("loop"));
        QCOMPARE(out.status, RunStatus::MaxTurns);
        QCOMPARE(out.turns, 2);
        QCOMPARE(m_server->requests().size(), 2);
    }

    void start_unknownToolAndBadArguments_reportedToModel_data()
    {
        QTest::addColumn<QJsonObject>("item");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown tool") << functionCallItem(QStringLiteral("rm_rf"), {}, QStringLiteral("c1"))
                                      << QStringLiteral("Tool rm_rf not found in agent.");
        QJsonObject bad = functionCallItem(QStringLiteral("read_file"), {}, QStringLiteral("c1"));
        bad.insert(QStringLiteral("arguments"), QStringLiteral("{\"path\": "));
        QTest::newRow("bad json") << bad << QStringLiteral("An error occurred while parsing tool arguments");
    }
    void start_unknownToolAndBadArguments_reportedToModel()
    {
        QFETCH(QJsonObject, item);
        QFETCH(QString, expected);
        m_server->enqueue(turn({item}));
        m_server->enqueue(turn({messageItem(QStringLiteral("sorry"))}));
        auto runner = makeRunner();
        const RunOutcome out = runToEnd(*runner, QStringLiteral("go"));
        QCOMPARE(out.status, RunStatus::Done);
        QCOMPARE(m_files->tool.invocations, 0);
        const QJsonArray input = m_server->requests().at(1).json.value(QStringLiteral("input")).toArray();
        const QString output = input.last().toObject().value(QStringLiteral("output")).toString();
        QVERIFY2(output.startsWith(expected), qPrintable(output));
    }

    void approval_deny_toolNotRunAndModelTold()
    {
        m_server->enqueue(
            turn({functionCallItem(QStringLiteral("read_file"), args("notes.txt"), QStringLiteral("c1"))}));
        m_server->enqueue(turn({messageItem(QStringLiteral("denied"))}));
        RunConfig config;
        config.approval = ApprovalPolicy::Deny;
        auto runner = makeRunner(config);
        const RunOutcome out = runToEnd(*runner, QStringLiteral("go"));
        QCOMPARE(out.status, RunStatus::Done);
        QCOMPARE(m_files->tool.invocations, 0);
        const QJsonArray input = m_server->requests().at(1).json.value(QStringLiteral("input")).toArray();
        QVERIFY(input.last().toObject().value(QStringLiteral("output")).toString().contains(QStringLiteral("denied")));
    }

    void approval_ask_callHeldUntilDecided_data()
    {
        QTest::addColumn<bool>("approve");
        QTest::newRow("approved") << true;
        QTest::newRow("denied with comment") << false;
    }
    void approval_ask_callHeldUntilDecided()
    {
        QFETCH(bool, approve);
        m_server->enqueue(
            turn({functionCallItem(QStringLiteral("read_file"), args("notes.txt"), QStringLiteral("c1"))}));
        m_server->enqueue(turn({messageItem(QStringLiteral("ok"))}));
        RunConfig config;
        config.approval = ApprovalPolicy::Ask;
        auto runner = makeRunner(config);
        QSignalSpy events(runner.get(), &Runner::eventEmitted);
        QSignalSpy finished(runner.get(), &Runner::finished);
        runner->start(QStringLiteral("go"));
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(events.cbegin(), events.cend(),
                                             [](const QList<QVariant> &a) {
                                                 return a.first().value<RunEvent>().kind ==
                                                        RunEvent::Kind::ApprovalRequested;
                                             }),
                                 10000);
        QTest::qWait(100); // held: nothing runs and no new request goes out while undecided
        QCOMPARE(m_files->tool.invocations, 0);
        QCOMPARE(m_server->requests().size(), 1);
        runner->decideApproval(QStringLiteral("c1"), approve, QStringLiteral("not now"));
        QVERIFY(finished.wait(10000));
        QCOMPARE(m_files->tool.invocations, approve ? 1 : 0);
        const QString output = m_server->requests()
                                   .at(1)
                                   .json.value(QStringLiteral("input"))
                                   .toArray()
                                   .last()
                                   .toObject()
                                   .value(QStringLiteral("output"))
                                   .toString();
        QCOMPARE(output, approve ? QStringLiteral("hello from notes\n")
                                 : QStringLiteral("The user denied this tool call. Comment: not now"));
    }

    void start_providerError_finishesFailedWithMessage()
    {
        ScriptedTurn t;
        t.httpStatus = 400;
        t.errorBody =
            R"({"error":{"message":"Unsupported parameter: 'foo'","type":"invalid_request_error","code":null}})";
        m_server->enqueue(t);
        auto runner = makeRunner();
        const RunOutcome out = runToEnd(*runner, QStringLiteral("go"));
        QCOMPARE(out.status, RunStatus::Failed);
        QCOMPARE(out.error.code, ErrorCode::Provider);
        QVERIFY2(out.error.toString().contains(QStringLiteral("Unsupported parameter")),
                 qPrintable(out.error.toString()));
    }

    void cancel_duringModelStream_finishesCancelled()
    {
        ScriptedTurn t = turn({messageItem(QStringLiteral("a long answer that streams slowly"))});
        t.eventIntervalMs = 300;
        m_server->enqueue(t);
        auto runner = makeRunner();
        QSignalSpy finished(runner.get(), &Runner::finished);
        QSignalSpy requests(m_server.get(), &ScriptedModelServer::requestReceived);
        runner->start(QStringLiteral("go"));
        QVERIFY(requests.wait(5000));
        runner->cancel();
        QVERIFY(finished.count() == 1 || finished.wait(5000));
        QCOMPARE(finished.first().first().value<RunOutcome>().status, RunStatus::Cancelled);
        QVERIFY(!runner->isRunning());
    }

    void compaction_historyBeforeLastCompactionItem_isTrimmed()
    {
        m_server->enqueue(turn({messageItem(QStringLiteral("ok"))}));
        auto runner = makeRunner();
        runner->setHistory(QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("message")},
                                                  {QStringLiteral("role"), QStringLiteral("user")},
                                                  {QStringLiteral("content"), QStringLiteral("old")}},
                                      QJsonObject{{QStringLiteral("type"), QStringLiteral("compaction")},
                                                  {QStringLiteral("encrypted_content"), QStringLiteral("xyz")}}});
        const RunOutcome out = runToEnd(*runner, QStringLiteral("new"));
        QCOMPARE(out.status, RunStatus::Done);
        const QJsonArray input = m_server->requests().at(0).json.value(QStringLiteral("input")).toArray();
        QCOMPARE(input.size(), 2);
        QCOMPARE(input.at(0).toObject().value(QStringLiteral("type")).toString(), QStringLiteral("compaction"));
    }

    void validate_missingRequiredCapability_namesThem()
    {
        NeedsShellCapability needy;
        Runner runner(m_client.get(), {&needy}, ToolContext{}, RunConfig{});
        const Result<void> r = runner.validate();
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().message, QStringLiteral("capability needy requires missing capabilities: shell, memoryx"));
    }

    void trace_run_writesSpansWithUsage()
    {
        m_server->enqueue(
            turn({functionCallItem(QStringLiteral("read_file"), args("notes.txt"), QStringLiteral("c1"))}));
        m_server->enqueue(turn({messageItem(QStringLiteral("done"))}));
        auto runner = makeRunner();
        TraceWriter trace;
        const QString path = m_dir.filePath(QStringLiteral("trace.jsonl"));
        SC_VERIFY_OK(trace.open(path));
        connect(runner.get(), &Runner::eventEmitted, &trace, &TraceWriter::record);
        QCOMPARE(runToEnd(*runner, QStringLiteral("go")).status, RunStatus::Done);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QStringList names;
        qint64 tokens = 0;
        for (const QByteArray &line : lines) {
            const QJsonObject span = QJsonDocument::fromJson(line).object();
            QCOMPARE(span.value(QStringLiteral("trace_id")).toString(), trace.traceId());
            names << span.value(QStringLiteral("name")).toString();
            if (names.last() == QLatin1String("model_response")) {
                tokens += span.value(QStringLiteral("data"))
                              .toObject()
                              .value(QStringLiteral("usage"))
                              .toObject()
                              .value(QStringLiteral("total_tokens"))
                              .toInteger();
            }
        }
        QCOMPARE(names, (QStringList{QStringLiteral("model_response"), QStringLiteral("tool_call"),
                                     QStringLiteral("model_response"), QStringLiteral("agent_run")}));
        QCOMPARE(tokens, runner->usage().totalTokens);
        QVERIFY(tokens > 0);
    }
};

QTEST_GUILESS_MAIN(tst_Runner)
#include "tst_runner.moc"
