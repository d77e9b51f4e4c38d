// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The sandbox session state a resume reads back from the journal: the input is parsed as JSON and
// handed to DockerSandboxClient::resume() with a Docker socket that does not exist, so a state that
// parses fails at the connection and never reaches a daemon.
#include "fuzzsupport.h"
#include "sandcastle/core/sandbox/docker/dockersandboxclient.h"
#include "sandcastle/core/sandbox/sandboxsession.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Sandcastle::Core;
using Sandcastle::Fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QCoreApplication *app = Sandcastle::Fuzz::app();
    const QJsonDocument doc = QJsonDocument::fromJson(Sandcastle::Fuzz::bytes(data, size));
    if (!doc.isObject()) {
        return 0;
    }
    DockerSandboxClient client;
    client.setSocketPath(Sandcastle::Fuzz::scratchDir() + QStringLiteral("/no-docker.sock"));
    QFuture<Result<SandboxSession *>> future = client.resume(doc.object());
    const QDeadlineTimer deadline(5000);
    while (!future.isFinished() && !deadline.hasExpired()) {
        app->processEvents(QEventLoop::AllEvents, 50);
    }
    check(future.isFinished(), "resume finishes without a daemon");
    const Result<SandboxSession *> result = future.result();
    check(!result, "resume without a daemon fails");
    check(!result.error().message.isEmpty(), "a resume error has a message");
    // deleteLater() of the engine's sockets and replies: outside exec() nothing else deletes them.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return 0;
}
