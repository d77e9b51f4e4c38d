// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/hunkeditdialog.h"

#include "backgroundtask.h"
#include "namedwidget.h"
#include "sandcastle/core/review/gitchanges.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Sandcastle::Ui {

using Internal::named;

HunkEditDialog::HunkEditDialog(const QString &path, const QString &header, const QByteArray &text, QWidget *parent)
    : QDialog(parent)
    , m_editor(named(new QPlainTextEdit(this), "hunkEditor", tr("New text of the hunk")))
{
    setObjectName(QStringLiteral("hunkEditDialog"));
    setWindowTitle(tr("Edit Hunk"));
    setWindowModality(Qt::WindowModal);
    resize(720, 480);
    auto *label = new QLabel(
        tr("%1 %2: the text below replaces the hunk's lines (its context included).").arg(path, header), this);
    label->setWordWrap(true);
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setPlainText(QString::fromUtf8(text));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Accept Edited Hunk"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addWidget(m_editor, 1);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        Q_EMIT edited(m_editor->toPlainText().toUtf8());
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QByteArray HunkEditDialog::matchTerminators(const QByteArray &edited, const QByteArray &original)
{
    QByteArray out = edited;
    out.replace("\r\n", "\n");
    const bool crlf = original.contains("\r\n");
    const bool finalNewline = original.endsWith('\n');
    if (finalNewline && !out.endsWith('\n') && !out.isEmpty()) {
        out += '\n';
    } else if (!finalNewline && out.endsWith('\n')) {
        out.chop(1);
    }
    if (crlf) {
        out.replace("\n", "\r\n");
    }
    return out;
}

CommitDialog::CommitDialog(const QString &workspaceDir, const Core::ChangeSet &set, const QString &message,
                           QWidget *parent)
    : QDialog(parent)
    , m_message(named(new QPlainTextEdit(this), "commitMessageEdit", tr("Commit message")))
    , m_author(named(new QLabel(tr("Author: reading git config\u2026"), this), "commitAuthorLabel", tr("Author")))
{
    setObjectName(QStringLiteral("commitDialog"));
    setWindowTitle(tr("Commit Accepted Changes"));
    setWindowModality(Qt::WindowModal);
    resize(560, 320);
    m_message->setPlainText(message);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Commit"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_author);
    layout->addWidget(m_message, 1);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        const QString text = m_message->toPlainText().trimmed();
        if (text.isEmpty()) {
            m_author->setText(tr("The commit message is empty."));
            return;
        }
        Q_EMIT commitRequested(text);
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    readAuthor(workspaceDir, set);
}

void CommitDialog::readAuthor(const QString &workspaceDir, const Core::ChangeSet &set)
{
    Internal::runInBackground([workspaceDir, set] {
        return Core::GitChanges::commitAuthors(workspaceDir, set);
    }).then(this, [this](const Core::Result<QList<Core::GitAuthor>> &authors) {
        if (!authors) {
            m_author->setText(tr("Cannot commit: %1").arg(authors.error().message));
            return;
        }
        QStringList lines;
        for (const Core::GitAuthor &a : *authors) {
            lines << (a.repository.isEmpty() ? tr("Author: %1 <%2>").arg(a.name, a.email)
                                             : tr("Author in %3: %1 <%2>").arg(a.name, a.email, a.repository));
        }
        m_author->setText(lines.join(QLatin1Char('\n')));
    });
}

} // namespace Sandcastle::Ui
