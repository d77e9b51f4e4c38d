// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// PatchApplier containment and atomicity, the FilesystemCapability tools (apply_patch in its three
// transports, view_image) on real temporary directories.
#include "sandcastle/core/capabilities/filesystem/filesystemcapability.h"
#include "sandcastle/core/capabilities/filesystem/patchapplier.h"

#include "futurewait.h"
#include "resultverify.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;
using Sandcastle::Test::await;

namespace {

bool writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

// Every entry below root (symlinks not followed) with file contents: "nothing changed" checks.
QMap<QString, QByteArray> tree(const QString &root)
{
    QMap<QString, QByteArray> out;
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo info = it.nextFileInfo();
        const QString rel = QDir(root).relativeFilePath(info.filePath());
        out.insert(rel, info.isSymLink() ? QByteArray("link:" + info.symLinkTarget().toUtf8())
                        : info.isDir()   ? QByteArray("<dir>")
                                         : readFile(info.filePath()));
    }
    return out;
}

const QByteArray s_png = QByteArray("\x89PNG\r\n\x1a\n", 8) + QByteArray(16, 'p');

} // namespace

class TestApplyPatch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void apply_escapingPath_refusedAndNothingChanged_data();
    void apply_escapingPath_refusedAndNothingChanged();
    void apply_lastHunkFails_nothingChanged();
    void apply_moveOnlyUpdate_movesFile();
    void apply_addFile_endsWithNewlineAndOverlaysLaterOps();
    void apply_updateKeepsCrlfAndPermissions();
    void apply_nonUtf8Target_decodeError();
    void apply_deleteSymlinkInsideRoot_removesLinkOnly();
    void applyAsync_validPatch_finishesWithSummary();
    void capability_tools_viewImageThenApplyPatch();
    void applyPatchTool_transport_definitionAndResult_data();
    void applyPatchTool_transport_definitionAndResult();
    void applyPatchTool_failure_failedOutputNothingChanged();
    void viewImage_file_output_data();
    void viewImage_file_output();
};

void TestApplyPatch::apply_escapingPath_refusedAndNothingChanged_data()
{
    QTest::addColumn<QString>("patch");
    QTest::addColumn<QString>("error");
    const auto add = [](const QString &p) {
        return QStringLiteral("*** Begin Patch\n*** Add File: ok.txt\n+fine\n*** Add File: %1\n+x\n*** End Patch\n")
            .arg(p);
    };
    QTest::newRow("absolute") << add(QStringLiteral("/tmp/abs.txt"))
                              << QStringLiteral(
                                     "path /tmp/abs.txt is absolute; paths must be relative to the workspace root");
    QTest::newRow("dotdot") << add(QStringLiteral("sub/../../x.txt"))
                            << QStringLiteral("path sub/../../x.txt must not contain '..'");
    QTest::newRow("backslash-dotdot") << add(QStringLiteral("..\\x.txt"))
                                      << QStringLiteral("path ../x.txt must not contain '..'");
    QTest::newRow("symlink-file-outside")
        << QStringLiteral("*** Begin Patch\n*** Add File: ok.txt\n+fine\n*** Update File: "
                          "outlink.txt\n@@\n-secret\n+owned\n*** End Patch\n")
        << QStringLiteral("path outlink.txt escapes the workspace root through the symlink outlink.txt");
    QTest::newRow("symlinked-parent-dir")
        << add(QStringLiteral("outdir/new.txt"))
        << QStringLiteral("path outdir/new.txt escapes the workspace root through the symlink outdir");
    QTest::newRow("move-to-outside")
        << QStringLiteral("*** Begin Patch\n*** Update File: in.txt\n*** Move to: outdir/in.txt\n*** End Patch\n")
        << QStringLiteral("path outdir/in.txt escapes the workspace root through the symlink outdir");
    QTest::newRow("empty") << QStringLiteral("*** Begin Patch\n*** Delete File:   \n*** End Patch\n")
                           << QStringLiteral("Invalid patch hunk on line 2: Missing path in '*** Delete File:' header");
}

void TestApplyPatch::apply_escapingPath_refusedAndNothingChanged()
{
    QFETCH(QString, patch);
    QFETCH(QString, error);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString ws = tmp.filePath(QStringLiteral("ws"));
    const QString outside = tmp.filePath(QStringLiteral("outside"));
    QVERIFY(writeFile(outside + QStringLiteral("/secret.txt"), "secret\n"));
    QVERIFY(writeFile(ws + QStringLiteral("/in.txt"), "in\n"));
    QVERIFY(QFile::link(outside + QStringLiteral("/secret.txt"), ws + QStringLiteral("/outlink.txt")));
    QVERIFY(QFile::link(outside, ws + QStringLiteral("/outdir")));
    const auto wsBefore = tree(ws);
    const auto outsideBefore = tree(outside);

    const auto result = PatchApplier::applyText(ws, patch);

    QVERIFY(!result.has_value());
    QVERIFY2(result.error().toString().startsWith(error), qPrintable(result.error().toString()));
    QCOMPARE(tree(ws), wsBefore);
    QCOMPARE(tree(outside), outsideBefore);
}

void TestApplyPatch::apply_lastHunkFails_nothingChanged()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QVERIFY(writeFile(tmp.filePath(QStringLiteral("a.txt")), "a1\na2\n"));
    QVERIFY(writeFile(tmp.filePath(QStringLiteral("del.txt")), "bye\n"));
    QVERIFY(writeFile(tmp.filePath(QStringLiteral("b.txt")), "b1\nb2\nb3\n"));
    const auto before = tree(tmp.path());
    const QString patch = QStringLiteral("*** Begin Patch\n"
                                         "*** Update File: a.txt\n@@\n-a1\n+A1\n"
                                         "*** Add File: new/dir/c.txt\n+c\n"
                                         "*** Delete File: del.txt\n"
                                         "*** Update File: b.txt\n@@\n b1\n-b2\n+B2\n@@\n-nothere\n+x\n"
                                         "*** End Patch\n");

    const auto result = PatchApplier::applyText(tmp.path(), patch);

    QVERIFY(!result.has_value());
    QCOMPARE(result.error().code, ErrorCode::InvalidInput);
    QVERIFY2(result.error().message.startsWith(QLatin1String("b.txt: hunk 2 (line 14): Invalid Context 2:\nnothere")),
             qPrintable(result.error().message));
    QCOMPARE(tree(tmp.path()), before);
}

void TestApplyPatch::apply_moveOnlyUpdate_movesFile()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QVERIFY(writeFile(tmp.filePath(QStringLiteral("old/name.txt")), "same\n"));
    const auto result = PatchApplier::applyText(
        tmp.path(),
        QStringLiteral("*** Begin Patch\n*** Update File: old/name.txt\n*** Move to: new/name.txt\n*** End Patch\n"));
    SC_VERIFY_OK(result);
    QCOMPARE(result->summary, QStringLiteral("Success. Updated the following files:\nM new/name.txt\n"));
    QCOMPARE(readFile(tmp.filePath(QStringLiteral("new/name.txt"))), QByteArray("same\n"));
    QVERIFY(!QFileInfo::exists(tmp.filePath(QStringLiteral("old/name.txt"))));
    QCOMPARE(result->changes.size(), 1);
    QCOMPARE(result->changes.first(), (FileChange{FileChange::Kind::Move, QStringLiteral("new/name.txt"),
                                                  QStringLiteral("old/name.txt"), "same\n", "same\n"}));
}

void TestApplyPatch::apply_addFile_endsWithNewlineAndOverlaysLaterOps()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const auto result =
        PatchApplier::applyText(tmp.path(), QStringLiteral("*** Begin Patch\n*** Add File: n.txt\n+one\n+two\n"
                                                           "*** Update File: n.txt\n@@\n one\n-two\n+2\n"
                                                           "*** End Patch"));
    SC_VERIFY_OK(result);
    QCOMPARE(readFile(tmp.filePath(QStringLiteral("n.txt"))), QByteArray("one\n2\n"));
    QCOMPARE(result->summary, QStringLiteral("Success. Updated the following files:\nA n.txt\nM n.txt\n"));
    QCOMPARE(QDir(tmp.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList{QStringLiteral("n.txt")});
}

void TestApplyPatch::apply_updateKeepsCrlfAndPermissions()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath(QStringLiteral("run.sh"));
    QVERIFY(writeFile(path, "#!/bin/sh\r\necho a\r\n"));
    const auto perms = QFile::permissions(path) | QFile::ExeOwner | QFile::ExeUser;
    QVERIFY(QFile::setPermissions(path, perms));
    const auto result = PatchApplier::applyText(
        tmp.path(), QStringLiteral("*** Begin Patch\n*** Update File: run.sh\n@@\n-echo a\n+echo b\n*** End Patch\n"));
    SC_VERIFY_OK(result);
    QCOMPARE(readFile(path), QByteArray("#!/bin/sh\r\necho b\r\n"));
    QCOMPARE(QFile::permissions(path), perms);
}

void TestApplyPatch::apply_nonUtf8Target_decodeError()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QVERIFY(writeFile(tmp.filePath(QStringLiteral("bin.dat")), QByteArray("\xff\xfe\x00x\n", 5)));
    const auto result = PatchApplier::applyText(
        tmp.path(), QStringLiteral("*** Begin Patch\n*** Update File: bin.dat\n@@\n-x\n+y\n*** End Patch\n"));
    QVERIFY(!result.has_value());
    QCOMPARE(result.error().message,
             QStringLiteral("Failed to read file to update bin.dat: it is not valid UTF-8 text"));
}

void TestApplyPatch::apply_deleteSymlinkInsideRoot_removesLinkOnly()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QVERIFY(writeFile(tmp.filePath(QStringLiteral("target.txt")), "t\n"));
    QVERIFY(QFile::link(tmp.filePath(QStringLiteral("target.txt")), tmp.filePath(QStringLiteral("link.txt"))));
    const auto result = PatchApplier::applyText(
        tmp.path(), QStringLiteral("*** Begin Patch\n*** Delete File: link.txt\n*** End Patch\n"));
    SC_VERIFY_OK(result);
    QVERIFY(!QFileInfo(tmp.filePath(QStringLiteral("link.txt"))).isSymLink());
    QCOMPARE(readFile(tmp.filePath(QStringLiteral("target.txt"))), QByteArray("t\n"));
}

void TestApplyPatch::applyAsync_validPatch_finishesWithSummary()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const auto result = await(PatchApplier::applyAsync(
        tmp.path(), QStringLiteral("*** Begin Patch\n*** Add File: x.txt\n+x\n*** End Patch\n")));
    SC_VERIFY_OK(result);
    QCOMPARE(result->summary, QStringLiteral("Success. Updated the following files:\nA x.txt\n"));
}

void TestApplyPatch::capability_tools_viewImageThenApplyPatch()
{
    FilesystemCapability cap;
    QCOMPARE(cap.type(), QStringLiteral("filesystem"));
    QVERIFY(cap.instructions().isEmpty());
    const auto tools = cap.tools();
    QCOMPARE(tools.size(), size_t(2));
    QCOMPARE(tools.at(0)->name(), QStringLiteral("view_image"));
    QCOMPARE(tools.at(1)->name(), QStringLiteral("apply_patch"));
    const QJsonObject view = tools.at(0)->definition();
    QCOMPARE(view.value(QLatin1String("type")).toString(), QStringLiteral("function"));
    QCOMPARE(view.value(QLatin1String("strict")).toBool(true), false);
    QCOMPARE(view.value(QLatin1String("parameters")).toObject().value(QLatin1String("required")).toArray(),
             QJsonArray{QStringLiteral("path")});
}

void TestApplyPatch::applyPatchTool_transport_definitionAndResult_data()
{
    QTest::addColumn<int>("transport");
    QTest::addColumn<QString>("type");
    QTest::newRow("custom") << int(ApplyPatchTool::Transport::CustomGrammar) << QStringLiteral("custom");
    QTest::newRow("hosted") << int(ApplyPatchTool::Transport::Hosted) << QStringLiteral("apply_patch");
    QTest::newRow("function") << int(ApplyPatchTool::Transport::Function) << QStringLiteral("function");
}

void TestApplyPatch::applyPatchTool_transport_definitionAndResult()
{
    QFETCH(int, transport);
    QFETCH(QString, type);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QVERIFY(writeFile(tmp.filePath(QStringLiteral("notes.txt")), "alpha\nbeta\n"));
    ApplyPatchTool tool(static_cast<ApplyPatchTool::Transport>(transport));
    const QJsonObject def = tool.definition();
    QCOMPARE(def.value(QLatin1String("type")).toString(), type);
    const QString patch =
        QStringLiteral("*** Begin Patch\n*** Update File: notes.txt\n@@\n alpha\n-beta\n+gamma\n*** End Patch\n");
    ToolCall call;
    call.callId = QStringLiteral("call_1");
    call.name = QStringLiteral("apply_patch");
    call.kind = tool.kind();
    switch (tool.transport()) {
    case ApplyPatchTool::Transport::CustomGrammar:
        QCOMPARE(def.value(QLatin1String("format")).toObject().value(QLatin1String("syntax")).toString(),
                 QStringLiteral("lark"));
        QVERIFY(def.value(QLatin1String("format"))
                    .toObject()
                    .value(QLatin1String("definition"))
                    .toString()
                    .startsWith(QLatin1String("start: begin_patch hunk+ end_patch")));
        call.input = patch;
        break;
    case ApplyPatchTool::Transport::Hosted:
        QCOMPARE(def.size(), 1);
        call.operation = QJsonObject{{QStringLiteral("type"), QStringLiteral("update_file")},
                                     {QStringLiteral("path"), QStringLiteral("notes.txt")},
                                     {QStringLiteral("diff"), QStringLiteral("@@\n alpha\n-beta\n+gamma\n")}};
        break;
    case ApplyPatchTool::Transport::Function:
        QCOMPARE(def.value(QLatin1String("strict")).toBool(true), false);
        QCOMPARE(def.value(QLatin1String("parameters")).toObject().value(QLatin1String("required")).toArray(),
                 QJsonArray{QStringLiteral("input")});
        call.arguments = QJsonObject{{QStringLiteral("input"), patch}};
        break;
    }
    ToolContext context;
    context.workspaceRoot = tmp.path();
    const auto out = await(tool.invoke(call, context));
    SC_VERIFY_OK(out);
    QVERIFY(!out->failed);
    QCOMPARE(out->text, QStringLiteral("Success. Updated the following files:\nM notes.txt\n"));
    QCOMPARE(out->status,
             tool.transport() == ApplyPatchTool::Transport::Hosted ? QStringLiteral("completed") : QString());
    QCOMPARE(readFile(tmp.filePath(QStringLiteral("notes.txt"))), QByteArray("alpha\ngamma\n"));
}

void TestApplyPatch::applyPatchTool_failure_failedOutputNothingChanged()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    ApplyPatchTool tool(ApplyPatchTool::Transport::Hosted);
    ToolCall call;
    call.kind = ToolKind::ApplyPatch;
    call.operation = QJsonObject{{QStringLiteral("type"), QStringLiteral("delete_file")},
                                 {QStringLiteral("path"), QStringLiteral("missing.txt")}};
    ToolContext context;
    context.workspaceRoot = tmp.path();
    const auto out = await(tool.invoke(call, context));
    SC_VERIFY_OK(out);
    QVERIFY(out->failed);
    QCOMPARE(out->status, QStringLiteral("failed"));
    QCOMPARE(out->text,
             QStringLiteral("Failed to delete file missing.txt: No such file or directory\nNo files were changed."));
    QVERIFY(QDir(tmp.path()).isEmpty());
}

void TestApplyPatch::viewImage_file_output_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("argument");
    QTest::addColumn<QString>("mimeOrError");
    QTest::addColumn<bool>("failed");
    const QByteArray webp = QByteArray("RIFF\x10\0\0\0WEBPVP8 ", 16) + QByteArray(8, 'w');
    QTest::newRow("png") << QStringLiteral("a.png") << s_png << QStringLiteral("a.png") << QStringLiteral("image/png")
                         << false;
    QTest::newRow("jpeg-no-ext") << QStringLiteral("photo") << QByteArray("\xff\xd8\xff\xe0xxxx")
                                 << QStringLiteral("photo") << QStringLiteral("image/jpeg") << false;
    QTest::newRow("gif") << QStringLiteral("g.gif") << QByteArray("GIF89a....") << QStringLiteral("./g.gif")
                         << QStringLiteral("image/gif") << false;
    QTest::newRow("webp") << QStringLiteral("w.webp") << webp << QStringLiteral("w.webp")
                          << QStringLiteral("image/webp") << false;
    QTest::newRow("svg-by-name") << QStringLiteral("i.svg") << QByteArray("not xml") << QStringLiteral("i.svg")
                                 << QStringLiteral("image/svg+xml") << false;
    QTest::newRow("sandbox-absolute") << QStringLiteral("img/a.png") << s_png << QStringLiteral("/workspace/img/a.png")
                                      << QStringLiteral("image/png") << false;
    QTest::newRow("missing") << QStringLiteral("a.png") << s_png << QStringLiteral("b.png")
                             << QStringLiteral("image path `b.png` was not found") << true;
    QTest::newRow("non-image") << QStringLiteral("notes.png") << QByteArray("hello\n") << QStringLiteral("notes.png")
                               << QStringLiteral("image path `notes.png` is not a supported image file") << true;
    QTest::newRow("too-large") << QStringLiteral("big.png") << s_png + QByteArray(ViewImageTool::MaxBytes, 'x')
                               << QStringLiteral("big.png")
                               << QStringLiteral(
                                      "image path `big.png` exceeded the allowed size of 10MB; resize or compress "
                                      "the image and try again")
                               << true;
    QTest::newRow("outside") << QStringLiteral("a.png") << s_png << QStringLiteral("/etc/passwd")
                             << QStringLiteral(
                                    "An error occurred while running the tool. Please try again. Error: path "
                                    "/etc/passwd is outside the workspace")
                             << true;
    QTest::newRow("dotdot") << QStringLiteral("a.png") << s_png << QStringLiteral("../a.png")
                            << QStringLiteral("An error occurred while running the tool. Please try again. Error: path "
                                              "../a.png must not contain '..'")
                            << true;
}

void TestApplyPatch::viewImage_file_output()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, argument);
    QFETCH(QString, mimeOrError);
    QFETCH(bool, failed);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QVERIFY(writeFile(tmp.filePath(name), bytes));
    ViewImageTool tool;
    ToolCall call;
    call.name = tool.name();
    call.arguments = QJsonObject{{QStringLiteral("path"), argument}};
    ToolContext context;
    context.workspaceRoot = tmp.path();
    context.sandboxRoot = QStringLiteral("/workspace");
    const auto out = await(tool.invoke(call, context));
    SC_VERIFY_OK(out);
    QCOMPARE(out->failed, failed);
    if (failed) {
        QCOMPARE(out->text, mimeOrError);
        QVERIFY(out->content.isEmpty());
        return;
    }
    const QString url = QStringLiteral("data:%1;base64,%2").arg(mimeOrError, QString::fromLatin1(bytes.toBase64()));
    QCOMPARE(out->text, url);
    QCOMPARE(out->content, (QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("input_image")},
                                                   {QStringLiteral("image_url"), url}}}));
}

QTEST_GUILESS_MAIN(TestApplyPatch)
#include "tst_applypatch.moc"
