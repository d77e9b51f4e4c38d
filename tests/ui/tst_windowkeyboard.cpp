// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Keyboard and screen-reader reach of the main window (issue 7): every action of the window, its
// menus and docks has a shortcut, no two shortcuts that can be active at once share a key, and
// every interactive control (buttons, check boxes, line edits, text edits, combo boxes, views)
// has a name a screen reader announces.
#include "appenv.h"
#include "sandcastle/ui/mainwindow.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAccessible>
#include <QAction>
#include <QComboBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QSettings>
#include <QShortcut>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>

using Sandcastle::Ui::MainWindow;

namespace {

/// One key binding in the window: where it is active and what it does.
struct Binding
{
    QKeySequence key;
    QString what;
    QList<QWidget *> scopes; ///< empty: the whole window (Qt::WindowShortcut / ApplicationShortcut)
};

QString describe(const QObject *o, const QString &text)
{
    return QStringLiteral("%1 \"%2\" (%3)")
        .arg(QString::fromLatin1(o->metaObject()->className()), text, o->objectName());
}

QString widgetPath(const QWidget *w)
{
    QStringList parts;
    for (const QObject *o = w; o; o = o->parent()) {
        parts.prepend(o->objectName().isEmpty() ? QString::fromLatin1(o->metaObject()->className()) : o->objectName());
    }
    return parts.join(QLatin1Char('/'));
}

// Dynamic entries (File > Open Recent lists paths) and Qt's own helper actions are not the
// window's actions.
bool isWindowAction(const QAction *action)
{
    if (action->isSeparator() || action->menu() || action->objectName().startsWith(QLatin1String("_q_"))) {
        return false;
    }
    for (const QObject *o = action->parent(); o; o = o->parent()) {
        if (o->objectName() == QLatin1String("recentWorkspacesMenu")) {
            return false;
        }
    }
    return !action->text().isEmpty();
}

QList<QWidget *> scopesOf(const QAction *action)
{
    QList<QWidget *> widgets;
    if (action->shortcutContext() == Qt::WindowShortcut || action->shortcutContext() == Qt::ApplicationShortcut) {
        return widgets;
    }
    for (QObject *o : action->associatedObjects()) {
        if (auto *w = qobject_cast<QWidget *>(o); w && !qobject_cast<QMenu *>(w)) {
            widgets.append(w);
        }
    }
    return widgets;
}

bool related(const QWidget *a, const QWidget *b)
{
    return a == b || a->isAncestorOf(b) || b->isAncestorOf(a);
}

bool overlap(const Binding &a, const Binding &b)
{
    if (a.scopes.isEmpty() || b.scopes.isEmpty()) {
        return true;
    }
    for (const QWidget *x : a.scopes) {
        for (const QWidget *y : b.scopes) {
            if (related(x, y)) {
                return true;
            }
        }
    }
    return false;
}

bool isInteractive(const QWidget *w)
{
    return qobject_cast<const QAbstractButton *>(w) || qobject_cast<const QLineEdit *>(w) ||
           qobject_cast<const QComboBox *>(w) || qobject_cast<const QAbstractItemView *>(w) ||
           qobject_cast<const QPlainTextEdit *>(w) || qobject_cast<const QTextEdit *>(w);
}

// Parts of Qt's own composites are named by their owner: a combo box's popup list, a view's
// headers and corner button, a line edit's clear button, the menu bar's and tool bar's overflow
// buttons.
bool isQtPart(const QWidget *w)
{
    const QByteArray cls = w->metaObject()->className();
    if (qobject_cast<const QHeaderView *>(w) || cls == "QLineEditIconButton" || cls == "QTableCornerButton" ||
        w->objectName().startsWith(QLatin1String("qt_"))) {
        return true;
    }
    for (const QObject *o = w->parent(); o; o = o->parent()) {
        if (qobject_cast<const QComboBox *>(o) || QByteArray(o->metaObject()->className()).startsWith("QComboBox")) {
            return true;
        }
    }
    return false;
}

} // namespace

class tst_WindowKeyboard : public QObject
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

    void shortcuts_everyAction_hasOneWithoutConflicts()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QList<Binding> bindings;
        QStringList missing;
        int actions = 0;
        for (QAction *action : window.findChildren<QAction *>()) {
            if (!isWindowAction(action)) {
                continue;
            }
            ++actions;
            const QString what = describe(action, action->text());
            if (action->shortcuts().isEmpty()) {
                missing.append(what);
            }
            for (const QKeySequence &key : action->shortcuts()) {
                bindings.append({key, what, scopesOf(action)});
            }
        }
        for (QShortcut *shortcut : window.findChildren<QShortcut *>()) {
            const QString what = describe(shortcut, shortcut->parent()->objectName());
            const bool windowWide =
                shortcut->context() == Qt::WindowShortcut || shortcut->context() == Qt::ApplicationShortcut;
            for (const QKeySequence &key : shortcut->keys()) {
                bindings.append(
                    {key, what,
                     windowWide ? QList<QWidget *>{} : QList<QWidget *>{qobject_cast<QWidget *>(shortcut->parent())}});
            }
        }
        QVERIFY2(actions >= 10, qPrintable(QString::number(actions)));
        QVERIFY2(missing.isEmpty(),
                 qPrintable(QStringLiteral("actions without a shortcut: ") + missing.join(QStringLiteral("; "))));

        QStringList conflicts;
        for (qsizetype i = 0; i < bindings.size(); ++i) {
            for (qsizetype j = i + 1; j < bindings.size(); ++j) {
                if (bindings.at(i).key == bindings.at(j).key && overlap(bindings.at(i), bindings.at(j))) {
                    conflicts.append(QStringLiteral("%1: %2 and %3")
                                         .arg(bindings.at(i).key.toString(), bindings.at(i).what, bindings.at(j).what));
                }
            }
        }
        QVERIFY2(conflicts.isEmpty(),
                 qPrintable(QStringLiteral("conflicting shortcuts: ") + conflicts.join(QStringLiteral("; "))));
    }

    void accessibility_everyControl_hasAName()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QStringList unnamed;
        int controls = 0;
        for (QWidget *w : window.findChildren<QWidget *>()) {
            if (!isInteractive(w) || isQtPart(w)) {
                continue;
            }
            ++controls;
            QAccessibleInterface *a = QAccessible::queryAccessibleInterface(w);
            const QString name = a ? a->text(QAccessible::Name).trimmed() : QString();
            if (name.isEmpty()) {
                unnamed.append(widgetPath(w));
            }
        }
        QVERIFY2(controls >= 20, qPrintable(QString::number(controls)));
        QVERIFY2(unnamed.isEmpty(), qPrintable(QStringLiteral("controls without an accessible name: ") +
                                               unnamed.join(QStringLiteral("; "))));
    }
};

QTEST_MAIN(tst_WindowKeyboard)
#include "tst_windowkeyboard.moc"
