// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The recorded demo transcript (docs/FORMATS.md "Recorded demo transcript"): loading and matching
// a request to its recorded step.
#include "sandcastle/core/model/demoreplay.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>

namespace Sandcastle::Core {

namespace {

std::unexpected<Error> bad(const QString &file, const QString &pointer, const QString &what)
{
    return fail(ErrorCode::InvalidInput, QStringLiteral("%1: %2: %3").arg(file, pointer, what));
}

Result<QStringList> stringList(const QJsonObject &o, const char *key, const QString &file, const QString &pointer)
{
    const QJsonValue v = o.value(QLatin1String(key));
    QStringList out;
    if (v.isUndefined()) {
        return out;
    }
    if (!v.isArray()) {
        return bad(file, pointer + QLatin1Char('/') + QLatin1String(key),
                   QStringLiteral("expected an array of strings"));
    }
    const QJsonArray a = v.toArray();
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (!a.at(i).isString() || a.at(i).toString().isEmpty()) {
            return bad(file, QStringLiteral("%1/%2/%3").arg(pointer, QLatin1String(key)).arg(i),
                       QStringLiteral("expected a non-empty string"));
        }
        out.append(a.at(i).toString());
    }
    return out;
}

Result<QByteArray> readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return fail(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
    }
    return f.readAll();
}

Result<DemoTranscript::Step> parseStep(const QJsonValue &value, const QString &file, const QString &pointer)
{
    static const QSet<QString> known{QStringLiteral("sse"), QStringLiteral("expect_outputs"),
                                     QStringLiteral("expect_tools"), QStringLiteral("memory_phase"),
                                     QStringLiteral("comment")};
    if (!value.isObject()) {
        return bad(file, pointer, QStringLiteral("expected an object"));
    }
    const QJsonObject o = value.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!known.contains(it.key())) {
            return bad(
                file, pointer + QLatin1Char('/') + it.key(),
                QStringLiteral("unknown key (expected sse, expect_outputs, expect_tools, memory_phase, comment)"));
        }
    }
    DemoTranscript::Step step;
    step.file = o.value(QLatin1String("sse")).toString();
    if (step.file.isEmpty() || step.file.contains(QLatin1Char('/'))) {
        return bad(file, pointer + QStringLiteral("/sse"),
                   QStringLiteral("expected the name of a .sse file next to it"));
    }
    Result<QByteArray> sse = readAll(QFileInfo(file).absolutePath() + QLatin1Char('/') + step.file);
    if (!sse) {
        return bad(file, pointer + QStringLiteral("/sse"), sse.error().message);
    }
    if (!sse->contains("response.completed")) {
        return bad(
            file, pointer + QStringLiteral("/sse"),
            QStringLiteral("%1 is not a complete Responses stream (no response.completed event)").arg(step.file));
    }
    step.sse = std::move(*sse);
    Result<QStringList> outputs = stringList(o, "expect_outputs", file, pointer);
    Result<QStringList> tools = stringList(o, "expect_tools", file, pointer);
    if (!outputs) {
        return std::unexpected(outputs.error());
    }
    if (!tools) {
        return std::unexpected(tools.error());
    }
    step.expectedOutputs = *outputs;
    step.expectedTools = *tools;
    const QJsonValue phase = o.value(QLatin1String("memory_phase"));
    if (!phase.isUndefined() && phase != QLatin1String("extraction") && phase != QLatin1String("consolidation")) {
        return bad(file, pointer + QStringLiteral("/memory_phase"),
                   QStringLiteral("expected extraction or consolidation"));
    }
    step.memoryPhase = phase.toString();
    return step;
}

bool isMessage(const QJsonObject &item)
{
    const QString type = item.value(QLatin1String("type")).toString();
    const QString role = item.value(QLatin1String("role")).toString();
    return (type.isEmpty() || type == QLatin1String("message")) && role != QLatin1String("assistant");
}

/// The text of a message item: a string, or the concatenated text parts.
QString messageText(const QJsonObject &item)
{
    const QJsonValue content = item.value(QLatin1String("content"));
    if (content.isString()) {
        return content.toString();
    }
    QString text;
    for (const QJsonValue &part : content.toArray()) {
        text += part.toObject().value(QLatin1String("text")).toString();
    }
    return text;
}

/// How the memory consolidation run's task begins (the first sentence of its prompt): what tells
/// that run from a new conversation the user starts while the recording waits for it.
QString consolidationOpening()
{
    static const QString opening = [] {
        QFile f(QStringLiteral(":/prompts/memory_phase_two.md"));
        const QString text = f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
        const qsizetype end = text.indexOf(QLatin1Char('.'));
        return end > 0 ? text.left(end + 1) : text;
    }();
    return opening;
}

QString toolName(const QJsonObject &tool)
{
    const QString name = tool.value(QLatin1String("name")).toString();
    return name.isEmpty() ? tool.value(QLatin1String("type")).toString() : name;
}

} // namespace

Result<DemoTranscript> DemoTranscript::load(const QString &transcriptFile)
{
    Result<QByteArray> bytes = readAll(transcriptFile);
    if (!bytes) {
        return std::unexpected(bytes.error());
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(*bytes, &parseError);
    if (!doc.isObject()) {
        return bad(transcriptFile, QString(),
                   QStringLiteral("expected a JSON object (%1 at offset %2)")
                       .arg(parseError.errorString())
                       .arg(parseError.offset));
    }
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("version")).toInt() != 1) {
        return bad(transcriptFile, QStringLiteral("/version"), QStringLiteral("expected 1"));
    }
    DemoTranscript t;
    t.task = root.value(QLatin1String("task")).toString();
    t.model = root.value(QLatin1String("model")).toString();
    if (t.model.isEmpty()) {
        return bad(transcriptFile, QStringLiteral("/model"), QStringLiteral("expected a non-empty string"));
    }
    const QJsonArray requests = root.value(QLatin1String("requests")).toArray();
    if (requests.isEmpty()) {
        return bad(transcriptFile, QStringLiteral("/requests"), QStringLiteral("expected a non-empty array"));
    }
    for (qsizetype i = 0; i < requests.size(); ++i) {
        Result<Step> step = parseStep(requests.at(i), transcriptFile, QStringLiteral("/requests/%1").arg(i));
        if (!step) {
            return std::unexpected(step.error());
        }
        t.steps.append(std::move(*step));
    }
    return t;
}

Result<int> DemoTranscript::stepFor(const QJsonObject &request, int next) const
{
    const QJsonArray input = request.value(QLatin1String("input")).toArray();
    bool fresh = true;
    bool consolidationTask = false;
    QSet<QString> outputs;
    for (const QJsonValue &v : input) {
        const QJsonObject item = v.toObject();
        fresh = fresh && isMessage(item);
        consolidationTask = consolidationTask || (isMessage(item) && !consolidationOpening().isEmpty() &&
                                                  messageText(item).contains(consolidationOpening()));
        if (item.value(QLatin1String("type")).toString().endsWith(QLatin1String("_output"))) {
            outputs.insert(item.value(QLatin1String("call_id")).toString());
        }
    }
    const QJsonObject format =
        request.value(QLatin1String("text")).toObject().value(QLatin1String("format")).toObject();
    const bool structured = format.value(QLatin1String("type")).toString() == QLatin1String("json_schema");
    const QString phase = next < steps.size() ? steps.at(next).memoryPhase : QString();
    // A memory phase run is a new conversation that the recording continues with; any other new
    // conversation (the user's, after the run was stopped between the phases) starts from the top.
    const bool opensPhase = fresh && (structured ? phase == QLatin1String("extraction")
                                                 : phase == QLatin1String("consolidation") && consolidationTask);
    const int step = fresh && !opensPhase ? 0 : next;
    if (step >= steps.size() || (!steps.at(step).memoryPhase.isEmpty() && !opensPhase)) {
        // The recorded run's own requests are the steps before the first memory phase.
        const auto phaseStep =
            std::find_if(steps.cbegin(), steps.cend(), [](const Step &s) { return !s.memoryPhase.isEmpty(); });
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("the recorded demo ends after %1 model requests, so it cannot continue this "
                                   "conversation: start a new run, or choose a real model provider")
                        .arg(phaseStep - steps.cbegin()));
    }
    if (!request.value(QLatin1String("stream")).toBool()) {
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("the recorded demo replays streams, and request %1 did not ask for one").arg(step + 1));
    }
    if (structured && !opensPhase) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("request %1 differs from the recorded demo: it asks for structured output, which "
                                   "the recording has only for the memory extraction after the run")
                        .arg(step + 1));
    }
    const Step &s = steps.at(step);
    QSet<QString> offered;
    for (const QJsonValue &tool : request.value(QLatin1String("tools")).toArray()) {
        offered.insert(toolName(tool.toObject()));
    }
    for (const QString &tool : s.expectedTools) {
        if (!offered.contains(tool)) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("request %1 differs from the recorded demo: the recording uses the tool %2, "
                                       "which this run does not offer (turn its capability on)")
                            .arg(step + 1)
                            .arg(tool));
        }
    }
    for (const QString &callId : s.expectedOutputs) {
        if (!outputs.contains(callId)) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("request %1 differs from the recorded demo: it should carry the output of "
                                       "the recorded tool call %2, and it does not (a tool call was denied, "
                                       "stopped or answered differently)")
                            .arg(step + 1)
                            .arg(callId));
        }
    }
    return step;
}

} // namespace Sandcastle::Core
