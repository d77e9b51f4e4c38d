// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace Sandcastle::Core::Internal {
void softAssertFailed(const char *condition, const char *file, int line);
}

/// Checks an invariant: Q_ASSERT in debug builds; in release builds it logs the broken
/// condition and evaluates to false so that the caller can recover:
///     if (!SC_SOFT_ASSERT(session)) return fail(ErrorCode::Internal, ...);
#ifdef QT_DEBUG
#define SC_SOFT_ASSERT(cond) ((cond) ? true : (Q_ASSERT_X(false, "SC_SOFT_ASSERT", #cond), false))
#else
#define SC_SOFT_ASSERT(cond)                                                                                           \
    ((cond) ? true : (::Sandcastle::Core::Internal::softAssertFailed(#cond, __FILE__, __LINE__), false))
#endif
