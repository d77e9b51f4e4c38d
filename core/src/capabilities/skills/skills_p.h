// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QString>

namespace Sandcastle::Core::Internal {

/// Non-empty, relative (POSIX), no `..` part; InvalidInput naming `what` otherwise.
[[nodiscard]] Result<void> validateRelativePath(const QString &path, const QString &what);
/// Copies the regular files and folders under `from` into `to` (created; files replaced, symlinks
/// skipped, permissions kept). Blocking.
[[nodiscard]] Result<void> copyTree(const QString &from, const QString &to);
/// A prompt text from resources/prompts (`:/prompts/<name>`), trimmed; empty and logged when missing.
[[nodiscard]] QString loadPromptResource(const QString &name);

} // namespace Sandcastle::Core::Internal
