// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "dockertesthost.h"

#include "futurewait.h"
#include "sandcastle/core/sandbox/docker/dockersandboxclient.h"

namespace Sandcastle::Test {

using Core::DockerEngine;
using Core::ErrorCode;
using Core::Result;

Result<DockerTestHost> connectDockerTestHost(QString *skipReason)
{
    const Result<QString> socket = DockerEngine::socketPathFromEnvironment();
    if (!socket) {
        return std::unexpected(socket.error());
    }
    DockerTestHost host;
    host.engine = std::make_unique<DockerEngine>(*socket);
    const Result<QString> version = await(host.engine->negotiate());
    if (!version) {
        if (version.error().code == ErrorCode::Sandbox) {
            *skipReason = QStringLiteral("dockerd is not reachable: ") + version.error().toString();
        }
        return std::unexpected(version.error());
    }
    host.image = Core::DockerSandboxClient::defaultImage();
    const auto image = await(host.engine->inspectImage(host.image));
    if (!image) {
        if (qEnvironmentVariableIsEmpty("SANDCASTLE_SANDBOX_IMAGE")) {
            *skipReason = QStringLiteral("SANDCASTLE_SANDBOX_IMAGE is unset and %1 does not exist: "
                                         "scripts/build-sandbox-image builds it")
                              .arg(host.image);
        }
        return std::unexpected(image.error());
    }
    return host;
}

} // namespace Sandcastle::Test
