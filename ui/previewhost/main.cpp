// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// sandcastle-preview-host: runs Qt WebEngine for the preview dock in a process of its own, so
// that closing the last preview gives all of WebEngine's memory back (docs/ARCHITECTURE.md
// "Preview"). Started by the dock only, with one end of a socket pair (its only channel, which it
// trusts as its parent) and the preview plugin to load.

#include "hostserver.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLocalSocket>
#include <QPluginLoader>

#include <cstdio>

using namespace Sandcastle;

int main(int argc, char *argv[])
{
    // A process of its own: the attribute WebEngine wants can be set before the application.
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    QApplication::setQuitOnLastWindowClosed(false);

    QCommandLineParser parser;
    const QCommandLineOption socketOption(QStringLiteral("socket-fd"), QStringLiteral("connected socket"),
                                          QStringLiteral("fd"));
    const QCommandLineOption pluginOption(QStringLiteral("preview-plugin"), QStringLiteral("preview plugin"),
                                          QStringLiteral("path"));
    parser.addOptions({socketOption, pluginOption});
    parser.process(app);

    bool ok = false;
    const int fd = parser.value(socketOption).toInt(&ok);
    QLocalSocket socket;
    if (!ok || !socket.setSocketDescriptor(fd)) {
        std::fputs("sandcastle-preview-host: started without its parent's socket (--socket-fd)\n", stderr);
        return 2;
    }
    QPluginLoader loader(parser.value(pluginOption));
    auto *factory = qobject_cast<Ui::PreviewBackendFactory *>(loader.instance());
    if (factory == nullptr) {
        std::fprintf(stderr, "sandcastle-preview-host: %s\n", qPrintable(loader.errorString()));
        return 3;
    }
    PreviewHost::HostServer server(&socket, factory);
    return QApplication::exec();
}
