// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/runner/preparationprogress.h"

namespace Sandcastle::Core {

QString preparationPhaseName(PreparationPhase phase)
{
    switch (phase) {
    case PreparationPhase::Idle:
        return QStringLiteral("idle");
    case PreparationPhase::Materializing:
        return QStringLiteral("materializing");
    case PreparationPhase::Sandbox:
        return QStringLiteral("sandbox");
    case PreparationPhase::Snapshotting:
        return QStringLiteral("snapshotting");
    }
    return {};
}

QString cancelledMessage(const PreparationProgress &progress)
{
    const QString counts = progress.total >= 0 ? QStringLiteral("%1 of %2").arg(progress.done).arg(progress.total)
                                               : QString::number(progress.done);
    switch (progress.phase) {
    case PreparationPhase::Materializing:
        return QStringLiteral("the run was cancelled while materializing the workspace (%1 entries written; nothing "
                              "was kept)")
            .arg(counts);
    case PreparationPhase::Sandbox:
        return QStringLiteral("the run was cancelled while starting the sandbox (%1); the pending call was aborted")
            .arg(progress.detail);
    case PreparationPhase::Snapshotting:
        return QStringLiteral("the run was cancelled while snapshotting the workspace (%1 files scanned; the snapshot "
                              "was discarded, earlier snapshots are unchanged)")
            .arg(counts);
    case PreparationPhase::Idle:
        break;
    }
    return QStringLiteral("the run was cancelled");
}

} // namespace Sandcastle::Core
