// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"
#include "sandcastle/core/sandbox/sandboxtypes.h"

#include <QFuture>
#include <QObject>

namespace Sandcastle::Core {

class SandboxSession;

/// Creates sandbox sessions of one backend (spec 3.1). Lives on the runner's thread.
///
/// create() checks the backend (probes bubblewrap, talks to dockerd, ...) and finishes exactly
/// once. The session it yields is a child of the client: the caller may reparent it or hold it
/// in a std::unique_ptr after calling setParent(nullptr). The session is not started.
class SandboxClient : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    /// "unix_local", "docker".
    [[nodiscard]] virtual QString backendId() const = 0;
    [[nodiscard]] virtual QFuture<Result<SandboxSession *>> create(const SandboxOptions &options) = 0;
};

} // namespace Sandcastle::Core
