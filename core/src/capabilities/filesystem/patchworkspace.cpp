// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "capabilities/filesystem/patchworkspace_p.h"

#include <cerrno>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace Sandcastle::Core::Internal {

Result<void> Workspace::commit() const
{
    // Every directory is opened from the root without following links (openDirInside), temp files
    // are created in it with O_EXCL | O_NOFOLLOW and renamed over their targets with renameat(), so
    // a symlink swapped in after the patch was checked is refused and a hard link is replaced, never
    // written through.
    struct Pending
    {
        QString host;
        std::shared_ptr<Fd> dir;
        QByteArray name;
        QByteArray temp;
    };
    std::vector<Pending> writes;
    std::vector<Pending> deletes;
    QStringList createdDirs;
    auto rollback = [&] {
        for (const Pending &w : writes) {
            ::unlinkat(w.dir->get(), w.temp.constData(), 0);
        }
        for (auto it = createdDirs.crbegin(); it != createdDirs.crend(); ++it) {
            QDir().rmdir(*it);
        }
    };
    auto rel = [this](const QString &host) { return QDir(m_root).relativeFilePath(host); };

    for (const QString &host : m_order) {
        const std::optional<QByteArray> &content = m_overlay.value(host);
        const QString dirPath = QFileInfo(host).path();
        const QByteArray name = QFile::encodeName(QFileInfo(host).fileName());
        auto dir = openDirInside(m_root, dirPath, rel(host), content.has_value(), &createdDirs);
        if (!content) {
            if (dir) {
                deletes.push_back(Pending{host, std::make_shared<Fd>(std::move(*dir)), name, {}});
            } else if (dir.error().code != ErrorCode::NotFound) {
                rollback();
                return std::unexpected(dir.error());
            }
            continue;
        }
        if (!dir) {
            rollback();
            return std::unexpected(dir.error());
        }
        auto shared = std::make_shared<Fd>(std::move(*dir));
        auto temp = stageWrite(shared->get(), *content, m_permissions.value(host, s_defaultPermissions), rel(host));
        if (!temp) {
            rollback();
            return std::unexpected(temp.error());
        }
        writes.push_back(Pending{host, shared, name, *temp});
    }

    QStringList done;
    for (qsizetype k = 0; k < qsizetype(writes.size()); ++k) {
        const Pending &w = writes.at(size_t(k));
        if (auto ok = commitWrite(w.dir->get(), w.temp, w.name, rel(w.host)); !ok) {
            writes.erase(writes.begin(), writes.begin() + k); // those are in place now
            rollback();
            return fail(ErrorCode::Io, ok.error().message,
                        done.isEmpty() ? QString()
                                       : QStringLiteral("already written: ") + done.join(QStringLiteral(", ")));
        }
        done.append(rel(w.host));
    }
    for (const Pending &d : deletes) {
        struct stat st{};
        if (::fstatat(d.dir->get(), d.name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0 && errno == ENOENT) {
            continue;
        }
        if (::unlinkat(d.dir->get(), d.name.constData(), 0) != 0) {
            return fail(ErrorCode::Io, QStringLiteral("Failed to delete file %1").arg(rel(d.host)),
                        QStringLiteral("already written: ") + done.join(QStringLiteral(", ")));
        }
        done.append(rel(d.host));
    }
    return {};
}

} // namespace Sandcastle::Core::Internal
