// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/version.h"

#include <archive.h>
#include <git2.h>

namespace Sandcastle::Core {

QString version()
{
    return QStringLiteral(SANDCASTLE_VERSION);
}

QString buildDescription()
{
    int major = 0;
    int minor = 0;
    int rev = 0;
    git_libgit2_version(&major, &minor, &rev);
    return QStringLiteral("sandcastle %1 (Qt %2, libgit2 %3.%4.%5, %6)")
        .arg(version(), QString::fromLatin1(qVersion()))
        .arg(major)
        .arg(minor)
        .arg(rev)
        .arg(QString::fromLatin1(archive_version_string()));
}

} // namespace Sandcastle::Core
