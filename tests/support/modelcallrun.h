// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/model/modelclient.h"

#include <QSignalSpy>

namespace Sandcastle::Test {

/// Starts `request` on `client` and spins the event loop until the call finishes; the call's
/// result, or ErrorCode::Timeout (saying the test gave up) after `timeoutMs`.
inline Core::Result<Core::ModelResponse> finishModelCall(Core::ModelClient &client, const Core::ModelRequest &request,
                                                         int timeoutMs = 20000)
{
    QObject context;
    Core::ModelCall *call = client.start(request, &context);
    Core::Result<Core::ModelResponse> result =
        Core::fail(Core::ErrorCode::Timeout, QStringLiteral("test gave up waiting for the model call"));
    QObject::connect(call, &Core::ModelCall::finished, &context,
                     [&result](const Core::Result<Core::ModelResponse> &r) { result = r; });
    QSignalSpy spy(call, &Core::ModelCall::finished);
    (void)spy.wait(timeoutMs);
    return result;
}

} // namespace Sandcastle::Test
