// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "previewremotepage.h"

#include <QTimer>

#include <algorithm>

namespace Sandcastle::Ui {

namespace {

QCborValue key(const char *name)
{
    return QCborValue(QLatin1String(name));
}

QCborMap op(const char *name, qint64 id)
{
    return QCborMap{{key("op"), QLatin1String(name)}, {key("id"), id}};
}

/// The developer tools of a host page, another window of the host.
class RemoteDevTools : public RemoteSurface
{
public:
    RemoteDevTools(std::shared_ptr<PreviewHostConnection> connection, qint64 page, QWidget *parent)
        : RemoteSurface(std::move(connection), parent)
    {
        create(QStringLiteral("devtools"), QCborMap{{key("page"), page}});
    }
};

} // namespace

RemotePreviewPage::RemotePreviewPage(std::shared_ptr<PreviewHostConnection> connection, PreviewPageClient *client,
                                     QWidget *parent)
    : RemoteSurface(std::move(connection), parent)
    , m_client(client)
{
    create(QStringLiteral("create"));
    if (!m_connection->isAlive()) {
        QTimer::singleShot(0, this, [this] { hostDied(m_connection->deathReason()); });
    }
}

void RemotePreviewPage::load(const QUrl &url)
{
    QCborMap message = op("load", id());
    message.insert(key("url"), url.toString(QUrl::FullyEncoded));
    m_connection->send(message);
}

void RemotePreviewPage::reload()
{
    m_connection->send(op("reload", id()));
}

void RemotePreviewPage::runJavaScript(const QString &script, std::function<void(const QVariant &)> done)
{
    QCborMap message = op("js", id());
    message.insert(key("script"), script);
    QPointer<RemotePreviewPage> guard(this);
    m_connection->request(message, [guard, done = std::move(done)](const QCborMap &result) {
        done(guard ? result.value(key("value")).toVariant() : QVariant());
    });
}

void RemotePreviewPage::grabImage(std::function<void(const QImage &)> done)
{
    m_connection->request(op("grab", id()), [done = std::move(done)](const QCborMap &result) {
        done(QImage::fromData(result.value(key("png")).toByteArray(), "PNG"));
    });
}

void RemotePreviewPage::notifyNextFrame(std::function<void()> done)
{
    QPointer<RemotePreviewPage> guard(this);
    m_connection->request(op("frame", id()), [guard, done = std::move(done)](const QCborMap &result) {
        if (guard && !result.isEmpty()) {
            done();
        }
    });
}

QWidget *RemotePreviewPage::createDevTools(QWidget *parent)
{
    return new RemoteDevTools(m_connection, id(), parent);
}

QCborMap RemotePreviewPage::hostQuestion(const QCborMap &question)
{
    const QString what = question.value(key("op")).toString();
    if (what == QLatin1String("navigate")) {
        const auto kind = static_cast<PreviewNavigation>(question.value(key("kind")).toInteger());
        const bool allow = m_client->pageNavigationRequested(QUrl(question.value(key("url")).toString()), kind,
                                                             question.value(key("main")).toBool());
        return QCborMap{{key("allow"), allow}};
    }
    if (what == QLatin1String("popup")) {
        // Made by our backend, so one of ours: its "create" is on the wire before this answer.
        auto *popup = dynamic_cast<RemotePreviewPage *>(m_client->pagePopupRequested());
        return QCborMap{{key("page"), popup != nullptr ? popup->id() : qint64(-1)}};
    }
    return {};
}

void RemotePreviewPage::hostEvent(const QCborMap &message)
{
    const QString what = message.value(key("op")).toString();
    if (what == QLatin1String("loadStarted")) {
        m_client->pageLoadStarted();
    } else if (what == QLatin1String("loadFinished")) {
        m_client->pageLoadFinished(message.value(key("ok")).toBool());
    } else if (what == QLatin1String("title")) {
        m_title = message.value(key("title")).toString();
        m_client->pageTitleChanged(m_title);
    } else if (what == QLatin1String("url")) {
        m_url = QUrl(message.value(key("url")).toString());
        m_client->pageUrlChanged(m_url);
    } else if (what == QLatin1String("console")) {
        PreviewConsoleMessage line;
        line.level = static_cast<PreviewConsoleMessage::Level>(
            std::clamp<qint64>(message.value(key("level")).toInteger(), 0, 2));
        line.message = message.value(key("message")).toString();
        line.line = static_cast<int>(message.value(key("line")).toInteger());
        line.source = message.value(key("source")).toString();
        m_client->pageConsoleMessage(line);
    } else if (what == QLatin1String("downloadRequested")) {
        const QCborValue request = message.value(key("req"));
        std::weak_ptr<PreviewHostConnection> connection = m_connection;
        m_client->pageDownloadRequested(
            message.value(key("name")).toString(), QUrl(message.value(key("url")).toString()),
            [connection, request](const QString &targetPath) {
                if (auto alive = connection.lock()) {
                    alive->send(QCborMap{
                        {key("op"), QStringLiteral("download")}, {key("req"), request}, {key("path"), targetPath}});
                }
            });
    } else if (what == QLatin1String("downloadFinished")) {
        m_client->pageDownloadFinished(message.value(key("path")).toString(), message.value(key("ok")).toBool(),
                                       message.value(key("error")).toString());
    } else if (what == QLatin1String("terminated")) {
        m_client->pageRendererTerminated(message.value(key("reason")).toString());
    }
}

void RemotePreviewPage::hostDied(const QString &reason)
{
    m_client->pageRendererTerminated(reason);
}

RemotePreviewBackend::RemotePreviewBackend(std::shared_ptr<PreviewHostConnection> connection, QString hostPath,
                                           QString pluginPath, const PreviewProfileSettings &settings,
                                           PreviewHostReserve *reserve)
    : m_connection(std::move(connection))
    , m_hostPath(std::move(hostPath))
    , m_pluginPath(std::move(pluginPath))
    , m_settings(settings)
    , m_reserve(reserve)
{}

RemotePreviewBackend::~RemotePreviewBackend()
{
    if (m_reserve && pageCount() == 0) {
        m_reserve->keep(std::move(m_connection));
    }
}

PreviewPage *RemotePreviewBackend::createPage(PreviewPageClient *client, QWidget *parent)
{
    if (!m_connection->isAlive() && pageCount() == 0) {
        // The host died (its pages were told): the next page gets a new one.
        if (auto restarted = PreviewHostConnection::start(m_hostPath, m_pluginPath, m_settings)) {
            m_connection = *restarted;
            m_warmingUp = false;
        }
    }
    auto *page = new RemotePreviewPage(m_connection, client, parent);
    m_pages.removeAll(QPointer<QObject>());
    m_pages.append(page);
    return page;
}

int RemotePreviewBackend::pageCount() const
{
    return static_cast<int>(std::count_if(m_pages.cbegin(), m_pages.cend(), [](const auto &p) { return !p.isNull(); }));
}

void RemotePreviewBackend::warmUp()
{
    if (!m_warmingUp) {
        m_warmingUp = true;
        m_connection->send(QCborMap{{key("op"), QStringLiteral("warmUp")}});
    }
}

void RemotePreviewBackend::endWarmUp()
{
    if (m_warmingUp) {
        m_warmingUp = false;
        m_connection->setWarm(false);
        m_connection->send(QCborMap{{key("op"), QStringLiteral("endWarmUp")}});
    }
}

} // namespace Sandcastle::Ui
