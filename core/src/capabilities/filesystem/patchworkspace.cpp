// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "capabilities/filesystem/patchworkspace_p.h"

#include <QTemporaryFile>

#include <cstdio>
#include <memory>
#include <vector>

namespace Sandcastle::Core::Internal {

Result<void> Workspace::commit() const
{
    struct Pending
    {
        QString host;
        std::unique_ptr<QTemporaryFile> temp;
    };
    std::vector<Pending> writes;
    QStringList deletes;
    QStringList createdDirs;
    auto rollback = [&] {
        writes.clear(); // QTemporaryFile removes its file
        for (auto it = createdDirs.crbegin(); it != createdDirs.crend(); ++it) {
            QDir().rmdir(*it);
        }
    };
    auto rel = [this](const QString &host) { return QDir(m_root).relativeFilePath(host); };

    for (const QString &host : m_order) {
        const std::optional<QByteArray> &content = m_overlay.value(host);
        if (!content) {
            if (QFileInfo::exists(host)) {
                deletes.append(host);
            }
            continue;
        }
        const QString dir = QFileInfo(host).path();
        if (!QFileInfo::exists(dir)) {
            QString missing = dir;
            QStringList chain;
            while (!QFileInfo::exists(missing) && isInside(missing, m_root)) {
                chain.prepend(missing);
                missing = QFileInfo(missing).path();
            }
            if (!QDir().mkpath(dir)) {
                rollback();
                return fail(ErrorCode::Io, QStringLiteral("Failed to create directory %1").arg(rel(dir)));
            }
            createdDirs.append(chain);
        }
        auto temp = std::make_unique<QTemporaryFile>(dir + QStringLiteral("/.sandcastle-patch-XXXXXX"));
        if (!temp->open() || temp->write(*content) != content->size() || !temp->flush()) {
            const QString why = temp->errorString();
            rollback();
            return fail(ErrorCode::Io, QStringLiteral("Failed to write file %1: %2").arg(rel(host), why));
        }
        temp->setPermissions(m_permissions.value(host, s_defaultPermissions));
        temp->close();
        writes.push_back(Pending{host, std::move(temp)});
    }

    QStringList done;
    for (Pending &w : writes) {
        if (std::rename(QFile::encodeName(w.temp->fileName()).constData(), QFile::encodeName(w.host).constData()) !=
            0) {
            const QString what = rel(w.host);
            rollback();
            return fail(ErrorCode::Io, QStringLiteral("Failed to replace file %1").arg(what),
                        done.isEmpty() ? QString()
                                       : QStringLiteral("already written: ") + done.join(QStringLiteral(", ")));
        }
        w.temp->setAutoRemove(false);
        done.append(rel(w.host));
    }
    for (const QString &host : std::as_const(deletes)) {
        if (!QFile::remove(host)) {
            return fail(ErrorCode::Io, QStringLiteral("Failed to delete file %1").arg(rel(host)),
                        QStringLiteral("already written: ") + done.join(QStringLiteral(", ")));
        }
        done.append(rel(host));
    }
    return {};
}

} // namespace Sandcastle::Core::Internal
