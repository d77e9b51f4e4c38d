// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Issue 7's progress strip in the main window: a run on a manifest with a large local_dir shows the
// materialization's phase, bar and counts; Cancel ends the run cancelled, hides the strip and leaves
// the workspace folder empty. The copying threads are held after their first file (WorkerGate), so
// the bar is seen half-way whatever the machine's speed.
#include "progressstrip.h"
#include "runcontroller.h"
#include "sandcastle/ui/mainwindow.h"
#include "testenv.h"
#include "windowtesting.h"
#include "workergate.h"

#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using Sandcastle::Ui::MainWindow;
using Sandcastle::Ui::ProgressStrip;
using Sandcastle::Ui::RunController;
using namespace Sandcastle::Test;

namespace {

constexpr int kTimeoutMs = 60000;
constexpr int kDirs = 3;
constexpr int kFilesPerDir = 100;
constexpr int kEntries = 1 + kDirs + kDirs * kFilesPerDir;

} // namespace

class tst_ProgressStrip : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_settingsDir.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    }

    void countsText_namesUnitsAndUnknownTotals()
    {
        using Sandcastle::Core::PreparationPhase;
        QCOMPARE(ProgressStrip::countsText({PreparationPhase::Materializing, 312, 1000, 3 * 1024 * 1024, {}}),
                 QStringLiteral("312 / %1 entries, 3.0 MiB").arg(QLocale().toString(1000)));
        QCOMPARE(ProgressStrip::countsText({PreparationPhase::Snapshotting, 40, -1, 2048, {}}),
                 QStringLiteral("40 files scanned, %1 stored")
                     .arg(QLocale().formattedDataSize(2048, 1, QLocale::DataSizeIecFormat)));
        QCOMPARE(ProgressStrip::countsText({PreparationPhase::Sandbox, 0, -1, 0, QStringLiteral("checking image x")}),
                 QStringLiteral("checking image x"));
    }

    void cancel_whileMaterializing_endsTheRunCancelled()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        for (int d = 0; d < kDirs; ++d) {
            for (int f = 0; f < kFilesPerDir; ++f) {
                QVERIFY(writeTestFile(dir.filePath(QStringLiteral("src/d%1/f%2.txt").arg(d).arg(f)),
                                      QByteArray(4096, 'x')));
            }
        }
        const QString manifest = dir.filePath(QStringLiteral("big.json"));
        QVERIFY(writeTestFile(manifest, R"({"entries":{"big":{"type":"local_dir","src":"src"}}})"));

        MainWindow window;
        window.openManifest(manifest);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *strip = window.findChild<ProgressStrip *>(QStringLiteral("progressStrip"));
        auto *controller = window.findChild<RunController *>();
        QVERIFY(strip);
        QVERIFY(controller);
        QVERIFY(!strip->isVisible());
        // The model is never called: the run is cancelled while it materializes.
        child<QLineEdit>(window, "baseUrlEdit")->setText(QStringLiteral("http://127.0.0.1:9/v1"));
        child<QLineEdit>(window, "modelEdit")->setText(QStringLiteral("unused-model"));
        auto *client = child<QComboBox>(window, "clientCombo");
        client->setCurrentIndex(client->findData(QStringLiteral("unix_local")));
        auto *confinement = child<QComboBox>(window, "confinementCombo");
        confinement->setCurrentIndex(confinement->findData(int(Sandcastle::Core::Confinement::None)));
        child<QPlainTextEdit>(window, "taskEdit")->setPlainText(QStringLiteral("never sent"));
        QSignalSpy finished(controller, &RunController::finished);

        WorkerGate gate;
        QTest::mouseClick(child<QPushButton>(window, "runButton"), Qt::LeftButton);
        QVERIFY(controller->run());
        // Set before the event loop runs the queued preparation.
        controller->run()->setMaterializeHook([&gate](qint64) { gate.pass(); });

        auto *counts = child<QLabel>(window, "progressCountsLabel");
        auto *bar = child<QProgressBar>(window, "progressBar");
        const QRegularExpression shown(QStringLiteral("^[1-9][0-9]* / %1 entries, .+iB$").arg(kEntries));
        QTRY_VERIFY_WITH_TIMEOUT(strip->isVisible() && shown.match(counts->text()).hasMatch(), kTimeoutMs);
        QCOMPARE(child<QLabel>(window, "progressPhaseLabel")->text(), QStringLiteral("Materializing the workspace"));
        QVERIFY(bar->maximum() > 0);
        QVERIFY2(bar->value() > 0 && bar->value() < bar->maximum(), qPrintable(QString::number(bar->value())));
        auto *cancel = child<QPushButton>(window, "progressCancelButton");
        QCOMPARE(cancel->accessibleName(), QStringLiteral("Cancel the running step"));

        QTest::mouseClick(cancel, Qt::LeftButton);
        gate.open();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kTimeoutMs);
        const auto outcome = finished.first().first().value<Sandcastle::Core::RunOutcome>();
        QCOMPARE(outcome.status, Sandcastle::Core::RunStatus::Cancelled);
        QVERIFY2(outcome.error.message.contains(QStringLiteral("while materializing the workspace")),
                 qPrintable(outcome.error.message));
        QVERIFY(!strip->isVisible());
        QVERIFY(child<QPushButton>(window, "runButton")->isEnabled());
        const QString workspace = dir.filePath(QStringLiteral("big-workspace"));
        QVERIFY(QDir(workspace).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden));
        const QStringList left = QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
        QCOMPARE(left.size(), 3); // big.json, big-workspace, src: no staging directory left
    }
};

QTEST_MAIN(tst_ProgressStrip)
#include "tst_progressstrip.moc"
