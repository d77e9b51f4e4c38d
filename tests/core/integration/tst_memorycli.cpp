// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// `sandcastle run --capabilities ...,memory,skills` end to end: the real program, an unconfined
// Unix-local sandbox and the scripted model server. Skills in the instructions, a bad skill folder
// in the events, the memory flush after the run, and the flags' bad values.
#include "clirun.h"
#include "scriptedmodelserver.h"
#include "testenv.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Test;

class tst_MemoryCli : public QObject
{
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> m_dir;

    QString path(const QString &relative) const { return m_dir->filePath(relative); }

    QStringList baseArgs(const ScriptedModelServer &server) const
    {
        return {QStringLiteral("run"),         QStringLiteral("--workspace"), path(QStringLiteral("ws")),
                QStringLiteral("--base-url"),  server.baseUrl().toString(),   QStringLiteral("--model"),
                QStringLiteral("local-model"), QStringLiteral("--no-state"),  QStringLiteral("--confine"),
                QStringLiteral("none"),        QStringLiteral("--events"),    path(QStringLiteral("events.jsonl"))};
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString bin = qEnvironmentVariable("SANDCASTLE_BIN");
        QVERIFY2(QFileInfo(bin).isExecutable(), qPrintable(QStringLiteral("SANDCASTLE_BIN not executable: ") + bin));
    }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QVERIFY(writeTestFile(path(QStringLiteral("ws/README.md")), "project\n"));
        QVERIFY(writeTestFile(path(QStringLiteral("skills/alpha/SKILL.md")),
                              "---\nname: alpha\ndescription: Runs the alpha checks.\n---\n\nSteps.\n"));
        QVERIFY(writeTestFile(path(QStringLiteral("skills/empty/notes.txt")), "no SKILL.md here\n"));
    }

    void run_memoryAndSkillsOnly_skillsListedAndMemoryGenerated()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(answerTurn(QStringLiteral("done")));
        const QJsonObject notes{{QStringLiteral("rollout_slug"), QStringLiteral("alpha-checks")},
                                {QStringLiteral("rollout_summary"), QStringLiteral("Ran the alpha checks.")},
                                {QStringLiteral("raw_memory"), QStringLiteral("- alpha checks pass")}};
        server.enqueue(answerTurn(QString::fromUtf8(QJsonDocument(notes).toJson(QJsonDocument::Compact))));
        server.enqueue(answerTurn(QStringLiteral("consolidated")));
        const CliRun run = runSandcastle(
            baseArgs(server) + QStringList{QStringLiteral("--capabilities"), QStringLiteral("memory,skills"),
                                           QStringLiteral("--memory-mode"), QStringLiteral("generate"),
                                           QStringLiteral("--skills-dir"), path(QStringLiteral("skills")),
                                           QStringLiteral("--conversation"), QStringLiteral("conv-cli"),
                                           QStringLiteral("run the checks")},
            path(QStringLiteral("events.jsonl")), 60000, &server);
        QVERIFY2(run.finished && run.exitCode == 0, qPrintable(run.describe()));
        QCOMPARE(run.out, QStringLiteral("done\n"));
        QVERIFY2(run.err.contains(QStringLiteral("skills: .agents/empty: the skill folder has no SKILL.md")),
                 qPrintable(run.err));
        const QList<QJsonObject> issues = run.eventsOfType(QStringLiteral("capability_issue"));
        QCOMPARE(issues.size(), 1);
        QCOMPARE(issues.first()[QStringLiteral("data")][QStringLiteral("file")].toString(),
                 QStringLiteral(".agents/empty"));
        QCOMPARE(run.eventsOfType(QStringLiteral("run_finished")).size(), 1);

        const QList<RecordedRequest> requests = server.requests();
        QCOMPARE(requests.size(), 3);
        const QString instructions = requests.at(0).json.value(QStringLiteral("instructions")).toString();
        QVERIFY2(
            instructions.contains(QStringLiteral("- alpha: Runs the alpha checks. (file: .agents/alpha/SKILL.md)")),
            qPrintable(instructions));
        QVERIFY(!instructions.contains(QStringLiteral("## Memory"))); // generate-only
        QVERIFY(requests.at(0).json.value(QStringLiteral("tools")).toArray().isEmpty());
        QCOMPARE(readTestFile(path(QStringLiteral("ws/.agents/alpha/SKILL.md"))).left(4), QByteArray("---\n"));
        // Off api.openai.com the phase models default to the run's model.
        QCOMPARE(requests.at(1).json.value(QStringLiteral("model")).toString(), QStringLiteral("local-model"));
        QCOMPARE(
            requests.at(1).json[QStringLiteral("text")][QStringLiteral("format")][QStringLiteral("type")].toString(),
            QStringLiteral("json_schema"));
        QVERIFY(QFileInfo::exists(path(QStringLiteral("ws/sessions/conv-cli.jsonl"))));
        QVERIFY(readTestFile(path(QStringLiteral("ws/memories/raw_memories/conv-cli.md")))
                    .contains("rollout_summary_file: rollout_summaries/conv-cli_alpha-checks.md\n"));
        QVERIFY(QFileInfo::exists(path(QStringLiteral("ws/memories/rollout_summaries/conv-cli_alpha-checks.md"))));
        QVERIFY(QFileInfo::exists(path(QStringLiteral("ws/memories/phase_two_selection.json"))));
    }

    void run_readOnlyMemoryAndLazySkills_summaryAndLoadSkillOffered()
    {
        QVERIFY(writeTestFile(path(QStringLiteral("ws/mem/memory_summary.md")), "Use the alpha checks.\n"));
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(toolTurn(functionCallItem(QStringLiteral("load_skill"),
                                                 {{QStringLiteral("skill_name"), QStringLiteral("alpha")}},
                                                 QStringLiteral("call_l"))));
        server.enqueue(answerTurn(QStringLiteral("loaded")));
        const CliRun run = runSandcastle(
            baseArgs(server) + QStringList{QStringLiteral("--capabilities"),
                                           QStringLiteral("filesystem,shell,compaction,memory,skills"),
                                           QStringLiteral("--memory-mode"), QStringLiteral("read"),
                                           QStringLiteral("--memories-dir"), QStringLiteral("mem"),
                                           QStringLiteral("--skills-lazy"), path(QStringLiteral("skills")),
                                           QStringLiteral("--skills-grant"), m_dir->path(), QStringLiteral("go")},
            path(QStringLiteral("events.jsonl")), 60000, &server);
        QVERIFY2(run.finished && run.exitCode == 0, qPrintable(run.describe()));
        const QList<RecordedRequest> requests = server.requests();
        QCOMPARE(requests.size(), 2);
        const QString instructions = requests.at(0).json.value(QStringLiteral("instructions")).toString();
        QVERIFY2(instructions.contains(QStringLiteral("Use the alpha checks.")), qPrintable(instructions));
        QVERIFY(instructions.contains(QStringLiteral("`mem/MEMORY.md`")));
        QVERIFY(instructions.contains(QStringLiteral("### Loading skills on demand")));
        QStringList tools;
        for (const QJsonValue &t : requests.at(0).json.value(QStringLiteral("tools")).toArray()) {
            tools << t[QStringLiteral("name")].toString();
        }
        QVERIFY2(tools.contains(QStringLiteral("load_skill")), qPrintable(tools.join(QLatin1Char(','))));
        const QString output = toolOutputs(requests.at(1)).value(QStringLiteral("call_l"));
        QCOMPARE(QJsonDocument::fromJson(output.toUtf8()).object().value(QStringLiteral("status")).toString(),
                 QStringLiteral("loaded"));
        QVERIFY(QFileInfo::exists(path(QStringLiteral("ws/.agents/alpha/SKILL.md"))));
        QVERIFY(!QFileInfo::exists(path(QStringLiteral("ws/sessions")))); // read-only: nothing generated
    }

    void run_badFlags_exit2_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("memory mode") << QStringList{QStringLiteral("--capabilities"), QStringLiteral("memory"),
                                                    QStringLiteral("--memory-mode"), QStringLiteral("sometimes")}
                                     << "--memory-mode must be both, read or generate";
        QTest::newRow("skills flag without skills")
            << QStringList{QStringLiteral("--skills-dir"), QStringLiteral("/tmp")} << "needs the skills capability";
        QTest::newRow("skills without source")
            << QStringList{QStringLiteral("--capabilities"), QStringLiteral("skills")} << "exactly one source";
        QTest::newRow("live update without filesystem")
            << QStringList{QStringLiteral("--capabilities"), QStringLiteral("shell,memory")}
            << "requires missing capabilities: filesystem";
        QTest::newRow("conversation id") << QStringList{QStringLiteral("--capabilities"), QStringLiteral("memory"),
                                                        QStringLiteral("--memory-mode"),  QStringLiteral("generate"),
                                                        QStringLiteral("--conversation"), QStringLiteral("../x")}
                                         << "cannot name a rollout file";
        QTest::newRow("unknown capability")
            << QStringList{QStringLiteral("--capabilities"), QStringLiteral("memories")} << "unknown capability";
    }
    void run_badFlags_exit2()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        ScriptedModelServer server;
        QVERIFY(server.listen());
        const CliRun run = runSandcastle(baseArgs(server) + args + QStringList{QStringLiteral("task")});
        QVERIFY2(run.finished && run.exitCode == 2, qPrintable(run.describe()));
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
        QCOMPARE(server.requests().size(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_MemoryCli)
#include "tst_memorycli.moc"
