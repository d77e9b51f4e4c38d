// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The approval rules as tables: which calls ApprovalPolicy::Outside holds (and why), which later
// calls an "Always for this run" approval covers, and the policy names of the CLI and journal.
#include "sandcastle/core/runner/approvalrules.h"

#include <QJsonObject>
#include <QTest>

using namespace Sandcastle::Core;

namespace {

const QString kRoot = QStringLiteral("/workspace");

ToolCall exec(const QString &cmd, const QString &workdir = {})
{
    ToolCall call;
    call.name = QStringLiteral("exec_command");
    call.arguments.insert(QStringLiteral("cmd"), cmd);
    if (!workdir.isEmpty()) {
        call.arguments.insert(QStringLiteral("workdir"), workdir);
    }
    return call;
}

ToolCall stdinCall(const QString &chars)
{
    ToolCall call;
    call.name = QStringLiteral("write_stdin");
    call.arguments = QJsonObject{{QStringLiteral("session_id"), 1}, {QStringLiteral("chars"), chars}};
    return call;
}

ToolCall patchText(const QString &body)
{
    ToolCall call;
    call.kind = ToolKind::Custom;
    call.name = QStringLiteral("apply_patch");
    call.input = QStringLiteral("*** Begin Patch\n") + body + QStringLiteral("*** End Patch\n");
    return call;
}

ToolCall addFile(const QString &path)
{
    return patchText(QStringLiteral("*** Add File: %1\n+x\n").arg(path));
}

ToolCall hostedPatch(const QString &path)
{
    ToolCall call;
    call.kind = ToolKind::ApplyPatch;
    call.name = QStringLiteral("apply_patch");
    call.operation = QJsonObject{{QStringLiteral("type"), QStringLiteral("create_file")},
                                 {QStringLiteral("path"), path},
                                 {QStringLiteral("diff"), QStringLiteral("+x\n")}};
    return call;
}

ToolCall other(const QString &name)
{
    ToolCall call;
    call.name = name;
    call.arguments.insert(QStringLiteral("path"), QStringLiteral("/etc/passwd"));
    return call;
}

} // namespace

Q_DECLARE_METATYPE(Sandcastle::Core::ToolCall)

class tst_ApprovalRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void outside_data()
    {
        QTest::addColumn<ToolCall>("call");
        QTest::addColumn<QString>("reason"); ///< empty: runs; else a part of the reason

        // Inside the workspace, no network: runs.
        QTest::newRow("plain command") << exec(QStringLiteral("ls -la src")) << QString();
        QTest::newRow("tests") << exec(QStringLiteral("npm test -- --watch=false")) << QString();
        QTest::newRow("absolute path inside") << exec(QStringLiteral("cat /workspace/src/a.c")) << QString();
        QTest::newRow("root itself") << exec(QStringLiteral("ls /workspace")) << QString();
        QTest::newRow("dev null") << exec(QStringLiteral("make 2>/dev/null >/dev/stdout")) << QString();
        QTest::newRow("dotdot inside") << exec(QStringLiteral("cat ../a.txt"), QStringLiteral("src")) << QString();
        QTest::newRow("workdir inside abs")
            << exec(QStringLiteral("ls"), QStringLiteral("/workspace/src")) << QString();
        QTest::newRow("local git") << exec(QStringLiteral("git -C sub status && git commit -m 'x'")) << QString();
        QTest::newRow("npm run") << exec(QStringLiteral("npm run build")) << QString();
        QTest::newRow("sed slashes") << exec(QStringLiteral("sed -i 's/a/b/' f.txt")) << QString();
        QTest::newRow("quoted operators") << exec(QStringLiteral("echo 'curl; wget' \"a && b\"")) << QString();
        QTest::newRow("comment") << exec(QStringLiteral("ls # then curl it")) << QString();
        QTest::newRow("stdin plain") << stdinCall(QStringLiteral("print(1)\n")) << QString();
        QTest::newRow("patch inside") << addFile(QStringLiteral("src/new.c")) << QString();
        QTest::newRow("hosted patch inside") << hostedPatch(QStringLiteral("a/b.txt")) << QString();
        QTest::newRow("patch dotdot inside") << addFile(QStringLiteral("src/../b.txt")) << QString();
        QTest::newRow("unparsable patch") << patchText(QStringLiteral("garbage\n")) << QString();
        QTest::newRow("other tool") << other(QStringLiteral("view_image")) << QString();

        // Outside the workspace.
        QTest::newRow("workdir abs") << exec(QStringLiteral("ls"), QStringLiteral("/etc"))
                                     << QStringLiteral("runs in /etc");
        QTest::newRow("workdir prefix trick")
            << exec(QStringLiteral("ls"), QStringLiteral("/workspace2")) << QStringLiteral("runs in /workspace2");
        QTest::newRow("workdir climbs") << exec(QStringLiteral("ls"), QStringLiteral("src/../.."))
                                        << QStringLiteral("runs in src/../..");
        QTest::newRow("abs path") << exec(QStringLiteral("cat /etc/passwd")) << QStringLiteral("names /etc/passwd");
        QTest::newRow("cleaned abs path")
            << exec(QStringLiteral("cat /workspace/../etc/shadow")) << QStringLiteral("names /workspace/../etc/shadow");
        QTest::newRow("redirect target") << exec(QStringLiteral("echo x >/tmp/out"))
                                         << QStringLiteral("names /tmp/out");
        QTest::newRow("option value") << exec(QStringLiteral("tool --config=/etc/tool.conf"))
                                      << QStringLiteral("names /etc/tool.conf");
        QTest::newRow("home") << exec(QStringLiteral("cat ~/.ssh/id_rsa")) << QStringLiteral("home directory");
        QTest::newRow("climbs") << exec(QStringLiteral("cat ../secret")) << QStringLiteral("climbs out");
        QTest::newRow("climbs from workdir")
            << exec(QStringLiteral("cat ../../x"), QStringLiteral("src")) << QStringLiteral("climbs out");
        QTest::newRow("in a cd") << exec(QStringLiteral("cd / && ls")) << QStringLiteral("names /,");
        QTest::newRow("stdin abs") << stdinCall(QStringLiteral("cat /etc/hosts\n"))
                                   << QStringLiteral("names /etc/hosts");

        // The network.
        QTest::newRow("curl") << exec(QStringLiteral("curl -s example.com")) << QStringLiteral("network (curl)");
        QTest::newRow("wget path") << exec(QStringLiteral("/workspace/bin/wget x")) << QStringLiteral("(wget)");
        QTest::newRow("url") << exec(QStringLiteral("python3 fetch.py https://example.com"))
                             << QStringLiteral("network (https://example.com)");
        QTest::newRow("ssh url") << exec(QStringLiteral("git remote add o git@github.com:a/b.git"))
                                 << QStringLiteral("network (git@github.com:a/b.git)");
        QTest::newRow("git clone") << exec(QStringLiteral("git clone repo")) << QStringLiteral("network (git clone)");
        QTest::newRow("git -C push") << exec(QStringLiteral("git -C sub push")) << QStringLiteral("(git push)");
        QTest::newRow("pip install") << exec(QStringLiteral("pip install -r req.txt"))
                                     << QStringLiteral("(pip install)");
        QTest::newRow("python -m pip") << exec(QStringLiteral("python3 -m pip install x"))
                                       << QStringLiteral("(python3 -m pip install)");
        QTest::newRow("npm ci") << exec(QStringLiteral("npm ci")) << QStringLiteral("(npm ci)");
        QTest::newRow("yarn bare") << exec(QStringLiteral("yarn")) << QStringLiteral("yarn installs");
        QTest::newRow("cargo install") << exec(QStringLiteral("cargo install ripgrep"))
                                       << QStringLiteral("(cargo install)");
        QTest::newRow("apt-get") << exec(QStringLiteral("sudo apt-get install -y jq"))
                                 << QStringLiteral("(apt-get install)");
        QTest::newRow("nc after pipe") << exec(QStringLiteral("cat f | nc host 80")) << QStringLiteral("(nc)");
        QTest::newRow("after &&") << exec(QStringLiteral("make && scp a host:b")) << QStringLiteral("(scp)");
        QTest::newRow("env prefix") << exec(QStringLiteral("FOO=1 env -u X timeout 5 curl x"))
                                    << QStringLiteral("(curl)");
        QTest::newRow("substitution") << exec(QStringLiteral("echo \"$(curl x)\"")) << QStringLiteral("(curl)");
        QTest::newRow("backticks") << exec(QStringLiteral("echo `wget -O- x`")) << QStringLiteral("(wget)");
        QTest::newRow("if keyword") << exec(QStringLiteral("if curl x; then echo; fi")) << QStringLiteral("(curl)");
        QTest::newRow("bash -lc") << exec(QStringLiteral("bash -lc 'npm install'")) << QStringLiteral("(npm install)");
        QTest::newRow("newline") << exec(QStringLiteral("ls\nping -c1 h")) << QStringLiteral("(ping)");
        QTest::newRow("stdin network") << stdinCall(QStringLiteral("curl x\n")) << QStringLiteral("(curl)");

        // Patches.
        QTest::newRow("patch abs") << addFile(QStringLiteral("/etc/cron.d/x"))
                                   << QStringLiteral("patches /etc/cron.d/x");
        QTest::newRow("patch climbs") << addFile(QStringLiteral("../x"))
                                      << QStringLiteral("patches ../x, which climbs");
        QTest::newRow("patch move out") << patchText(
                                               QStringLiteral("*** Update File: a.txt\n*** Move to: ../../b.txt\n"))
                                        << QStringLiteral("patches ../../b.txt");
        QTest::newRow("hosted patch out") << hostedPatch(QStringLiteral("../x")) << QStringLiteral("patches ../x");
    }
    void outside()
    {
        QFETCH(ToolCall, call);
        QFETCH(QString, reason);
        const QString actual = approvalReason(call, kRoot);
        if (reason.isEmpty()) {
            QVERIFY2(actual.isEmpty(), qPrintable(actual));
        } else {
            QVERIFY2(actual.contains(reason), qPrintable(QStringLiteral("got: ") + actual));
        }
    }

    void always_data()
    {
        QTest::addColumn<ToolCall>("approved");
        QTest::addColumn<ToolCall>("later");
        QTest::addColumn<bool>("covered");

        QTest::newRow("same program, other options")
            << exec(QStringLiteral("npm test")) << exec(QStringLiteral("npm test -- --watch=false")) << true;
        QTest::newRow("other subcommand")
            << exec(QStringLiteral("npm test")) << exec(QStringLiteral("npm publish")) << false;
        QTest::newRow("options only") << exec(QStringLiteral("ls -la")) << exec(QStringLiteral("ls -R")) << true;
        QTest::newRow("other script") << exec(QStringLiteral("python3 test.py"))
                                      << exec(QStringLiteral("python3 evil.py")) << false;
        QTest::newRow("chained part") << exec(QStringLiteral("make && npm test")) << exec(QStringLiteral("npm test"))
                                      << true;
        QTest::newRow("chain adds a command")
            << exec(QStringLiteral("npm test")) << exec(QStringLiteral("npm test && curl x")) << false;
        QTest::newRow("substitution adds a command")
            << exec(QStringLiteral("echo hi")) << exec(QStringLiteral("echo $(rm -rf x)")) << false;
        QTest::newRow("wrapper differs") << exec(QStringLiteral("npm test")) << exec(QStringLiteral("sudo npm test"))
                                         << false;
        QTest::newRow("shell script is its commands")
            << exec(QStringLiteral("bash -lc 'npm test'")) << exec(QStringLiteral("npm test")) << true;
        QTest::newRow("shell script other command")
            << exec(QStringLiteral("bash -lc 'npm test'")) << exec(QStringLiteral("bash -lc 'rm -rf x'")) << false;
        QTest::newRow("other tool") << exec(QStringLiteral("npm test")) << stdinCall(QStringLiteral("x")) << false;
        QTest::newRow("same tool name") << stdinCall(QStringLiteral("a")) << stdinCall(QStringLiteral("b")) << true;
        QTest::newRow("patch same dir") << addFile(QStringLiteral("src/a.c")) << addFile(QStringLiteral("src/b.c"))
                                        << true;
        QTest::newRow("patch hosted same dir")
            << addFile(QStringLiteral("src/a.c")) << hostedPatch(QStringLiteral("src/./c.c")) << true;
        QTest::newRow("patch subdirectory")
            << addFile(QStringLiteral("src/a.c")) << addFile(QStringLiteral("src/sub/b.c")) << false;
        QTest::newRow("patch other dir") << addFile(QStringLiteral("src/a.c")) << addFile(QStringLiteral("b.c"))
                                         << false;
        QTest::newRow("patch root") << addFile(QStringLiteral("a.c")) << addFile(QStringLiteral("b.c")) << true;
        QTest::newRow("patch one dir of two")
            << addFile(QStringLiteral("src/a.c"))
            << patchText(QStringLiteral("*** Add File: src/b.c\n+x\n*** Add File: docs/c.md\n+y\n")) << false;
        QTest::newRow("unparsable patch never covered")
            << patchText(QStringLiteral("garbage\n")) << patchText(QStringLiteral("garbage\n")) << false;
        QTest::newRow("empty command never covered") << exec(QStringLiteral(" ")) << exec(QStringLiteral(" ")) << false;
    }
    void always()
    {
        QFETCH(ToolCall, approved);
        QFETCH(ToolCall, later);
        QFETCH(bool, covered);
        ApprovalRules rules;
        QVERIFY(!rules.covers(approved));
        rules.allow(approved);
        QCOMPARE(rules.covers(later), covered);
        if (!approvalKeys(approved).isEmpty()) {
            QVERIFY2(rules.covers(approved), qPrintable(rules.keys().join(QLatin1Char(','))));
        }
    }

    void keys_spelled()
    {
        QCOMPARE(approvalKeys(exec(QStringLiteral("FOO=1 npm test --ci | tee log"))),
                 (QStringList{QStringLiteral("exec_command:FOO=1 npm test"), QStringLiteral("exec_command:tee log")}));
        QCOMPARE(approvalKeys(addFile(QStringLiteral("a.c"))), QStringList{QStringLiteral("apply_patch:./")});
        QCOMPARE(approvalKeys(stdinCall(QStringLiteral("x"))), QStringList{QStringLiteral("write_stdin")});
    }

    void policyNames()
    {
        for (ApprovalPolicy p :
             {ApprovalPolicy::Auto, ApprovalPolicy::Deny, ApprovalPolicy::Ask, ApprovalPolicy::Outside}) {
            QCOMPARE(approvalPolicyFromName(approvalPolicyName(p)), std::optional<ApprovalPolicy>(p));
        }
        QCOMPARE(approvalPolicyName(ApprovalPolicy::Outside), QStringLiteral("outside"));
        QVERIFY(!approvalPolicyFromName(QStringLiteral("Ask")));
    }
};

QTEST_GUILESS_MAIN(tst_ApprovalRules)
#include "tst_approvalrules.moc"
