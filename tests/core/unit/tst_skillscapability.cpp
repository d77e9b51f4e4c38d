// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The skills capability (spec 2.4): frontmatter, option validation, each source type (literal,
// local directory, a real git repository made here, lazy with load_skill), index order and
// de-duplication, the instruction fragment, and bad skill folders reported as issues.
#include "sandcastle/core/capabilities/skills/loadskilltool.h"
#include "sandcastle/core/capabilities/skills/skillscapability.h"

#include "futurewait.h"
#include "resultverify.h"
#include "testenv.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;
using namespace Sandcastle::Test;
using Sandcastle::Test::await;

namespace {

QByteArray skillMd(const QString &name, const QString &description)
{
    return QStringLiteral("---\nname: %1\ndescription: \"%2\"\n---\n\n# %1\n\nDo the thing.\n")
        .arg(name, description)
        .toUtf8();
}

QJsonObject parseJson(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

} // namespace

class tst_SkillsCapability : public QObject
{
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> m_dir;

    QString path(const QString &relative) const { return m_dir->filePath(relative); }

    /// A source folder with two good skills (given out of order), one without SKILL.md, one with
    /// broken frontmatter and one hidden folder.
    QString makeSourceFolder(const QString &name)
    {
        const QString root = path(name);
        writeTestFile(root + QStringLiteral("/zeta/SKILL.md"),
                      skillMd(QStringLiteral("zeta"), QStringLiteral("Last.")));
        writeTestFile(root + QStringLiteral("/zeta/scripts/run.sh"), "#!/bin/sh\necho zeta\n");
        writeTestFile(root + QStringLiteral("/alpha-dir/SKILL.md"),
                      skillMd(QStringLiteral("alpha"), QStringLiteral("First: with a colon.")));
        writeTestFile(root + QStringLiteral("/empty/README.txt"), "no skill here\n");
        writeTestFile(root + QStringLiteral("/broken/SKILL.md"), "---\nname: broken\ndescription: never closed\n");
        writeTestFile(root + QStringLiteral("/.git/SKILL.md"), skillMd(QStringLiteral("hidden"), QStringLiteral("x")));
        return root;
    }

    static void verifyIndexAndIssues(const SkillsPrepared &prepared, const QString &issuePrefix)
    {
        QCOMPARE(prepared.index.size(), 2);
        QCOMPARE(prepared.index.at(0).name, QStringLiteral("alpha"));
        QCOMPARE(prepared.index.at(0).description, QStringLiteral("First: with a colon."));
        QCOMPARE(prepared.index.at(0).path, QStringLiteral(".agents/alpha-dir"));
        QCOMPARE(prepared.index.at(1).name, QStringLiteral("zeta"));
        QCOMPARE(prepared.issues.size(), 2);
        QCOMPARE(prepared.issues.at(0).file, issuePrefix + QStringLiteral("/broken/SKILL.md"));
        QVERIFY2(prepared.issues.at(0).reason.contains(QStringLiteral("never closed")),
                 qPrintable(prepared.issues.at(0).reason));
        QCOMPARE(prepared.issues.at(1).file, issuePrefix + QStringLiteral("/empty"));
        QVERIFY(prepared.issues.at(1).reason.contains(QStringLiteral("no SKILL.md")));
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void parseSkillFrontmatter_text_values_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("description");
        QTest::newRow("plain") << "---\nname: a\ndescription: b c\n---\nbody" << true << "a" << "b c";
        QTest::newRow("quotes stripped") << "---\nname: 'a'\ndescription: \"b: c\"\n---\n" << true << "a" << "b: c";
        QTest::newRow("mismatched quotes kept") << "---\nname: 'a\"\n---\n" << true << "'a\"" << "";
        QTest::newRow("comments and blanks") << "---\n# note\n\nname: a\n---\n" << true << "a" << "";
        QTest::newRow("crlf") << "---\r\nname: a\r\n---\r\n" << true << "a" << "";
        QTest::newRow("no frontmatter") << "# Title\nname: x\n" << true << "" << "";
        QTest::newRow("never closed") << "---\nname: a\n" << false << "" << "";
        QTest::newRow("not key value") << "---\njust words\n---\n" << false << "" << "";
    }
    void parseSkillFrontmatter_text_values()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(QString, name);
        QFETCH(QString, description);
        const auto parsed = parseSkillFrontmatter(text);
        QCOMPARE(parsed.has_value(), ok);
        if (ok) {
            QCOMPARE(parsed->value(QStringLiteral("name")), name);
            QCOMPARE(parsed->value(QStringLiteral("description")), description);
        }
    }

    void validate_options_result_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("error"); // empty = valid
        QTest::newRow("no source") << "{}" << "exactly one source";
        QTest::newRow("two sources") << R"({"local_dir":"/a","lazy_dir":"/b"})" << "exactly one source";
        QTest::newRow("local") << R"({"local_dir":"/a"})" << "";
        QTest::newRow("absolute path") << R"({"local_dir":"/a","skills_path":"/x"})" << "relative";
        QTest::newRow("dotdot path") << R"({"local_dir":"/a","skills_path":"a/../b"})" << "..";
        QTest::newRow("empty path") << R"({"local_dir":"/a","skills_path":""})" << "empty";
        QTest::newRow("duplicate names") << R"({"skills":[{"name":"a","content":"x"},{"name":"a/","content":"y"}]})"
                                         << "twice";
        QTest::newRow("escaping script") << R"({"skills":[{"name":"a","content":"x","scripts":{"../x.sh":"y"}}]})"
                                         << "..";
        QTest::newRow("content missing") << R"({"skills":[{"name":"a"}]})" << "/skills/0";
    }
    void validate_options_result()
    {
        QFETCH(QString, json);
        QFETCH(QString, error);
        const auto parsed = SkillsOptions::fromJson(parseJson(json), QStringLiteral("test.json"));
        if (error.isEmpty()) {
            SC_VERIFY_OK(parsed);
        } else {
            QVERIFY(!parsed);
            QVERIFY2(parsed.error().message.contains(error), qPrintable(parsed.error().message));
        }
    }

    void prepareWorkspace_literal_materializedAndIndexed()
    {
        SkillsOptions options;
        SkillDefinition b{
            QStringLiteral("beta"), QStringLiteral("Second."), skillMd(QStringLiteral("beta"), {}), {}, {}, {}};
        b.scripts.insert(QStringLiteral("go.sh"), "echo go\n");
        b.references.insert(QStringLiteral("notes/ref.md"), "ref\n");
        SkillDefinition a{QStringLiteral("alpha"),
                          {},
                          skillMd(QStringLiteral("alpha"), QStringLiteral("From SKILL.md.")),
                          {},
                          {},
                          {}};
        options.skills = {b, a};
        const auto prepared = SkillsCapability::prepareWorkspace(options, path(QStringLiteral("ws")));
        SC_VERIFY_OK(prepared);
        QCOMPARE(readTestFile(path(QStringLiteral("ws/.agents/beta/SKILL.md"))), b.content);
        QCOMPARE(readTestFile(path(QStringLiteral("ws/.agents/beta/scripts/go.sh"))), QByteArray("echo go\n"));
        QCOMPARE(readTestFile(path(QStringLiteral("ws/.agents/beta/references/notes/ref.md"))), QByteArray("ref\n"));
        QVERIFY(!QFileInfo::exists(path(QStringLiteral("ws/.agents/beta/assets"))));
        QCOMPARE(prepared->index.size(), 2);
        QCOMPARE(prepared->index.at(0), (SkillMetadata{QStringLiteral("alpha"), QStringLiteral("From SKILL.md."),
                                                       QStringLiteral(".agents/alpha"), QStringLiteral("alpha")}));
        QCOMPARE(prepared->index.at(1).description, QStringLiteral("Second."));
        QVERIFY(prepared->issues.isEmpty());
    }

    void prepareWorkspace_localDir_copiedSortedAndBadFoldersReported()
    {
        SkillsOptions options;
        options.localDir = makeSourceFolder(QStringLiteral("source"));
        const auto prepared = SkillsCapability::prepareWorkspace(options, path(QStringLiteral("ws")));
        SC_VERIFY_OK(prepared);
        verifyIndexAndIssues(*prepared, QStringLiteral(".agents"));
        QCOMPARE(readTestFile(path(QStringLiteral("ws/.agents/zeta/scripts/run.sh"))),
                 QByteArray("#!/bin/sh\necho zeta\n"));
    }

    void prepareWorkspace_missingLocalDir_fails()
    {
        SkillsOptions options;
        options.localDir = path(QStringLiteral("nowhere"));
        const auto prepared = SkillsCapability::prepareWorkspace(options, path(QStringLiteral("ws")));
        QVERIFY(!prepared);
        QCOMPARE(prepared.error().code, ErrorCode::NotFound);
    }

    void prepareWorkspace_gitRepository_treeExportedAndIndexed()
    {
        const QString repo = makeSourceFolder(QStringLiteral("repo"));
        QDir(repo + QStringLiteral("/.git")).removeRecursively();
        const auto git = [&repo](const QStringList &args) {
            QProcess p;
            p.setWorkingDirectory(repo);
            p.start(QStringLiteral("git"),
                    QStringList{QStringLiteral("-c"), QStringLiteral("user.name=t"), QStringLiteral("-c"),
                                QStringLiteral("user.email=t@example.org")} +
                        args);
            return p.waitForFinished(30000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
        };
        if (QStandardPaths::findExecutable(QStringLiteral("git")).isEmpty()) {
            QSKIP("git is not installed");
        }
        QVERIFY(git({QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("main")}));
        QVERIFY(git({QStringLiteral("add"), QStringLiteral("-A")}));
        QVERIFY(git({QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"), QStringLiteral("skills")}));
        SkillsOptions options;
        options.gitUrl = repo;
        options.gitRef = QStringLiteral("main");
        const auto prepared = SkillsCapability::prepareWorkspace(options, path(QStringLiteral("ws")));
        SC_VERIFY_OK(prepared);
        verifyIndexAndIssues(*prepared, QStringLiteral(".agents"));
        QVERIFY(!QFileInfo::exists(path(QStringLiteral("ws/.agents/.git"))));

        options.gitRef = QStringLiteral("no-such-branch");
        const auto badRef = SkillsCapability::prepareWorkspace(options, path(QStringLiteral("ws2")));
        QVERIFY(!badRef);
        QVERIFY2(badRef.error().message.contains(repo), qPrintable(badRef.error().message));
    }

    void loadSkill_lazySource_copiesOneSkillAsJson()
    {
        SkillsOptions options;
        options.lazyDir = makeSourceFolder(QStringLiteral("lazy"));
        options.pathGrants = {m_dir->path()}; // the temporary folder is outside the current directory
        options.skillsPath = QStringLiteral("skills");
        const auto prepared = SkillsCapability::prepareWorkspace(options, path(QStringLiteral("ws")));
        SC_VERIFY_OK(prepared);
        QCOMPARE(prepared->index.at(0).path, QStringLiteral("skills/alpha-dir"));
        QVERIFY(!QFileInfo::exists(path(QStringLiteral("ws/skills")))); // nothing staged up front
        SkillsCapability capability(options);
        capability.setPrepared(*prepared);
        QCOMPARE(capability.tools().size(), std::size_t(1));
        Tool *tool = capability.tools().front();
        QCOMPARE(tool->name(), QStringLiteral("load_skill"));
        QVERIFY(capability.instructions().contains(QStringLiteral("load_skill")));

        ToolContext context;
        context.workspaceRoot = path(QStringLiteral("ws"));
        ToolCall call;
        call.name = QStringLiteral("load_skill");
        call.arguments = {{QStringLiteral("skill_name"), QStringLiteral("alpha")}};
        auto out = await(tool->invoke(call, context));
        SC_VERIFY_OK(out);
        QCOMPARE(parseJson(out->text), (QJsonObject{{QStringLiteral("status"), QStringLiteral("loaded")},
                                                    {QStringLiteral("skill_name"), QStringLiteral("alpha")},
                                                    {QStringLiteral("path"), QStringLiteral("skills/alpha-dir")}}));
        QVERIFY(QFileInfo::exists(path(QStringLiteral("ws/skills/alpha-dir/SKILL.md"))));
        QVERIFY(!QFileInfo::exists(path(QStringLiteral("ws/skills/zeta"))));

        call.arguments = {{QStringLiteral("skill_name"), QStringLiteral("alpha-dir")}};
        out = await(tool->invoke(call, context));
        SC_VERIFY_OK(out);
        QCOMPARE(parseJson(out->text).value(QStringLiteral("status")).toString(), QStringLiteral("already_loaded"));

        call.arguments = {{QStringLiteral("skill_name"), QStringLiteral("nope")}};
        out = await(tool->invoke(call, context));
        SC_VERIFY_OK(out);
        QVERIFY(out->failed);
        QVERIFY2(out->text.contains(QStringLiteral("lazy skill not found: nope")), qPrintable(out->text));
    }

    void lazySource_outsideCwdAndGrants_emptyIndexWithIssue()
    {
        SkillsOptions options;
        options.lazyDir = makeSourceFolder(QStringLiteral("lazy"));
        QVERIFY(!options.lazySource().startsWith(QDir::currentPath() + QLatin1Char('/')));
        options.pathGrants = {path(QStringLiteral("elsewhere"))};
        const auto outside = SkillsCapability::prepareWorkspace(options, path(QStringLiteral("ws")));
        SC_VERIFY_OK(outside);
        QVERIFY(outside->index.isEmpty());
        QCOMPARE(outside->issues.size(), 1);
        QCOMPARE(outside->issues.first().file, options.lazySource());
        QVERIFY2(outside->issues.first().reason.contains(QStringLiteral("outside the current directory")),
                 qPrintable(outside->issues.first().reason));

        // Resolved against the current directory: a relative source inside it needs no grant.
        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(m_dir->path()));
        options.lazyDir = QStringLiteral("lazy");
        options.pathGrants.clear();
        const auto inside = SkillsCapability::prepareWorkspace(options, path(QStringLiteral("ws")));
        QVERIFY(QDir::setCurrent(previous));
        SC_VERIFY_OK(inside);
        verifyIndexAndIssues(*inside, path(QStringLiteral("lazy")));
        // "lazy-other" is not inside "lazy": a grant is a folder, not a name prefix.
        options.lazyDir = makeSourceFolder(QStringLiteral("lazy-other"));
        options.pathGrants = {path(QStringLiteral("lazy"))};
        const auto prefix = SkillsCapability::prepareWorkspace(options, path(QStringLiteral("ws")));
        SC_VERIFY_OK(prefix);
        QVERIFY(prefix->index.isEmpty());
    }

    void lazySource_grantsChange_indexInvalidated()
    {
        SkillsOptions options;
        options.lazyDir = makeSourceFolder(QStringLiteral("lazy"));
        options.pathGrants = {path(QStringLiteral("lazy"))};
        const auto prepared = SkillsCapability::prepareWorkspace(options, path(QStringLiteral("ws")));
        SC_VERIFY_OK(prepared);
        SkillsCapability capability(options);
        capability.setPrepared(*prepared);
        QCOMPARE(capability.index().size(), 2);
        QVERIFY(capability.instructions().contains(QStringLiteral("- alpha:")));

        QVERIFY(capability.setPathGrants(options.pathGrants).isEmpty()); // unchanged: the cache stays
        QCOMPARE(capability.index().size(), 2);
        const QList<CapabilityIssue> revoked = capability.setPathGrants({});
        QCOMPARE(revoked.size(), 1);
        QVERIFY(revoked.first().reason.contains(QStringLiteral("outside the current directory")));
        QVERIFY(capability.index().isEmpty());
        QVERIFY(!capability.instructions().contains(QStringLiteral("- alpha:")));

        // A skill added while the source was not granted shows up once it is granted again.
        writeTestFile(path(QStringLiteral("lazy/beta/SKILL.md")),
                      skillMd(QStringLiteral("beta"), QStringLiteral("B.")));
        const QList<CapabilityIssue> granted = capability.setPathGrants({m_dir->path()});
        QCOMPARE(granted.size(), 2); // the broken and the empty folder, as before
        QCOMPARE(capability.index().size(), 3);
        QCOMPARE(capability.index().at(1).name, QStringLiteral("beta"));
    }

    void loadSkill_ambiguousName_failsNamingFolders()
    {
        const QList<SkillMetadata> index{{QStringLiteral("x"), {}, QStringLiteral(".agents/a"), QStringLiteral("a")},
                                         {QStringLiteral("x"), {}, QStringLiteral(".agents/b"), QStringLiteral("b")}};
        const ToolOutput out = LoadSkillTool::load(QStringLiteral("x"), index, path(QStringLiteral("lazy")),
                                                   QStringLiteral(".agents"), path(QStringLiteral("ws")));
        QVERIFY(out.failed);
        QVERIFY2(out.text.contains(QStringLiteral("ambiguous (folders: a, b)")), qPrintable(out.text));
    }

    void renderInstructions_index_listsSkillsOrNothing()
    {
        QVERIFY(SkillsCapability::renderInstructions({}, QStringLiteral(".agents"), false).isEmpty());
        const QList<SkillMetadata> index{{QStringLiteral("alpha"), QStringLiteral("First."),
                                          QStringLiteral(".agents/alpha"), QStringLiteral("alpha")}};
        const QString text = SkillsCapability::renderInstructions(index, QStringLiteral(".agents"), false);
        QVERIFY2(text.startsWith(QStringLiteral("## Skills\n")), qPrintable(text));
        QVERIFY(
            text.contains(QStringLiteral("### Available skills\n- alpha: First. (file: .agents/alpha/SKILL.md)\n")));
        QVERIFY(text.contains(QStringLiteral("### How to use skills")));
        QVERIFY(!text.contains(QStringLiteral("load_skill")));
        QVERIFY(!text.contains(QStringLiteral("{{")));
        const QString lazy = SkillsCapability::renderInstructions(index, QStringLiteral(".agents"), true);
        QVERIFY(lazy.contains(QStringLiteral("### Loading skills on demand")));
        QVERIFY(!lazy.contains(QStringLiteral("{{")));
    }
};

QTEST_GUILESS_MAIN(tst_SkillsCapability)
#include "tst_skillscapability.moc"
