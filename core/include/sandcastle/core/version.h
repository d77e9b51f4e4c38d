// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Sandcastle::Core {

/// The Sandcastle version, e.g. "0.1.0".
[[nodiscard]] QString version();

/// A one-line description of the build for `sandcastle --version`: version, Qt, libgit2, libarchive.
[[nodiscard]] QString buildDescription();

} // namespace Sandcastle::Core
