// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QListView;
class QPushButton;

namespace Sandcastle::Ui {

class ConversationDelegate;
class ConversationModel;
class RunController;

/// The conversation of the current run: the transcript (a ConversationModel in a list view drawn
/// by a ConversationDelegate: Markdown, folded reasoning, tool call cards), a bar for the tool
/// call waiting for approval (Approve / Deny) and the token total. Space or a click folds and
/// unfolds the current reasoning summary or tool call. While the view is at the bottom it stays
/// there as the transcript grows. Fed by the RunController; the model is a child named
/// "conversationModel".
class ConversationPane : public QWidget
{
    Q_OBJECT
public:
    explicit ConversationPane(RunController *controller, QWidget *parent = nullptr);

    [[nodiscard]] ConversationModel *model() const { return m_model; }
    [[nodiscard]] ConversationDelegate *delegate() const { return m_delegate; }
    [[nodiscard]] QListView *view() const { return m_view; }

private:
    void updateApprovalBar();
    void updateUsage();
    void decide(bool approved);

    QPointer<RunController> m_controller;
    ConversationModel *m_model = nullptr;
    ConversationDelegate *m_delegate = nullptr;
    QListView *m_view = nullptr;
    QWidget *m_approvalBar = nullptr;
    QLabel *m_approvalText = nullptr;
    QPushButton *m_approve = nullptr;
    QPushButton *m_deny = nullptr;
    QLabel *m_usage = nullptr;
    QString m_pendingCall;       ///< the call the approval bar shows
    bool m_stickToBottom = true; ///< the user has not scrolled up
    bool m_autoScrolling = false;
};

} // namespace Sandcastle::Ui
