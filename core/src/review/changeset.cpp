// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/review/changeset.h"

#include <QJsonArray>
#include <QUuid>

namespace Sandcastle::Core {

namespace {

struct Entry
{
    FileChange change;
    FileOrigin origin;
    bool dropped = false;
};

} // namespace

ChangeSet ChangeSet::fromChanges(const QList<FileChange> &changes, const QList<FileOrigin> &origins)
{
    QList<Entry> entries;
    auto find = [&entries](const QString &path) -> Entry * {
        for (Entry &e : entries) {
            if (!e.dropped && e.change.path == path) {
                return &e;
            }
        }
        return nullptr;
    };
    for (qsizetype k = 0; k < changes.size(); ++k) {
        const FileChange &c = changes.at(k);
        const FileOrigin origin = k < origins.size() ? origins.at(k) : FileOrigin{true, {}};
        const QString current = c.kind == FileChange::Kind::Move ? c.sourcePath : c.path;
        Entry *earlier = find(current);
        if (!earlier) {
            entries.append(Entry{c, origin, false});
            continue;
        }
        FileChange &e = earlier->change;
        switch (c.kind) {
        case FileChange::Kind::Add:
        case FileChange::Kind::Update:
            e.after = c.after;
            if (e.kind == FileChange::Kind::Delete) {
                e.kind = FileChange::Kind::Update;
            }
            break;
        case FileChange::Kind::Delete:
            if (e.kind == FileChange::Kind::Add && !earlier->origin.existed) {
                earlier->dropped = true; // created and removed by the same patch
            } else if (e.kind == FileChange::Kind::Move) {
                // The moved file is deleted: its source is deleted.
                e = FileChange{FileChange::Kind::Delete, e.sourcePath, {}, e.before, {}};
            } else {
                e.kind = FileChange::Kind::Delete;
                e.after.clear();
            }
            break;
        case FileChange::Kind::Move:
            e.after = c.after;
            if (e.kind == FileChange::Kind::Add) {
                e.path = c.path;
            } else if (e.kind == FileChange::Kind::Move) {
                e.path = c.path;
            } else {
                e.sourcePath = e.path;
                e.path = c.path;
                e.kind = FileChange::Kind::Move;
            }
            break;
        }
    }
    ChangeSet set;
    set.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    set.createdAt = QDateTime::currentDateTimeUtc();
    for (const Entry &e : std::as_const(entries)) {
        if (e.dropped) {
            continue;
        }
        ChangeSetFile file;
        file.index = int(set.files.size());
        file.change = e.change;
        file.origin = e.origin;
        file.diff = TextDiffer::diff(e.change.before, e.change.after);
        set.files.append(std::move(file));
    }
    return set;
}

QString ChangeSet::hunkId(int file, int hunk) const
{
    return QStringLiteral("%1/%2/%3").arg(id).arg(file).arg(hunk);
}

int ChangeSet::added() const
{
    int n = 0;
    for (const ChangeSetFile &f : files) {
        n += f.diff.added;
    }
    return n;
}

int ChangeSet::removed() const
{
    int n = 0;
    for (const ChangeSetFile &f : files) {
        n += f.diff.removed;
    }
    return n;
}

QJsonObject ChangeSet::summaryJson() const
{
    QJsonArray list;
    for (const ChangeSetFile &f : files) {
        QJsonObject o{
            {QStringLiteral("path"), f.change.path},   {QStringLiteral("kind"), changeKindName(f.change.kind)},
            {QStringLiteral("added"), f.diff.added},   {QStringLiteral("removed"), f.diff.removed},
            {QStringLiteral("binary"), f.diff.binary}, {QStringLiteral("hunks"), int(f.diff.hunks.size())}};
        if (!f.change.sourcePath.isEmpty()) {
            o.insert(QStringLiteral("source_path"), f.change.sourcePath);
        }
        list.append(o);
    }
    return QJsonObject{{QStringLiteral("change_set_id"), id}, {QStringLiteral("call_id"), callId},
                       {QStringLiteral("source"), source},    {QStringLiteral("status"), changeSetStatusName(status)},
                       {QStringLiteral("turn"), turn},        {QStringLiteral("files"), list}};
}

QString changeKindName(FileChange::Kind kind)
{
    switch (kind) {
    case FileChange::Kind::Add:
        return QStringLiteral("add");
    case FileChange::Kind::Update:
        return QStringLiteral("update");
    case FileChange::Kind::Delete:
        return QStringLiteral("delete");
    case FileChange::Kind::Move:
        return QStringLiteral("move");
    }
    return {};
}

std::optional<FileChange::Kind> changeKindFromName(const QString &name)
{
    for (const auto kind :
         {FileChange::Kind::Add, FileChange::Kind::Update, FileChange::Kind::Delete, FileChange::Kind::Move}) {
        if (changeKindName(kind) == name) {
            return kind;
        }
    }
    return std::nullopt;
}

QString changeSetStatusName(ChangeSetStatus status)
{
    switch (status) {
    case ChangeSetStatus::Applied:
        return QStringLiteral("applied");
    case ChangeSetStatus::Pending:
        return QStringLiteral("pending");
    case ChangeSetStatus::Reviewed:
        return QStringLiteral("reviewed");
    case ChangeSetStatus::Rejected:
        return QStringLiteral("rejected");
    case ChangeSetStatus::Conflict:
        return QStringLiteral("conflict");
    case ChangeSetStatus::Superseded:
        return QStringLiteral("superseded");
    }
    return {};
}

std::optional<ChangeSetStatus> changeSetStatusFromName(const QString &name)
{
    for (const auto status : {ChangeSetStatus::Applied, ChangeSetStatus::Pending, ChangeSetStatus::Reviewed,
                              ChangeSetStatus::Rejected, ChangeSetStatus::Conflict, ChangeSetStatus::Superseded}) {
        if (changeSetStatusName(status) == name) {
            return status;
        }
    }
    return std::nullopt;
}

} // namespace Sandcastle::Core
