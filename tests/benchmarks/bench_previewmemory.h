// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// bench_preview's memory figures: this process (RSS, anonymous and file-backed) and its
// QtWebEngineProcess descendants (PSS) apart.
#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QStringList>

#include <cstdio>

namespace Sandcastle::Bench {

/// A "Name:   N kB" field of /proc/<pid>/<file> in KiB (0 when gone).
inline qint64 procKiB(const QString &pid, const char *file, const QByteArray &field)
{
    QFile status(QStringLiteral("/proc/%1/%2").arg(pid, QLatin1String(file)));
    if (!status.open(QIODevice::ReadOnly)) {
        return 0;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field)) {
            return line.mid(field.size()).trimmed().split(' ').first().toLongLong();
        }
    }
    return 0;
}

struct Memory
{
    qint64 selfRss = 0;
    qint64 selfAnon = 0; ///< heap and other private memory
    qint64 selfFile = 0; ///< mapped files (WebEngine's code and resources): clean, the kernel can drop them
    qint64 childrenPss = 0;
    QStringList kinds; ///< each WebEngine process: preview-host, zygote, renderer, gpu-process, utility
};

/// This process and its QtWebEngineProcess and sandcastle-preview-host descendants (the test's
/// HTTP server is not counted).
/// Children as PSS: the zygote and the renderers forked from it share most of their pages.
inline Memory measureMemory()
{
    QHash<QString, QString> parentOf;
    QHash<QString, QString> typeOf;
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList({QStringLiteral("[0-9]*")}, QDir::Dirs);
    for (const QString &pid : pids) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!stat.open(QIODevice::ReadOnly) || !cmdline.open(QIODevice::ReadOnly)) {
            continue;
        }
        const QByteArray text = stat.readAll();
        const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 1) {
            parentOf.insert(pid, QString::fromLatin1(fields.at(1)));
        }
        const QList<QByteArray> args = cmdline.readAll().split('\0');
        if (!args.isEmpty() && args.first().endsWith("sandcastle-preview-host")) {
            typeOf.insert(pid, QStringLiteral("preview-host")); // WebEngine's browser side, when separate
        } else if (!args.isEmpty() && args.first().contains("QtWebEngineProcess")) {
            QString type = QStringLiteral("other");
            for (const QByteArray &arg : args) {
                if (arg.startsWith("--type=")) {
                    type = QString::fromLatin1(arg.mid(7));
                }
            }
            typeOf.insert(pid, type);
        }
    }
    const QString self = QString::number(QCoreApplication::applicationPid());
    Memory memory;
    memory.selfRss = procKiB(self, "status", "VmRSS:");
    memory.selfAnon = procKiB(self, "status", "RssAnon:");
    memory.selfFile = procKiB(self, "status", "RssFile:");
    for (auto it = typeOf.cbegin(); it != typeOf.cend(); ++it) {
        QString p = parentOf.value(it.key());
        for (int depth = 0; depth < 8 && !p.isEmpty() && p != u"0"; ++depth, p = parentOf.value(p)) {
            if (p == self) {
                memory.childrenPss += procKiB(it.key(), "smaps_rollup", "Pss:");
                // Renderers are forked by the zygote and keep its command line.
                const bool forked = typeOf.value(parentOf.value(it.key())) == u"zygote";
                memory.kinds.append(forked ? QStringLiteral("renderer") : it.value());
                break;
            }
        }
    }
    memory.kinds.sort();
    return memory;
}

inline void printMemory(const char *label, const Memory &m)
{
    std::printf("%-24s app RSS %6.1f MiB (anon %6.1f, files %6.1f)  WebEngine processes PSS %6.1f MiB (%s)\n", label,
                m.selfRss / 1024.0, m.selfAnon / 1024.0, m.selfFile / 1024.0, m.childrenPss / 1024.0,
                qPrintable(m.kinds.join(QStringLiteral(", "))));
}

} // namespace Sandcastle::Bench
