// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <QString>

namespace Sandcastle::Core {

/// The long, cancellable steps of an agent run that the desktop app shows as a progress bar.
enum class PreparationPhase {
    Idle,          ///< none of the steps below is running
    Materializing, ///< writing the manifest into the workspace (entries, bytes)
    Sandbox,       ///< starting the sandbox: for Docker, checking the image and creating the container
    Snapshotting,  ///< a workspace snapshot (files scanned, bytes stored)
};

/// Where a run's current phase stands. `total` < 0 means the amount is not known (an
/// indeterminate bar): Docker's image check and container creation report no counts, and a
/// snapshot knows its total only from its parent snapshot (an estimate; `done` may pass it).
struct PreparationProgress
{
    PreparationPhase phase = PreparationPhase::Idle;
    qint64 done = 0;   ///< entries written (materializing) or files scanned (snapshotting)
    qint64 total = -1; ///< of `done`'s unit; < 0: unknown
    qint64 bytes = 0;  ///< bytes written or stored so far
    QString detail;    ///< what is going on, for people ("image sandcastle/sandbox:latest")

    [[nodiscard]] bool isIdle() const { return phase == PreparationPhase::Idle; }
    [[nodiscard]] bool isIndeterminate() const { return total < 0; }

    friend bool operator==(const PreparationProgress &, const PreparationProgress &) = default;
};

/// "materializing", "sandbox", "snapshotting" or "idle" (for messages and logs).
[[nodiscard]] QString preparationPhaseName(PreparationPhase phase);

/// "the run was cancelled while materializing the workspace (312 of 1000 entries written; nothing
/// was kept)" and the like: the Cancelled message of a run stopped in `progress`.
[[nodiscard]] QString cancelledMessage(const PreparationProgress &progress);

} // namespace Sandcastle::Core

Q_DECLARE_METATYPE(Sandcastle::Core::PreparationProgress)
