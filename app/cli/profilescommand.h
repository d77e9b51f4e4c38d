// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/model/providerprofile.h"
#include "sandcastle/core/result.h"

#include <QStringList>

#include <optional>

namespace Sandcastle::App::Cli {

/// `sandcastle profiles list [--json] | set NAME [options] | remove NAME`: the provider profiles
/// of Core::ProviderProfileStore (docs/CLI.md). `args` excludes the subcommand name.
int profilesCommand(const QStringList &args);

/// The profile `run` or `resume` uses: `name` when given (InvalidInput listing the known names
/// when there is no such profile; it becomes the last used one, a failure to record that is only
/// reported on stderr), else the default (last used) profile, else std::nullopt. A profiles file
/// that cannot be read is an error either way.
[[nodiscard]] Core::Result<std::optional<Core::ProviderProfile>> selectProfile(const QString &name,
                                                                               const QString &command);

} // namespace Sandcastle::App::Cli
