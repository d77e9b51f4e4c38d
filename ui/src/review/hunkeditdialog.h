// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/review/changeset.h"

#include <QDialog>

class QLabel;
class QPlainTextEdit;

namespace Sandcastle::Ui {

/// Edits the new side of one hunk (its context lines included); edited() carries the text the
/// reviewer wants written instead. Window-modal with open(); no nested event loop.
class HunkEditDialog : public QDialog
{
    Q_OBJECT
public:
    HunkEditDialog(const QString &path, const QString &header, const QByteArray &text, QWidget *parent = nullptr);

    /// `edited` with the line terminators of `original`: CRLF when the original uses CRLF, and a
    /// final terminator exactly when the original ends with one.
    [[nodiscard]] static QByteArray matchTerminators(const QByteArray &edited, const QByteArray &original);

Q_SIGNALS:
    void edited(const QByteArray &text);

private:
    QPlainTextEdit *m_editor;
};

/// Asks for a commit message for the files a change set wrote and shows the author of each
/// repository the commit goes to (GitChanges::commitAuthors() on a worker thread: the workspace's
/// repository, git_repo entries' kept clones), or why it would fail. Window-modal with open().
class CommitDialog : public QDialog
{
    Q_OBJECT
public:
    CommitDialog(const QString &workspaceDir, const Core::ChangeSet &set, const QString &message,
                 QWidget *parent = nullptr);

Q_SIGNALS:
    void commitRequested(const QString &message);

private:
    void readAuthor(const QString &workspaceDir, const Core::ChangeSet &set);

    QPlainTextEdit *m_message;
    QLabel *m_author;
};

} // namespace Sandcastle::Ui
