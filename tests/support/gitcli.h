// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace Sandcastle::Test {

/// Runs the git command line in `dir` with a fixed author and committer (t <t@example.org>), no
/// system config and HOME=`dir`; returns its stdout (trimmed), or "ERROR <stderr>" when git
/// fails or cannot be started (so a QCOMPARE against the expected output fails readably).
QString runGit(const QString &dir, const QStringList &args);

/// runGit() succeeded.
inline bool gitOk(const QString &dir, const QStringList &args)
{
    return !runGit(dir, args).startsWith(QLatin1String("ERROR"));
}

} // namespace Sandcastle::Test
