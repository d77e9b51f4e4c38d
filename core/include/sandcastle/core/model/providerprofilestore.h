// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/model/providerprofile.h"
#include "sandcastle/core/result.h"

#include <QList>
#include <QString>

#include <optional>

namespace Sandcastle::Core {

/// The provider profiles of one user, kept in a small versioned JSON file (default
/// `<app config>/providers.json`, docs/FORMATS.md "Provider profiles"): the list, in the order
/// they were added, and the last used one, which is the default. API keys are never in it.
///
/// A plain object with synchronous file I/O (the file is a few hundred bytes); use it on one
/// thread. Edits (setProfile(), removeProfile(), setLastUsed()) change memory only; save() writes
/// the file atomically. A file that cannot be read or parsed makes load() fail with a precise
/// error (file, JSON pointer, what was expected) and the store refuses to save() over it, so a
/// hand-edited file with a typo is never lost. Two processes saving at once: the last one wins.
class ProviderProfileStore
{
public:
    /// `path` empty = defaultPath().
    explicit ProviderProfileStore(QString path = {});

    /// `<QStandardPaths::AppConfigLocation>/providers.json`.
    [[nodiscard]] static QString defaultPath();
    [[nodiscard]] QString path() const { return m_path; }

    /// Reads the file; a missing file is an empty store. On error the store stays empty and
    /// read-only (save() fails with the same error).
    [[nodiscard]] Result<void> load();
    /// Writes the file (creating its folder); fails without touching it after a failed load().
    [[nodiscard]] Result<void> save() const;

    [[nodiscard]] const QList<ProviderProfile> &profiles() const { return m_profiles; }
    [[nodiscard]] std::optional<ProviderProfile> profile(const QString &name) const;
    /// Adds `profile`, or replaces the one with its name (keeping its place); InvalidInput when
    /// it does not validate().
    [[nodiscard]] Result<void> setProfile(const ProviderProfile &profile);
    /// Removes the profile `name`; false when there is none. Removing the last used one clears it.
    bool removeProfile(const QString &name);

    /// The profile used last (set when a run selects one); empty when none.
    [[nodiscard]] QString lastUsed() const { return m_lastUsed; }
    /// InvalidInput when there is no profile `name`; an empty name clears it.
    [[nodiscard]] Result<void> setLastUsed(const QString &name);
    /// The last used profile, else std::nullopt.
    [[nodiscard]] std::optional<ProviderProfile> defaultProfile() const;

private:
    QString m_path;
    QList<ProviderProfile> m_profiles;
    QString m_lastUsed;
    std::optional<Error> m_loadError;
};

} // namespace Sandcastle::Core
