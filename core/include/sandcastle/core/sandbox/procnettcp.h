// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"
#include "sandcastle/core/sandbox/exposedports.h"

#include <QByteArray>
#include <QList>
#include <QSet>

namespace Sandcastle::Core {

/// One socket line of the kernel's /proc/net/tcp or /proc/net/tcp6 table.
struct ProcNetTcpEntry
{
    ListeningPort local; ///< local address and port (`ipv6` from the address width)
    int state = 0;       ///< kernel TCP state; kTcpListen = LISTEN
    quint64 inode = 0;   ///< the socket's inode (matches "socket:[inode]" links in /proc/<pid>/fd)

    static constexpr int kTcpListen = 0x0A;
};

/// Parses the text of /proc/net/tcp and/or /proc/net/tcp6 (several tables may be concatenated;
/// header lines are skipped). Addresses are the kernel's hex words in host byte order, which is
/// how this machine's kernel (or a container's, on the same machine) prints them.
/// ErrorCode::InvalidInput naming the line number and what was expected for a malformed line.
[[nodiscard]] Result<QList<ProcNetTcpEntry>> parseProcNetTcp(const QByteArray &text);

/// The LISTEN entries of `entries`, restricted to sockets in `*inodes` unless `inodes` is null
/// (then all of them), sorted by port then address, without duplicates.
[[nodiscard]] QList<ListeningPort> listeningPortsOf(const QList<ProcNetTcpEntry> &entries,
                                                    const QSet<quint64> *inodes = nullptr);

} // namespace Sandcastle::Core
