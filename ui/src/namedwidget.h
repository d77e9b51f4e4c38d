// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLatin1String>
#include <QString>

namespace Sandcastle::Ui::Internal {

/// Gives a new control its object name (for tests and QSettings) and its accessible name (for
/// screen readers) in one step, and returns it.
template<class W>
W *named(W *widget, const char *objectName, const QString &accessibleName)
{
    widget->setObjectName(QLatin1String(objectName));
    widget->setAccessibleName(accessibleName);
    return widget;
}

} // namespace Sandcastle::Ui::Internal
