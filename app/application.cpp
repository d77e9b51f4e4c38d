// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "application.h"

#include "cli/interrupt.h"
#include "startupreport.h"

#include "sandcastle/core/credentials/credentialstore.h"
#include "sandcastle/core/manifest/manifestparser.h"
#include "sandcastle/core/manifest/materializer.h"
#include "sandcastle/core/vcs/gitfetcher.h"
#include "sandcastle/core/version.h"
#include "sandcastle/ui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QStandardPaths>
#include <QThreadPool>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

namespace Sandcastle::App {

void installTranslations(QCoreApplication &app)
{
    auto *translator = new QTranslator(&app);
    if (translator->load(QLocale(), QStringLiteral("sandcastle"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(translator);
    }
    auto *qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qtTranslator);
    }
}

namespace {

// Copies the bundled demo manifest out of the resources into the app's data directory and
// materializes it into `demo/workspace` once, so that the agent has a real host directory to work
// in. Later starts reuse the workspace as the agent left it.
QString demoWorkspace()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/demo");
    QDir().mkpath(dir);
    const QString manifest = dir + QStringLiteral("/manifest.json");
    if (!QFile::exists(manifest)) {
        QFile::copy(QStringLiteral(":/demo/manifest.json"), manifest);
        QFile::setPermissions(manifest, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    }
    const QString workspace = dir + QStringLiteral("/workspace");
    if (QFileInfo::exists(workspace)) {
        return workspace;
    }
    const auto parsed = Core::ManifestParser::parseFile(manifest);
    if (!parsed) {
        qWarning("demo manifest: %s", qPrintable(parsed.error().toString()));
        return dir;
    }
    Core::Materializer materializer;
    QEventLoop loop;
    bool ok = false;
    QObject::connect(&materializer, &Core::Materializer::finished, &loop,
                     [&](const Core::Result<Core::MaterializeReport> &result) {
                         ok = result.has_value();
                         if (!ok) {
                             qWarning("demo workspace: %s", qPrintable(result.error().toString()));
                         }
                         loop.quit();
                     });
    materializer.start(*parsed, workspace);
    loop.exec();
    return ok ? workspace : dir;
}

} // namespace

int runDesktop(int argc, char **argv)
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("sandcastle"));
    QApplication::setApplicationDisplayName(QStringLiteral("Sandcastle"));
    QApplication::setApplicationVersion(Core::version());
    markStartupPhase("qapplication");
    installTranslations(app);
    markStartupPhase("translations");

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Run sandbox agents locally."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption workspaceOption(QStringLiteral("workspace"),
                                             QApplication::translate("main", "Open DIR as the workspace."),
                                             QStringLiteral("DIR"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"), QApplication::translate("main", "Write a PNG of the main window to FILE."),
        QStringLiteral("FILE"));
    const QCommandLineOption quitOption(QStringLiteral("quit-after-screenshot"),
                                        QApplication::translate("main", "Exit after writing the screenshot."));
    const QCommandLineOption startupReportOption(
        QStringLiteral("startup-report"),
        QApplication::translate("main", "Print the time to the first painted window and the idle memory, then exit."));
    parser.addOptions({workspaceOption, screenshotOption, quitOption, startupReportOption});
    parser.process(app);

    Core::KeychainCredentialStore credentials;
    markStartupPhase("options-credentials");
    Ui::MainWindow window;
    markStartupPhase("main-window");
    window.setCredentialStore(&credentials);
    if (parser.isSet(workspaceOption)) {
        window.setWorkspace(parser.value(workspaceOption));
    } else {
        // The bundled demo: its workspace, with the recorded transcript as the model, so a first
        // run needs no API key.
        const QString demo = demoWorkspace();
        markStartupPhase("demo-workspace");
        window.setWorkspace(demo);
        window.useDemoProvider();
    }
    markStartupPhase("workspace");
    if (parser.isSet(startupReportOption)) {
        reportStartup(&window, sinceStart, 2000);
    }
    window.show();
    markStartupPhase("show");
    // Kept git_repo clones of deleted workspaces, removed off the GUI thread.
    QThreadPool::globalInstance()->start(
        [] { [[maybe_unused]] const auto pruned = Core::GitFetcher::pruneKeptRepositories(); });
    // SIGTERM (a logout, `kill`) and SIGINT quit like closing the window: the run controller and an
    // active run are torn down, which cancels the run and writes its end to the journal.
    const Cli::InterruptHandler interrupt([] {
        QApplication::closeAllWindows();
        QApplication::quit();
    });
    if (!parser.isSet(screenshotOption) && !parser.isSet(startupReportOption) &&
        Ui::MainWindow::firstRunSetupNeeded()) {
        window.offerFirstRunSetup(); // over the demo: once the user picks a provider that needs a key
    }

    if (parser.isSet(screenshotOption)) {
        const QString file = parser.value(screenshotOption);
        const bool quit = parser.isSet(quitOption);
        QTimer::singleShot(1500, &window, [&window, file, quit] {
            const bool ok = window.grab().save(file, "PNG");
            std::fprintf(stderr, "sandcastle: %s %s\n", ok ? "screenshot written to" : "could not write screenshot to",
                         qPrintable(file));
            if (quit) {
                QApplication::exit(ok ? 0 : 1);
            }
        });
    }
    return QApplication::exec();
}

} // namespace Sandcastle::App
