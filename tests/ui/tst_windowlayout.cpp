// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The main window's layout persists in QSettings (issue 7): closing a window saves its size and
// where its docks are, and the next window starts that way; run defaults come back too.
#include "appenv.h"
#include "sandcastle/ui/mainwindow.h"

#include <QComboBox>
#include <QDockWidget>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using Sandcastle::Ui::MainWindow;

class tst_WindowLayout : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        Sandcastle::Test::useTestSettings(m_settingsDir.path());
    }

    void close_thenNewWindow_restoresGeometryDocksAndRunDefaults()
    {
        QSize saved;
        {
            MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QCOMPARE(window.dockWidgetArea(window.dock(QStringLiteral("shellLogDock"))), Qt::BottomDockWidgetArea);
            QVERIFY(window.dock(QStringLiteral("memoryDock"))->isVisible());
            // The width is at least what the docks need; the height is free.
            window.resize(window.width(), 760);
            window.addDockWidget(Qt::LeftDockWidgetArea, window.dock(QStringLiteral("shellLogDock")));
            window.dock(QStringLiteral("memoryDock"))->hide();
            window.findChild<QLineEdit *>(QStringLiteral("modelEdit"))->setText(QStringLiteral("my-model"));
            // Run defaults are saved by a run; here directly, as RunPanel::run() does.
            QSettings settings;
            settings.setValue(QStringLiteral("run/model"), QStringLiteral("my-model"));
            QTRY_COMPARE(window.height(), 760);
            saved = window.size();
            QVERIFY(window.close());
        }
        MainWindow next;
        next.show();
        QVERIFY(QTest::qWaitForWindowExposed(&next));
        // The height comes back exactly; the width at least (the restored docks may need more).
        QCOMPARE(next.height(), saved.height());
        QVERIFY2(next.width() >= saved.width(),
                 qPrintable(QStringLiteral("%1 < %2").arg(next.width()).arg(saved.width())));
        QCOMPARE(next.dockWidgetArea(next.dock(QStringLiteral("shellLogDock"))), Qt::LeftDockWidgetArea);
        QVERIFY(!next.dock(QStringLiteral("memoryDock"))->isVisible());
        QVERIFY(next.dock(QStringLiteral("changesDock"))->isVisible());
        QCOMPARE(next.findChild<QLineEdit *>(QStringLiteral("modelEdit"))->text(), QStringLiteral("my-model"));
    }

    void restore_corruptState_keepsTheDefaultLayout()
    {
        {
            QSettings settings;
            settings.setValue(QStringLiteral("window/state"), QByteArray("not a state"));
            settings.setValue(QStringLiteral("window/geometry"), QByteArray("nor a geometry"));
        }
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.dockWidgetArea(window.dock(QStringLiteral("shellLogDock"))), Qt::BottomDockWidgetArea);
        QVERIFY(window.dock(QStringLiteral("memoryDock"))->isVisible());
    }
};

QTEST_MAIN(tst_WindowLayout)
#include "tst_windowlayout.moc"
