// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "hostclient.h"

#include "hostserver.h"

#include <QCborMap>

namespace Sandcastle::PreviewHost {

namespace {

QCborValue str(const char *key)
{
    return QCborValue(QLatin1String(key));
}

} // namespace

HostClient::HostClient(HostServer &server, qint64 page)
    : m_server(server)
    , m_page(page)
{}

void HostClient::event(const QString &op, QCborMap fields)
{
    fields.insert(str("op"), op);
    fields.insert(str("id"), m_page);
    m_server.send(fields);
}

void HostClient::pageLoadStarted()
{
    event(QStringLiteral("loadStarted"));
}

void HostClient::pageLoadFinished(bool ok)
{
    event(QStringLiteral("loadFinished"), QCborMap{{str("ok"), ok}});
}

void HostClient::pageTitleChanged(const QString &title)
{
    event(QStringLiteral("title"), QCborMap{{str("title"), title}});
}

void HostClient::pageUrlChanged(const QUrl &url)
{
    event(QStringLiteral("url"), QCborMap{{str("url"), url.toString(QUrl::FullyEncoded)}});
}

void HostClient::pageConsoleMessage(const Ui::PreviewConsoleMessage &message)
{
    event(QStringLiteral("console"), QCborMap{{str("level"), static_cast<int>(message.level)},
                                              {str("message"), message.message},
                                              {str("line"), message.line},
                                              {str("source"), message.source}});
}

bool HostClient::pageNavigationRequested(const QUrl &url, Ui::PreviewNavigation kind, bool isMainFrame)
{
    const auto reply = m_server.ask(QCborMap{{str("op"), QStringLiteral("navigate")},
                                             {str("id"), m_page},
                                             {str("url"), url.toString(QUrl::FullyEncoded)},
                                             {str("kind"), static_cast<int>(kind)},
                                             {str("main"), isMainFrame}});
    return reply.has_value() && reply->value(str("allow")).toBool(false);
}

Ui::PreviewPage *HostClient::pagePopupRequested()
{
    const auto reply = m_server.ask(QCborMap{{str("op"), QStringLiteral("popup")}, {str("id"), m_page}});
    return reply.has_value() ? m_server.pageById(reply->value(str("page")).toInteger(-1)) : nullptr;
}

void HostClient::pageDownloadRequested(const QString &suggestedName, const QUrl &url,
                                       std::function<void(const QString &targetPath)> answer)
{
    const qint64 request = m_server.addDownloadAnswer(std::move(answer));
    event(
        QStringLiteral("downloadRequested"),
        QCborMap{{str("req"), request}, {str("name"), suggestedName}, {str("url"), url.toString(QUrl::FullyEncoded)}});
}

void HostClient::pageDownloadFinished(const QString &targetPath, bool ok, const QString &error)
{
    event(QStringLiteral("downloadFinished"),
          QCborMap{{str("path"), targetPath}, {str("ok"), ok}, {str("error"), error}});
}

void HostClient::pageRendererTerminated(const QString &reason)
{
    event(QStringLiteral("terminated"), QCborMap{{str("reason"), reason}});
}

} // namespace Sandcastle::PreviewHost
