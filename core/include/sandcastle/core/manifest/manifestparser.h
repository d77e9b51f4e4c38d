// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/manifest/manifest.h"
#include "sandcastle/core/result.h"

#include <QByteArray>
#include <QString>

namespace Sandcastle::Core {

/// Reads manifest JSON (`{"version":1,"root":"/workspace","entries":{...},"environment":{...}}`)
/// into a Manifest. Stateless and thread-safe; touches no file except the one parseFile() reads.
///
/// Every error is ErrorCode::InvalidInput (NotFound/Io for an unreadable file) with the message
/// `<file>: <JSON pointer>: <what was expected>` and `detail` = the JSON pointer, e.g.
/// `manifest.json: /entries/src/children/a.txt/content: expected a string`. Unknown fields are
/// rejected; entry keys follow the path rules of spec 1.3 (see normalizeEntryPath()).
class ManifestParser
{
public:
    /// Parses `json`. `fileName` is used in messages; relative `src` paths are resolved against
    /// `baseDir` (defaults to the folder of `fileName`, or the current directory).
    [[nodiscard]] static Result<Manifest> parse(const QByteArray &json, const QString &fileName,
                                                const QString &baseDir = {});
    /// Reads and parses the file at `path` (relative `src` paths resolve against its folder).
    [[nodiscard]] static Result<Manifest> parseFile(const QString &path);

    /// Spec 1.3 for entry keys: rejects empty, NUL, backslashes, absolute (POSIX or drive
    /// letter) and any `..` component; drops `.` and empty components. Returns the normalised
    /// relative path, or InvalidInput with a message saying which rule was broken.
    [[nodiscard]] static Result<QString> normalizeEntryPath(const QString &path);

    /// Spec 1.2 for git_repo `subpath`: "" and "." mean the repository root; whitespace-only,
    /// absolute, backslashes and `..` are rejected. Returns the normalised subpath ("" = root).
    [[nodiscard]] static Result<QString> normalizeGitSubpath(const QString &subpath);

    /// Escapes one JSON pointer reference token (RFC 6901: `~` -> `~0`, `/` -> `~1`).
    [[nodiscard]] static QString pointerToken(const QString &key);
};

} // namespace Sandcastle::Core
