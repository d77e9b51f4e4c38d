// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>

class QLabel;
class QSystemTrayIcon;
class QWidget;

namespace Sandcastle::Ui {

class RunController;

/// Tells the user that a tool call waits for approval. When the window of `anchor` is the active
/// window: an in-window banner (`banner`, shown until no call waits). Otherwise a system tray
/// message (QSystemTrayIcon::showMessage) where a tray exists, else QApplication::alert() on the
/// window. One notification per newly waiting call.
class ApprovalNotifier : public QObject
{
    Q_OBJECT
public:
    enum class Channel { Banner, Tray, Alert };
    Q_ENUM(Channel)

    ApprovalNotifier(RunController *controller, QWidget *anchor, QLabel *banner, QObject *parent = nullptr);

Q_SIGNALS:
    /// A notification went out through `channel` with `text`.
    void notified(Sandcastle::Ui::ApprovalNotifier::Channel channel, const QString &text);

private:
    void onApprovalsChanged(const QStringList &pending);

    QPointer<RunController> m_controller;
    QPointer<QWidget> m_anchor;
    QPointer<QLabel> m_banner;
    QSystemTrayIcon *m_tray = nullptr;
    QStringList m_known; ///< the calls already notified about
};

} // namespace Sandcastle::Ui
