// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "approvalnotifier.h"

#include "runcontroller.h"

#include <QApplication>
#include <QLabel>
#include <QSystemTrayIcon>
#include <QWidget>

namespace Sandcastle::Ui {

ApprovalNotifier::ApprovalNotifier(RunController *controller, QWidget *anchor, QLabel *banner, QObject *parent)
    : QObject(parent)
    , m_controller(controller)
    , m_anchor(anchor)
    , m_banner(banner)
{
    if (m_banner) {
        m_banner->hide();
    }
    if (m_controller) {
        connect(m_controller, &RunController::approvalsChanged, this, &ApprovalNotifier::onApprovalsChanged);
    }
}

void ApprovalNotifier::onApprovalsChanged(const QStringList &pending)
{
    QStringList fresh;
    for (const QString &callId : pending) {
        if (!m_known.contains(callId)) {
            fresh.append(callId);
        }
    }
    m_known = pending;
    if (pending.isEmpty()) {
        if (m_banner) {
            m_banner->hide();
        }
        if (m_tray) {
            m_tray->hide();
        }
        return;
    }
    const QString text = tr("%n tool call(s) waiting for your approval.", nullptr, int(pending.size()));
    if (m_banner) {
        m_banner->setText(text);
    }
    if (fresh.isEmpty()) {
        return;
    }
    QWidget *window = m_anchor ? m_anchor->window() : nullptr;
    if (window && window->isActiveWindow()) {
        if (m_banner) {
            m_banner->show();
        }
        Q_EMIT notified(Channel::Banner, text);
        return;
    }
    if (QSystemTrayIcon::isSystemTrayAvailable() && QSystemTrayIcon::supportsMessages()) {
        if (!m_tray) {
            m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
            m_tray->setToolTip(tr("Sandcastle"));
            connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
                if (m_anchor) {
                    m_anchor->window()->activateWindow();
                }
            });
        }
        m_tray->show();
        m_tray->showMessage(tr("Sandcastle: approval needed"), text);
        Q_EMIT notified(Channel::Tray, text);
    } else {
        if (window) {
            QApplication::alert(window);
        }
        Q_EMIT notified(Channel::Alert, text);
    }
    if (m_banner) {
        m_banner->show(); // seen on return to the window
    }
}

} // namespace Sandcastle::Ui
