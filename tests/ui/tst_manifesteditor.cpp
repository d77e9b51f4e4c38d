// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The manifest editor (issue 7): a manifest is built by typing into the editor's fields; invalid
// values (a path with `..`, a variable name with '=', a git entry without repository) are
// reported by the core parser at the field their JSON pointer names and Save is refused; once
// fixed, the saved file parses in core. Mounts (spec 1.2.1) are created with their strategy,
// read-only flag and type fields; local sources are chosen with Browse… in a (non-native) file
// dialog. An edited manifest keeps the fields the editor has no control for. The entry model is checked with
// QAbstractItemModelTester throughout.
#include "manifesteditor/manifesteditor.h"
#include "runpanel.h"
#include "sandcastle/core/manifest/manifestparser.h"
#include "sandcastle/ui/mainwindow.h"

#include "resultverify.h"
#include "testenv.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
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
        QApplication::setAttribute(Qt::AA_DontUseNativeDialogs);
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

    void create_mounts_strategyReadOnlyAndTypeFields()
    {
        QTemporaryDir dir;
        ManifestEditor editor;
        QAbstractItemModelTester tester(editor.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        auto *key = child<QLineEdit>(editor, "keyEdit");
        // Add > Mount offers every mount type the parser accepts.
        for (const char *type : {"s3_mount", "gcs_mount", "r2_mount", "azure_blob_mount", "box_mount", "s3_files_mount",
                                 "local_bind_mount"}) {
            QVERIFY2(editor.findChild<QAction *>(QLatin1String("add_") + QLatin1String(type)), type);
        }
        editor.findChild<QAction *>(QStringLiteral("add_s3_mount"))->trigger();
        auto *bucket = child<QLineEdit>(editor, "mount_bucketEdit");
        auto *strategy = child<QComboBox>(editor, "mountStrategyCombo");
        auto *readOnly = child<QCheckBox>(editor, "readOnlyCheck");
        QVERIFY(bucket->isVisible() && strategy->isVisible() && readOnly->isVisible());
        QVERIFY(!child<QLineEdit>(editor, "mount_accountEdit")->isVisible()); // azure_blob_mount's
        QVERIFY(!child<QPlainTextEdit>(editor, "contentEdit")->isVisible());
        QVERIFY(readOnly->isChecked());
        QCOMPARE(strategy->currentData().toJsonObject().value(QStringLiteral("pattern")).toString(),
                 QStringLiteral("rclone"));
        verifyClean(editor);

        retype(key, QStringLiteral("../data"));
        verifyMarked(editor, key, QStringLiteral(".."));
        retype(key, QStringLiteral("data"));
        verifyClean(editor);
        retype(bucket, QStringLiteral("my-bucket"));
        retype(child<QLineEdit>(editor, "mount_regionEdit"), QStringLiteral("eu-west-1"));
        retype(child<QLineEdit>(editor, "mountPathEdit"), QStringLiteral("/mnt/data"));
        QTest::mouseClick(readOnly, Qt::LeftButton, {}, QPoint(5, readOnly->height() / 2));
        QVERIFY(!readOnly->isChecked());
        strategy->setFocus();
        QTest::keyClick(strategy, Qt::Key_Down); // In the container (mountpoint)
        QCOMPARE(strategy->currentData().toJsonObject().value(QStringLiteral("pattern")).toString(),
                 QStringLiteral("mountpoint"));

        editor.findChild<QAction *>(QStringLiteral("add_azure_blob_mount"))->trigger();
        QVERIFY(child<QLineEdit>(editor, "mount_accountEdit")->isVisible());
        QVERIFY(!bucket->isVisible());
        retype(child<QLineEdit>(editor, "mount_accountEdit"), QStringLiteral("acct"));
        retype(child<QLineEdit>(editor, "mount_containerEdit"), QStringLiteral("box"));
        verifyClean(editor);

        const QString path = dir.filePath(QStringLiteral("mounts.json"));
        QVERIFY(editor.saveTo(path));
        const Result<Manifest> parsed = ManifestParser::parseFile(path);
        SC_VERIFY_OK(parsed);
        QCOMPARE(parsed->entries.size(), size_t(2));
        const ManifestEntry *s3 = nullptr;
        const ManifestEntry *azure = nullptr;
        for (const ManifestEntry &e : parsed->entries) {
            (e.typeName == QLatin1String("s3_mount") ? s3 : azure) = &e;
        }
        QVERIFY(s3 && azure);
        QCOMPARE(s3->type, EntryType::Mount);
        QCOMPARE(s3->name, QStringLiteral("data"));
        QVERIFY(s3->ephemeral);
        QCOMPARE(s3->mountFields.value(QStringLiteral("bucket")).toString(), QStringLiteral("my-bucket"));
        QCOMPARE(s3->mountFields.value(QStringLiteral("region")).toString(), QStringLiteral("eu-west-1"));
        QCOMPARE(s3->mountFields.value(QStringLiteral("mount_path")).toString(), QStringLiteral("/mnt/data"));
        QCOMPARE(s3->mountFields.value(QStringLiteral("read_only")).toBool(true), false);
        QCOMPARE(s3->mountFields.value(QStringLiteral("mount_strategy")).toObject(),
                 (QJsonObject{{QStringLiteral("type"), QStringLiteral("in_container")},
                              {QStringLiteral("pattern"), QStringLiteral("mountpoint")}}));
        QCOMPARE(azure->typeName, QStringLiteral("azure_blob_mount"));
        QCOMPARE(azure->mountFields.value(QStringLiteral("account")).toString(), QStringLiteral("acct"));
        QCOMPARE(azure->mountFields.value(QStringLiteral("read_only")).toBool(false), true);

        // Reopened, the form shows the saved mount.
        ManifestEditor again;
        SC_VERIFY_OK(again.openFile(path));
        again.show();
        const int s3Row = again.model()->key(0) == QLatin1String("data") ? 0 : 1;
        child<QListView>(again, "manifestEntryList")->setCurrentIndex(again.model()->index(s3Row));
        QCOMPARE(child<QLineEdit>(again, "mount_bucketEdit")->text(), QStringLiteral("my-bucket"));
        QVERIFY(!child<QCheckBox>(again, "readOnlyCheck")->isChecked());
        QCOMPARE(child<QComboBox>(again, "mountStrategyCombo")->currentIndex(), 1);
    }

    void browse_localFileAndDirectory()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("notes.txt"));
        QVERIFY(Sandcastle::Test::writeTestFile(file, "notes"));
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("assets")));
        ManifestEditor editor;
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        auto *src = child<QLineEdit>(editor, "srcEdit");
        auto *browse = child<QPushButton>(editor, "srcBrowseButton");

        editor.addRow(QStringLiteral("local_file"));
        QVERIFY(browse->isVisible());
        // An empty source is an error at the field.
        verifyMarked(editor, src, QStringLiteral("non-empty"));
        QTest::mouseClick(browse, Qt::LeftButton);
        QFileDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = editor.findChild<QFileDialog *>(QStringLiteral("manifestSourceDialog"))) &&
                    dialog->isVisible());
        QCOMPARE(dialog->fileMode(), QFileDialog::ExistingFile);
        dialog->setDirectory(dir.path());
        dialog->selectFile(file);
        static_cast<QDialog *>(dialog)->accept(); // QFileDialog::accept() (protected there)
        QCOMPARE(src->text(), file);
        verifyClean(editor);

        editor.addRow(QStringLiteral("local_dir"));
        QTest::mouseClick(browse, Qt::LeftButton);
        QTRY_VERIFY((dialog = editor.findChild<QFileDialog *>(QStringLiteral("manifestSourceDialog"))) &&
                    dialog->isVisible());
        QCOMPARE(dialog->fileMode(), QFileDialog::Directory);
        dialog->setDirectory(dir.filePath(QStringLiteral("assets"))); // opened, then chosen
        static_cast<QDialog *>(dialog)->accept();                     // QFileDialog::accept() (protected there)
        QCOMPARE(src->text(), dir.filePath(QStringLiteral("assets")));
        verifyClean(editor);

        const QString path = dir.filePath(QStringLiteral("local.json"));
        QVERIFY(editor.saveTo(path));
        const Result<Manifest> parsed = ManifestParser::parseFile(path);
        SC_VERIFY_OK(parsed);
        QCOMPARE(parsed->entries.size(), size_t(2));
        QStringList sources;
        for (const ManifestEntry &e : parsed->entries) {
            sources.append(e.resolvedSrc);
        }
        sources.sort();
        QCOMPARE(sources, (QStringList{dir.filePath(QStringLiteral("assets")), file}));
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
