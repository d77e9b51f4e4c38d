// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// A whole `sandcastle run --api chat` through the scripted model server speaking Chat Completions:
// streamed tool calls (exec_command, apply_patch as a function), tool messages back, a final
// answer; the way a llama.cpp, vLLM or Jan server is driven.
#include "scriptedmodelserver.h"

#include "clirun.h"
#include "testenv.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Test;

namespace {

/// role "tool" messages of a chat request: tool_call_id -> content.
QHash<QString, QString> toolMessages(const RecordedRequest &request)
{
    QHash<QString, QString> found;
    for (const QJsonValue &v : request.json.value(QStringLiteral("messages")).toArray()) {
        const QJsonObject m = v.toObject();
        if (m.value(QStringLiteral("role")).toString() == QLatin1String("tool")) {
            found.insert(m.value(QStringLiteral("tool_call_id")).toString(),
                         m.value(QStringLiteral("content")).toString());
        }
    }
    return found;
}

QJsonObject toolNamed(const RecordedRequest &request, const QString &name)
{
    for (const QJsonValue &v : request.json.value(QStringLiteral("tools")).toArray()) {
        const QJsonObject tool = v.toObject();
        if (tool.value(QStringLiteral("function")).toObject().value(QStringLiteral("name")).toString() == name) {
            return tool;
        }
    }
    return {};
}

} // namespace

class tst_ChatRun : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase()
    {
        const QString bin = qEnvironmentVariable("SANDCASTLE_BIN");
        QVERIFY2(QFileInfo(bin).isExecutable(), qPrintable(QStringLiteral("SANDCASTLE_BIN not executable: ") + bin));
        QVERIFY(m_tmp.isValid());
    }

    void run_chatApi_streamedToolCallsEndToEnd()
    {
        ScriptedModelServer server;
        QVERIFY(server.listen());
        server.enqueue(toolTurn(functionCallItem(
            QStringLiteral("exec_command"),
            execArguments(QStringLiteral("printf 'hello from the chat run' > greeting.txt && cat greeting.txt")),
            QStringLiteral("call_exec"))));
        const QString patch = QStringLiteral("*** Begin Patch\n*** Add File: notes.md\n+# Notes\n+written through "
                                             "a chat function call\n*** End Patch\n");
        server.enqueue(toolTurn(functionCallItem(QStringLiteral("apply_patch"), {{QStringLiteral("input"), patch}},
                                                 QStringLiteral("call_patch"))));
        server.enqueue(answerTurn(QStringLiteral("Both files are in place.")));

        const QString ws = m_tmp.filePath(QStringLiteral("ws-chat"));
        const QString events = m_tmp.filePath(QStringLiteral("chat-events.jsonl"));
        const CliRun r =
            runSandcastle({QStringLiteral("run"), QStringLiteral("--api"), QStringLiteral("chat"),
                           QStringLiteral("--base-url"), server.baseUrl().toString(), QStringLiteral("--model"),
                           QStringLiteral("qwen3-coder"), QStringLiteral("--workspace"), ws,
                           QStringLiteral("--confine"), QStringLiteral("none"), QStringLiteral("--no-state"),
                           QStringLiteral("--events"), events, QStringLiteral("Write a greeting and notes.")},
                          events);
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(r.out.trimmed(), QStringLiteral("Both files are in place."));

        // What the tools did in the workspace.
        QCOMPARE(readTestFile(ws + QStringLiteral("/greeting.txt")), QByteArray("hello from the chat run"));
        QCOMPARE(readTestFile(ws + QStringLiteral("/notes.md")),
                 QByteArray("# Notes\nwritten through a chat function call\n"));

        // Three streamed Chat Completions requests with function tools; apply_patch is a function.
        const QList<RecordedRequest> requests = server.requests();
        QCOMPARE(requests.size(), 3);
        for (const RecordedRequest &request : requests) {
            QCOMPARE(request.path, QByteArray("/v1/chat/completions"));
            QCOMPARE(request.json.value(QStringLiteral("stream")).toBool(), true);
            QCOMPARE(request.json.value(QStringLiteral("model")).toString(), QStringLiteral("qwen3-coder"));
            QVERIFY(!request.json.contains(QStringLiteral("input")));
            QVERIFY(!request.json.contains(QStringLiteral("context_management")));
        }
        const QJsonObject applyPatch = toolNamed(requests.at(0), QStringLiteral("apply_patch"));
        QCOMPARE(applyPatch.value(QStringLiteral("type")).toString(), QStringLiteral("function"));
        QVERIFY(applyPatch.value(QStringLiteral("function"))
                    .toObject()
                    .value(QStringLiteral("parameters"))
                    .toObject()
                    .value(QStringLiteral("properties"))
                    .toObject()
                    .contains(QStringLiteral("input")));
        QCOMPARE(toolNamed(requests.at(0), QStringLiteral("exec_command")).value(QStringLiteral("type")).toString(),
                 QStringLiteral("function"));

        // Each tool result went back as a tool message answering its call.
        const QString execOutput = toolMessages(requests.at(1)).value(QStringLiteral("call_exec"));
        QVERIFY2(execOutput.contains(QLatin1String("hello from the chat run")), qPrintable(execOutput));
        const QString patchOutput = toolMessages(requests.at(2)).value(QStringLiteral("call_patch"));
        QVERIFY2(patchOutput.contains(QLatin1String("notes.md")), qPrintable(patchOutput));
        bool assistantCall = false;
        for (const QJsonValue &v : requests.at(2).json.value(QStringLiteral("messages")).toArray()) {
            const QJsonArray calls = v.toObject().value(QStringLiteral("tool_calls")).toArray();
            for (const QJsonValue &c : calls) {
                assistantCall =
                    assistantCall || c.toObject().value(QStringLiteral("id")).toString() == QLatin1String("call_patch");
            }
        }
        QVERIFY(assistantCall);

        // The arguments arrived in pieces and were shown as they came.
        QVERIFY2(r.eventsOfType(QStringLiteral("tool_call_delta")).size() >= 4,
                 qPrintable(QString::number(r.eventsOfType(QStringLiteral("tool_call_delta")).size())));
        QCOMPARE(r.eventsOfType(QStringLiteral("tool_result")).size(), 2);
        const QList<QJsonObject> finished = r.eventsOfType(QStringLiteral("run_finished"));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().value(QStringLiteral("data")).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("done"));
    }
};

QTEST_GUILESS_MAIN(tst_ChatRun)
#include "tst_chatrun.moc"
