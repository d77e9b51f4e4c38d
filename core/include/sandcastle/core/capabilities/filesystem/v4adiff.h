// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QString>

namespace Sandcastle::Core {

/// How a V4A diff body is read (spec 2.3.3).
enum class DiffMode {
    Create, ///< every line starts with `+`; the result is the payloads joined by the diff's newline
    Update, ///< `@@` anchors, context/`-`/`+` lines, `*** End of File`
};

/// Applies a V4A diff body (no `*** Begin Patch` envelope, no file headers) to `original` and returns
/// the new text. Pure function, thread-safe, no I/O.
///
/// Semantics follow the Python SDK's `apply_diff` (spec 2.3.3), with three leniencies that only
/// apply where Python would fail: an `*** End of File` section is anchored before the final empty
/// line of a text that ends with a newline; context that is still not found after the exact, rstrip
/// and strip passes is tried once more with typographic punctuation normalised (dashes, quotes,
/// non-breaking spaces, as codex does); and when the context ends with an empty line and is not
/// found, it is retried without that line.
///
/// Failures are ErrorCode::InvalidInput with a message naming the hunk and the line of the diff
/// (`firstLine` is the number of the diff's first line in the enclosing patch, so messages can
/// point into the whole patch text) and, for unmatched context, what was expected and what the file
/// holds at the closest position.
[[nodiscard]] Result<QString> applyDiff(const QString &original, const QString &diff, DiffMode mode, int firstLine = 1);

} // namespace Sandcastle::Core
