// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTreeView;

namespace Sandcastle::Ui {

class MemoryModel;

/// The Memory dock: the workspace's memory files (MemoryModel) beside an editor for the selected
/// one. Markdown and JSON files can be edited and saved (atomically, QSaveFile); session logs are
/// read-only. A file that changes on disk is reloaded unless it has unsaved edits; then a bar says
/// so and offers to reload (the edits are kept until the user chooses). GUI thread only.
class MemoryView : public QWidget
{
    Q_OBJECT
public:
    explicit MemoryView(QWidget *parent = nullptr);

    void setWorkspace(const QString &directory);
    [[nodiscard]] MemoryModel *model() const { return m_model; }
    /// Shows the file at `absolutePath` (as if the user had selected it); false when the model has
    /// no such file.
    bool openFile(const QString &absolutePath);
    [[nodiscard]] QString currentFile() const { return m_path; }
    [[nodiscard]] bool hasUnsavedChanges() const;
    /// Writes the editor's text to the current file; false (with the reason shown) on failure.
    bool save();
    /// Reads the current file again, dropping unsaved edits.
    void reload();

private:
    void showFile(const QString &absolutePath);
    void onFileChanged(const QString &absolutePath);
    void updateState();

    MemoryModel *m_model;
    QTreeView *m_tree;
    QStackedWidget *m_stack;
    QLabel *m_empty;
    QLabel *m_banner;
    QPlainTextEdit *m_editor;
    QPushButton *m_save;
    QPushButton *m_reload;
    QString m_path;
    QByteArray m_loaded; ///< the file's bytes as last read or written
};

} // namespace Sandcastle::Ui
