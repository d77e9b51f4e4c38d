// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Shared by the libFuzzer targets: one QCoreApplication and one scratch directory per process.

#include <QByteArray>
#include <QCoreApplication>
#include <QDir>
#include <QTemporaryDir>

#include <cstdint>
#include <cstdlib>

namespace Sandcastle::Fuzz {

/// Creates the application object once (futures, QSqlDatabase and sockets need one).
inline QCoreApplication *app()
{
    static int argc = 1;
    static char name[] = "sandcastle-fuzz";
    static char *argv[] = {name, nullptr};
    static auto *instance = new QCoreApplication(argc, argv);
    return instance;
}

/// A scratch directory that lives as long as the process: a static object, so that it is removed when
/// libFuzzer ends the run with exit().
inline QString scratchDir()
{
    static QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/sandcastle-fuzz-XXXXXX"));
    if (!dir.isValid()) {
        std::abort();
    }
    return dir.path();
}

inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

/// Crashes (so libFuzzer records the input) when an invariant of the code under test is broken.
inline void check(bool ok, const char *what)
{
    if (!ok) {
        qFatal("fuzz invariant broken: %s", what);
    }
}

} // namespace Sandcastle::Fuzz
