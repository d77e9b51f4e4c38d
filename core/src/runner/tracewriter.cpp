// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/runner/tracewriter.h"

#include <QJsonDocument>
#include <QUuid>

namespace Sandcastle::Core {

namespace {
QString newId(const char *prefix, int hexChars)
{
    return QLatin1String(prefix) + QUuid::createUuid().toString(QUuid::Id128).left(hexChars);
}
} // namespace

TraceWriter::TraceWriter(QObject *parent)
    : QObject(parent)
    , m_traceId(newId("trace_", 32))
{}

Result<void> TraceWriter::open(const QString &path)
{
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        return fail(ErrorCode::Io, QStringLiteral("cannot open the trace file"),
                    path + QStringLiteral(": ") + m_file.errorString());
    }
    return {};
}

void TraceWriter::writeSpan(const OpenSpan &span, const QDateTime &ended, const QString &parentId)
{
    if (!m_file.isOpen() || span.id.isEmpty()) {
        return;
    }
    QJsonObject line{{QStringLiteral("trace_id"), m_traceId},
                     {QStringLiteral("span_id"), span.id},
                     {QStringLiteral("parent_id"), parentId.isEmpty() ? QJsonValue() : QJsonValue(parentId)},
                     {QStringLiteral("name"), span.name},
                     {QStringLiteral("started_at"), span.started.toString(Qt::ISODateWithMs)},
                     {QStringLiteral("ended_at"), ended.toString(Qt::ISODateWithMs)},
                     {QStringLiteral("duration_ms"), span.started.msecsTo(ended)},
                     {QStringLiteral("data"), span.data}};
    m_file.write(QJsonDocument(line).toJson(QJsonDocument::Compact));
    m_file.write("\n");
    m_file.flush();
}

void TraceWriter::record(const RunEvent &event)
{
    switch (event.kind) {
    case RunEvent::Kind::RunStarted:
        m_run = OpenSpan{newId("span_", 24), QStringLiteral("agent_run"), event.time,
                         QJsonObject{{QStringLiteral("run_id"), event.runId},
                                     {QStringLiteral("model"), event.data.value(QStringLiteral("model"))}}};
        break;
    case RunEvent::Kind::ModelRequest:
        m_model = OpenSpan{newId("span_", 24), QStringLiteral("model_response"), event.time,
                           QJsonObject{{QStringLiteral("turn"), event.turn},
                                       {QStringLiteral("model"), event.data.value(QStringLiteral("model"))}}};
        break;
    case RunEvent::Kind::Usage: {
        QJsonObject usage = event.data;
        usage.remove(QStringLiteral("total"));
        m_model.data.insert(QStringLiteral("usage"), usage);
        writeSpan(m_model, event.time, m_run.id);
        m_model = {};
        break;
    }
    case RunEvent::Kind::ToolCall: {
        const QString callId = event.data.value(QStringLiteral("call_id")).toString();
        m_tools.insert(callId,
                       OpenSpan{newId("span_", 24), QStringLiteral("tool_call"), event.time,
                                QJsonObject{{QStringLiteral("call_id"), callId},
                                            {QStringLiteral("name"), event.data.value(QStringLiteral("name"))},
                                            {QStringLiteral("kind"), event.data.value(QStringLiteral("kind"))}}});
        break;
    }
    case RunEvent::Kind::ToolResult: {
        const QString callId = event.data.value(QStringLiteral("call_id")).toString();
        OpenSpan span = m_tools.take(callId);
        span.data.insert(QStringLiteral("failed"), event.data.value(QStringLiteral("failed")));
        writeSpan(span, event.time, m_run.id);
        break;
    }
    case RunEvent::Kind::RunFinished:
        if (!m_model.id.isEmpty()) {
            m_model.data.insert(QStringLiteral("error"), event.data.value(QStringLiteral("error")));
            writeSpan(m_model, event.time, m_run.id);
            m_model = {};
        }
        m_run.data.insert(QStringLiteral("status"), event.data.value(QStringLiteral("status")));
        m_run.data.insert(QStringLiteral("turns"), event.data.value(QStringLiteral("turns")));
        m_run.data.insert(QStringLiteral("usage"), event.data.value(QStringLiteral("usage")));
        writeSpan(m_run, event.time, {});
        m_run = {};
        break;
    default:
        break;
    }
}

} // namespace Sandcastle::Core
