// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QFuture>

#include <optional>

namespace Sandcastle::Core::Internal {

/// The keychain item that lists the names KeychainCredentialStore wrote.
inline constexpr auto kIndexKey = ".index";

template<class T>
QFuture<Result<T>> ready(Result<T> value)
{
    return QtFuture::makeReadyValueFuture(std::move(value));
}

/// Why there is certainly no D-Bus session bus to reach (Linux and other freedesktop systems),
/// or std::nullopt when there may be one. Cheap: looks at the environment and socket files only.
[[nodiscard]] std::optional<Error> sessionBusProblem();

/// What a QtKeychain error text means in words a user can act on (no Secret Service, no usable
/// default keyring), or an empty string when it is not one of those.
[[nodiscard]] QString explainKeychainFailure(const QString &errorString);

} // namespace Sandcastle::Core::Internal
