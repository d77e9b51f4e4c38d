// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "appenv.h"
#include "testenv.h"

#include "sandcastle/core/manifest/manifestparser.h"
#include "sandcastle/core/manifest/materializer.h"

#include <QSettings>
#include <QStandardPaths>
#include <QTest>

namespace Sandcastle::Test {

void useTestSettings(const QString &dir)
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir);
}

bool materializeManifest(const QString &manifestPath, const QString &workspace, QString *why)
{
    const auto manifest = Core::ManifestParser::parseFile(manifestPath);
    if (!manifest) {
        *why = manifest.error().toString();
        return false;
    }
    Core::Materializer materializer;
    bool done = false;
    bool ok = false;
    QObject::connect(&materializer, &Core::Materializer::finished, &materializer,
                     [&](const Core::Result<Core::MaterializeReport> &result) {
                         done = true;
                         ok = result.has_value();
                         if (!ok) {
                             *why = result.error().toString();
                         }
                     });
    materializer.start(*manifest, workspace);
    if (!QTest::qWaitFor([&] { return done; }, 30000)) {
        *why = QStringLiteral("materializing %1 timed out").arg(manifestPath);
        return false;
    }
    return ok;
}

bool materializeManifestText(const QString &dir, const QString &json, const QString &workspace, QString *why)
{
    const QString path = dir + QStringLiteral("/manifest.json");
    if (!writeTestFile(path, json.toUtf8())) {
        *why = QStringLiteral("cannot write %1").arg(path);
        return false;
    }
    return materializeManifest(path, workspace, why);
}

} // namespace Sandcastle::Test
