// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "webenginepreviewpage.h"

#include "sandboxedwebpage.h"

#include <QQuickWidget>
#include <QQuickWindow>
#include <QTimer>
#include <QVBoxLayout>
#include <QWebEngineScript>
#include <QWebEngineView>

namespace Sandcastle::Preview {

namespace {

QString terminationReason(QWebEnginePage::RenderProcessTerminationStatus status, int exitCode)
{
    switch (status) {
    case QWebEnginePage::NormalTerminationStatus:
        return QStringLiteral("renderer exited (code %1)").arg(exitCode);
    case QWebEnginePage::AbnormalTerminationStatus:
        return QStringLiteral("renderer failed (code %1)").arg(exitCode);
    case QWebEnginePage::CrashedTerminationStatus:
        return QStringLiteral("renderer crashed (code %1)").arg(exitCode);
    case QWebEnginePage::KilledTerminationStatus:
        return QStringLiteral("renderer was killed (code %1)").arg(exitCode);
    }
    return QStringLiteral("renderer ended (code %1)").arg(exitCode);
}

} // namespace

WebEnginePreviewPage::WebEnginePreviewPage(QWebEngineProfile *profile, Ui::PreviewPageClient *client, QWidget *parent)
    : QWidget(parent)
    , m_profile(profile)
    , m_view(new QWebEngineView(this))
    , m_page(new SandboxedWebPage(profile, client, m_view))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    m_view->setPage(m_page);
    setFocusProxy(m_view);

    connect(m_page, &QWebEnginePage::loadStarted, this, [this] {
        if (auto *c = m_page->client()) {
            c->pageLoadStarted();
        }
    });
    connect(m_page, &QWebEnginePage::loadFinished, this, [this](bool ok) {
        if (auto *c = m_page->client()) {
            c->pageLoadFinished(ok);
        }
    });
    connect(m_page, &QWebEnginePage::titleChanged, this, [this](const QString &title) {
        if (auto *c = m_page->client()) {
            c->pageTitleChanged(title);
        }
    });
    connect(m_page, &QWebEnginePage::urlChanged, this, [this](const QUrl &url) {
        if (auto *c = m_page->client()) {
            c->pageUrlChanged(url);
        }
    });
    connect(m_page, &QWebEnginePage::renderProcessTerminated, this,
            [this](QWebEnginePage::RenderProcessTerminationStatus status, int exitCode) {
                if (auto *c = m_page->client()) {
                    c->pageRendererTerminated(terminationReason(status, exitCode));
                }
            });
}

WebEnginePreviewPage::~WebEnginePreviewPage()
{
    // The client is the tab being destroyed: nothing may call it from here on.
    m_page->clearClient();
    m_page->disconnect(this);
    delete m_view; // deletes m_page, its child
}

QObject *WebEnginePreviewPage::pageObject()
{
    return m_page;
}

void WebEnginePreviewPage::load(const QUrl &url)
{
    m_page->load(url);
}

void WebEnginePreviewPage::reload()
{
    m_page->triggerAction(QWebEnginePage::Reload);
}

QString WebEnginePreviewPage::title() const
{
    return m_page->title();
}

QUrl WebEnginePreviewPage::url() const
{
    return m_page->url();
}

void WebEnginePreviewPage::runJavaScript(const QString &script, std::function<void(const QVariant &)> done)
{
    m_page->runJavaScript(script, QWebEngineScript::ApplicationWorld, std::move(done));
}

void WebEnginePreviewPage::grabImage(std::function<void(const QImage &)> done)
{
    // QWidget::grab() renders the view's QQuickWidget through its framebuffer, which works with
    // the software and the OpenGL scene graph (tst_previewdock checks it is not one colour).
    done(m_view->grab().toImage());
}

void WebEnginePreviewPage::notifyNextFrame(std::function<void()> done)
{
    auto *quick = m_view->findChild<QQuickWidget *>();
    if (quick == nullptr || quick->quickWindow() == nullptr) {
        QTimer::singleShot(0, this, std::move(done));
        return;
    }
    // afterRendering: the scene graph rendered a frame with the compositor's latest content.
    connect(quick->quickWindow(), &QQuickWindow::afterRendering, this, std::move(done),
            static_cast<Qt::ConnectionType>(Qt::QueuedConnection | Qt::SingleShotConnection));
}

QWidget *WebEnginePreviewPage::createDevTools(QWidget *parent)
{
    auto *view = new QWebEngineView(parent);
    auto *devPage = new QWebEnginePage(m_profile, view);
    view->setPage(devPage);
    m_page->setDevToolsPage(devPage);
    return view;
}

} // namespace Sandcastle::Preview
