// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/ui/previewbackend.h"

#include <QWebEnginePage>

namespace Sandcastle::Preview {

/// A page for untrusted content: every navigation, popup and console line goes to the dock's
/// client; every permission (camera, location, notifications, clipboard, file system, protocol
/// handlers, screen capture) is refused. No QWebChannel is ever set.
class SandboxedWebPage : public QWebEnginePage
{
    Q_OBJECT
public:
    SandboxedWebPage(QWebEngineProfile *profile, Ui::PreviewPageClient *client, QObject *parent);

    [[nodiscard]] Ui::PreviewPageClient *client() const { return m_client; }
    /// Detaches the client (the page is about to be deleted with its tab).
    void clearClient() { m_client = nullptr; }

protected:
    bool acceptNavigationRequest(const QUrl &url, NavigationType type, bool isMainFrame) override;
    QWebEnginePage *createWindow(WebWindowType type) override;
    void javaScriptConsoleMessage(JavaScriptConsoleMessageLevel level, const QString &message, int lineNumber,
                                  const QString &sourceID) override;

private:
    Ui::PreviewPageClient *m_client = nullptr;
};

} // namespace Sandcastle::Preview
