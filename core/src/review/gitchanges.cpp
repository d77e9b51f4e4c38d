// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// GitChanges::patchText(): a change set as `git diff` text.
#include "sandcastle/core/review/gitchanges.h"

namespace Sandcastle::Core {

QByteArray GitChanges::patchText(const ChangeSet &set)
{
    QByteArray out;
    for (const ChangeSetFile &f : set.files) {
        if (f.writtenNothing) {
            continue;
        }
        const FileChange &c = f.change;
        const QByteArray after = f.written.value_or(c.after);
        const TextDiff diff = f.written ? TextDiffer::diff(c.before, after) : f.diff;
        const bool added = c.kind == FileChange::Kind::Add && !f.origin.existed;
        const bool deleted = c.kind == FileChange::Kind::Delete;
        const QString from = c.sourcePath.isEmpty() ? c.path : c.sourcePath;
        out += "diff --git a/" + from.toUtf8() + " b/" + c.path.toUtf8() + '\n';
        if (added) {
            out += "new file mode 100644\n";
        } else if (deleted) {
            out += "deleted file mode 100644\n";
        } else if (c.kind == FileChange::Kind::Move) {
            out += "rename from " + from.toUtf8() + "\nrename to " + c.path.toUtf8() + '\n';
        }
        if (diff.hunks.isEmpty() && !diff.binary) {
            continue; // a pure rename, or an empty file added/deleted
        }
        out += TextDiffer::unified(diff, added ? QString() : QStringLiteral("a/") + from,
                                   deleted ? QString() : QStringLiteral("b/") + c.path);
    }
    return out;
}

} // namespace Sandcastle::Core
