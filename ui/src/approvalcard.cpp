// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "approvalcard.h"

#include "namedwidget.h"

#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTextDocument>
#include <QVBoxLayout>

#include <algorithm>

namespace Sandcastle::Ui {

using Internal::named;

ApprovalCard::ApprovalCard(QWidget *parent)
    : QWidget(parent)
    , m_title(named(new QLabel(this), "approvalText", tr("Tool call waiting for approval")))
    , m_detail(named(new QPlainTextEdit(this), "approvalDetail", tr("Command or patch to approve")))
    , m_approve(named(new QPushButton(tr("&Approve"), this), "approveButton", tr("Approve the tool call")))
    , m_deny(named(new QPushButton(tr("&Deny"), this), "denyButton", tr("Deny the tool call")))
    , m_always(named(new QPushButton(tr("Al&ways for this run"), this), "alwaysButton",
                     tr("Approve this and matching tool calls for the rest of the run")))
{
    setObjectName(QStringLiteral("approvalCard"));
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase);
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setReadOnly(true);
    m_detail->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_detail->setFont(QFont(QStringLiteral("monospace")));
    m_always->setToolTip(tr("Later calls of this run are approved without asking when they run the same "
                            "program (and subcommand, e.g. \"npm test\") or patch files in the same directories."));

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_approve);
    buttons->addWidget(m_deny);
    buttons->addWidget(m_always);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_detail);
    layout->addLayout(buttons);

    connect(m_approve, &QPushButton::clicked, this, [this] { Q_EMIT decided(Core::ApprovalDecision::Approve); });
    connect(m_deny, &QPushButton::clicked, this, [this] { Q_EMIT decided(Core::ApprovalDecision::Deny); });
    connect(m_always, &QPushButton::clicked, this, [this] { Q_EMIT decided(Core::ApprovalDecision::AlwaysForRun); });
}

void ApprovalCard::showCall(const QString &tool, const QString &payload, const QString &reason)
{
    QString title = tr("The agent wants to run %1:").arg(tool);
    if (!reason.isEmpty()) {
        title.prepend(tr("Asked because the call %1.").arg(reason) + QLatin1Char('\n'));
    }
    m_title->setText(title);
    const QString text = approvalText(tool, payload);
    m_detail->setPlainText(text);
    m_detail->setAccessibleDescription(text);
    // As tall as the text, up to 12 lines; longer commands and patches scroll.
    const int lines = std::clamp(int(text.count(QLatin1Char('\n'))) + 1, 1, 12);
    m_detail->setFixedHeight(m_detail->fontMetrics().lineSpacing() * lines +
                             2 * (m_detail->frameWidth() + int(m_detail->document()->documentMargin())) +
                             m_detail->horizontalScrollBar()->sizeHint().height());
}

QList<QWidget *> ApprovalCard::buttons() const
{
    return {m_approve, m_deny, m_always};
}

QString ApprovalCard::approvalText(const QString &tool, const QString &payload)
{
    const QJsonObject args = QJsonDocument::fromJson(payload.toUtf8()).object();
    if (args.isEmpty()) {
        return payload; // custom tool input (a patch) or not JSON
    }
    if (tool == QLatin1String("exec_command") && args.value(QLatin1String("cmd")).isString()) {
        const QString workdir = args.value(QLatin1String("workdir")).toString();
        const QString cmd = args.value(QLatin1String("cmd")).toString();
        return workdir.isEmpty() ? cmd : tr("(in %1)").arg(workdir) + QLatin1Char('\n') + cmd;
    }
    if (tool == QLatin1String("write_stdin") && args.value(QLatin1String("chars")).isString()) {
        return args.value(QLatin1String("chars")).toString();
    }
    for (const char *key : {"input", "patch"}) {
        if (args.value(QLatin1String(key)).isString()) {
            return args.value(QLatin1String(key)).toString();
        }
    }
    if (args.contains(QLatin1String("path")) && args.contains(QLatin1String("type"))) {
        // A hosted apply_patch operation: {type, path, diff}.
        return args.value(QLatin1String("type")).toString() + QLatin1Char(' ') +
               args.value(QLatin1String("path")).toString() + QLatin1Char('\n') +
               args.value(QLatin1String("diff")).toString();
    }
    return payload;
}

} // namespace Sandcastle::Ui
