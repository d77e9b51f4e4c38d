// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace Sandcastle::Test {

/// The source tree (SANDCASTLE_SOURCE_DIR, set by CTest).
QString sourceDir();

/// The shared conformance data directory, or an empty string when it is absent
/// (tests then QSKIP with a message naming the directory they looked for).
QString conformanceDir();

/// `conformanceDir()/sub` when it exists, else empty; `why` receives the skip message.
QString conformancePath(const QString &sub, QString *why);

/// Writes `data` to `path`, creating parent directories; false on any failure.
bool writeTestFile(const QString &path, const QByteArray &data);
/// The bytes of `path`, or "<missing>" when it cannot be read (so comparisons fail readably).
QByteArray readTestFile(const QString &path);

} // namespace Sandcastle::Test
