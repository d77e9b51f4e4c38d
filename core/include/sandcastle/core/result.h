// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <expected>

namespace Sandcastle::Core {

/// What went wrong, coarse enough for callers to branch on. The CLI maps these to exit codes.
enum class ErrorCode {
    InvalidInput,     ///< bad manifest, patch, state file, argument: the caller's input
    NotFound,         ///< a file, item, container or credential that does not exist
    PermissionDenied, ///< path escapes, confinement, keychain refusal
    Unsupported,      ///< valid but not implemented by this client yet
    Io,               ///< local file system or process failure
    Network,          ///< connection-level failure talking to a server
    Provider,         ///< the model provider answered with an error
    Sandbox,          ///< the sandbox (bwrap, dockerd, container) failed
    Timeout,
    Cancelled,
    Internal, ///< a bug in Sandcastle: logged with context
};

/// An error value. `message` is one precise technical sentence (the ui translates by code);
/// `detail` carries context such as a JSON pointer, a file path or a server reply.
struct Error
{
    ErrorCode code = ErrorCode::Internal;
    QString message;
    QString detail;

    [[nodiscard]] QString toString() const
    {
        return detail.isEmpty() ? message : message + QStringLiteral(" (") + detail + QLatin1Char(')');
    }
    friend bool operator==(const Error &, const Error &) = default;
};

template<class T>
using Result = std::expected<T, Error>;

/// Shorthand for building the unexpected branch: `return fail(ErrorCode::Io, "...")`.
[[nodiscard]] inline std::unexpected<Error> fail(ErrorCode code, QString message, QString detail = {})
{
    return std::unexpected<Error>(Error{code, std::move(message), std::move(detail)});
}

[[nodiscard]] QString errorCodeName(ErrorCode code);

} // namespace Sandcastle::Core
