// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The preview dock with the real WebEngine plugin, under Xvfb, against `python3 -m http.server`
// on loopback: WebEngine is not mapped before the first offer, which warms it up in the
// background; a tab loads (title and text checked through runJavaScript); offers and closed ports; screenshots; the
// trust boundary (another origin asks, denial blocks, file:// never opens); downloads only where the user says; console
// lines to the agent; auto-reload; closing the last tab frees its page and the profile.

#include "futurewait.h"
#include "previewconsolemodel.h"
#include "previewpluginloader.h"
#include "previewremote.h"
#include "previewtab.h"
#include "previewtestserver.h"
#include "resultverify.h"
#include "sandcastle/ui/previewdock.h"
#include "testenv.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QImage>
#include <QLineEdit>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Sandcastle::Ui;
using Sandcastle::Test::writeTestFile;
using namespace Sandcastle::Test::Preview;

namespace {

const QByteArray kIndex = "<!doctype html><html><head><title>Sandcastle preview test</title>"
                          "<style>body{background:#ffffff;margin:0}h1{background:#2060c0;color:#fff;"
                          "height:200px;margin:0}</style></head><body><h1>Preview heading</h1>"
                          "<p id=text>Hello from the sandbox</p>"
                          "<script>console.error('boom from the page');</script></body></html>\n";
const QByteArray kSecond = "<!doctype html><html><head><title>Second page</title></head>"
                           "<body><p>second</p></body></html>\n";

/// Whether WebEngine runs for the dock: mapped here, or in the one preview host process.
bool webEngineStarted()
{
    if (previewProcessMode() == PreviewProcessMode::Separate) {
        return !isWebEngineMapped() && previewHosts().size() == 1;
    }
    return isWebEngineMapped();
}

} // namespace

class tst_PreviewDock : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_site;
    QTemporaryDir m_workspace;
    HttpServer m_server;
    std::unique_ptr<PreviewDock> m_dock;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_site.isValid());
        QVERIFY(writeTestFile(m_site.filePath(QStringLiteral("index.html")), kIndex));
        QVERIFY(writeTestFile(m_site.filePath(QStringLiteral("second.html")), kSecond));
        QVERIFY(writeTestFile(m_site.filePath(QStringLiteral("data.bin")), QByteArray(4096, 'x')));
        QVERIFY2(m_server.start(m_site.path()), "python3 -m http.server did not start");
    }

    void init()
    {
        m_dock = makeShownDock(m_workspace.path());
        QVERIFY(m_dock != nullptr);
    }

    void cleanup() { m_dock.reset(); }

    // These two run first: nothing in this process has loaded WebEngine yet.
    void missingPlugin_noTabAndSaysWhereItLooked()
    {
        const QByteArray saved = qgetenv(PreviewPluginLoader::kEnvironmentVariable);
        qputenv(PreviewPluginLoader::kEnvironmentVariable, "/nonexistent/libsandcastle_preview.so");
        PreviewTab *tab = m_dock->openPreview(m_server.url());
        qputenv(PreviewPluginLoader::kEnvironmentVariable, saved);
        QVERIFY(tab == nullptr);
        QCOMPARE(m_dock->tabCount(), 0);
        QVERIFY2(m_dock->lastError().contains(QStringLiteral("/nonexistent/libsandcastle_preview.so")),
                 qPrintable(m_dock->lastError()));
        QVERIFY(!isWebEngineMapped());
    }

    void beforeFirstOffer_webEngineNotMapped_offerWarmsUpInTheBackground()
    {
        QVERIFY(!isWebEngineMapped());
        QVERIFY(!m_dock->isBackendLoaded());
        QCOMPARE(m_dock->livePageCount(), 0);
        m_dock->workspaceFilesChanged();
        m_dock->setAutoReload(true);
        QTest::qWait(PreviewDock::kAutoReloadDebounceMs * 2);
        m_dock->setAutoReload(false);
        QVERIFY2(!isWebEngineMapped(), "nothing but an offer or a tab may load WebEngine");

        // An offer makes a preview likely: not on the caller's stack, but in the next idle slot,
        // the plugin loads and a hidden warm-up page starts the engine (no preview page yet).
        m_dock->offerPort(m_server.port(), m_server.url());
        QVERIFY2(!isWebEngineMapped(), "the offer itself must not block on WebEngine");
        QVERIFY(!m_dock->isBackendLoaded());
        QTRY_VERIFY_WITH_TIMEOUT(m_dock->isWarm(), kLoadTimeoutMs);
        QVERIFY(webEngineStarted());
        QCOMPARE(m_dock->livePageCount(), 0);
        QCOMPARE(m_dock->tabCount(), 0);

        // Dismissed: no offer and no tab left, the profile and the warm-up page are freed.
        m_dock->portClosed(m_server.port());
        QTRY_VERIFY(!m_dock->isBackendLoaded());
        QVERIFY(!m_dock->isWarm());

        // The first tab after a warm-up ends the warm-up once its page has loaded.
        m_dock->offerPort(m_server.port(), m_server.url());
        QTRY_VERIFY_WITH_TIMEOUT(m_dock->isWarm(), kLoadTimeoutMs);
        QVERIFY(openLoaded(*m_dock, m_server.url()) != nullptr);
        QVERIFY(!m_dock->isWarm());
        QCOMPARE(m_dock->livePageCount(), 1);
    }

    void declaredPorts_warmUpBeforeTheServerListens_releasedWhenTheRunEnds()
    {
        // A run that declares ports: the engine warms up in an idle slot, with no offer yet.
        m_dock->expectPorts({m_server.port()});
        QVERIFY2(!m_dock->isBackendLoaded(), "the run's start must not block on WebEngine");
        QTRY_VERIFY_WITH_TIMEOUT(m_dock->isWarm(), kLoadTimeoutMs);
        QVERIFY(m_dock->offeredPorts().isEmpty());
        QCOMPARE(m_dock->tabCount(), 0);
        QCOMPARE(m_dock->expectedPorts(), QList<quint16>{m_server.port()});

        // The run ended while its port is still offered: the profile stays for the offer.
        m_dock->offerPort(m_server.port(), m_server.url());
        m_dock->expectPorts({});
        QTest::qWait(50);
        QVERIFY(m_dock->isBackendLoaded());
        QVERIFY(m_dock->isWarm());
        // Neither an offer nor a declaring run left: freed.
        m_dock->portClosed(m_server.port());
        QTRY_VERIFY(!m_dock->isBackendLoaded());

        // A run without declared ports loads nothing.
        m_dock->expectPorts({});
        QTest::qWait(50);
        QVERIFY(!m_dock->isBackendLoaded());
    }

    void serverCommand_warmsUpWithoutAnOffer_releasedWhenTheRunEnds()
    {
        // A command that looks like a server (PortMonitor::serverLikely): warm before its port is found.
        m_dock->expectPorts({}); // a run without declared ports starts
        m_dock->expectServer();
        QVERIFY2(!m_dock->isBackendLoaded(), "the command's start must not block on WebEngine");
        QTRY_VERIFY_WITH_TIMEOUT(m_dock->isWarm(), kLoadTimeoutMs);
        QVERIFY(m_dock->offeredPorts().isEmpty());
        QCOMPARE(m_dock->tabCount(), 0);
        // Stays warm while the run goes, without an offer.
        QTest::qWait(50);
        QVERIFY(m_dock->isWarm());
        // The run ended: freed.
        m_dock->expectPorts({});
        QTRY_VERIFY(!m_dock->isBackendLoaded());
    }

    void openPreview_loadsPage_titleAndTextChecked()
    {
        PreviewTab *tab = openLoaded(*m_dock, m_server.url());
        QVERIFY(tab != nullptr);
        QCOMPARE(tab->page()->title(), QStringLiteral("Sandcastle preview test"));
        QCOMPARE(runJs(tab, QStringLiteral("document.title")).toString(), QStringLiteral("Sandcastle preview test"));
        QCOMPARE(runJs(tab, QStringLiteral("document.getElementById('text').innerText")).toString(),
                 QStringLiteral("Hello from the sandbox"));
        QVERIFY(m_dock->hasOpenPreview());
        QCOMPARE(m_dock->openPreviewUrls(), QStringList{m_server.url().toString()});
        QCOMPARE(m_dock->findChild<QLineEdit *>()->text(), m_server.url().toDisplayString());
        QCOMPARE(m_dock->profileDirectory(m_workspace.path()), m_dock->profileDirectory(m_workspace.path()));
        QVERIFY(m_dock->profileDirectory(m_workspace.path()) != m_dock->profileDirectory(m_site.path()));
        QVERIFY(QDir(m_dock->profileDirectory(m_workspace.path())).exists());
    }

    void offerPort_acceptOpensTab_portClosedRemovesOfferAndStopsTab()
    {
        QSignalSpy changed(m_dock.get(), &PreviewDock::previewsChanged);
        m_dock->offerPort(m_server.port(), m_server.url());
        m_dock->offerPort(9, QUrl(QStringLiteral("http://127.0.0.1:9/")));
        QCOMPARE(m_dock->offeredPorts(), (QList<quint16>{9, m_server.port()}));
        QCOMPARE(m_dock->tabCount(), 0);
        QCOMPARE(changed.count(), 0);

        QPushButton *accept = nullptr;
        for (QPushButton *b : m_dock->findChildren<QPushButton *>()) {
            if (b->accessibleName() == QStringLiteral("Preview port %1").arg(m_server.port())) {
                accept = b;
            }
        }
        QVERIFY(accept != nullptr);
        accept->click();
        QCOMPARE(m_dock->tabCount(), 1);
        QCOMPARE(changed.count(), 1);
        PreviewTab *tab = m_dock->tabForPort(m_server.port());
        QVERIFY(tab != nullptr);
        QCOMPARE(m_dock->offeredPorts(), QList<quint16>{9});
        QSignalSpy loaded(tab, &PreviewTab::loadFinished);
        QVERIFY(waitLoaded(tab, loaded));

        m_dock->portClosed(9);
        QCOMPARE(m_dock->offeredPorts(), QList<quint16>{});
        m_dock->portClosed(m_server.port());
        QVERIFY(tab->isStopped());
        QVERIFY(tab->title().contains(QStringLiteral("(stopped)")));
        QCOMPARE(m_dock->tabCount(), 1);

        // The server comes back: no new offer, the tab loads again.
        m_dock->offerPort(m_server.port(), m_server.url());
        QVERIFY(!tab->isStopped());
        QCOMPARE(m_dock->offeredPorts(), QList<quint16>{});
        QVERIFY(waitLoaded(tab, loaded, 2));
    }

    void screenshot_isPngOfThePage()
    {
        QVERIFY(openLoaded(*m_dock, m_server.url()) != nullptr);
        // The first frame may still be on its way.
        QImage image;
        QVERIFY(QTest::qWaitFor(
            [&] {
                const auto png = Sandcastle::Test::await(m_dock->screenshotPng(QString()));
                image = png ? QImage::fromData(*png, "PNG") : QImage();
                return !image.isNull() && distinctColours(image) > 1;
            },
            kLoadTimeoutMs));
        QVERIFY(image.width() > 100 && image.height() > 100);
        QVERIFY2(distinctColours(image) >= 2, "the screenshot is a single colour");
        // The heading's blue is in the picture.
        const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
        const QColor heading = rgb.pixelColor(rgb.width() / 2, 50);
        QVERIFY2(heading.blue() > 150 && heading.red() < 80, qPrintable(heading.name()));

        // A background tab is brought to the front first; the current tab's URL is listed first.
        PreviewTab *second = openLoaded(*m_dock, m_server.url(QStringLiteral("/second.html")));
        QVERIFY(second != nullptr);
        QCOMPARE(m_dock->openPreviewUrls(),
                 (QStringList{m_server.url(QStringLiteral("/second.html")).toString(), m_server.url().toString()}));
        Sandcastle::Core::PreviewHost *host = m_dock.get();
        const auto first = Sandcastle::Test::await(host->screenshotPng(m_server.url().toString()));
        SC_VERIFY_OK(first);
        QCOMPARE(m_dock->currentTab(), m_dock->tabAt(0));
        const QImage firstImage = QImage::fromData(*first, "PNG").convertToFormat(QImage::Format_RGB32);
        QVERIFY(!firstImage.isNull());
        QVERIFY2(firstImage.pixelColor(firstImage.width() / 2, 50).blue() > 150, "not the first tab's page");

        const auto missing = Sandcastle::Test::await(m_dock->screenshotPng(QStringLiteral("http://127.0.0.1:9/")));
        QVERIFY(!missing.has_value());
        QCOMPARE(missing.error().code, Sandcastle::Core::ErrorCode::NotFound);
    }

    void navigation_otherOrigin_asksAndDenialBlocks()
    {
        QList<QUrl> asked;
        bool allow = false;
        m_dock->setNavigationDecider([&](const QUrl &url, std::function<void(bool)> answer) {
            asked.append(url);
            answer(allow);
        });
        PreviewTab *tab = openLoaded(*m_dock, m_server.url());
        QVERIFY(tab != nullptr);
        QSignalSpy urls(tab, &PreviewTab::urlChanged);
        const QUrl foreign = m_server.url(QStringLiteral("/second.html"), QStringLiteral("localhost"));
        runJs(tab, QStringLiteral("location.href = '%1'").arg(foreign.toString()));
        QTRY_COMPARE_WITH_TIMEOUT(asked.size(), 1, kLoadTimeoutMs);
        QCOMPARE(asked.first(), foreign);
        // A same-origin navigation after it lands; the denied one never does.
        runJs(tab, QStringLiteral("location.href = '/second.html'"));
        QTRY_COMPARE_WITH_TIMEOUT(runJs(tab, QStringLiteral("document.title")).toString(),
                                  QStringLiteral("Second page"), kLoadTimeoutMs);
        QCOMPARE(tab->url(), m_server.url(QStringLiteral("/second.html")));
        for (const auto &args : std::as_const(urls)) {
            QVERIFY2(args.first().toUrl().host() != QStringLiteral("localhost"), "the denied navigation happened");
        }
        QVERIFY(!m_dock->trust().isTrusted(foreign));

        allow = true;
        runJs(tab, QStringLiteral("location.href = '%1'").arg(foreign.toString()));
        QTRY_COMPARE_WITH_TIMEOUT(asked.size(), 2, kLoadTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(tab->url(), foreign, kLoadTimeoutMs);
        QVERIFY(m_dock->trust().isTrusted(foreign));
    }

    void fileUrls_neverOpen()
    {
        int asked = 0;
        m_dock->setNavigationDecider([&](const QUrl &, std::function<void(bool)> answer) {
            ++asked;
            answer(true);
        });
        PreviewTab *tab = openLoaded(*m_dock, m_server.url());
        QVERIFY(tab != nullptr);
        QSignalSpy urls(tab, &PreviewTab::urlChanged);
        const QString file = m_site.filePath(QStringLiteral("second.html"));
        tab->load(QUrl::fromLocalFile(file)); // what the address bar would do, past its own check
        auto *address = m_dock->findChild<QLineEdit *>();
        address->setText(QUrl::fromLocalFile(file).toString());
        QTest::keyClick(address, Qt::Key_Return);
        runJs(tab, QStringLiteral("location.href = '%1'").arg(QUrl::fromLocalFile(file).toString()));
        runJs(tab, QStringLiteral("fetch('%1').then(() => { window.fileRead = 'read'; }, "
                                  "() => { window.fileRead = 'refused'; })")
                       .arg(QUrl::fromLocalFile(file).toString()));
        QTRY_COMPARE_WITH_TIMEOUT(runJs(tab, QStringLiteral("String(window.fileRead)")).toString(),
                                  QStringLiteral("refused"), kLoadTimeoutMs);
        runJs(tab, QStringLiteral("location.href = '/second.html'"));
        QTRY_COMPARE_WITH_TIMEOUT(runJs(tab, QStringLiteral("document.title")).toString(),
                                  QStringLiteral("Second page"), kLoadTimeoutMs);
        QCOMPARE(tab->url(), m_server.url(QStringLiteral("/second.html")));
        for (const auto &args : std::as_const(urls)) {
            QVERIFY2(!args.first().toUrl().isLocalFile(), "a file:// URL was shown");
        }
        QCOMPARE(asked, 0);
    }

    void download_writtenOnlyWhereTheUserSays()
    {
        QTemporaryDir target;
        QStringList suggested;
        QString answerPath = target.filePath(QStringLiteral("saved.bin"));
        m_dock->setDownloadPathChooser([&](const QString &name, std::function<void(const QString &)> answer) {
            suggested.append(name);
            answer(answerPath);
        });
        PreviewTab *tab = openLoaded(*m_dock, m_server.url());
        QVERIFY(tab != nullptr);
        QSignalSpy notices(tab, &PreviewTab::noticed);
        runJs(tab, QStringLiteral("location.href = '/data.bin'"));
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(answerPath), kLoadTimeoutMs);
        QCOMPARE(suggested, QStringList{QStringLiteral("data.bin")});
        QTRY_COMPARE_WITH_TIMEOUT(QFileInfo(answerPath).size(), qint64(4096), kLoadTimeoutMs);

        // Cancelled: nothing anywhere, the staging directory is left empty.
        answerPath.clear();
        runJs(tab, QStringLiteral("location.href = '/data.bin?again'"));
        QTRY_COMPARE_WITH_TIMEOUT(suggested.size(), 2, kLoadTimeoutMs);
        const QDir staging(m_dock->profileDirectory(m_workspace.path()) + QStringLiteral("/downloads"));
        QTRY_COMPARE_WITH_TIMEOUT(staging.entryList(QDir::Files).size(), 0, kLoadTimeoutMs);
        QCOMPARE(QDir(target.path()).entryList(QDir::Files), QStringList{QStringLiteral("saved.bin")});
    }

    void console_collectsMessagesAndSendsThemToTheAgent()
    {
        PreviewTab *tab = openLoaded(*m_dock, m_server.url());
        QVERIFY(tab != nullptr);
        QTRY_VERIFY_WITH_TIMEOUT(tab->console()->rowCount() >= 1, kLoadTimeoutMs);
        const PreviewConsoleMessage first = tab->console()->messages().first();
        QCOMPARE(first.level, PreviewConsoleMessage::Level::Error);
        QCOMPARE(first.message, QStringLiteral("boom from the page"));
        QCOMPARE(first.source, m_server.url().toString());

        QSignalSpy sent(m_dock.get(), &PreviewDock::sendToAgentRequested);
        QPushButton *send = nullptr;
        for (QPushButton *b : m_dock->findChildren<QPushButton *>()) {
            if (b->text() == QStringLiteral("Send to agent")) {
                send = b;
            }
        }
        QVERIFY(send != nullptr);
        send->click();
        QCOMPARE(sent.count(), 1);
        const QString text = sent.first().first().toString();
        QVERIFY2(text.contains(QStringLiteral("[error] boom from the page")), qPrintable(text));
        QVERIFY2(text.contains(m_server.url().toString()), qPrintable(text));
    }

    void autoReload_debouncesFileChanges()
    {
        PreviewTab *tab = openLoaded(*m_dock, m_server.url());
        QVERIFY(tab != nullptr);
        QSignalSpy loaded(tab, &PreviewTab::loadFinished);
        m_dock->setAutoReload(false);
        m_dock->workspaceFilesChanged();
        runJs(tab, QStringLiteral("window.marker = 1"));
        QVERIFY(!loaded.wait(PreviewDock::kAutoReloadDebounceMs * 3));

        m_dock->setAutoReload(true);
        m_dock->workspaceFilesChanged();
        m_dock->workspaceFilesChanged();
        m_dock->workspaceFilesChanged();
        QVERIFY(waitLoaded(tab, loaded));
        QVERIFY(!loaded.wait(PreviewDock::kAutoReloadDebounceMs * 3));
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(runJs(tab, QStringLiteral("typeof window.marker")).toString(), QStringLiteral("undefined"));
        m_dock->setAutoReload(false);
    }

    void devTools_openInTheirOwnWindow()
    {
        PreviewTab *tab = openLoaded(*m_dock, m_server.url());
        QVERIFY(tab != nullptr);
        QVERIFY(tab->devToolsWindow() == nullptr);
        m_dock->activateWindow();
        tab->setFocus();
        const auto actions = m_dock->actions();
        const auto it =
            std::ranges::find_if(actions, [](QAction *a) { return a->shortcut() == QKeySequence(Qt::Key_F12); });
        QVERIFY(it != actions.end());
        (*it)->trigger();
        QVERIFY(tab->devToolsWindow() != nullptr);
        QVERIFY(tab->devToolsWindow()->isWindow());
        QVERIFY(tab->devToolsWindow()->isVisible());
        QCOMPARE(m_dock->livePageCount(), 1); // developer tools are not a preview page
    }

    void closeLastTab_freesPageAndProfile()
    {
        PreviewTab *tab = openLoaded(*m_dock, m_server.url());
        QVERIFY(tab != nullptr);
        tab->showDevTools();
        QPointer<QObject> page = tab->page()->pageObject();
        QPointer<QWidget> view = tab->page()->widget();
        QPointer<PreviewTab> tabGuard(tab);
        QCOMPARE(m_dock->livePageCount(), 1);
        QSignalSpy changed(m_dock.get(), &PreviewDock::previewsChanged);
        m_dock->closeTab(0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(m_dock->tabCount(), 0);
        QVERIFY(!m_dock->hasOpenPreview());
        QTRY_VERIFY(page.isNull());
        QVERIFY(view.isNull());
        QVERIFY(tabGuard.isNull());
        QCOMPARE(m_dock->livePageCount(), 0);
        QTRY_VERIFY(!m_dock->isBackendLoaded()); // no tab, no offer: the profile goes too
        if (previewProcessMode() == PreviewProcessMode::Separate) {
            // The host process goes with it (asked to quit, killed after the grace period).
            QTRY_VERIFY_WITH_TIMEOUT(previewHosts().isEmpty(), PreviewHostConnection::kQuitGraceMs * 3);
            QVERIFY(!isWebEngineMapped());
        } else {
            QVERIFY(isWebEngineMapped()); // Qt WebEngine cannot be unloaded
        }

        // While an offer or another tab is left, the profile stays.
        QVERIFY(openLoaded(*m_dock, m_server.url()) != nullptr);
        QVERIFY(openLoaded(*m_dock, m_server.url(QStringLiteral("/second.html"))) != nullptr);
        m_dock->offerPort(9, QUrl(QStringLiteral("http://127.0.0.1:9/")));
        m_dock->closeTab(1);
        m_dock->closeTab(0);
        QTRY_COMPARE(m_dock->livePageCount(), 0);
        QTest::qWait(100);
        QVERIFY(m_dock->isBackendLoaded());
        m_dock->portClosed(9);
        QTRY_VERIFY(!m_dock->isBackendLoaded());
    }
};

int main(int argc, char **argv)
{
    // As in the app: WebEngine arrives late, from the plugin.
    QApplication app(argc, argv);
    tst_PreviewDock test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_previewdock.moc"
