// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/runner/runevent.h"

#include <QJsonObject>

namespace Sandcastle::Test {

/// A run event as the runner would emit it, for feeding models and views in tests.
inline Core::RunEvent makeEvent(Core::RunEvent::Kind kind, const QJsonObject &data, int turn = 1)
{
    Core::RunEvent e;
    e.kind = kind;
    e.turn = turn;
    e.data = data;
    return e;
}

} // namespace Sandcastle::Test
