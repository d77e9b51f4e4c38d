// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationpane.h"

#include "approvalcard.h"
#include "approvalnotifier.h"
#include "conversationdelegate.h"
#include "runcontroller.h"
#include "sandcastle/ui/conversationmodel.h"

#include <QAction>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QScrollBar>
#include <QVBoxLayout>

namespace Sandcastle::Ui {

ConversationPane::ConversationPane(RunController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_model(new ConversationModel(this))
    , m_delegate(new ConversationDelegate(this))
    , m_view(new QListView(this))
    , m_banner(new QLabel(this))
    , m_approvalCard(new ApprovalCard(this))
    , m_notifier(new ApprovalNotifier(controller, this, m_banner, this))
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

    m_approvalCard->hide();
    m_banner->setObjectName(QStringLiteral("approvalBanner"));
    m_banner->setAccessibleName(tr("Approval notification"));
    m_banner->setAutoFillBackground(true);
    m_banner->setBackgroundRole(QPalette::ToolTipBase);
    m_banner->setForegroundRole(QPalette::ToolTipText);
    m_banner->setMargin(6);
    m_notifier->setObjectName(QStringLiteral("approvalNotifier"));

    m_usage->setObjectName(QStringLiteral("usageLabel"));
    m_usage->setAlignment(Qt::AlignRight);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_banner);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_approvalCard);
    layout->addWidget(m_usage);

    connect(m_approvalCard, &ApprovalCard::decided, this, &ConversationPane::decide);
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
        m_approvalCard->hide();
        return;
    }
    m_pendingCall = pending.first();
    const int row = m_model->rowOfCall(m_pendingCall);
    const QModelIndex index = m_model->index(row);
    m_approvalCard->showCall(index.data(ConversationModel::ToolNameRole).toString(),
                             index.data(ConversationModel::DetailRole).toString(),
                             m_controller->approvalReason(m_pendingCall), int(pending.size() - 1));
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

void ConversationPane::decide(Core::ApprovalDecision decision)
{
    if (m_controller && !m_pendingCall.isEmpty()) {
        m_controller->decideApproval(m_pendingCall, decision);
    }
}

} // namespace Sandcastle::Ui
