// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/credentials/credentialstore.h"

#include "keychain_p.h"

#include <algorithm>

namespace Sandcastle::Core {

using Internal::ready;

Result<void> CredentialStore::checkName(const QString &key)
{
    if (key.isEmpty()) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("a credential needs a name"));
    }
    if (key.startsWith(QLatin1Char('.'))) {
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("the credential name '%1' starts with '.', which is reserved for the store").arg(key), key);
    }
    return {};
}

QFuture<Result<QString>> MemoryCredentialStore::read(const QString &key)
{
    if (const Result<void> ok = checkName(key); !ok) {
        return ready<QString>(std::unexpected(ok.error()));
    }
    const auto it = m_secrets.constFind(key);
    if (it == m_secrets.cend()) {
        return ready<QString>(fail(ErrorCode::NotFound, QStringLiteral("no keychain item named '%1'").arg(key), key));
    }
    return ready<QString>(*it);
}

QFuture<Result<void>> MemoryCredentialStore::write(const QString &key, const QString &secret)
{
    if (const Result<void> ok = checkName(key); !ok) {
        return ready<void>(ok);
    }
    m_secrets.insert(key, secret);
    return ready<void>({});
}

QFuture<Result<void>> MemoryCredentialStore::remove(const QString &key)
{
    if (const Result<void> ok = checkName(key); !ok) {
        return ready<void>(ok);
    }
    m_secrets.remove(key);
    return ready<void>({});
}

QFuture<Result<QStringList>> MemoryCredentialStore::list()
{
    QStringList names = m_secrets.keys();
    std::ranges::sort(names);
    return ready<QStringList>(names);
}

} // namespace Sandcastle::Core
