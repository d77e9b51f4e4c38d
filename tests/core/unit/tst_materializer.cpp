// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/manifest/manifestparser.h"
#include "sandcastle/core/manifest/materializer.h"

#include "gitcli.h"
#include "resultverify.h"

#include "testenv.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace Sandcastle::Core;

using Sandcastle::Test::readTestFile;
using Sandcastle::Test::runGit;
using Sandcastle::Test::writeTestFile;

namespace {

int modeOf(const QString &path)
{
    struct stat st{};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

Result<MaterializeReport> materialize(const Manifest &m, const QString &target,
                                      QList<QList<QVariant>> *progress = nullptr, int concurrency = 4)
{
    Materializer mat;
    mat.setFileConcurrency(concurrency);
    QSignalSpy finished(&mat, &Materializer::finished);
    QSignalSpy progressSpy(&mat, &Materializer::progress);
    mat.start(m, target);
    if (!finished.wait(60000) || finished.size() != 1) {
        return fail(ErrorCode::Timeout, QStringLiteral("materializer did not finish exactly once"));
    }
    if (progress) {
        *progress = progressSpy;
    }
    return finished.at(0).at(0).value<Result<MaterializeReport>>();
}

Result<Manifest> parse(const QString &dir, const QString &json)
{
    const QString path = dir + QStringLiteral("/manifest.json");
    if (!writeTestFile(path, json.toUtf8())) {
        return fail(ErrorCode::Io, QStringLiteral("cannot write the manifest"));
    }
    return ManifestParser::parseFile(path);
}

/// Names in `dir` (hidden included): proves no staging directory was left behind.
QStringList listing(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDir::Name);
}

} // namespace

class tst_Materializer : public QObject
{
    Q_OBJECT
    QTemporaryDir m_cache; ///< git_repo entries keep their clones in $XDG_CACHE_HOME

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<Result<MaterializeReport>>();
        QVERIFY(m_cache.isValid());
        qputenv("XDG_CACHE_HOME", m_cache.path().toUtf8());
    }

    void start_inlineEntries_written()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const auto m = parse(tmp.path(), QStringLiteral(R"({"entries":{
            "README.md":{"type":"file","content":"héllo\n"},
            "bin/blob":{"type":"file","content_base64":"AAEC/w=="},
            "src":{"type":"dir","children":{"pkg":{"type":"dir","children":{"a.py":{"type":"file","content":"x=1"}}}}},
            "empty":{"type":"local_dir","src":null}}})"));
        SC_VERIFY_OK(m);
        const QString target = tmp.filePath(QStringLiteral("ws"));
        QList<QList<QVariant>> progress;
        const auto r = materialize(*m, target, &progress);
        SC_VERIFY_OK(r);
        QCOMPARE(readTestFile(target + QStringLiteral("/README.md")), QStringLiteral("héllo\n").toUtf8());
        QCOMPARE(readTestFile(target + QStringLiteral("/bin/blob")), QByteArray("\x00\x01\x02\xff", 4));
        QCOMPARE(readTestFile(target + QStringLiteral("/src/pkg/a.py")), QByteArray("x=1"));
        QVERIFY(QFileInfo(target + QStringLiteral("/empty")).isDir());
        QCOMPARE(modeOf(target), 0755);
        QCOMPARE(r->files, 3);
        QCOMPARE(r->items, 6);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toLongLong(), 6);
        QCOMPARE(progress.last().at(1).toLongLong(), 6);
        QCOMPARE(progress.last().at(2).toLongLong(), 7 + 4 + 3);
        QCOMPARE(listing(tmp.path()), (QStringList{QStringLiteral("manifest.json"), QStringLiteral("ws")}));
    }

    void start_localSources_copiedRelativeToManifest()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        QVERIFY(writeTestFile(tmp.filePath(QStringLiteral("data/one.txt")), "one"));
        QVERIFY(writeTestFile(tmp.filePath(QStringLiteral("tree/run.sh")), "#!/bin/sh\n"));
        QVERIFY(writeTestFile(tmp.filePath(QStringLiteral("tree/deep/er/x.bin")), QByteArray(300000, 'x')));
        QVERIFY(writeTestFile(tmp.filePath(QStringLiteral("tree/.hidden")), "h"));
        QVERIFY(QFile::setPermissions(tmp.filePath(QStringLiteral("tree/run.sh")),
                                      QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup |
                                          QFile::ExeGroup));
        const auto m = parse(tmp.path(), QStringLiteral(R"({"entries":{
            "one.txt":{"type":"local_file","src":"data/one.txt"},
            "copy":{"type":"local_dir","src":"tree"}}})"));
        SC_VERIFY_OK(m);
        const QString target = tmp.filePath(QStringLiteral("out/ws"));
        QList<QList<QVariant>> progress;
        const auto r = materialize(*m, target, &progress, 2);
        SC_VERIFY_OK(r);
        QCOMPARE(readTestFile(target + QStringLiteral("/one.txt")), QByteArray("one"));
        QCOMPARE(readTestFile(target + QStringLiteral("/copy/deep/er/x.bin")), QByteArray(300000, 'x'));
        QCOMPARE(readTestFile(target + QStringLiteral("/copy/.hidden")), QByteArray("h"));
        QCOMPARE(modeOf(target + QStringLiteral("/copy/run.sh")), 0750);
        QCOMPARE(r->bytes, 3 + 10 + 300000 + 1);
        QCOMPARE(progress.last().at(2).toLongLong(), r->bytes);
        QCOMPARE(progress.last().at(0).toLongLong(), progress.last().at(1).toLongLong());
    }

    void start_permissions_applied_data()
    {
        QTest::addColumn<QString>("permissions");
        QTest::addColumn<int>("mode");
        QTest::newRow("octal") << QStringLiteral(R"("0600")") << 0600;
        QTest::newRow("ls") << QStringLiteral(R"("-rwxr-x---")") << 0750;
        QTest::newRow("object") << QStringLiteral(R"({"owner":6,"group":4,"other":4})") << 0644;
    }
    void start_permissions_applied()
    {
        QFETCH(QString, permissions);
        QFETCH(int, mode);
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const auto m = parse(tmp.path(), QStringLiteral(R"({"entries":{
            "f":{"type":"file","content":"x","permissions":%1},
            "d":{"type":"dir","permissions":"0700","children":{"g":{"type":"file","content":""}}}}})")
                                             .arg(permissions));
        SC_VERIFY_OK(m);
        const QString target = tmp.filePath(QStringLiteral("ws"));
        SC_VERIFY_OK(materialize(*m, target));
        QCOMPARE(modeOf(target + QStringLiteral("/f")), mode);
        QCOMPARE(modeOf(target + QStringLiteral("/d")), 0700);
    }

    void start_gitRepo_refAndSubpath_data()
    {
        QTest::addColumn<QString>("ref");
        QTest::addColumn<QString>("subpath");
        QTest::addColumn<bool>("fileUrl");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("default branch") << QString() << QString() << false << QStringLiteral("top.txt")
                                        << QByteArray("v2\n");
        QTest::newRow("branch") << QStringLiteral("feature") << QString() << false << QStringLiteral("feature.txt")
                                << QByteArray("f\n");
        QTest::newRow("tag") << QStringLiteral("v1") << QString() << false << QStringLiteral("top.txt")
                             << QByteArray("v1\n");
        QTest::newRow("commit") << QStringLiteral("FIRST") << QString() << false << QStringLiteral("top.txt")
                                << QByteArray("v1\n");
        QTest::newRow("subpath") << QStringLiteral("main") << QStringLiteral("lib") << false << QStringLiteral("a.txt")
                                 << QByteArray("a\n");
        QTest::newRow("file url") << QStringLiteral("main") << QString() << true << QStringLiteral("lib/a.txt")
                                  << QByteArray("a\n");
    }
    void start_gitRepo_refAndSubpath()
    {
        QFETCH(QString, ref);
        QFETCH(QString, subpath);
        QFETCH(bool, fileUrl);
        QFETCH(QString, file);
        QFETCH(QByteArray, content);
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString repo = tmp.filePath(QStringLiteral("repo"));
        QVERIFY(QDir().mkpath(repo));
        QVERIFY(
            !runGit(repo, {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("main")})
                 .startsWith(QStringLiteral("ERROR")));
        QVERIFY(writeTestFile(repo + QStringLiteral("/top.txt"), "v1\n"));
        QVERIFY(writeTestFile(repo + QStringLiteral("/lib/a.txt"), "a\n"));
        QVERIFY(writeTestFile(repo + QStringLiteral("/run.sh"), "#!/bin/sh\n"));
        QVERIFY(QFile::setPermissions(repo + QStringLiteral("/run.sh"),
                                      QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        QCOMPARE(runGit(repo, {QStringLiteral("add"), QStringLiteral(".")}), QString());
        QVERIFY(!runGit(repo, {QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("one")})
                     .startsWith(QStringLiteral("ERROR")));
        const QString first = runGit(repo, {QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
        QCOMPARE(runGit(repo, {QStringLiteral("tag"), QStringLiteral("v1")}), QString());
        QVERIFY(!runGit(repo, {QStringLiteral("checkout"), QStringLiteral("-qb"), QStringLiteral("feature")})
                     .startsWith(QStringLiteral("ERROR")));
        QVERIFY(writeTestFile(repo + QStringLiteral("/feature.txt"), "f\n"));
        QCOMPARE(runGit(repo, {QStringLiteral("add"), QStringLiteral(".")}), QString());
        QVERIFY(!runGit(repo, {QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("feature")})
                     .startsWith(QStringLiteral("ERROR")));
        QVERIFY(!runGit(repo, {QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")})
                     .startsWith(QStringLiteral("ERROR")));
        QVERIFY(writeTestFile(repo + QStringLiteral("/top.txt"), "v2\n"));
        QVERIFY(!runGit(repo, {QStringLiteral("commit"), QStringLiteral("-qam"), QStringLiteral("two")})
                     .startsWith(QStringLiteral("ERROR")));

        if (ref == QLatin1String("FIRST")) {
            ref = first;
        }
        const QString repoField = fileUrl ? QStringLiteral("file://") + repo : QStringLiteral("repo");
        const auto m = parse(
            tmp.path(),
            QStringLiteral(R"({"entries":{"checkout":{"type":"git_repo","repo":"%1","ref":"%2","subpath":"%3"}}})")
                .arg(repoField, ref, subpath));
        SC_VERIFY_OK(m);
        const QString target = tmp.filePath(QStringLiteral("ws"));
        const auto r = materialize(*m, target);
        SC_VERIFY_OK(r);
        QCOMPARE(readTestFile(target + QStringLiteral("/checkout/") + file), content);
        QVERIFY(!QFileInfo::exists(target + QStringLiteral("/checkout/.git")));
        if (subpath.isEmpty()) {
            QCOMPARE(modeOf(target + QStringLiteral("/checkout/run.sh")), 0755);
        } else {
            QVERIFY(!QFileInfo::exists(target + QStringLiteral("/checkout/top.txt")));
        }
    }

    void start_badSource_failsAndLeavesNothing_data()
    {
        QTest::addColumn<QString>("entries");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("message");
        QTest::newRow("symlink inside local_dir")
            << QStringLiteral(R"("a":{"type":"file","content":"x"},"t":{"type":"local_dir","src":"tree"})")
            << int(ErrorCode::InvalidInput) << QStringLiteral("/entries/t/src")
            << QStringLiteral("tree/sub/link' is a symlink");
        QTest::newRow("symlinked local_file")
            << QStringLiteral(R"("f":{"type":"local_file","src":"tree/sub/link"})") << int(ErrorCode::InvalidInput)
            << QStringLiteral("/entries/f/src") << QStringLiteral("is a symlink");
        QTest::newRow("symlinked directory component")
            << QStringLiteral(R"("f":{"type":"local_file","src":"alias/plain.txt"})") << int(ErrorCode::InvalidInput)
            << QStringLiteral("/entries/f/src") << QStringLiteral("alias' is a symlink");
        QTest::newRow("missing src") << QStringLiteral(R"("f":{"type":"local_file","src":"nope.txt"})")
                                     << int(ErrorCode::NotFound) << QStringLiteral("/entries/f/src")
                                     << QStringLiteral("No such file");
        QTest::newRow("dir as local_file")
            << QStringLiteral(R"("f":{"type":"local_file","src":"tree"})") << int(ErrorCode::InvalidInput)
            << QStringLiteral("/entries/f/src") << QStringLiteral("regular file");
        QTest::newRow("mount")
            << QStringLiteral(
                   R"("a":{"type":"file","content":"x"},"data":{"type":"s3_mount","bucket":"b","mount_strategy":{"type":"in_container","pattern":"rclone"}})")
            << int(ErrorCode::Unsupported) << QStringLiteral("/entries/data")
            << QStringLiteral("mount entries (s3_mount) are not supported by this client yet (entry 'data')");
        QTest::newRow("file over dir")
            << QStringLiteral(
                   R"("d":{"type":"dir","children":{"x":{"type":"file","content":""}}},"d/x/y":{"type":"file","content":""})")
            << int(ErrorCode::InvalidInput) << QStringLiteral("/entries/d~1x~1y")
            << QStringLiteral("'d/x' already exists and is not a directory");
        QTest::newRow("missing git repo")
            << QStringLiteral("\"r\":{\"type\":\"git_repo\",\"repo\":\"file:///nonexistent/repo.git\"}")
            << int(ErrorCode::Network) << QStringLiteral("/entries/r") << QStringLiteral("cannot clone");
        QTest::newRow("git missing ref") << QStringLiteral(R"("r":{"type":"git_repo","repo":"plainrepo","ref":"nope"})")
                                         << int(ErrorCode::InvalidInput) << QStringLiteral("/entries/r")
                                         << QStringLiteral("ref 'nope'");
    }
    void start_badSource_failsAndLeavesNothing()
    {
        QFETCH(QString, entries);
        QFETCH(int, code);
        QFETCH(QString, pointer);
        QFETCH(QString, message);
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        QVERIFY(writeTestFile(tmp.filePath(QStringLiteral("tree/sub/plain.txt")), "p"));
        QVERIFY(writeTestFile(tmp.filePath(QStringLiteral("tree/z.txt")), "z"));
        QCOMPARE(::symlink("plain.txt", QFile::encodeName(tmp.filePath(QStringLiteral("tree/sub/link"))).constData()),
                 0);
        QCOMPARE(::symlink("tree/sub", QFile::encodeName(tmp.filePath(QStringLiteral("alias"))).constData()), 0);
        const QString plainRepo = tmp.filePath(QStringLiteral("plainrepo"));
        QVERIFY(QDir().mkpath(plainRepo));
        QVERIFY(!runGit(plainRepo, {QStringLiteral("init"), QStringLiteral("-q")}).startsWith(QStringLiteral("ERROR")));
        QVERIFY(writeTestFile(plainRepo + QStringLiteral("/f"), "f"));
        QCOMPARE(runGit(plainRepo, {QStringLiteral("add"), QStringLiteral(".")}), QString());
        QVERIFY(!runGit(plainRepo, {QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("c")})
                     .startsWith(QStringLiteral("ERROR")));
        const auto m = parse(tmp.path(), QStringLiteral(R"({"entries":{%1}})").arg(entries));
        SC_VERIFY_OK(m);
        const QString parent = tmp.filePath(QStringLiteral("out"));
        QVERIFY(QDir().mkpath(parent));
        const auto r = materialize(*m, parent + QStringLiteral("/ws"));
        QVERIFY(!r.has_value());
        QCOMPARE(int(r.error().code), code);
        QCOMPARE(r.error().detail, pointer);
        QVERIFY2(r.error().message.startsWith(m->sourceFile + QStringLiteral(": ") + pointer + QStringLiteral(": ")),
                 qPrintable(r.error().message));
        QVERIFY2(r.error().message.contains(message), qPrintable(r.error().message));
        QCOMPARE(listing(parent), QStringList());
    }

    void start_existingTarget_emptyUsedNonEmptyRejected()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const auto m = parse(tmp.path(), QStringLiteral(R"({"entries":{"a":{"type":"file","content":"x"}}})"));
        SC_VERIFY_OK(m);
        const QString empty = tmp.filePath(QStringLiteral("empty"));
        QVERIFY(QDir().mkpath(empty));
        SC_VERIFY_OK(materialize(*m, empty));
        QCOMPARE(readTestFile(empty + QStringLiteral("/a")), QByteArray("x"));
        const auto again = materialize(*m, empty);
        QVERIFY(!again.has_value());
        QCOMPARE(again.error().code, ErrorCode::InvalidInput);
        QVERIFY2(again.error().message.contains(QStringLiteral("not an empty directory")),
                 qPrintable(again.error().message));
        QCOMPARE(listing(empty), QStringList{QStringLiteral("a")});
    }

    void cancel_midCopy_leavesNothing()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        // A sparse 4 GiB file: instant to create, long enough to copy that cancel lands mid-way.
        QFile big(tmp.filePath(QStringLiteral("src/big.bin")));
        QVERIFY(QDir().mkpath(tmp.filePath(QStringLiteral("src"))));
        QVERIFY(big.open(QIODevice::WriteOnly));
        QVERIFY(big.resize(qint64(4) << 30));
        big.close();
        QVERIFY(writeTestFile(tmp.filePath(QStringLiteral("src/small.txt")), "s"));
        const auto m = parse(
            tmp.path(),
            QStringLiteral(R"({"entries":{"f":{"type":"file","content":"x"},"d":{"type":"local_dir","src":"src"}}})"));
        SC_VERIFY_OK(m);
        const QString parent = tmp.filePath(QStringLiteral("out"));
        QVERIFY(QDir().mkpath(parent));
        Materializer mat;
        QSignalSpy finished(&mat, &Materializer::finished);
        connect(&mat, &Materializer::progress, &mat, [&mat](qint64, qint64, qint64 bytes) {
            if (bytes > 1) {
                mat.cancel();
            }
        });
        mat.start(*m, parent + QStringLiteral("/ws"));
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.size(), 1);
        const auto r = finished.at(0).at(0).value<Result<MaterializeReport>>();
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, ErrorCode::Cancelled);
        QCOMPARE(listing(parent), QStringList());
        QVERIFY(!mat.isRunning());
    }

    void start_whileRunning_secondCallRejected()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const auto m = parse(tmp.path(), QStringLiteral(R"({"entries":{"a":{"type":"file","content":"x"}}})"));
        SC_VERIFY_OK(m);
        Materializer mat;
        QSignalSpy finished(&mat, &Materializer::finished);
        mat.start(*m, tmp.filePath(QStringLiteral("one")));
        mat.start(*m, tmp.filePath(QStringLiteral("two")));
        QTRY_COMPARE(finished.size(), 2);
        int failures = 0;
        for (const auto &args : finished) {
            failures += args.at(0).value<Result<MaterializeReport>>().has_value() ? 0 : 1;
        }
        QCOMPARE(failures, 1);
        QVERIFY(QFileInfo::exists(tmp.filePath(QStringLiteral("one/a"))));
        QVERIFY(!QFileInfo::exists(tmp.filePath(QStringLiteral("two"))));
    }
};

QTEST_GUILESS_MAIN(tst_Materializer)
#include "tst_materializer.moc"
