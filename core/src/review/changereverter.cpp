// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/review/changereverter.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>

#include <algorithm>
#include <optional>

namespace Sandcastle::Core {

namespace {

// The workspace as the revert sees it: disk contents, overlaid by the reverts computed so far.
class RevertState
{
public:
    explicit RevertState(QString root)
        : m_root(std::move(root))
    {}

    Result<std::optional<QByteArray>> get(const QString &path)
    {
        if (const auto it = m_current.constFind(path); it != m_current.cend()) {
            return *it;
        }
        const auto host = PatchApplier::resolveInside(m_root, path);
        if (!host) {
            return std::unexpected(host.error());
        }
        std::optional<QByteArray> bytes;
        const QFileInfo info(*host);
        if (info.exists()) {
            QFile f(*host);
            if (info.isDir() || !f.open(QIODevice::ReadOnly)) {
                return fail(ErrorCode::Io,
                            QStringLiteral("Failed to read file %1: %2")
                                .arg(path, info.isDir() ? QStringLiteral("it is a directory") : f.errorString()));
            }
            bytes = f.readAll();
        }
        m_disk.insert(path, bytes);
        m_current.insert(path, bytes);
        return bytes;
    }

    void set(const QString &path, std::optional<QByteArray> bytes, QFile::Permissions permissions = {})
    {
        if (!m_order.contains(path)) {
            m_order.append(path);
        }
        m_current.insert(path, std::move(bytes));
        m_permissions.insert(path, permissions);
    }

    [[nodiscard]] QList<PatchApplier::FileWrite> writes() const
    {
        QList<PatchApplier::FileWrite> out;
        for (const QString &path : m_order) {
            const std::optional<QByteArray> disk = m_disk.value(path);
            const std::optional<QByteArray> now = m_current.value(path);
            if (disk == now) {
                continue;
            }
            out.append({path, now, m_permissions.value(path), disk, !disk.has_value()});
        }
        return out;
    }

private:
    QString m_root;
    QHash<QString, std::optional<QByteArray>> m_disk;
    QHash<QString, std::optional<QByteArray>> m_current;
    QHash<QString, QFile::Permissions> m_permissions;
    QStringList m_order;
};

QByteArray joined(const QList<QByteArray> &lines, qsizetype from, qsizetype count)
{
    QByteArray out;
    for (qsizetype k = std::max<qsizetype>(0, from); k < std::min(lines.size(), from + count); ++k) {
        out += lines.at(k);
    }
    return out;
}

// Applies the inverse of `hunks` (indexes into diff.hunks) to `current`; conflicts are appended.
std::optional<QByteArray> inverse(const QByteArray &current, const ChangeSetFile &f, const TextDiff &diff,
                                  QList<int> hunks, QList<RevertConflict> &conflicts)
{
    QList<QByteArray> lines = TextDiffer::splitLines(current);
    std::sort(hunks.begin(), hunks.end(), std::greater<>());
    bool ok = true;
    for (const int index : std::as_const(hunks)) {
        const DiffHunk &h = diff.hunks.at(index);
        const QList<QByteArray> newLines = TextDiffer::splitLines(h.newText());
        const qsizetype n = newLines.size();
        auto matches = [&](qsizetype pos) {
            if (pos < 0 || pos + n > lines.size()) {
                return false;
            }
            for (qsizetype k = 0; k < n; ++k) {
                if (lines.at(pos + k) != newLines.at(k)) {
                    return false;
                }
            }
            return true;
        };
        qsizetype found = -1;
        for (qsizetype delta = 0; delta <= lines.size() && found < 0; ++delta) {
            if (matches(h.newIndex - delta)) {
                found = h.newIndex - delta;
            } else if (delta > 0 && matches(h.newIndex + delta)) {
                found = h.newIndex + delta;
            }
        }
        if (found < 0) {
            conflicts.append(RevertConflict{f.index, index, f.change.path, h.header(), joined(lines, h.newIndex, n),
                                            QStringLiteral("the file no longer holds the hunk's lines")});
            ok = false;
            continue;
        }
        const QList<QByteArray> oldLines = TextDiffer::splitLines(h.oldText());
        lines.remove(found, n);
        for (qsizetype k = 0; k < oldLines.size(); ++k) {
            lines.insert(found + k, oldLines.at(k));
        }
    }
    if (!ok) {
        return std::nullopt;
    }
    return joined(lines, 0, lines.size());
}

Result<void> revertFile(RevertState &state, const ChangeSetFile &f, int hunk, QList<RevertConflict> &conflicts)
{
    const FileChange &c = f.change;
    if (f.writtenNothing) {
        return hunk >= 0 ? Result<void>(fail(ErrorCode::InvalidInput,
                                             QStringLiteral("%1: the review wrote nothing for this file").arg(c.path)))
                         : Result<void>();
    }
    const QByteArray after = f.written.value_or(c.after);
    const TextDiff diff = f.written ? TextDiffer::diff(c.before, after) : f.diff;
    if (hunk >= 0 && (diff.binary || hunk >= diff.hunks.size())) {
        return fail(
            ErrorCode::InvalidInput,
            diff.binary
                ? QStringLiteral("%1 is binary: only the whole file can be reverted").arg(c.path)
                : QStringLiteral("%1 has %2 hunks; there is no hunk %3").arg(c.path).arg(diff.hunks.size()).arg(hunk));
    }
    const auto current = state.get(c.path);
    if (!current) {
        return std::unexpected(current.error());
    }
    auto conflict = [&](const QString &reason) {
        conflicts.append(RevertConflict{f.index, -1, c.path, {}, current->value_or(QByteArray()), reason});
    };
    QList<int> hunks;
    if (hunk >= 0) {
        hunks = {hunk};
    } else {
        for (const DiffHunk &h : diff.hunks) {
            hunks.append(h.index);
        }
    }
    switch (c.kind) {
    case FileChange::Kind::Add:
        if (!*current || **current != after) {
            conflict(*current ? QStringLiteral("the file changed since it was added")
                              : QStringLiteral("the file no longer exists"));
        } else {
            state.set(c.path, f.origin.existed ? std::optional(c.before) : std::nullopt, f.origin.permissions);
        }
        break;
    case FileChange::Kind::Delete:
        if (*current) {
            conflict(QStringLiteral("a file exists at this path again"));
        } else {
            state.set(c.path, c.before, f.origin.permissions);
        }
        break;
    case FileChange::Kind::Update:
    case FileChange::Kind::Move: {
        if (!*current) {
            conflict(QStringLiteral("the file no longer exists"));
            break;
        }
        std::optional<QByteArray> reverted;
        if (diff.binary) {
            if (**current == after) {
                reverted = c.before;
            } else {
                conflict(QStringLiteral("the binary file changed since the change"));
            }
        } else {
            reverted = inverse(**current, f, diff, hunks, conflicts);
        }
        if (!reverted) {
            break;
        }
        if (c.kind == FileChange::Kind::Update || hunk >= 0) {
            state.set(c.path, reverted, {});
            break;
        }
        const auto source = state.get(c.sourcePath);
        if (!source) {
            return std::unexpected(source.error());
        }
        if (*source) {
            conflicts.append(RevertConflict{f.index,
                                            -1,
                                            c.sourcePath,
                                            {},
                                            **source,
                                            QStringLiteral("a file exists at the move's source path again")});
            break;
        }
        state.set(c.sourcePath, reverted, f.origin.permissions);
        state.set(c.path, std::nullopt);
        break;
    }
    }
    return {};
}

Result<RevertOutcome> finish(const QString &root, const RevertState &state, QList<RevertConflict> conflicts)
{
    RevertOutcome outcome;
    outcome.conflicts = std::move(conflicts);
    if (!outcome.ok()) {
        return outcome;
    }
    const QList<PatchApplier::FileWrite> writes = state.writes();
    if (writes.isEmpty()) {
        return outcome;
    }
    if (const Result<void> written = PatchApplier::writeFiles(root, writes); !written) {
        return std::unexpected(written.error());
    }
    for (const PatchApplier::FileWrite &w : writes) {
        outcome.written.append(w.path);
    }
    return outcome;
}

} // namespace

Result<RevertOutcome> ChangeReverter::revert(const QString &root, const ChangeSet &set, int file, int hunk)
{
    if (file >= set.files.size() || file < -1) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("change set %1 has %2 files; there is no file %3")
                                                 .arg(set.id)
                                                 .arg(set.files.size())
                                                 .arg(file));
    }
    RevertState state(root);
    QList<RevertConflict> conflicts;
    if (file >= 0) {
        if (auto ok = revertFile(state, set.files.at(file), hunk, conflicts); !ok) {
            return std::unexpected(ok.error());
        }
    } else {
        for (auto it = set.files.crbegin(); it != set.files.crend(); ++it) {
            if (auto ok = revertFile(state, *it, -1, conflicts); !ok) {
                return std::unexpected(ok.error());
            }
        }
    }
    return finish(root, state, conflicts);
}

Result<RevertOutcome> ChangeReverter::revertAll(const QString &root, const QList<ChangeSet> &sets)
{
    RevertState state(root);
    QList<RevertConflict> conflicts;
    for (const ChangeSet &set : sets) {
        for (auto it = set.files.crbegin(); it != set.files.crend(); ++it) {
            if (auto ok = revertFile(state, *it, -1, conflicts); !ok) {
                return std::unexpected(ok.error());
            }
        }
    }
    return finish(root, state, conflicts);
}

} // namespace Sandcastle::Core
