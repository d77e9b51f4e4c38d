// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "previewremote.h"

#include "previewembedfocus.h"
#include "previewpluginloader.h"
#include "previewremotepage.h"

#include <QAction>
#include <QCoreApplication>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLocalSocket>
#include <QMenu>
#include <QProcess>
#include <QTimer>

#include <algorithm>
#include <utility>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Sandcastle::Ui {

namespace {

QCborValue key(const char *name)
{
    return QCborValue(QLatin1String(name));
}

QString findHost()
{
    const QString override = qEnvironmentVariable("SANDCASTLE_PREVIEW_HOST");
    if (!override.isEmpty()) {
        return override;
    }
    const QString besideUs =
        QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("sandcastle-preview-host"));
    return QFileInfo(besideUs).isExecutable() ? besideUs : QStringLiteral(SANDCASTLE_PREVIEW_HOST_BUILD_PATH);
}

} // namespace

PreviewProcessMode previewProcessMode()
{
    if (qEnvironmentVariable("SANDCASTLE_PREVIEW_PROCESS") != QLatin1String("inprocess") &&
        QGuiApplication::platformName() == QLatin1String("xcb") && QFileInfo(findHost()).isExecutable()) {
        return PreviewProcessMode::Separate;
    }
    return PreviewProcessMode::InProcess;
}

PreviewHostReserve::PreviewHostReserve(QObject *parent)
    : QObject(parent)
{
    m_linger.setSingleShot(true);
    connect(&m_linger, &QTimer::timeout, this, [this] { m_host.reset(); });
}

PreviewHostReserve::~PreviewHostReserve() = default;

int PreviewHostReserve::lingerMs()
{
    bool ok = false;
    const int ms = qEnvironmentVariableIntValue("SANDCASTLE_PREVIEW_HOST_LINGER_MS", &ok);
    return ok && ms >= 0 ? ms : kDefaultLingerMs;
}

void PreviewHostReserve::keep(std::shared_ptr<PreviewHostConnection> host)
{
    if (!host || !host->isAlive()) {
        return;
    }
    host->release();
    m_host = lingerMs() > 0 ? std::move(host) : nullptr; // an older one quits
    m_linger.start(lingerMs());
}

std::shared_ptr<PreviewHostConnection> PreviewHostReserve::take(const QString &hostPath, const QString &pluginPath)
{
    if (!m_host || !m_host->isAlive() || m_host->hostPath() != hostPath || m_host->pluginPath() != pluginPath) {
        m_host.reset();
        return nullptr;
    }
    m_linger.stop();
    return std::exchange(m_host, nullptr);
}

Core::Result<std::unique_ptr<PreviewBackend>> createRemotePreviewBackend(const QString &pluginPath,
                                                                         const PreviewProfileSettings &settings,
                                                                         PreviewHostReserve *reserve)
{
    const QString hostPath = findHost();
    std::shared_ptr<PreviewHostConnection> connection =
        reserve != nullptr ? reserve->take(hostPath, pluginPath) : nullptr;
    if (connection) {
        connection->init(settings);
    } else {
        auto started = PreviewHostConnection::start(hostPath, pluginPath, settings);
        if (!started) {
            return std::unexpected(started.error());
        }
        connection = std::move(*started);
    }
    return std::unique_ptr<PreviewBackend>(
        std::make_unique<RemotePreviewBackend>(std::move(connection), hostPath, pluginPath, settings, reserve));
}

Core::Result<std::unique_ptr<PreviewBackend>>
makePreviewBackend(PreviewPluginLoader &loader, const PreviewProfileSettings &settings, PreviewHostReserve *reserve)
{
    if (previewProcessMode() == PreviewProcessMode::Separate) {
        auto plugin = PreviewPluginLoader::find();
        if (!plugin) {
            return std::unexpected(plugin.error());
        }
        return createRemotePreviewBackend(*plugin, settings, reserve);
    }
    auto factory = loader.load();
    if (!factory) {
        return std::unexpected(factory.error());
    }
    return (*factory)->createBackend(settings);
}

PreviewHostConnection::PreviewHostConnection() = default;

PreviewHostConnection::~PreviewHostConnection()
{
    m_alive = false;
    if (m_socket->state() == QLocalSocket::ConnectedState) {
        m_socket->write(PreviewWire::encode(QCborMap{{key("op"), QStringLiteral("quit")}}));
        m_socket->flush();
    }
    // The host closes its pages and exits; killed when it does not within the grace period. The
    // process object outlives this connection until then (reaped by QProcess).
    m_socket->disconnect(this);
    m_process->disconnect(this);
    if (m_process->state() != QProcess::NotRunning) {
        QProcess *process = m_process;
        process->setParent(QCoreApplication::instance());
        connect(process, &QProcess::finished, process, &QObject::deleteLater);
        QTimer::singleShot(kQuitGraceMs, process, &QProcess::kill);
        // The application ending first waits for it (bounded) rather than killing it at once.
        connect(QCoreApplication::instance(), &QCoreApplication::aboutToQuit, process,
                [process] { process->waitForFinished(kQuitGraceMs); });
    }
}

Core::Result<std::shared_ptr<PreviewHostConnection>>
PreviewHostConnection::start(const QString &hostPath, const QString &pluginPath, const PreviewProfileSettings &settings)
{
    if (!QFileInfo(hostPath).isExecutable()) {
        return Core::fail(Core::ErrorCode::NotFound, QStringLiteral("preview host not found"),
                          QStringLiteral("looked for %1").arg(hostPath));
    }
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
        return Core::fail(Core::ErrorCode::Internal, QStringLiteral("cannot make the preview host's socket pair"),
                          QString::fromLocal8Bit(strerror(errno)));
    }
    std::shared_ptr<PreviewHostConnection> connection(new PreviewHostConnection);
    connection->m_hostPath = hostPath;
    connection->m_pluginPath = pluginPath;
    auto *process = new QProcess(connection.get());
    connection->m_process = process;
    process->setProgram(hostPath);
    process->setArguments(
        {QStringLiteral("--socket-fd"), QString::number(fds[1]), QStringLiteral("--preview-plugin"), pluginPath});
    process->setProcessChannelMode(QProcess::ForwardedChannels);
    const int childEnd = fds[1];
    // Only the host's end crosses exec; ours stays close-on-exec.
    process->setChildProcessModifier([childEnd] { ::fcntl(childEnd, F_SETFD, 0); });
    process->start();
    const bool started = process->waitForStarted();
    ::close(childEnd);
    if (!started) {
        ::close(fds[0]);
        return Core::fail(Core::ErrorCode::Internal, QStringLiteral("the preview host did not start"),
                          QStringLiteral("%1: %2").arg(hostPath, process->errorString()));
    }
    connection->m_socket = new QLocalSocket(connection.get());
    connection->m_socket->setSocketDescriptor(fds[0]);
    auto *raw = connection.get();
    connect(connection->m_socket, &QLocalSocket::readyRead, raw, &PreviewHostConnection::onReadyRead);
    // The process's end says more than the socket's: the socket's only when the process stays.
    connect(connection->m_socket, &QLocalSocket::disconnected, raw, [raw] {
        QTimer::singleShot(kQuitGraceMs, raw,
                           [raw] { raw->die(QStringLiteral("the preview process closed its connection")); });
    });
    connect(process, &QProcess::finished, raw, [raw](int code, QProcess::ExitStatus status) {
        raw->die(status == QProcess::CrashExit ? QStringLiteral("the preview process crashed")
                                               : QStringLiteral("the preview process exited (code %1)").arg(code));
    });
    connection->init(settings);
    return connection;
}

void PreviewHostConnection::init(const PreviewProfileSettings &settings)
{
    m_warm = false;
    send(QCborMap{{key("op"), QStringLiteral("init")},
                  {key("storageName"), settings.storageName},
                  {key("dataPath"), settings.dataPath},
                  {key("downloadPath"), settings.downloadPath}});
}

void PreviewHostConnection::release()
{
    m_warm = false;
    send(QCborMap{{key("op"), QStringLiteral("release")}});
}

qint64 PreviewHostConnection::processId() const
{
    return m_process->processId();
}

void PreviewHostConnection::send(const QCborMap &message)
{
    if (m_alive) {
        m_socket->write(PreviewWire::encode(message));
    }
}

void PreviewHostConnection::request(QCborMap message, std::function<void(const QCborMap &)> done)
{
    if (!m_alive) {
        done({});
        return;
    }
    const qint64 id = newId();
    message.insert(key("req"), id);
    m_pending.emplace(id, std::move(done));
    send(message);
}

void PreviewHostConnection::addSurface(qint64 id, RemoteSurface *surface)
{
    m_surfaces[id] = surface;
}

void PreviewHostConnection::removeSurface(qint64 id)
{
    if (m_surfaces.erase(id) > 0) {
        send(QCborMap{{key("op"), QStringLiteral("close")}, {key("id"), id}});
    }
}

void PreviewHostConnection::onReadyRead()
{
    m_decoder.append(m_socket->readAll());
    while (m_alive) {
        auto message = m_decoder.next();
        if (!message) {
            break;
        }
        handle(*message);
    }
    if (m_decoder.failed()) {
        die(QStringLiteral("the preview process sent a malformed message"));
        m_process->kill();
    }
}

void PreviewHostConnection::handle(const QCborMap &message)
{
    const QString op = message.value(key("op")).toString();
    if (op == QLatin1String("result")) {
        const auto it = m_pending.find(message.value(key("req")).toInteger());
        if (it != m_pending.end()) {
            auto done = std::move(it->second);
            m_pending.erase(it);
            done(message);
        }
        return;
    }
    if (op == QLatin1String("warm")) {
        m_warm = true;
        return;
    }
    if (op == QLatin1String("navigate") || op == QLatin1String("popup")) {
        answer(message);
        return;
    }
    const auto it = m_surfaces.find(message.value(key("id")).toInteger(-1));
    if (it == m_surfaces.end() || it->second.isNull()) {
        return;
    }
    if (op == QLatin1String("shortcut")) {
        const auto combined = static_cast<int>(message.value(key("keys")).toInteger());
        it->second->triggerShortcut(QKeySequence(QKeyCombination::fromCombined(combined)));
        return;
    }
    it->second->hostEvent(message);
}

void PreviewHostConnection::answer(const QCborMap &question)
{
    // The host waits for this: answered right away (a page's client must not block). No page,
    // no answer: the host refuses.
    QCborMap reply;
    const auto it = m_surfaces.find(question.value(key("id")).toInteger(-1));
    if (it != m_surfaces.end() && !it->second.isNull()) {
        reply = it->second->hostQuestion(question);
    }
    reply.insert(key("op"), QStringLiteral("reply"));
    reply.insert(key("req"), question.value(key("req")));
    send(reply);
}

void PreviewHostConnection::die(const QString &reason)
{
    if (!m_alive) {
        return;
    }
    m_alive = false;
    m_warm = false;
    m_deathReason = reason;
    auto pending = std::move(m_pending);
    m_pending.clear();
    for (auto &[id, done] : pending) {
        done({});
    }
    // Copied: a page's client may close tabs (and so surfaces) while it hears about it.
    QList<QPointer<RemoteSurface>> surfaces;
    for (const auto &[id, surface] : m_surfaces) {
        surfaces.append(surface);
    }
    for (const auto &surface : surfaces) {
        if (surface) {
            surface->hostDied(reason);
        }
    }
}

RemoteSurface::RemoteSurface(std::shared_ptr<PreviewHostConnection> connection, QWidget *parent)
    : QWidget(parent)
    , m_connection(std::move(connection))
    , m_id(m_connection->newId())
{
    // A native window of its own (not of its ancestors) for the host's window to live in.
    setAttribute(Qt::WA_NativeWindow);
    setAttribute(Qt::WA_DontCreateNativeAncestors);
    setFocusPolicy(Qt::StrongFocus);
    installEmbedFocusHandler();
    m_connection->addSurface(m_id, this);
}

RemoteSurface::~RemoteSurface()
{
    m_connection->removeSurface(m_id);
}

void RemoteSurface::create(const QString &op, QCborMap fields)
{
    fields.insert(key("op"), op);
    fields.insert(key("id"), m_id);
    fields.insert(key("width"), qMax(width(), 64));
    fields.insert(key("height"), qMax(height(), 64));
    m_connection->send(fields);
}

bool RemoteSurface::event(QEvent *event)
{
    const bool handled = QWidget::event(event);
    switch (event->type()) {
    case QEvent::Show:
    case QEvent::WinIdChange: // reparented: Qt made a new native window
        if (isVisible()) {
            embed();
        }
        break;
    case QEvent::Resize:
        if (m_embeddedIn != 0) {
            m_connection->send(QCborMap{{key("op"), QStringLiteral("resize")},
                                        {key("id"), m_id},
                                        {key("width"), width()},
                                        {key("height"), height()},
                                        {key("shortcuts"), shortcutKeys()}});
        }
        break;
    default:
        break;
    }
    return handled;
}

void RemoteSurface::embed()
{
    const WId window = winId();
    if (window == m_embeddedIn) {
        return;
    }
    m_embeddedIn = window;
    m_connection->send(QCborMap{{key("op"), QStringLiteral("embed")},
                                {key("id"), m_id},
                                {key("parent"), static_cast<qint64>(window)},
                                {key("width"), width()},
                                {key("height"), height()},
                                {key("shortcuts"), shortcutKeys()}});
}

namespace {

/// Whether Qt would let `action`'s shortcut fire while `focus` has the keyboard (the rules of
/// Qt::ShortcutContext, for the widgets and menus the action is in).
bool shortcutReaches(const QAction *action, const QWidget *focus, int depth = 0)
{
    if (action->shortcutContext() == Qt::ApplicationShortcut) {
        return true;
    }
    const auto objects = action->associatedObjects();
    return std::ranges::any_of(objects, [&](QObject *object) {
        auto *widget = qobject_cast<QWidget *>(object);
        if (widget == nullptr) {
            return false;
        }
        if (auto *menu = qobject_cast<QMenu *>(widget); menu != nullptr && depth < 4) {
            // A menu's action reaches as far as the menu does (menu bar, submenus).
            return menu->menuAction() != nullptr && shortcutReaches(menu->menuAction(), focus, depth + 1);
        }
        switch (action->shortcutContext()) {
        case Qt::WidgetShortcut:
            return widget == focus;
        case Qt::WidgetWithChildrenShortcut:
            return widget->isVisible() && widget->isAncestorOf(focus);
        default: // Qt::WindowShortcut
            return widget->isVisible() && widget->window() == focus->window();
        }
    });
}

} // namespace

QCborArray RemoteSurface::shortcutKeys() const
{
    // Only the shortcuts that can fire while this tab has the keyboard: any other key (Ctrl+C
    // of another panel's action, say) stays the page's.
    QCborArray keys;
    const auto actions = window()->findChildren<QAction *>();
    for (const QAction *action : actions) {
        if (!shortcutReaches(action, this)) {
            continue;
        }
        for (const QKeySequence &sequence : action->shortcuts()) {
            if (sequence.count() == 1 && !keys.contains(sequence[0].toCombined())) {
                keys.append(sequence[0].toCombined());
            }
        }
    }
    return keys;
}

bool RemoteSurface::triggerShortcut(const QKeySequence &keys)
{
    const auto actions = window()->findChildren<QAction *>();
    for (QAction *action : actions) {
        if (action->isEnabled() && action->shortcuts().contains(keys) && shortcutReaches(action, this)) {
            action->trigger();
            return true;
        }
    }
    return false;
}

QCborMap RemoteSurface::hostQuestion(const QCborMap &question)
{
    Q_UNUSED(question)
    return {};
}

void RemoteSurface::hostEvent(const QCborMap &message)
{
    Q_UNUSED(message)
}

void RemoteSurface::hostDied(const QString &reason)
{
    Q_UNUSED(reason)
}

} // namespace Sandcastle::Ui
