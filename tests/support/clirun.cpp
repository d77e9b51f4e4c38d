// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "clirun.h"

#include "sandcastle/core/sandbox/docker/dockerengine.h"
#include "sandcastle/core/sandbox/docker/dockersandboxclient.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

namespace Sandcastle::Test {

QList<QJsonObject> CliRun::eventsOfType(const QString &type) const
{
    QList<QJsonObject> found;
    for (const QJsonObject &e : events) {
        if (e.value(QStringLiteral("type")).toString() == type) {
            found.append(e);
        }
    }
    return found;
}

QString CliRun::describe() const
{
    return QStringLiteral("exit %1, stdout: %2, stderr: %3").arg(exitCode).arg(out, err);
}

namespace {

CliRun runProcess(const QStringList &args, const QProcessEnvironment &env, const QByteArray &stdinData,
                  const QString &eventsFile, int timeoutMs, ScriptedModelServer *server,
                  const std::function<void(QProcess &, int)> &onRequest)
{
    CliRun r;
    QProcess process;
    process.setProcessEnvironment(env);
    QEventLoop loop;
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (server && onRequest) {
        QObject::connect(server, &ScriptedModelServer::requestReceived, &loop,
                         [&](int index) { onRequest(process, index); });
    }
    process.start(qEnvironmentVariable("SANDCASTLE_BIN"), args);
    if (!process.waitForStarted(10000)) {
        r.err = QStringLiteral("cannot start SANDCASTLE_BIN=\"%1\": %2")
                    .arg(qEnvironmentVariable("SANDCASTLE_BIN"), process.errorString());
        return r;
    }
    process.write(stdinData);
    process.closeWriteChannel();
    loop.exec();
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished();
        r.err = QStringLiteral("did not finish within %1 ms").arg(timeoutMs);
        return r;
    }
    r.finished = process.exitStatus() == QProcess::NormalExit;
    r.exitCode = process.exitCode();
    r.out = QString::fromUtf8(process.readAllStandardOutput());
    r.err = QString::fromUtf8(process.readAllStandardError());
    QFile f(eventsFile);
    if (!eventsFile.isEmpty() && f.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : f.readAll().split('\n')) {
            if (!line.isEmpty()) {
                r.events.append(QJsonDocument::fromJson(line).object());
            }
        }
    }
    return r;
}

} // namespace

CliRun runSandcastle(const QStringList &args, const QString &eventsFile, int timeoutMs, ScriptedModelServer *server,
                     const std::function<void(QProcess &, int)> &onRequest)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("OPENAI_BASE_URL"));
    env.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-test-not-a-real-key"));
    // The user's provider profiles (a default profile) must not steer the tests' runs.
    static const QTemporaryDir config;
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());
    return runProcess(args, env, {}, eventsFile, timeoutMs, server, onRequest);
}

CliRun runSandcastleWithEnvironment(const QStringList &args, const QProcessEnvironment &env,
                                    const QByteArray &stdinData, int timeoutMs)
{
    return runProcess(args, env, stdinData, {}, timeoutMs, nullptr, {});
}

QHash<QString, QString> toolOutputs(const RecordedRequest &request)
{
    QHash<QString, QString> outputs;
    const QJsonArray input = request.json.value(QStringLiteral("input")).toArray();
    for (const QJsonValue &v : input) {
        const QJsonObject item = v.toObject();
        if (item.value(QStringLiteral("type")).toString().endsWith(QLatin1String("_output"))) {
            const QJsonValue output = item.value(QStringLiteral("output"));
            outputs.insert(item.value(QStringLiteral("call_id")).toString(),
                           output.isString() ? output.toString()
                                             : QString::fromUtf8(QJsonDocument(output.toArray()).toJson()));
        }
    }
    return outputs;
}

QJsonObject execArguments(const QString &cmd, int yieldMs)
{
    return {{QStringLiteral("cmd"), cmd}, {QStringLiteral("yield_time_ms"), yieldMs}};
}

ScriptedTurn toolTurn(const QJsonObject &item)
{
    ScriptedTurn turn;
    turn.outputItems = {item};
    return turn;
}

ScriptedTurn answerTurn(const QString &text)
{
    ScriptedTurn turn;
    turn.outputItems = {messageItem(text)};
    return turn;
}

Core::Result<Core::JournalRunState> lastJournalRun(const QString &journalPath)
{
    Core::RunJournal journal;
    if (const Core::Result<void> opened = journal.openExisting(journalPath); !opened) {
        return std::unexpected(opened.error());
    }
    const Core::Result<QString> id = journal.lastRunId();
    if (!id) {
        return std::unexpected(id.error());
    }
    return journal.loadRun(*id);
}

QString dockerUnavailableReason()
{
    using namespace Sandcastle::Core;
    const Result<QString> socket = DockerEngine::socketPathFromEnvironment();
    if (!socket) {
        return socket.error().toString();
    }
    DockerEngine engine(*socket);
    const QString image = DockerSandboxClient::defaultImage();
    QFuture<Result<void>> inspected = engine.inspectImage(image);
    if (!QTest::qWaitFor([&] { return inspected.isFinished(); }, 10000)) {
        return QStringLiteral("dockerd did not answer on %1 within 10 s").arg(*socket);
    }
    if (const Result<void> found = inspected.result(); !found) {
        return QStringLiteral("docker rows skipped: %1 (image %2; scripts/build-sandbox-image builds it)")
            .arg(found.error().toString(), image);
    }
    return {};
}

} // namespace Sandcastle::Test
