// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/credentials/secretredactor.h"

#include <algorithm>

namespace Sandcastle::Core {

bool SecretRedactor::addSecret(const QString &name, const QString &value)
{
    if (value.size() < minimumLength()) {
        return false;
    }
    Secret secret{name, value, value.toUtf8()};
    // Longest first, so a secret that contains another is replaced as a whole.
    const auto at = std::ranges::find_if(m_secrets, [&](const Secret &s) { return s.value.size() < value.size(); });
    m_secrets.insert(at, std::move(secret));
    return true;
}

QString SecretRedactor::redact(QString text) const
{
    for (const Secret &s : m_secrets) {
        if (text.contains(s.value)) {
            text.replace(s.value, QStringLiteral("[REDACTED:%1]").arg(s.name));
        }
    }
    return text;
}

QByteArray SecretRedactor::redact(QByteArray data) const
{
    for (const Secret &s : m_secrets) {
        if (data.contains(s.utf8)) {
            const QByteArray marker = "[REDACTED:" + s.name.toUtf8() + ']';
            data.replace(s.utf8, marker);
        }
    }
    return data;
}

qsizetype SecretRedactor::heldPrefixLength(const QByteArray &data) const
{
    qsizetype held = 0;
    for (const Secret &s : m_secrets) {
        for (qsizetype k = std::min(s.utf8.size() - 1, data.size()); k > held; --k) {
            if (data.endsWith(QByteArrayView(s.utf8).first(k))) {
                held = k;
                break;
            }
        }
    }
    return held;
}

} // namespace Sandcastle::Core
