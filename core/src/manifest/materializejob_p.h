// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/manifest/manifest.h"
#include "sandcastle/core/manifest/materializer.h"
#include "sandcastle/core/result.h"

#include <atomic>

namespace Sandcastle::Core::Internal {

/// Shared between a Materializer and its worker; outlives either.
struct MaterializeState
{
    std::atomic_bool cancel{false};
    std::atomic<qint64> done{0};
    std::atomic<qint64> total{0};
    std::atomic<qint64> bytes{0};
};

/// The blocking materialization (runs on a worker thread): staging dir, entries, rename.
/// Removes everything it created on failure.
[[nodiscard]] Result<MaterializeReport> runMaterialize(const Manifest &manifest, const QString &targetDir,
                                                       int fileConcurrency, MaterializeState &state);

} // namespace Sandcastle::Core::Internal
