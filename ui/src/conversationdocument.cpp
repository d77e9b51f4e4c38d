// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// ConversationDelegate: the rich text of each kind of conversation row.
#include "conversationdelegate.h"

#include "sandcastle/ui/conversationmodel.h"

#include <QFontDatabase>
#include <QLocale>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>

namespace Sandcastle::Ui {

namespace {

using Kind = ConversationModel::EntryKind;
using Status = ConversationModel::ToolStatus;

QTextCharFormat boldFormat()
{
    QTextCharFormat f;
    f.setFontWeight(QFont::Bold);
    return f;
}

QTextCharFormat monoFormat()
{
    QTextCharFormat f;
    f.setFontFamilies(QFontDatabase::systemFont(QFontDatabase::FixedFont).families());
    f.setFontFixedPitch(true);
    return f;
}

QString cut(const QString &text, int maxChars)
{
    return text.size() > maxChars ? text.left(maxChars) + QStringLiteral("\n\u2026") : text;
}

/// Markdown with the code blocks on a shaded background.
void setMarkdown(QTextDocument &document, const QString &markdown, const QPalette &palette)
{
    document.setMarkdown(markdown, QTextDocument::MarkdownDialectGitHub);
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        if (block.blockFormat().hasProperty(QTextFormat::BlockCodeFence)) {
            QTextCursor cursor(block);
            QTextBlockFormat format = block.blockFormat();
            format.setBackground(palette.color(QPalette::AlternateBase));
            cursor.setBlockFormat(format);
        }
    }
}

/// The first line of a Markdown text as plain text (reasoning summaries start with a bold title),
/// with "…" when more follows.
QString firstLine(const QString &markdown)
{
    QTextDocument plain;
    plain.setMarkdown(markdown.left(2000));
    const QString text = plain.toPlainText().trimmed();
    const qsizetype newline = text.indexOf(QLatin1Char('\n'));
    const QString line = newline < 0 ? text : text.left(newline).trimmed();
    const bool more = newline >= 0 || markdown.size() > 2000;
    return ConversationModel::abbreviate(line, 140) + (more ? QStringLiteral(" \u2026") : QString());
}

QString duration(qint64 ms)
{
    return ms < 1000 ? ConversationDelegate::tr("%1 ms").arg(ms)
                     : ConversationDelegate::tr("%1 s").arg(QLocale().toString(double(ms) / 1000.0, 'f', 1));
}

} // namespace

QString ConversationDelegate::signature(const QModelIndex &index)
{
    const bool expanded = index.data(ConversationModel::ExpandedRole).toBool();
    QString key = QString::number(index.data(ConversationModel::KindRole).toInt()) +
                  (expanded ? QLatin1Char('+') : QLatin1Char('-')) +
                  QString::number(index.data(ConversationModel::ToolStatusRole).toInt()) + QLatin1Char('|') +
                  index.data().toString();
    if (expanded) {
        key += QLatin1Char('|') + index.data(ConversationModel::DetailRole).toString() + QLatin1Char('|') +
               index.data(ConversationModel::ResultRole).toString().left(kMaxDetailChars);
    }
    return key;
}

void ConversationDelegate::build(QTextDocument &document, const QModelIndex &index, const QPalette &palette)
{
    document.clear();
    const QString text = index.data(ConversationModel::DetailRole).toString();
    QTextCursor cursor(&document);
    switch (Kind(index.data(ConversationModel::KindRole).toInt())) {
    case Kind::User:
        cursor.insertText(tr("You"), boldFormat());
        cursor.insertBlock();
        cursor.insertText(text, QTextCharFormat());
        return;
    case Kind::Assistant:
        setMarkdown(document, text, palette);
        return;
    case Kind::Reasoning:
        if (index.data(ConversationModel::ExpandedRole).toBool()) {
            setMarkdown(document, QStringLiteral("\u25BE *%1*\n\n").arg(tr("Thinking")) + text, palette);
        } else {
            QTextCharFormat italic;
            italic.setFontItalic(true);
            cursor.insertText(QStringLiteral("\u25B8 ") + tr("Thinking") + QStringLiteral(": "), italic);
            cursor.insertText(firstLine(text), QTextCharFormat());
        }
        return;
    case Kind::ToolCall:
        buildToolCall(document, index, palette);
        return;
    case Kind::Usage:
    case Kind::Notice: {
        QTextCharFormat small;
        small.setFontPointSize(std::max(6.0, QFont().pointSizeF() - 1));
        small.setFontItalic(Kind(index.data(ConversationModel::KindRole).toInt()) == Kind::Notice);
        cursor.insertText(index.data().toString(), small);
        return;
    }
    case Kind::Finished:
        cursor.insertText(index.data().toString(), boldFormat());
        return;
    }
}

void ConversationDelegate::buildToolCall(QTextDocument &document, const QModelIndex &index, const QPalette &palette)
{
    QTextCursor cursor(&document);
    const bool expanded = index.data(ConversationModel::ExpandedRole).toBool();
    const auto status = Status(index.data(ConversationModel::ToolStatusRole).toInt());
    QString statusText;
    QColor statusColor = palette.color(QPalette::Disabled, QPalette::Text);
    switch (status) {
    case Status::Running:
        statusText = tr("running");
        break;
    case Status::AwaitingApproval:
        statusText = tr("waiting for approval");
        statusColor = QColor(0xb0, 0x60, 0x00);
        break;
    case Status::Denied:
        statusText = tr("denied");
        statusColor = QColor(0xb0, 0x20, 0x20);
        break;
    case Status::Failed:
        statusText = tr("failed");
        statusColor = QColor(0xb0, 0x20, 0x20);
        break;
    case Status::Succeeded:
        statusText = tr("done");
        statusColor = QColor(0x2e, 0x8b, 0x3e);
        break;
    }
    cursor.insertText(expanded ? QStringLiteral("\u25BE ") : QStringLiteral("\u25B8 "), QTextCharFormat());
    cursor.insertText(index.data(ConversationModel::ToolNameRole).toString(), boldFormat());
    cursor.insertText(QStringLiteral("  "), QTextCharFormat());
    QTextCharFormat statusFormat = boldFormat();
    statusFormat.setForeground(statusColor);
    cursor.insertText(statusText, statusFormat);

    QStringList facts;
    // The decision on a call that waited for approval, in its compact card.
    switch (ConversationModel::Approval(index.data(ConversationModel::ApprovalRole).toInt())) {
    case ConversationModel::Approval::Approved:
        facts.append(tr("approved"));
        break;
    case ConversationModel::Approval::Always:
        facts.append(tr("approved always for this run"));
        break;
    case ConversationModel::Approval::None:
    case ConversationModel::Approval::Pending:
    case ConversationModel::Approval::Denied: // the status says it
        break;
    }
    if (const QVariant exit = index.data(ConversationModel::ExitCodeRole); exit.isValid()) {
        facts.append(tr("exit %1").arg(exit.toInt()));
    }
    if (const QVariant size = index.data(ConversationModel::ResultSizeRole); size.isValid()) {
        facts.append(tr("%1 of output").arg(QLocale().formattedDataSize(size.toLongLong())));
    }
    if (const QVariant ms = index.data(ConversationModel::DurationRole); ms.isValid()) {
        facts.append(duration(ms.toLongLong()));
    }
    if (!facts.isEmpty()) {
        QTextCharFormat grey;
        grey.setForeground(palette.color(QPalette::Disabled, QPalette::Text));
        cursor.insertText(QStringLiteral(" \u00B7 ") + facts.join(QStringLiteral(" \u00B7 ")), grey);
    }
    cursor.insertBlock();
    cursor.insertText(index.data(ConversationModel::SummaryRole).toString(), monoFormat());
    if (!expanded) {
        return;
    }
    cursor.insertBlock();
    cursor.insertText(tr("Arguments"), boldFormat());
    cursor.insertBlock();
    cursor.insertText(cut(index.data(ConversationModel::DetailRole).toString().trimmed(), kMaxDetailChars),
                      monoFormat());
    if (const QVariant result = index.data(ConversationModel::ResultRole); result.isValid()) {
        cursor.insertBlock();
        cursor.insertText(tr("Result"), boldFormat());
        cursor.insertBlock();
        cursor.insertText(cut(result.toString().trimmed(), kMaxDetailChars), monoFormat());
    }
}

} // namespace Sandcastle::Ui
