// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The V4A engine (applyDiff) against openai-agents-python's cases (conformance
// v4a_apply_diff_cases.json) and a few Sandcastle leniencies and error messages.
#include "sandcastle/core/capabilities/filesystem/v4adiff.h"

#include "resultverify.h"
#include "testenv.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace Sandcastle::Core;

namespace {

// The cases state errors in prose ("ValueError matching 'Invalid Anchor'",
// "ApplyPatchDiffError (Invalid Add File Line: oops)"): take the quoted or parenthesised message.
QString expectedErrorText(const QString &prose)
{
    static const QRegularExpression quoted(QStringLiteral("'(.*)'"));
    if (const auto m = quoted.match(prose); m.hasMatch()) {
        return m.captured(1).replace(QLatin1String("\\n"), QLatin1String("\n"));
    }
    if (const qsizetype at = prose.indexOf(QLatin1String("ValueError: ")); at >= 0) {
        return prose.mid(at + 12);
    }
    static const QRegularExpression paren(QStringLiteral("\\((?:wraps ValueError )?(.*)\\)"));
    if (const auto m = paren.match(prose); m.hasMatch()) {
        return m.captured(1);
    }
    return prose;
}

} // namespace

class TestV4aDiff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void applyDiff_conformanceCase_matchesPython_data();
    void applyDiff_conformanceCase_matchesPython();
    void applyDiff_sandcastleCase_expected_data();
    void applyDiff_sandcastleCase_expected();
    void applyDiff_contextMismatch_namesHunkLineAndClosestMatch();
};

void TestV4aDiff::applyDiff_conformanceCase_matchesPython_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("diff");
    QTest::addColumn<bool>("create");
    QTest::addColumn<bool>("expectError");
    QTest::addColumn<QString>("expected");

    QString why;
    const QString dir = Sandcastle::Test::conformancePath(QStringLiteral("apply_patch"), &why);
    if (dir.isEmpty()) {
        return;
    }
    QFile file(dir + QStringLiteral("/v4a_apply_diff_cases.json"));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    const QJsonArray cases = QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("cases")).toArray();
    QVERIFY(cases.size() >= 20);
    for (const QJsonValue &v : cases) {
        const QJsonObject c = v.toObject();
        const bool error = c.contains(QLatin1String("expect_error"));
        QTest::newRow(qPrintable(c.value(QLatin1String("name")).toString()))
            << c.value(QLatin1String("input")).toString() << c.value(QLatin1String("diff")).toString()
            << (c.value(QLatin1String("mode")).toString() == QLatin1String("create")) << error
            << (error ? expectedErrorText(c.value(QLatin1String("expect_error")).toString())
                      : c.value(QLatin1String("expected")).toString());
    }
}

void TestV4aDiff::applyDiff_conformanceCase_matchesPython()
{
    QString why;
    if (Sandcastle::Test::conformancePath(QStringLiteral("apply_patch"), &why).isEmpty()) {
        QSKIP(qPrintable(why));
    }
    QFETCH(QString, input);
    QFETCH(QString, diff);
    QFETCH(bool, create);
    QFETCH(bool, expectError);
    QFETCH(QString, expected);

    const auto result = applyDiff(input, diff, create ? DiffMode::Create : DiffMode::Update);
    if (expectError) {
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().code, ErrorCode::InvalidInput);
        QVERIFY2(result.error().message.contains(expected),
                 qPrintable(QStringLiteral("message \"%1\" lacks \"%2\"").arg(result.error().message, expected)));
    } else {
        SC_VERIFY_OK(result);
        QCOMPARE(*result, expected);
    }
}

void TestV4aDiff::applyDiff_sandcastleCase_expected_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("diff");
    QTest::addColumn<QString>("expected");

    // Python would put the line after the final empty element (and then choke on what follows).
    QTest::newRow("eof-insert-before-final-newline")
        << QStringLiteral("foo\nbar\nbaz\n") << QStringLiteral("@@\n+quux\n*** End of File\n")
        << QStringLiteral("foo\nbar\nbaz\nquux\n");
    QTest::newRow("eof-context-direct") << QStringLiteral("a\nb\nc\n")
                                        << QStringLiteral("@@\n c\n+d\n*** End of File\n")
                                        << QStringLiteral("a\nb\nc\nd\n");
    // Codex's punctuation-normalising pass.
    QTest::newRow("unicode-dash") << QStringLiteral("import x  # local import \u2013 avoids top\u2011level dep\n")
                                  << QStringLiteral(
                                         "@@\n-import x  # local import - avoids top-level dep\n+import x  # HELLO\n")
                                  << QStringLiteral("import x  # HELLO\n");
    // A trailing empty context line that is not in the file is retried without it.
    QTest::newRow("trailing-empty-context")
        << QStringLiteral("foo\nbar\nbaz\n") << QStringLiteral("@@\n-foo\n+FOO\n bar\n\n\n")
        << QStringLiteral("FOO\nbar\nbaz\n");
    QTest::newRow("no-final-newline-kept")
        << QStringLiteral("a\nb") << QStringLiteral("@@\n-b\n+c\n") << QStringLiteral("a\nc");
    QTest::newRow("rstrip-fuzz") << QStringLiteral("a  \nb\n") << QStringLiteral("@@\n a\n-b\n+B\n")
                                 << QStringLiteral("a  \nB\n");
    QTest::newRow("strip-fuzz") << QStringLiteral("    a\nb\n") << QStringLiteral("@@\n a\n-b\n+B\n")
                                << QStringLiteral("    a\nB\n");
}

void TestV4aDiff::applyDiff_sandcastleCase_expected()
{
    QFETCH(QString, input);
    QFETCH(QString, diff);
    QFETCH(QString, expected);
    const auto result = applyDiff(input, diff, DiffMode::Update);
    SC_VERIFY_OK(result);
    QCOMPARE(*result, expected);
}

void TestV4aDiff::applyDiff_contextMismatch_namesHunkLineAndClosestMatch()
{
    const auto result = applyDiff(QStringLiteral("one\ntwo\nthree\n"), QStringLiteral("@@\n two\n-tree\n+3\n@@\n x\n"),
                                  DiffMode::Update, 10);
    QVERIFY(!result.has_value());
    const QString message = result.error().message;
    QVERIFY2(message.startsWith(QLatin1String("hunk 1 (line 10): Invalid Context 0:\ntwo\ntree")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("file line 3 is \"three\" where \"tree\" was expected")),
             qPrintable(message));

    const auto second =
        applyDiff(QStringLiteral("one\ntwo\n"), QStringLiteral("@@\n one\n@@\n-zzz\n"), DiffMode::Update, 5);
    QVERIFY(!second.has_value());
    QVERIFY2(second.error().message.startsWith(QLatin1String("hunk 2 (line 7): Invalid Context 1:\nzzz")),
             qPrintable(second.error().message));
}

QTEST_GUILESS_MAIN(TestV4aDiff)
#include "tst_v4adiff.moc"
