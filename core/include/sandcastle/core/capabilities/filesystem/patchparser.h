// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QJsonValue>
#include <QList>
#include <QString>

namespace Sandcastle::Core {

/// One file operation of a patch. `diff` is a V4A body (see applyDiff): `+` lines for Create,
/// hunks for Update (may be empty for a move-only update), unused for Delete.
struct PatchOperation
{
    enum class Kind { Create, Update, Delete };
    Kind kind = Kind::Update;
    QString path;   ///< as spelled in the patch (trimmed, `\` turned into `/`)
    QString moveTo; ///< Update only: destination, or empty
    QString diff;
    int line = 1;     ///< line of the operation's header in the patch text (1-based) for messages
    int diffLine = 2; ///< line of the first diff line in the patch text
    friend bool operator==(const PatchOperation &, const PatchOperation &) = default;
};

/// Parses patch text into operations. Pure functions, thread-safe.
///
/// Text form: `*** Begin Patch` ... `*** End Patch` with `*** Add File:`, `*** Delete File:` and
/// `*** Update File:` (+ optional `*** Move to:`) sections. Markers and headers may be padded
/// with whitespace (codex scenarios 017/018/020); trailing empty lines of an Update body are dropped;
/// a move-only Update is accepted; an Update with neither hunks nor a move is an error. Input that
/// starts with `{` or `[` is read as JSON operations (spec 2.3.1: `{operations:[...]}`,
/// `{operation:{...}}`, a single operation, or an array; each `{type: create_file|update_file|
/// delete_file, path, diff, move_to}`).
///
/// Errors are ErrorCode::InvalidInput, worded like codex's parser: `Invalid patch: ...` or
/// `Invalid patch hunk on line N: ...`. An envelope without operations is
/// `No files were modified.` (detail: the patch is empty).
class PatchParser
{
public:
    [[nodiscard]] static Result<QList<PatchOperation>> parse(const QString &text);
    /// One operation object of the hosted apply_patch tool / JSON mode.
    [[nodiscard]] static Result<PatchOperation> parseOperation(const QJsonValue &value);
};

} // namespace Sandcastle::Core
