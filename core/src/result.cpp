// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/result.h"
#include "sandcastle/core/softassert.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcCore, "sandcastle.core")

namespace Sandcastle::Core {

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidInput:
        return QStringLiteral("invalid-input");
    case ErrorCode::NotFound:
        return QStringLiteral("not-found");
    case ErrorCode::PermissionDenied:
        return QStringLiteral("permission-denied");
    case ErrorCode::Unsupported:
        return QStringLiteral("unsupported");
    case ErrorCode::Io:
        return QStringLiteral("io");
    case ErrorCode::Network:
        return QStringLiteral("network");
    case ErrorCode::Provider:
        return QStringLiteral("provider");
    case ErrorCode::Sandbox:
        return QStringLiteral("sandbox");
    case ErrorCode::Timeout:
        return QStringLiteral("timeout");
    case ErrorCode::Cancelled:
        return QStringLiteral("cancelled");
    case ErrorCode::Internal:
        return QStringLiteral("internal");
    }
    return QStringLiteral("internal");
}

namespace Internal {
void softAssertFailed(const char *condition, const char *file, int line)
{
    qCCritical(lcCore, "soft assertion failed: %s at %s:%d", condition, file, line);
}
} // namespace Internal

} // namespace Sandcastle::Core
