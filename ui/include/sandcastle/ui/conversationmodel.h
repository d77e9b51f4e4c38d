// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/runner/runevent.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>

#include <optional>

namespace Sandcastle::Ui {

/// The conversation of the desktop app as a flat list: user messages, streamed assistant text,
/// reasoning summaries, tool calls (with their approval state and abbreviated result), usage per
/// turn, notices and the run's end with its final answer. Fed with RunEvents (addEvent()) and the
/// user's messages (addUserMessage()); text deltas grow the current row in place (dataChanged),
/// everything else appends. DisplayRole is a short line for the list; DetailRole the full text;
/// the card roles (status, exit code, result size) and ExpandedRole (reasoning and tool calls
/// start folded; setData() unfolds them) serve the rendered pane. Token usage is kept per turn
/// and summed over the turns shown (totalUsage()). GUI thread only.
class ConversationModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum class EntryKind { User, Assistant, Reasoning, ToolCall, Usage, Notice, Finished };
    Q_ENUM(EntryKind)
    /// Always: approved with "Always for this run" (see markAlwaysForRun()).
    enum class Approval { None, Pending, Approved, Denied, Always };
    Q_ENUM(Approval)
    /// Where a tool call stands, for its card.
    enum class ToolStatus { Running, AwaitingApproval, Denied, Succeeded, Failed };
    Q_ENUM(ToolStatus)
    enum Role {
        KindRole = Qt::UserRole + 1, ///< EntryKind as int
        DetailRole,                  ///< full text: message, arguments + output, final answer
        CallIdRole,                  ///< tool calls
        ToolNameRole,                ///< tool calls
        ApprovalRole,                ///< Approval as int (tool calls)
        ResultRole,                  ///< tool output, complete (tool calls with a result)
        FailedRole,                  ///< bool: the tool call failed / the run did not end in "done"
        ExpandedRole,                ///< bool, settable: a reasoning summary or tool call is unfolded
        SummaryRole,                 ///< tool calls: the arguments in one short line
        ToolStatusRole,              ///< tool calls: ToolStatus as int
        ExitCodeRole,                ///< tool calls: int, the command's exit code when the output has one
        ResultSizeRole,              ///< tool calls with a result: qint64, bytes of output (UTF-8)
        DurationRole,                ///< tool calls with a result: qint64 ms
    };

    /// Token counts of one turn or a sum of turns.
    struct TokenUsage
    {
        qint64 input = 0;
        qint64 cachedInput = 0;
        qint64 output = 0;
        qint64 reasoning = 0;
        qint64 total = 0;
        TokenUsage &operator+=(const TokenUsage &other);
        friend bool operator==(const TokenUsage &, const TokenUsage &) = default;
        /// Reads a usage object as the runner reports it (ModelUsage::toJson(), or the flat
        /// cached_input_tokens/reasoning_tokens form); a missing total is input + output.
        [[nodiscard]] static TokenUsage fromJson(const QJsonObject &usage);
    };

    explicit ConversationModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    /// Only ExpandedRole, on reasoning and tool call rows.
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    void addUserMessage(const QString &text);
    void addNotice(const QString &text);
    void addEvent(const Core::RunEvent &event);
    void clear();
    /// The user answered the pending call `callId` with "Always for this run": its approval
    /// (when the run reports it) shows as Approval::Always instead of Approved.
    void markAlwaysForRun(const QString &callId);

    /// Tokens of all turns shown so far.
    [[nodiscard]] qint64 totalTokens() const { return m_totalUsage.total; }
    /// The turns shown so far, summed.
    [[nodiscard]] TokenUsage totalUsage() const { return m_totalUsage; }
    /// The usage of the turn a Usage row reports (zero for other rows).
    [[nodiscard]] TokenUsage usageAt(int row) const;
    /// The row of the tool call `callId`, or -1.
    [[nodiscard]] int rowOfCall(const QString &callId) const { return m_callRows.value(callId, -1); }

    /// "ls -la" for exec_command, the path for file tools, else compact JSON; at most `maxLength`.
    [[nodiscard]] static QString summarizeArguments(const QString &name, const QJsonObject &data, int maxLength = 160);
    /// A tool output for one line: exec_command's header (chunk id, wall time) is dropped, its exit
    /// code kept, and the output abbreviated.
    [[nodiscard]] static QString summarizeResult(const QString &output, int maxLength = 120);
    /// The first lines of `text`, at most `maxLength` characters, with "…" when cut.
    [[nodiscard]] static QString abbreviate(const QString &text, int maxLength = 200);
    /// The exit code an exec_command output reports ("Process exited with code N"), if any.
    [[nodiscard]] static std::optional<int> exitCodeOf(const QString &output);

Q_SIGNALS:
    void totalTokensChanged(qint64 tokens);

private:
    struct Entry
    {
        EntryKind kind = EntryKind::Notice;
        QString text;   ///< message text / call summary / notice
        QString detail; ///< arguments (calls), final answer (finished)
        QString callId;
        QString toolName;
        QString result;
        Approval approval = Approval::None;
        bool failed = false;
        bool hasResult = false;
        bool expanded = false;
        bool alwaysForRun = false; ///< markAlwaysForRun()
        qint64 durationMs = 0;
        qint64 resultBytes = 0;
        std::optional<int> exitCode;
        TokenUsage usage; ///< usage rows: this turn
    };
    [[nodiscard]] static ToolStatus toolStatus(const Entry &entry);

    [[nodiscard]] static Entry makeEntry(EntryKind kind, const QString &text = {});
    void append(Entry entry);
    void changed(int row);
    void appendDelta(EntryKind kind, const QString &itemId, const QString &delta);
    [[nodiscard]] QString displayText(const Entry &entry) const;

    QList<Entry> m_entries;
    QHash<QString, int> m_callRows; ///< call id -> row
    QHash<QString, int> m_itemRows; ///< streamed item id -> row
    TokenUsage m_totalUsage;
};

} // namespace Sandcastle::Ui
