// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QElapsedTimer;
class QWidget;

namespace Sandcastle::App {

/// `sandcastle --startup-report` (for tests/benchmarks/bench_appstart): once `window` has been
/// painted for the first time, prints `first-paint-ms N` (since `sinceStart` began) and
/// `webengine-loaded 0|1` to stdout; after `idleMs` more of idling, `idle-rss-kb N`; then quits
/// the application. With the first paint it also prints `first-paint-cpu-ms N` (CPU time of the
/// process, which a loaded machine inflates less than wall time) and one `phase NAME WALL CPU`
/// line per markStartupPhase() before it.
void reportStartup(QWidget *window, const QElapsedTimer &sinceStart, int idleMs);

/// Notes that startup phase `name` (a string literal) ended now, for reportStartup(). Cheap; the
/// marks are kept only until the report.
void markStartupPhase(const char *name);

} // namespace Sandcastle::App
