// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the preview dock tests share: a real HTTP server on loopback and JavaScript in a tab.

#include "previewtab.h"
#include "sandcastle/ui/previewdock.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>
#include <QVariant>

#include <memory>

namespace Sandcastle::Test::Preview {

using Sandcastle::Ui::PreviewDock;
using Sandcastle::Ui::PreviewTab;

inline constexpr int kLoadTimeoutMs = 30000;

/// `python3 -m http.server` on 127.0.0.1 with a free port, serving `directory`.
class HttpServer
{
public:
    bool start(const QString &directory)
    {
        m_process.setProgram(QStringLiteral("python3"));
        m_process.setArguments({QStringLiteral("-u"), QStringLiteral("-m"), QStringLiteral("http.server"),
                                QStringLiteral("0"), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                                QStringLiteral("--directory"), directory});
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start();
        const QRegularExpression re(QStringLiteral("port (\\d+)"));
        QByteArray out;
        const bool ok = QTest::qWaitFor(
            [&] {
                out += m_process.readAll();
                const auto match = re.match(QString::fromUtf8(out));
                m_port = match.hasMatch() ? match.captured(1).toUShort() : 0;
                return m_port != 0 || m_process.state() == QProcess::NotRunning;
            },
            10000);
        return ok && m_port != 0;
    }
    ~HttpServer()
    {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] QUrl url(const QString &path = QStringLiteral("/index.html"), const QString &host = {}) const
    {
        return QUrl(QStringLiteral("http://%1:%2%3")
                        .arg(host.isEmpty() ? QStringLiteral("127.0.0.1") : host)
                        .arg(m_port)
                        .arg(path));
    }

private:
    QProcess m_process;
    quint16 m_port = 0;
};

/// Runs `script` in the tab's page and returns its value (invalid after the timeout).
inline QVariant runJs(PreviewTab *tab, const QString &script)
{
    QVariant value;
    bool done = false;
    tab->page()->runJavaScript(script, [&](const QVariant &v) {
        value = v;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, kLoadTimeoutMs)) {
        return {};
    }
    return value;
}

inline bool waitLoaded(PreviewTab *tab, QSignalSpy &spy, int count = 1)
{
    return QTest::qWaitFor([&] { return spy.count() >= count; }, kLoadTimeoutMs) && tab != nullptr;
}

/// A dock on `workspace`, shown and exposed (null when no window could be shown).
inline std::unique_ptr<PreviewDock> makeShownDock(const QString &workspace)
{
    auto dock = std::make_unique<PreviewDock>();
    dock->setWorkspacePath(workspace);
    dock->resize(900, 700);
    dock->show();
    return QTest::qWaitForWindowExposed(dock.get()) ? std::move(dock) : nullptr;
}

/// Opens a tab on `url` and waits for its first load (nullptr when it does not load).
inline PreviewTab *openLoaded(PreviewDock &dock, const QUrl &url)
{
    PreviewTab *tab = dock.openPreview(url);
    if (tab == nullptr) {
        return nullptr;
    }
    QSignalSpy loaded(tab, &PreviewTab::loadFinished);
    return waitLoaded(tab, loaded) ? tab : nullptr;
}

} // namespace Sandcastle::Test::Preview
