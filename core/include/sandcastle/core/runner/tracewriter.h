// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"
#include "sandcastle/core/runner/runevent.h"

#include <QFile>
#include <QHash>
#include <QJsonObject>
#include <QObject>

namespace Sandcastle::Core {

/// Turns a run's events into tracing spans and appends each finished span as one JSON line
/// (format: docs/FORMATS.md, "Trace spans"): one `agent_run` span per run, a `model_response`
/// span per turn carrying that turn's token usage, and a `tool_call` span per tool call.
/// Lives on the runner's thread; writes are flushed per span so a crash loses at most one line.
class TraceWriter : public QObject
{
    Q_OBJECT
public:
    explicit TraceWriter(QObject *parent = nullptr);

    /// Opens (appends to) `path`. Fails with Io when the file cannot be opened.
    [[nodiscard]] Result<void> open(const QString &path);
    /// Feeds one event; connect Runner::eventEmitted here.
    void record(const Sandcastle::Core::RunEvent &event);
    [[nodiscard]] QString traceId() const { return m_traceId; }

private:
    struct OpenSpan
    {
        QString id;
        QString name;
        QDateTime started;
        QJsonObject data;
    };
    void writeSpan(const OpenSpan &span, const QDateTime &ended, const QString &parentId);

    QFile m_file;
    QString m_traceId;
    OpenSpan m_run;
    OpenSpan m_model;
    QHash<QString, OpenSpan> m_tools;
};

} // namespace Sandcastle::Core
