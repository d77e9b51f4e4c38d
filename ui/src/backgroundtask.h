// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFuture>
#include <QPromise>
#include <QThreadPool>

#include <memory>
#include <type_traits>

namespace Sandcastle::Ui::Internal {

/// Runs `fn` (which owns copies of its input) on the global thread pool and returns its future;
/// continue on the GUI thread with `.then(context, ...)`. QtConcurrent::run in QtCore terms, for
/// the ui library, which does not link Qt Concurrent.
template<typename Fn>
auto runInBackground(Fn fn) -> QFuture<std::invoke_result_t<Fn>>
{
    using R = std::invoke_result_t<Fn>;
    auto promise = std::make_shared<QPromise<R>>();
    QFuture<R> future = promise->future();
    promise->start();
    QThreadPool::globalInstance()->start([promise, fn = std::move(fn)]() mutable {
        promise->addResult(fn());
        promise->finish();
    });
    return future;
}

} // namespace Sandcastle::Ui::Internal
