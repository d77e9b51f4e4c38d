// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QFuture>
#include <QHash>
#include <QObject>

namespace Sandcastle::Core {

/// Where secrets (API keys, manifest `{"secret": ...}` environment values) live.
/// Every call is asynchronous and finishes exactly once with a Result; lives on the thread that
/// created it. Implementations never log secret values.
class CredentialStore : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    /// Reads the secret stored under `key`; NotFound when there is none.
    [[nodiscard]] virtual QFuture<Result<QString>> read(const QString &key) = 0;
    /// Stores `secret` under `key`, replacing any earlier value.
    [[nodiscard]] virtual QFuture<Result<void>> write(const QString &key, const QString &secret) = 0;
    /// Removes `key`; removing a key that does not exist succeeds.
    [[nodiscard]] virtual QFuture<Result<void>> remove(const QString &key) = 0;
};

/// The OS keychain through QtKeychain (Secret Service on Linux, e.g. gnome-keyring).
/// Items are stored under the service name given at construction ("sandcastle" by default).
class KeychainCredentialStore final : public CredentialStore
{
    Q_OBJECT
public:
    explicit KeychainCredentialStore(QString service = QStringLiteral("sandcastle"), QObject *parent = nullptr);

    [[nodiscard]] QFuture<Result<QString>> read(const QString &key) override;
    [[nodiscard]] QFuture<Result<void>> write(const QString &key, const QString &secret) override;
    [[nodiscard]] QFuture<Result<void>> remove(const QString &key) override;

    [[nodiscard]] QString service() const { return m_service; }

private:
    QString m_service;
};

/// An in-process store: for headless runs that were given secrets on the command line, and tests.
class MemoryCredentialStore final : public CredentialStore
{
    Q_OBJECT
public:
    using CredentialStore::CredentialStore;

    [[nodiscard]] QFuture<Result<QString>> read(const QString &key) override;
    [[nodiscard]] QFuture<Result<void>> write(const QString &key, const QString &secret) override;
    [[nodiscard]] QFuture<Result<void>> remove(const QString &key) override;

private:
    QHash<QString, QString> m_secrets;
};

} // namespace Sandcastle::Core
