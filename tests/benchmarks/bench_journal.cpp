// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Run journal write cost per agent step (issue 5 target: under 2 ms): one step is what the runner
// commits between two model calls — appendItems() of a typical model response (reasoning, a short
// message and a function call), recordToolCall() when the command starts and recordToolOutput()
// with a 2 kB result. Median, p90 and max over the steps, on a journal in /tmp (or --dir).
//
//   bench_journal [--steps N] [--dir PARENT]     (default 1000 steps, /tmp)
#include "sandcastle/core/journal/runjournal.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>

using namespace Sandcastle::Core;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QString loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll().trimmed()) : QStringLiteral("?");
}

QJsonArray modelResponse(int step, const QString &callId)
{
    const QString summary = QStringLiteral("Looking at the failing test output; the parser drops the last line when "
                                           "the file has no trailing newline. Checking src/parser.c next. ")
                                .repeated(2);
    const QJsonObject reasoning{
        {QStringLiteral("type"), QStringLiteral("reasoning")},
        {QStringLiteral("id"), QStringLiteral("rs_%1").arg(step)},
        {QStringLiteral("summary"), QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("summary_text")},
                                                           {QStringLiteral("text"), summary}}}}};
    const QJsonObject message{
        {QStringLiteral("type"), QStringLiteral("message")},
        {QStringLiteral("id"), QStringLiteral("msg_%1").arg(step)},
        {QStringLiteral("role"), QStringLiteral("assistant")},
        {QStringLiteral("content"),
         QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("output_text")},
                                {QStringLiteral("text"), QStringLiteral("I'll run the tests again after the fix.")}}}}};
    const QJsonObject call{
        {QStringLiteral("type"), QStringLiteral("function_call")},
        {QStringLiteral("id"), QStringLiteral("fc_%1").arg(step)},
        {QStringLiteral("call_id"), callId},
        {QStringLiteral("name"), QStringLiteral("exec_command")},
        {QStringLiteral("arguments"), QStringLiteral(R"({"cmd":"cd /workspace && make test 2>&1 | tail -n 40"})")}};
    return {reasoning, message, call};
}

QJsonObject toolOutput(const QString &callId)
{
    static const QString output = QStringLiteral("test_parser.c:42: PASS parse_line_without_newline\n").repeated(40);
    return {{QStringLiteral("type"), QStringLiteral("function_call_output")},
            {QStringLiteral("call_id"), callId},
            {QStringLiteral("output"), output}};
}

struct Stats
{
    double median = 0;
    double p90 = 0;
    double max = 0;
};

Stats stats(QList<double> values)
{
    std::sort(values.begin(), values.end());
    const auto at = [&values](double q) { return values.at(qsizetype(q * double(values.size() - 1))); };
    return {at(0.5), at(0.9), values.last()};
}

void row(const QString &what, const Stats &s)
{
    out() << what.leftJustified(40)
          << QStringLiteral("median %1 ms   p90 %2 ms   max %3 ms\n")
                 .arg(s.median, 0, 'f', 3)
                 .arg(s.p90, 0, 'f', 3)
                 .arg(s.max, 0, 'f', 3);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Run journal write cost per step (issue 5 target: < 2 ms)"));
    parser.addHelpOption();
    const QCommandLineOption stepsOption(QStringLiteral("steps"), QStringLiteral("Steps to time (default 1000)."),
                                         QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption dirOption(QStringLiteral("dir"), QStringLiteral("Parent of the journal's directory."),
                                       QStringLiteral("PARENT"), QStringLiteral("/tmp"));
    parser.addOptions({stepsOption, dirOption});
    parser.process(app);
    const int steps = parser.value(stepsOption).toInt();
    if (steps < 1) {
        out() << "--steps must be positive\n";
        return 2;
    }
    QTemporaryDir tmp(parser.value(dirOption) + QStringLiteral("/sandcastle-bench-journal-XXXXXX"));
    RunJournal journal;
    if (!tmp.isValid()) {
        out() << "cannot create a temp directory\n";
        return 1;
    }
    const QString path = tmp.filePath(QStringLiteral("journal.sqlite"));
    if (const auto opened = journal.open(path); !opened) {
        out() << opened.error().toString() << '\n';
        return 1;
    }
    JournalRun run;
    run.id = QStringLiteral("bench-run");
    run.prompt = QStringLiteral("Fix the failing parser test.");
    run.config = QJsonObject{{QStringLiteral("model"), QStringLiteral("gpt-5")}};
    if (const auto begun = journal.beginRun(run); !begun) {
        out() << begun.error().toString() << '\n';
        return 1;
    }
    out()
        << QStringLiteral("journal %1, %2 steps; load average at start: %3\n").arg(path).arg(steps).arg(loadAverage());

    QList<double> stepMs, appendMs, callMs, outputMs;
    for (int step = 0; step < steps; ++step) {
        const QString callId = QStringLiteral("call_%1").arg(step);
        const QJsonArray response = modelResponse(step, callId);
        const QJsonObject result = toolOutput(callId);
        QElapsedTimer t;
        t.start();
        const auto appended = journal.appendItems(run.id, response);
        const qint64 afterAppend = t.nsecsElapsed();
        const auto called =
            journal.recordToolCall(run.id, callId, QStringLiteral("exec_command"), QStringLiteral("started"));
        const qint64 afterCall = t.nsecsElapsed();
        const auto recorded = journal.recordToolOutput(run.id, callId, result);
        const qint64 end = t.nsecsElapsed();
        for (const Result<void> *r : {&appended, &called, &recorded}) {
            if (!*r) {
                out() << "step " << step << ": " << r->error().toString() << '\n';
                return 1;
            }
        }
        appendMs.append(afterAppend / 1e6);
        callMs.append((afterCall - afterAppend) / 1e6);
        outputMs.append((end - afterCall) / 1e6);
        stepMs.append(end / 1e6);
    }
    row(QStringLiteral("appendItems (3 items)"), stats(appendMs));
    row(QStringLiteral("recordToolCall"), stats(callMs));
    row(QStringLiteral("recordToolOutput (2 kB)"), stats(outputMs));
    const Stats total = stats(stepMs);
    row(QStringLiteral("step total"), total);
    out() << QStringLiteral("target: step < 2 ms (median %1, p90 %2); journal size %3 kB; load average at end: %4\n")
                 .arg(total.median < 2 ? QStringLiteral("met") : QStringLiteral("NOT met"))
                 .arg(total.p90 < 2 ? QStringLiteral("met") : QStringLiteral("NOT met"))
                 .arg((QFileInfo(path).size() + QFileInfo(path + QStringLiteral("-wal")).size()) / 1024)
                 .arg(loadAverage());
    return 0;
}
