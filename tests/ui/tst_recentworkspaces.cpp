// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// File > Open Recent (issue 7): the list of recently opened workspaces, its order, cap and
// persistence, the menu built from it, and the main window adding to it and opening from it.
#include "recentworkspaces.h"
#include "sandcastle/ui/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using Sandcastle::Ui::MainWindow;
using Sandcastle::Ui::RecentWorkspaces;
using Sandcastle::Ui::RecentWorkspacesMenu;

namespace {

QStringList paths(const RecentWorkspaces &recent)
{
    QStringList out;
    for (const RecentWorkspaces::Entry &e : recent.entries()) {
        out.append(e.path);
    }
    return out;
}

QList<QAction *> entryActions(const QMenu &menu)
{
    QList<QAction *> out;
    for (QAction *a : menu.actions()) {
        if (a->objectName().startsWith(QLatin1String("recentWorkspaceAction"))) {
            out.append(a);
        }
    }
    return out;
}

} // namespace

class tst_RecentWorkspaces : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;
    QTemporaryDir m_root;

    QString folder(int i)
    {
        const QString path = m_root.filePath(QStringLiteral("ws%1").arg(i));
        if (!QDir().mkpath(path)) {
            qWarning("cannot create %s", qPrintable(path));
        }
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_settingsDir.isValid());
        QVERIFY(m_root.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("SandcastleTestRecent"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_recentworkspaces"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    }
    void init() { QSettings().clear(); }

    void add_mostRecentFirst_movesDuplicatesToFront()
    {
        RecentWorkspaces recent;
        QVERIFY(recent.entries().isEmpty());
        recent.addFolder(folder(1));
        recent.addFolder(folder(2));
        recent.addManifest(m_root.filePath(QStringLiteral("m.json")));
        recent.addFolder(folder(1) + QStringLiteral("/"));
        QCOMPARE(paths(recent), (QStringList{folder(1), m_root.filePath(QStringLiteral("m.json")), folder(2)}));
        QVERIFY(!recent.entries().at(0).manifest);
        QVERIFY(recent.entries().at(1).manifest);
    }

    void add_beyondCap_dropsOldest()
    {
        RecentWorkspaces recent;
        for (int i = 0; i < RecentWorkspaces::kMaxEntries + 3; ++i) {
            recent.addFolder(folder(i));
        }
        QCOMPARE(recent.entries().size(), RecentWorkspaces::kMaxEntries);
        QCOMPARE(recent.entries().first().path, folder(RecentWorkspaces::kMaxEntries + 2));
        QCOMPARE(recent.entries().last().path, folder(3));
    }

    void list_persistsAcrossInstances_andClears()
    {
        {
            RecentWorkspaces recent;
            recent.addFolder(folder(1));
            recent.addManifest(m_root.filePath(QStringLiteral("m.json")));
        }
        RecentWorkspaces second;
        QCOMPARE(paths(second), (QStringList{m_root.filePath(QStringLiteral("m.json")), folder(1)}));
        QVERIFY(second.entries().first().manifest);
        second.clear();
        QVERIFY(second.entries().isEmpty());
        RecentWorkspaces third;
        QVERIFY(third.entries().isEmpty());
    }

    void menu_missingEntriesDisabled_clearEmptiesIt()
    {
        RecentWorkspaces recent;
        const QString gone = m_root.filePath(QStringLiteral("gone"));
        QVERIFY(QDir().mkpath(gone));
        recent.addFolder(gone);
        recent.addFolder(folder(1));
        QVERIFY(QDir(gone).removeRecursively());
        RecentWorkspacesMenu menu(&recent);
        QList<QAction *> actions = entryActions(menu);
        QCOMPARE(actions.size(), 2);
        QVERIFY(actions.at(0)->isEnabled());
        QVERIFY(actions.at(0)->text().startsWith(QLatin1String("&1 ")));
        QVERIFY(!actions.at(1)->isEnabled());
        QCOMPARE(actions.at(1)->data().toString(), gone);

        QSignalSpy requested(&menu, &RecentWorkspacesMenu::openRequested);
        actions.at(0)->trigger();
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.first().at(0).toString(), folder(1));
        QCOMPARE(requested.first().at(1).toBool(), false);

        QAction *clear = menu.findChild<QAction *>(QStringLiteral("clearRecentAction"));
        QVERIFY(clear);
        QVERIFY(clear->isEnabled());
        clear->trigger();
        QVERIFY(recent.entries().isEmpty());
        QTRY_VERIFY(entryActions(menu).isEmpty());
        clear = menu.findChild<QAction *>(QStringLiteral("clearRecentAction"));
        QVERIFY(clear);
        QVERIFY(!clear->isEnabled());
    }

    void mainWindow_openAddsToRecent_andOpensFromIt()
    {
        const QString first = folder(1);
        const QString second = folder(2);
        {
            MainWindow window;
            window.openFolder(first);
            window.openFolder(second);
        }
        MainWindow window;
        auto *menu = window.findChild<RecentWorkspacesMenu *>(QStringLiteral("recentWorkspacesMenu"));
        QVERIFY(menu);
        const QList<QAction *> actions = entryActions(*menu);
        QCOMPARE(actions.size(), 2);
        QCOMPARE(actions.at(0)->data().toString(), second);
        QCOMPARE(actions.at(1)->data().toString(), first);
        actions.at(1)->trigger();
        QCOMPARE(window.workspace(), first);
        QTRY_COMPARE(entryActions(*menu).first()->data().toString(), first);
    }
};

QTEST_MAIN(tst_RecentWorkspaces)
#include "tst_recentworkspaces.moc"
