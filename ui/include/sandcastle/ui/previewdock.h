// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/capabilities/preview/previewhost.h"
#include "sandcastle/core/result.h"

#include <QFuture>
#include <QHash>
#include <QTimer>
#include <QUrl>
#include <QWidget>

#include <functional>
#include <memory>

class QAction;
class QLabel;
class QLineEdit;
class QSplitter;
class QTabWidget;
class QTreeView;
class QVBoxLayout;

namespace Sandcastle::Ui {

class PreviewBackend;
class PreviewHostReserve;
class PreviewPluginLoader;
class PreviewTab;
class PreviewTrust;

/// The preview dock: a tab per port or URL the sandbox serves, shown by Qt WebEngine from the
/// sandcastle_preview plugin. No WebEngine cost until a preview is wanted or likely: the plugin
/// loads with the first offer ("Port 8000 is listening", offerPort(); it then warms the engine up
/// in an idle slot, before the user clicks), with a run that declares ports (expectPorts(): warm
/// before the server listens), with a command that looks like a server (expectServer()) or the
/// first tab. The browser profile (one per workspace, persistent, so sign-ins survive) lives while
/// a tab, an offer, a declaring run or a run's server command does; when the last
/// goes, the pages, the profile and the warm-up are deleted and freed memory is handed back.
/// Navigation outside the sandbox's origins asks first (PreviewTrust). Implements the core
/// PreviewHost (the agent's preview_screenshot tool). GUI thread only.
class PreviewDock : public QWidget, public Core::PreviewHost
{
    Q_OBJECT
public:
    using NavigationDecider = std::function<void(const QUrl &url, std::function<void(bool allow)> answer)>;
    using DownloadPathChooser =
        std::function<void(const QString &suggestedName, std::function<void(const QString &path)> answer)>;
    static constexpr int kAutoReloadDebounceMs = 300;

    explicit PreviewDock(QWidget *parent = nullptr);
    ~PreviewDock() override;

    /// Selects the workspace, and so the browser profile (AppDataLocation/preview/<hash>). Closes
    /// the open tabs when it changes.
    void setWorkspacePath(const QString &path);
    [[nodiscard]] QString workspacePath() const { return m_workspace; }
    /// The profile's data directory for `workspace`.
    [[nodiscard]] static QString profileDirectory(const QString &workspace);

    /// Replaces the question "leave the sandbox?" (default: a message box) - tests answer here.
    void setNavigationDecider(NavigationDecider decider);
    /// Replaces the save dialog for downloads (default: a QFileDialog) - tests answer here.
    void setDownloadPathChooser(DownloadPathChooser chooser);

    [[nodiscard]] bool autoReload() const;
    void setAutoReload(bool enabled);

    // Core::PreviewHost
    [[nodiscard]] bool hasOpenPreview() const override;
    /// The current tab's URL first.
    [[nodiscard]] QStringList openPreviewUrls() const override;
    /// PNG of the tab showing `url` (exactly, else the same origin; empty: the current tab), made
    /// current first. Fails with NotFound when no tab matches, otherwise when the dock is hidden
    /// or the page renders nothing.
    [[nodiscard]] QFuture<Core::Result<QByteArray>> screenshotPng(const QString &url) override;

    [[nodiscard]] int tabCount() const;
    [[nodiscard]] PreviewTab *tabAt(int index) const;
    [[nodiscard]] PreviewTab *currentTab() const;
    [[nodiscard]] PreviewTab *tabForPort(quint16 port) const;
    /// Ports with an offer bar showing.
    [[nodiscard]] QList<quint16> offeredPorts() const;
    /// The declared ports of the running run (expectPorts()).
    [[nodiscard]] QList<quint16> expectedPorts() const { return m_expected; }
    /// Pages alive in the browser profile (0 before the first preview).
    [[nodiscard]] int livePageCount() const;
    /// Whether the browser profile exists (a tab or an offer is there, or was until this event).
    [[nodiscard]] bool isBackendLoaded() const { return m_backend != nullptr; }
    /// The engine is warmed up for the first tab (see offerPort()).
    [[nodiscard]] bool isWarm() const;
    /// Why the last preview could not open (plugin missing, ...), or empty.
    [[nodiscard]] QString lastError() const { return m_lastError; }
    [[nodiscard]] PreviewTrust &trust() const { return *m_trust; }

public Q_SLOTS:
    /// Opens (or focuses) a tab showing `url`; the URL's origin becomes trusted.
    PreviewTab *openPreview(const QUrl &url);
    /// Opens (or focuses) the tab of a sandbox port; a stopped tab loads again.
    PreviewTab *openPort(quint16 port, const QUrl &url);
    /// Shows "Port N is listening in the sandbox - Preview / Dismiss" without making a tab; in
    /// the next idle slot loads the plugin and warms the engine up (a preview is now likely).
    void offerPort(quint16 port, const QUrl &url);
    /// A run that declares `ports` (its exposed ports) started: a preview is likely soon, so the
    /// engine warms up in the next idle slot, before any server listens, and stays warm while the
    /// run lasts. An empty list (the run ended) lets the profile go once no tab or offer is left.
    /// Runs without declared ports cost nothing here; their ports warm up on offerPort() or
    /// expectServer(). Also ends expectServer().
    void expectPorts(const QList<quint16> &ports);
    /// The run started a command that looks like a server (Core::PortMonitor::serverLikely()): as
    /// expectPorts() with a port, until the run ends (expectPorts({})), so that a port nobody
    /// declared paints about as fast as a declared one.
    void expectServer();
    /// Removes the port's offer and marks its tab as stopped.
    void portClosed(quint16 port);
    /// Workspace files changed: reloads the tabs (debounced) when auto-reload is on.
    void workspaceFilesChanged();
    void reloadCurrent();
    void closeTab(int index);

Q_SIGNALS:
    /// "Send to agent" in the console: the text to put in front of the agent.
    void sendToAgentRequested(const QString &text);
    /// A tab opened or closed (hasOpenPreview() may have changed).
    void previewsChanged();

private:
    [[nodiscard]] PreviewBackend *ensureBackend();
    PreviewTab *addTab(quint16 port);
    void onCurrentChanged();
    void updateTab(PreviewTab *tab);
    void navigateFromAddressBar();
    void openInSystemBrowser();
    void showDevTools();
    void sendConsoleToAgent();
    void showNotice(const QString &text);
    void removeOffer(quint16 port);
    void closeAllTabs();
    [[nodiscard]] bool warmUpWanted() const;
    void warmUp();
    /// Frees the profile once no tab and no offer is left (queued: closed tabs go later).
    void scheduleRelease();
    void releaseIfUnused();
    void askNavigation(const QUrl &url, std::function<void(bool)> answer);
    void askDownloadPath(const QString &suggestedName, std::function<void(const QString &)> answer);

    QString m_workspace;
    std::unique_ptr<PreviewTrust> m_trust;
    std::unique_ptr<PreviewPluginLoader> m_loader;
    std::unique_ptr<PreviewBackend> m_backend;
    PreviewHostReserve *m_hostReserve; ///< a released separate-process host, kept for a while
    NavigationDecider m_decider;
    DownloadPathChooser m_downloadChooser;
    QHash<quint16, QWidget *> m_offers;
    QList<quint16> m_expected;
    bool m_serverExpected = false;
    bool m_preloading = false; ///< the plugin's libraries are being mapped on a worker thread
    QTimer m_reloadTimer;
    QTimer m_warmUpTimer;
    QString m_lastError;

    QAction *m_reloadAction;
    QAction *m_addressAction;
    QAction *m_autoReloadAction;
    QAction *m_browserAction;
    QAction *m_devToolsAction;
    QLineEdit *m_address;
    QVBoxLayout *m_offerLayout;
    QLabel *m_notice;
    QLabel *m_placeholder;
    QTabWidget *m_tabs;
    QTreeView *m_console;
    QSplitter *m_splitter;
};

} // namespace Sandcastle::Ui
