// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandbox/unixlocal/procscan_p.h"

#include "sandcastle/core/sandbox/procnettcp.h"

#include <QDir>
#include <QFile>
#include <QHash>

namespace Sandcastle::Core::Internal {

namespace {

struct ProcInfo
{
    qint64 ppid = 0;
    qint64 sid = 0;
};

/// ppid and session from <pid>/stat: "pid (comm) state ppid pgrp session ..."; comm may hold
/// spaces and parentheses, so the fields are counted from the last ')'.
bool readStat(const QString &path, ProcInfo *info)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return false;
    }
    const QByteArray text = file.readAll();
    const qsizetype close = text.lastIndexOf(')');
    if (close < 0) {
        return false;
    }
    const QList<QByteArray> fields = text.mid(close + 2).split(' ');
    if (fields.size() < 4) {
        return false;
    }
    bool okParent = false;
    bool okSession = false;
    info->ppid = fields.at(1).toLongLong(&okParent);
    info->sid = fields.at(3).toLongLong(&okSession);
    return okParent && okSession;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

Result<ProcScanResult> scanListeningPorts(const QSet<qint64> &sessionIds, const QString &procRoot)
{
    QDir proc(procRoot);
    if (!proc.exists()) {
        return fail(ErrorCode::Io, QStringLiteral("cannot read the process table"), procRoot);
    }
    QHash<qint64, ProcInfo> all;
    QHash<qint64, QList<qint64>> children;
    const QStringList entries = proc.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &name : entries) {
        bool ok = false;
        const qint64 pid = name.toLongLong(&ok);
        ProcInfo info;
        if (!ok || !readStat(procRoot + QLatin1Char('/') + name + QLatin1String("/stat"), &info)) {
            continue;
        }
        all.insert(pid, info);
        children[info.ppid].append(pid);
    }

    // The sessions' processes, then everything below them.
    QList<qint64> members;
    for (auto it = all.cbegin(); it != all.cend(); ++it) {
        if (sessionIds.contains(it->sid)) {
            members.append(it.key());
        }
    }
    QSet<qint64> seen(members.cbegin(), members.cend());
    for (qsizetype i = 0; i < members.size(); ++i) {
        for (const qint64 child : children.value(members.at(i))) {
            if (!seen.contains(child)) {
                seen.insert(child);
                members.append(child);
            }
        }
    }

    ProcScanResult result;
    QSet<quint64> inodes;
    QHash<QString, qint64> namespaces; // net namespace link -> one pid in it
    for (const qint64 pid : std::as_const(members)) {
        result.sessionIds.insert(all.value(pid).sid);
        const QString base = procRoot + QLatin1Char('/') + QString::number(pid);
        const QDir fds(base + QLatin1String("/fd"));
        bool hasSocket = false;
        for (const QString &fd : fds.entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot)) {
            const QString target = QFile::symLinkTarget(fds.filePath(fd));
            // symLinkTarget() makes the link absolute: ".../socket:[12345]".
            const qsizetype at = target.lastIndexOf(QLatin1String("socket:["));
            if (at < 0 || !target.endsWith(QLatin1Char(']'))) {
                continue;
            }
            bool ok = false;
            const quint64 inode = target.mid(at + 8, target.size() - at - 9).toULongLong(&ok);
            if (ok) {
                inodes.insert(inode);
                hasSocket = true;
            }
        }
        if (hasSocket) {
            const QString ns = QFile::symLinkTarget(base + QLatin1String("/ns/net"));
            if (!namespaces.contains(ns)) {
                namespaces.insert(ns, pid);
            }
        }
    }
    QList<ProcNetTcpEntry> sockets;
    for (const qint64 pid : std::as_const(namespaces)) {
        const QString base = procRoot + QLatin1Char('/') + QString::number(pid) + QLatin1String("/net/");
        for (const char *table : {"tcp", "tcp6"}) {
            const QByteArray text = readAll(base + QLatin1String(table));
            Result<QList<ProcNetTcpEntry>> parsed = parseProcNetTcp(text);
            if (!parsed) {
                Error e = parsed.error();
                e.detail = base + QLatin1String(table) + QStringLiteral(": ") + e.detail;
                return std::unexpected(e);
            }
            sockets += *parsed;
        }
    }
    result.ports = listeningPortsOf(sockets, &inodes);
    return result;
}

} // namespace Sandcastle::Core::Internal
