// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QListView;
class QPushButton;

namespace Sandcastle::Ui {

class ConversationModel;
class RunController;

/// The conversation of the current run: the transcript (a ConversationModel in a list view), a
/// bar for the tool call waiting for approval (Approve / Deny) and the token total. Fed by the
/// RunController; the model is a child named "conversationModel".
class ConversationPane : public QWidget
{
    Q_OBJECT
public:
    explicit ConversationPane(RunController *controller, QWidget *parent = nullptr);

    [[nodiscard]] ConversationModel *model() const { return m_model; }

private:
    void updateApprovalBar();
    void decide(bool approved);

    QPointer<RunController> m_controller;
    ConversationModel *m_model = nullptr;
    QListView *m_view = nullptr;
    QWidget *m_approvalBar = nullptr;
    QLabel *m_approvalText = nullptr;
    QPushButton *m_approve = nullptr;
    QPushButton *m_deny = nullptr;
    QLabel *m_usage = nullptr;
    QString m_pendingCall; ///< the call the approval bar shows
};

} // namespace Sandcastle::Ui
