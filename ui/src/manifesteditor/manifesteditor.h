// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "manifestentrymodel.h"

#include "sandcastle/core/result.h"

#include <QDialog>
#include <QHash>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListView;
class QPlainTextEdit;
class QPushButton;

namespace Sandcastle::Ui {

/// Creates or edits a manifest file: the entry list (ManifestEntryModel) with Add (file,
/// directory, local file, local directory, git repository, environment variable, and the mounts of
/// spec 1.2.1) and Remove, and the form of the selected entry (path or name, content, source with
/// Browse… for local files and directories, repository/ref/subpath/host, value, mount path,
/// read-only, mount strategy and the mount type's own fields, ephemeral, description). Every edit runs the core
/// ManifestParser over the manifest as it would be saved; its error is shown at the field its JSON pointer names (red
/// frame, the message under it, the message as the field's accessible description) and on the row; Save is refused
/// while there is one. Fields without a control are kept as read. Not modal.
class ManifestEditor : public QDialog
{
    Q_OBJECT
public:
    explicit ManifestEditor(QWidget *parent = nullptr);

    /// Loads `path` (any JSON object; parser errors are shown for fixing). Fails on unreadable
    /// files and JSON syntax errors.
    [[nodiscard]] Core::Result<void> openFile(const QString &path);
    /// Writes the manifest to `path` when it is valid; false (and the error shown) otherwise.
    bool saveTo(const QString &path);
    [[nodiscard]] QString filePath() const { return m_path; }
    [[nodiscard]] ManifestEntryModel *model() const { return m_model; }
    /// Runs the parser now; true when the manifest is valid.
    bool validate();
    /// Adds an entry of `type` (file, dir, local_file, local_dir, git_repo, a mount type such as
    /// s3_mount, or "environment") and selects it.
    void addRow(const QString &type);

Q_SIGNALS:
    /// The manifest was written to `path`.
    void saved(const QString &path);
    /// "Use for the next run" after a successful save.
    void useRequested(const QString &path);

private:
    struct Field
    {
        QWidget *control = nullptr;
        QLabel *error = nullptr;
        QWidget *row = nullptr; ///< control and error, shown for the types that have the field
        QLabel *label = nullptr;
    };
    void addField(const QString &name, const QString &label, QWidget *control, QWidget *extra = nullptr);
    /// Browse… of the source: a file dialog ("manifestSourceDialog", window-modal) for a file or a
    /// directory, whose choice becomes the source.
    void browseSource();
    void showRow(int row);
    void onFieldEdited(const QString &name);
    void markErrors();
    bool save();
    bool saveAs();

    ManifestEntryModel *m_model = nullptr;
    QListView *m_list = nullptr;
    QHash<QString, Field> m_fields;
    QLabel *m_status = nullptr;
    QPushButton *m_save = nullptr;
    QString m_path;
    int m_current = -1;
    bool m_loading = false;
    ManifestEntryModel::Location m_errorAt;
    QString m_errorText; ///< the parser's message without file and pointer
};

} // namespace Sandcastle::Ui
