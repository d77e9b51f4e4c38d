// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Workspace file operations never follow a link out of the workspace: apply_patch and view_image
// against symlinks and hard links to files outside, a symlink swapped in while the tools run, `..`
// and unicode look-alike paths, absolute move_to targets, FIFOs, sockets and devices, and a 2 GB
// sparse file; snapshot restore into a link. Each gets a precise error and the folder outside (a
// sibling of the workspace holding a secret) is checked unchanged after every case.
#include "futurewait.h"
#include "resultverify.h"
#include "sandcastle/core/capabilities/filesystem/patchapplier.h"
#include "sandcastle/core/capabilities/filesystem/viewimagetool.h"
#include "sandcastle/core/snapshot/snapshotstore.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonObject>
#include <QLocalServer>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <thread>
#include <unistd.h>

using namespace Sandcastle::Core;
using Sandcastle::Test::await;

namespace {

const QByteArray kPng = QByteArray::fromHex("89504e470d0a1a0a0000000d49484452");

bool writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

// Every entry below `dir` (links not followed) with its content: the "nothing changed" check.
QMap<QString, QByteArray> tree(const QString &dir)
{
    QMap<QString, QByteArray> out;
    QDirIterator it(dir, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo info(it.next());
        QFile file(info.filePath());
        // Regular small files by content; others (FIFOs, sockets, the sparse 2 GB file) by size only.
        const bool readable = info.isFile() && !info.isSymLink() && info.size() < (1 << 20);
        out.insert(QDir(dir).relativeFilePath(info.filePath()),
                   readable && file.open(QIODevice::ReadOnly)
                       ? file.readAll()
                       : QByteArray("entry of size ") + QByteArray::number(info.size()));
    }
    return out;
}

QString patch(const QString &body)
{
    return QStringLiteral("*** Begin Patch\n") + body + QStringLiteral("*** End Patch\n");
}

} // namespace

class tst_LinkSafety : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_ws;
    QString m_outside;
    QMap<QString, QByteArray> m_outsideBefore;

    ToolOutput view(const QString &path) const
    {
        ToolContext context;
        context.workspaceRoot = m_ws;
        return ViewImageTool::view(path, context);
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_ws = QDir(m_dir->path()).canonicalPath() + QStringLiteral("/ws");
        m_outside = QDir(m_dir->path()).canonicalPath() + QStringLiteral("/outside");
        QVERIFY(writeFile(m_outside + QStringLiteral("/secret.txt"), "SECRET\n"));
        QVERIFY(writeFile(m_outside + QStringLiteral("/secret.png"), kPng + "SECRET"));
        QVERIFY(writeFile(m_ws + QStringLiteral("/inside.txt"), "inside\n"));
        m_outsideBefore = tree(m_outside);
    }

    void cleanup()
    {
        if (m_dir) {
            QCOMPARE(tree(m_outside), m_outsideBefore);
        }
        m_dir.reset();
    }

    void applyPatch_pathTrick_refused_data()
    {
        QTest::addColumn<QString>("body");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        const int denied = int(ErrorCode::PermissionDenied);
        QTest::newRow("dot-dot add") << QStringLiteral("*** Add File: ../outside/new.txt\n+x\n") << denied
                                     << QStringLiteral("path ../outside/new.txt must not contain '..'");
        QTest::newRow("dot-dot inside a path")
            << QStringLiteral("*** Update File: a/../../outside/secret.txt\n@@\n-SECRET\n+x\n") << denied
            << QStringLiteral("path a/../../outside/secret.txt must not contain '..'");
        QTest::newRow("backslash dot-dot") << QStringLiteral("*** Delete File: ..\\outside\\secret.txt\n") << denied
                                           << QStringLiteral("path ../outside/secret.txt must not contain '..'");
        QTest::newRow("absolute update")
            << QStringLiteral("*** Update File: %OUT%/secret.txt\n@@\n-SECRET\n+x\n") << denied
            << QStringLiteral("path %OUT%/secret.txt is absolute; paths must be relative to the workspace root");
        QTest::newRow("absolute move_to")
            << QStringLiteral("*** Update File: inside.txt\n*** Move to: %OUT%/moved.txt\n") << denied
            << QStringLiteral("path %OUT%/moved.txt is absolute; paths must be relative to the workspace root");
        QTest::newRow("dot-dot move_to") << QStringLiteral(
                                                "*** Update File: inside.txt\n*** Move to: ../outside/m.txt\n")
                                         << denied << QStringLiteral("path ../outside/m.txt must not contain '..'");
        QTest::newRow("move_to through symlinked dir")
            << QStringLiteral("*** Update File: inside.txt\n*** Move to: outdir/m.txt\n") << denied
            << QStringLiteral("path outdir/m.txt escapes the workspace root through the symlink outdir (-> %OUT%)");
        QTest::newRow("update through symlink")
            << QStringLiteral("*** Update File: outlink.txt\n@@\n-SECRET\n+x\n") << denied
            << QStringLiteral(
                   "path outlink.txt escapes the workspace root through the symlink outlink.txt (-> %OUT%/secret.txt)");
        QTest::newRow("delete symlink to outside")
            << QStringLiteral("*** Delete File: outlink.txt\n") << denied
            << QStringLiteral(
                   "path outlink.txt escapes the workspace root through the symlink outlink.txt (-> %OUT%/secret.txt)");
        QTest::newRow("update through hard link")
            << QStringLiteral("*** Update File: hard.txt\n@@\n-SECRET\n+x\n") << denied
            << QStringLiteral(
                   "Failed to read file hard.txt: it has 2 hard links; files with more than one link are not "
                   "read, since another link may lie outside the workspace");
        QTest::newRow("add over hard link")
            << QStringLiteral("*** Add File: hard.txt\n+x\n") << denied
            << QStringLiteral(
                   "Failed to read file hard.txt: it has 2 hard links; files with more than one link are not "
                   "read, since another link may lie outside the workspace");
        QTest::newRow("fifo") << QStringLiteral("*** Update File: pipe\n@@\n-a\n+b\n") << int(ErrorCode::InvalidInput)
                              << QStringLiteral("Failed to read file pipe: it is a FIFO (named pipe); only regular "
                                                "files are read");
        QTest::newRow("socket") << QStringLiteral("*** Delete File: app.sock\n") << int(ErrorCode::InvalidInput)
                                << QStringLiteral("Failed to read file app.sock: it is a socket; only regular files "
                                                  "are read");
        QTest::newRow("2 GB sparse file")
            << QStringLiteral("*** Update File: big.txt\n@@\n-a\n+b\n") << int(ErrorCode::InvalidInput)
            << QStringLiteral(
                   "Failed to read file big.txt: it is 2147483649 bytes, more than the limit of 67108864 bytes");
    }
    void applyPatch_pathTrick_refused()
    {
        QFETCH(QString, body);
        QFETCH(int, code);
        QFETCH(QString, message);
        body.replace(QLatin1String("%OUT%"), m_outside);
        message.replace(QLatin1String("%OUT%"), m_outside);
        QVERIFY(QFile::link(m_outside + QStringLiteral("/secret.txt"), m_ws + QStringLiteral("/outlink.txt")));
        QVERIFY(QFile::link(m_outside, m_ws + QStringLiteral("/outdir")));
        QCOMPARE(::link(QFile::encodeName(m_outside + QStringLiteral("/secret.txt")).constData(),
                        QFile::encodeName(m_ws + QStringLiteral("/hard.txt")).constData()),
                 0);
        QCOMPARE(::mkfifo(QFile::encodeName(m_ws + QStringLiteral("/pipe")).constData(), 0600), 0);
        QLocalServer server;
        QVERIFY(server.listen(m_ws + QStringLiteral("/app.sock")));
        {
            QFile big(m_ws + QStringLiteral("/big.txt"));
            QVERIFY(big.open(QIODevice::WriteOnly));
            QVERIFY(big.resize((qint64(2) << 30) + 1)); // sparse: no disk space used
        }
        const QMap<QString, QByteArray> wsBefore = tree(m_ws);
        // Async with a deadline: a FIFO that is opened for reading would block forever.
        const Result<PatchResult> r = await(PatchApplier::applyAsync(m_ws, patch(body)), 20000);
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().message, message);
        QCOMPARE(int(r.error().code), code);
        QCOMPARE(tree(m_ws), wsBefore);
    }

    // Names that look like `..` or a separator are ordinary names: the file lands inside.
    void applyPatch_unicodeLookalikes_stayInside_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("fullwidth full stops") << QStringLiteral("\uFF0E\uFF0E/x.txt");
        QTest::newRow("two dot leader") << QStringLiteral("\u2025/x.txt");
        QTest::newRow("zero width space") << QStringLiteral("..\u200B/x.txt");
        QTest::newRow("fraction slash") << QStringLiteral("..\u2044outside\u2044x.txt");
        QTest::newRow("combining dot") << QStringLiteral(".\u0307./x.txt");
    }
    void applyPatch_unicodeLookalikes_stayInside()
    {
        QFETCH(QString, path);
        const Result<PatchResult> r =
            PatchApplier::applyText(m_ws, patch(QStringLiteral("*** Add File: %1\n+x\n").arg(path)));
        SC_VERIFY_OK(r);
        QVERIFY2(QFileInfo::exists(m_ws + QLatin1Char('/') + path), qPrintable(path));
    }

    // The review's writeFiles() (accepted hunks) refuses a hard-linked target like apply_patch.
    void writeFiles_hardLink_refused()
    {
        QCOMPARE(::link(QFile::encodeName(m_outside + QStringLiteral("/secret.txt")).constData(),
                        QFile::encodeName(m_ws + QStringLiteral("/hard.txt")).constData()),
                 0);
        PatchApplier::FileWrite write;
        write.path = QStringLiteral("hard.txt");
        write.content = QByteArray("replaced\n");
        const Result<void> r = PatchApplier::writeFiles(m_ws, {write});
        QVERIFY(!r.has_value());
        QVERIFY2(r.error().message.contains(QLatin1String("hard links")), qPrintable(r.error().toString()));
    }

    void viewImage_refused_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        QTest::newRow("symlink to outside")
            << QStringLiteral("outlink.png")
            << QStringLiteral("An error occurred while running the tool. Please try again. Error: path outlink.png "
                              "escapes the workspace root through the "
                              "symlink outlink.png (-> %OUT%/secret.png)");
        QTest::newRow("absolute outside")
            << QStringLiteral("%OUT%/secret.png")
            << QStringLiteral("An error occurred while running the tool. Please try again. Error: path "
                              "%OUT%/secret.png is outside the workspace");
        QTest::newRow("hard link") << QStringLiteral("hard.png")
                                   << QStringLiteral("unable to read image at `hard.png`: it has 2 hard links; files "
                                                     "with more than one link are not read, since another link may lie "
                                                     "outside the workspace");
        QTest::newRow("fifo") << QStringLiteral("pipe.png")
                              << QStringLiteral("unable to read image at `pipe.png`: it is a FIFO (named pipe); only "
                                                "regular files are read");
        QTest::newRow("2 GB sparse") << QStringLiteral("big.png")
                                     << QStringLiteral("image path `big.png` exceeded the allowed size of 10MB; resize "
                                                       "or compress the image and try again");
    }
    void viewImage_refused()
    {
        QFETCH(QString, path);
        QFETCH(QString, message);
        path.replace(QLatin1String("%OUT%"), m_outside);
        message.replace(QLatin1String("%OUT%"), m_outside);
        QVERIFY(QFile::link(m_outside + QStringLiteral("/secret.png"), m_ws + QStringLiteral("/outlink.png")));
        QCOMPARE(::link(QFile::encodeName(m_outside + QStringLiteral("/secret.png")).constData(),
                        QFile::encodeName(m_ws + QStringLiteral("/hard.png")).constData()),
                 0);
        QCOMPARE(::mkfifo(QFile::encodeName(m_ws + QStringLiteral("/pipe.png")).constData(), 0600), 0);
        {
            QFile big(m_ws + QStringLiteral("/big.png"));
            QVERIFY(big.open(QIODevice::WriteOnly));
            QVERIFY(big.write(kPng) == kPng.size());
            QVERIFY(big.resize(qint64(2) << 30));
        }
        ToolContext context;
        context.workspaceRoot = m_ws;
        ToolCall call;
        call.callId = QStringLiteral("c1");
        call.name = QStringLiteral("view_image");
        call.arguments = QJsonObject{{QStringLiteral("path"), path}};
        ViewImageTool tool;
        const Result<ToolOutput> out = await(tool.invoke(call, context), 20000);
        SC_VERIFY_OK(out);
        QVERIFY(out->failed);
        QCOMPARE(out->text, message);
    }

    void viewImage_deviceNode_refused()
    {
        const QByteArray dev = QFile::encodeName(m_ws + QStringLiteral("/zero.png"));
        if (::mknod(dev.constData(), S_IFCHR | 0600, makedev(1, 5)) != 0) {
            QSKIP("creating a device node needs CAP_MKNOD (run as root to cover it)");
        }
        const ToolOutput out = view(QStringLiteral("zero.png"));
        QCOMPARE(out.text, QStringLiteral("unable to read image at `zero.png`: it is a character device; only regular "
                                          "files are read"));
        const Result<PatchResult> r =
            PatchApplier::applyText(m_ws, patch(QStringLiteral("*** Update File: zero.png\n@@\n-a\n+b\n")));
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().message,
                 QStringLiteral("Failed to read file zero.png: it is a character device; only regular files are read"));
    }

    // A thread keeps swapping the directory `d` with a symlink to the outside folder (an atomic
    // exchange of the two names) while apply_patch and view_image work on d/...: the tools may fail,
    // but never read the outside file or write into the outside folder (cleanup() checks).
    void race_symlinkSwappedIn_nothingOutsideReachedOrWritten()
    {
        QVERIFY(writeFile(m_ws + QStringLiteral("/d/secret.txt"), "inside\n"));
        QVERIFY(writeFile(m_ws + QStringLiteral("/d/secret.png"), kPng + "inside"));
        QVERIFY(QFile::link(m_outside, m_ws + QStringLiteral("/swap")));
        const QByteArray a = QFile::encodeName(m_ws + QStringLiteral("/d"));
        const QByteArray b = QFile::encodeName(m_ws + QStringLiteral("/swap"));
        std::atomic<bool> stop{false};
        std::atomic<int> swaps{0};
        std::thread swapper([&] {
            while (!stop.load()) {
                if (::renameat2(AT_FDCWD, a.constData(), AT_FDCWD, b.constData(), RENAME_EXCHANGE) == 0) {
                    swaps.fetch_add(1);
                }
            }
        });
        int succeeded = 0;
        const QString outsideUrl = ViewImageTool::imageOutput(kPng + "SECRET", QStringLiteral("image/png")).text;
        for (int i = 0; i < 400; ++i) {
            const Result<PatchResult> r = PatchApplier::applyText(
                m_ws,
                patch(QStringLiteral("*** Add File: d/new-%1.txt\n+x\n*** Update File: d/secret.txt\n@@\n-inside\n"
                                     "+inside\n")
                          .arg(i)));
            if (r) {
                ++succeeded;
            } else {
                QVERIFY2(!r.error().message.contains(QLatin1String("SECRET")), qPrintable(r.error().toString()));
            }
            const ToolOutput out = view(QStringLiteral("d/secret.png"));
            QVERIFY2(out.text != outsideUrl, "view_image read the outside file through the swapped-in symlink");
        }
        stop = true;
        swapper.join();
        qInfo("%d swaps, %d of 400 patches applied", swaps.load(), succeeded);
        QVERIFY(swaps.load() > 0);
    }

    // Restoring into a path that is a symlink to an empty outside folder never writes into it.
    void snapshotRestore_targetIsSymlink_outsideUntouched()
    {
        QVERIFY(QDir().mkpath(m_outside + QStringLiteral("/empty")));
        m_outsideBefore = tree(m_outside);
        const SnapshotStore store(m_dir->path() + QStringLiteral("/store"));
        const Result<SnapshotInfo> created = await(store.create(m_ws), 60000);
        SC_VERIFY_OK(created);
        const QString target = m_dir->path() + QStringLiteral("/restore-link");
        QVERIFY(QFile::link(m_outside + QStringLiteral("/empty"), target));
        const Result<SnapshotInfo> restored = await(store.restore(created->id, target), 60000);
        if (restored) {
            QVERIFY2(!QFileInfo(target).isSymLink(), "restore succeeded through the link");
        }
        QVERIFY(tree(m_outside + QStringLiteral("/empty")).isEmpty());
    }

    // A workspace link to an outside file is snapshotted as a link (never its content) and an
    // absolute link is refused at restore; a hard link is restored as an independent file.
    void snapshot_linksToOutside_contentNeverCopied()
    {
        QVERIFY(QFile::link(m_outside + QStringLiteral("/secret.txt"), m_ws + QStringLiteral("/outlink.txt")));
        const SnapshotStore store(m_dir->path() + QStringLiteral("/store"));
        const Result<SnapshotInfo> created = await(store.create(m_ws), 60000);
        if (!created) {
            QVERIFY2(created.error().message.contains(QLatin1String("outlink.txt")),
                     qPrintable(created.error().toString()));
            return;
        }
        const QString target = m_dir->path() + QStringLiteral("/restored");
        const Result<SnapshotInfo> restored = await(store.restore(created->id, target), 60000);
        if (restored) {
            QVERIFY(QFileInfo(target + QStringLiteral("/outlink.txt")).isSymLink());
        } else {
            QVERIFY2(restored.error().message.contains(QLatin1String("outlink.txt")),
                     qPrintable(restored.error().toString()));
        }
        QDirIterator it(m_dir->path() + QStringLiteral("/store"), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile blob(it.next());
            QVERIFY(blob.open(QIODevice::ReadOnly));
            QVERIFY2(!blob.readAll().contains("SECRET"), qPrintable(blob.fileName()));
        }
    }
};

QTEST_GUILESS_MAIN(tst_LinkSafety)
#include "tst_linksafety.moc"
