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
    layout->addWidget(m_usage);

    connect(m_model, &ConversationModel::totalTokensChanged, this, &ConversationPane::updateUsage);
    // A row that grows (streamed text, a result, unfolding) needs a new layout.
    connect(m_model, &QAbstractItemModel::dataChanged, m_delegate,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
                    Q_EMIT m_delegate->sizeHintChanged(m_model->index(row));
                }
            });
    connect(m_model, &QAbstractItemModel::modelReset, m_delegate, &ConversationDelegate::clearCache);
    // The view deletes its index widgets on a reset.
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { m_approvalCards.clear(); });
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
        connect(m_controller, &RunController::approvalsChanged, this, &ConversationPane::updateApprovalCards);
    }
}

void ConversationPane::updateApprovalCards()
{
    const QStringList pending = m_controller ? m_controller->pendingApprovals() : QStringList();
    for (const QString &callId : m_approvalCards.keys()) {
        if (!pending.contains(callId)) {
            removeApprovalCard(callId);
        }
    }
    QModelIndex first;
    for (const QString &callId : pending) {
        const QModelIndex index = m_model->index(m_model->rowOfCall(callId));
        if (!index.isValid() || m_approvalCards.contains(callId)) {
            continue;
        }
        auto *card = new ApprovalCard;
        card->showCall(index.data(ConversationModel::ToolNameRole).toString(),
                       index.data(ConversationModel::DetailRole).toString(), m_controller->approvalReason(callId));
        card->setProperty("callId", callId);
        connect(card, &ApprovalCard::decided, this,
                [this, callId](Core::ApprovalDecision decision) { decide(callId, decision); });
        m_view->setIndexWidget(index, card);
        m_approvalCards.insert(callId, card);
        // Tab from the transcript goes to the newest card's buttons.
        const QList<QWidget *> buttons = card->buttons();
        QWidget::setTabOrder(m_view, buttons.first());
        for (int i = 1; i < buttons.size(); ++i) {
            QWidget::setTabOrder(buttons.at(i - 1), buttons.at(i));
        }
        Q_EMIT m_delegate->sizeHintChanged(index);
        if (!first.isValid()) {
            first = index;
        }
    }
    if (first.isValid()) {
        m_view->scrollTo(first);
    }
}

void ConversationPane::removeApprovalCard(const QString &callId)
{
    const QPointer<ApprovalCard> card = m_approvalCards.take(callId);
    const QModelIndex index = m_model->index(m_model->rowOfCall(callId));
    if (card) {
        card->hide();
    }
    if (index.isValid() && card && m_view->indexWidget(index) == card) {
        m_view->setIndexWidget(index, nullptr); // deletes the card later
        Q_EMIT m_delegate->sizeHintChanged(index);
    } else if (card) {
        card->deleteLater();
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

void ConversationPane::decide(const QString &callId, Core::ApprovalDecision decision)
{
    if (!m_controller) {
        return;
    }
    if (decision == Core::ApprovalDecision::AlwaysForRun) {
        m_model->markAlwaysForRun(callId);
    }
    m_controller->decideApproval(callId, decision);
}

} // namespace Sandcastle::Ui
