// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "previewtrust.h"
#include "sandcastle/ui/previewbackend.h"

#include <QPointer>
#include <QWidget>

#include <functional>

class QLabel;

namespace Sandcastle::Ui {

class PreviewConsoleModel;
class PreviewTab;

/// What a tab needs from its dock: the trust boundary and the user's answers.
struct PreviewTabContext
{
    /// Asks whether a page may leave the sandbox's origins; `answer` may come later.
    using NavigationDecider = std::function<void(const QUrl &url, std::function<void(bool allow)> answer)>;
    /// Asks where to save a download; an empty path cancels it. `answer` may come later.
    using DownloadPathChooser =
        std::function<void(const QString &suggestedName, std::function<void(const QString &path)> answer)>;

    PreviewTrust *trust = nullptr;
    NavigationDecider decideNavigation;
    DownloadPathChooser chooseDownloadPath;
    /// Opens a new tab for a popup and returns it (nullptr: refused).
    std::function<PreviewTab *()> openPopupTab;
};

/// One preview tab: the page made by the plugin (a child of this widget: deleting the tab frees
/// the page and its view), a "stopped" banner, the console lines and the developer tools window.
/// Implements the page client: navigations out of the trusted origins are held and asked about.
class PreviewTab : public QWidget, public PreviewPageClient
{
    Q_OBJECT
public:
    PreviewTab(PreviewBackend &backend, const PreviewTabContext &context, quint16 port, QWidget *parent);
    ~PreviewTab() override;

    [[nodiscard]] PreviewPage *page() const { return m_page; }
    [[nodiscard]] quint16 port() const { return m_port; }
    /// The page's URL, or the URL last asked for while nothing is committed yet.
    [[nodiscard]] QUrl url() const;
    [[nodiscard]] QString title() const;
    [[nodiscard]] bool isStopped() const { return m_stopped; }
    [[nodiscard]] bool hasLoaded() const { return m_loadCount > 0; }
    [[nodiscard]] PreviewConsoleModel *console() const { return m_console; }

    void load(const QUrl &url);
    void reload();
    /// The server behind the tab went away (portClosed) or came back.
    void setStopped(bool stopped);
    /// Shows (creating on first use) the developer tools window of this page.
    void showDevTools();
    [[nodiscard]] QWidget *devToolsWindow() const { return m_devTools; }

    // PreviewPageClient
    void pageLoadStarted() override;
    void pageLoadFinished(bool ok) override;
    void pageTitleChanged(const QString &title) override;
    void pageUrlChanged(const QUrl &url) override;
    void pageConsoleMessage(const PreviewConsoleMessage &message) override;
    [[nodiscard]] bool pageNavigationRequested(const QUrl &url, PreviewNavigation kind, bool isMainFrame) override;
    [[nodiscard]] PreviewPage *pagePopupRequested() override;
    void pageDownloadRequested(const QString &suggestedName, const QUrl &url,
                               std::function<void(const QString &targetPath)> answer) override;
    void pageDownloadFinished(const QString &targetPath, bool ok, const QString &error) override;
    void pageRendererTerminated(const QString &reason) override;

Q_SIGNALS:
    void titleChanged();
    void urlChanged(const QUrl &url);
    void loadFinished(bool ok);
    /// A line for the user (blocked navigation, download saved or failed, renderer gone).
    void noticed(const QString &text);

private:
    void showBanner(const QString &text);

    PreviewTabContext m_context;
    quint16 m_port = 0;
    QLabel *m_banner;
    PreviewPage *m_page;
    PreviewConsoleModel *m_console;
    QPointer<QWidget> m_devTools;
    QUrl m_requested;
    bool m_stopped = false;
    bool m_asking = false;
    int m_loadCount = 0;
};

} // namespace Sandcastle::Ui
