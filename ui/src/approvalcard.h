// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/runner/approvalrules.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace Sandcastle::Ui {

/// The card of one tool call waiting for approval, shown inline in the conversation in place of
/// the call's row (ConversationPane): what the agent wants to run and why the policy asks, the full
/// command or patch (read-only, selectable), and Approve / Deny / Always for this run. Emits
/// decided(); once decided the pane removes it and the row shows the decision in compact form.
class ApprovalCard : public QWidget
{
    Q_OBJECT
public:
    explicit ApprovalCard(QWidget *parent = nullptr);

    /// Shows the call: `tool` its name, `payload` the ToolCall event's arguments, input or operation
    /// text (DetailRole of the conversation), `reason` the policy's reason (may be empty).
    void showCall(const QString &tool, const QString &payload, const QString &reason);
    /// The buttons in their tab order (Approve, Deny, Always for this run).
    [[nodiscard]] QList<QWidget *> buttons() const;

    /// The full text a person approves: exec_command's `cmd` (with its working directory),
    /// write_stdin's `chars`, apply_patch's patch or operation; else the payload as it came.
    [[nodiscard]] static QString approvalText(const QString &tool, const QString &payload);

Q_SIGNALS:
    void decided(Sandcastle::Core::ApprovalDecision decision);

private:
    QLabel *m_title = nullptr;
    QPlainTextEdit *m_detail = nullptr;
    QPushButton *m_approve = nullptr;
    QPushButton *m_deny = nullptr;
    QPushButton *m_always = nullptr;
};

} // namespace Sandcastle::Ui
