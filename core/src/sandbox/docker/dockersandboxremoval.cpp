// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// DockerSandboxSession: removing the container when the session goes (the destructor).
#include "sandcastle/core/sandbox/docker/dockersandboxsession.h"

#include "dockerengine_p.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QLocalSocket>

namespace Sandcastle::Core {

using namespace Internal;

void DockerSandboxSession::removeContainerBlocking()
{
    // The destructor cannot wait for the event loop: one bounded synchronous request.
    const QDeadlineTimer deadline(3000);
    QLocalSocket socket;
    socket.connectToServer(m_engine->socketPath());
    if (!socket.waitForConnected(int(deadline.remainingTime()))) {
        qCWarning(lcDocker) << "could not remove container" << m_containerId << ":" << socket.errorString();
        return;
    }
    const QString version = m_engine->apiVersion();
    const QByteArray target = (version.isEmpty() ? QByteArray() : QByteArray("/v") + version.toLatin1()) +
                              "/containers/" + segment(m_containerId) + "?force=1&v=1";
    socket.write(buildRequest("DELETE", target, {}));
    DockerHttpParser parser;
    while (!deadline.hasExpired()) {
        if (!socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())))) {
            break;
        }
        const DockerHttpParser::State state = parser.feed(socket.readAll());
        if (state == DockerHttpParser::State::Complete || state == DockerHttpParser::State::Failed) {
            break;
        }
    }
    const int status = parser.state() == DockerHttpParser::State::Complete ? parser.response().status : 0;
    if (status == 204 || status == 404) {
        m_removed = true;
        removeRuntimeDir();
    } else if (status == 409) {
        qCDebug(lcDocker) << "container" << m_containerId << "is already being removed";
    } else {
        qCWarning(lcDocker) << "could not remove container" << m_containerId << "while closing the session; HTTP"
                            << status << "; find it by the label" << DockerEngine::sandcastleLabel;
    }
}

void DockerSandboxSession::handOverCreation()
{
    // The create request is out and its reply not seen: dockerd creates the container after this
    // session is gone. The engine, which waits for that reply, outlives the session; the create
    // continuation (its context is the engine) sees the handover and removes the container
    // (removeOrphan()). The GUI thread never waits for it.
    m_createHandover->handedOver = true;
    m_createHandover->runtimeDir = m_runtimeDir;
    DockerEngine *engine = m_engine.release();
    if (QCoreApplication *app = QCoreApplication::instance(); app && app->thread() == engine->thread()) {
        engine->setParent(app); // not left behind when the application quits first
    }
}

/// After DockerSandboxSession::handOverCreation(): force-removes the container the create request
/// made (if it made one), the runtime directory, then the engine.
void DockerSandboxSession::removeOrphan(DockerEngine *engine, const Result<QString> &id, const QString &runtimeDir)
{
    const auto done = [engine, runtimeDir] {
        if (!runtimeDir.isEmpty()) {
            QDir(runtimeDir).removeRecursively();
        }
        engine->deleteLater();
    };
    if (!id) {
        done();
        return;
    }
    qCDebug(lcDocker) << "removing container" << *id << "created after its session was closed";
    engine->removeContainer(*id, true).then(engine, [done, id = *id](const Result<void> &removed) {
        if (!removed && removed.error().code != ErrorCode::NotFound) {
            qCWarning(lcDocker) << "could not remove container" << id
                                << "created after its session was closed:" << removed.error().toString()
                                << "; find it by the label" << DockerEngine::sandcastleLabel;
        }
        done();
    });
}

} // namespace Sandcastle::Core
