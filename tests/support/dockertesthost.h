// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"
#include "sandcastle/core/sandbox/docker/dockerengine.h"

#include <QString>

#include <memory>

namespace Sandcastle::Test {

/// The dockerd and sandbox image the Docker tests run against.
struct DockerTestHost
{
    std::unique_ptr<Core::DockerEngine> engine; ///< negotiated with the daemon
    QString image;                              ///< SANDCASTLE_SANDBOX_IMAGE, else the client's default
};

/// Connects to dockerd ($DOCKER_HOST or the default socket), negotiates the API version and checks
/// that the sandbox image exists. When the test cannot run here (no daemon, or no image and
/// SANDCASTLE_SANDBOX_IMAGE unset) it returns an error and sets `*skipReason` for QSKIP; any other
/// error is a failure. Use DOCKER_TEST_HOST_OR_SKIP in initTestCase().
[[nodiscard]] Core::Result<DockerTestHost> connectDockerTestHost(QString *skipReason);

} // namespace Sandcastle::Test

/// In a test slot: connects (connectDockerTestHost), QSKIPs with the reason or fails, and moves the
/// engine and image into `engineMember` and `imageMember`.
#define DOCKER_TEST_HOST_OR_SKIP(engineMember, imageMember)                                                            \
    do {                                                                                                               \
        QString dockerSkipReason_;                                                                                     \
        Sandcastle::Core::Result<Sandcastle::Test::DockerTestHost> dockerHost_ =                                       \
            Sandcastle::Test::connectDockerTestHost(&dockerSkipReason_);                                               \
        if (!dockerSkipReason_.isEmpty()) {                                                                            \
            QSKIP(qPrintable(dockerSkipReason_));                                                                      \
        }                                                                                                              \
        QVERIFY2(dockerHost_.has_value(), qPrintable(dockerHost_ ? QString() : dockerHost_.error().toString()));       \
        engineMember = std::move(dockerHost_->engine);                                                                 \
        imageMember = dockerHost_->image;                                                                              \
    } while (false)
