// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The Review dock's run tests: start a Unix-local run (no confinement) of the main window against
// the scripted model server, with the review mode chosen in the Review dock.

#include "sandcastle/core/sandbox/unixlocalsandboxclient.h"
#include "sandcastle/ui/mainwindow.h"
#include "scriptedmodelserver.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>

namespace Sandcastle::Test {

template<class T>
T *reviewChild(QWidget &window, const char *name)
{
    T *w = window.findChild<T *>(QLatin1String(name));
    if (!w) {
        qWarning("no child %s", name);
    }
    return w;
}

/// Shows `window` for `workspace`, fills in the run panel for `server`, sets the review mode and
/// starts the task (check QTest::currentTestFailed() after it).
inline void startReviewRun(Ui::MainWindow &window, const QString &workspace, const ScriptedModelServer &server,
                           bool reviewBeforeWrite)
{
    window.setWorkspace(workspace);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    reviewChild<QLineEdit>(window, "baseUrlEdit")->setText(server.baseUrl().toString());
    reviewChild<QLineEdit>(window, "modelEdit")->setText(QStringLiteral("scripted-model"));
    auto *client = reviewChild<QComboBox>(window, "clientCombo");
    client->setCurrentIndex(client->findData(QStringLiteral("unix_local")));
    auto *confinement = reviewChild<QComboBox>(window, "confinementCombo");
    confinement->setCurrentIndex(confinement->findData(int(Core::Confinement::None)));
    reviewChild<QComboBox>(window, "approvalCombo")->setCurrentIndex(0);
    reviewChild<QCheckBox>(window, "reviewBeforeWriteCheck")->setChecked(reviewBeforeWrite);
    reviewChild<QPlainTextEdit>(window, "taskEdit")->setPlainText(QStringLiteral("edit notes"));
    QPushButton *run = reviewChild<QPushButton>(window, "runButton");
    QVERIFY(run->isEnabled());
    QTest::mouseClick(run, Qt::LeftButton);
}

} // namespace Sandcastle::Test
