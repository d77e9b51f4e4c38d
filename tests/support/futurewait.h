// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QFuture>
#include <QTest>

namespace Sandcastle::Test {

/// How long await() waits by default before giving up.
inline constexpr int kAwaitTimeoutMs = 20000;

/// Spins the event loop (QTest::qWaitFor) until `future` finishes and returns its result. Never
/// blocks: a future still running after `timeoutMs` gives ErrorCode::Timeout, one that finished
/// without a result (cancelled) gives ErrorCode::Cancelled, both with a message saying the test
/// gave up, so that SC_VERIFY_OK prints it.
template<class T>
[[nodiscard]] Core::Result<T> await(QFuture<Core::Result<T>> future, int timeoutMs = kAwaitTimeoutMs)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, timeoutMs)) {
        return Core::fail(Core::ErrorCode::Timeout,
                          QStringLiteral("test gave up waiting for the future after %1 ms").arg(timeoutMs));
    }
    if (future.resultCount() == 0) {
        return Core::fail(Core::ErrorCode::Cancelled, QStringLiteral("future was cancelled without a result"));
    }
    return future.result();
}

} // namespace Sandcastle::Test
