// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"
#include "sandcastle/core/review/changeset.h"
#include "sandcastle/core/runner/runevent.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace Sandcastle::Core {

/// One run as the journal knows it.
struct JournalRun
{
    QString id;
    QDateTime createdAt;
    QDateTime updatedAt;
    QString status; ///< running | done | max_turns | failed | cancelled (RunStatus names)
    QString prompt;
    QJsonObject config;       ///< how to compose the run again (AgentRun options; never secrets)
    QJsonObject sessionState; ///< the sandbox session's state (Docker: container id, ...), may be empty
    int turns = 0;
    QJsonObject usage;
    QString finalOutput;
    QString error;
};

/// A tool call recorded by the journal: `outputItem` is the input item reported to the model,
/// present once the call finished.
struct JournalToolCall
{
    QString callId;
    QString name;
    QString status; ///< started | awaiting_approval | done
    QJsonObject outputItem;
};

/// Everything needed to continue a run: its row, the conversation in order, and the tool calls of
/// the last round with their recorded results.
struct JournalRunState
{
    JournalRun run;
    QJsonArray history;
    QList<JournalToolCall> toolCalls;
};

/// One revert (ChangeReverter) of a hunk, a file or a whole change set.
struct JournalRevert
{
    QString id;
    QString changeSetId;
    int file = -1;  ///< -1: the whole change set
    int hunk = -1;  ///< -1: the whole file
    QString status; ///< reverted | conflict
    QString detail; ///< conflict: file, hunk and the lines found
    QDateTime createdAt;
};

/// The run journal (issue 5): one SQLite database per workspace, in WAL mode, holding runs,
/// conversation items, tool calls with their results, pending approvals, usage, snapshot references
/// and the sandbox session state. Each write is its own committed transaction, so whatever a step
/// wrote survives a `kill -9` of the process before the next step starts. Schema and envelope:
/// docs/FORMATS.md ("Run journal").
///
/// Opening never rewrites what is there: a file that is not a Sandcastle journal, a newer schema
/// or a damaged database is a precise error naming the file, and the file is left untouched.
/// Not thread-safe: use it from the thread that opened it.
class RunJournal
{
public:
    static constexpr int kSchemaVersion = 3;

    RunJournal();
    ~RunJournal();
    RunJournal(const RunJournal &) = delete;
    RunJournal &operator=(const RunJournal &) = delete;

    /// Opens `path`, creating the database (and its folder) when the file does not exist.
    [[nodiscard]] Result<void> open(const QString &path);
    /// Opens an existing journal without creating anything (resume, inspection).
    [[nodiscard]] Result<void> openExisting(const QString &path);
    void close();
    [[nodiscard]] bool isOpen() const;
    [[nodiscard]] QString path() const { return m_path; }

    [[nodiscard]] Result<void> beginRun(const JournalRun &run);
    [[nodiscard]] Result<void> appendItems(const QString &runId, const QJsonArray &items);
    [[nodiscard]] Result<void> recordToolCall(const QString &runId, const QString &callId, const QString &name,
                                              const QString &status);
    [[nodiscard]] Result<void> recordToolOutput(const QString &runId, const QString &callId,
                                                const QJsonObject &outputItem);
    [[nodiscard]] Result<void> updateProgress(const QString &runId, int turns, const QJsonObject &usage);
    [[nodiscard]] Result<void> finishRun(const QString &runId, const QString &status, const QString &finalOutput,
                                         const QString &error);
    [[nodiscard]] Result<void> setSessionState(const QString &runId, const QJsonObject &state);
    [[nodiscard]] Result<void> recordSnapshot(const QString &runId, int turn, const QString &snapshotId);

    /// Stores a change set with its files; before/after (and written) contents go to the
    /// content-addressed `blobs` table (sha256, each content once). A pending change set of the same
    /// run and call id becomes `superseded`. One transaction.
    [[nodiscard]] Result<void> recordChangeSet(const ChangeSet &set);
    /// The review's outcome: status, comment, per-hunk decisions (stored as accepted, rejected or
    /// edited with the replacement's blob), and the files' `written` /
    /// `writtenNothing` (ChangeSetFile) from `set`.
    [[nodiscard]] Result<void> decideChangeSet(const ChangeSet &set, const QList<HunkDecision> &decisions);
    /// Change sets of a run (all runs when `runId` is empty), oldest first, with their files and
    /// computed diffs.
    [[nodiscard]] Result<QList<ChangeSet>> changeSets(const QString &runId = {}) const;
    /// One change set by id, or by a unique prefix of at least 4 characters; NotFound otherwise.
    [[nodiscard]] Result<ChangeSet> changeSet(const QString &idOrPrefix) const;
    [[nodiscard]] Result<QList<HunkDecision>> hunkDecisions(const QString &changeSetId) const;
    [[nodiscard]] Result<void> recordRevert(const JournalRevert &revert);
    [[nodiscard]] Result<QList<JournalRevert>> reverts(const QString &changeSetId) const;

    /// Keeps a run event that no other table holds (schema version 3, table `events`): capability
    /// issues (RunEvent::Kind::CapabilityIssue). Numbered per run in the order recorded.
    [[nodiscard]] Result<void> recordEvent(const RunEvent &event);
    /// The events recordEvent() kept for `runId`, oldest first.
    [[nodiscard]] Result<QList<RunEvent>> events(const QString &runId) const;

    /// The most recently created run; NotFound when the journal has none.
    [[nodiscard]] Result<QString> lastRunId() const;
    [[nodiscard]] Result<JournalRunState> loadRun(const QString &runId) const;
    [[nodiscard]] Result<QList<JournalRun>> runs() const;
    /// Snapshot ids of a run, oldest first.
    [[nodiscard]] Result<QStringList> snapshots(const QString &runId) const;

    /// The default journal of a workspace: <app data>/journals/<workspaceKey()>.sqlite.
    [[nodiscard]] static QString defaultPathFor(const QString &workspaceDir);
    /// The first 16 hex digits of sha256(absolute workspace path): names per-workspace data.
    [[nodiscard]] static QString workspaceKey(const QString &workspaceDir);

private:
    [[nodiscard]] Result<void> openImpl(const QString &path, bool create);
    [[nodiscard]] Result<void> prepare(bool create);
    [[nodiscard]] Result<void> exec(const QString &sql, const QVariantList &values = {}) const;
    [[nodiscard]] Error sqlError(const QString &what, const QString &detail) const;
    [[nodiscard]] Result<QString> storeBlob(const QByteArray &data);
    [[nodiscard]] Result<QByteArray> loadBlob(const QString &hash) const;
    [[nodiscard]] Result<void> migrate(int fromVersion);
    /// Version 2 to 3: the `events` table.
    [[nodiscard]] Result<void> migrateEvents();
    /// Change sets matching the SQL condition on `change_sets` (bound to `values`), with files.
    [[nodiscard]] Result<QList<ChangeSet>> loadChangeSets(const QString &condition, const QVariantList &values) const;

    QString m_connection;
    QString m_path;
    qint64 m_seq = 0;
};

} // namespace Sandcastle::Core
