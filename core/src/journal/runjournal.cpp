// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/journal/runjournal.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>

namespace Sandcastle::Core {

namespace {

/// Page cache of one journal connection, in KiB (PRAGMA cache_size takes it negative). SQLite's
/// default (2000 KiB) fills as the file grows: the quick_check at open reads every page, so each
/// open journal held about as much memory as the journal file is big, which grew with every run
/// (bench_demoruns). Writes append and reads fetch one run, for which a small cache is enough.
constexpr int kCacheKib = 256;

const char *const kSchema[] = {
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE runs(id TEXT PRIMARY KEY, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, "
    "status TEXT NOT NULL, prompt TEXT NOT NULL, config TEXT NOT NULL, session_state TEXT NOT NULL DEFAULT '{}', "
    "turns INTEGER NOT NULL DEFAULT 0, usage TEXT NOT NULL DEFAULT '{}', final_output TEXT NOT NULL DEFAULT '', "
    "error TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE items(run_id TEXT NOT NULL REFERENCES runs(id), seq INTEGER NOT NULL, item TEXT NOT NULL, "
    "created_at TEXT NOT NULL, PRIMARY KEY(run_id, seq))",
    "CREATE TABLE tool_calls(run_id TEXT NOT NULL REFERENCES runs(id), call_id TEXT NOT NULL, name TEXT NOT NULL, "
    "status TEXT NOT NULL, output_item TEXT, updated_at TEXT NOT NULL, PRIMARY KEY(run_id, call_id))",
    "CREATE TABLE snapshots(run_id TEXT NOT NULL REFERENCES runs(id), turn INTEGER NOT NULL, "
    "snapshot_id TEXT NOT NULL, created_at TEXT NOT NULL)",
};

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

/// Parses a stored JSON object; `what` names it in the error.
Result<QJsonObject> parseObject(const QString &text, const QString &path, const QString &what)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        return std::unexpected(Error{
            ErrorCode::InvalidInput,
            QStringLiteral("%1: %2 is not a JSON object (%3)")
                .arg(path, what,
                     error.error != QJsonParseError::NoError ? error.errorString() : QStringLiteral("other JSON")),
            path});
    }
    return doc.object();
}

} // namespace

RunJournal::RunJournal()
    : m_connection(QStringLiteral("sandcastle-journal-") + QUuid::createUuid().toString(QUuid::Id128))
{}

RunJournal::~RunJournal()
{
    close();
}

void RunJournal::close()
{
    if (QSqlDatabase::contains(m_connection)) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
    }
    m_path.clear();
}

bool RunJournal::isOpen() const
{
    return QSqlDatabase::contains(m_connection) && QSqlDatabase::database(m_connection, false).isOpen();
}

Result<void> RunJournal::open(const QString &path)
{
    return openImpl(path, true);
}

Result<void> RunJournal::openExisting(const QString &path)
{
    return openImpl(path, false);
}

Error RunJournal::sqlError(const QString &what, const QString &detail) const
{
    return Error{ErrorCode::Io, QStringLiteral("%1: %2: %3").arg(m_path, what, detail), m_path};
}

Result<void> RunJournal::exec(const QString &sql, const QVariantList &values) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.prepare(sql)) {
        return std::unexpected(sqlError(QStringLiteral("cannot prepare a statement"), q.lastError().text()));
    }
    for (const QVariant &v : values) {
        // An empty QString is a null QVariant to the driver: store text columns as ''.
        q.addBindValue(v.typeId() == QMetaType::QString && v.toString().isNull() ? QVariant(QStringLiteral("")) : v);
    }
    if (!q.exec()) {
        return std::unexpected(sqlError(QStringLiteral("cannot write"), q.lastError().text()));
    }
    return {};
}

Result<void> RunJournal::openImpl(const QString &path, bool create)
{
    close();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    const auto bad = [&](const QString &why) -> Result<void> {
        return std::unexpected(Error{ErrorCode::InvalidInput, QStringLiteral("%1: %2").arg(absolute, why), absolute});
    };
    const QFileInfo info(absolute);
    if (!info.exists()) {
        if (!create) {
            return std::unexpected(
                Error{ErrorCode::NotFound, QStringLiteral("%1: no such journal").arg(absolute), absolute});
        }
        if (!QDir().mkpath(info.absolutePath())) {
            return std::unexpected(
                Error{ErrorCode::Io, QStringLiteral("%1: cannot create its folder").arg(absolute), absolute});
        }
    } else {
        QFile f(absolute);
        if (!info.isFile() || !f.open(QIODevice::ReadOnly)) {
            return bad(QStringLiteral("cannot read the journal file"));
        }
        const QByteArray header = f.read(16);
        if (!header.isEmpty() && header != QByteArray("SQLite format 3\0", 16)) {
            return bad(QStringLiteral("not a Sandcastle journal (the file is not an SQLite database)"));
        }
        if (header.isEmpty() && !create) {
            return bad(QStringLiteral("the journal is empty (0 bytes): it holds no run"));
        }
    }

    m_path = absolute;
    Result<void> ready = prepare(create);
    if (!ready) {
        close(); // no QSqlDatabase or QSqlQuery of this connection is alive here
    }
    return ready;
}

Result<void> RunJournal::prepare(bool create)
{
    const QString absolute = m_path;
    const auto bad = [&](const QString &why) -> Result<void> {
        return std::unexpected(Error{ErrorCode::InvalidInput, QStringLiteral("%1: %2").arg(absolute, why), absolute});
    };
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(absolute);
    if (!db.open()) {
        return std::unexpected(sqlError(QStringLiteral("cannot open"), db.lastError().text()));
    }
    QSqlQuery q(db);
    q.exec(QStringLiteral("PRAGMA cache_size=-%1").arg(kCacheKib)); // before the check reads every page
    // Integrity first: a damaged file is reported, never "repaired" by writing to it.
    if (!q.exec(QStringLiteral("PRAGMA quick_check(1)")) || !q.next() || q.value(0).toString() != QLatin1String("ok")) {
        const QString why = q.lastError().isValid() ? q.lastError().text() : q.value(0).toString();
        return bad(QStringLiteral("the journal database is damaged (%1)").arg(why));
    }
    QStringList tables;
    if (q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"))) {
        while (q.next()) {
            tables << q.value(0).toString();
        }
    }
    if (!tables.isEmpty() && !tables.contains(QStringLiteral("meta"))) {
        return bad(QStringLiteral("not a Sandcastle journal (tables: %1)").arg(tables.join(QStringLiteral(", "))));
    }
    if (tables.isEmpty() && !create) {
        return bad(QStringLiteral("the journal holds no run (empty database)"));
    }
    q.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
    q.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    q.exec(QStringLiteral("PRAGMA busy_timeout=5000"));
    if (tables.isEmpty()) {
        db.transaction();
        for (const char *statement : kSchema) {
            if (!q.exec(QString::fromLatin1(statement))) {
                const Error e = sqlError(QStringLiteral("cannot create the schema"), q.lastError().text());
                db.rollback();
                return std::unexpected(e);
            }
        }
        q.prepare(
            QStringLiteral("INSERT INTO meta(key, value) VALUES ('schema_version', ?), ('application', 'sandcastle')"));
        // Version 1 first, then the same migrations an older journal goes through.
        q.addBindValue(QStringLiteral("1"));
        if (!q.exec() || !db.commit()) {
            const Error e = sqlError(QStringLiteral("cannot create the schema"), q.lastError().text());
            db.rollback();
            return std::unexpected(e);
        }
        return migrate(1);
    }
    if (!q.exec(QStringLiteral("SELECT value FROM meta WHERE key='schema_version'")) || !q.next()) {
        return bad(QStringLiteral("not a Sandcastle journal (no schema_version in meta)"));
    }
    bool ok = false;
    const int version = q.value(0).toString().toInt(&ok);
    if (!ok || version < 1) {
        return bad(QStringLiteral("schema_version \"%1\" is not a positive number").arg(q.value(0).toString()));
    }
    if (version > kSchemaVersion) {
        return bad(QStringLiteral("journal schema version %1 is newer than this Sandcastle understands (%2)")
                       .arg(version)
                       .arg(kSchemaVersion));
    }
    return version < kSchemaVersion ? migrate(version) : Result<void>();
}

Result<void> RunJournal::beginRun(const JournalRun &run)
{
    const QString t = now();
    return exec(QStringLiteral("INSERT INTO runs(id, created_at, updated_at, status, prompt, config, session_state) "
                               "VALUES (?, ?, ?, 'running', ?, ?, ?)"),
                {run.id, t, t, run.prompt, compact(run.config), compact(run.sessionState)});
}

Result<void> RunJournal::appendItems(const QString &runId, const QJsonArray &items)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM items WHERE run_id = ?"));
    q.addBindValue(runId);
    if (!q.exec() || !q.next()) {
        return std::unexpected(sqlError(QStringLiteral("cannot read"), q.lastError().text()));
    }
    qint64 seq = q.value(0).toLongLong();
    db.transaction();
    const QString t = now();
    for (const QJsonValue &v : items) {
        if (const Result<void> ok =
                exec(QStringLiteral("INSERT INTO items(run_id, seq, item, created_at) VALUES (?, ?, ?, ?)"),
                     {runId, ++seq, compact(v.toObject()), t});
            !ok) {
            db.rollback();
            return ok;
        }
    }
    if (!db.commit()) {
        return std::unexpected(sqlError(QStringLiteral("cannot commit"), db.lastError().text()));
    }
    return {};
}

Result<void> RunJournal::recordToolCall(const QString &runId, const QString &callId, const QString &name,
                                        const QString &status)
{
    return exec(
        QStringLiteral("INSERT INTO tool_calls(run_id, call_id, name, status, updated_at) VALUES (?, ?, ?, ?, ?) "
                       "ON CONFLICT(run_id, call_id) DO UPDATE SET status = CASE WHEN tool_calls.status = 'done' "
                       "THEN 'done' ELSE excluded.status END, "
                       "updated_at = excluded.updated_at"),
        {runId, callId, name, status, now()});
}

Result<void> RunJournal::recordToolOutput(const QString &runId, const QString &callId, const QJsonObject &outputItem)
{
    return exec(QStringLiteral("UPDATE tool_calls SET status = 'done', output_item = ?, updated_at = ? "
                               "WHERE run_id = ? AND call_id = ?"),
                {compact(outputItem), now(), runId, callId});
}

Result<void> RunJournal::updateProgress(const QString &runId, int turns, const QJsonObject &usage)
{
    return exec(QStringLiteral("UPDATE runs SET turns = ?, usage = ?, updated_at = ? WHERE id = ?"),
                {turns, compact(usage), now(), runId});
}

Result<void> RunJournal::finishRun(const QString &runId, const QString &status, const QString &finalOutput,
                                   const QString &error)
{
    return exec(QStringLiteral("UPDATE runs SET status = ?, final_output = ?, error = ?, updated_at = ? WHERE id = ?"),
                {status, finalOutput, error, now(), runId});
}

Result<void> RunJournal::setSessionState(const QString &runId, const QJsonObject &state)
{
    return exec(QStringLiteral("UPDATE runs SET session_state = ?, updated_at = ? WHERE id = ?"),
                {compact(state), now(), runId});
}

Result<void> RunJournal::recordSnapshot(const QString &runId, int turn, const QString &snapshotId)
{
    return exec(QStringLiteral("INSERT INTO snapshots(run_id, turn, snapshot_id, created_at) VALUES (?, ?, ?, ?)"),
                {runId, turn, snapshotId, now()});
}

Result<QString> RunJournal::lastRunId() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("SELECT id FROM runs ORDER BY created_at DESC, rowid DESC LIMIT 1"))) {
        return std::unexpected(sqlError(QStringLiteral("cannot read"), q.lastError().text()));
    }
    if (!q.next()) {
        return std::unexpected(
            Error{ErrorCode::NotFound, QStringLiteral("%1: the journal holds no run").arg(m_path), m_path});
    }
    return q.value(0).toString();
}

Result<QList<JournalRun>> RunJournal::runs() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("SELECT id, created_at, updated_at, status, prompt, config, session_state, turns, "
                               "usage, final_output, error FROM runs ORDER BY created_at, rowid"))) {
        return std::unexpected(sqlError(QStringLiteral("cannot read"), q.lastError().text()));
    }
    QList<JournalRun> out;
    while (q.next()) {
        JournalRun r;
        r.id = q.value(0).toString();
        r.createdAt = QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs);
        r.updatedAt = QDateTime::fromString(q.value(2).toString(), Qt::ISODateWithMs);
        r.status = q.value(3).toString();
        r.prompt = q.value(4).toString();
        const QString what = QStringLiteral("run %1").arg(r.id);
        auto config = parseObject(q.value(5).toString(), m_path, what + QStringLiteral(" config"));
        auto state = parseObject(q.value(6).toString(), m_path, what + QStringLiteral(" session state"));
        auto usage = parseObject(q.value(8).toString(), m_path, what + QStringLiteral(" usage"));
        for (const auto *parsed : {&config, &state, &usage}) {
            if (!*parsed) {
                return std::unexpected(parsed->error());
            }
        }
        r.config = *config;
        r.sessionState = *state;
        r.turns = q.value(7).toInt();
        r.usage = *usage;
        r.finalOutput = q.value(9).toString();
        r.error = q.value(10).toString();
        out.append(r);
    }
    return out;
}

Result<JournalRunState> RunJournal::loadRun(const QString &runId) const
{
    const Result<QList<JournalRun>> all = runs();
    if (!all) {
        return std::unexpected(all.error());
    }
    JournalRunState state;
    bool found = false;
    for (const JournalRun &r : *all) {
        if (r.id == runId) {
            state.run = r;
            found = true;
        }
    }
    if (!found) {
        return std::unexpected(
            Error{ErrorCode::NotFound, QStringLiteral("%1: no run with id %2").arg(m_path, runId), m_path});
    }
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT seq, item FROM items WHERE run_id = ? ORDER BY seq"));
    q.addBindValue(runId);
    if (!q.exec()) {
        return std::unexpected(sqlError(QStringLiteral("cannot read"), q.lastError().text()));
    }
    qint64 expected = 1;
    while (q.next()) {
        const qint64 seq = q.value(0).toLongLong();
        if (seq != expected) {
            return std::unexpected(
                Error{ErrorCode::InvalidInput,
                      QStringLiteral("%1: run %2: conversation item %3 is missing").arg(m_path, runId).arg(expected),
                      m_path});
        }
        ++expected;
        auto item = parseObject(q.value(1).toString(), m_path, QStringLiteral("run %1 item %2").arg(runId).arg(seq));
        if (!item) {
            return std::unexpected(item.error());
        }
        state.history.append(*item);
    }
    q.prepare(QStringLiteral("SELECT call_id, name, status, output_item FROM tool_calls WHERE run_id = ? "
                             "ORDER BY updated_at, rowid"));
    q.addBindValue(runId);
    if (!q.exec()) {
        return std::unexpected(sqlError(QStringLiteral("cannot read"), q.lastError().text()));
    }
    while (q.next()) {
        JournalToolCall call;
        call.callId = q.value(0).toString();
        call.name = q.value(1).toString();
        call.status = q.value(2).toString();
        if (!q.value(3).isNull()) {
            auto item = parseObject(q.value(3).toString(), m_path,
                                    QStringLiteral("run %1 tool call %2 output").arg(runId, call.callId));
            if (!item) {
                return std::unexpected(item.error());
            }
            call.outputItem = *item;
        }
        state.toolCalls.append(call);
    }
    return state;
}

Result<QStringList> RunJournal::snapshots(const QString &runId) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT snapshot_id FROM snapshots WHERE run_id = ? ORDER BY rowid"));
    q.addBindValue(runId);
    if (!q.exec()) {
        return std::unexpected(sqlError(QStringLiteral("cannot read"), q.lastError().text()));
    }
    QStringList ids;
    while (q.next()) {
        ids << q.value(0).toString();
    }
    return ids;
}

QString RunJournal::workspaceKey(const QString &workspaceDir)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(QFileInfo(workspaceDir).absoluteFilePath().toUtf8(), QCryptographicHash::Sha256)
            .toHex()
            .left(16));
}

QString RunJournal::defaultPathFor(const QString &workspaceDir)
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/journals/") +
           workspaceKey(workspaceDir) + QStringLiteral(".sqlite");
}

} // namespace Sandcastle::Core
