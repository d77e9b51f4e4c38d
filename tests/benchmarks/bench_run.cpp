// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// A 5-turn agent run through the real program (`sandcastle run`, Unix-local client under
// bubblewrap, scripted model server on loopback): list files, patch one, run a script, patch two
// files, answer. Prints, per iteration and as medians:
//   * wall time from process start to exit, and peak RSS (wait4 of the process: the largest of
//     sandcastle and the commands it waited for);
//   * harness overhead per turn from the run's own trace: agent_run minus every model_response
//     and tool_call span, divided by the turns (everything but the model's and the commands' time);
// and, in the same run, the baseline of starting and exiting the program (`sandcastle --version`).
// Peer figure for comparison (TypeScript Agents SDK, same machine, same scenario): 10.7 s, 135 MB.
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace {

constexpr int kIterations = 7;

struct ProcessFigures
{
    double wallMs = 0;
    double maxRssMb = 0;
    int exitCode = -1;
};

ProcessFigures spawnAndWait(const QStringList &argv)
{
    QList<QByteArray> storage;
    std::vector<char *> args;
    for (const QString &a : argv) {
        storage.append(a.toLocal8Bit());
    }
    for (QByteArray &a : storage) {
        args.push_back(a.data());
    }
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    QElapsedTimer clock;
    clock.start();
    pid_t pid = 0;
    ProcessFigures f;
    if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) {
        posix_spawn_file_actions_destroy(&actions);
        return f;
    }
    posix_spawn_file_actions_destroy(&actions);
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    f.wallMs = double(clock.nsecsElapsed()) / 1e6;
    f.maxRssMb = double(usage.ru_maxrss) / 1024.0;
    f.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return f;
}

QJsonObject call(const QString &name, const QJsonObject &args, const QString &id)
{
    return {{QStringLiteral("type"), QStringLiteral("function_call")},
            {QStringLiteral("name"), name},
            {QStringLiteral("arguments"), args},
            {QStringLiteral("call_id"), id}};
}

QJsonObject patchCall(const QString &patch, const QString &id)
{
    return {{QStringLiteral("type"), QStringLiteral("custom_tool_call")},
            {QStringLiteral("name"), QStringLiteral("apply_patch")},
            {QStringLiteral("input"), patch},
            {QStringLiteral("call_id"), id}};
}

QJsonObject script()
{
    auto turn = [](const QJsonObject &item) { return QJsonObject{{QStringLiteral("output"), QJsonArray{item}}}; };
    const QJsonArray turns{
        turn(call(QStringLiteral("exec_command"), {{QStringLiteral("cmd"), QStringLiteral("ls -la")}},
                  QStringLiteral("c1"))),
        turn(patchCall(
            QStringLiteral("*** Begin Patch\n*** Update File: app.py\n-print('hello')\n+print('hello, world')\n"
                           "*** End Patch\n"),
            QStringLiteral("c2"))),
        turn(call(QStringLiteral("exec_command"), {{QStringLiteral("cmd"), QStringLiteral("python3 app.py")}},
                  QStringLiteral("c3"))),
        turn(
            patchCall(QStringLiteral("*** Begin Patch\n*** Update File: a.txt\n-a\n+A\n*** Update File: b.txt\n-b\n+B\n"
                                     "*** End Patch\n"),
                      QStringLiteral("c4"))),
        QJsonObject{
            {QStringLiteral("text"), QStringLiteral("Done: app.py prints hello, world; a and b upper-cased.")}}};
    return {{QStringLiteral("turns"), turns}};
}

QJsonObject manifest()
{
    auto file = [](const char *content) {
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("file")},
                           {QStringLiteral("content"), QString::fromLatin1(content)}};
    };
    return {{QStringLiteral("version"), 1},
            {QStringLiteral("entries"), QJsonObject{{QStringLiteral("app.py"), file("print('hello')\n")},
                                                    {QStringLiteral("a.txt"), file("a\n")},
                                                    {QStringLiteral("b.txt"), file("b\n")}}}};
}

bool writeJson(const QString &path, const QJsonObject &o)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(QJsonDocument(o).toJson()) > 0;
}

/// agent_run minus model_response and tool_call spans, per turn, in ms; -1 when unreadable.
double overheadPerTurnMs(const QString &tracePath, double *modelMs)
{
    QFile f(tracePath);
    if (!f.open(QIODevice::ReadOnly)) {
        return -1;
    }
    double run = 0, model = 0, tools = 0;
    int turns = 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        const QJsonObject span = QJsonDocument::fromJson(line).object();
        const QString name = span.value(QStringLiteral("name")).toString();
        const double ms = span.value(QStringLiteral("duration_ms")).toDouble();
        if (name == QLatin1String("agent_run")) {
            run = ms;
            turns = span.value(QStringLiteral("data")).toObject().value(QStringLiteral("turns")).toInt();
        } else if (name == QLatin1String("model_response")) {
            model += ms;
        } else if (name == QLatin1String("tool_call")) {
            tools += ms;
        }
    }
    if (turns == 0) {
        return -1;
    }
    *modelMs = model / turns;
    return (run - model - tools) / turns;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(v.size() / 2);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString bin = QCoreApplication::applicationDirPath();
    const QString sandcastle = bin + QStringLiteral("/sandcastle");
    const QString server = bin + QStringLiteral("/scripted-model-server");
    QTemporaryDir tmp;
    const QString scriptPath = tmp.filePath(QStringLiteral("script.json"));
    const QString manifestPath = tmp.filePath(QStringLiteral("manifest.json"));
    if (!writeJson(scriptPath, script()) || !writeJson(manifestPath, manifest())) {
        std::fprintf(stderr, "cannot write the script\n");
        return 1;
    }

    QList<double> wall, rss, overhead, modelTurn, baseWall, baseRss;
    for (int i = 0; i < kIterations; ++i) {
        const ProcessFigures base = spawnAndWait({sandcastle, QStringLiteral("--version")});
        baseWall << base.wallMs;
        baseRss << base.maxRssMb;

        QProcess model;
        model.start(server, {QStringLiteral("--script"), scriptPath, QStringLiteral("--exit-when-done")});
        if (!model.waitForReadyRead(10000)) {
            std::fprintf(stderr, "scripted-model-server did not start: %s\n", qPrintable(model.errorString()));
            return 1;
        }
        const QString url = QString::fromUtf8(model.readLine()).trimmed().section(QLatin1Char(' '), 1);
        const QString trace = tmp.filePath(QStringLiteral("trace-%1.jsonl").arg(i));
        const QString ws = tmp.filePath(QStringLiteral("ws-%1").arg(i));
        ::setenv("OPENAI_API_KEY", "sk-bench", 1);
        const ProcessFigures run =
            spawnAndWait({sandcastle, QStringLiteral("run"), QStringLiteral("--manifest"), manifestPath,
                          QStringLiteral("--workspace"), ws, QStringLiteral("--base-url"), url,
                          QStringLiteral("--trace"), trace, QStringLiteral("Do the five steps.")});
        model.waitForFinished(5000);
        if (run.exitCode != 0) {
            std::fprintf(stderr, "iteration %d: sandcastle run exited %d\n", i, run.exitCode);
            return 1;
        }
        double modelMs = 0;
        const double perTurn = overheadPerTurnMs(trace, &modelMs);
        std::printf("run %d: %.1f ms wall, %.1f MB peak RSS, harness overhead %.3f ms/turn, model span %.2f ms/turn\n",
                    i, run.wallMs, run.maxRssMb, perTurn, modelMs);
        wall << run.wallMs;
        rss << run.maxRssMb;
        overhead << perTurn;
        modelTurn << modelMs;
    }
    std::printf("\n5-turn run, process start to exit: median %.1f ms (target < 500 ms; peer TS SDK 10700 ms)\n",
                median(wall));
    std::printf("peak RSS: median %.1f MB, max %.1f MB (target < 40 MB; peer TS SDK 135 MB)\n", median(rss),
                *std::max_element(rss.begin(), rss.end()));
    std::printf("harness overhead per turn: median %.3f ms (target < 2 ms); model span per turn %.2f ms\n",
                median(overhead), median(modelTurn));
    std::printf("baseline `sandcastle --version`: median %.1f ms, %.1f MB peak RSS\n", median(baseWall),
                median(baseRss));
    return 0;
}
