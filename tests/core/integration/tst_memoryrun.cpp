// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Issue 6 end to end through AgentRun (Unix-local, unconfined) against the scripted model server:
// the memory summary in the instructions, the rollout segment, phase one (structured output with
// the rollout) and phase two (editing memory with the shell), separate layouts, and the bad-input
// cases, each reported with file and reason while nothing already on disk is lost.
#include "sandcastle/core/capabilities/memory/memorygenerator.h"
#include "sandcastle/core/journal/runjournal.h"
#include "sandcastle/core/runner/agentrun.h"

#include "clirun.h"
#include "resultverify.h"
#include "scriptedmodelserver.h"
#include "testenv.h"

#include <QDir>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;
using namespace Sandcastle::Test;

namespace {

constexpr int kTimeoutMs = 60000;

ScriptedTurn phaseOneTurn(const QString &slug, const QString &summary, const QString &raw)
{
    const QJsonObject o{{QStringLiteral("rollout_slug"), slug},
                        {QStringLiteral("rollout_summary"), summary},
                        {QStringLiteral("raw_memory"), raw}};
    return answerTurn(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
}

QString inputText(const RecordedRequest &request)
{
    return QString::fromUtf8(QJsonDocument(request.json.value(QStringLiteral("input")).toArray()).toJson());
}

} // namespace

class tst_MemoryRun : public QObject
{
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> m_dir;
    QList<CapabilityIssue> m_issues;

    QString ws(const QString &relative = {}) const
    {
        return m_dir->filePath(QStringLiteral("ws")) + (relative.isEmpty() ? QString() : QLatin1Char('/') + relative);
    }

    AgentRunOptions options(const ScriptedModelServer &server, const QStringList &capabilities) const
    {
        AgentRunOptions o;
        o.workspaceDir = ws();
        o.client = QStringLiteral("unix_local");
        o.confinement = Confinement::None;
        o.capabilities = capabilities;
        o.provider.baseUrl = server.baseUrl();
        o.run.model = QStringLiteral("main-model");
        o.memory.phaseOneModel = QStringLiteral("phase-one-model");
        o.memory.phaseTwoModel = QStringLiteral("phase-two-model");
        return o;
    }

    RunOutcome runToEnd(const AgentRunOptions &o, const QString &prompt)
    {
        AgentRun run(o, nullptr);
        connect(&run, &AgentRun::eventEmitted, this, [this](const RunEvent &e) {
            if (e.kind == RunEvent::Kind::CapabilityIssue) {
                m_issues.append(CapabilityIssue::fromJson(e.data));
            }
        });
        QSignalSpy finished(&run, &AgentRun::finished);
        run.start(prompt);
        if (!finished.wait(kTimeoutMs)) {
            return RunOutcome{};
        }
        run.close();
        return finished.first().first().value<RunOutcome>();
    }

    QString issuesText() const
    {
        QStringList lines;
        for (const CapabilityIssue &i : m_issues) {
            lines << i.file + QStringLiteral(": ") + i.reason;
        }
        return lines.join(QLatin1Char('\n'));
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QVERIFY(writeTestFile(ws(QStringLiteral("README.md")), "project\n"));
        m_issues.clear();
    }

    void readOnly_summary_injectedIntoInstructionsAndNothingGenerated()
    {
        QVERIFY(writeTestFile(ws(QStringLiteral("memories/memory_summary.md")), "\n  The user prefers tabs.  \n"));
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(answerTurn(QStringLiteral("ok")));
        AgentRunOptions o =
            options(server, {QStringLiteral("filesystem"), QStringLiteral("shell"), QStringLiteral("memory")});
        o.memory.generate = false;
        const RunOutcome outcome = runToEnd(o, QStringLiteral("hello"));
        QCOMPARE(outcome.status, RunStatus::Done);
        QCOMPARE(server.requests().size(), 1);
        const QString instructions = server.requests().first().json.value(QStringLiteral("instructions")).toString();
        const qsizetype section = instructions.indexOf(QStringLiteral("# Sandbox capability instructions\n"));
        QVERIFY2(section >= 0 && instructions.indexOf(QStringLiteral("\n## Memory\n")) > section,
                 qPrintable(instructions));
        QVERIFY(
            instructions.contains(QStringLiteral("========= MEMORY_SUMMARY BEGINS =========\nThe user prefers tabs.\n"
                                                 "========= MEMORY_SUMMARY ENDS =========")));
        QVERIFY(instructions.contains(QStringLiteral("Search it")));
        QVERIFY(!QFileInfo::exists(ws(QStringLiteral("sessions"))));
        QVERIFY2(m_issues.isEmpty(), qPrintable(issuesText()));
    }

    void liveUpdate_withoutFilesystem_rejectedBeforeTheRun()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        AgentRun run(options(server, {QStringLiteral("shell"), QStringLiteral("memory")}), nullptr);
        const Result<void> valid = run.validate();
        QVERIFY(!valid);
        QVERIFY2(valid.error().message.contains(QStringLiteral("requires missing capabilities: filesystem")),
                 qPrintable(valid.error().message));
    }

    void options_journalConfig_roundTripsMemoryAndSkills()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        AgentRunOptions o = options(server, AgentRunOptions::defaultCapabilities()
                                                << QStringLiteral("memory") << QStringLiteral("skills"));
        o.memory.layout = {QStringLiteral("m"), QStringLiteral("s")};
        o.memory.liveUpdate = false;
        o.memory.maxRawMemoriesForConsolidation = 7;
        o.memory.extraPrompt = QStringLiteral("Be brief.");
        o.skills.gitUrl = QStringLiteral("https://example.org/skills.git");
        o.skills.gitRef = QStringLiteral("v1");
        o.skills.skillsPath = QStringLiteral("tools/skills");
        o.conversationId = QStringLiteral("c-7");
        o.groupId = QStringLiteral("g-7");
        const auto back = AgentRunOptions::fromJson(o.toJson(), QStringLiteral("journal"));
        SC_VERIFY_OK(back);
        QCOMPARE(back->memory.toJson(), o.memory.toJson());
        QCOMPARE(back->skills.toJson(), o.skills.toJson());
        QCOMPARE(back->conversationId, o.conversationId);
        QCOMPARE(back->groupId, o.groupId);
        QJsonObject broken = o.toJson();
        broken.insert(QStringLiteral("memory"), QJsonObject{{QStringLiteral("max_raw_memories"), 0}});
        const auto bad = AgentRunOptions::fromJson(broken, QStringLiteral("journal"));
        QVERIFY(!bad);
        QVERIFY2(bad.error().message.contains(QStringLiteral("journal: run config /memory")),
                 qPrintable(bad.error().message));
    }

    void lazySkills_overlappingManifestEntry_rejected()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        AgentRunOptions o = options(server, {QStringLiteral("skills")});
        o.skills.lazyDir = m_dir->filePath(QStringLiteral("lazy"));
        o.manifest = Manifest{};
        ManifestEntry entry;
        entry.type = EntryType::File;
        entry.name = QStringLiteral(".agents/notes.md");
        o.manifest->entries.push_back(entry);
        const Result<void> valid = AgentRun(o, nullptr).validate();
        QVERIFY(!valid);
        QVERIFY2(valid.error().message.contains(QStringLiteral("overlaps the manifest entry \".agents/notes.md\"")),
                 qPrintable(valid.error().message));
        o.skills.skillsPath = QStringLiteral("skills");
        SC_VERIFY_OK(AgentRun(o, nullptr).validate());
    }

    void generate_afterRun_segmentPhaseOneAndPhaseTwo()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(answerTurn(QStringLiteral("fixed it")));
        server.enqueue(phaseOneTurn(QStringLiteral("fix-it.md"), QStringLiteral("# Fixing\n\nThe details."),
                                    QStringLiteral("- run tests with TZ=UTC")));
        server.enqueue(toolTurn(functionCallItem(
            QStringLiteral("exec_command"),
            execArguments(QStringLiteral("printf '# Handbook\\n- TZ=UTC\\n' > memories/MEMORY.md && "
                                         "printf 'Tests need TZ=UTC.\\n' > memories/memory_summary.md")),
            QStringLiteral("call_m"))));
        server.enqueue(answerTurn(QStringLiteral("memory updated")));
        AgentRunOptions o = options(server, AgentRunOptions::defaultCapabilities() << QStringLiteral("memory"));
        o.conversationId = QStringLiteral("conv-1");
        const RunOutcome outcome = runToEnd(o, QStringLiteral("fix the tests"));
        QCOMPARE(outcome.status, RunStatus::Done);
        QCOMPARE(outcome.finalOutput, QStringLiteral("fixed it"));
        QVERIFY2(m_issues.isEmpty(), qPrintable(issuesText()));
        const QList<RecordedRequest> requests = server.requests();
        QCOMPARE(requests.size(), 4);

        // The segment: one line, grouped by the conversation id.
        const QByteArray rollout = readTestFile(ws(QStringLiteral("sessions/conv-1.jsonl")));
        QCOMPARE(rollout.count('\n'), 1);
        const QJsonObject segment = QJsonDocument::fromJson(rollout).object();
        QCOMPARE(segment.value(QStringLiteral("rollout_id")).toString(), QStringLiteral("conv-1"));
        QCOMPARE(segment.value(QStringLiteral("final_output")).toString(), QStringLiteral("fixed it"));
        QCOMPARE(segment.value(QStringLiteral("input")).toArray().size(), 1);
        QCOMPARE(segment[QStringLiteral("terminal_metadata")][QStringLiteral("terminal_state")].toString(),
                 QStringLiteral("completed"));

        // Phase one: its model, the strict JSON schema, the rollout in the user message.
        const QJsonObject phaseOne = requests.at(1).json;
        QCOMPARE(phaseOne.value(QStringLiteral("model")).toString(), QStringLiteral("phase-one-model"));
        const QJsonObject format = phaseOne[QStringLiteral("text")][QStringLiteral("format")].toObject();
        QCOMPARE(format.value(QStringLiteral("type")).toString(), QStringLiteral("json_schema"));
        QCOMPARE(format.value(QStringLiteral("strict")).toBool(), true);
        QCOMPARE(format.value(QStringLiteral("schema")).toObject(), MemoryGenerator::phaseOneSchema());
        QVERIFY(phaseOne.value(QStringLiteral("instructions")).toString().contains(QStringLiteral("rollout_slug")));
        const QString phaseOneInput = inputText(requests.at(1));
        QVERIFY2(phaseOneInput.contains(QStringLiteral("sessions/conv-1.jsonl")), qPrintable(phaseOneInput));
        QVERIFY(phaseOneInput.contains(QStringLiteral("\\\"rollout_id\\\":\\\"conv-1\\\"")));
        QVERIFY(phaseOneInput.contains(QStringLiteral("fix the tests")));

        // Raw memory and rollout summary with their headers.
        const QString raw = QString::fromUtf8(readTestFile(ws(QStringLiteral("memories/raw_memories/conv-1.md"))));
        QVERIFY2(raw.startsWith(QStringLiteral("rollout_id: conv-1\nupdated_at: ")), qPrintable(raw));
        QVERIFY(raw.contains(QStringLiteral("\nrollout_path: sessions/conv-1.jsonl\nrollout_summary_file: "
                                            "rollout_summaries/conv-1_fix-it.md\nterminal_state: completed\n\n"
                                            "- run tests with TZ=UTC\n")));
        const QString summary =
            QString::fromUtf8(readTestFile(ws(QStringLiteral("memories/rollout_summaries/conv-1_fix-it.md"))));
        QVERIFY2(summary.startsWith(QStringLiteral("session_id: ")), qPrintable(summary));
        QVERIFY(summary.contains(QStringLiteral("\nterminal_state: completed\n\n# Fixing\n\nThe details.\n")));

        // Phase two: its model, the consolidation prompt as user input, edits made by its tools.
        const QJsonObject phaseTwo = requests.at(2).json;
        QCOMPARE(phaseTwo.value(QStringLiteral("model")).toString(), QStringLiteral("phase-two-model"));
        QVERIFY(!phaseTwo.contains(QStringLiteral("text")));
        const QString phaseTwoInput = inputText(requests.at(2));
        QVERIFY2(phaseTwoInput.contains(QStringLiteral("memories/raw_memories.md")), qPrintable(phaseTwoInput));
        QVERIFY(phaseTwoInput.contains(QStringLiteral("1 selected (1 new, 0 kept from last time), 0 removed")));
        QCOMPARE(readTestFile(ws(QStringLiteral("memories/MEMORY.md"))), QByteArray("# Handbook\n- TZ=UTC\n"));
        QCOMPARE(readTestFile(ws(QStringLiteral("memories/memory_summary.md"))), QByteArray("Tests need TZ=UTC.\n"));
        QVERIFY(readTestFile(ws(QStringLiteral("memories/raw_memories.md"))).startsWith("rollout_id: conv-1\n"));
        const QJsonObject selection =
            QJsonDocument::fromJson(readTestFile(ws(QStringLiteral("memories/phase_two_selection.json")))).object();
        QCOMPARE(selection.value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(selection[QStringLiteral("selected")][0][QStringLiteral("rollout_summary_file")].toString(),
                 QStringLiteral("rollout_summaries/conv-1_fix-it.md"));
    }

    void badInput_brokenRolloutLineAndCorruptSelection_reportedAndCarriedOn()
    {
        QVERIFY(writeTestFile(ws(QStringLiteral("sessions/conv-2.jsonl")), "{broken\n"));
        QVERIFY(writeTestFile(ws(QStringLiteral("memories/phase_two_selection.json")), "{corrupt"));
        QVERIFY(writeTestFile(ws(QStringLiteral("memories/MEMORY.md")), "# Existing handbook\n"));
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(answerTurn(QStringLiteral("done")));
        server.enqueue(phaseOneTurn(QStringLiteral("two"), QStringLiteral("summary"), QStringLiteral("raw")));
        server.enqueue(answerTurn(QStringLiteral("nothing to change")));
        AgentRunOptions o = options(server, AgentRunOptions::defaultCapabilities() << QStringLiteral("memory"));
        o.conversationId = QStringLiteral("conv-2");
        QCOMPARE(runToEnd(o, QStringLiteral("again")).status, RunStatus::Done);
        QCOMPARE(server.requests().size(), 3);
        QCOMPARE(m_issues.size(), 2);
        QCOMPARE(m_issues.at(0).file, QStringLiteral("sessions/conv-2.jsonl"));
        QVERIFY2(m_issues.at(0).reason.startsWith(QStringLiteral("line 1 is not a JSON object")),
                 qPrintable(issuesText()));
        QCOMPARE(m_issues.at(1).file, QStringLiteral("memories/phase_two_selection.json"));
        QVERIFY2(m_issues.at(1).reason.contains(QStringLiteral("not JSON")), qPrintable(issuesText()));
        // The broken line stays in the rollout file (appended to, not rewritten without it).
        QVERIFY(readTestFile(ws(QStringLiteral("sessions/conv-2.jsonl"))).startsWith("{broken\n{\"updated_at\""));
        QVERIFY(!inputText(server.requests().at(1)).contains(QStringLiteral("{broken")));
        QCOMPARE(readTestFile(ws(QStringLiteral("memories/MEMORY.md"))), QByteArray("# Existing handbook\n"));
        QCOMPARE(readTestFile(ws(QStringLiteral("memories/phase_two_selection.json.corrupt"))), QByteArray("{corrupt"));
        QVERIFY(
            QJsonDocument::fromJson(readTestFile(ws(QStringLiteral("memories/phase_two_selection.json")))).isObject());
    }

    void badInput_invalidStructuredOutput_reportedAndNoMemoryLost()
    {
        QVERIFY(writeTestFile(ws(QStringLiteral("memories/raw_memories/old.md")), "rollout_id: old\n\nkeep me\n"));
        QVERIFY(writeTestFile(ws(QStringLiteral("memories/MEMORY.md")), "# Handbook\n"));
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(answerTurn(QStringLiteral("done")));
        server.enqueue(answerTurn(QStringLiteral("Sure! Here are my notes: tabs.")));
        AgentRunOptions o = options(server, AgentRunOptions::defaultCapabilities() << QStringLiteral("memory"));
        o.conversationId = QStringLiteral("conv-3");
        QCOMPARE(runToEnd(o, QStringLiteral("work")).status, RunStatus::Done);
        QCOMPARE(server.requests().size(), 2); // no phase two without a phase-one result
        QCOMPARE(m_issues.size(), 1);
        QCOMPARE(m_issues.first().file, QStringLiteral("sessions/conv-3.jsonl"));
        QVERIFY2(m_issues.first().reason.contains(QStringLiteral("invalid structured output: not JSON")),
                 qPrintable(issuesText()));
        QVERIFY(!QFileInfo::exists(ws(QStringLiteral("memories/raw_memories/conv-3.md"))));
        QCOMPARE(readTestFile(ws(QStringLiteral("memories/raw_memories/old.md"))),
                 QByteArray("rollout_id: old\n\nkeep me\n"));
        QCOMPARE(readTestFile(ws(QStringLiteral("memories/MEMORY.md"))), QByteArray("# Handbook\n"));
    }

    void badInput_partlyEmptyOrBadSlug_reported_data()
    {
        QTest::addColumn<QString>("slug");
        QTest::addColumn<QString>("raw");
        QTest::addColumn<QString>("reason");
        QTest::newRow("partly empty") << "ok" << "" << "some of rollout_slug";
        QTest::newRow("bad slug") << "Bad Slug" << "raw" << "/rollout_slug \"Bad Slug\"";
    }
    void badInput_partlyEmptyOrBadSlug_reported()
    {
        QFETCH(QString, slug);
        QFETCH(QString, raw);
        QFETCH(QString, reason);
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(answerTurn(QStringLiteral("done")));
        server.enqueue(phaseOneTurn(slug, QStringLiteral("summary"), raw));
        AgentRunOptions o = options(server, {QStringLiteral("memory")});
        o.memory.read = false; // generate-only needs no other capability
        QCOMPARE(runToEnd(o, QStringLiteral("work")).status, RunStatus::Done);
        QCOMPARE(m_issues.size(), 1);
        QVERIFY2(m_issues.first().reason.contains(reason), qPrintable(issuesText()));
        QVERIFY(QDir(ws(QStringLiteral("memories/raw_memories"))).isEmpty());
    }

    void generate_chatCompletionsServer_phaseOneSendsResponseFormat()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(answerTurn(QStringLiteral("done")));
        server.enqueue(phaseOneTurn(QStringLiteral("chat-run"), QStringLiteral("summary"), QStringLiteral("raw")));
        server.enqueue(answerTurn(QStringLiteral("consolidated")));
        AgentRunOptions o = options(server, {QStringLiteral("memory")});
        o.api = QStringLiteral("chat");
        o.memory.read = false;
        QCOMPARE(runToEnd(o, QStringLiteral("work")).status, RunStatus::Done);
        QVERIFY2(m_issues.isEmpty(), qPrintable(issuesText()));
        const QList<RecordedRequest> requests = server.requests();
        QCOMPARE(requests.size(), 3);
        QCOMPARE(requests.at(1).path, QByteArray("/v1/chat/completions"));
        const QJsonObject format = requests.at(1).json.value(QStringLiteral("response_format")).toObject();
        QCOMPARE(format.value(QStringLiteral("type")).toString(), QStringLiteral("json_schema"));
        QCOMPARE(format[QStringLiteral("json_schema")][QStringLiteral("schema")].toObject(),
                 MemoryGenerator::phaseOneSchema());
        QStringList tools;
        for (const QJsonValue &t : requests.at(2).json.value(QStringLiteral("tools")).toArray()) {
            tools << t[QStringLiteral("function")][QStringLiteral("name")].toString();
        }
        QVERIFY2(tools.contains(QStringLiteral("apply_patch")) && tools.contains(QStringLiteral("exec_command")),
                 qPrintable(tools.join(QLatin1Char(','))));
        const QStringList summaries = QDir(ws(QStringLiteral("memories/rollout_summaries"))).entryList(QDir::Files);
        QCOMPARE(summaries.size(), 1);
        QVERIFY2(summaries.first().startsWith(QStringLiteral("run-")) &&
                     summaries.first().endsWith(QStringLiteral("_chat-run.md")),
                 qPrintable(summaries.first()));
    }

    void resume_sameJournalRun_appendsToOneRollout()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(answerTurn(QStringLiteral("first answer")));
        server.enqueue(phaseOneTurn({}, {}, {}));
        server.enqueue(answerTurn(QStringLiteral("second answer")));
        server.enqueue(phaseOneTurn({}, {}, {}));
        AgentRunOptions o = options(server, {QStringLiteral("memory")});
        o.memory.read = false;
        o.journalPath = m_dir->filePath(QStringLiteral("journal.sqlite"));
        QCOMPARE(runToEnd(o, QStringLiteral("first question")).status, RunStatus::Done);

        RunJournal journal;
        SC_VERIFY_OK(journal.openExisting(o.journalPath));
        const Result<QString> runId = journal.lastRunId();
        SC_VERIFY_OK(runId);
        const Result<JournalRunState> state = journal.loadRun(*runId);
        SC_VERIFY_OK(state);
        journal.close();
        {
            AgentRun run(o, nullptr);
            QSignalSpy finished(&run, &AgentRun::finished);
            run.resume(*state, QStringLiteral("second question"));
            QVERIFY(finished.wait(kTimeoutMs));
            QCOMPARE(finished.first().first().value<RunOutcome>().status, RunStatus::Done);
            run.close();
        }
        QCOMPARE(QDir(ws(QStringLiteral("sessions"))).entryList(QDir::Files),
                 QStringList{*runId + QStringLiteral(".jsonl")});
        const QList<QByteArray> lines =
            readTestFile(ws(QStringLiteral("sessions/") + *runId + QStringLiteral(".jsonl"))).trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        const QJsonObject second = QJsonDocument::fromJson(lines.at(1)).object();
        const QString secondInput =
            QString::fromUtf8(QJsonDocument(second.value(QStringLiteral("input")).toArray()).toJson());
        QVERIFY2(secondInput.contains(QStringLiteral("second question")) &&
                     !secondInput.contains(QStringLiteral("first question")),
                 qPrintable(secondInput));
        QVERIFY(inputText(server.requests().at(3)).contains(QStringLiteral("segment_count")));
    }

    void cancel_duringPhaseOne_finishesWithoutMemory()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(answerTurn(QStringLiteral("done")));
        ScriptedTurn slow = phaseOneTurn(QStringLiteral("slow"), QStringLiteral("s"), QStringLiteral("r"));
        slow.eventIntervalMs = 2000; // long enough to be cancelled mid-stream
        server.enqueue(slow);
        AgentRunOptions o = options(server, {QStringLiteral("memory")});
        o.memory.read = false;
        AgentRun run(o, nullptr);
        connect(&server, &ScriptedModelServer::requestReceived, this, [&run](int index) {
            if (index == 1) {
                run.cancel();
            }
        });
        QSignalSpy finished(&run, &AgentRun::finished);
        run.start(QStringLiteral("work"));
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().value<RunOutcome>().status, RunStatus::Done); // the run itself finished
        QCOMPARE(server.requests().size(), 2);
        QVERIFY(QDir(ws(QStringLiteral("memories/raw_memories"))).isEmpty());
        run.close();
    }

    void layouts_twoAgents_keepSeparateMemories()
    {
        QVERIFY(writeTestFile(ws(QStringLiteral("mem-a/memory_summary.md")), "Notes of agent A.\n"));
        QVERIFY(writeTestFile(ws(QStringLiteral("mem-b/memory_summary.md")), "Notes of agent B.\n"));
        ScriptedModelServer server;
        QVERIFY(server.listen());
        for (int i = 0; i < 2; ++i) {
            server.enqueue(answerTurn(QStringLiteral("done")));
            server.enqueue(phaseOneTurn({}, {}, {})); // nothing worth keeping: no phase two
        }
        AgentRunOptions a = options(server, AgentRunOptions::defaultCapabilities() << QStringLiteral("memory"));
        a.memory.layout = {QStringLiteral("mem-a"), QStringLiteral("sessions-a")};
        a.groupId = QStringLiteral("agent-a");
        QCOMPARE(runToEnd(a, QStringLiteral("a")).status, RunStatus::Done);
        AgentRunOptions b = a;
        b.memory.layout = {QStringLiteral("mem-b"), QStringLiteral("sessions-b")};
        b.groupId.clear(); // a generated run id
        QCOMPARE(runToEnd(b, QStringLiteral("b")).status, RunStatus::Done);
        QVERIFY2(m_issues.isEmpty(), qPrintable(issuesText()));
        const QList<RecordedRequest> requests = server.requests();
        QCOMPARE(requests.size(), 4);
        const QString first = requests.at(0).json.value(QStringLiteral("instructions")).toString();
        const QString third = requests.at(2).json.value(QStringLiteral("instructions")).toString();
        QVERIFY(first.contains(QStringLiteral("Notes of agent A.")) && !first.contains(QStringLiteral("agent B")));
        QVERIFY(third.contains(QStringLiteral("Notes of agent B.")) && !third.contains(QStringLiteral("agent A")));
        QVERIFY(third.contains(QStringLiteral("`mem-b/MEMORY.md`")));
        QVERIFY(QFileInfo::exists(ws(QStringLiteral("sessions-a/agent-a.jsonl"))));
        const QStringList bFiles = QDir(ws(QStringLiteral("sessions-b"))).entryList(QDir::Files);
        QCOMPARE(bFiles.size(), 1);
        QVERIFY2(bFiles.first().startsWith(QStringLiteral("run-")), qPrintable(bFiles.first()));
        QVERIFY(QFileInfo::exists(ws(QStringLiteral("mem-b/MEMORY.md"))));
        QVERIFY(!QFileInfo::exists(ws(QStringLiteral("memories"))));
    }
};

QTEST_GUILESS_MAIN(tst_MemoryRun)
#include "tst_memoryrun.moc"
