// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/sandbox/portmonitor.h"

#include "sandcastle/core/sandbox/sandboxsession.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcPorts, "sandcastle.core.ports")

namespace Sandcastle::Core {

PortMonitor::PortMonitor(SandboxSession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &PortMonitor::poll);
    if (session) {
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
        m_timer.start(m_intervalMs);
    }
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
