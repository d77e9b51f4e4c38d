// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/sandbox/procnettcp.h"

#include <QHostAddress>

#include <algorithm>
#include <cstring>

namespace Sandcastle::Core {

namespace {

/// One 32-bit word as the kernel printed it ("%08X" of the in-memory value): its bytes in memory
/// order are the address bytes in network order.
bool appendWord(QByteArrayView hex, quint8 *out)
{
    bool ok = false;
    const quint32 word = QByteArray(hex).toUInt(&ok, 16);
    if (!ok) {
        return false;
    }
    std::memcpy(out, &word, 4);
    return true;
}

/// "0100007F:1F40" or the 32-digit IPv6 form.
bool parseEndpoint(QByteArrayView text, ListeningPort *out)
{
    const qsizetype colon = text.indexOf(':');
    if (colon < 0) {
        return false;
    }
    const QByteArrayView address = text.first(colon);
    const QByteArrayView portText = text.sliced(colon + 1);
    bool ok = false;
    const uint port = QByteArray(portText).toUInt(&ok, 16);
    if (!ok || portText.size() != 4 || port > 65535) {
        return false;
    }
    out->port = quint16(port);
    if (address.size() == 8) {
        quint8 bytes[4];
        if (!appendWord(address, bytes)) {
            return false;
        }
        out->ipv6 = false;
        out->address = QStringLiteral("%1.%2.%3.%4").arg(bytes[0]).arg(bytes[1]).arg(bytes[2]).arg(bytes[3]);
        return true;
    }
    if (address.size() == 32) {
        Q_IPV6ADDR bytes;
        for (int i = 0; i < 4; ++i) {
            if (!appendWord(address.sliced(i * 8, 8), bytes.c + i * 4)) {
                return false;
            }
        }
        out->ipv6 = true;
        out->address = QHostAddress(bytes).toString();
        return true;
    }
    return false;
}

} // namespace

Result<QList<ProcNetTcpEntry>> parseProcNetTcp(const QByteArray &text)
{
    QList<ProcNetTcpEntry> entries;
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype n = 0; n < lines.size(); ++n) {
        const QByteArray line = lines.at(n).simplified();
        if (line.isEmpty() || line.startsWith("sl ")) {
            continue;
        }
        auto bad = [&](const QString &expected) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("/proc/net/tcp line %1: expected %2").arg(n + 1).arg(expected),
                        QString::fromLatin1(line.left(120)));
        };
        // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
        const QList<QByteArray> fields = line.split(' ');
        if (fields.size() < 10 || !fields.at(0).endsWith(':')) {
            return bad(QStringLiteral("\"N: local remote state ... inode\" (at least 10 fields)"));
        }
        ProcNetTcpEntry entry;
        if (!parseEndpoint(fields.at(1), &entry.local)) {
            return bad(QStringLiteral("a local address as 8 or 32 hex digits, ':' and a 4-digit hex port"));
        }
        bool ok = false;
        entry.state = fields.at(3).toInt(&ok, 16);
        if (!ok || fields.at(3).size() != 2) {
            return bad(QStringLiteral("a state of 2 hex digits"));
        }
        entry.inode = fields.at(9).toULongLong(&ok, 10);
        if (!ok) {
            return bad(QStringLiteral("a decimal inode in field 10"));
        }
        entries.append(entry);
    }
    return entries;
}

QList<ListeningPort> listeningPortsOf(const QList<ProcNetTcpEntry> &entries, const QSet<quint64> *inodes)
{
    QList<ListeningPort> ports;
    for (const ProcNetTcpEntry &e : entries) {
        if (e.state != ProcNetTcpEntry::kTcpListen || (inodes && !inodes->contains(e.inode))) {
            continue;
        }
        if (!ports.contains(e.local)) {
            ports.append(e.local);
        }
    }
    std::sort(ports.begin(), ports.end(), [](const ListeningPort &a, const ListeningPort &b) {
        return a.port != b.port ? a.port < b.port : a.address < b.address;
    });
    return ports;
}

} // namespace Sandcastle::Core
