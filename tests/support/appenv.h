// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Sandcastle::Test {

/// Keeps the test's QSettings (native and INI, user scope) in `dir` and turns on
/// QStandardPaths' test mode, so a test neither reads nor writes the user's settings and data.
void useTestSettings(const QString &dir);

/// Materializes the manifest at `manifestPath` into `workspace` (missing or empty), waiting on
/// the event loop up to 30 s; false with `why` on failure.
bool materializeManifest(const QString &manifestPath, const QString &workspace, QString *why);

/// Writes `json` as `dir`/manifest.json and materializes it into `workspace` (materializeManifest()).
bool materializeManifestText(const QString &dir, const QString &json, const QString &workspace, QString *why);

} // namespace Sandcastle::Test
