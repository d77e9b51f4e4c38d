// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// RunJournal's review side (schema version 2): change sets with their files, content-addressed
// blobs for the exact before/after bytes, hunk decisions and reverts; and the migration from
// version 1.
#include "sandcastle/core/journal/runjournal.h"

#include <QCryptographicHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace Sandcastle::Core {

namespace {

const char *const kSchemaV2[] = {
    "CREATE TABLE blobs(hash TEXT PRIMARY KEY, size INTEGER NOT NULL, data BLOB NOT NULL)",
    "CREATE TABLE change_sets(id TEXT PRIMARY KEY, run_id TEXT NOT NULL, call_id TEXT NOT NULL, "
    "turn INTEGER NOT NULL, source TEXT NOT NULL, status TEXT NOT NULL, comment TEXT NOT NULL DEFAULT '', "
    "created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
    "CREATE INDEX change_sets_run ON change_sets(run_id, created_at)",
    "CREATE TABLE change_files(change_set_id TEXT NOT NULL REFERENCES change_sets(id), file_index INTEGER NOT NULL, "
    "kind TEXT NOT NULL, path TEXT NOT NULL, source_path TEXT NOT NULL DEFAULT '', before_hash TEXT NOT NULL, "
    "after_hash TEXT NOT NULL, existed INTEGER NOT NULL, mode INTEGER NOT NULL, written TEXT NOT NULL DEFAULT "
    "'proposed', written_hash TEXT, PRIMARY KEY(change_set_id, file_index))",
    "CREATE TABLE hunk_decisions(change_set_id TEXT NOT NULL REFERENCES change_sets(id), file_index INTEGER NOT "
    "NULL, hunk_index INTEGER NOT NULL, decision TEXT NOT NULL, replacement_hash TEXT, "
    "PRIMARY KEY(change_set_id, file_index, hunk_index))",
    "CREATE TABLE reverts(id TEXT PRIMARY KEY, change_set_id TEXT NOT NULL REFERENCES change_sets(id), "
    "file_index INTEGER NOT NULL, hunk_index INTEGER NOT NULL, status TEXT NOT NULL, detail TEXT NOT NULL, "
    "created_at TEXT NOT NULL)",
};

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

QString hashOf(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

// Commits on success, rolls back otherwise (so every early return leaves no open transaction).
class Transaction
{
public:
    explicit Transaction(const QString &connection)
        : m_db(QSqlDatabase::database(connection, false))
    {
        m_db.transaction();
    }
    ~Transaction()
    {
        if (!m_done) {
            m_db.rollback();
        }
    }
    bool commit()
    {
        m_done = m_db.commit();
        return m_done;
    }
    [[nodiscard]] QString error() const { return m_db.lastError().text(); }

private:
    QSqlDatabase m_db;
    bool m_done = false;
};

} // namespace

Result<void> RunJournal::migrate(int fromVersion)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (fromVersion < 2) {
        Transaction tx(m_connection);
        for (const char *statement : kSchemaV2) {
            if (auto ok = exec(QString::fromLatin1(statement)); !ok) {
                return std::unexpected(
                    sqlError(QStringLiteral("cannot migrate the journal to schema version 2"), ok.error().message));
            }
        }
        if (auto ok = exec(QStringLiteral("UPDATE meta SET value = '2' WHERE key = 'schema_version'")); !ok) {
            return ok;
        }
        if (!tx.commit()) {
            return std::unexpected(sqlError(QStringLiteral("cannot migrate the journal"), tx.error()));
        }
    }
    return fromVersion < 3 ? migrateEvents() : Result<void>();
}

Result<QString> RunJournal::storeBlob(const QByteArray &data)
{
    const QString hash = hashOf(data);
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("INSERT OR IGNORE INTO blobs(hash, size, data) VALUES (?, ?, ?)"));
    q.addBindValue(hash);
    q.addBindValue(data.size());
    q.addBindValue(data.isNull() ? QByteArray("") : data);
    if (!q.exec()) {
        return std::unexpected(sqlError(QStringLiteral("cannot write"), q.lastError().text()));
    }
    return hash;
}

Result<QByteArray> RunJournal::loadBlob(const QString &hash) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT data FROM blobs WHERE hash = ?"));
    q.addBindValue(hash);
    if (!q.exec()) {
        return std::unexpected(sqlError(QStringLiteral("cannot read"), q.lastError().text()));
    }
    if (!q.next()) {
        return std::unexpected(
            Error{ErrorCode::InvalidInput, QStringLiteral("%1: blob %2 is missing").arg(m_path, hash), m_path});
    }
    QByteArray data = q.value(0).toByteArray();
    if (hashOf(data) != hash) {
        return std::unexpected(Error{ErrorCode::InvalidInput,
                                     QStringLiteral("%1: blob %2 does not match its hash").arg(m_path, hash), m_path});
    }
    return data;
}

Result<void> RunJournal::recordChangeSet(const ChangeSet &set)
{
    Transaction tx(m_connection);
    const QString t = set.createdAt.isValid() ? set.createdAt.toString(Qt::ISODateWithMs) : now();
    if (!set.callId.isEmpty()) {
        if (auto ok = exec(QStringLiteral("UPDATE change_sets SET status = 'superseded', updated_at = ? "
                                          "WHERE run_id = ? AND call_id = ? AND status = 'pending'"),
                           {now(), set.runId, set.callId});
            !ok) {
            return ok;
        }
    }
    if (auto ok = exec(
            QStringLiteral("INSERT INTO change_sets(id, run_id, call_id, turn, source, status, comment, "
                           "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {set.id, set.runId, set.callId, set.turn, set.source, changeSetStatusName(set.status), set.comment, t, t});
        !ok) {
        return ok;
    }
    for (const ChangeSetFile &f : set.files) {
        const auto before = storeBlob(f.change.before);
        const auto after = before ? storeBlob(f.change.after) : before;
        if (!after) {
            return std::unexpected(after.error());
        }
        if (auto ok = exec(QStringLiteral("INSERT INTO change_files(change_set_id, file_index, kind, path, "
                                          "source_path, before_hash, after_hash, existed, mode) "
                                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                           {set.id, f.index, changeKindName(f.change.kind), f.change.path, f.change.sourcePath, *before,
                            *after, f.origin.existed ? 1 : 0, int(f.origin.permissions.toInt())});
            !ok) {
            return ok;
        }
    }
    if (!tx.commit()) {
        return std::unexpected(sqlError(QStringLiteral("cannot commit"), tx.error()));
    }
    return {};
}

Result<void> RunJournal::decideChangeSet(const ChangeSet &set, const QList<HunkDecision> &decisions)
{
    Transaction tx(m_connection);
    if (auto ok = exec(QStringLiteral("UPDATE change_sets SET status = ?, comment = ?, updated_at = ? WHERE id = ?"),
                       {changeSetStatusName(set.status), set.comment, now(), set.id});
        !ok) {
        return ok;
    }
    for (const HunkDecision &d : decisions) {
        QVariant replacement;
        const QString decision = !d.accepted     ? QStringLiteral("rejected")
                                 : d.replacement ? QStringLiteral("edited")
                                                 : QStringLiteral("accepted");
        if (d.accepted && d.replacement) {
            const auto hash = storeBlob(*d.replacement);
            if (!hash) {
                return std::unexpected(hash.error());
            }
            replacement = *hash;
        }
        if (auto ok = exec(QStringLiteral("INSERT OR REPLACE INTO hunk_decisions(change_set_id, file_index, "
                                          "hunk_index, decision, replacement_hash) VALUES (?, ?, ?, ?, ?)"),
                           {set.id, d.file, d.hunk, decision, replacement});
            !ok) {
            return ok;
        }
    }
    for (const ChangeSetFile &f : set.files) {
        QString written = f.writtenNothing ? QStringLiteral("nothing")
                          : f.written      ? QStringLiteral("content")
                                           : QStringLiteral("proposed");
        QVariant hash;
        if (f.written && !f.writtenNothing) {
            const auto stored = storeBlob(*f.written);
            if (!stored) {
                return std::unexpected(stored.error());
            }
            hash = *stored;
        }
        if (auto ok = exec(QStringLiteral("UPDATE change_files SET written = ?, written_hash = ? "
                                          "WHERE change_set_id = ? AND file_index = ?"),
                           {written, hash, set.id, f.index});
            !ok) {
            return ok;
        }
    }
    if (!tx.commit()) {
        return std::unexpected(sqlError(QStringLiteral("cannot commit"), tx.error()));
    }
    return {};
}

Result<QList<ChangeSet>> RunJournal::changeSets(const QString &runId) const
{
    if (runId.isEmpty()) {
        return loadChangeSets(QStringLiteral("1"), {});
    }
    return loadChangeSets(QStringLiteral("run_id = ?"), {runId});
}

Result<QList<ChangeSet>> RunJournal::loadChangeSets(const QString &condition, const QVariantList &values) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT id, run_id, call_id, turn, source, status, comment, created_at FROM change_sets "
                             "WHERE %1 ORDER BY created_at, rowid")
                  .arg(condition));
    for (const QVariant &v : values) {
        q.addBindValue(v);
    }
    if (!q.exec()) {
        return std::unexpected(sqlError(QStringLiteral("cannot read"), q.lastError().text()));
    }
    QList<ChangeSet> sets;
    while (q.next()) {
        ChangeSet set;
        set.id = q.value(0).toString();
        set.runId = q.value(1).toString();
        set.callId = q.value(2).toString();
        set.turn = q.value(3).toInt();
        set.source = q.value(4).toString();
        const auto status = changeSetStatusFromName(q.value(5).toString());
        if (!status) {
            return std::unexpected(Error{
                ErrorCode::InvalidInput,
                QStringLiteral("%1: change set %2: unknown status \"%3\"").arg(m_path, set.id, q.value(5).toString()),
                m_path});
        }
        set.status = *status;
        set.comment = q.value(6).toString();
        set.createdAt = QDateTime::fromString(q.value(7).toString(), Qt::ISODateWithMs);
        sets.append(set);
    }
    for (ChangeSet &set : sets) {
        q.prepare(
            QStringLiteral("SELECT file_index, kind, path, source_path, before_hash, after_hash, existed, mode, "
                           "written, written_hash FROM change_files WHERE change_set_id = ? ORDER BY file_index"));
        q.addBindValue(set.id);
        if (!q.exec()) {
            return std::unexpected(sqlError(QStringLiteral("cannot read"), q.lastError().text()));
        }
        while (q.next()) {
            ChangeSetFile f;
            f.index = q.value(0).toInt();
            const auto kind = changeKindFromName(q.value(1).toString());
            if (!kind || f.index != set.files.size()) {
                return std::unexpected(Error{
                    ErrorCode::InvalidInput,
                    QStringLiteral("%1: change set %2 file %3: bad kind or index").arg(m_path, set.id).arg(f.index),
                    m_path});
            }
            f.change.kind = *kind;
            f.change.path = q.value(2).toString();
            f.change.sourcePath = q.value(3).toString();
            const auto before = loadBlob(q.value(4).toString());
            const auto after = before ? loadBlob(q.value(5).toString()) : before;
            if (!after) {
                return std::unexpected(after.error());
            }
            f.change.before = *before;
            f.change.after = *after;
            f.origin.existed = q.value(6).toInt() != 0;
            f.origin.permissions = QFile::Permissions::fromInt(q.value(7).toInt());
            const QString written = q.value(8).toString();
            f.writtenNothing = written == QLatin1String("nothing");
            if (written == QLatin1String("content")) {
                const auto bytes = loadBlob(q.value(9).toString());
                if (!bytes) {
                    return std::unexpected(bytes.error());
                }
                f.written = *bytes;
            }
            f.diff = TextDiffer::diff(f.change.before, f.change.after);
            set.files.append(std::move(f));
        }
    }
    return sets;
}

Result<ChangeSet> RunJournal::changeSet(const QString &idOrPrefix) const
{
    const auto all = loadChangeSets(QStringLiteral("id = ? OR (length(?) >= 4 AND substr(id, 1, length(?)) = ?)"),
                                    {idOrPrefix, idOrPrefix, idOrPrefix, idOrPrefix});
    if (!all) {
        return std::unexpected(all.error());
    }
    QList<ChangeSet> matches;
    for (const ChangeSet &set : *all) {
        if (set.id == idOrPrefix) {
            return set;
        }
        if (idOrPrefix.size() >= 4 && set.id.startsWith(idOrPrefix)) {
            matches.append(set);
        }
    }
    if (matches.size() == 1) {
        return matches.first();
    }
    return std::unexpected(Error{ErrorCode::NotFound,
                                 matches.isEmpty()
                                     ? QStringLiteral("%1: no change set with id %2").arg(m_path, idOrPrefix)
                                     : QStringLiteral("%1: %2 change sets start with %3; give more of the id")
                                           .arg(m_path)
                                           .arg(matches.size())
                                           .arg(idOrPrefix),
                                 m_path});
}

Result<QList<HunkDecision>> RunJournal::hunkDecisions(const QString &changeSetId) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT file_index, hunk_index, decision, replacement_hash FROM hunk_decisions "
                             "WHERE change_set_id = ? ORDER BY file_index, hunk_index"));
    q.addBindValue(changeSetId);
    if (!q.exec()) {
        return std::unexpected(sqlError(QStringLiteral("cannot read"), q.lastError().text()));
    }
    QList<HunkDecision> out;
    while (q.next()) {
        HunkDecision d{q.value(0).toInt(), q.value(1).toInt(), q.value(2).toString() != QLatin1String("rejected"), {}};
        if (!q.value(3).isNull()) {
            const auto bytes = loadBlob(q.value(3).toString());
            if (!bytes) {
                return std::unexpected(bytes.error());
            }
            d.replacement = *bytes;
        }
        out.append(d);
    }
    return out;
}

Result<void> RunJournal::recordRevert(const JournalRevert &revert)
{
    return exec(QStringLiteral("INSERT INTO reverts(id, change_set_id, file_index, hunk_index, status, detail, "
                               "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                {revert.id.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : revert.id,
                 revert.changeSetId, revert.file, revert.hunk, revert.status, revert.detail, now()});
}

Result<QList<JournalRevert>> RunJournal::reverts(const QString &changeSetId) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT id, change_set_id, file_index, hunk_index, status, detail, created_at FROM "
                             "reverts WHERE change_set_id = ? ORDER BY created_at, rowid"));
    q.addBindValue(changeSetId);
    if (!q.exec()) {
        return std::unexpected(sqlError(QStringLiteral("cannot read"), q.lastError().text()));
    }
    QList<JournalRevert> out;
    while (q.next()) {
        out.append(JournalRevert{q.value(0).toString(), q.value(1).toString(), q.value(2).toInt(), q.value(3).toInt(),
                                 q.value(4).toString(), q.value(5).toString(),
                                 QDateTime::fromString(q.value(6).toString(), Qt::ISODateWithMs)});
    }
    return out;
}

} // namespace Sandcastle::Core
