// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Link-safe file access for the workspace file tools (apply_patch, view_image): every directory
// from the workspace root down is opened with openat(O_NOFOLLOW | O_DIRECTORY), so a symlink swapped
// in after PatchApplier::resolveInside() checked the path is refused instead of followed, and the
// file itself is opened with O_NOFOLLOW | O_NONBLOCK and checked with fstat() (a regular file, one
// link, within the size limit) before a byte is read. SECURITY.md lists the guarantees.

#include "sandcastle/core/result.h"

#include <QByteArray>
#include <QFile>
#include <QString>

namespace Sandcastle::Core::Internal {

/// Files larger than this are refused by apply_patch (it holds whole files in memory).
inline constexpr qint64 kMaxPatchFileBytes = qint64(64) << 20;

/// An open file descriptor, closed on destruction.
class Fd
{
public:
    explicit Fd(int fd = -1)
        : m_fd(fd)
    {}
    ~Fd();
    Fd(Fd &&other) noexcept
        : m_fd(std::exchange(other.m_fd, -1))
    {}
    Fd &operator=(Fd &&other) noexcept;
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
    [[nodiscard]] int get() const { return m_fd; }
    [[nodiscard]] bool valid() const { return m_fd >= 0; }

private:
    int m_fd;
};

struct SafeEntry
{
    enum class Kind { Missing, File, Directory, Symlink };
    Kind kind = Kind::Missing;
    QByteArray bytes;               ///< Kind::File, when read
    QFile::Permissions permissions; ///< Kind::File
    qint64 size = 0;                ///< Kind::File
};

/// Opens the directory `dir` (absolute, equal to or inside `root`, no symlink in the part below
/// `root`) without following links. With `create`, missing directories are made (mode 0755) and
/// appended to `*created` (outermost first). `display` names the path in errors.
[[nodiscard]] Result<Fd> openDirInside(const QString &root, const QString &dir, const QString &display,
                                       bool create = false, QStringList *created = nullptr);

/// Looks at `host` (inside `root`, as PatchApplier::resolveInside() returned it) without following
/// a link: Missing, Directory, Symlink (the entry itself is a link), or File. For a File the
/// content is read when `read` is set: refused with a precise error when the file is not regular
/// (FIFO, socket, device), has more than one hard link, or holds more than `maxBytes`.
/// `what` starts the error messages ("Failed to read file to update").
[[nodiscard]] Result<SafeEntry> inspectInside(const QString &root, const QString &host, const QString &display,
                                              const QString &what, bool read, qint64 maxBytes);

/// Writes `content` to `name` in the open directory `dirFd` through a temp file and renameat():
/// the directory entry is replaced, never written through (a hard link elsewhere keeps its bytes).
/// Returns the temp name so that a caller can roll back; the rename happens in commitWrite().
[[nodiscard]] Result<QByteArray> stageWrite(int dirFd, const QByteArray &content, QFile::Permissions permissions,
                                            const QString &display);
[[nodiscard]] Result<void> commitWrite(int dirFd, const QByteArray &tempName, const QByteArray &name,
                                       const QString &display);

} // namespace Sandcastle::Core::Internal
