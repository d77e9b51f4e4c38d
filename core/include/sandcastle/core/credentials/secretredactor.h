// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <utility>

namespace Sandcastle::Core {

/// Replaces known secret values in text with `[REDACTED:<name>]`, so secrets that a command
/// prints never reach the model, the journal or the logs. A plain value type (cheap to copy into
/// a lambda); not thread-safe for concurrent addSecret(), redact() is const.
///
/// Values shorter than minimumLength() are ignored: redacting "1" or "true" everywhere would
/// garble output and hide nothing. When one secret contains another, the longer one wins.
/// A value split across two separate texts (two polls of a running command) is found only when
/// the caller holds back heldPrefixLength() bytes of the first text until the next one arrives
/// (ShellCapability does this per process).
class SecretRedactor
{
public:
    static constexpr qsizetype minimumLength() { return 6; }

    /// Registers `value` under `name` (the label shown in the marker). Returns false (and keeps
    /// nothing) when the value is shorter than minimumLength().
    bool addSecret(const QString &name, const QString &value);
    [[nodiscard]] bool isEmpty() const { return m_secrets.isEmpty(); }
    [[nodiscard]] qsizetype size() const { return m_secrets.size(); }

    /// `text` with every occurrence of every registered value replaced by `[REDACTED:<name>]`.
    [[nodiscard]] QString redact(QString text) const;
    /// The same on UTF-8 bytes (values are matched in their UTF-8 form).
    [[nodiscard]] QByteArray redact(QByteArray data) const;
    /// The length of the longest end of `data` that is the start (not the whole) of a registered
    /// value: the bytes a stream must hold back because the next chunk may complete a secret.
    [[nodiscard]] qsizetype heldPrefixLength(const QByteArray &data) const;

private:
    struct Secret
    {
        QString name;
        QString value;
        QByteArray utf8;
    };
    QList<Secret> m_secrets; ///< longest value first
};

} // namespace Sandcastle::Core
