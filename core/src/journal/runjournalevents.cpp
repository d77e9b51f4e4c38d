// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// RunJournal's `events` table (schema version 3): run events no other table holds, such as the
// capability issues of the memory and skills capabilities; and the migration from version 2.
#include "sandcastle/core/journal/runjournal.h"

#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace Sandcastle::Core {

Result<void> RunJournal::migrateEvents()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    for (const QString &statement :
         {QStringLiteral("CREATE TABLE events(run_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, "
                         "turn INTEGER NOT NULL, data TEXT NOT NULL, created_at TEXT NOT NULL, "
                         "PRIMARY KEY(run_id, seq))"),
          QStringLiteral("UPDATE meta SET value = '3' WHERE key = 'schema_version'")}) {
        if (const Result<void> ok = exec(statement); !ok) {
            db.rollback();
            return std::unexpected(
                sqlError(QStringLiteral("cannot migrate the journal to schema version 3"), ok.error().message));
        }
    }
    if (!db.commit()) {
        return std::unexpected(sqlError(QStringLiteral("cannot migrate the journal"), db.lastError().text()));
    }
    return {};
}

Result<void> RunJournal::recordEvent(const RunEvent &event)
{
    const QDateTime time = event.time.isValid() ? event.time : QDateTime::currentDateTimeUtc();
    return exec(QStringLiteral("INSERT INTO events(run_id, seq, type, turn, data, created_at) "
                               "SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ? FROM events WHERE run_id = ?"),
                {event.runId, RunEvent::kindName(event.kind), event.turn,
                 QString::fromUtf8(QJsonDocument(event.data).toJson(QJsonDocument::Compact)),
                 time.toUTC().toString(Qt::ISODateWithMs), event.runId});
}

Result<QList<RunEvent>> RunJournal::events(const QString &runId) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT seq, type, turn, data, created_at FROM events WHERE run_id = ? ORDER BY seq"));
    q.addBindValue(runId);
    if (!q.exec()) {
        return std::unexpected(sqlError(QStringLiteral("cannot read"), q.lastError().text()));
    }
    QList<RunEvent> events;
    while (q.next()) {
        const QString type = q.value(1).toString();
        const std::optional<RunEvent::Kind> kind = RunEvent::kindFromName(type);
        QJsonParseError error;
        const QJsonDocument data = QJsonDocument::fromJson(q.value(3).toString().toUtf8(), &error);
        if (!kind || error.error != QJsonParseError::NoError || !data.isObject()) {
            return std::unexpected(Error{ErrorCode::InvalidInput,
                                         QStringLiteral("%1: events row %2 of run %3: expected a known type and a "
                                                        "JSON object (type \"%4\")")
                                             .arg(m_path)
                                             .arg(q.value(0).toLongLong())
                                             .arg(runId, type),
                                         m_path});
        }
        RunEvent event;
        event.kind = *kind;
        event.runId = runId;
        event.turn = q.value(2).toInt();
        event.data = data.object();
        event.time = QDateTime::fromString(q.value(4).toString(), Qt::ISODateWithMs);
        events.append(event);
    }
    return events;
}

} // namespace Sandcastle::Core
