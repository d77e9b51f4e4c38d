// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the preview dock tests share: a real HTTP server on loopback, JavaScript in a tab, the
// preview host processes.

#include "previewtab.h"
#include "sandcastle/ui/previewdock.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
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

/// The live (not zombie) processes of the machine, from /proc: each one's parent and command line.
struct ProcessEntry
{
    qint64 parent = 0;
    QByteArray commandLine; ///< arguments joined by spaces (Chromium may rewrite them into one string)
};
inline QHash<qint64, ProcessEntry> liveProcesses()
{
    QHash<qint64, ProcessEntry> processes;
    const auto entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(entry));
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(entry));
        if (!stat.open(QIODevice::ReadOnly) || !cmdline.open(QIODevice::ReadOnly)) {
            continue;
        }
        // pid (comm) state ppid ...: comm may hold spaces, so split after the last ')'.
        const QByteArray line = stat.readAll();
        const QList<QByteArray> rest = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (rest.size() > 1 && rest.at(0) != "Z") {
            processes.insert(entry.toLongLong(), {rest.at(1).toLongLong(), cmdline.readAll().replace('\0', ' ')});
        }
    }
    return processes;
}

/// Pids of this process's children running sandcastle-preview-host.
inline QList<qint64> previewHosts()
{
    QList<qint64> pids;
    const auto processes = liveProcesses();
    for (auto it = processes.cbegin(); it != processes.cend(); ++it) {
        const QString exe = QFileInfo(QStringLiteral("/proc/%1/exe").arg(it.key())).symLinkTarget();
        if (it->parent == QCoreApplication::applicationPid() &&
            QFileInfo(exe).fileName() == QLatin1String("sandcastle-preview-host")) {
            pids.append(it.key());
        }
    }
    return pids;
}

/// How many renderer processes descend from `root`: "--type=renderer" on their command line, or
/// forked by Chromium's zygote (those keep the zygote's command line).
inline int renderersUnder(qint64 root)
{
    const auto processes = liveProcesses();
    const auto typeOf = [&processes](qint64 pid) {
        const QByteArray &args = processes.value(pid).commandLine;
        const qsizetype at = args.indexOf("--type=");
        if (at < 0) {
            return QByteArray();
        }
        const qsizetype end = args.indexOf(' ', at);
        return args.mid(at + 7, end < 0 ? -1 : end - at - 7);
    };
    int count = 0;
    for (auto it = processes.cbegin(); it != processes.cend(); ++it) {
        const QByteArray type = typeOf(it.key());
        const bool renderer = type == "renderer" || (type == "zygote" && typeOf(it->parent) == "zygote");
        qint64 ancestor = it->parent;
        while (ancestor > 1 && ancestor != root) {
            ancestor = processes.value(ancestor).parent;
        }
        if (renderer && ancestor == root) {
            ++count;
        }
    }
    return count;
}

inline bool processGone(qint64 pid)
{
    return !QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid));
}

/// How many colours a sparse sample of `image` has (1: blank).
inline int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < rgb.height(); y += 7) {
        for (int x = 0; x < rgb.width(); x += 7) {
            colours.insert(rgb.pixel(x, y));
        }
    }
    return static_cast<int>(colours.size());
}

} // namespace Sandcastle::Test::Preview
