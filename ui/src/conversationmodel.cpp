// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/ui/conversationmodel.h"

#include <QFont>
#include <QJsonDocument>
#include <QLocale>
#include <QPalette>

namespace Sandcastle::Ui {

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

} // namespace

ConversationModel::ConversationModel(QObject *parent)
    : QAbstractListModel(parent)
{}

int ConversationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QHash<int, QByteArray> ConversationModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(KindRole, "kind");
    names.insert(DetailRole, "detail");
    names.insert(CallIdRole, "callId");
    names.insert(ToolNameRole, "toolName");
    names.insert(ApprovalRole, "approval");
    names.insert(ResultRole, "result");
    names.insert(FailedRole, "failed");
    names.insert(ExpandedRole, "expanded");
    names.insert(SummaryRole, "summary");
    names.insert(ToolStatusRole, "toolStatus");
    names.insert(ExitCodeRole, "exitCode");
    names.insert(ResultSizeRole, "resultSize");
    names.insert(DurationRole, "duration");
    return names;
}

bool ConversationModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != ExpandedRole ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return false;
    }
    Entry &e = m_entries[index.row()];
    if (e.kind != EntryKind::Reasoning && e.kind != EntryKind::ToolCall) {
        return false;
    }
    if (e.expanded != value.toBool()) {
        e.expanded = value.toBool();
        Q_EMIT dataChanged(index, index, {ExpandedRole});
    }
    return true;
}

ConversationModel::TokenUsage ConversationModel::usageAt(int row) const
{
    return row >= 0 && row < m_entries.size() ? m_entries.at(row).usage : TokenUsage{};
}

ConversationModel::ToolStatus ConversationModel::toolStatus(const Entry &e)
{
    if (e.approval == Approval::Denied) {
        return ToolStatus::Denied;
    }
    if (!e.hasResult) {
        return e.approval == Approval::Pending ? ToolStatus::AwaitingApproval : ToolStatus::Running;
    }
    return e.failed ? ToolStatus::Failed : ToolStatus::Succeeded;
}

QVariant ConversationModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Entry &e = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(e);
    case Qt::ToolTipRole:
        return e.kind == EntryKind::ToolCall ? QString(e.detail + QStringLiteral("\n\n") + abbreviate(e.result, 2000))
                                             : QVariant();
    case Qt::FontRole:
        if (e.kind == EntryKind::ToolCall || e.kind == EntryKind::Usage) {
            QFont mono(QStringLiteral("monospace"));
            mono.setStyleHint(QFont::Monospace);
            return mono;
        }
        if (e.kind == EntryKind::User || e.kind == EntryKind::Finished) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ForegroundRole:
        if (e.failed) {
            return QColor(Qt::darkRed);
        }
        if (e.kind == EntryKind::Reasoning || e.kind == EntryKind::Usage || e.kind == EntryKind::Notice) {
            return QPalette().brush(QPalette::Disabled, QPalette::Text);
        }
        return {};
    case KindRole:
        return int(e.kind);
    case DetailRole:
        return e.kind == EntryKind::ToolCall || e.kind == EntryKind::Finished ? e.detail : e.text;
    case CallIdRole:
        return e.callId;
    case ToolNameRole:
        return e.toolName;
    case ApprovalRole:
        return int(e.approval);
    case ResultRole:
        return e.hasResult ? QVariant(e.result) : QVariant();
    case FailedRole:
        return e.failed;
    case ExpandedRole:
        return e.expanded;
    case SummaryRole:
        return e.kind == EntryKind::ToolCall ? QVariant(e.text) : QVariant();
    case ToolStatusRole:
        return e.kind == EntryKind::ToolCall ? QVariant(int(toolStatus(e))) : QVariant();
    case ExitCodeRole:
        return e.exitCode ? QVariant(*e.exitCode) : QVariant();
    case ResultSizeRole:
        return e.hasResult ? QVariant(e.resultBytes) : QVariant();
    case DurationRole:
        return e.hasResult ? QVariant(e.durationMs) : QVariant();
    default:
        return {};
    }
}

QString ConversationModel::displayText(const Entry &e) const
{
    switch (e.kind) {
    case EntryKind::User:
        return tr("You: %1").arg(e.text);
    case EntryKind::Reasoning:
        return tr("Thinking: %1").arg(abbreviate(e.text, 160));
    case EntryKind::ToolCall: {
        QString line = QStringLiteral("\u25B8 %1  %2").arg(e.toolName, e.text);
        switch (e.approval) {
        case Approval::Pending:
            line += QLatin1Char('\n') + tr("Waiting for your approval");
            break;
        case Approval::Denied:
            line += QLatin1Char('\n') + tr("Denied");
            break;
        case Approval::Always:
            line += QLatin1Char('\n') + tr("Approved for the rest of the run");
            break;
        case Approval::Approved:
        case Approval::None:
            break;
        }
        if (e.hasResult) {
            const QString status =
                e.failed ? tr("failed after %1 ms").arg(e.durationMs) : tr("done in %1 ms").arg(e.durationMs);
            line += QLatin1Char('\n') + QStringLiteral("  \u21B3 %1: %2").arg(status, summarizeResult(e.result));
        }
        return line;
    }
    case EntryKind::Finished:
        return e.text;
    case EntryKind::Assistant:
    case EntryKind::Usage:
    case EntryKind::Notice:
        return e.text;
    }
    return e.text;
}

ConversationModel::Entry ConversationModel::makeEntry(EntryKind kind, const QString &text)
{
    Entry e;
    e.kind = kind;
    e.text = text;
    return e;
}

void ConversationModel::append(Entry entry)
{
    const int row = int(m_entries.size());
    beginInsertRows({}, row, row);
    if (!entry.callId.isEmpty()) {
        m_callRows.insert(entry.callId, row);
    }
    m_entries.append(std::move(entry));
    endInsertRows();
}

void ConversationModel::changed(int row)
{
    const QModelIndex i = index(row);
    Q_EMIT dataChanged(i, i);
}

void ConversationModel::addUserMessage(const QString &text)
{
    append(makeEntry(EntryKind::User, text));
}

void ConversationModel::addNotice(const QString &text)
{
    append(makeEntry(EntryKind::Notice, text));
}

void ConversationModel::clear()
{
    beginResetModel();
    m_entries.clear();
    m_callRows.clear();
    m_itemRows.clear();
    m_totalUsage = {};
    endResetModel();
    Q_EMIT totalTokensChanged(0);
}

void ConversationModel::markAlwaysForRun(const QString &callId)
{
    if (const int row = rowOfCall(callId); row >= 0) {
        m_entries[row].alwaysForRun = true;
    }
}

void ConversationModel::appendDelta(EntryKind kind, const QString &itemId, const QString &delta)
{
    const QString key = QString::number(int(kind)) + QLatin1Char(':') + itemId;
    if (const auto it = m_itemRows.constFind(key); it != m_itemRows.cend()) {
        m_entries[*it].text += delta;
        changed(*it);
        return;
    }
    m_itemRows.insert(key, int(m_entries.size()));
    append(makeEntry(kind, delta));
}

void ConversationModel::addEvent(const Core::RunEvent &event)
{
    using Kind = Core::RunEvent::Kind;
    const QJsonObject &d = event.data;
    const QString callId = str(d, "call_id");
    switch (event.kind) {
    case Kind::TextDelta:
        appendDelta(EntryKind::Assistant, str(d, "item_id"), str(d, "delta"));
        break;
    case Kind::ReasoningDelta:
        appendDelta(EntryKind::Reasoning, str(d, "item_id"), str(d, "delta"));
        break;
    case Kind::MessageOutput: {
        // The complete text replaces what the deltas built (and creates the row for a
        // response that was not streamed).
        const QString key = QString::number(int(EntryKind::Assistant)) + QLatin1Char(':') + str(d, "item_id");
        if (const auto it = m_itemRows.constFind(key); it != m_itemRows.cend()) {
            m_entries[*it].text = str(d, "text");
            changed(*it);
        } else {
            m_itemRows.insert(key, int(m_entries.size()));
            append(makeEntry(EntryKind::Assistant, str(d, "text")));
        }
        break;
    }
    case Kind::ToolCall: {
        Entry e = makeEntry(EntryKind::ToolCall);
        e.callId = callId;
        e.toolName = str(d, "name");
        e.text = summarizeArguments(e.toolName, d);
        const QJsonValue payload = d.contains(QStringLiteral("arguments")) ? d.value(QStringLiteral("arguments"))
                                   : d.contains(QStringLiteral("input"))   ? d.value(QStringLiteral("input"))
                                                                           : d.value(QStringLiteral("operation"));
        e.detail =
            payload.isString() ? payload.toString() : QString::fromUtf8(QJsonDocument(payload.toObject()).toJson());
        if (m_callRows.contains(callId)) {
            break; // a resumed run reports the unfinished calls of its last round again
        }
        append(std::move(e));
        break;
    }
    case Kind::ApprovalRequested:
    case Kind::ApprovalDecided: {
        const int row = rowOfCall(callId);
        if (row < 0) {
            break;
        }
        Entry &e = m_entries[row];
        if (event.kind == Kind::ApprovalRequested) {
            e.approval = Approval::Pending;
        } else if (d.value(QStringLiteral("approved")).toBool(false)) {
            e.approval = e.alwaysForRun ? Approval::Always : Approval::Approved;
        } else {
            e.approval = Approval::Denied;
        }
        changed(row);
        break;
    }
    case Kind::ToolResult: {
        const int row = rowOfCall(callId);
        if (row < 0) {
            break;
        }
        Entry &e = m_entries[row];
        e.result = str(d, "output");
        e.failed = d.value(QStringLiteral("failed")).toBool();
        e.durationMs = d.value(QStringLiteral("duration_ms")).toInteger();
        e.exitCode = exitCodeOf(e.result);
        e.resultBytes = e.result.toUtf8().size();
        e.hasResult = true;
        changed(row);
        break;
    }
    case Kind::Usage: {
        // Summed here rather than taken from the event's "total": the pane shows the turns it
        // has seen, and a continued conversation spans several runs.
        Entry e = makeEntry(EntryKind::Usage);
        e.usage = TokenUsage::fromJson(d);
        m_totalUsage += e.usage;
        const QLocale locale;
        e.text = tr("Turn %1: %2 input (%3 cached), %4 output (%5 reasoning) tokens; %6 in total")
                     .arg(event.turn)
                     .arg(locale.toString(e.usage.input), locale.toString(e.usage.cachedInput),
                          locale.toString(e.usage.output), locale.toString(e.usage.reasoning),
                          locale.toString(m_totalUsage.total));
        append(std::move(e));
        Q_EMIT totalTokensChanged(m_totalUsage.total);
        break;
    }
    case Kind::RunFinished: {
        Entry e = makeEntry(EntryKind::Finished);
        const QString status = str(d, "status");
        const int turns = d.value(QStringLiteral("turns")).toInt();
        e.detail = str(d, "final_output");
        if (status == QLatin1String("done")) {
            e.text = tr("Finished after %n turn(s).", nullptr, turns);
        } else if (status == QLatin1String("cancelled")) {
            e.text = tr("Stopped.");
            e.failed = true;
        } else if (status == QLatin1String("max_turns")) {
            e.text = tr("Stopped at the turn limit (%n turn(s)).", nullptr, turns);
            e.failed = true;
        } else {
            e.text = tr("The run failed: %1").arg(str(d, "error"));
            e.failed = true;
        }
        append(std::move(e));
        break;
    }
    case Kind::CapabilityIssue: {
        // Bad input the capability skipped: a notice row, marked as a problem.
        Entry e = makeEntry(EntryKind::Notice,
                            tr("Problem in %1 (%2): %3").arg(str(d, "file"), str(d, "capability"), str(d, "reason")));
        e.failed = true;
        append(std::move(e));
        break;
    }
    case Kind::RunStarted:
    case Kind::SandboxReady:
    case Kind::ModelRequest:
    case Kind::ToolCallDelta:
    case Kind::Snapshot:
    case Kind::ChangeSetRecorded:
    case Kind::PatchReviewRequested:
    case Kind::PatchReviewDecided:
    case Kind::ChangeReverted:
        break;
    }
}

} // namespace Sandcastle::Ui
