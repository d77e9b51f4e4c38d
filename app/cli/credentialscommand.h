// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QStringList>

namespace Sandcastle::App::Cli {

/// The keychain item `run` and `resume` read the provider API key from when OPENAI_API_KEY is unset.
inline constexpr auto kApiKeyItem = "openai_api_key";

/// `sandcastle credentials set NAME` (the value comes from stdin, never argv) and
/// `sandcastle credentials delete NAME` on the OS keychain (service "sandcastle", docs/CLI.md).
/// `args` excludes the subcommand name.
int credentialsCommand(const QStringList &args);

/// Reads keychain item `name` (service "sandcastle"), waiting on a local event loop for at most
/// `timeoutMs`: without a Secret Service, QtKeychain may never answer. Timeout on expiry,
/// NotFound when there is no such item.
[[nodiscard]] Core::Result<QString> readCredential(const QString &name, int timeoutMs);

} // namespace Sandcastle::App::Cli
