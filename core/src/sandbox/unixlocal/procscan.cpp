// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandbox/unixlocal/procscan_p.h"

#include "sandcastle/core/sandbox/procnettcp.h"

#include <QDir>
#include <QFile>
#include <QHash>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

namespace Sandcastle::Core::Internal {

namespace {

struct ProcInfo
{
    qint64 ppid = 0;
    qint64 sid = 0;
};

/// ppid and session from <pid>/stat: "pid (comm) state ppid pgrp session ..."; comm may hold
/// spaces and parentheses, so the fields are counted from the last ')'. Plain POSIX reads: this
/// runs for every process of the host on every poll (PortMonitor polls every 200 ms after a
/// command starts), where QDir and QFile took about three times the CPU (bench_preview).
bool readStat(const QByteArray &path, ProcInfo *info)
{
    const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    char buffer[1024];
    const ssize_t size = ::read(fd, buffer, sizeof buffer - 1);
    ::close(fd);
    if (size <= 0) {
        return false;
    }
    const QByteArrayView text(buffer, size);
    const qsizetype close = text.lastIndexOf(')');
    if (close < 0 || close + 2 >= text.size()) {
        return false;
    }
    // state, ppid, pgrp, session
    QByteArrayView fields[4];
    QByteArrayView rest = text.sliced(close + 2);
    for (QByteArrayView &field : fields) {
        const qsizetype space = rest.indexOf(' ');
        if (space < 0) {
            return false;
        }
        field = rest.first(space);
        rest = rest.sliced(space + 1);
    }
    bool okParent = false;
    bool okSession = false;
    info->ppid = fields[1].toLongLong(&okParent);
    info->sid = fields[3].toLongLong(&okSession);
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
    QHash<qint64, ProcInfo> all;
    QHash<qint64, QList<qint64>> children;
    const QByteArray root = QFile::encodeName(procRoot);
    DIR *dir = ::opendir(root.constData());
    if (dir == nullptr) {
        return fail(ErrorCode::Io, QStringLiteral("cannot read the process table"), procRoot);
    }
    while (const dirent *entry = ::readdir(dir)) {
        const QByteArrayView name(entry->d_name);
        bool ok = false;
        const qint64 pid = name.toLongLong(&ok);
        ProcInfo info;
        QByteArray path = root;
        path.append('/').append(name).append("/stat");
        if (!ok || !readStat(path, &info)) {
            continue;
        }
        all.insert(pid, info);
        children[info.ppid].append(pid);
    }
    ::closedir(dir);

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
