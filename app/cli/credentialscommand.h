// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QStringList>

namespace Sandcastle::App::Cli {

/// `sandcastle credentials set NAME` (the value comes from stdin, never argv), `delete NAME`,
/// `list` (names only) and `status` (is a keychain service available) on the OS keychain
/// (service "sandcastle", docs/CLI.md).
/// `args` excludes the subcommand name.
int credentialsCommand(const QStringList &args);

/// Reads keychain item `name` (service "sandcastle"), waiting on a local event loop for at most
/// `timeoutMs`: without a Secret Service, QtKeychain may never answer. Timeout on expiry,
/// NotFound when there is no such item.
[[nodiscard]] Core::Result<QString> readCredential(const QString &name, int timeoutMs);

} // namespace Sandcastle::App::Cli
