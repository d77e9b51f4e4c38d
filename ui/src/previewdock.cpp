// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/ui/previewdock.h"

#include "previewconsolemodel.h"
#include "previewpluginloader.h"
#include "previewremote.h"
#include "previewtab.h"
#include "previewtrust.h"

#include <QAction>
#include <QCryptographicHash>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace Sandcastle::Ui {

namespace {

const auto kAutoReloadKey = QStringLiteral("preview/autoReload");

QString workspaceHash(const QString &workspace)
{
    const QFileInfo info(workspace);
    const QString path = info.exists() ? info.canonicalFilePath() : info.absoluteFilePath();
    return QString::fromLatin1(QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha256).toHex().left(16));
}

} // namespace

PreviewDock::PreviewDock(QWidget *parent)
    : QWidget(parent)
    , m_trust(std::make_unique<PreviewTrust>())
    , m_loader(std::make_unique<PreviewPluginLoader>())
    , m_reloadAction(new QAction(tr("Reload"), this))
    , m_addressAction(new QAction(tr("Go to address bar"), this))
    , m_autoReloadAction(new QAction(tr("Auto-reload"), this))
    , m_browserAction(new QAction(tr("Open in browser"), this))
    , m_devToolsAction(new QAction(tr("Developer tools"), this))
    , m_address(new QLineEdit(this))
    , m_offerLayout(new QVBoxLayout)
    , m_notice(new QLabel(this))
    , m_placeholder(new QLabel(tr("No preview open. Ports the sandbox listens on are offered here."), this))
    , m_tabs(new QTabWidget(this))
    , m_console(new QTreeView(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
{
    setObjectName(QStringLiteral("previewDock"));
    setAccessibleName(tr("Preview"));
    auto *toolbar = new QToolBar(this);
    toolbar->setAccessibleName(tr("Preview toolbar"));
    m_reloadAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_reloadAction->setToolTip(tr("Reload the page (Ctrl+R)"));
    m_addressAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_autoReloadAction->setCheckable(true);
    m_autoReloadAction->setChecked(QSettings().value(kAutoReloadKey, false).toBool());
    m_autoReloadAction->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_R));
    m_autoReloadAction->setToolTip(tr("Reload the previews when workspace files change (Ctrl+Alt+R)"));
    m_browserAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    m_browserAction->setToolTip(tr("Open the page in the system browser (Ctrl+Shift+B)"));
    m_devToolsAction->setShortcut(QKeySequence(Qt::Key_F12));
    m_devToolsAction->setToolTip(tr("Developer tools (F12)"));
    for (QAction *action : {m_reloadAction, m_addressAction, m_autoReloadAction, m_browserAction, m_devToolsAction}) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(action);
    }
    m_address->setPlaceholderText(tr("Address"));
    m_address->setAccessibleName(tr("Page address"));
    m_address->setClearButtonEnabled(true);
    toolbar->addAction(m_reloadAction);
    toolbar->addWidget(m_address);
    toolbar->addAction(m_autoReloadAction);
    toolbar->addAction(m_browserAction);
    toolbar->addAction(m_devToolsAction);

    m_notice->setWordWrap(true);
    m_notice->setAccessibleName(tr("Preview notice"));
    m_notice->hide();
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setDocumentMode(true);
    m_tabs->setAccessibleName(tr("Preview tabs"));
    m_tabs->hide();

    auto *consolePane = new QWidget(this);
    auto *consoleLayout = new QVBoxLayout(consolePane);
    consoleLayout->setContentsMargins(0, 0, 0, 0);
    m_console->setRootIsDecorated(false);
    m_console->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_console->setAccessibleName(tr("Page console"));
    auto *consoleButtons = new QHBoxLayout;
    auto *consoleLabel = new QLabel(tr("Console"), consolePane);
    auto *send = new QPushButton(tr("Send to agent"), consolePane);
    send->setAccessibleName(tr("Send the console messages to the agent"));
    send->setToolTip(tr("Hand the selected console messages (or all) to the agent"));
    auto *clear = new QPushButton(tr("Clear"), consolePane);
    clear->setAccessibleName(tr("Clear the console"));
    consoleButtons->addWidget(consoleLabel);
    consoleButtons->addStretch();
    consoleButtons->addWidget(send);
    consoleButtons->addWidget(clear);
    consoleLayout->addLayout(consoleButtons);
    consoleLayout->addWidget(m_console);

    auto *pages = new QWidget(this);
    auto *pagesLayout = new QVBoxLayout(pages);
    pagesLayout->setContentsMargins(0, 0, 0, 0);
    pagesLayout->addWidget(m_placeholder, 1);
    pagesLayout->addWidget(m_tabs, 1);
    m_splitter->addWidget(pages);
    m_splitter->addWidget(consolePane);
    m_splitter->setStretchFactor(0, 4);
    m_splitter->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(toolbar);
    layout->addLayout(m_offerLayout);
    layout->addWidget(m_notice);
    layout->addWidget(m_splitter, 1);

    m_hostReserve = new PreviewHostReserve(this);
    m_warmUpTimer.setSingleShot(true);
    m_warmUpTimer.setInterval(0);
    connect(&m_warmUpTimer, &QTimer::timeout, this, &PreviewDock::warmUp);
    m_reloadTimer.setSingleShot(true);
    m_reloadTimer.setInterval(kAutoReloadDebounceMs);
    connect(&m_reloadTimer, &QTimer::timeout, this, [this] {
        for (int i = 0; i < tabCount(); ++i) {
            if (!tabAt(i)->isStopped()) {
                tabAt(i)->reload();
            }
        }
    });
    connect(m_reloadAction, &QAction::triggered, this, &PreviewDock::reloadCurrent);
    connect(m_addressAction, &QAction::triggered, this, [this] {
        m_address->setFocus(Qt::ShortcutFocusReason);
        m_address->selectAll();
    });
    connect(m_autoReloadAction, &QAction::toggled, this, [](bool on) { QSettings().setValue(kAutoReloadKey, on); });
    connect(m_browserAction, &QAction::triggered, this, &PreviewDock::openInSystemBrowser);
    connect(m_devToolsAction, &QAction::triggered, this, &PreviewDock::showDevTools);
    connect(m_address, &QLineEdit::returnPressed, this, &PreviewDock::navigateFromAddressBar);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &PreviewDock::closeTab);
    connect(m_tabs, &QTabWidget::currentChanged, this, &PreviewDock::onCurrentChanged);
    connect(send, &QPushButton::clicked, this, &PreviewDock::sendConsoleToAgent);
    connect(clear, &QPushButton::clicked, this, [this] {
        if (PreviewTab *tab = currentTab()) {
            tab->console()->clear();
        }
    });
    m_decider = [this](const QUrl &url, std::function<void(bool)> answer) { askNavigation(url, std::move(answer)); };
    m_downloadChooser = [this](const QString &name, std::function<void(const QString &)> answer) {
        askDownloadPath(name, std::move(answer));
    };
    onCurrentChanged();
}

PreviewDock::~PreviewDock()
{
    // Pages before the profile they use (m_backend goes after this body, before the children).
    blockSignals(true);
    closeAllTabs();
}

QString PreviewDock::profileDirectory(const QString &workspace)
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/preview/") +
           workspaceHash(workspace);
}

void PreviewDock::setWorkspacePath(const QString &path)
{
    if (path == m_workspace) {
        return;
    }
    closeAllTabs();
    const auto offers = m_offers.keys();
    for (quint16 port : offers) {
        removeOffer(port);
    }
    m_backend.reset();
    m_trust = std::make_unique<PreviewTrust>();
    m_workspace = path;
}

void PreviewDock::setNavigationDecider(NavigationDecider decider)
{
    m_decider = std::move(decider);
}

void PreviewDock::setDownloadPathChooser(DownloadPathChooser chooser)
{
    m_downloadChooser = std::move(chooser);
}

bool PreviewDock::autoReload() const
{
    return m_autoReloadAction->isChecked();
}

void PreviewDock::setAutoReload(bool enabled)
{
    m_autoReloadAction->setChecked(enabled);
}

int PreviewDock::tabCount() const
{
    return m_tabs->count();
}

PreviewTab *PreviewDock::tabAt(int index) const
{
    return qobject_cast<PreviewTab *>(m_tabs->widget(index));
}

PreviewTab *PreviewDock::currentTab() const
{
    return qobject_cast<PreviewTab *>(m_tabs->currentWidget());
}

PreviewTab *PreviewDock::tabForPort(quint16 port) const
{
    for (int i = 0; port != 0 && i < tabCount(); ++i) {
        if (tabAt(i)->port() == port) {
            return tabAt(i);
        }
    }
    return nullptr;
}

QList<quint16> PreviewDock::offeredPorts() const
{
    QList<quint16> ports = m_offers.keys();
    std::ranges::sort(ports);
    return ports;
}

int PreviewDock::livePageCount() const
{
    return m_backend ? m_backend->pageCount() : 0;
}

PreviewTab *PreviewDock::openPreview(const QUrl &url)
{
    for (int i = 0; i < tabCount(); ++i) {
        if (tabAt(i)->port() == 0 && tabAt(i)->url() == url) {
            m_tabs->setCurrentIndex(i);
            return tabAt(i);
        }
    }
    m_trust->trust(url);
    PreviewTab *tab = addTab(0);
    if (tab != nullptr) {
        tab->load(url);
    }
    return tab;
}

PreviewTab *PreviewDock::openPort(quint16 port, const QUrl &url)
{
    removeOffer(port);
    m_trust->trust(url);
    PreviewTab *tab = tabForPort(port);
    if (tab != nullptr) {
        m_tabs->setCurrentWidget(tab);
        if (tab->isStopped()) {
            tab->setStopped(false);
            tab->load(url);
        }
        return tab;
    }
    tab = addTab(port);
    if (tab != nullptr) {
        tab->load(url);
    }
    return tab;
}

void PreviewDock::workspaceFilesChanged()
{
    if (autoReload() && tabCount() > 0) {
        m_reloadTimer.start();
    }
}

void PreviewDock::reloadCurrent()
{
    if (PreviewTab *tab = currentTab()) {
        tab->reload();
    }
}

void PreviewDock::closeTab(int index)
{
    PreviewTab *tab = tabAt(index);
    if (tab == nullptr) {
        return;
    }
    m_tabs->removeTab(index);
    // Not deleted right here: the request may come from inside the page's own signal.
    tab->hide();
    tab->deleteLater();
    onCurrentChanged();
    Q_EMIT previewsChanged();
}

PreviewBackend *PreviewDock::ensureBackend()
{
    if (m_backend) {
        return m_backend.get();
    }
    const QString dir = profileDirectory(m_workspace);
    PreviewProfileSettings settings;
    settings.storageName = QStringLiteral("sandcastle-preview-") + workspaceHash(m_workspace);
    settings.dataPath = dir;
    settings.downloadPath = dir + QStringLiteral("/downloads");
    auto backend = makePreviewBackend(*m_loader, settings, m_hostReserve);
    if (!backend) {
        m_lastError = backend.error().toString();
        showNotice(tr("The preview cannot start: %1").arg(m_lastError));
        return nullptr;
    }
    m_backend = std::move(*backend);
    m_lastError.clear();
    return m_backend.get();
}

PreviewTab *PreviewDock::addTab(quint16 port)
{
    PreviewBackend *backend = ensureBackend();
    if (backend == nullptr) {
        return nullptr;
    }
    PreviewTabContext context;
    context.trust = m_trust.get();
    context.decideNavigation = [this](const QUrl &url, std::function<void(bool)> answer) {
        m_decider(url, std::move(answer));
    };
    context.chooseDownloadPath = [this](const QString &name, std::function<void(const QString &)> answer) {
        m_downloadChooser(name, std::move(answer));
    };
    context.openPopupTab = [this] { return addTab(0); };
    auto *tab = new PreviewTab(*backend, context, port, m_tabs);
    if (backend->isWarmingUp()) {
        // The warm-up page has done its job once a real page has loaded.
        connect(tab, &PreviewTab::loadFinished, this, [this] { m_backend->endWarmUp(); }, Qt::SingleShotConnection);
    }
    connect(tab, &QObject::destroyed, this, &PreviewDock::scheduleRelease);
    connect(tab, &PreviewTab::titleChanged, this, [this, tab] { updateTab(tab); });
    connect(tab, &PreviewTab::urlChanged, this, [this, tab] { updateTab(tab); });
    connect(tab, &PreviewTab::noticed, this, &PreviewDock::showNotice);
    m_tabs->setCurrentIndex(m_tabs->addTab(tab, port != 0 ? tr("Port %1").arg(port) : tr("Preview")));
    onCurrentChanged();
    Q_EMIT previewsChanged();
    return tab;
}

void PreviewDock::onCurrentChanged()
{
    PreviewTab *tab = currentTab();
    const bool any = tab != nullptr;
    m_tabs->setVisible(any);
    m_placeholder->setVisible(!any);
    for (QAction *action : {m_reloadAction, m_browserAction, m_devToolsAction}) {
        action->setEnabled(any);
    }
    m_console->setModel(any ? tab->console() : nullptr);
    if (any) {
        m_console->header()->setSectionResizeMode(PreviewConsoleModel::MessageColumn, QHeaderView::Stretch);
        updateTab(tab);
    } else {
        m_address->clear();
    }
}

void PreviewDock::updateTab(PreviewTab *tab)
{
    const int index = m_tabs->indexOf(tab);
    if (index < 0) {
        return;
    }
    m_tabs->setTabText(index, tab->title());
    m_tabs->setTabToolTip(index, tab->url().toDisplayString());
    if (tab == currentTab() && !m_address->hasFocus()) {
        m_address->setText(tab->url().toDisplayString());
    }
}

void PreviewDock::navigateFromAddressBar()
{
    const QUrl url = QUrl::fromUserInput(m_address->text().trimmed());
    if (!url.isValid()) {
        return;
    }
    if (PreviewTrust().judge(url, PreviewNavigation::Typed, true) == PreviewTrust::Verdict::Block) {
        showNotice(
            tr("Blocked: %1 (local files and unknown schemes never open in the preview)").arg(url.toDisplayString()));
        return;
    }
    // Typed by the user: that origin is trusted from now on.
    m_trust->trust(url);
    if (PreviewTab *tab = currentTab()) {
        tab->load(url);
    } else {
        openPreview(url);
    }
}

void PreviewDock::openInSystemBrowser()
{
    if (PreviewTab *tab = currentTab()) {
        QDesktopServices::openUrl(tab->url());
    }
}

void PreviewDock::showDevTools()
{
    if (PreviewTab *tab = currentTab()) {
        tab->showDevTools();
    }
}

void PreviewDock::showNotice(const QString &text)
{
    m_notice->setText(text);
    m_notice->show();
}

void PreviewDock::closeAllTabs()
{
    const QList<PreviewTab *> tabs = m_tabs->findChildren<PreviewTab *>();
    const bool had = tabCount() > 0;
    m_tabs->clear();
    qDeleteAll(tabs);
    if (had) {
        Q_EMIT previewsChanged();
    }
}

} // namespace Sandcastle::Ui
