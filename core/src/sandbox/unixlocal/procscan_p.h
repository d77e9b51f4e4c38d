// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"
#include "sandcastle/core/sandbox/exposedports.h"

#include <QSet>

namespace Sandcastle::Core::Internal {

struct ProcScanResult
{
    QList<ListeningPort> ports;
    /// The session ids that still have processes, plus those their descendants opened.
    QSet<qint64> sessionIds;
};

/// The TCP listeners of the processes in sessions `sessionIds` and all their descendants, read
/// from `procRoot` (normally /proc): socket inodes from <pid>/fd, matched against <pid>/net/tcp
/// and tcp6 of one process per network namespace. Blocking file reads: run it on a worker thread.
/// Processes that vanish while being read are skipped. ErrorCode::Io when `procRoot` cannot be
/// read; InvalidInput when a tcp table is malformed.
[[nodiscard]] Result<ProcScanResult> scanListeningPorts(const QSet<qint64> &sessionIds,
                                                        const QString &procRoot = QStringLiteral("/proc"));

} // namespace Sandcastle::Core::Internal
