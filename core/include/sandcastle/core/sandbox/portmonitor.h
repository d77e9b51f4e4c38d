// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDeadlineTimer>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace Sandcastle::Core {

class SandboxSession;

/// Watches a session for TCP ports that start or stop listening (SandboxSession::listeningPorts()),
/// polling every intervalMs() while started; one poll at a time, never overlapping. A server
/// listens shortly after its command starts: for kBurstMs after each command the session starts
/// (SandboxSession::commandStarted) the monitor polls every kBurstIntervalMs instead (bench_preview
/// has the cost of a poll), so a new port is offered 0.1-0.2 s after it listens, not up to a
/// second later, without polling fast while the agent only thinks. A command that looks like a
/// server (looksLikeServerCommand()) is announced with serverLikely() when it starts.
///
/// For every new port it emits portOpened() with the URL the host can open
/// (SandboxSession::hostUrlForListeningPort(): the exposed endpoint, a Docker tunnel, or
/// http://127.0.0.1:<port>/ for a Unix-local sandbox on the host's network), or an empty URL and
/// the reason when the host cannot reach it. A port listening on IPv4 and IPv6 counts once.
/// A failed poll is reported once through pollFailed() (again after a poll succeeded in between);
/// the known ports stay as they are until a poll succeeds. stop() keeps the known ports;
/// a session that goes away ends the monitor (every known port is reported closed).
///
/// Does not own the session. Lives on the session's thread.
class PortMonitor : public QObject
{
    Q_OBJECT
public:
    static constexpr int kBurstIntervalMs = 200;
    static constexpr int kBurstMs = 10000;

    explicit PortMonitor(SandboxSession *session, QObject *parent = nullptr);
    ~PortMonitor() override;

    [[nodiscard]] int intervalMs() const { return m_intervalMs; }
    /// Takes effect from the next poll; values below 50 ms are raised to 50.
    void setIntervalMs(int ms);

    /// Polls at once, then every intervalMs(). No-op while started.
    void start();
    void stop();
    [[nodiscard]] bool isActive() const { return m_active; }

    /// The ports seen listening by the last successful poll, ascending.
    [[nodiscard]] QList<quint16> openPorts() const { return m_open.keys(); }
    /// The URL portOpened() gave for `port` (empty when unknown or unreachable).
    [[nodiscard]] QUrl hostUrl(quint16 port) const { return m_open.value(port); }

Q_SIGNALS:
    /// `hostUrl` is empty when the port cannot be reached from the host; `unreachableReason`
    /// then says why (it is empty otherwise).
    void portOpened(quint16 port, const QUrl &hostUrl, const QString &unreachableReason);
    void portClosed(quint16 port);
    /// A poll failed (the sandbox stopped, the container is gone, ...): one technical sentence.
    void pollFailed(const QString &message);
    /// After every poll that succeeded (for tests and benchmarks that wait for a quiet state).
    void polled();
    /// A command that looks like a server started (looksLikeServerCommand()): a port will likely
    /// listen soon. `command` is its command line.
    void serverLikely(const QString &command);

private:
    void poll();
    void scheduleNext();
    void commandStarted(const QStringList &argv);

    QPointer<SandboxSession> m_session;
    QTimer m_timer;
    QMap<quint16, QUrl> m_open;
    int m_intervalMs = 1000;
    QDeadlineTimer m_burstUntil; ///< expired: no burst
    bool m_active = false;
    bool m_polling = false;
    bool m_failureReported = false;
    /// Shared with the continuation of a running poll: false once this monitor is gone.
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

/// Whether a command line (as run, e.g. ["bash", "-lc", "npm run dev &"]) likely starts a network
/// server: python -m http.server, npm/yarn/pnpm run dev|start|serve|preview, vite, next dev,
/// flask run, uvicorn, gunicorn, manage.py runserver, rails server, php -S, jupyter, streamlit,
/// http-server, live-server, serve, hugo/jekyll/mkdocs serve and the like.
[[nodiscard]] bool looksLikeServerCommand(const QStringList &argv);

} // namespace Sandcastle::Core
