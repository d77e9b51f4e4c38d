// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The dock's side facing the run and the agent: the PreviewHost methods (open URLs, screenshot),
// port offers, "Send to agent", and the default questions to the user (leave the sandbox? where
// to save a download?).
#include "sandcastle/ui/previewdock.h"

#include "backgroundtask.h"
#include "previewconsolemodel.h"
#include "previewpluginloader.h"
#include "previewremote.h"
#include "previewtab.h"
#include "previewtrust.h"

#include <QBuffer>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QPromise>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace Sandcastle::Ui {

namespace {

using PngPromise = std::shared_ptr<QPromise<Core::Result<QByteArray>>>;

void settle(const PngPromise &promise, Core::Result<QByteArray> result)
{
    promise->addResult(std::move(result));
    promise->finish();
}

Core::Result<QByteArray> encodePng(const QImage &image)
{
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG")) {
        return Core::fail(Core::ErrorCode::Internal, QStringLiteral("cannot encode the preview as PNG"),
                          QStringLiteral("%1x%2 image").arg(image.width()).arg(image.height()));
    }
    return png;
}

/// Grabs the tab's view and encodes it off the GUI thread.
void grabInto(const QPointer<PreviewTab> &tab, const PngPromise &promise)
{
    if (tab.isNull()) {
        settle(promise, Core::fail(Core::ErrorCode::Cancelled, QStringLiteral("the preview tab was closed")));
        return;
    }
    tab->page()->grabImage([promise, url = tab->url()](const QImage &image) {
        if (image.isNull() || image.width() == 0 || image.height() == 0) {
            settle(promise, Core::fail(Core::ErrorCode::Internal, QStringLiteral("the preview rendered no image"),
                                       url.toString()));
            return;
        }
        Internal::runInBackground([image] { return encodePng(image); }).then([promise](Core::Result<QByteArray> png) {
            settle(promise, std::move(png));
        });
    });
}

} // namespace

bool PreviewDock::hasOpenPreview() const
{
    return tabCount() > 0;
}

QStringList PreviewDock::openPreviewUrls() const
{
    QStringList urls;
    if (const PreviewTab *current = currentTab()) {
        urls.append(current->url().toString());
    }
    for (int i = 0; i < tabCount(); ++i) {
        if (tabAt(i) != currentTab()) {
            urls.append(tabAt(i)->url().toString());
        }
    }
    return urls;
}

QFuture<Core::Result<QByteArray>> PreviewDock::screenshotPng(const QString &url)
{
    auto promise = std::make_shared<QPromise<Core::Result<QByteArray>>>();
    QFuture<Core::Result<QByteArray>> future = promise->future();
    promise->start();
    PreviewTab *tab = url.isEmpty() ? currentTab() : nullptr;
    const QUrl wanted(url);
    for (int i = 0; tab == nullptr && i < tabCount(); ++i) {
        if (tabAt(i)->url() == wanted ||
            tabAt(i)->url().adjusted(QUrl::StripTrailingSlash) == wanted.adjusted(QUrl::StripTrailingSlash)) {
            tab = tabAt(i);
        }
    }
    for (int i = 0; tab == nullptr && i < tabCount(); ++i) {
        const QString origin = PreviewTrust::originOf(wanted);
        if (!origin.isEmpty() && PreviewTrust::originOf(tabAt(i)->url()) == origin) {
            tab = tabAt(i);
        }
    }
    if (tab == nullptr) {
        settle(promise, Core::fail(Core::ErrorCode::NotFound,
                                   url.isEmpty() ? QStringLiteral("no preview is open")
                                                 : QStringLiteral("no preview tab shows %1").arg(url),
                                   QStringLiteral("open: %1").arg(openPreviewUrls().join(QStringLiteral(", ")))));
        return future;
    }
    if (!isVisible()) {
        settle(promise, Core::fail(Core::ErrorCode::Unsupported, QStringLiteral("the preview dock is hidden"),
                                   QStringLiteral("a hidden page renders nothing")));
        return future;
    }
    if (tab == currentTab()) {
        grabInto(tab, promise);
        return future;
    }
    // A background tab renders nothing: show it and grab after its next frame (or after a
    // second, when the page has nothing new to draw).
    m_tabs->setCurrentWidget(tab);
    auto fired = std::make_shared<bool>(false);
    QPointer<PreviewTab> guard(tab);
    const auto once = [guard, promise, fired] {
        if (!*fired) {
            *fired = true;
            grabInto(guard, promise);
        }
    };
    tab->page()->notifyNextFrame(once);
    QTimer::singleShot(1000, this, once);
    return future;
}

void PreviewDock::offerPort(quint16 port, const QUrl &url)
{
    m_trust->trust(url);
    if (PreviewTab *tab = tabForPort(port)) {
        // Already previewed: the server is back.
        if (tab->isStopped()) {
            tab->setStopped(false);
            tab->load(url);
        }
        return;
    }
    removeOffer(port);
    auto *bar = new QWidget(this);
    bar->setAutoFillBackground(true);
    bar->setBackgroundRole(QPalette::AlternateBase);
    bar->setAccessibleName(tr("Port %1 offer").arg(port));
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(6, 2, 6, 2);
    auto *label = new QLabel(tr("Port %1 is listening in the sandbox").arg(port), bar);
    label->setToolTip(url.toDisplayString());
    auto *preview = new QPushButton(tr("Preview"), bar);
    preview->setAccessibleName(tr("Preview port %1").arg(port));
    auto *dismiss = new QPushButton(tr("Dismiss"), bar);
    dismiss->setAccessibleName(tr("Dismiss port %1").arg(port));
    row->addWidget(label, 1);
    row->addWidget(preview);
    row->addWidget(dismiss);
    connect(preview, &QPushButton::clicked, this, [this, port, url] { openPort(port, url); });
    connect(dismiss, &QPushButton::clicked, this, [this, port] { removeOffer(port); });
    m_offerLayout->addWidget(bar);
    m_offers.insert(port, bar);
    m_warmUpTimer.start();
}

void PreviewDock::expectPorts(const QList<quint16> &ports)
{
    m_expected = ports;
    m_serverExpected = false;
    if (ports.isEmpty()) {
        scheduleRelease();
    } else {
        m_warmUpTimer.start();
    }
}

void PreviewDock::expectServer()
{
    m_serverExpected = true;
    m_warmUpTimer.start();
}

bool PreviewDock::isWarm() const
{
    return m_backend && m_backend->isWarm();
}

bool PreviewDock::warmUpWanted() const
{
    return (!m_offers.isEmpty() || !m_expected.isEmpty() || m_serverExpected) && tabCount() == 0;
}

void PreviewDock::warmUp()
{
    // An idle slot after an offer (the user is likely to click it), the start of a run that
    // declares ports or a command that looks like a server (a server will listen soon). Loading
    // the plugin and starting Chromium's processes here, not on the click, keeps "listening ->
    // painted" short for the first preview too (bench_preview). In steps, each in a slot of its
    // own, so that the GUI thread runs its events (paints, the port monitor) in between: the
    // libraries are mapped on a worker thread, then the profile is made (Chromium's browser side
    // starts), then the warm-up page.
    if (!warmUpWanted()) {
        return;
    }
    if (m_backend) {
        m_backend->warmUp(); // no-op when it has the page already
        return;
    }
    if (previewProcessMode() == PreviewProcessMode::Separate) {
        // Nothing to map here: the host process loads the plugin (and starts at once).
        if (ensureBackend() != nullptr) {
            m_warmUpTimer.start();
        }
        return;
    }
    if (m_preloading) {
        return;
    }
    m_preloading = true;
    m_loader->preload().then(this, [this](bool) {
        m_preloading = false;
        if (warmUpWanted() && !m_backend && ensureBackend() != nullptr) {
            m_warmUpTimer.start();
        }
    });
}

void PreviewDock::scheduleRelease()
{
    QTimer::singleShot(0, this, &PreviewDock::releaseIfUnused);
}

void PreviewDock::releaseIfUnused()
{
    if (!m_backend || tabCount() > 0 || !m_offers.isEmpty() || !m_expected.isEmpty() || m_serverExpected ||
        m_backend->pageCount() > 0) {
        return;
    }
    // The profile and the warm-up page go; the renderer processes exit with them. What stays is
    // Chromium's browser side in this process and its GPU/utility processes (Qt WebEngine cannot
    // be shut down before the application ends): docs/ARCHITECTURE.md has the figures.
    m_warmUpTimer.stop();
    m_backend.reset();
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

void PreviewDock::portClosed(quint16 port)
{
    removeOffer(port);
    if (PreviewTab *tab = tabForPort(port)) {
        tab->setStopped(true);
    }
}

void PreviewDock::removeOffer(quint16 port)
{
    if (QWidget *bar = m_offers.take(port)) {
        bar->hide();
        bar->deleteLater();
        scheduleRelease();
    }
}

void PreviewDock::sendConsoleToAgent()
{
    PreviewTab *tab = currentTab();
    if (tab == nullptr || tab->console()->rowCount() == 0) {
        return;
    }
    QList<int> rows;
    if (m_console->selectionModel() != nullptr) {
        for (const QModelIndex &index : m_console->selectionModel()->selectedRows()) {
            rows.append(index.row());
        }
    }
    std::ranges::sort(rows);
    const QString text =
        QStringLiteral("Console of the preview %1:\n").arg(tab->url().toString()) + tab->console()->asText(rows);
    Q_EMIT sendToAgentRequested(text);
}

void PreviewDock::askNavigation(const QUrl &url, std::function<void(bool)> answer)
{
    auto *box = new QMessageBox(
        QMessageBox::Question, tr("Leave the sandbox?"),
        tr("The preview wants to open %1, which the sandbox does not serve. Open it?").arg(url.toDisplayString()),
        QMessageBox::Open | QMessageBox::Cancel, this);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this,
            [answer = std::move(answer)](int result) { answer(result == QMessageBox::Open); });
    box->open();
}

void PreviewDock::askDownloadPath(const QString &suggestedName, std::function<void(const QString &)> answer)
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    auto *dialog = new QFileDialog(this, tr("Save download"), QDir(dir).filePath(suggestedName));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::finished, this, [dialog, answer = std::move(answer)](int result) {
        const QStringList files = dialog->selectedFiles();
        answer(result == QDialog::Accepted && !files.isEmpty() ? files.first() : QString());
    });
    dialog->open();
}

} // namespace Sandcastle::Ui
