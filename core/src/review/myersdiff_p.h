// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>

#include <vector>

namespace Sandcastle::Core::Internal {

/// Marks which elements of `a` were removed and which of `b` were added in a shortest edit script
/// (Myers' O(ND) algorithm with the linear-space middle snake, after stripping the common prefix and
/// suffix). Elements are compared as ints (callers intern lines or tokens first). Pure function.
struct EditFlags
{
    std::vector<bool> removed; ///< size a.size()
    std::vector<bool> added;   ///< size b.size()
};

[[nodiscard]] EditFlags myersDiff(const std::vector<int> &a, const std::vector<int> &b);

} // namespace Sandcastle::Core::Internal
