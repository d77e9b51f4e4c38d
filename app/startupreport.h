// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QElapsedTimer;
class QWidget;

namespace Sandcastle::App {

/// `sandcastle --startup-report` (for tests/benchmarks/bench_appstart): once `window` has been
/// painted for the first time, prints `first-paint-ms N` (since `sinceStart` began) and
/// `webengine-loaded 0|1` to stdout; after `idleMs` more of idling, `idle-rss-kb N`; then quits
/// the application.
void reportStartup(QWidget *window, const QElapsedTimer &sinceStart, int idleMs);

} // namespace Sandcastle::App
