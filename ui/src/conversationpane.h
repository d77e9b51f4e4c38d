// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/runner/approvalrules.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

class QLabel;
class QListView;

namespace Sandcastle::Ui {

class ApprovalCard;
class ApprovalNotifier;
class ConversationDelegate;
class ConversationModel;
class RunController;

/// The conversation of the current run: the transcript (a ConversationModel in a list view drawn
/// by a ConversationDelegate: Markdown, folded reasoning, tool call cards), an ApprovalCard inline
/// in place of each tool call waiting for approval (Approve / Deny / Always for this run; Tab from
/// the transcript reaches its buttons; once decided the call's card shows the decision) with an
/// ApprovalNotifier (a banner on top, or a tray message when the window is not active) and the
/// token total. Space or a click folds and unfolds the current reasoning summary or tool call. While the view is at the
/// bottom it stays there as the transcript grows. Fed by the RunController; the model is a child named
/// "conversationModel".
class ConversationPane : public QWidget
{
    Q_OBJECT
public:
    explicit ConversationPane(RunController *controller, QWidget *parent = nullptr);

    [[nodiscard]] ConversationModel *model() const { return m_model; }
    [[nodiscard]] ConversationDelegate *delegate() const { return m_delegate; }
    [[nodiscard]] QListView *view() const { return m_view; }
    [[nodiscard]] ApprovalNotifier *notifier() const { return m_notifier; }

private:
    void updateApprovalCards();
    void removeApprovalCard(const QString &callId);
    void updateUsage();
    void decide(const QString &callId, Core::ApprovalDecision decision);

    QPointer<RunController> m_controller;
    ConversationModel *m_model = nullptr;
    ConversationDelegate *m_delegate = nullptr;
    QListView *m_view = nullptr;
    QLabel *m_banner = nullptr;
    QHash<QString, QPointer<ApprovalCard>> m_approvalCards; ///< call id -> its inline card
    ApprovalNotifier *m_notifier = nullptr;
    QLabel *m_usage = nullptr;
    bool m_stickToBottom = true; ///< the user has not scrolled up
    bool m_autoScrolling = false;
};

} // namespace Sandcastle::Ui
