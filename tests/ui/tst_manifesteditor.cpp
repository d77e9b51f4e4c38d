// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The manifest editor (issue 7): a manifest is built by typing into the editor's fields; invalid
// values (a path with `..`, a variable name with '=', a git entry without repository) are
// reported by the core parser at the field their JSON pointer names and Save is refused; once
// fixed, the saved file parses in core. An edited manifest keeps the fields the editor has no
// control for. The entry model is checked with QAbstractItemModelTester throughout.
#include "manifesteditor/manifesteditor.h"
#include "runpanel.h"
#include "sandcastle/core/manifest/manifestparser.h"
#include "sandcastle/ui/mainwindow.h"

#include "resultverify.h"
#include "testenv.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Core;
using Sandcastle::Ui::MainWindow;
using Sandcastle::Ui::ManifestEditor;
using Sandcastle::Ui::ManifestEntryModel;
using Sandcastle::Ui::RunPanel;

namespace {

template<class T>
T *child(QWidget &w, const char *name)
{
    T *c = w.findChild<T *>(QLatin1String(name));
    if (!c) {
        qWarning("no child %s", name);
    }
    return c;
}

/// Replaces the text of a line edit the way a person does (textEdited fires).
void retype(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

/// The field `edit` is marked with a message containing `part`, and only it.
void verifyMarked(ManifestEditor &editor, QWidget *edit, const QString &part)
{
    auto *error = child<QLabel>(editor, QString(edit->objectName() + QStringLiteral("Error")).toLatin1().constData());
    QVERIFY(error);
    QVERIFY2(!error->isHidden() && error->text().contains(part), qPrintable(error->text()));
    QVERIFY(edit->property("invalid").toBool());
    QVERIFY(edit->styleSheet().contains(QLatin1String("border")));
    QCOMPARE(edit->accessibleDescription(), error->text());
    for (QWidget *other : editor.findChildren<QWidget *>()) {
        if (other != edit && other->property("invalid").toBool()) {
            QFAIL(qPrintable(QStringLiteral("also marked: ") + other->objectName()));
        }
    }
    QVERIFY(!child<QPushButton>(editor, "manifestSaveButton")->isEnabled());
}

void verifyClean(ManifestEditor &editor)
{
    for (QWidget *w : editor.findChildren<QWidget *>()) {
        QVERIFY2(!w->property("invalid").toBool(), qPrintable(w->objectName()));
    }
    QVERIFY(child<QPushButton>(editor, "manifestSaveButton")->isEnabled());
}

} // namespace

class tst_ManifestEditor : public QObject
{
    Q_OBJECT
    QTemporaryDir m_settingsDir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    }

    void create_invalidValuesMarkedAtTheirField_saveRefusedUntilFixed()
    {
        QTemporaryDir dir;
        ManifestEditor editor;
        QAbstractItemModelTester tester(editor.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        auto *key = child<QLineEdit>(editor, "keyEdit");

        editor.addRow(QStringLiteral("file"));
        retype(key, QStringLiteral("src/../../etc/passwd"));
        verifyMarked(editor, key, QStringLiteral(".."));
        QCOMPARE(editor.model()->index(0).data(ManifestEntryModel::ErrorRole).toString(),
                 child<QLabel>(editor, "keyEditError")->text());
        const QString path = dir.filePath(QStringLiteral("manifest.json"));
        QVERIFY(!editor.saveTo(path));
        QVERIFY(!QFile::exists(path));
        QVERIFY(child<QLabel>(editor, "manifestStatus")->text().startsWith(QLatin1String("Not saved")));

        retype(key, QStringLiteral("src/main.c"));
        verifyClean(editor);
        auto *content = child<QPlainTextEdit>(editor, "contentEdit");
        content->setFocus();
        QTest::keyClicks(content, QStringLiteral("int main(void) { return 0; }"));

        editor.addRow(QStringLiteral("environment"));
        QVERIFY(child<QLineEdit>(editor, "valueEdit")->isVisible());
        QVERIFY(!content->isVisible());
        retype(key, QStringLiteral("A=B"));
        verifyMarked(editor, key, QStringLiteral("'='"));
        QVERIFY(!editor.saveTo(path));
        retype(key, QStringLiteral("GREETING"));
        retype(child<QLineEdit>(editor, "valueEdit"), QStringLiteral("hello"));
        child<QCheckBox>(editor, "ephemeralCheck")->setChecked(true);
        verifyClean(editor);

        editor.addRow(QStringLiteral("git_repo"));
        auto *repo = child<QLineEdit>(editor, "repoEdit");
        verifyMarked(editor, repo, QStringLiteral("repository"));
        retype(child<QLineEdit>(editor, "subpathEdit"), QStringLiteral("/abs"));
        verifyMarked(editor, repo, QStringLiteral("repository")); // the first error stays first
        retype(repo, QStringLiteral("octocat/hello-world"));
        verifyMarked(editor, child<QLineEdit>(editor, "subpathEdit"), QStringLiteral("absolute"));
        retype(child<QLineEdit>(editor, "subpathEdit"), QStringLiteral("docs"));
        retype(key, QStringLiteral("vendor/hello"));
        verifyClean(editor);

        QVERIFY(editor.saveTo(path));
        const Result<Manifest> parsed = ManifestParser::parseFile(path);
        SC_VERIFY_OK(parsed);
        QCOMPARE(parsed->entries.size(), size_t(2));
        QCOMPARE(parsed->entries.at(0).name, QStringLiteral("src/main.c"));
        QCOMPARE(parsed->entries.at(0).content, QByteArray("int main(void) { return 0; }"));
        QCOMPARE(parsed->entries.at(1).repo, QStringLiteral("octocat/hello-world"));
        QCOMPARE(parsed->entries.at(1).subpath, QStringLiteral("docs"));
        QCOMPARE(parsed->environment.size(), 1);
        QCOMPARE(parsed->environment.first().first, QStringLiteral("GREETING"));
        QCOMPARE(parsed->environment.first().second.value, QStringLiteral("hello"));
        QVERIFY(parsed->environment.first().second.ephemeral);
    }

    void edit_keepsFieldsWithoutControls()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("m.json"));
        QVERIFY(Sandcastle::Test::writeTestFile(path, R"({"version": 1, "root": "/work", "users": ["dev"],
            "entries": {
              "docs": {"type": "dir", "description": "Docs", "permissions": "rwxr-x---",
                       "children": {"a.md": {"type": "file", "content": "# A"}}},
              "notes.txt": {"type": "file", "content": "old"}},
            "environment": {"MODE": "fast", "TOKEN": {"secret": "my-token"}}})"));
        ManifestEditor editor;
        QAbstractItemModelTester tester(editor.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        SC_VERIFY_OK(editor.openFile(path));
        editor.show();
        QCOMPARE(editor.model()->rowCount(), 4);
        verifyClean(editor);
        // Row 1 is notes.txt (entries are listed by path).
        QCOMPARE(editor.model()->key(1), QStringLiteral("notes.txt"));
        child<QListView>(editor, "manifestEntryList")->setCurrentIndex(editor.model()->index(1));
        auto *content = child<QPlainTextEdit>(editor, "contentEdit");
        QCOMPARE(content->toPlainText(), QStringLiteral("old"));
        content->setPlainText(QStringLiteral("new"));
        QVERIFY(editor.saveTo(path));

        const Result<Manifest> parsed = ManifestParser::parseFile(path);
        SC_VERIFY_OK(parsed);
        QCOMPARE(parsed->root, QStringLiteral("/work"));
        QCOMPARE(parsed->users, QStringList{QStringLiteral("dev")});
        const ManifestEntry &docs = parsed->entries.at(0);
        QCOMPARE(docs.description, QStringLiteral("Docs"));
        QVERIFY(docs.permissions.has_value());
        QCOMPARE(docs.permissions->mode(), 0750);
        QCOMPARE(docs.children.size(), size_t(1));
        QCOMPARE(docs.children.at(0).content, QByteArray("# A"));
        QCOMPARE(parsed->entries.at(1).content, QByteArray("new"));
        QCOMPARE(parsed->environment.size(), 2);
        QCOMPARE(parsed->environment.at(1).second.secret, QStringLiteral("my-token"));
        // The short form of a plain variable stays short.
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject saved = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(saved.value(QStringLiteral("environment")).toObject().value(QStringLiteral("MODE")).toString(),
                 QStringLiteral("fast"));
    }

    void mainWindow_newManifestSavedAndUsedForTheNextRun()
    {
        QTemporaryDir dir;
        MainWindow window;
        window.show();
        QAction *action = window.findChild<QAction *>(QStringLiteral("newManifestAction"));
        QVERIFY(action);
        action->trigger();
        auto *editor = window.findChild<ManifestEditor *>(QStringLiteral("manifestEditor"));
        QVERIFY(editor);
        QVERIFY(editor->isVisible());
        editor->addRow(QStringLiteral("file"));
        retype(child<QLineEdit>(*editor, "keyEdit"), QStringLiteral("hello.txt"));
        const QString path = dir.filePath(QStringLiteral("new.json"));
        QVERIFY(editor->saveTo(path));
        QTest::mouseClick(child<QPushButton>(*editor, "manifestUseButton"), Qt::LeftButton);
        auto *panel = window.findChild<RunPanel *>();
        QVERIFY(panel);
        QCOMPARE(panel->manifest(), QFileInfo(path).absoluteFilePath());
        SC_VERIFY_OK(ManifestParser::parseFile(path));
    }
};

QTEST_MAIN(tst_ManifestEditor)
#include "tst_manifesteditor.moc"
