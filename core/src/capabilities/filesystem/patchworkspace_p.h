// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capabilities/filesystem/safefile_p.h"
#include "sandcastle/core/result.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QStringList>

#include <optional>

namespace Sandcastle::Core::Internal {

inline bool isInside(const QString &path, const QString &root)
{
    return path == root || path.startsWith(root.endsWith(QLatin1Char('/')) ? root : root + QLatin1Char('/'));
}

inline constexpr QFile::Permissions s_defaultPermissions =
    QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser | QFile::ReadGroup | QFile::ReadOther;

// What a path holds while the patch is being computed: the disk state, overridden by earlier
// operations of the same patch.
struct PathState
{
    bool exists = false;
    bool isDir = false;
    QByteArray bytes;
    QFile::Permissions permissions = s_defaultPermissions;
};

/// The files a patch (or a reviewed change, or a revert) reads and writes: the disk state under an
/// overlay of the new contents. commit() writes the overlay all or nothing (temp files beside their
/// targets, then renames, then deletions).
class Workspace
{
public:
    explicit Workspace(QString root)
        : m_root(std::move(root))
    {}

    Result<PathState> state(const QString &host, const QString &display)
    {
        if (const auto it = m_overlay.constFind(host); it != m_overlay.cend()) {
            PathState s;
            s.exists = it->has_value();
            s.bytes = it->value_or(QByteArray());
            s.permissions = m_permissions.value(host, s_defaultPermissions);
            return s;
        }
        PathState s;
        // No link is followed: a component swapped for a symlink since resolveInside() is refused,
        // and so are FIFOs, devices, hard-linked files and files over the size limit.
        auto entry =
            inspectInside(m_root, host, display, QStringLiteral("Failed to read file"), true, kMaxPatchFileBytes);
        if (!entry) {
            return std::unexpected(entry.error());
        }
        s.exists = entry->kind != SafeEntry::Kind::Missing;
        s.isDir = entry->kind == SafeEntry::Kind::Directory;
        if (entry->kind == SafeEntry::Kind::File) {
            s.bytes = std::move(entry->bytes);
            s.permissions = entry->permissions;
            m_original.insert(host, s.bytes);
        }
        // Kind::Symlink: only a link inside the root that is being deleted gets here (resolveInside
        // follows every other link); its bytes are not read.
        return s;
    }

    // Refuses a write whose parent chain holds a file (on disk or created earlier in this patch).
    Result<void> checkParents(const QString &host, const QString &display) const
    {
        QString dir = QFileInfo(host).path();
        while (isInside(dir, m_root) && dir != m_root) {
            const auto it = m_overlay.constFind(dir);
            const bool fileInPatch = it != m_overlay.cend() && it->has_value();
            const QFileInfo info(dir);
            if (fileInPatch || (info.exists() && !info.isDir())) {
                return fail(ErrorCode::InvalidInput,
                            QStringLiteral("Failed to write file %1: %2 is a file, not a directory")
                                .arg(display, QDir(m_root).relativeFilePath(dir)));
            }
            dir = QFileInfo(dir).path();
        }
        return {};
    }

    void set(const QString &host, std::optional<QByteArray> content, QFile::Permissions permissions)
    {
        if (!m_overlay.contains(host)) {
            m_order.append(host);
        }
        m_overlay.insert(host, std::move(content));
        m_permissions.insert(host, permissions);
    }

    Result<void> commit() const;

private:
    QString m_root;
    QHash<QString, std::optional<QByteArray>> m_overlay;
    QHash<QString, QFile::Permissions> m_permissions;
    QHash<QString, QByteArray> m_original; // disk content of every file read
    QStringList m_order;
};

} // namespace Sandcastle::Core::Internal
