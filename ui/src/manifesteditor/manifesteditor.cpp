// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "manifesteditor.h"

#include "../namedwidget.h"
#include "sandcastle/core/manifest/manifestparser.h"
#include "sandcastle/core/manifest/mounttypes.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QVBoxLayout>

namespace Sandcastle::Ui {

using Internal::named;

namespace {

/// The fields each type has a control for (besides key, ephemeral and description).
QStringList fieldsOf(ManifestEntryModel::Kind kind, const QString &type)
{
    if (kind == ManifestEntryModel::Kind::Environment) {
        return {QStringLiteral("value")};
    }
    if (type == QLatin1String("file")) {
        return {QStringLiteral("content")};
    }
    if (type == QLatin1String("local_file") || type == QLatin1String("local_dir")) {
        return {QStringLiteral("src")};
    }
    if (type == QLatin1String("git_repo")) {
        return {QStringLiteral("repo"), QStringLiteral("ref"), QStringLiteral("subpath"), QStringLiteral("host")};
    }
    if (Core::manifestMountTypes().contains(type)) {
        return QStringList{QStringLiteral("mount_path"), QStringLiteral("read_only"),
                           QStringLiteral("mount_strategy")} +
               Core::manifestMountFieldNames(type);
    }
    return {};
}

/// The mount strategies the editor offers (spec 1.2.1), as their JSON.
QList<QJsonObject> mountStrategies()
{
    QList<QJsonObject> strategies;
    for (const char *pattern : {"rclone", "mountpoint", "fuse", "s3files"}) {
        strategies.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("in_container")},
                                      {QStringLiteral("pattern"), QLatin1String(pattern)}});
    }
    strategies.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("docker_volume")}});
    return strategies;
}

QString textOf(QWidget *control)
{
    if (auto *line = qobject_cast<QLineEdit *>(control)) {
        return line->text();
    }
    if (auto *text = qobject_cast<QPlainTextEdit *>(control)) {
        return text->toPlainText();
    }
    return {};
}

} // namespace

ManifestEditor::ManifestEditor(QWidget *parent)
    : QDialog(parent)
    , m_model(new ManifestEntryModel(this))
    , m_list(named(new QListView(this), "manifestEntryList", tr("Manifest entries")))
    , m_status(named(new QLabel(this), "manifestStatus", tr("Manifest status")))
{
    setObjectName(QStringLiteral("manifestEditor"));
    setWindowTitle(tr("Manifest Editor"));
    resize(900, 560);
    m_model->setObjectName(QStringLiteral("manifestEntryModel"));
    m_list->setModel(m_model);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *add = named(new QPushButton(tr("&Add"), this), "manifestAddButton", tr("Add an entry"));
    auto *addMenu = new QMenu(add);
    const QList<std::pair<QString, QString>> types{{QStringLiteral("file"), tr("File")},
                                                   {QStringLiteral("dir"), tr("Directory")},
                                                   {QStringLiteral("local_file"), tr("Local file")},
                                                   {QStringLiteral("local_dir"), tr("Local directory")},
                                                   {QStringLiteral("git_repo"), tr("Git repository")},
                                                   {QStringLiteral("environment"), tr("Environment variable")}};
    for (const auto &[type, text] : types) {
        QAction *action = addMenu->addAction(text);
        action->setObjectName(QStringLiteral("add_") + type);
        connect(action, &QAction::triggered, this, [this, type] { addRow(type); });
    }
    QMenu *mounts = addMenu->addMenu(tr("&Mount"));
    for (const QString &type : Core::manifestMountTypes()) {
        QAction *action = mounts->addAction(type);
        action->setObjectName(QStringLiteral("add_") + type);
        connect(action, &QAction::triggered, this, [this, type] { addRow(type); });
    }
    add->setMenu(addMenu);
    auto *remove = named(new QPushButton(tr("&Remove"), this), "manifestRemoveButton", tr("Remove the entry"));
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_current >= 0) {
            m_model->removeEntry(m_current);
            showRow(m_list->currentIndex().row());
            validate();
        }
    });

    auto *form = new QWidget(this);
    auto *formLayout = new QFormLayout(form);
    formLayout->setObjectName(QStringLiteral("manifestForm"));
    addField(QStringLiteral("key"), tr("Path or name:"), named(new QLineEdit(form), "keyEdit", tr("Path or name")));
    addField(QStringLiteral("content"), tr("Content:"), named(new QPlainTextEdit(form), "contentEdit", tr("Content")));
    auto *browse =
        named(new QPushButton(tr("&Browse\u2026"), form), "srcBrowseButton", tr("Choose the source on this computer"));
    connect(browse, &QPushButton::clicked, this, &ManifestEditor::browseSource);
    addField(QStringLiteral("src"), tr("Source on this computer:"),
             named(new QLineEdit(form), "srcEdit", tr("Source on this computer")), browse);
    addField(QStringLiteral("repo"), tr("Repository:"), named(new QLineEdit(form), "repoEdit", tr("Repository")));
    addField(QStringLiteral("ref"), tr("Ref:"), named(new QLineEdit(form), "refEdit", tr("Ref")));
    addField(QStringLiteral("subpath"), tr("Subpath:"), named(new QLineEdit(form), "subpathEdit", tr("Subpath")));
    addField(QStringLiteral("host"), tr("Host:"), named(new QLineEdit(form), "hostEdit", tr("Host")));
    addField(QStringLiteral("value"), tr("Value:"), named(new QLineEdit(form), "valueEdit", tr("Value")));
    addField(QStringLiteral("mount_path"), tr("Mount path:"),
             named(new QLineEdit(form), "mountPathEdit", tr("Mount path")));
    addField(
        QStringLiteral("read_only"), tr("Read-only:"),
        named(new QCheckBox(tr("the agent cannot change the mounted files"), form), "readOnlyCheck", tr("Read-only")));
    auto *strategy = named(new QComboBox(form), "mountStrategyCombo", tr("Mount strategy"));
    for (const QJsonObject &o : mountStrategies()) {
        strategy->addItem(o.value(QLatin1String("type")) == QLatin1String("docker_volume")
                              ? tr("Docker volume")
                              : tr("In the container (%1)").arg(o.value(QLatin1String("pattern")).toString()),
                          QVariant(o));
    }
    addField(QStringLiteral("mount_strategy"), tr("Mount strategy:"), strategy);
    // The fields of the mount types, labelled with their JSON names (spec 1.2.1).
    for (const QString &type : Core::manifestMountTypes()) {
        for (const QString &name : Core::manifestMountFieldNames(type)) {
            if (!m_fields.contains(name)) {
                auto *edit = new QLineEdit(form);
                edit->setObjectName(QStringLiteral("mount_") + name + QStringLiteral("Edit"));
                edit->setAccessibleName(name);
                addField(name, name + QLatin1Char(':'), edit);
            }
        }
    }
    addField(
        QStringLiteral("ephemeral"), tr("Ephemeral:"),
        named(new QCheckBox(tr("not kept in snapshots or session state"), form), "ephemeralCheck", tr("Ephemeral")));
    addField(QStringLiteral("description"), tr("Description:"),
             named(new QLineEdit(form), "descriptionEdit", tr("Description")));
    static_cast<QLineEdit *>(m_fields.value(QStringLiteral("repo")).control)
        ->setPlaceholderText(tr("owner/name, a URL or a local path"));
    static_cast<QLineEdit *>(m_fields.value(QStringLiteral("key")).control)
        ->setPlaceholderText(tr("relative path, e.g. src/main.c"));

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_list, 1);
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(add);
    listButtons->addWidget(remove);
    leftLayout->addLayout(listButtons);
    auto *split = new QSplitter(this);
    split->addWidget(left);
    split->addWidget(form);
    split->setStretchFactor(1, 2);

    auto *buttons = new QDialogButtonBox(this);
    m_save = named(buttons->addButton(QDialogButtonBox::Save), "manifestSaveButton", tr("Save the manifest"));
    QPushButton *saveAsButton = named(buttons->addButton(tr("Save &As\u2026"), QDialogButtonBox::ActionRole),
                                      "manifestSaveAsButton", tr("Save the manifest as"));
    QPushButton *use = named(buttons->addButton(tr("Save and &Use for the Next Run"), QDialogButtonBox::ActionRole),
                             "manifestUseButton", tr("Save and use for the next run"));
    buttons->addButton(QDialogButtonBox::Close);
    connect(m_save, &QPushButton::clicked, this, [this] { save(); });
    connect(saveAsButton, &QPushButton::clicked, this, [this] { saveAs(); });
    connect(use, &QPushButton::clicked, this, [this] {
        if (save()) {
            Q_EMIT useRequested(m_path);
        }
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showRow(current.row()); });
    m_model->load(QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("entries"), QJsonObject()}});
    showRow(-1);
    validate();
}

void ManifestEditor::addField(const QString &name, const QString &label, QWidget *control, QWidget *extra)
{
    QWidget *form = control->parentWidget(); // before the row's layout takes the control
    auto *row = new QWidget(form);
    auto *box = new QVBoxLayout(row);
    box->setContentsMargins(0, 0, 0, 0);
    box->setSpacing(2);
    auto *error = new QLabel(row);
    error->setObjectName(control->objectName() + QStringLiteral("Error"));
    error->setWordWrap(true);
    error->setStyleSheet(QStringLiteral("color: #c01c28;"));
    error->hide();
    if (extra) {
        auto *line = new QHBoxLayout;
        line->addWidget(control, 1);
        line->addWidget(extra);
        box->addLayout(line);
    } else {
        box->addWidget(control);
    }
    box->addWidget(error);
    auto *labelWidget = new QLabel(label, form);
    labelWidget->setBuddy(control);
    static_cast<QFormLayout *>(form->layout())->addRow(labelWidget, row);
    m_fields.insert(name, Field{control, error, row, labelWidget});
    if (auto *line = qobject_cast<QLineEdit *>(control)) {
        connect(line, &QLineEdit::textEdited, this, [this, name] { onFieldEdited(name); });
    } else if (auto *text = qobject_cast<QPlainTextEdit *>(control)) {
        connect(text, &QPlainTextEdit::textChanged, this, [this, name] { onFieldEdited(name); });
    } else if (auto *check = qobject_cast<QCheckBox *>(control)) {
        connect(check, &QCheckBox::toggled, this, [this, name] { onFieldEdited(name); });
    } else if (auto *combo = qobject_cast<QComboBox *>(control)) {
        connect(combo, &QComboBox::activated, this, [this, name] { onFieldEdited(name); });
    }
}

void ManifestEditor::addRow(const QString &type)
{
    auto unique = [this](const QString &base) {
        QString key = base;
        for (int n = 2;; ++n) {
            bool taken = false;
            for (int r = 0; r < m_model->rowCount(); ++r) {
                taken = taken || m_model->key(r) == key;
            }
            if (!taken) {
                return key;
            }
            key = base + QString::number(n);
        }
    };
    const int row = type == QLatin1String("environment")
                        ? m_model->addEnvironment(unique(QStringLiteral("NAME")))
                        : m_model->addEntry(type, unique(QStringLiteral("new_") + type));
    m_list->setCurrentIndex(m_model->index(row));
    showRow(row);
    validate();
    m_fields.value(QStringLiteral("key")).control->setFocus();
}

void ManifestEditor::showRow(int row)
{
    m_current = row >= 0 && row < m_model->rowCount() ? row : -1;
    m_loading = true;
    const QJsonObject o = m_current >= 0 ? m_model->object(m_current) : QJsonObject();
    const QStringList shown =
        m_current >= 0
            ? fieldsOf(m_model->kind(m_current), o.value(QLatin1String("type")).toString()) +
                  QStringList{QStringLiteral("key"), QStringLiteral("ephemeral"), QStringLiteral("description")}
            : QStringList();
    for (auto it = m_fields.begin(); it != m_fields.end(); ++it) {
        const bool visible = shown.contains(it.key());
        it->row->setVisible(visible);
        it->label->setVisible(visible);
        const QString text =
            it.key() == QLatin1String("key") && m_current >= 0 ? m_model->key(m_current) : o.value(it.key()).toString();
        if (auto *line = qobject_cast<QLineEdit *>(it->control)) {
            line->setText(text);
        } else if (auto *edit = qobject_cast<QPlainTextEdit *>(it->control)) {
            edit->setPlainText(text);
        } else if (auto *check = qobject_cast<QCheckBox *>(it->control)) {
            // Mounts are read-only unless they say otherwise.
            check->setChecked(o.value(it.key()).toBool(it.key() == QLatin1String("read_only")));
        } else if (auto *combo = qobject_cast<QComboBox *>(it->control)) {
            combo->setCurrentIndex(combo->findData(QVariant(o.value(it.key()).toObject())));
        }
    }
    m_loading = false;
    markErrors();
}

void ManifestEditor::onFieldEdited(const QString &name)
{
    if (m_loading || m_current < 0) {
        return;
    }
    QWidget *control = m_fields.value(name).control;
    if (name == QLatin1String("key")) {
        m_model->setKey(m_current, textOf(control));
    } else if (auto *check = qobject_cast<QCheckBox *>(control)) {
        m_model->setField(m_current, name, check->isChecked());
    } else if (auto *combo = qobject_cast<QComboBox *>(control)) {
        m_model->setField(m_current, name, combo->currentData().toJsonObject());
    } else {
        m_model->setField(m_current, name, textOf(control));
    }
    validate();
}

bool ManifestEditor::validate()
{
    m_errorAt = {};
    m_errorText.clear();
    // Two rows with one key cannot both be written (a JSON object has each key once).
    for (int r = 0; r < m_model->rowCount() && m_errorText.isEmpty(); ++r) {
        for (int earlier = 0; earlier < r; ++earlier) {
            if (m_model->kind(earlier) == m_model->kind(r) && m_model->key(earlier) == m_model->key(r)) {
                m_errorAt = {r, QStringLiteral("key")};
                m_errorText = tr("\"%1\" is used twice").arg(m_model->key(r));
                break;
            }
        }
    }
    if (m_errorText.isEmpty()) {
        const QString fileName = m_path.isEmpty() ? QStringLiteral("manifest.json") : QFileInfo(m_path).fileName();
        const Core::Result<Core::Manifest> parsed =
            Core::ManifestParser::parse(QJsonDocument(m_model->toJson()).toJson(), fileName,
                                        m_path.isEmpty() ? QString() : QFileInfo(m_path).absolutePath());
        if (!parsed) {
            const Core::Error &e = parsed.error();
            m_errorAt = m_model->locate(e.detail);
            const QString prefix = e.detail + QStringLiteral(": ");
            const qsizetype at = e.message.indexOf(prefix);
            m_errorText = at >= 0 ? e.message.mid(at + prefix.size()) : e.message;
            if (m_errorAt.row < 0) {
                m_errorText = e.message;
            }
        }
    }
    m_model->setError(m_errorAt.row, m_errorText);
    m_save->setEnabled(m_errorText.isEmpty());
    if (m_errorText.isEmpty()) {
        m_status->setText(tr("The manifest is valid (%n entries and variables).", nullptr, m_model->rowCount()));
    } else if (m_errorAt.row >= 0) {
        m_status->setText(m_model->key(m_errorAt.row) + QStringLiteral(": ") + m_errorText);
    } else {
        m_status->setText(m_errorText);
    }
    markErrors();
    return m_errorText.isEmpty();
}

void ManifestEditor::markErrors()
{
    for (auto it = m_fields.begin(); it != m_fields.end(); ++it) {
        const bool here = m_current >= 0 && m_errorAt.row == m_current && m_errorAt.field == it.key();
        it->control->setProperty("invalid", here);
        it->control->setStyleSheet(here ? QStringLiteral("border: 2px solid #c01c28;") : QString());
        it->control->setAccessibleDescription(here ? m_errorText : QString());
        it->error->setText(here ? m_errorText : QString());
        it->error->setVisible(here);
    }
}

Core::Result<void> ManifestEditor::openFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return Core::fail(Core::ErrorCode::Io, path + QStringLiteral(": ") + file.errorString());
    }
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (!doc.isObject()) {
        return Core::fail(
            Core::ErrorCode::InvalidInput,
            tr("%1: not a JSON object (%2 at offset %3)").arg(path, error.errorString()).arg(error.offset));
    }
    m_path = QFileInfo(path).absoluteFilePath();
    setWindowTitle(tr("Manifest Editor \u2013 %1").arg(QFileInfo(path).fileName()));
    m_model->load(doc.object());
    m_list->setCurrentIndex(m_model->index(0));
    showRow(m_model->rowCount() > 0 ? 0 : -1);
    validate();
    return {};
}

bool ManifestEditor::saveTo(const QString &path)
{
    const QString previous = m_path;
    m_path = QFileInfo(path).absoluteFilePath(); // relative sources resolve against the new folder
    if (!validate()) {
        m_path = previous;
        m_status->setText(tr("Not saved: %1").arg(m_status->text()));
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(m_model->toJson()).toJson()) < 0 ||
        !file.commit()) {
        m_path = previous;
        m_status->setText(tr("Not saved: %1").arg(file.errorString()));
        return false;
    }
    setWindowTitle(tr("Manifest Editor \u2013 %1").arg(QFileInfo(path).fileName()));
    m_status->setText(tr("Saved %1.").arg(QDir::toNativeSeparators(m_path)));
    Q_EMIT saved(m_path);
    return true;
}

void ManifestEditor::browseSource()
{
    if (m_current < 0) {
        return;
    }
    const bool file = m_model->object(m_current).value(QLatin1String("type")) == QLatin1String("local_file");
    auto *dialog = new QFileDialog(this, file ? tr("Choose the Local File") : tr("Choose the Local Directory"));
    dialog->setObjectName(QStringLiteral("manifestSourceDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(file ? QFileDialog::ExistingFile : QFileDialog::Directory);
    dialog->setOption(QFileDialog::ShowDirsOnly, !file);
    // Start where the current source is (relative sources resolve against the manifest's folder).
    const QString base = m_path.isEmpty() ? QDir::homePath() : QFileInfo(m_path).absolutePath();
    const QString src = textOf(m_fields.value(QStringLiteral("src")).control);
    const QFileInfo current(QDir(base), src);
    dialog->setDirectory(src.isEmpty()              ? base
                         : file || !current.isDir() ? current.absolutePath()
                                                    : current.absoluteFilePath());
    const int row = m_current;
    connect(dialog, &QFileDialog::fileSelected, this, [this, row](const QString &path) {
        if (row == m_current && !path.isEmpty()) {
            static_cast<QLineEdit *>(m_fields.value(QStringLiteral("src")).control)->setText(path);
            onFieldEdited(QStringLiteral("src"));
        }
    });
    dialog->open();
}

bool ManifestEditor::save()
{
    return m_path.isEmpty() ? saveAs() : saveTo(m_path);
}

bool ManifestEditor::saveAs()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Manifest"), m_path.isEmpty() ? QString() : m_path,
                                                      tr("Manifests (*.json);;All files (*)"));
    return !path.isEmpty() && saveTo(path);
}

} // namespace Sandcastle::Ui
