// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "previewpluginloader.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace Sandcastle::Ui {

QStringList PreviewPluginLoader::candidatePaths()
{
    const QString name = QString::fromLatin1(kFileName);
    const QString override = qEnvironmentVariable(kEnvironmentVariable);
    if (!override.isEmpty()) {
        return {override};
    }
    const QDir appDir(QCoreApplication::applicationDirPath());
    return {appDir.filePath(name),
            QDir::cleanPath(appDir.filePath(QStringLiteral("../lib/sandcastle/plugins/") + name)),
            QDir(QStringLiteral(SANDCASTLE_PLUGIN_BUILD_DIR)).filePath(name)};
}

Core::Result<PreviewBackendFactory *> PreviewPluginLoader::load()
{
    if (!m_loader.isLoaded()) {
        const QStringList paths = candidatePaths();
        QString found;
        for (const QString &path : paths) {
            if (QFileInfo(path).isFile()) {
                found = path;
                break;
            }
        }
        if (found.isEmpty()) {
            return Core::fail(Core::ErrorCode::NotFound, QStringLiteral("preview plugin not found"),
                              QStringLiteral("looked for %1").arg(paths.join(QStringLiteral(", "))));
        }
        m_loader.setFileName(found);
        m_loader.setLoadHints(QLibrary::PreventUnloadHint);
    }
    QObject *root = m_loader.instance();
    if (root == nullptr) {
        return Core::fail(Core::ErrorCode::Internal, QStringLiteral("preview plugin failed to load"),
                          m_loader.errorString());
    }
    auto *factory = qobject_cast<PreviewBackendFactory *>(root);
    if (factory == nullptr) {
        return Core::fail(Core::ErrorCode::Internal,
                          QStringLiteral("%1 does not implement %2")
                              .arg(m_loader.fileName(), QStringLiteral(SandcastlePreviewBackendFactory_iid)));
    }
    return factory;
}

bool isWebEngineMapped()
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly)) {
        return false;
    }
    return maps.readAll().contains("libQt6WebEngine");
}

} // namespace Sandcastle::Ui
