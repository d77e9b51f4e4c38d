// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Who owns a Docker workspace when Sandcastle runs as root (SECURITY.md "Docker"). Containers then
// run commands as an unprivileged uid:gid instead of 0, so the workspace Sandcastle creates is given
// to that user, and Sandcastle's own later writes into it (apply_patch, review writes, the session's
// writeFile/makeDir) inherit the owner of the folder they land in. A non-root Sandcastle is
// unaffected: every function here is a no-op unless the effective uid is 0.

#include "sandcastle/core/result.h"

#include <QString>

namespace Sandcastle::Core {

struct SandboxOwner
{
    unsigned uid = 0;
    unsigned gid = 0;
};

/// The uid:gid Docker commands run as on a root host when the workspace root is owned by root:
/// 65532, the "nonroot" user of distroless images, which no login account normally has.
inline constexpr SandboxOwner kRootHostSandboxOwner{65532, 65532};

/// True when Sandcastle runs with effective uid 0.
[[nodiscard]] bool runningAsRoot();

/// The owner of `path` (not following a final link), or an error naming the path.
[[nodiscard]] Result<SandboxOwner> ownerOf(const QString &path);

/// Gives `root` and everything below it (links themselves, never their targets; other file systems
/// are not entered) to `owner`. Only for trees Sandcastle created itself; a no-op unless running
/// as root.
[[nodiscard]] Result<void> giveTreeTo(const QString &root, SandboxOwner owner);

namespace Internal {

/// On a root host: gives the entry `name` of the open directory `dirFd` to that directory's owner
/// when the directory is not owned by root. A no-op otherwise. Returns false (errno set) on failure.
bool inheritOwnerAt(int dirFd, const char *name);

/// On a root host: gives the open file `fd` to the owner of the open directory `dirFd` when that
/// directory is not owned by root. A no-op otherwise. Returns false (errno set) on failure.
bool inheritOwnerOfDir(int dirFd, int fd);

/// QDir::mkpath() whose new directories (and `path` itself) inherit their parent's owner as above.
bool makePathInheritingOwner(const QString &path);

/// On a root host: gives `path` (not following a final link) to its parent folder's owner when
/// that is not root.
bool inheritParentOwner(const QString &path);

} // namespace Internal

} // namespace Sandcastle::Core
