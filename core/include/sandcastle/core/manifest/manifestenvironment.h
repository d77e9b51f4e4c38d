// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/manifest/manifest.h"
#include "sandcastle/core/result.h"

#include <QFuture>
#include <QHash>
#include <QString>

namespace Sandcastle::Core {

class CredentialStore;

/// Resolves the manifest environment (spec 1.4) into name -> value: plain values as written,
/// `{"secret": "<item>"}` read from `store` (all reads are started at once). The future finishes
/// exactly once; on the first secret that cannot be read it holds that error (code of the store's
/// error, e.g. NotFound) naming the variable and the item, never a secret value.
/// Call on the thread `store` lives on; `store` must outlive the returned future.
/// For persisting, use Manifest::persistableEnvironment() / Manifest::toJson(false) instead.
[[nodiscard]] QFuture<Result<QHash<QString, QString>>> resolveEnvironment(const Manifest &manifest,
                                                                          CredentialStore &store);

} // namespace Sandcastle::Core
