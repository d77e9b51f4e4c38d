// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/capabilities/memory/memoryfiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QUuid>

#include <algorithm>

namespace Sandcastle::Core {

namespace {

QByteArray jsonValue(const QJsonValue &value)
{
    // QJsonDocument serializes only arrays and objects: wrap and strip the brackets.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

QJsonValue nullIfEmpty(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

const QSet<QString> &keptItemTypes()
{
    static const QSet<QString> types{
        QStringLiteral("function_call"),
        QStringLiteral("function_call_output"),
        QStringLiteral("custom_tool_call"),
        QStringLiteral("custom_tool_call_output"),
        QStringLiteral("apply_patch_call"),
        QStringLiteral("apply_patch_call_output"),
        QStringLiteral("shell_call"),
        QStringLiteral("shell_call_output"),
        QStringLiteral("local_shell_call"),
        QStringLiteral("local_shell_call_output"),
        QStringLiteral("computer_call"),
        QStringLiteral("computer_call_output"),
        QStringLiteral("mcp_call"),
        QStringLiteral("mcp_approval_request"),
        QStringLiteral("mcp_approval_response"),
        QStringLiteral("program"),
        QStringLiteral("program_output"),
        QStringLiteral("tool_search_call"),
        QStringLiteral("tool_search_output"),
        QStringLiteral("web_search_call"),
    };
    return types;
}

} // namespace

QJsonObject MemoryTerminalMetadata::toJson() const
{
    return QJsonObject{{QStringLiteral("terminal_state"), state},
                       {QStringLiteral("exception_type"), nullIfEmpty(exceptionType)},
                       {QStringLiteral("exception_message"), nullIfEmpty(exceptionMessage)},
                       {QStringLiteral("has_final_output"), hasFinalOutput}};
}

QJsonObject MemorySelectionItem::toJson() const
{
    return QJsonObject{{QStringLiteral("rollout_id"), rolloutId},
                       {QStringLiteral("updated_at"), updatedAt},
                       {QStringLiteral("rollout_path"), rolloutPath},
                       {QStringLiteral("rollout_summary_file"), rolloutSummaryFile},
                       {QStringLiteral("terminal_state"), terminalState}};
}

namespace MemoryFiles {

bool isValidRolloutId(const QString &id)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"));
    return re.match(id).hasMatch();
}

Result<QString> resolveRolloutId(const QString &conversationId, const QString &sessionId, const QString &groupId)
{
    const std::pair<QString, const char *> candidates[] = {{conversationId.trimmed(), "conversation id"},
                                                           {sessionId.trimmed(), "session id"},
                                                           {groupId.trimmed(), "group id"}};
    for (const auto &[id, what] : candidates) {
        if (id.isEmpty()) {
            continue;
        }
        if (!isValidRolloutId(id)) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("the %1 \"%2\" cannot name a rollout file: use 1-128 letters, digits, '.', '_' "
                                       "or '-', starting with a letter or digit")
                            .arg(QLatin1String(what), id));
        }
        return id;
    }
    return QStringLiteral("run-") + QUuid::createUuid().toString(QUuid::Id128);
}

QJsonArray filterItems(const QJsonArray &items)
{
    QJsonArray kept;
    for (const QJsonValue &v : items) {
        const QJsonObject item = v.toObject();
        const QString role = item.value(QStringLiteral("role")).toString();
        const QString type = item.value(QStringLiteral("type")).toString();
        if (!role.isEmpty()) {
            if (role == QLatin1String("user") || role == QLatin1String("assistant") || role == QLatin1String("tool")) {
                kept.append(item);
            }
            continue;
        }
        if (keptItemTypes().contains(type)) {
            kept.append(item);
        }
    }
    return kept;
}

QString timestamp(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) + QStringLiteral("000+00:00");
}

QByteArray segmentLine(const QDateTime &updatedAt, const QString &rolloutId, const QJsonArray &input,
                       const QJsonArray &generatedItems, const QJsonArray &interruptions,
                       const MemoryTerminalMetadata &terminal, const QString &finalOutput)
{
    QByteArray line = "{\"updated_at\":" + jsonValue(timestamp(updatedAt)) + ",\"rollout_id\":" + jsonValue(rolloutId) +
                      ",\"input\":" + jsonValue(input) + ",\"generated_items\":" + jsonValue(generatedItems);
    if (!interruptions.isEmpty()) {
        line += ",\"interruptions\":" + jsonValue(interruptions);
    }
    line += ",\"terminal_metadata\":{\"terminal_state\":" + jsonValue(terminal.state) +
            ",\"exception_type\":" + jsonValue(nullIfEmpty(terminal.exceptionType)) +
            ",\"exception_message\":" + jsonValue(nullIfEmpty(terminal.exceptionMessage)) +
            ",\"has_final_output\":" + (terminal.hasFinalOutput ? "true" : "false") + "}";
    if (!finalOutput.isEmpty()) {
        line += ",\"final_output\":" + jsonValue(finalOutput);
    }
    return line + "}\n";
}

Result<void> writeAtomically(const QString &path, const QByteArray &bytes)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        return fail(ErrorCode::Io, QStringLiteral("cannot create the folder of %1").arg(path));
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return fail(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    }
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        return fail(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    }
    return {};
}

Result<void> appendLine(const QString &path, const QByteArray &line)
{
    QByteArray bytes;
    if (QFile existing(path); existing.exists()) {
        if (!existing.open(QIODevice::ReadOnly)) {
            return fail(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(path, existing.errorString()));
        }
        bytes = existing.readAll();
        if (!bytes.isEmpty() && !bytes.endsWith('\n')) {
            bytes += '\n';
        }
    }
    return writeAtomically(path, bytes + line);
}

Result<void> ensureLayout(const QString &workspaceRoot, const MemoryLayout &layout)
{
    const QString memories = workspaceRoot + QLatin1Char('/') + QDir::cleanPath(layout.memoriesDir);
    const QStringList dirs{QString(workspaceRoot + QLatin1Char('/') + QDir::cleanPath(layout.sessionsDir)), memories,
                           QString(memories + QStringLiteral("/raw_memories")),
                           QString(memories + QStringLiteral("/rollout_summaries"))};
    for (const QString &dir : dirs) {
        if (!QDir().mkpath(dir)) {
            return fail(ErrorCode::Io, QStringLiteral("cannot create the memory folder %1").arg(dir));
        }
    }
    for (const char *name : {"MEMORY.md", "memory_summary.md"}) {
        const QString path = memories + QLatin1Char('/') + QLatin1String(name);
        if (!QFileInfo::exists(path)) {
            if (const Result<void> ok = writeAtomically(path, {}); !ok) {
                return ok;
            }
        }
    }
    return {};
}

QByteArray rawMemoryText(const MemorySelectionItem &header, const QString &body)
{
    return QStringLiteral("rollout_id: %1\nupdated_at: %2\nrollout_path: %3\nrollout_summary_file: %4\n"
                          "terminal_state: %5\n\n%6\n")
        .arg(header.rolloutId, header.updatedAt, header.rolloutPath, header.rolloutSummaryFile, header.terminalState,
             body.trimmed())
        .toUtf8();
}

QByteArray rolloutSummaryText(const QString &sessionId, const MemorySelectionItem &header, const QString &body)
{
    return QStringLiteral("session_id: %1\nupdated_at: %2\nrollout_path: %3\nterminal_state: %4\n\n%5\n")
        .arg(sessionId, header.updatedAt, header.rolloutPath, header.terminalState, body.trimmed())
        .toUtf8();
}

QMap<QString, QString> parseHeader(const QString &text)
{
    QMap<QString, QString> header;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        if (line.trimmed().isEmpty()) {
            break;
        }
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon > 0) {
            header.insert(line.left(colon).trimmed(), line.mid(colon + 1).trimmed());
        }
    }
    return header;
}

MemorySelection selectRawMemories(const QString &memoriesRoot, const QString &memoriesDir, int limit,
                                  const QList<MemorySelectionItem> &previous, QList<CapabilityIssue> *issues)
{
    QList<MemorySelectionItem> all;
    const QFileInfoList files =
        QDir(memoriesRoot + QStringLiteral("/raw_memories")).entryInfoList({QStringLiteral("*.md")}, QDir::Files);
    for (const QFileInfo &info : files) {
        QFile f(info.filePath());
        if (!f.open(QIODevice::ReadOnly)) {
            issues->append({QStringLiteral("memory"), memoriesDir + QStringLiteral("/raw_memories/") + info.fileName(),
                            QStringLiteral("cannot read the raw memory: %1; left out").arg(f.errorString())});
            continue;
        }
        const QMap<QString, QString> h = parseHeader(QString::fromUtf8(f.read(8192)));
        MemorySelectionItem item;
        item.rolloutId = h.value(QStringLiteral("rollout_id"), info.completeBaseName());
        item.updatedAt = h.value(QStringLiteral("updated_at"));
        item.rolloutPath = h.value(QStringLiteral("rollout_path"));
        item.rolloutSummaryFile = h.value(QStringLiteral("rollout_summary_file"));
        item.terminalState = h.value(QStringLiteral("terminal_state"));
        all.append(item);
    }
    std::sort(all.begin(), all.end(), [](const MemorySelectionItem &a, const MemorySelectionItem &b) {
        const bool aKnown = !a.updatedAt.isEmpty() && a.updatedAt != QLatin1String("unknown");
        const bool bKnown = !b.updatedAt.isEmpty() && b.updatedAt != QLatin1String("unknown");
        if (aKnown != bKnown) {
            return aKnown;
        }
        if (aKnown && a.updatedAt != b.updatedAt) {
            return a.updatedAt > b.updatedAt;
        }
        return a.rolloutId > b.rolloutId;
    });
    MemorySelection selection;
    selection.selected = all.mid(0, limit);
    QStringList selectedIds;
    for (const MemorySelectionItem &item : std::as_const(selection.selected)) {
        selectedIds << item.rolloutId;
        const bool before = std::any_of(previous.cbegin(), previous.cend(), [&item](const MemorySelectionItem &p) {
            return p.rolloutId == item.rolloutId;
        });
        (before ? selection.retained : selection.added) << item.rolloutId;
    }
    for (const MemorySelectionItem &p : previous) {
        if (!selectedIds.contains(p.rolloutId)) {
            selection.removed.append(p);
        }
    }
    return selection;
}

Result<QList<MemorySelectionItem>> readSelection(const QString &path)
{
    QFile f(path);
    if (!f.exists()) {
        return QList<MemorySelectionItem>{};
    }
    if (!f.open(QIODevice::ReadOnly)) {
        return fail(ErrorCode::Io, QStringLiteral("cannot read: %1").arg(f.errorString()));
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &error);
    if (error.error != QJsonParseError::NoError) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("not JSON at offset %1: %2").arg(error.offset).arg(error.errorString()));
    }
    if (!doc.isObject() || !doc.object().value(QStringLiteral("selected")).isArray()) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("/selected: expected an array of selection items"));
    }
    QList<MemorySelectionItem> items;
    const QJsonArray selected = doc.object().value(QStringLiteral("selected")).toArray();
    for (qsizetype i = 0; i < selected.size(); ++i) {
        const QJsonObject o = selected.at(i).toObject();
        if (!o.value(QStringLiteral("rollout_id")).isString()) {
            return fail(ErrorCode::InvalidInput, QStringLiteral("/selected/%1/rollout_id: expected a string").arg(i));
        }
        items.append({o.value(QStringLiteral("rollout_id")).toString(),
                      o.value(QStringLiteral("updated_at")).toString(),
                      o.value(QStringLiteral("rollout_path")).toString(),
                      o.value(QStringLiteral("rollout_summary_file")).toString(),
                      o.value(QStringLiteral("terminal_state")).toString()});
    }
    return items;
}

QByteArray indentedJson(const QJsonObject &object)
{
    // Qt indents by four spaces; string values never hold a raw newline, so every line's leading
    // spaces are indentation.
    QByteArrayList lines = QJsonDocument(object).toJson(QJsonDocument::Indented).split('\n');
    for (QByteArray &line : lines) {
        qsizetype spaces = 0;
        while (spaces < line.size() && line.at(spaces) == ' ') {
            ++spaces;
        }
        line.remove(0, spaces / 2);
    }
    return lines.join('\n');
}

QByteArray selectionJson(const QList<MemorySelectionItem> &selected, const QDateTime &updatedAt)
{
    QJsonArray array;
    for (const MemorySelectionItem &item : selected) {
        array.append(item.toJson());
    }
    const QJsonObject o{{QStringLiteral("version"), 1},
                        {QStringLiteral("updated_at"), timestamp(updatedAt)},
                        {QStringLiteral("selected"), array}};
    return indentedJson(o);
}

} // namespace MemoryFiles

} // namespace Sandcastle::Core
