// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The seam between the preview dock (in sandcastle_ui, no WebEngine) and the browser engine (the
// sandcastle_preview plugin, the only code that links Qt WebEngine). Header-only and free of
// QObject so that the plugin builds against it without linking sandcastle_ui: the dock loads the
// plugin with QPluginLoader, qobject_casts its root object to PreviewBackendFactory and talks to
// the engine only through these classes. Everything here runs on the GUI thread.

#include <QImage>
#include <QString>
#include <QUrl>
#include <QVariant>
#include <QtPlugin>

#include <functional>
#include <memory>

class QObject;
class QWidget;

namespace Sandcastle::Ui {

/// One line a page wrote to its console (console.log, uncaught errors, CSP reports, ...).
struct PreviewConsoleMessage
{
    enum class Level { Info, Warning, Error };
    Level level = Level::Info;
    QString message;
    int line = 0;
    QString source; ///< the script's URL
};

/// Why the page wants to navigate (QWebEnginePage::NavigationType without the engine).
enum class PreviewNavigation { Typed, LinkClicked, FormSubmitted, BackForward, Reload, Redirect, Other };

class PreviewPage;

/// Implemented by the dock, one per tab: the page reports to it and asks it before it navigates,
/// opens a popup or writes a download. The client outlives its page (the page is a child of the
/// tab that implements the client).
class PreviewPageClient
{
public:
    virtual ~PreviewPageClient() = default;
    virtual void pageLoadStarted() = 0;
    virtual void pageLoadFinished(bool ok) = 0;
    virtual void pageTitleChanged(const QString &title) = 0;
    virtual void pageUrlChanged(const QUrl &url) = 0;
    virtual void pageConsoleMessage(const PreviewConsoleMessage &message) = 0;
    /// Synchronous gate for every navigation; false stops it. Must not block.
    [[nodiscard]] virtual bool pageNavigationRequested(const QUrl &url, PreviewNavigation kind, bool isMainFrame) = 0;
    /// The page opens a window (window.open with a user gesture, target=_blank): returns the page
    /// (in a new tab) to load it into, or nullptr to refuse it.
    [[nodiscard]] virtual PreviewPage *pagePopupRequested() = 0;
    /// A download started. It is written to a private staging file only; `answer` takes the path
    /// the user chose (empty: cancel, the staging file is removed) and may be called later.
    virtual void pageDownloadRequested(const QString &suggestedName, const QUrl &url,
                                       std::function<void(const QString &targetPath)> answer) = 0;
    /// A download ended: moved to `targetPath` (ok), or failed/cancelled with `error`.
    virtual void pageDownloadFinished(const QString &targetPath, bool ok, const QString &error) = 0;
    /// The renderer process died (crash, killed, out of memory).
    virtual void pageRendererTerminated(const QString &reason) = 0;
};

/// One browser page and its view. The page object owns its widgets; it is owned by the Qt parent
/// passed to PreviewBackend::createPage() (delete that widget, or widget(), to free the page).
class PreviewPage
{
public:
    virtual ~PreviewPage() = default;
    /// The view to put in a layout; deleting it frees the whole page.
    [[nodiscard]] virtual QWidget *widget() = 0;
    /// The engine's page object, for lifetime checks (QPointer).
    [[nodiscard]] virtual QObject *pageObject() = 0;
    virtual void load(const QUrl &url) = 0;
    virtual void reload() = 0;
    [[nodiscard]] virtual QString title() const = 0;
    [[nodiscard]] virtual QUrl url() const = 0;
    /// Runs `script` in an isolated world (not the page's own JavaScript); `done` gets the value
    /// (invalid when the page went away first).
    virtual void runJavaScript(const QString &script, std::function<void(const QVariant &)> done) = 0;
    /// Renders what the view shows now; `done` gets a null image when nothing can be rendered.
    virtual void grabImage(std::function<void(const QImage &)> done) = 0;
    /// Calls `done` once, after the view has put its next frame on screen.
    virtual void notifyNextFrame(std::function<void()> done) = 0;
    /// A view with the developer tools of this page, owned by `parent`.
    [[nodiscard]] virtual QWidget *createDevTools(QWidget *parent) = 0;
};

/// Settings of one backend (one persistent browser profile).
struct PreviewProfileSettings
{
    QString storageName;  ///< unique per workspace
    QString dataPath;     ///< cookies, local storage, cache
    QString downloadPath; ///< private staging directory for downloads not yet placed
};

/// One browser profile and the pages made with it. Delete every page before the backend.
class PreviewBackend
{
public:
    virtual ~PreviewBackend() = default;
    /// A new page using this profile, child of `parent`, reporting to `client`.
    [[nodiscard]] virtual PreviewPage *createPage(PreviewPageClient *client, QWidget *parent) = 0;
    /// Pages made by this backend that still exist.
    [[nodiscard]] virtual int pageCount() const = 0;
    [[nodiscard]] virtual QString storagePath() const = 0;
    /// Starts the engine ahead of the first page: a hidden blank page (not counted by pageCount())
    /// that brings up the browser, GPU and a renderer process, so the first real page paints
    /// about as fast as a later one. Kept until endWarmUp() or the backend's deletion.
    virtual void warmUp() = 0;
    virtual void endWarmUp() = 0;
    [[nodiscard]] virtual bool isWarmingUp() const = 0;
    /// The warm-up page has loaded (the engine's processes are up).
    [[nodiscard]] virtual bool isWarm() const = 0;
};

/// The plugin's root object implements this.
class PreviewBackendFactory
{
public:
    virtual ~PreviewBackendFactory() = default;
    [[nodiscard]] virtual std::unique_ptr<PreviewBackend> createBackend(const PreviewProfileSettings &settings) = 0;
};

} // namespace Sandcastle::Ui

#define SandcastlePreviewBackendFactory_iid "org.sandcastle.PreviewBackendFactory/1"
Q_DECLARE_INTERFACE(Sandcastle::Ui::PreviewBackendFactory, SandcastlePreviewBackendFactory_iid)
