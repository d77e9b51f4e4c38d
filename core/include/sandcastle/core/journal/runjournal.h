// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

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
    static constexpr int kSchemaVersion = 1;

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

    QString m_connection;
    QString m_path;
    qint64 m_seq = 0;
};

} // namespace Sandcastle::Core
