// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/manifest/manifest.h"
#include "sandcastle/core/manifest/manifestparser.h"

#include "resultverify.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;

namespace {
Result<Manifest> parseText(const QString &json)
{
    return ManifestParser::parse(json.toUtf8(), QStringLiteral("manifest.json"), QStringLiteral("/base"));
}
} // namespace

class tst_Manifest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_eachEntryType_fieldsRead_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("name");
        QTest::newRow("file") << QStringLiteral(R"({"entries":{"a.txt":{"type":"file","content":"hé"}}})")
                              << int(EntryType::File) << QStringLiteral("a.txt");
        QTest::newRow("file base64") << QStringLiteral(
                                            R"({"entries":{"b.bin":{"type":"file","content_base64":"AAEC/w=="}}})")
                                     << int(EntryType::File) << QStringLiteral("b.bin");
        QTest::newRow("dir")
            << QStringLiteral(R"({"entries":{"src":{"type":"dir","children":{"x.py":{"type":"file","content":""}}}}})")
            << int(EntryType::Dir) << QStringLiteral("src");
        QTest::newRow("local_file") << QStringLiteral(R"({"entries":{"c":{"type":"local_file","src":"data/c.txt"}}})")
                                    << int(EntryType::LocalFile) << QStringLiteral("c");
        QTest::newRow("local_dir") << QStringLiteral(R"({"entries":{"d":{"type":"local_dir","src":"/abs/d"}}})")
                                   << int(EntryType::LocalDir) << QStringLiteral("d");
        QTest::newRow("local_dir null src") << QStringLiteral(R"({"entries":{"d":{"type":"local_dir","src":null}}})")
                                            << int(EntryType::LocalDir) << QStringLiteral("d");
        QTest::newRow("git_repo")
            << QStringLiteral(
                   R"({"entries":{"r":{"type":"git_repo","repo":"owner/name","ref":"main","subpath":"./lib/"}}})")
            << int(EntryType::GitRepo) << QStringLiteral("r");
        QTest::newRow("s3_mount")
            << QStringLiteral(
                   R"({"entries":{"m":{"type":"s3_mount","bucket":"b","mount_strategy":{"type":"in_container","pattern":"rclone"}}}})")
            << int(EntryType::Mount) << QStringLiteral("m");
        QTest::newRow("gcs_mount docker volume")
            << QStringLiteral(
                   R"({"entries":{"g":{"type":"gcs_mount","bucket":"b","mount_path":"/data","mount_strategy":{"type":"docker_volume","driver":"rclone"}}}})")
            << int(EntryType::Mount) << QStringLiteral("g");
        QTest::newRow("common fields")
            << QStringLiteral(
                   R"({"entries":{"./x/./y":{"type":"file","content":"","description":"d","ephemeral":true,"permissions":"0640","group":null,"is_dir":false}}})")
            << int(EntryType::File) << QStringLiteral("x/y");
    }
    void parse_eachEntryType_fieldsRead()
    {
        QFETCH(QString, json);
        QFETCH(int, type);
        QFETCH(QString, name);
        const auto m = parseText(json);
        SC_VERIFY_OK(m);
        QCOMPARE(m->entries.size(), size_t(1));
        const ManifestEntry &e = m->entries.front();
        QCOMPARE(int(e.type), type);
        QCOMPARE(e.name, name);
        QCOMPARE(m->root, QStringLiteral("/workspace"));
    }

    void parse_fields_valuesKept()
    {
        const auto m = parseText(QStringLiteral(
            R"({"version":1,"root":"/srv/ws/","entries":{
                 "a":{"type":"file","content_base64":"AAEC/w==","permissions":{"owner":6,"group":4,"other":0}},
                 "c":{"type":"local_file","src":"data/c.txt"},
                 "r":{"type":"git_repo","repo":"o/n","ref":"v1","subpath":"./lib/"},
                 "s":{"type":"dir","description":"sources","children":{"k":{"type":"file","content":"x","ephemeral":true}}},
                 "m":{"type":"r2_mount","bucket":"b","mount_strategy":{"type":"in_container","pattern":"rclone"}}}})"));
        SC_VERIFY_OK(m);
        QCOMPARE(m->root, QStringLiteral("/srv/ws"));
        QCOMPARE(m->entryCount(), 6);
        const auto &es = m->entries; // sorted by key
        QCOMPARE(es[0].content, QByteArray("\x00\x01\x02\xff", 4));
        QCOMPARE(es[0].permissions->mode(), 0640);
        QCOMPARE(es[1].resolvedSrc, QStringLiteral("/base/data/c.txt"));
        QVERIFY(es[2].ephemeral); // mounts are always ephemeral
        QCOMPARE(es[3].subpath, QStringLiteral("lib"));
        QCOMPARE(es[3].ref, QStringLiteral("v1"));
        QCOMPARE(es[3].host, QStringLiteral("github.com"));
        QCOMPARE(es[4].children.front().name, QStringLiteral("k"));
        QCOMPARE(m->ephemeralEntryPaths(), (QStringList{QStringLiteral("m"), QStringLiteral("s/k")}));
    }

    void parse_badInput_errorNamesPointer_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not object") << QStringLiteral("[]") << QString() << QStringLiteral("expected a JSON object");
        QTest::newRow("unknown top field")
            << QStringLiteral(R"({"entrys":{}})") << QStringLiteral("/entrys") << QStringLiteral("unknown field");
        QTest::newRow("version") << QStringLiteral(R"({"version":2})") << QStringLiteral("/version")
                                 << QStringLiteral("expected 1");
        QTest::newRow("relative root") << QStringLiteral(R"({"root":"ws"})") << QStringLiteral("/root")
                                       << QStringLiteral("absolute");
        QTest::newRow("entries not object") << QStringLiteral(R"({"entries":[]})") << QStringLiteral("/entries")
                                            << QStringLiteral("expected an object, got an array");
        QTest::newRow("entry not object") << QStringLiteral(R"({"entries":{"a":1}})") << QStringLiteral("/entries/a")
                                          << QStringLiteral("expected an entry object");
        QTest::newRow("missing type") << QStringLiteral(R"({"entries":{"a":{}}})") << QStringLiteral("/entries/a/type")
                                      << QStringLiteral("missing");
        QTest::newRow("unknown type") << QStringLiteral(R"({"entries":{"a":{"type":"link"}}})")
                                      << QStringLiteral("/entries/a/type") << QStringLiteral("git_repo");
        QTest::newRow("nested content")
            << QStringLiteral(R"({"entries":{"src":{"type":"dir","children":{"a.txt":{"type":"file","content":5}}}}})")
            << QStringLiteral("/entries/src/children/a.txt/content")
            << QStringLiteral("expected a string, got a number");
        QTest::newRow("missing content") << QStringLiteral(R"({"entries":{"a":{"type":"file"}}})")
                                         << QStringLiteral("/entries/a/content") << QStringLiteral("missing");
        QTest::newRow("both contents") << QStringLiteral(
                                              R"({"entries":{"a":{"type":"file","content":"","content_base64":""}}})")
                                       << QStringLiteral("/entries/a/content_base64") << QStringLiteral("only one");
        QTest::newRow("bad base64") << QStringLiteral(R"({"entries":{"a":{"type":"file","content_base64":"@@"}}})")
                                    << QStringLiteral("/entries/a/content_base64") << QStringLiteral("base64");
        QTest::newRow("unknown entry field")
            << QStringLiteral(R"({"entries":{"a":{"type":"file","content":"","mode":1}}})")
            << QStringLiteral("/entries/a/mode") << QStringLiteral("unknown field");
        QTest::newRow("slash key pointer") << QStringLiteral(R"({"entries":{"a/b":{"type":"file","content":1}}})")
                                           << QStringLiteral("/entries/a~1b/content") << QStringLiteral("string");
        QTest::newRow("ephemeral type") << QStringLiteral(
                                               R"({"entries":{"a":{"type":"file","content":"","ephemeral":"yes"}}})")
                                        << QStringLiteral("/entries/a/ephemeral") << QStringLiteral("boolean");
        QTest::newRow("permission digit")
            << QStringLiteral(R"({"entries":{"a":{"type":"file","content":"","permissions":{"owner":8}}}})")
            << QStringLiteral("/entries/a/permissions/owner") << QStringLiteral("0 to 7");
        QTest::newRow("permission string")
            << QStringLiteral(R"({"entries":{"a":{"type":"file","content":"","permissions":"0999"}}})")
            << QStringLiteral("/entries/a/permissions") << QStringLiteral("octal");
        QTest::newRow("group") << QStringLiteral(R"({"entries":{"a":{"type":"file","content":"","group":"wheel"}}})")
                               << QStringLiteral("/entries/a/group") << QStringLiteral("not supported");
        QTest::newRow("local_file no src") << QStringLiteral(R"({"entries":{"a":{"type":"local_file"}}})")
                                           << QStringLiteral("/entries/a/src") << QStringLiteral("missing");
        QTest::newRow("local_file empty src") << QStringLiteral(R"({"entries":{"a":{"type":"local_file","src":""}}})")
                                              << QStringLiteral("/entries/a/src") << QStringLiteral("non-empty");
        QTest::newRow("git no repo") << QStringLiteral(R"({"entries":{"a":{"type":"git_repo"}}})")
                                     << QStringLiteral("/entries/a/repo") << QStringLiteral("repository");
        QTest::newRow("git subpath escape")
            << QStringLiteral(R"({"entries":{"a":{"type":"git_repo","repo":"o/n","subpath":"../x"}}})")
            << QStringLiteral("/entries/a/subpath") << QStringLiteral("'..'");
        QTest::newRow("git subpath blank")
            << QStringLiteral(R"({"entries":{"a":{"type":"git_repo","repo":"o/n","subpath":"  "}}})")
            << QStringLiteral("/entries/a/subpath") << QStringLiteral("whitespace");
        QTest::newRow("mount no strategy")
            << QStringLiteral(R"({"entries":{"m":{"type":"s3_mount","bucket":"b"}}})")
            << QStringLiteral("/entries/m/mount_strategy") << QStringLiteral("in_container or docker_volume");
        QTest::newRow("mount bad field")
            << QStringLiteral(
                   R"({"entries":{"m":{"type":"s3_mount","container":"c","mount_strategy":{"type":"in_container"}}}})")
            << QStringLiteral("/entries/m/container") << QStringLiteral("unknown field");
        QTest::newRow("absolute key") << QStringLiteral(R"({"entries":{"/etc/passwd":{"type":"file","content":""}}})")
                                      << QStringLiteral("/entries/~1etc~1passwd") << QStringLiteral("absolute");
        QTest::newRow("dotdot key nested")
            << QStringLiteral(R"({"entries":{"d":{"type":"dir","children":{"../x":{"type":"file","content":""}}}}})")
            << QStringLiteral("/entries/d/children/..~1x") << QStringLiteral("'..'");
        QTest::newRow("duplicate key")
            << QStringLiteral(R"({"entries":{"a":{"type":"file","content":""},"./a":{"type":"file","content":""}}})")
            << QStringLiteral("/entries/a") << QStringLiteral("duplicate");
        QTest::newRow("env number") << QStringLiteral(R"({"environment":{"X":1}})") << QStringLiteral("/environment/X")
                                    << QStringLiteral("expected a string");
        QTest::newRow("env secret empty") << QStringLiteral(R"({"environment":{"X":{"secret":""}}})")
                                          << QStringLiteral("/environment/X/secret") << QStringLiteral("keychain item");
        QTest::newRow("env unknown field")
            << QStringLiteral(R"({"environment":{"X":{"value":"v","secret2":"s"}}})")
            << QStringLiteral("/environment/X/secret2") << QStringLiteral("unknown field");
        QTest::newRow("env ephemeral type") << QStringLiteral(R"({"environment":{"X":{"value":"v","ephemeral":1}}})")
                                            << QStringLiteral("/environment/X/ephemeral") << QStringLiteral("boolean");
        QTest::newRow("env bad name") << QStringLiteral(R"({"environment":{"A=B":"v"}})")
                                      << QStringLiteral("/environment/A=B") << QStringLiteral("'='");
        QTest::newRow("grants") << QStringLiteral(R"({"extra_path_grants":[{"path":"/x"}]})")
                                << QStringLiteral("/extra_path_grants") << QStringLiteral("trusted");
        QTest::newRow("users item") << QStringLiteral(R"({"users":[{"name":3}]})") << QStringLiteral("/users/0/name")
                                    << QStringLiteral("string");
    }
    void parse_badInput_errorNamesPointer()
    {
        QFETCH(QString, json);
        QFETCH(QString, pointer);
        QFETCH(QString, expected);
        const auto m = parseText(json);
        QVERIFY(!m.has_value());
        QCOMPARE(m.error().code, ErrorCode::InvalidInput);
        QCOMPARE(m.error().detail, pointer);
        const QString prefix = pointer.isEmpty()
                                   ? QStringLiteral("manifest.json: ")
                                   : QString(QStringLiteral("manifest.json: ") + pointer + QStringLiteral(": "));
        QVERIFY2(m.error().message.startsWith(prefix), qPrintable(m.error().message));
        QVERIFY2(m.error().message.contains(expected), qPrintable(m.error().message));
    }

    void parse_invalidJson_errorNamesLineAndColumn()
    {
        const auto m = parseText(QStringLiteral("{\n  \"entries\": {,}\n}"));
        QVERIFY(!m.has_value());
        QVERIFY2(m.error().message.startsWith(QStringLiteral("manifest.json:2:")), qPrintable(m.error().message));
    }

    void normalizeEntryPath_rules_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("normalized"); // empty: rejected
        QTest::addColumn<QString>("reason");
        QTest::newRow("plain") << QStringLiteral("a/b.txt") << QStringLiteral("a/b.txt") << QString();
        QTest::newRow("dot parts") << QStringLiteral("./a/./b/") << QStringLiteral("a/b") << QString();
        QTest::newRow("double slash") << QStringLiteral("a//b") << QStringLiteral("a/b") << QString();
        QTest::newRow("dots in name") << QStringLiteral("a..b/..c") << QStringLiteral("a..b/..c") << QString();
        QTest::newRow("absolute") << QStringLiteral("/etc") << QString() << QStringLiteral("absolute");
        QTest::newRow("drive") << QStringLiteral("C:/x") << QString() << QStringLiteral("absolute");
        QTest::newRow("dotdot") << QStringLiteral("..") << QString() << QStringLiteral("'..'");
        QTest::newRow("inner dotdot") << QStringLiteral("a/../b") << QString() << QStringLiteral("'..'");
        QTest::newRow("escape") << QStringLiteral("a/../..") << QString() << QStringLiteral("'..'");
        QTest::newRow("empty") << QString() << QString() << QStringLiteral("empty");
        QTest::newRow("dot only") << QStringLiteral(".") << QString() << QStringLiteral("empty");
        QTest::newRow("nul") << QStringLiteral("a") + QChar(0) + QStringLiteral("b") << QString()
                             << QStringLiteral("NUL");
        QTest::newRow("backslash") << QStringLiteral("a\\b") << QString() << QStringLiteral("backslash");
        QTest::newRow("backslash escape") << QStringLiteral("..\\x") << QString() << QStringLiteral("backslash");
    }
    void normalizeEntryPath_rules()
    {
        QFETCH(QString, path);
        QFETCH(QString, normalized);
        QFETCH(QString, reason);
        const auto r = ManifestParser::normalizeEntryPath(path);
        if (normalized.isEmpty()) {
            QVERIFY(!r.has_value());
            QCOMPARE(r.error().code, ErrorCode::InvalidInput);
            QVERIFY2(r.error().message.contains(reason), qPrintable(r.error().message));
        } else {
            SC_VERIFY_OK(r);
            QCOMPARE(*r, normalized);
        }
    }

    void parseFile_relativeSrc_resolvedAgainstManifestFolder()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile f(dir.filePath(QStringLiteral("m.json")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"entries":{"x":{"type":"local_dir","src":"sub/../data"}}})");
        f.close();
        const auto m = ManifestParser::parseFile(f.fileName());
        SC_VERIFY_OK(m);
        QCOMPARE(m->entries.front().resolvedSrc, dir.filePath(QStringLiteral("data")));
        const auto missing = ManifestParser::parseFile(dir.filePath(QStringLiteral("nope.json")));
        QVERIFY(!missing.has_value());
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
    }

    void environment_forms_parsed_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("plain");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<bool>("ephemeral");
        QTest::newRow("string") << QStringLiteral(R"("v")") << QStringLiteral("v") << QString() << false;
        QTest::newRow("value") << QStringLiteral(R"({"value":"v"})") << QStringLiteral("v") << QString() << false;
        QTest::newRow("ephemeral") << QStringLiteral(R"({"value":"v","ephemeral":true})") << QStringLiteral("v")
                                   << QString() << true;
        QTest::newRow("typed") << QStringLiteral(R"({"type":"str","value":"v"})") << QStringLiteral("v") << QString()
                               << false;
        QTest::newRow("nested typed") << QStringLiteral(R"({"value":{"type":"str","value":"v"},"ephemeral":true})")
                                      << QStringLiteral("v") << QString() << true;
        QTest::newRow("secret") << QStringLiteral(R"({"secret":"openai-key"})") << QString()
                                << QStringLiteral("openai-key") << false;
    }
    void environment_forms_parsed()
    {
        QFETCH(QString, value);
        QFETCH(QString, plain);
        QFETCH(QString, secret);
        QFETCH(bool, ephemeral);
        const auto m = parseText(QStringLiteral(R"({"environment":{"X":%1}})").arg(value));
        SC_VERIFY_OK(m);
        QCOMPARE(m->environment.size(), 1);
        const EnvironmentValue &v = m->environment.first().second;
        QCOMPARE(v.value, plain);
        QCOMPARE(v.secret, secret);
        QCOMPARE(v.ephemeral, ephemeral);
    }

    void toJson_roundTrip_sameManifest()
    {
        const QString json = QStringLiteral(
            R"({"root":"/ws","entries":{
                 "a":{"type":"file","content_base64":"AAE=","permissions":"rwxr-x---"},
                 "d":{"type":"dir","description":"docs","children":{"x":{"type":"file","content":"t","ephemeral":true}}},
                 "l":{"type":"local_dir","src":null},
                 "r":{"type":"git_repo","repo":"o/n","ref":"main","subpath":"lib","host":"example.org"},
                 "m":{"type":"s3_mount","bucket":"b","mount_strategy":{"type":"in_container","pattern":"rclone"}}},
               "environment":{"A":"1","B":{"value":"2","ephemeral":true},"C":{"secret":"item"}}})");
        const auto m = parseText(json);
        SC_VERIFY_OK(m);
        const QByteArray out = QJsonDocument(m->toJson()).toJson();
        const auto again = ManifestParser::parse(out, QStringLiteral("again.json"), QStringLiteral("/base"));
        SC_VERIFY_OK(again);
        QCOMPARE(again->toJson(), m->toJson());
        QCOMPARE(again->entries.front().permissions->mode(), 0750);

        const QJsonObject persisted = m->toJson(false).value(QStringLiteral("environment")).toObject();
        QCOMPARE(persisted.keys(), QStringList{QStringLiteral("A")});
        const auto env = m->persistableEnvironment();
        QCOMPARE(env.size(), 1);
        QCOMPARE(env.value(QStringLiteral("A")), QStringLiteral("1"));
    }

    void renderTree_entries_sortedTreeWithComments()
    {
        const auto m = parseText(QStringLiteral(
            R"({"entries":{
                 "src":{"type":"dir","description":"sources","children":{"main.py":{"type":"file","content":""}}},
                 "README.md":{"type":"file","content":""},
                 "a/b/c.txt":{"type":"file","content":""}}})"));
        SC_VERIFY_OK(m);
        // Heads padded to the longest head ("│       └── c.txt", 17 characters) + 2.
        const QList<std::pair<QString, QString>> lines = {
            {QStringLiteral("├── README.md"), QStringLiteral("# /workspace/README.md")},
            {QStringLiteral("├── a/"), QStringLiteral("# /workspace/a")},
            {QStringLiteral("│   └── b/"), QStringLiteral("# /workspace/a/b")},
            {QStringLiteral("│       └── c.txt"), QStringLiteral("# /workspace/a/b/c.txt")},
            {QStringLiteral("└── src/"), QStringLiteral("# /workspace/src — sources")},
            {QStringLiteral("    └── main.py"), QStringLiteral("# /workspace/src/main.py")},
        };
        QString expected = QStringLiteral("/workspace\n");
        for (const auto &[head, comment] : lines) {
            expected += head.leftJustified(19) + comment + QLatin1Char('\n');
        }
        QCOMPARE(m->renderTree(), expected);
        // depth 1 shows top level only
        QCOMPARE(m->renderTree(1).count(QLatin1Char('\n')), 4);
    }

    void renderTree_overLimits_truncatedWithinLimits_data()
    {
        QTest::addColumn<int>("maxLines");
        QTest::addColumn<int>("maxChars");
        QTest::newRow("js defaults") << 120 << 12000;
        QTest::newRow("chars") << 1000 << 2000;
        QTest::newRow("lines") << 10 << 100000;
    }
    void renderTree_overLimits_truncatedWithinLimits()
    {
        QFETCH(int, maxLines);
        QFETCH(int, maxChars);
        QJsonObject entries;
        for (int i = 0; i < 400; ++i) {
            entries.insert(
                QStringLiteral("file-%1.txt").arg(i, 4, 10, QLatin1Char('0')),
                QJsonObject{{QStringLiteral("type"), QStringLiteral("file")}, {QStringLiteral("content"), QString()}});
        }
        const QByteArray json = QJsonDocument(QJsonObject{{QStringLiteral("entries"), entries}}).toJson();
        const auto m = ManifestParser::parse(json, QStringLiteral("m.json"));
        SC_VERIFY_OK(m);
        const QString tree = m->renderTree(3, maxLines, maxChars);
        QVERIFY2(tree.size() <= maxChars, qPrintable(QString::number(tree.size())));
        QVERIFY2(tree.count(QLatin1Char('\n')) <= maxLines + 3,
                 qPrintable(QString::number(tree.count(QLatin1Char('\n')))));
        QVERIFY(tree.contains(QStringLiteral("truncated")));
        QVERIFY(tree.contains(QStringLiteral("Use `ls`")));
        QVERIFY(tree.startsWith(QStringLiteral("/workspace\n├── file-0000.txt")));
    }
};

QTEST_GUILESS_MAIN(tst_Manifest)
#include "tst_manifest.moc"
