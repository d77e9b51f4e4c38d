// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "windowlayout.h"

#include <QMainWindow>
#include <QSettings>

namespace Sandcastle::Ui::WindowLayout {

namespace {

// Bumped when the docks change so much that an old layout would misplace them.
constexpr int kLayoutVersion = 1;

} // namespace

void restore(QMainWindow *window)
{
    const QSettings settings;
    const QByteArray geometry = settings.value(QStringLiteral("window/geometry")).toByteArray();
    if (!geometry.isEmpty()) {
        window->restoreGeometry(geometry);
    }
    const QByteArray state = settings.value(QStringLiteral("window/state")).toByteArray();
    if (!state.isEmpty()) {
        window->restoreState(state, kLayoutVersion);
    }
}

void save(const QMainWindow *window)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), window->saveGeometry());
    settings.setValue(QStringLiteral("window/state"), window->saveState(kLayoutVersion));
}

} // namespace Sandcastle::Ui::WindowLayout
