// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "previewtab.h"

#include "previewconsolemodel.h"

#include <QFileInfo>
#include <QLabel>
#include <QVBoxLayout>

namespace Sandcastle::Ui {

PreviewTab::PreviewTab(PreviewBackend &backend, const PreviewTabContext &context, quint16 port, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
    , m_port(port)
    , m_banner(new QLabel(this))
    , m_page(backend.createPage(this, this))
    , m_console(new PreviewConsoleModel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_banner->setWordWrap(true);
    m_banner->setContentsMargins(6, 4, 6, 4);
    m_banner->setAutoFillBackground(true);
    m_banner->setBackgroundRole(QPalette::ToolTipBase);
    m_banner->setForegroundRole(QPalette::ToolTipText);
    m_banner->setAccessibleName(tr("Preview status"));
    m_banner->hide();
    layout->addWidget(m_banner);
    layout->addWidget(m_page->widget(), 1);
    setFocusProxy(m_page->widget());
}

PreviewTab::~PreviewTab()
{
    // The page calls this client: free it (and the developer tools showing it) while the tab is
    // still whole.
    delete m_devTools;
    delete m_page->widget();
}

QUrl PreviewTab::url() const
{
    const QUrl current = m_page->url();
    return current.isEmpty() ? m_requested : current;
}

QString PreviewTab::title() const
{
    QString title = m_page->title();
    const QUrl where = url();
    if (title.isEmpty() || title == where.toString() || title == where.toString(QUrl::RemoveScheme)) {
        title = where.host().isEmpty() ? where.toString()
                                       : where.host() + QLatin1Char(':') + QString::number(where.port(80));
    }
    return m_stopped ? tr("%1 (stopped)").arg(title) : title;
}

void PreviewTab::load(const QUrl &url)
{
    m_requested = url;
    m_page->load(url);
}

void PreviewTab::reload()
{
    if (m_page->url().isEmpty() && m_requested.isValid()) {
        m_page->load(m_requested);
    } else {
        m_page->reload();
    }
}

void PreviewTab::setStopped(bool stopped)
{
    if (m_stopped == stopped) {
        return;
    }
    m_stopped = stopped;
    if (stopped) {
        showBanner(tr("The server on port %1 stopped listening. The page shows what it last loaded.").arg(m_port));
    } else {
        m_banner->hide();
    }
    Q_EMIT titleChanged();
}

void PreviewTab::showDevTools()
{
    if (m_devTools.isNull()) {
        // A top-level window owned by the tab: it closes with the tab.
        auto *window = new QWidget(this, Qt::Window);
        window->setAttribute(Qt::WA_DeleteOnClose, false);
        window->setWindowTitle(tr("Developer tools: %1").arg(title()));
        window->setAccessibleName(tr("Developer tools"));
        auto *layout = new QVBoxLayout(window);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(m_page->createDevTools(window));
        window->resize(900, 600);
        m_devTools = window;
    }
    m_devTools->show();
    m_devTools->raise();
    m_devTools->activateWindow();
}

void PreviewTab::showBanner(const QString &text)
{
    m_banner->setText(text);
    m_banner->show();
}

void PreviewTab::pageLoadStarted()
{
    if (!m_stopped) {
        m_banner->hide();
    }
}

void PreviewTab::pageLoadFinished(bool ok)
{
    ++m_loadCount;
    Q_EMIT loadFinished(ok);
}

void PreviewTab::pageTitleChanged(const QString &)
{
    Q_EMIT titleChanged();
}

void PreviewTab::pageUrlChanged(const QUrl &url)
{
    Q_EMIT urlChanged(url);
    Q_EMIT titleChanged();
}

void PreviewTab::pageConsoleMessage(const PreviewConsoleMessage &message)
{
    m_console->append(message);
}

bool PreviewTab::pageNavigationRequested(const QUrl &url, PreviewNavigation kind, bool isMainFrame)
{
    switch (m_context.trust->judge(url, kind, isMainFrame)) {
    case PreviewTrust::Verdict::Allow:
        return true;
    case PreviewTrust::Verdict::Block:
        Q_EMIT noticed(
            tr("Blocked: %1 (local files and unknown schemes never open in the preview)").arg(url.toDisplayString()));
        return false;
    case PreviewTrust::Verdict::Ask:
        break;
    }
    if (m_asking || !m_context.decideNavigation) {
        // One question at a time: a page cannot queue up dialogs.
        Q_EMIT noticed(tr("Blocked: %1 is outside the sandbox").arg(url.toDisplayString()));
        return false;
    }
    m_asking = true;
    QPointer<PreviewTab> self(this);
    m_context.decideNavigation(url, [self, url](bool allow) {
        if (self.isNull()) {
            return;
        }
        self->m_asking = false;
        if (allow) {
            self->m_context.trust->trust(url);
            self->load(url);
        } else {
            Q_EMIT self->noticed(tr("Blocked: %1 is outside the sandbox").arg(url.toDisplayString()));
        }
    });
    return false;
}

PreviewPage *PreviewTab::pagePopupRequested()
{
    PreviewTab *tab = m_context.openPopupTab ? m_context.openPopupTab() : nullptr;
    return tab != nullptr ? tab->page() : nullptr;
}

void PreviewTab::pageDownloadRequested(const QString &suggestedName, const QUrl &url,
                                       std::function<void(const QString &targetPath)> answer)
{
    if (!m_context.chooseDownloadPath) {
        answer({});
        return;
    }
    Q_EMIT noticed(tr("Download requested: %1").arg(url.toDisplayString()));
    m_context.chooseDownloadPath(suggestedName, std::move(answer));
}

void PreviewTab::pageDownloadFinished(const QString &targetPath, bool ok, const QString &error)
{
    if (ok) {
        Q_EMIT noticed(tr("Saved %1").arg(QFileInfo(targetPath).fileName()));
    } else {
        Q_EMIT noticed(tr("Download not saved: %1").arg(error));
    }
}

void PreviewTab::pageRendererTerminated(const QString &reason)
{
    showBanner(tr("The page stopped (%1). Reload to start it again.").arg(reason));
}

} // namespace Sandcastle::Ui
