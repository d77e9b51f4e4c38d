// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Issue 7's Cancel during preparation: an AgentRun (Unix-local) cancelled while it materializes a
// large local_dir reports its progress with counts, ends Cancelled with a message naming the phase
// only after the staging directory is gone, and never reports the workspace ready; one cancelled
// while it takes its baseline snapshot ends Cancelled and leaves no snapshot in its store.
#include "sandcastle/core/manifest/manifestparser.h"
#include "sandcastle/core/runner/agentrun.h"
#include "sandcastle/core/snapshot/snapshotstore.h"

#include "resultverify.h"
#include "testenv.h"
#include "workergate.h"

#include <QDir>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;
using namespace Sandcastle::Test;

namespace {

constexpr int kTimeoutMs = 60000;
constexpr int kDirs = 3;
constexpr int kFilesPerDir = 100;

} // namespace

class tst_RunCancel : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_dir;

    AgentRunOptions options(const Manifest &manifest) const
    {
        AgentRunOptions o;
        o.manifest = manifest;
        o.workspaceDir = m_dir->filePath(QStringLiteral("ws"));
        o.client = QStringLiteral("unix_local");
        o.confinement = Confinement::None;
        o.capabilities = {QStringLiteral("filesystem")};
        // Never contacted: the run is cancelled before its first model call.
        o.provider.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:9/v1"));
        o.run.model = QStringLiteral("unused-model");
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qRegisterMetaType<PreparationProgress>();
    }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        for (int d = 0; d < kDirs; ++d) {
            for (int f = 0; f < kFilesPerDir; ++f) {
                QVERIFY(writeTestFile(m_dir->filePath(QStringLiteral("src/d%1/f%2.txt").arg(d).arg(f)),
                                      QByteArray(4096, 'x')));
            }
        }
        QVERIFY(writeTestFile(m_dir->filePath(QStringLiteral("manifest.json")),
                              R"({"entries":{"big":{"type":"local_dir","src":"src"}}})"));
    }

    void cancel_whileMaterializing_endsCancelledWithNothingLeftBehind()
    {
        const auto manifest = ManifestParser::parseFile(m_dir->filePath(QStringLiteral("manifest.json")));
        SC_VERIFY_OK(manifest);
        AgentRun run(options(*manifest), nullptr);
        // Every copying thread stops after its first file until the test has cancelled.
        WorkerGate gate;
        run.setMaterializeHook([&gate](qint64) { gate.pass(); });
        QList<PreparationProgress> progress;
        connect(&run, &AgentRun::progressChanged, this,
                [&progress](const PreparationProgress &p) { progress.append(p); });
        QSignalSpy ready(&run, &AgentRun::sandboxReady);
        QSignalSpy finished(&run, &AgentRun::finished);
        run.start(QStringLiteral("never sent"));

        QVERIFY(QTest::qWaitFor([&] { return gate.reached(); }, kTimeoutMs));
        // The entry, its directories and files: the bar's total, and some of it done.
        constexpr qint64 total = 1 + kDirs + kDirs * kFilesPerDir;
        QVERIFY(QTest::qWaitFor(
            [&] {
                return !progress.isEmpty() && progress.last().phase == PreparationPhase::Materializing &&
                       progress.last().done > 0 && progress.last().total == total;
            },
            kTimeoutMs));
        QCOMPARE(run.progress().phase, PreparationPhase::Materializing);
        QVERIFY(run.progress().done < total);

        run.cancel();
        // Not reported while the copying threads still hold the staging directory.
        QCoreApplication::processEvents();
        QCOMPARE(finished.size(), 0);
        gate.open();
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(finished.size(), 1);
        const auto outcome = finished.first().first().value<RunOutcome>();
        QCOMPARE(outcome.status, RunStatus::Cancelled);
        QCOMPARE(outcome.error.code, ErrorCode::Cancelled);
        QVERIFY2(
            outcome.error.message.startsWith(
                QStringLiteral("the run was cancelled while materializing the workspace (")) &&
                outcome.error.message.endsWith(QStringLiteral(" of %1 entries written; nothing was kept)").arg(total)),
            qPrintable(outcome.error.message));

        QCOMPARE(ready.size(), 0);
        QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("ws"))));
        const QStringList left =
            QDir(m_dir->path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
        QCOMPARE(left, (QStringList{QStringLiteral("manifest.json"), QStringLiteral("src")}));
        QVERIFY(run.progress().isIdle());
        QVERIFY(progress.last().isIdle());
    }

    void cancel_whileSnapshotting_endsCancelledAndRecordsNoSnapshot()
    {
        const auto manifest = ManifestParser::parseFile(m_dir->filePath(QStringLiteral("manifest.json")));
        SC_VERIFY_OK(manifest);
        AgentRunOptions o = options(*manifest);
        o.snapshotEveryTurn = true; // the baseline snapshot is taken before the first model call
        o.snapshotStore = m_dir->filePath(QStringLiteral("store"));
        AgentRun run(o, nullptr);
        // The capture stops at its first directory until the test has cancelled.
        WorkerGate gate;
        run.setSnapshotHook([&gate](qint64) { gate.pass(); });
        QList<PreparationProgress> progress;
        connect(&run, &AgentRun::progressChanged, this,
                [&progress](const PreparationProgress &p) { progress.append(p); });
        QSignalSpy finished(&run, &AgentRun::finished);
        run.start(QStringLiteral("never sent"));

        QVERIFY(QTest::qWaitFor([&] { return gate.reached(); }, kTimeoutMs));
        QVERIFY(QTest::qWaitFor(
            [&] { return !progress.isEmpty() && progress.last().phase == PreparationPhase::Snapshotting; },
            kTimeoutMs));
        run.cancel();
        gate.open();
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(finished.size(), 1);
        const auto outcome = finished.first().first().value<RunOutcome>();
        QCOMPARE(outcome.status, RunStatus::Cancelled);
        QVERIFY2(outcome.error.message.startsWith(
                     QStringLiteral("the run was cancelled while snapshotting the workspace (")),
                 qPrintable(outcome.error.message));
        QVERIFY(run.progress().isIdle());

        // The discarded capture left no snapshot (list() waits for the store lock it held), and the
        // workspace is as materialized.
        auto listed = SnapshotStore(o.snapshotStore).list();
        listed.waitForFinished();
        SC_VERIFY_OK(listed.result());
        QCOMPARE(listed.result()->size(), 0);
        QCOMPARE(readTestFile(m_dir->filePath(QStringLiteral("ws/big/d2/f99.txt"))), QByteArray(4096, 'x'));
    }
};

QTEST_GUILESS_MAIN(tst_RunCancel)
#include "tst_runcancel.moc"
