// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// GUI smoke test: the main window opens on a real X server (Xvfb) with all its docks, and the
// German catalogue translates its strings.
#include "sandcastle/ui/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLocale>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using Sandcastle::Ui::MainWindow;

class tst_MainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCOMPARE(QGuiApplication::platformName(), qEnvironmentVariableIsSet("SANDCASTLE_ALLOW_OFFSCREEN")
                                                      ? QGuiApplication::platformName()
                                                      : QStringLiteral("xcb"));
    }
    void show_realDisplay_hasAllDocks_data()
    {
        QTest::addColumn<QString>("dock");
        for (const char *name :
             {"workspaceDock", "changesDock", "conversationDock", "shellLogDock", "memoryDock", "previewDock"}) {
            if (QByteArray(name) == "conversationDock") {
                continue; // the conversation is the central widget
            }
            QTest::newRow(name) << QString::fromLatin1(name);
        }
    }
    void show_realDisplay_hasAllDocks()
    {
        QFETCH(QString, dock);
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QDockWidget *d = window.dock(dock);
        QVERIFY2(d, qPrintable(dock));
        QVERIFY(d->isVisible());
        QVERIFY(d->widget());
    }
    void setWorkspace_directory_titleNamesIt()
    {
        QTemporaryDir dir;
        MainWindow window;
        window.setWorkspace(dir.path());
        QVERIFY(window.windowTitle().startsWith(QDir(dir.path()).dirName()));
    }
    void openFolder_directory_becomesTheWorkspace()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        MainWindow window;
        auto *action = window.findChild<QAction *>(QStringLiteral("openFolderAction"));
        QVERIFY(action);
        QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_O));
        window.openFolder(dir.path());
        QCOMPARE(window.workspace(), QDir(dir.path()).absolutePath());
        QVERIFY(window.statusBar()->currentMessage().contains(QDir::toNativeSeparators(window.workspace())));
    }
    void openManifest_writableFolder_workspaceNextToIt()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString manifest = dir.filePath(QStringLiteral("demo.json"));
        QFile f(manifest);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{}");
        f.close();
        MainWindow window;
        auto *action = window.findChild<QAction *>(QStringLiteral("openManifestAction"));
        QVERIFY(action);
        QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
        window.openManifest(manifest);
        const QString expected = QDir(dir.path()).absoluteFilePath(QStringLiteral("demo-workspace"));
        QCOMPARE(window.workspace(), expected);
        QVERIFY(QFileInfo(expected).isDir());
        const QString status = window.statusBar()->currentMessage();
        QVERIFY2(status.contains(QLatin1String("next to the manifest")) && status.contains(QLatin1String("demo.json")),
                 qPrintable(status));
    }
    void german_locale_translatesDockTitles()
    {
        QTranslator translator;
        QVERIFY2(translator.load(QLocale(QLocale::German), QStringLiteral("sandcastle"), QStringLiteral("_"),
                                 QStringLiteral(SANDCASTLE_QM_DIR)),
                 "sandcastle_de.qm not built");
        QVERIFY(QCoreApplication::installTranslator(&translator));
        {
            MainWindow window;
            QCOMPARE(window.dock(QStringLiteral("shellLogDock"))->windowTitle(), QStringLiteral("Shell-Protokoll"));
            QCOMPARE(window.dock(QStringLiteral("changesDock"))->windowTitle(), QStringLiteral("\u00c4nderungen"));
        }
        QCoreApplication::removeTranslator(&translator);
        MainWindow english;
        QCOMPARE(english.dock(QStringLiteral("shellLogDock"))->windowTitle(), QStringLiteral("Shell log"));
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
