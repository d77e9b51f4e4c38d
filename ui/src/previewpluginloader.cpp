// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "previewpluginloader.h"

#include "backgroundtask.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLibrary>
#if QT_CONFIG(opengl)
#include <QOpenGLContext>

// Qt GUI's global share context (what Qt::AA_ShareOpenGLContexts makes when set before the
// application; Qt WebEngine declares these the same way).
QT_BEGIN_NAMESPACE
Q_GUI_EXPORT void qt_gl_set_global_share_context(QOpenGLContext *context);
Q_GUI_EXPORT QOpenGLContext *qt_gl_global_share_context();
QT_END_NAMESPACE
#endif

#include <algorithm>

namespace Sandcastle::Ui {

namespace {

QtMessageHandler s_previousHandler = nullptr;

void dropLateAttributeWarning(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg && message.contains(QLatin1String("must be set before QCoreApplication is created"))) {
        return;
    }
    if (s_previousHandler != nullptr) {
        s_previousHandler(type, context, message);
    }
}

/// Qt WebEngine shares OpenGL resources with the widgets through Qt GUI's global share context.
/// Qt::AA_ShareOpenGLContexts before the QApplication would make it at start-up, loading the
/// OpenGL driver (Mesa with LLVM: a few hundred milliseconds and tens of MB, issue 7) although
/// most sessions never preview; so it is made here, right before the plugin brings WebEngine in.
void ensureGlobalShareContext()
{
#if QT_CONFIG(opengl)
    if (qt_gl_global_share_context() != nullptr ||
        qobject_cast<QGuiApplication *>(QCoreApplication::instance()) == nullptr) {
        return;
    }
    auto *context = new QOpenGLContext(QCoreApplication::instance());
    context->setFormat(QSurfaceFormat::defaultFormat());
    if (!context->create()) {
        delete context;
        return; // WebEngine then renders without sharing (it warns)
    }
    qt_gl_set_global_share_context(context);
    // The widgets that show WebEngine's frames share with the global context only while the
    // attribute is set. Setting it now is what WebEngine itself does when it comes late; Qt
    // warns that it belongs before the application, which is the point here, so that one
    // warning is not passed on.
    s_previousHandler = qInstallMessageHandler(dropLateAttributeWarning);
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    qInstallMessageHandler(s_previousHandler);
#endif
}

} // namespace

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

Core::Result<QString> PreviewPluginLoader::find()
{
    const QStringList paths = candidatePaths();
    const auto found = std::ranges::find_if(paths, [](const QString &path) { return QFileInfo(path).isFile(); });
    if (found == paths.cend()) {
        return Core::fail(Core::ErrorCode::NotFound, QStringLiteral("preview plugin not found"),
                          QStringLiteral("looked for %1").arg(paths.join(QStringLiteral(", "))));
    }
    return *found;
}

QFuture<bool> PreviewPluginLoader::preload()
{
    if (m_loader.isLoaded()) {
        return QtFuture::makeReadyValueFuture(true);
    }
    const auto path = find();
    if (!path) {
        return QtFuture::makeReadyValueFuture(false);
    }
    // First: WebEngine's static initializer checks for it (and warns when it is missing).
    ensureGlobalShareContext();
    return Internal::runInBackground([path = *path] {
        QLibrary library(path);
        library.setLoadHints(QLibrary::PreventUnloadHint);
        return library.load();
    });
}

Core::Result<PreviewBackendFactory *> PreviewPluginLoader::load()
{
    if (!m_loader.isLoaded()) {
        auto found = find();
        if (!found) {
            return std::unexpected(found.error());
        }
        m_loader.setFileName(*found);
        m_loader.setLoadHints(QLibrary::PreventUnloadHint);
    }
    if (!m_loader.isLoaded()) {
        ensureGlobalShareContext();
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
