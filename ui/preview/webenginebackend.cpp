// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "webenginebackend.h"

#include "sandboxedwebpage.h"
#include "webenginepreviewpage.h"

#include <algorithm>

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QUuid>
#include <QWebEngineDownloadRequest>
#include <QWebEnginePage>
#include <QWebEngineProfile>
#include <QWebEngineSettings>
#include <QWebEngineView>

Q_LOGGING_CATEGORY(lcPreview, "sandcastle.ui.preview")

namespace Sandcastle::Preview {

namespace {

void lockDown(QWebEngineSettings *settings)
{
    // Untrusted pages: no file:// reads, no windows without a gesture, no clipboard, no
    // plugins, no fullscreen or screen capture, no navigation by dropping a local file.
    settings->setAttribute(QWebEngineSettings::LocalContentCanAccessFileUrls, false);
    settings->setAttribute(QWebEngineSettings::LocalContentCanAccessRemoteUrls, false);
    settings->setAttribute(QWebEngineSettings::JavascriptCanOpenWindows, false);
    settings->setAttribute(QWebEngineSettings::JavascriptCanAccessClipboard, false);
    settings->setAttribute(QWebEngineSettings::JavascriptCanPaste, false);
    settings->setAttribute(QWebEngineSettings::AllowWindowActivationFromJavaScript, false);
    settings->setAttribute(QWebEngineSettings::PluginsEnabled, false);
    settings->setAttribute(QWebEngineSettings::FullScreenSupportEnabled, false);
    settings->setAttribute(QWebEngineSettings::ScreenCaptureEnabled, false);
    settings->setAttribute(QWebEngineSettings::AllowRunningInsecureContent, false);
    settings->setAttribute(QWebEngineSettings::AllowGeolocationOnInsecureOrigins, false);
    settings->setAttribute(QWebEngineSettings::NavigateOnDropEnabled, false);
    settings->setAttribute(QWebEngineSettings::HyperlinkAuditingEnabled, false);
    // mailto:, custom schemes: never handed to other programs.
    settings->setUnknownUrlSchemePolicy(QWebEngineSettings::DisallowUnknownUrlSchemes);
}

/// Moves a finished staging file to the chosen place (replacing it: the save dialog asked).
QString placeDownload(const QString &staged, const QString &target)
{
    if (QFile::exists(target) && !QFile::remove(target)) {
        return QStringLiteral("cannot replace %1").arg(target);
    }
    if (QFile::rename(staged, target)) {
        return {};
    }
    if (QFile::copy(staged, target)) {
        QFile::remove(staged);
        return {};
    }
    return QStringLiteral("cannot write %1").arg(target);
}

} // namespace

WebEngineBackend::WebEngineBackend(const Ui::PreviewProfileSettings &settings)
    : m_settings(settings)
    , m_profile(std::make_unique<QWebEngineProfile>(settings.storageName))
{
    QDir().mkpath(settings.dataPath);
    QDir().mkpath(settings.downloadPath);
    m_profile->setPersistentStoragePath(settings.dataPath);
    m_profile->setCachePath(settings.dataPath + QStringLiteral("/cache"));
    m_profile->setHttpCacheType(QWebEngineProfile::DiskHttpCache);
    // Session cookies too: a dev server's sign-in usually is one.
    m_profile->setPersistentCookiesPolicy(QWebEngineProfile::ForcePersistentCookies);
    m_profile->setPersistentPermissionsPolicy(QWebEngineProfile::PersistentPermissionsPolicy::AskEveryTime);
    m_profile->setPushServiceEnabled(false);
    m_profile->setDownloadPath(settings.downloadPath);
    lockDown(m_profile->settings());
    connect(m_profile.get(), &QWebEngineProfile::downloadRequested, this, &WebEngineBackend::onDownloadRequested);
}

WebEngineBackend::~WebEngineBackend()
{
    m_warmView.reset(); // a page of the profile: before it
    if (pageCount() > 0) {
        qCWarning(lcPreview) << "preview backend deleted before" << pageCount() << "of its pages";
    }
}

Ui::PreviewPage *WebEngineBackend::createPage(Ui::PreviewPageClient *client, QWidget *parent)
{
    auto *page = new WebEnginePreviewPage(m_profile.get(), client, parent);
    m_pages.removeAll(QPointer<QObject>());
    m_pages.append(page->pageObject());
    return page;
}

int WebEngineBackend::pageCount() const
{
    return static_cast<int>(std::count_if(m_pages.cbegin(), m_pages.cend(), [](const auto &p) { return !p.isNull(); }));
}

QString WebEngineBackend::storagePath() const
{
    return m_profile->persistentStoragePath();
}

void WebEngineBackend::warmUp()
{
    if (m_warmView) {
        return;
    }
    // Our own blank document, not a sandbox page: nothing untrusted runs here. In a view that is
    // shown but never mapped on screen (WA_DontShowOnScreen), so that the engine starts as it
    // does for a visible page (browser side, GPU thread, zygote and a renderer).
    auto *view = new QWebEngineView;
    auto *page = new QWebEnginePage(m_profile.get(), view);
    view->setPage(page);
    view->setAttribute(Qt::WA_DontShowOnScreen);
    view->resize(64, 64);
    view->show();
    connect(page, &QWebEnginePage::loadFinished, this, [this] { m_warm = true; });
    page->setHtml(QStringLiteral("<!doctype html><title>warm-up</title>"));
    m_warmView.reset(view);
}

void WebEngineBackend::endWarmUp()
{
    m_warmView.reset();
    m_warm = false;
}

void WebEngineBackend::onDownloadRequested(QWebEngineDownloadRequest *download)
{
    auto *page = qobject_cast<SandboxedWebPage *>(download->page());
    if (page == nullptr || page->client() == nullptr) {
        download->cancel(); // devtools or a page being closed
        return;
    }
    const QString staged = QUuid::createUuid().toString(QUuid::WithoutBraces) + QStringLiteral(".part");
    download->setDownloadDirectory(m_settings.downloadPath);
    download->setDownloadFileName(staged);
    download->accept();

    // Target chosen (or not yet: null) and the page to report to.
    struct State
    {
        QString target;
        bool answered = false;
        bool done = false;
        QPointer<SandboxedWebPage> page;
    };
    auto state = std::make_shared<State>();
    state->page = page;
    const QString stagedPath = QDir(m_settings.downloadPath).filePath(staged);
    QPointer<QWebEngineDownloadRequest> guard(download);

    auto finish = [state, stagedPath, guard](bool ok, const QString &error) {
        if (state->done) {
            return;
        }
        state->done = true;
        if (!ok) {
            QFile::remove(stagedPath);
        }
        if (state->page && state->page->client()) {
            state->page->client()->pageDownloadFinished(state->target, ok, error);
        }
        if (guard) {
            guard->deleteLater();
        }
    };
    auto settle = [state, stagedPath, guard, finish] {
        if (!guard || !state->answered || !guard->isFinished()) {
            return;
        }
        if (guard->state() != QWebEngineDownloadRequest::DownloadCompleted) {
            finish(false, guard->interruptReasonString());
            return;
        }
        const QString error = placeDownload(stagedPath, state->target);
        finish(error.isEmpty(), error);
    };
    connect(download, &QWebEngineDownloadRequest::isFinishedChanged, this, settle);
    page->client()->pageDownloadRequested(download->suggestedFileName(), download->url(),
                                          [state, guard, finish, settle](const QString &targetPath) {
                                              state->answered = true;
                                              state->target = targetPath;
                                              if (targetPath.isEmpty()) {
                                                  if (guard) {
                                                      guard->cancel();
                                                  }
                                                  finish(false, QStringLiteral("cancelled"));
                                                  return;
                                              }
                                              settle();
                                          });
}

} // namespace Sandcastle::Preview
