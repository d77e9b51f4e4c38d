// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QMainWindow;

namespace Sandcastle::Ui::WindowLayout {

/// Restores the window's geometry and its docks' layout (QSettings "window/geometry",
/// "window/state"; docks are matched by object name). Call once every dock exists, before show().
void restore(QMainWindow *window);
/// Saves what restore() reads (when the window closes).
void save(const QMainWindow *window);

} // namespace Sandcastle::Ui::WindowLayout
