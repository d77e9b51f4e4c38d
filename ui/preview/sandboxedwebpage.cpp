// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandboxedwebpage.h"

#include <QWebEngineDesktopMediaRequest>
#include <QWebEngineFileSystemAccessRequest>
#include <QWebEnginePermission>
#include <QWebEngineRegisterProtocolHandlerRequest>

namespace Sandcastle::Preview {

namespace {

Ui::PreviewNavigation navigationKind(QWebEnginePage::NavigationType type)
{
    switch (type) {
    case QWebEnginePage::NavigationTypeTyped:
        return Ui::PreviewNavigation::Typed;
    case QWebEnginePage::NavigationTypeLinkClicked:
        return Ui::PreviewNavigation::LinkClicked;
    case QWebEnginePage::NavigationTypeFormSubmitted:
        return Ui::PreviewNavigation::FormSubmitted;
    case QWebEnginePage::NavigationTypeBackForward:
        return Ui::PreviewNavigation::BackForward;
    case QWebEnginePage::NavigationTypeReload:
        return Ui::PreviewNavigation::Reload;
    case QWebEnginePage::NavigationTypeRedirect:
        return Ui::PreviewNavigation::Redirect;
    case QWebEnginePage::NavigationTypeOther:
        break;
    }
    return Ui::PreviewNavigation::Other;
}

} // namespace

SandboxedWebPage::SandboxedWebPage(QWebEngineProfile *profile, Ui::PreviewPageClient *client, QObject *parent)
    : QWebEnginePage(profile, parent)
    , m_client(client)
{
    connect(this, &QWebEnginePage::permissionRequested, this,
            [](QWebEnginePermission permission) { permission.deny(); });
    connect(this, &QWebEnginePage::fileSystemAccessRequested, this,
            [](QWebEngineFileSystemAccessRequest request) { request.reject(); });
    connect(this, &QWebEnginePage::registerProtocolHandlerRequested, this,
            [](QWebEngineRegisterProtocolHandlerRequest request) { request.reject(); });
    connect(this, &QWebEnginePage::desktopMediaRequested, this,
            [](const QWebEngineDesktopMediaRequest &request) { request.cancel(); });
}

bool SandboxedWebPage::acceptNavigationRequest(const QUrl &url, NavigationType type, bool isMainFrame)
{
    // Defence in depth: the client decides about origins, but local files are never shown.
    if (url.isLocalFile() || m_client == nullptr) {
        return false;
    }
    return m_client->pageNavigationRequested(url, navigationKind(type), isMainFrame);
}

QWebEnginePage *SandboxedWebPage::createWindow(WebWindowType type)
{
    Q_UNUSED(type)
    if (m_client == nullptr) {
        return nullptr;
    }
    Ui::PreviewPage *popup = m_client->pagePopupRequested();
    return popup != nullptr ? qobject_cast<QWebEnginePage *>(popup->pageObject()) : nullptr;
}

void SandboxedWebPage::javaScriptConsoleMessage(JavaScriptConsoleMessageLevel level, const QString &message,
                                                int lineNumber, const QString &sourceID)
{
    if (m_client == nullptr) {
        return;
    }
    Ui::PreviewConsoleMessage line;
    line.level = level == ErrorMessageLevel     ? Ui::PreviewConsoleMessage::Level::Error
                 : level == WarningMessageLevel ? Ui::PreviewConsoleMessage::Level::Warning
                                                : Ui::PreviewConsoleMessage::Level::Info;
    line.message = message;
    line.line = lineNumber;
    line.source = sourceID;
    m_client->pageConsoleMessage(line);
}

} // namespace Sandcastle::Preview
