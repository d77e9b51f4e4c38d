// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationpane.h"

#include "conversationdelegate.h"
#include "runcontroller.h"
#include "sandcastle/ui/conversationmodel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QPushButton>
#include <QScrollBar>
#include <QVBoxLayout>

namespace Sandcastle::Ui {

ConversationPane::ConversationPane(RunController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_model(new ConversationModel(this))
    , m_delegate(new ConversationDelegate(this))
    , m_view(new QListView(this))
    , m_approvalBar(new QWidget(this))
    , m_approvalText(new QLabel(m_approvalBar))
    , m_approve(new QPushButton(tr("&Approve"), m_approvalBar))
    , m_deny(new QPushButton(tr("&Deny"), m_approvalBar))
    , m_usage(new QLabel(this))
{
    setObjectName(QStringLiteral("conversationPane"));
    m_model->setObjectName(QStringLiteral("conversationModel"));
    m_view->setObjectName(QStringLiteral("conversationView"));
    m_view->setAccessibleName(tr("Conversation"));
    m_delegate->setObjectName(QStringLiteral("conversationDelegate"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(m_delegate);
    m_view->setWordWrap(true);
    m_view->setTextElideMode(Qt::ElideNone);
    m_view->setUniformItemSizes(false);
    m_view->setResizeMode(QListView::Adjust);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->setSpacing(3);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    auto *fold = new QAction(tr("Fold or unfold"), m_view);
    fold->setObjectName(QStringLiteral("conversationFoldAction"));
    fold->setShortcut(QKeySequence(Qt::Key_Space));
    fold->setShortcutContext(Qt::WidgetShortcut);
    m_view->addAction(fold);
    connect(fold, &QAction::triggered, this, [this] { ConversationDelegate::toggle(m_view->currentIndex()); });

    m_approvalBar->setObjectName(QStringLiteral("approvalBar"));
    m_approvalBar->setAutoFillBackground(true);
    m_approvalText->setObjectName(QStringLiteral("approvalText"));
    m_approvalText->setWordWrap(true);
    m_approvalText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_approve->setObjectName(QStringLiteral("approveButton"));
    m_approve->setAccessibleName(tr("Approve the tool call"));
    m_deny->setObjectName(QStringLiteral("denyButton"));
    m_deny->setAccessibleName(tr("Deny the tool call"));
    auto *bar = new QHBoxLayout(m_approvalBar);
    bar->addWidget(m_approvalText, 1);
    bar->addWidget(m_approve);
    bar->addWidget(m_deny);
    m_approvalBar->hide();

    m_usage->setObjectName(QStringLiteral("usageLabel"));
    m_usage->setAlignment(Qt::AlignRight);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_approvalBar);
    layout->addWidget(m_usage);

    connect(m_approve, &QPushButton::clicked, this, [this] { decide(true); });
    connect(m_deny, &QPushButton::clicked, this, [this] { decide(false); });
    connect(m_model, &ConversationModel::totalTokensChanged, this, &ConversationPane::updateUsage);
    // A row that grows (streamed text, a result, unfolding) needs a new layout.
    connect(m_model, &QAbstractItemModel::dataChanged, m_delegate,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
                    Q_EMIT m_delegate->sizeHintChanged(m_model->index(row));
                }
            });
    connect(m_model, &QAbstractItemModel::modelReset, m_delegate, &ConversationDelegate::clearCache);
    // Follow the transcript while it grows, unless the user scrolled up to read.
    QScrollBar *scrollBar = m_view->verticalScrollBar();
    connect(scrollBar, &QScrollBar::valueChanged, this, [this, scrollBar](int value) {
        if (!m_autoScrolling) {
            m_stickToBottom = value >= scrollBar->maximum();
        }
    });
    connect(scrollBar, &QScrollBar::rangeChanged, this, [this, scrollBar] {
        if (m_stickToBottom) {
            m_autoScrolling = true;
            scrollBar->setValue(scrollBar->maximum());
            m_autoScrolling = false;
        }
    });
    if (m_controller) {
        connect(m_controller, &RunController::conversationStarted, m_model, &ConversationModel::clear);
        connect(m_controller, &RunController::userMessageSent, m_model, &ConversationModel::addUserMessage);
        connect(m_controller, &RunController::eventEmitted, m_model, &ConversationModel::addEvent);
        connect(m_controller, &RunController::approvalsChanged, this, &ConversationPane::updateApprovalBar);
    }
}

void ConversationPane::updateApprovalBar()
{
    const QStringList pending = m_controller ? m_controller->pendingApprovals() : QStringList();
    if (pending.isEmpty()) {
        m_pendingCall.clear();
        m_approvalBar->hide();
        return;
    }
    m_pendingCall = pending.first();
    const int row = m_model->rowOfCall(m_pendingCall);
    const QModelIndex index = m_model->index(row);
    const QString tool = index.data(ConversationModel::ToolNameRole).toString();
    const QString arguments = index.data(ConversationModel::DetailRole).toString();
    QString text =
        tr("The agent wants to run %1:").arg(tool) + QLatin1Char('\n') + ConversationModel::abbreviate(arguments, 600);
    if (pending.size() > 1) {
        text += QLatin1Char('\n') + tr("%n more call(s) waiting.", nullptr, int(pending.size() - 1));
    }
    m_approvalText->setText(text);
    m_approvalBar->show();
    if (row >= 0) {
        m_view->scrollTo(index);
    }
}

void ConversationPane::updateUsage()
{
    const ConversationModel::TokenUsage total = m_model->totalUsage();
    const QLocale locale;
    m_usage->setText(total.total > 0 ? tr("%1 tokens in total (%2 input, %3 output)")
                                           .arg(locale.toString(total.total), locale.toString(total.input),
                                                locale.toString(total.output))
                                     : QString());
}

void ConversationPane::decide(bool approved)
{
    if (m_controller && !m_pendingCall.isEmpty()) {
        m_controller->decideApproval(m_pendingCall, approved);
    }
}

} // namespace Sandcastle::Ui
