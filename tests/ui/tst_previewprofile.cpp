// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The preview dock's browser profile with the real WebEngine plugin, under Xvfb, against
// `python3 -m http.server` on loopback: a popup the page opens (window.open on a click) becomes a
// tab with its URL; a sign-in (cookie and localStorage) survives a reload and closing and reopening
// the tab, which frees and re-creates the profile from its directory; another workspace's
// profile does not see it.

#include "previewremote.h"
#include "previewtestserver.h"
#include "previewxwindows.h"
#include "sandcastle/ui/previewdock.h"
#include "testenv.h"

#include <QApplication>
#include <QPointer>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Sandcastle::Ui;
using namespace Sandcastle::Test::Preview;
using Sandcastle::Test::writeTestFile;

namespace {

const QByteArray kOpener = "<!doctype html><html><head><title>Opener</title>"
                           "<style>body{margin:0}button{display:block;width:100%;height:400px}</style></head>"
                           "<body><button id=open onclick=\"window.open('/popup.html')\">Open</button>"
                           "</body></html>\n";
const QByteArray kPopup = "<!doctype html><html><head><title>Popup page</title></head>"
                          "<body><p id=text>from the popup</p></body></html>\n";

const QString kSignIn = QStringLiteral("localStorage.setItem('user', 'alice');"
                                       "document.cookie = 'session=alice-token; path=/';"
                                       "'signed in'");
const QString kReadSignIn =
    QStringLiteral("String(localStorage.getItem('user')) + '|' + (document.cookie.includes('session=alice-token')"
                   " ? 'cookie' : 'no cookie')");

/// The innermost focus proxy of the tab: the widget Chromium takes input from.
QWidget *inputWidget(PreviewTab *tab)
{
    QWidget *widget = tab->page()->widget();
    while (widget->focusProxy() != nullptr) {
        widget = widget->focusProxy();
    }
    return widget;
}

} // namespace

class tst_PreviewProfile : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_site;
    QTemporaryDir m_workspace;
    QTemporaryDir m_otherWorkspace;
    HttpServer m_server;
    std::unique_ptr<PreviewDock> m_dock;

    /// Closes every tab and waits until the dock has freed its profile.
    bool closeAllAndRelease()
    {
        while (m_dock->tabCount() > 0) {
            m_dock->closeTab(0);
        }
        return QTest::qWaitFor([&] { return !m_dock->isBackendLoaded(); }, kLoadTimeoutMs);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_site.isValid());
        QVERIFY(writeTestFile(m_site.filePath(QStringLiteral("index.html")), kOpener));
        QVERIFY(writeTestFile(m_site.filePath(QStringLiteral("popup.html")), kPopup));
        QVERIFY2(m_server.start(m_site.path()), "python3 -m http.server did not start");
    }

    void init()
    {
        m_dock = makeShownDock(m_workspace.path());
        QVERIFY(m_dock != nullptr);
    }

    void cleanup() { m_dock.reset(); }

    void popup_opensAsTabWithItsUrl()
    {
        PreviewTab *opener = openLoaded(*m_dock, m_server.url());
        QVERIFY(opener != nullptr);
        QCOMPARE(runJs(opener, QStringLiteral("document.title")).toString(), QStringLiteral("Opener"));
        // Without a user gesture the page cannot open windows at all.
        runJs(opener, QStringLiteral("window.open('/popup.html'); 'tried'"));
        QTest::qWait(500);
        QCOMPARE(m_dock->tabCount(), 1);

        // A real click on the button: window.open runs with a gesture and the popup is a new tab.
        QWidget *input = inputWidget(opener);
        QTRY_VERIFY_WITH_TIMEOUT(input->isVisible(), kLoadTimeoutMs);
        if (previewProcessMode() == PreviewProcessMode::Separate) {
            QVERIFY(clickHostWindow(input, QPoint(100, 100))); // the page is another process's window
        } else {
            QTest::mouseClick(input, Qt::LeftButton, {}, QPoint(100, 100));
        }
        QTRY_COMPARE_WITH_TIMEOUT(m_dock->tabCount(), 2, kLoadTimeoutMs);
        PreviewTab *popup = m_dock->tabAt(1);
        QCOMPARE(m_dock->currentTab(), popup);
        QTRY_COMPARE_WITH_TIMEOUT(popup->url(), m_server.url(QStringLiteral("/popup.html")), kLoadTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(runJs(popup, QStringLiteral("document.title")).toString(),
                                  QStringLiteral("Popup page"), kLoadTimeoutMs);
        QCOMPARE(runJs(popup, QStringLiteral("document.getElementById('text').innerText")).toString(),
                 QStringLiteral("from the popup"));
        QCOMPARE(m_dock->livePageCount(), 2);
        QCOMPARE(opener->url(), m_server.url()); // the opener stays where it was
    }

    void signIn_survivesReloadAndReopen_notSeenByAnotherWorkspace()
    {
        PreviewTab *tab = openLoaded(*m_dock, m_server.url());
        QVERIFY(tab != nullptr);
        QCOMPARE(runJs(tab, kReadSignIn).toString(), QStringLiteral("null|no cookie"));
        QCOMPARE(runJs(tab, kSignIn).toString(), QStringLiteral("signed in"));

        QSignalSpy loaded(tab, &PreviewTab::loadFinished);
        tab->reload();
        QVERIFY(waitLoaded(tab, loaded));
        QCOMPARE(runJs(tab, kReadSignIn).toString(), QStringLiteral("alice|cookie"));

        // Closing the last tab frees the profile; the next tab makes it again from its directory.
        QVERIFY(closeAllAndRelease());
        tab = openLoaded(*m_dock, m_server.url());
        QVERIFY(tab != nullptr);
        QCOMPARE(runJs(tab, kReadSignIn).toString(), QStringLiteral("alice|cookie"));

        // Another workspace has a profile of its own: same origin, nothing signed in.
        m_dock->setWorkspacePath(m_otherWorkspace.path());
        QVERIFY(!m_dock->isBackendLoaded());
        tab = openLoaded(*m_dock, m_server.url());
        QVERIFY(tab != nullptr);
        QCOMPARE(runJs(tab, kReadSignIn).toString(), QStringLiteral("null|no cookie"));
        QVERIFY(PreviewDock::profileDirectory(m_otherWorkspace.path()) !=
                PreviewDock::profileDirectory(m_workspace.path()));

        // And back: the first workspace's sign-in is still there.
        m_dock->setWorkspacePath(m_workspace.path());
        tab = openLoaded(*m_dock, m_server.url());
        QVERIFY(tab != nullptr);
        QCOMPARE(runJs(tab, kReadSignIn).toString(), QStringLiteral("alice|cookie"));
    }
};

int main(int argc, char **argv)
{
    // As in the app: WebEngine arrives late, from the plugin.
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    tst_PreviewProfile test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_previewprofile.moc"
