// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Sandcastle running as root (as in CI) with the Docker client: commands never run as uid 0. A
// workspace the session creates is given to kRootHostSandboxOwner, and what Sandcastle writes into
// it from the host (the session's writeFile/makeDir, apply_patch) stays writable by the container;
// a folder that already existed is never chowned (SECURITY.md "Docker"). Skips unless run as root.
#include "dockertesthost.h"
#include "futurewait.h"
#include "resultverify.h"
#include "sandcastle/core/capabilities/filesystem/patchapplier.h"
#include "sandcastle/core/sandbox/docker/dockerengine.h"
#include "sandcastle/core/sandbox/docker/dockersandboxclient.h"
#include "sandcastle/core/sandbox/docker/dockersandboxsession.h"
#include "sandcastle/core/sandbox/workspaceowner.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Sandcastle::Core;
using Sandcastle::Test::await;

namespace {

QString ids(SandboxOwner owner)
{
    return QStringLiteral("%1:%2").arg(owner.uid).arg(owner.gid);
}

QString ownerText(const QString &path)
{
    const Result<SandboxOwner> owner = ownerOf(path);
    return owner ? ids(*owner) : owner.error().toString();
}

} // namespace

class tst_DockerRootOwner : public QObject
{
    Q_OBJECT

    std::unique_ptr<DockerEngine> m_engine;
    QString m_image;
    std::unique_ptr<QTemporaryDir> m_dir;

    Result<std::unique_ptr<DockerSandboxSession>> startSession(const QString &workspace)
    {
        DockerSandboxOptions docker;
        docker.image = m_image;
        DockerSandboxClient client(docker);
        SandboxOptions options;
        options.workspaceDir = workspace;
        const Result<SandboxSession *> created = await(client.create(options));
        if (!created) {
            return std::unexpected(created.error());
        }
        std::unique_ptr<DockerSandboxSession> session(qobject_cast<DockerSandboxSession *>(*created));
        session->setParent(nullptr);
        const Result<void> started = await(session->start(), 60000);
        if (!started) {
            return std::unexpected(started.error());
        }
        return session;
    }

    static Result<ExecResult> sh(SandboxSession *session, const QString &script)
    {
        ExecRequest request;
        request.argv = {QStringLiteral("sh"), QStringLiteral("-c"), script};
        request.timeoutMs = 30000;
        return await(session->exec(request).future, 60000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!runningAsRoot()) {
            QSKIP("the root-host ownership rules apply only when Sandcastle runs as root (CI, scripts/test)");
        }
        DOCKER_TEST_HOST_OR_SKIP(m_engine, m_image);
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void createdWorkspace_givenToTheSandboxUser()
    {
        const QString ws = m_dir->filePath(QStringLiteral("fresh"));
        auto session = startSession(ws);
        SC_VERIFY_OK(session);
        QCOMPARE(ownerText(ws), ids(kRootHostSandboxOwner));
        const Result<ExecResult> who = sh(session->get(), QStringLiteral("id -u; id -g"));
        SC_VERIFY_OK(who);
        QCOMPARE(who->stdoutData,
                 QStringLiteral("%1\n%2\n").arg(kRootHostSandboxOwner.uid).arg(kRootHostSandboxOwner.gid).toUtf8());
        QVERIFY2((*session)->describe().contains(QStringLiteral("uid:gid ") + ids(kRootHostSandboxOwner)),
                 qPrintable((*session)->describe()));
        const Result<ExecResult> write =
            sh(session->get(), QStringLiteral("mkdir sub && echo in > sub/f && cat sub/f"));
        SC_VERIFY_OK(write);
        QCOMPARE(write->exitCode, 0);
        QCOMPARE(ownerText(ws + QStringLiteral("/sub/f")), ids(kRootHostSandboxOwner));
    }

    void hostWrites_inheritTheOwner_containerCanWriteThem()
    {
        const QString ws = m_dir->filePath(QStringLiteral("writes"));
        auto session = startSession(ws);
        SC_VERIFY_OK(session);
        DockerSandboxSession *s = session->get();
        SC_VERIFY_OK(s->writeFile(QStringLiteral("host/deep/a.txt"), "from the host\n"));
        SC_VERIFY_OK(s->makeDir(QStringLiteral("made"), false));
        SC_VERIFY_OK(s->makeDir(QStringLiteral("made2/x"), true));
        const Result<ExecResult> seeded = sh(s, QStringLiteral("echo one > boxfile.txt"));
        SC_VERIFY_OK(seeded);
        QCOMPARE(seeded->exitCode, 0);
        SC_VERIFY_OK(PatchApplier::applyText(ws, QStringLiteral("*** Begin Patch\n"
                                                                "*** Add File: patched/new.txt\n+patched\n"
                                                                "*** Update File: boxfile.txt\n@@\n-one\n+two\n"
                                                                "*** End Patch\n")));
        for (const char *path : {"host", "host/deep", "host/deep/a.txt", "made", "made2", "made2/x", "patched",
                                 "patched/new.txt", "boxfile.txt"}) {
            QCOMPARE(ownerText(ws + QLatin1Char('/') + QLatin1String(path)), ids(kRootHostSandboxOwner));
        }
        const Result<ExecResult> append =
            sh(s, QStringLiteral("echo more >> host/deep/a.txt && echo more >> patched/new.txt && "
                                 "echo three >> boxfile.txt && touch made/y made2/x/y host/z && rm patched/new.txt"));
        SC_VERIFY_OK(append);
        QVERIFY2(append->exitCode == 0, append->stderrData.constData());
    }

    // A folder that existed before the session (the user's own) keeps its owner. Owned by root, it
    // is not writable by the container's user; owned by someone else, commands run as that owner.
    void existingRootFolder_keepsItsOwner_readOnlyForCommands()
    {
        const QString ws = m_dir->filePath(QStringLiteral("rootowned"));
        QVERIFY(QDir().mkpath(ws));
        QFile seed(ws + QStringLiteral("/seed.txt"));
        QVERIFY(seed.open(QIODevice::WriteOnly) && seed.write("seed\n") == 5);
        seed.close();
        auto session = startSession(ws);
        SC_VERIFY_OK(session);
        QCOMPARE(ownerText(ws), QStringLiteral("0:0"));
        QCOMPARE(ownerText(ws + QStringLiteral("/seed.txt")), QStringLiteral("0:0"));
        const Result<ExecResult> r = sh(session->get(), QStringLiteral("id -u; cat seed.txt; touch new.txt"));
        SC_VERIFY_OK(r);
        QCOMPARE(r->stdoutData, QStringLiteral("%1\nseed\n").arg(kRootHostSandboxOwner.uid).toUtf8());
        QVERIFY2(r->exitCode != 0, "the container's user wrote into a root-owned folder it was not given");
    }

    void existingUserFolder_commandsRunAsItsOwner()
    {
        const QString ws = m_dir->filePath(QStringLiteral("userowned"));
        QVERIFY(QDir().mkpath(ws));
        QCOMPARE(::chown(QFile::encodeName(ws).constData(), 4242, 4243), 0);
        auto session = startSession(ws);
        SC_VERIFY_OK(session);
        QCOMPARE(ownerText(ws), QStringLiteral("4242:4243"));
        const Result<ExecResult> r = sh(session->get(), QStringLiteral("id -u; id -g; touch made-inside"));
        SC_VERIFY_OK(r);
        QCOMPARE(r->stdoutData, QByteArray("4242\n4243\n"));
        QCOMPARE(r->exitCode, 0);
        SC_VERIFY_OK((*session)->writeFile(QStringLiteral("from-host.txt"), "x\n"));
        QCOMPARE(ownerText(ws + QStringLiteral("/from-host.txt")), QStringLiteral("4242:4243"));
    }

    void cleanupTestCase() { m_dir.reset(); }
};

QTEST_GUILESS_MAIN(tst_DockerRootOwner)
#include "tst_dockerrootowner.moc"
