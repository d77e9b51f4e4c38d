// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "hostserver.h"

#include "hostclient.h"

#include <QBuffer>
#include <QCborArray>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEvent>
#include <QImage>
#include <QKeyEvent>
#include <QLocalSocket>
#include <QTimer>
#include <QWidget>
#include <QWindow>

#include <algorithm>
#include <utility>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace Sandcastle::PreviewHost {

namespace {

QCborValue key(const char *name)
{
    return QCborValue(QLatin1String(name));
}

QString opOf(const QCborMap &message)
{
    return message.value(key("op")).toString();
}

} // namespace

HostServer::HostServer(QLocalSocket *socket, Ui::PreviewBackendFactory *factory)
    : m_socket(socket)
    , m_factory(factory)
{
    connect(m_socket, &QLocalSocket::readyRead, this, &HostServer::onReadyRead);
    // The parent went away (quit, crash): nothing to serve.
    connect(m_socket, &QLocalSocket::disconnected, this, &HostServer::shutDown);
    // Every key event of this process passes here first (forwardShortcut()).
    QCoreApplication::instance()->installEventFilter(this);
    send(QCborMap{{key("op"), QStringLiteral("hello")}, {key("pid"), QCoreApplication::applicationPid()}});
    QTimer::singleShot(0, this, &HostServer::onReadyRead);
}

HostServer::~HostServer() = default;

void HostServer::send(const QCborMap &message)
{
    if (m_socket->state() == QLocalSocket::ConnectedState) {
        m_socket->write(Ui::PreviewWire::encode(message));
        m_socket->flush();
    }
}

void HostServer::readInbox()
{
    m_decoder.append(m_socket->readAll());
    while (auto message = m_decoder.next()) {
        m_inbox.push_back(std::move(*message));
    }
    if (m_decoder.failed()) {
        qWarning("sandcastle-preview-host: malformed message from the parent");
        shutDown();
    }
}

void HostServer::onReadyRead()
{
    readInbox();
    if (m_waiting == 0) {
        drain();
    }
}

void HostServer::drain()
{
    if (m_draining) {
        return;
    }
    m_draining = true;
    while (!m_inbox.empty() && m_waiting == 0) {
        const QCborMap message = std::move(m_inbox.front());
        m_inbox.pop_front();
        handle(message);
    }
    m_draining = false;
}

std::optional<QCborMap> HostServer::ask(QCborMap message)
{
    const qint64 request = m_nextRequest++;
    message.insert(key("req"), request);
    send(message);
    ++m_waiting;
    std::optional<QCborMap> reply;
    const QDeadlineTimer deadline(kAnswerTimeoutMs);
    while (!reply) {
        // Pages made for the answer (a popup's) are made now; everything else waits its turn.
        for (auto it = m_inbox.begin(); it != m_inbox.end();) {
            const QString op = opOf(*it);
            if (op == QLatin1String("create")) {
                const QCborMap create = std::move(*it);
                it = m_inbox.erase(it);
                createSurface(create);
            } else if (op == QLatin1String("reply") && it->value(key("req")).toInteger() == request) {
                reply = std::move(*it);
                m_inbox.erase(it);
                break;
            } else {
                ++it;
            }
        }
        if (reply || m_socket->state() != QLocalSocket::ConnectedState ||
            !m_socket->waitForReadyRead(static_cast<int>(deadline.remainingTime()))) {
            break;
        }
        readInbox();
    }
    --m_waiting;
    if (!m_inbox.empty()) {
        QTimer::singleShot(0, this, &HostServer::drain);
    }
    return reply; // nullopt: timeout or the parent is gone, which refuses
}

Ui::PreviewPage *HostServer::pageById(qint64 id) const
{
    const auto it = m_surfaces.find(id);
    return it != m_surfaces.end() ? it->second.page : nullptr;
}

qint64 HostServer::addDownloadAnswer(std::function<void(const QString &)> answer)
{
    const qint64 request = m_nextRequest++;
    m_downloadAnswers.emplace(request, std::move(answer));
    return request;
}

void HostServer::handle(const QCborMap &message)
{
    const QString op = opOf(message);
    const qint64 id = message.value(key("id")).toInteger(-1);
    const QCborValue request = message.value(key("req"));
    Ui::PreviewPage *page = pageById(id);
    if (op == QLatin1String("init")) {
        releaseBackend(); // a kept host's next profile
        Ui::PreviewProfileSettings settings;
        settings.storageName = message.value(key("storageName")).toString();
        settings.dataPath = message.value(key("dataPath")).toString();
        settings.downloadPath = message.value(key("downloadPath")).toString();
        m_backend = m_factory->createBackend(settings);
    } else if (op == QLatin1String("release")) {
        releaseBackend();
    } else if (op == QLatin1String("warmUp") && m_backend) {
        m_backend->warmUp();
        reportWarm();
    } else if (op == QLatin1String("endWarmUp") && m_backend) {
        m_backend->endWarmUp();
    } else if (op == QLatin1String("create") || op == QLatin1String("devtools")) {
        createSurface(message);
    } else if (op == QLatin1String("close")) {
        closeSurface(id);
    } else if (op == QLatin1String("embed") || op == QLatin1String("resize")) {
        if (const auto it = m_surfaces.find(id); it != m_surfaces.end() && !embedLater(id, it->second, message)) {
            embedSurface(it->second, message);
        }
    } else if (op == QLatin1String("load") && page != nullptr) {
        page->load(QUrl(message.value(key("url")).toString(), QUrl::StrictMode));
    } else if (op == QLatin1String("reload") && page != nullptr) {
        page->reload();
    } else if (op == QLatin1String("js")) {
        const auto done = [this, request](const QVariant &value) {
            send(QCborMap{{key("op"), QStringLiteral("result")},
                          {key("req"), request},
                          {key("value"), QCborValue::fromVariant(value)}});
        };
        if (page != nullptr) {
            page->runJavaScript(message.value(key("script")).toString(), done);
        } else {
            done(QVariant());
        }
    } else if (op == QLatin1String("grab")) {
        const auto done = [this, request](const QImage &image) {
            QByteArray png;
            QBuffer buffer(&png);
            if (!image.isNull() && buffer.open(QIODevice::WriteOnly)) {
                image.save(&buffer, "PNG");
            }
            send(QCborMap{{key("op"), QStringLiteral("result")}, {key("req"), request}, {key("png"), png}});
        };
        if (page != nullptr) {
            page->grabImage(done);
        } else {
            done(QImage());
        }
    } else if (op == QLatin1String("frame") && page != nullptr) {
        page->notifyNextFrame(
            [this, request] { send(QCborMap{{key("op"), QStringLiteral("result")}, {key("req"), request}}); });
    } else if (op == QLatin1String("download")) {
        const auto it = m_downloadAnswers.find(request.toInteger());
        if (it != m_downloadAnswers.end()) {
            auto answer = std::move(it->second);
            m_downloadAnswers.erase(it);
            answer(message.value(key("path")).toString());
        }
    } else if (op == QLatin1String("quit")) {
        shutDown();
    }
}

void HostServer::createSurface(const QCborMap &message)
{
    const qint64 id = message.value(key("id")).toInteger(-1);
    if (!m_backend || id < 0 || m_surfaces.contains(id)) {
        return;
    }
    Surface surface;
    if (opOf(message) == QLatin1String("devtools")) {
        Ui::PreviewPage *inspected = pageById(message.value(key("page")).toInteger(-1));
        if (inspected == nullptr) {
            return;
        }
        surface.widget = inspected->createDevTools(nullptr);
    } else {
        surface.client = std::make_unique<HostClient>(*this, id);
        surface.page = m_backend->createPage(surface.client.get(), nullptr);
        surface.widget = surface.page->widget();
    }
    // Hidden until the parent says where it goes ("embed"): a window of its own would flash up
    // as a top-level on the parent's screen.
    surface.widget->setWindowFlags(Qt::Window | Qt::FramelessWindowHint);
    surface.widget->resize(static_cast<int>(message.value(key("width")).toInteger(640)),
                           static_cast<int>(message.value(key("height")).toInteger(480)));
    m_surfaces.emplace(id, std::move(surface));
}

void HostServer::embedSurface(Surface &surface, const QCborMap &message)
{
    QWidget *widget = surface.widget;
    const QSize size(static_cast<int>(message.value(key("width")).toInteger(widget->width())),
                     static_cast<int>(message.value(key("height")).toInteger(widget->height())));
    const auto parentId = static_cast<WId>(message.value(key("parent")).toInteger(0));
    if (opOf(message) == QLatin1String("embed") && parentId != 0 &&
        (!surface.embedder || surface.embedder->winId() != parentId)) {
        // The view's native window becomes a child of the parent's (X11: reparented into it).
        // Done here, not by the parent (QWindow::fromWinId of this window): Qt replaces the
        // view's window when WebEngine's first frame switches it to OpenGL, and only this
        // process sees that (eventFilter puts the new one in its place).
        std::unique_ptr<QWindow> embedder(QWindow::fromWinId(parentId));
        if (!embedder) {
            return;
        }
        widget->winId();
        widget->windowHandle()->setParent(embedder.get());
        surface.embedder = std::move(embedder); // the old one after the view left it
    }
    if (message.contains(key("shortcuts"))) {
        surface.shortcuts.clear();
        for (const QCborValue &keys : message.value(key("shortcuts")).toArray()) {
            surface.shortcuts.insert(static_cast<int>(keys.toInteger()));
        }
    }
    widget->setGeometry(QRect(QPoint(0, 0), size));
    if (surface.embedder && !widget->isVisible()) {
        widget->show();
    }
}

namespace {

bool hasQuickView(const QWidget *widget)
{
    const auto children = widget->findChildren<QWidget *>();
    return std::ranges::any_of(children, [](const QWidget *child) { return child->inherits("QQuickWidget"); });
}

} // namespace

bool HostServer::embedLater(qint64 id, Surface &surface, const QCborMap &message)
{
    if (surface.pendingEmbed) {
        // A resize or a new parent while waiting: the newest geometry and parent win.
        for (const auto &[field, value] : message) {
            if (field.toString() != QLatin1String("op")) {
                surface.pendingEmbed->insert(field, value);
            }
        }
        return true;
    }
    if (opOf(message) != QLatin1String("embed") || surface.embedder || surface.page == nullptr ||
        hasQuickView(surface.widget)) {
        return false;
    }
    surface.pendingEmbed = message;
    QTimer::singleShot(kEmbedWaitMs, this, [this, id] { embedPending(id); });
    return true;
}

void HostServer::embedPending(qint64 id)
{
    const auto it = m_surfaces.find(id);
    if (it == m_surfaces.end() || !it->second.pendingEmbed) {
        return;
    }
    const QCborMap message = std::exchange(it->second.pendingEmbed, std::nullopt).value();
    embedSurface(it->second, message);
}

std::map<qint64, HostServer::Surface>::iterator HostServer::surfaceOf(const QWidget *widget)
{
    return std::ranges::find_if(m_surfaces, [widget](const auto &entry) { return entry.second.widget == widget; });
}

bool HostServer::forwardShortcut(QObject *receiver, const QKeyEvent &event)
{
    auto *widget = qobject_cast<QWidget *>(receiver);
    if (widget == nullptr || event.isAutoRepeat()) {
        return false;
    }
    const auto it = surfaceOf(widget->window());
    if (it == m_surfaces.end()) {
        return false;
    }
    const int combined =
        QKeyCombination(event.modifiers() & ~Qt::KeypadModifier, static_cast<Qt::Key>(event.key())).toCombined();
    if (!it->second.shortcuts.contains(combined)) {
        return false;
    }
    send(QCborMap{{key("op"), QStringLiteral("shortcut")}, {key("id"), it->first}, {key("keys"), combined}});
    return true;
}

bool HostServer::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress && forwardShortcut(watched, *static_cast<QKeyEvent *>(event))) {
        return true;
    }
    if (event->type() == QEvent::ChildAdded && watched->isWidgetType()) {
        const auto it = surfaceOf(static_cast<QWidget *>(watched)->window());
        if (it != m_surfaces.end() && it->second.pendingEmbed) {
            // Not inside the child's insertion: in the next event-loop slot.
            QTimer::singleShot(0, this, [this, id = it->first] {
                const auto now = m_surfaces.find(id);
                if (now != m_surfaces.end() && hasQuickView(now->second.widget)) {
                    embedPending(id);
                }
            });
        }
    }
    if (event->type() == QEvent::WinIdChange && watched->isWidgetType()) {
        const auto it = surfaceOf(static_cast<QWidget *>(watched));
        QWindow *window = it != m_surfaces.end() ? it->second.widget->windowHandle() : nullptr;
        if (window != nullptr && it->second.embedder && window->parent() != it->second.embedder.get()) {
            window->setParent(it->second.embedder.get());
            window->setPosition(0, 0);
        }
    }
    return QObject::eventFilter(watched, event);
}

void HostServer::closeSurface(qint64 id)
{
    const auto it = m_surfaces.find(id);
    if (it == m_surfaces.end()) {
        return;
    }
    Surface surface = std::move(it->second);
    m_surfaces.erase(it);
    delete surface.widget; // the page first: it reports to the client; the embedder last
}

void HostServer::reportWarm()
{
    if (!m_backend || !m_backend->isWarmingUp()) {
        return;
    }
    if (m_backend->isWarm()) {
        send(QCborMap{{key("op"), QStringLiteral("warm")}});
        return;
    }
    QTimer::singleShot(10, this, &HostServer::reportWarm);
}

void HostServer::releaseBackend()
{
    while (!m_surfaces.empty()) {
        closeSurface(m_surfaces.begin()->first);
    }
    m_downloadAnswers.clear();
    if (m_backend) {
        m_backend.reset(); // the profile; its renderer processes exit
#ifdef __GLIBC__
        malloc_trim(0);
#endif
    }
}

void HostServer::shutDown()
{
    releaseBackend();
    QCoreApplication::quit();
}

} // namespace Sandcastle::PreviewHost
