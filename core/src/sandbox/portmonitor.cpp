// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/sandbox/portmonitor.h"

#include "sandcastle/core/sandbox/sandboxsession.h"

#include <QLoggingCategory>
#include <QRegularExpression>

Q_LOGGING_CATEGORY(lcPorts, "sandcastle.core.ports")

namespace Sandcastle::Core {

PortMonitor::PortMonitor(SandboxSession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &PortMonitor::poll);
    m_burstUntil = QDeadlineTimer(0);
    if (session) {
        connect(session, &SandboxSession::commandStarted, this,
                [this](const CommandRecord &record) { commandStarted(record.argv); });
        connect(session, &QObject::destroyed, this, [this] {
            const QList<quint16> ports = m_open.keys();
            m_open.clear();
            stop();
            for (const quint16 port : ports) {
                Q_EMIT portClosed(port);
            }
        });
    }
}

PortMonitor::~PortMonitor()
{
    *m_alive = false;
}

void PortMonitor::setIntervalMs(int ms)
{
    m_intervalMs = std::max(ms, 50);
}

void PortMonitor::start()
{
    if (m_active || !m_session) {
        return;
    }
    m_active = true;
    if (!m_polling) {
        poll();
    }
}

void PortMonitor::stop()
{
    m_active = false;
    m_timer.stop();
}

void PortMonitor::scheduleNext()
{
    if (m_active) {
        m_timer.start(m_burstUntil.hasExpired() ? m_intervalMs : std::min(m_intervalMs, kBurstIntervalMs));
    }
}

void PortMonitor::commandStarted(const QStringList &argv)
{
    m_burstUntil = QDeadlineTimer(kBurstMs);
    if (m_active && m_timer.isActive() && m_timer.remainingTime() > kBurstIntervalMs) {
        m_timer.start(kBurstIntervalMs); // a poll running now schedules the next one itself
    }
    if (looksLikeServerCommand(argv)) {
        Q_EMIT serverLikely(argv.join(QLatin1Char(' ')));
    }
}

bool looksLikeServerCommand(const QStringList &argv)
{
    // Each simple command of the line (split at ; & | ( ) and newlines, quotes dropped), without
    // what comes before the program (a shell's -c, env assignments, exec, nohup, a path), is
    // matched from its start: "pip install uvicorn" or "npm i -D vite" start nothing.
    static const QRegularExpression separators(QStringLiteral(R"([;&|()\n`])"));
    static const QRegularExpression prefix(QStringLiteral(
        R"(^(?:(?:\S*/)?(?:ba|z|da)?sh\s+(?:-\S+\s+)*|\w+=\S*\s+|(?:exec|nohup|env|time|setsid|npx|pnpx|bunx)\s+(?:-\S+\s+)*)*(?:\S*/)?)"));
    static const QRegularExpression server(QStringLiteral(
        R"(^(?:(?:python[0-9.]*|py)\s+(?:-\S+\s+)*-m\s+(?:http\.server|SimpleHTTPServer|flask|uvicorn|gunicorn|streamlit|jupyter|notebook|mkdocs\s+serve|gradio)\b)"
        R"(|(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?(?:dev|start|serve|preview|storybook)\b)"
        R"(|(?:vite|serve|http-server|live-server|webpack-dev-server)(?:\s|$))"
        R"(|(?:next|nuxt|astro|ng|hugo|jekyll|mkdocs|webpack|vite|deno)\s+(?:dev|serve|server|preview)\b)"
        R"(|flask\s+(?:\S+\s+)*run\b|(?:uvicorn|gunicorn|hypercorn|daphne)\s+(?:\S+\s+)*?[\w.]+:\w+)"
        R"(|(?:python[0-9.]*\s+)?manage\.py\s+runserver\b|rails\s+(?:s|server)\b|php\s+(?:-\S+\s+)*-S\s)"
        R"(|jupyter(?:-|\s+)(?:notebook|lab|server)\b|streamlit\s+run\b|busybox\s+httpd\b))"));
    QString line = argv.join(QLatin1Char(' '));
    line.remove(QLatin1Char('"')).remove(QLatin1Char('\''));
    for (QString command : line.split(separators, Qt::SkipEmptyParts)) {
        command = command.trimmed();
        command.remove(prefix);
        if (server.match(command).hasMatch()) {
            return true;
        }
    }
    return false;
}

void PortMonitor::poll()
{
    if (!m_active || !m_session || m_polling) {
        return;
    }
    m_polling = true;
    const std::shared_ptr<bool> alive = m_alive;
    m_session->listeningPorts().then(this, [this, alive](const Result<QList<ListeningPort>> &ports) {
        if (!*alive) {
            return;
        }
        m_polling = false;
        if (!m_session) {
            return;
        }
        if (!ports) {
            if (!m_failureReported) {
                m_failureReported = true;
                qCInfo(lcPorts) << "listing the sandbox's listening ports failed:" << ports.error().toString();
                Q_EMIT pollFailed(ports.error().toString());
            }
            scheduleNext();
            return;
        }
        m_failureReported = false;
        QList<quint16> now;
        for (const ListeningPort &p : *ports) {
            if (!now.contains(p.port)) {
                now.append(p.port);
            }
        }
        const QList<quint16> known = m_open.keys();
        for (const quint16 port : known) {
            if (!now.contains(port)) {
                m_open.remove(port);
                Q_EMIT portClosed(port);
            }
        }
        for (const quint16 port : std::as_const(now)) {
            if (m_open.contains(port)) {
                continue;
            }
            const Result<QUrl> url = m_session->hostUrlForListeningPort(port);
            m_open.insert(port, url ? *url : QUrl());
            Q_EMIT portOpened(port, url ? *url : QUrl(), url ? QString() : url.error().toString());
            if (!m_session) {
                return; // a receiver closed the session
            }
        }
        Q_EMIT polled();
        scheduleNext();
    });
}

} // namespace Sandcastle::Core
