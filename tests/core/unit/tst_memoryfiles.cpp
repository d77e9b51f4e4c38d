// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The memory files of spec 2.5: the rollout segment line, raw memory and rollout summary headers
// (golden files in tests/core/data/memory; SANDCASTLE_UPDATE_GOLDEN=1 rewrites them), the item
// filter, rollout ids, the phase-two selection, the phase-one input and the read-path fragment.
#include "sandcastle/core/capabilities/memory/memorycapability.h"
#include "sandcastle/core/capabilities/memory/memoryfiles.h"
#include "sandcastle/core/capabilities/memory/memorygenerator.h"

#include "resultverify.h"
#include "testenv.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;
using namespace Sandcastle::Test;

namespace {

const QDateTime kTime(QDate(2026, 3, 14), QTime(15, 9, 26, 535), QTimeZone::UTC);

QJsonObject item(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

MemorySelectionItem header()
{
    return {QStringLiteral("conv-42"), MemoryFiles::timestamp(kTime), QStringLiteral("sessions/conv-42.jsonl"),
            QStringLiteral("rollout_summaries/conv-42_fix-login.md"), QStringLiteral("completed")};
}

} // namespace

class tst_MemoryFiles : public QObject
{
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> m_dir;

    static void compareGolden(const QByteArray &actual, const QString &name)
    {
        const QString file = sourceDir() + QStringLiteral("/tests/core/data/memory/") + name;
        if (qEnvironmentVariableIntValue("SANDCASTLE_UPDATE_GOLDEN") == 1) {
            QVERIFY(writeTestFile(file, actual));
        }
        QCOMPARE(actual, readTestFile(file));
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void segmentLine_run_matchesGolden()
    {
        const QJsonArray input{item(R"({"role":"user","content":"fix the login test"})")};
        const QJsonArray generated = MemoryFiles::filterItems(QJsonArray{
            item(R"({"type":"reasoning","summary":[]})"),
            item(R"({"type":"function_call","call_id":"c1","name":"exec_command","arguments":"{}"})"),
            item(R"({"type":"function_call_output","call_id":"c1","output":"ok"})"),
            item(R"({"type":"compaction","encrypted_content":"x"})"),
            item(R"({"role":"developer","content":"hidden"})"),
            item(R"({"type":"message","role":"assistant","content":[{"type":"output_text","text":"done"}]})"),
        });
        MemoryTerminalMetadata terminal;
        terminal.state = QStringLiteral("completed");
        terminal.hasFinalOutput = true;
        compareGolden(MemoryFiles::segmentLine(kTime, QStringLiteral("conv-42"), input, generated, {}, terminal,
                                               QStringLiteral("done")),
                      QStringLiteral("segment_line.jsonl"));
    }

    void segmentLine_interrupted_matchesGolden()
    {
        // A run that ended with a tool call awaiting approval: `interruptions` sits between
        // generated_items and terminal_metadata, and there is no final_output.
        const QJsonObject call = item(
            R"({"type":"function_call","call_id":"c7","name":"exec_command","arguments":"{\"cmd\":\"rm -r build\"}"})");
        const QJsonArray interruptions{QJsonObject{{QStringLiteral("type"), QStringLiteral("tool_approval_item")},
                                                   {QStringLiteral("tool_name"), QStringLiteral("exec_command")},
                                                   {QStringLiteral("raw_item"), call}}};
        MemoryTerminalMetadata terminal;
        terminal.state = QStringLiteral("interrupted");
        compareGolden(MemoryFiles::segmentLine(kTime, QStringLiteral("conv-42"),
                                               QJsonArray{item(R"({"role":"user","content":"clean up"})")},
                                               QJsonArray{call}, interruptions, terminal, {}),
                      QStringLiteral("segment_line_interrupted.jsonl"));
    }

    void filterItems_types_keptOrDropped_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<bool>("kept");
        QTest::newRow("user") << R"({"role":"user","content":"x"})" << true;
        QTest::newRow("assistant message") << R"({"type":"message","role":"assistant"})" << true;
        QTest::newRow("system") << R"({"role":"system","content":"x"})" << false;
        QTest::newRow("developer") << R"({"role":"developer","content":"x"})" << false;
        QTest::newRow("custom tool call") << R"({"type":"custom_tool_call"})" << true;
        QTest::newRow("custom tool output") << R"({"type":"custom_tool_call_output"})" << true;
        QTest::newRow("apply patch call") << R"({"type":"apply_patch_call"})" << true;
        QTest::newRow("program") << R"({"type":"program"})" << true;
        QTest::newRow("mcp approval") << R"({"type":"mcp_approval_request"})" << true;
        QTest::newRow("reasoning") << R"({"type":"reasoning"})" << false;
        QTest::newRow("compaction") << R"({"type":"compaction"})" << false;
        QTest::newRow("image generation") << R"({"type":"image_generation_call"})" << false;
        QTest::newRow("unknown") << R"({"type":"something_new"})" << false;
    }
    void filterItems_types_keptOrDropped()
    {
        QFETCH(QString, json);
        QFETCH(bool, kept);
        QCOMPARE(MemoryFiles::filterItems(QJsonArray{item(json.toUtf8().constData())}).size(), kept ? 1 : 0);
    }

    void rawMemoryAndSummary_header_matchGolden()
    {
        compareGolden(MemoryFiles::rawMemoryText(header(), QStringLiteral("- login test needs TZ=UTC\n\n")),
                      QStringLiteral("raw_memory.md"));
        compareGolden(MemoryFiles::rolloutSummaryText(QStringLiteral("6f1c2d3e-0000-4000-8000-000000000001"), header(),
                                                      QStringLiteral("# Fix the login test\n\nDetails.")),
                      QStringLiteral("rollout_summary.md"));
        const auto parsed = MemoryFiles::parseHeader(QString::fromUtf8(MemoryFiles::rawMemoryText(header(), {})));
        QCOMPARE(parsed.value(QStringLiteral("rollout_summary_file")), header().rolloutSummaryFile);
        QCOMPARE(parsed.value(QStringLiteral("terminal_state")), QStringLiteral("completed"));
    }

    void resolveRolloutId_order_firstNonEmptyWins_data()
    {
        QTest::addColumn<QString>("conversation");
        QTest::addColumn<QString>("session");
        QTest::addColumn<QString>("group");
        QTest::addColumn<QString>("expected"); // "run-" = generated; "!" = rejected
        QTest::newRow("conversation") << " c1 " << "s1" << "g1" << "c1";
        QTest::newRow("session") << "" << "s1" << "g1" << "s1";
        QTest::newRow("group") << "  " << "" << "g1" << "g1";
        QTest::newRow("generated") << "" << "" << "" << "run-";
        QTest::newRow("path-like") << "../x" << "" << "" << "!";
        QTest::newRow("slash") << "a/b" << "" << "" << "!";
        QTest::newRow("leading dot") << ".x" << "" << "" << "!";
    }
    void resolveRolloutId_order_firstNonEmptyWins()
    {
        QFETCH(QString, conversation);
        QFETCH(QString, session);
        QFETCH(QString, group);
        QFETCH(QString, expected);
        const auto id = MemoryFiles::resolveRolloutId(conversation, session, group);
        if (expected == QLatin1String("!")) {
            QVERIFY(!id);
            return;
        }
        SC_VERIFY_OK(id);
        if (expected == QLatin1String("run-")) {
            QVERIFY2(id->startsWith(expected) && id->size() == 36 && MemoryFiles::isValidRolloutId(*id),
                     qPrintable(*id));
        } else {
            QCOMPARE(*id, expected);
        }
    }

    void appendLine_existingFile_keepsOldBytes()
    {
        const QString file = m_dir->filePath(QStringLiteral("sessions/a.jsonl"));
        QVERIFY(writeTestFile(file, "{\"old\":1}")); // no trailing newline
        SC_VERIFY_OK(MemoryFiles::appendLine(file, "{\"new\":2}\n"));
        QCOMPARE(readTestFile(file), QByteArray("{\"old\":1}\n{\"new\":2}\n"));
    }

    void selectRawMemories_newestFirstCappedAndCompared()
    {
        const QString root = m_dir->filePath(QStringLiteral("memories"));
        const auto write = [&root](const QString &id, const QString &updated) {
            MemorySelectionItem h{id, updated, QStringLiteral("sessions/%1.jsonl").arg(id),
                                  QStringLiteral("rollout_summaries/%1_x.md").arg(id), QStringLiteral("completed")};
            QVERIFY(writeTestFile(root + QStringLiteral("/raw_memories/") + id + QStringLiteral(".md"),
                                  MemoryFiles::rawMemoryText(h, QStringLiteral("body"))));
        };
        write(QStringLiteral("a"), QStringLiteral("2026-01-01T00:00:00.000000+00:00"));
        write(QStringLiteral("b"), QStringLiteral("2026-02-01T00:00:00.000000+00:00"));
        write(QStringLiteral("c"), QStringLiteral("unknown"));
        write(QStringLiteral("d"), QStringLiteral("2026-02-01T00:00:00.000000+00:00"));
        const QList<MemorySelectionItem> previous{{QStringLiteral("a"), {}, {}, {}, {}},
                                                  {QStringLiteral("gone"), {}, {}, {}, {}}};
        QList<CapabilityIssue> issues;
        const MemorySelection all =
            MemoryFiles::selectRawMemories(root, QStringLiteral("memories"), 10, previous, &issues);
        QStringList order;
        for (const MemorySelectionItem &i : all.selected) {
            order << i.rolloutId;
        }
        QCOMPARE(order,
                 (QStringList{QStringLiteral("d"), QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("c")}));
        QCOMPARE(all.retained, QStringList{QStringLiteral("a")});
        QCOMPARE(all.added.size(), 3);
        QCOMPARE(all.removed.size(), 1);
        QCOMPARE(all.removed.first().rolloutId, QStringLiteral("gone"));
        const MemorySelection capped =
            MemoryFiles::selectRawMemories(root, QStringLiteral("memories"), 2, previous, &issues);
        QCOMPARE(capped.selected.size(), 2);
        QCOMPARE(capped.removed.size(), 2); // a fell out too
        QVERIFY(issues.isEmpty());
    }

    void readSelection_corruptOrValid_result_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("error"); // empty = valid
        QTest::newRow("valid") << QByteArray(R"({"version":1,"selected":[{"rollout_id":"a"}]})") << QString();
        QTest::newRow("truncated") << QByteArray("{\"version\":1,\"sel") << QStringLiteral("not JSON at offset");
        QTest::newRow("no array") << QByteArray(R"({"version":1})") << QStringLiteral("/selected");
        QTest::newRow("bad item") << QByteArray(R"({"selected":[{"rollout_id":3}]})")
                                  << QStringLiteral("/selected/0/rollout_id");
    }
    void readSelection_corruptOrValid_result()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, error);
        const QString file = m_dir->filePath(QStringLiteral("phase_two_selection.json"));
        QVERIFY(writeTestFile(file, bytes));
        const auto read = MemoryFiles::readSelection(file);
        if (error.isEmpty()) {
            SC_VERIFY_OK(read);
            QCOMPARE(read->size(), 1);
        } else {
            QVERIFY(!read);
            QVERIFY2(read.error().message.contains(error), qPrintable(read.error().message));
        }
        QCOMPARE(readTestFile(file), bytes); // reading never changes it
    }

    void phaseOneInput_brokenLineAndLongRollout_reportedAndTruncated()
    {
        MemoryTerminalMetadata t;
        t.state = QStringLiteral("completed");
        const QByteArray first = MemoryFiles::segmentLine(kTime, QStringLiteral("r"), {}, {}, {}, t, {});
        t.state = QStringLiteral("failed");
        const QByteArray second = MemoryFiles::segmentLine(kTime.addSecs(60), QStringLiteral("r"),
                                                           QJsonArray{QString(800, QLatin1Char('x'))}, {}, {}, t, {});
        QList<CapabilityIssue> issues;
        MemorySelectionItem h;
        const QString input = MemoryGenerator::phaseOneInput(first + "{broken\n" + second,
                                                             QStringLiteral("sessions/r.jsonl"), 100, &issues, &h);
        QCOMPARE(issues.size(), 1);
        QCOMPARE(issues.first().file, QStringLiteral("sessions/r.jsonl"));
        QVERIFY2(issues.first().reason.startsWith(QStringLiteral("line 2 is not a JSON object")),
                 qPrintable(issues.first().reason));
        QCOMPARE(h.terminalState, QStringLiteral("failed"));
        QCOMPARE(h.updatedAt, MemoryFiles::timestamp(kTime.addSecs(60)));
        QVERIFY2(input.contains(QStringLiteral("\n  \"segment_count\": 2,\n")), qPrintable(input));
        QVERIFY(input.contains(QStringLiteral("The rollout is too long to show whole")));
        QVERIFY(input.contains(QStringLiteral("tokens truncated")));
        QVERIFY(!input.contains(QStringLiteral("{broken")));
        QVERIFY(!input.contains(QStringLiteral("{{")));
    }

    void selectionJson_items_twoSpaceIndentMatchesGolden()
    {
        compareGolden(MemoryFiles::selectionJson({header()}, kTime), QStringLiteral("phase_two_selection.json"));
        const auto read = [this] {
            const QString file = m_dir->filePath(QStringLiteral("s.json"));
            writeTestFile(file, MemoryFiles::selectionJson({header()}, kTime));
            return MemoryFiles::readSelection(file);
        }();
        SC_VERIFY_OK(read);
        QCOMPARE(*read, QList<MemorySelectionItem>{header()});
    }

    void truncateMiddle_budget_headTailAndMarker()
    {
        QCOMPARE(truncateMiddle(QStringLiteral("abcd"), 1), QStringLiteral("abcd"));
        const QString cut = truncateMiddle(QString(100, QLatin1Char('a')), 10);
        QVERIFY2(cut.toUtf8().size() <= 40, qPrintable(cut));
        QVERIFY(cut.contains(QStringLiteral("\u2026")));
        QVERIFY(cut.startsWith(QLatin1Char('a')) && cut.endsWith(QLatin1Char('a')));
        const QString wide = truncateMiddle(QStringLiteral("\u00e9").repeated(100), 10);
        QVERIFY(!wide.contains(QChar::ReplacementCharacter));
    }

    void renderReadInstructions_summary_fragmentWithMarkersAndMode()
    {
        QVERIFY(MemoryCapability::renderReadInstructions({}, QStringLiteral("memories"), true, 15000).isEmpty());
        const QString live = MemoryCapability::renderReadInstructions(QStringLiteral("User likes tabs."),
                                                                      QStringLiteral("mem"), true, 15000);
        QVERIFY(live.startsWith(QStringLiteral("## Memory")));
        QVERIFY(live.contains(QStringLiteral("========= MEMORY_SUMMARY BEGINS =========\nUser likes tabs.\n"
                                             "========= MEMORY_SUMMARY ENDS =========")));
        QVERIFY(live.contains(QStringLiteral("`mem/MEMORY.md`")));
        QVERIFY(live.contains(QStringLiteral("correct that entry")));
        QVERIFY(!live.contains(QStringLiteral("{{")));
        const QString readOnly =
            MemoryCapability::renderReadInstructions(QStringLiteral("x"), QStringLiteral("mem"), false, 15000);
        QVERIFY(readOnly.contains(QStringLiteral("read-only")));
        QVERIFY(!readOnly.contains(QStringLiteral("correct that entry")));
        const QString big = MemoryCapability::renderReadInstructions(QString(100000, QLatin1Char('s')),
                                                                     QStringLiteral("mem"), true, 15000);
        QVERIFY(big.contains(QStringLiteral("tokens truncated")));
        QVERIFY(big.size() < 62000);
    }

    void memoryOptions_validate_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("defaults") << "{}" << "";
        QTest::newRow("neither") << R"({"read":false,"generate":false})" << "both are off";
        QTest::newRow("limit zero") << R"({"max_raw_memories":0})" << "1..4096";
        QTest::newRow("limit high") << R"({"max_raw_memories":4097})" << "1..4096";
        QTest::newRow("absolute dir") << R"({"memories_dir":"/m"})" << "relative";
        QTest::newRow("dotdot dir") << R"({"sessions_dir":"../s"})" << "..";
        QTest::newRow("overlap") << R"({"memories_dir":"m","sessions_dir":"m/s"})" << "overlap";
        QTest::newRow("type") << R"({"read":"yes"})" << "/read";
    }
    void memoryOptions_validate()
    {
        QFETCH(QString, json);
        QFETCH(QString, error);
        const auto parsed =
            MemoryOptions::fromJson(QJsonDocument::fromJson(json.toUtf8()).object(), QStringLiteral("t"));
        if (error.isEmpty()) {
            SC_VERIFY_OK(parsed);
            QCOMPARE(parsed->layout, MemoryLayout{});
        } else {
            QVERIFY(!parsed);
            QVERIFY2(parsed.error().message.contains(error), qPrintable(parsed.error().message));
        }
    }

    void requiredCapabilityTypes_modes()
    {
        MemoryOptions o;
        QCOMPARE(MemoryCapability(o).requiredCapabilityTypes(),
                 (QStringList{QStringLiteral("filesystem"), QStringLiteral("shell")}));
        o.liveUpdate = false;
        QCOMPARE(MemoryCapability(o).requiredCapabilityTypes(), QStringList{QStringLiteral("shell")});
        o.read = false;
        QVERIFY(MemoryCapability(o).requiredCapabilityTypes().isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_MemoryFiles)
#include "tst_memoryfiles.moc"
