// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>

namespace Sandcastle::Test {

/// Runs the git command line in `dir` with a fixed author and committer (t <t@example.org>), no
/// system config and HOME=`dir`; returns its stdout (trimmed), or "ERROR <stderr>" when git
/// fails or cannot be started (so a QCOMPARE against the expected output fails readably).
QString runGit(const QString &dir, const QStringList &args);

/// runGit() with stdout as it is (not trimmed, not decoded); "ERROR <stderr>" when git fails.
QByteArray runGitBytes(const QString &dir, const QStringList &args);

/// A repository in `dir` (branch main) with `files` (relative path -> bytes) committed as "one";
/// false when a git command or a write failed.
bool makeGitRepository(const QString &dir, const QMap<QString, QByteArray> &files);

/// GitChanges::status() of `workspace` as "<state> <path>" lines, or one "ERROR <message>" line.
QStringList gitStatusLines(const QString &workspace);

/// runGit() succeeded.
inline bool gitOk(const QString &dir, const QStringList &args)
{
    return !runGit(dir, args).startsWith(QLatin1String("ERROR"));
}

} // namespace Sandcastle::Test
