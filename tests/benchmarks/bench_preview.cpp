// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Preview figures (issue 9): time from "server listening" (python3 -m http.server reports its
// port) to the preview painted (first loadFinished, then a rendered frame), cold (the WebEngine
// plugin loads) and warm (a new tab in the running profile); RSS before any preview, with one,
// and after closing it: this process (VmRSS) and its QtWebEngineProcess descendants (renderer,
// GPU, zygote) summed separately. Runs under Xvfb (or any display).

#include "previewpluginloader.h"
#include "previewtab.h"
#include "sandcastle/ui/previewdock.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QPointer>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <unistd.h>

using namespace Sandcastle::Ui;

namespace {

/// VmRSS of `pid` in KiB (0 when gone).
qint64 rssKiB(const QString &pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly)) {
        return 0;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) {
            return line.mid(6).trimmed().split(' ').first().toLongLong();
        }
    }
    return 0;
}

struct Rss
{
    qint64 self = 0;
    qint64 children = 0;
    int processes = 0;
};

/// This process and every descendant (WebEngine's zygote, renderers, GPU and utility processes).
Rss measureRss()
{
    QHash<QString, QString> parentOf;
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList({QStringLiteral("[0-9]*")}, QDir::Dirs);
    for (const QString &pid : pids) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (stat.open(QIODevice::ReadOnly)) {
            const QByteArray text = stat.readAll();
            const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
            if (fields.size() > 1) {
                parentOf.insert(pid, QString::fromLatin1(fields.at(1)));
            }
        }
    }
    const QString self = QString::number(QCoreApplication::applicationPid());
    Rss rss;
    rss.self = rssKiB(self);
    for (auto it = parentOf.cbegin(); it != parentOf.cend(); ++it) {
        QString p = it.value();
        for (int depth = 0; depth < 8 && !p.isEmpty() && p != u"0"; ++depth, p = parentOf.value(p)) {
            if (p == self) {
                rss.children += rssKiB(it.key());
                ++rss.processes;
                break;
            }
        }
    }
    return rss;
}

void printRss(const char *label, const Rss &rss)
{
    std::printf("%-34s self %7.1f MiB  WebEngine processes %7.1f MiB (%d)  total %7.1f MiB\n", label, rss.self / 1024.0,
                rss.children / 1024.0, rss.processes, (rss.self + rss.children) / 1024.0);
}

/// Starts `python3 -m http.server` and returns the port once it says it listens (0 on failure).
quint16 startServer(QProcess &server, const QString &dir)
{
    server.setProgram(QStringLiteral("python3"));
    server.setArguments({QStringLiteral("-u"), QStringLiteral("-m"), QStringLiteral("http.server"), QStringLiteral("0"),
                         QStringLiteral("--bind"), QStringLiteral("127.0.0.1"), QStringLiteral("--directory"), dir});
    server.setProcessChannelMode(QProcess::MergedChannels);
    server.start();
    QByteArray out;
    quint16 port = 0;
    const QRegularExpression re(QStringLiteral("port (\\d+)"));
    const bool started = QTest::qWaitFor(
        [&] {
            out += server.readAll();
            const auto m = re.match(QString::fromUtf8(out));
            port = m.hasMatch() ? m.captured(1).toUShort() : 0;
            return port != 0 || server.state() == QProcess::NotRunning;
        },
        10000);
    return started ? port : 0;
}

/// Opens the port's tab and returns ms until its first load finished and a frame rendered.
double openAndPaint(PreviewDock &dock, quint16 port, const QElapsedTimer &sinceListening)
{
    PreviewTab *tab = dock.openPort(port, QUrl(QStringLiteral("http://127.0.0.1:%1/index.html").arg(port)));
    if (tab == nullptr) {
        std::printf("cannot open a preview: %s\n", qPrintable(dock.lastError()));
        return -1;
    }
    bool loaded = false;
    bool painted = false;
    QObject::connect(tab, &PreviewTab::loadFinished, tab, [&, tab](bool) {
        if (!loaded) {
            loaded = true;
            tab->page()->notifyNextFrame([&] { painted = true; });
        }
    });
    if (!QTest::qWaitFor([&] { return painted; }, 60000)) {
        return -1;
    }
    return sinceListening.nsecsElapsed() / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    if (geteuid() == 0 && qEnvironmentVariableIsEmpty("QTWEBENGINE_DISABLE_SANDBOX")) {
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1"); // Chromium's sandbox refuses to run as root
    }
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir site;
    QTemporaryDir workspace;
    QFile index(site.filePath(QStringLiteral("index.html")));
    if (!index.open(QIODevice::WriteOnly) ||
        index.write("<!doctype html><title>bench</title><body style='background:#2060c0'><h1>Preview</h1>") < 0) {
        return 1;
    }
    index.close();

    PreviewDock dock;
    dock.setWorkspacePath(workspace.path());
    dock.resize(1000, 800);
    dock.show();
    if (!QTest::qWaitForWindowExposed(&dock)) {
        std::printf("the dock was not shown (no display?)\n");
        return 1;
    }
    QTest::qWait(200);
    std::printf("WebEngine mapped before the first preview: %s\n", isWebEngineMapped() ? "yes" : "no");
    printRss("RSS before any preview:", measureRss());

    QList<double> warm;
    double cold = -1;
    Rss withOne;
    Rss afterClose;
    const int rounds = 6;
    for (int round = 0; round < rounds; ++round) {
        QProcess server;
        QElapsedTimer sinceListening;
        const quint16 port = startServer(server, site.path());
        sinceListening.start();
        if (port == 0) {
            std::printf("python3 -m http.server did not start\n");
            return 1;
        }
        const double ms = openAndPaint(dock, port, sinceListening);
        if (ms < 0) {
            std::printf("the preview did not paint within 60 s\n");
            return 1;
        }
        if (round == 0) {
            cold = ms;
            QTest::qWait(1000); // let the renderer settle before measuring
            withOne = measureRss();
        } else {
            warm.append(ms);
        }
        QPointer<QObject> page = dock.tabAt(0)->page()->pageObject();
        dock.closeTab(0);
        if (!QTest::qWaitFor([&] { return page.isNull(); }, 10000)) {
            std::printf("the closed tab's page was not freed\n");
            return 1;
        }
        if (round == 0) {
            QTest::qWait(2000); // the closed tab's renderer process exits
            afterClose = measureRss();
        }
        server.kill();
        server.waitForFinished(5000);
    }
    printRss("RSS with one preview:", withOne);
    printRss("RSS after closing it:", afterClose);
    std::ranges::sort(warm);
    std::printf("server listening -> preview painted: cold (plugin + WebEngine start) %.0f ms\n", cold);
    std::printf("server listening -> preview painted: warm, median of %lld: %.0f ms (min %.0f, max %.0f)\n",
                static_cast<long long>(warm.size()), warm.at(warm.size() / 2), warm.first(), warm.last());
    std::printf("pages alive after closing every tab: %d\n", dock.livePageCount());
    return 0;
}
