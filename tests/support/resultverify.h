// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QTest>

namespace Sandcastle::Test {
template<class R>
QString errorText(const R &r)
{
    return r.has_value() ? QString() : r.error().toString();
}
} // namespace Sandcastle::Test

/// QVERIFY that a Result holds a value; on failure prints the error. (QVERIFY2 evaluates its
/// message eagerly, so `r.error()` must never be passed to it directly.)
#define SC_VERIFY_OK(r)                                                                                                \
    do {                                                                                                               \
        const auto &scVerifyResult_ = (r);                                                                             \
        QVERIFY2(scVerifyResult_.has_value(), qPrintable(::Sandcastle::Test::errorText(scVerifyResult_)));             \
    } while (false)
