// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/ui/previewbackend.h"

#include <QCborMap>

namespace Sandcastle::PreviewHost {

class HostServer;

/// The client of one page in the child: every report goes to the parent as an event naming the
/// page; navigation and popups wait for the parent's answer (HostServer::ask).
class HostClient : public Ui::PreviewPageClient
{
public:
    HostClient(HostServer &server, qint64 page);

    void pageLoadStarted() override;
    void pageLoadFinished(bool ok) override;
    void pageTitleChanged(const QString &title) override;
    void pageUrlChanged(const QUrl &url) override;
    void pageConsoleMessage(const Ui::PreviewConsoleMessage &message) override;
    [[nodiscard]] bool pageNavigationRequested(const QUrl &url, Ui::PreviewNavigation kind, bool isMainFrame) override;
    [[nodiscard]] Ui::PreviewPage *pagePopupRequested() override;
    void pageDownloadRequested(const QString &suggestedName, const QUrl &url,
                               std::function<void(const QString &targetPath)> answer) override;
    void pageDownloadFinished(const QString &targetPath, bool ok, const QString &error) override;
    void pageRendererTerminated(const QString &reason) override;

private:
    void event(const QString &op, QCborMap fields = {});

    HostServer &m_server;
    qint64 m_page;
};

} // namespace Sandcastle::PreviewHost
