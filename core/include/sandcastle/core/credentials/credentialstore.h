// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QFuture>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPromise>
#include <QStringList>

#include <memory>

namespace Sandcastle::Core {

/// Where secrets (API keys, manifest `{"secret": ...}` environment values) live.
/// Every call is asynchronous and finishes exactly once with a Result; lives on the thread that
/// created it. Implementations never log secret values.
///
/// Names are non-empty and do not start with '.' (reserved for the store's own items); a bad name
/// fails with InvalidInput. The desktop app uses a KeychainCredentialStore when probe() succeeds,
/// and otherwise (after the user explicitly chose a session-only key) a MemoryCredentialStore for
/// the rest of the session: the same interface, passed to AgentRun.
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
    /// The names of the stored secrets, sorted; never their values.
    [[nodiscard]] virtual QFuture<Result<QStringList>> list() = 0;

    /// InvalidInput naming `key` when it is not a valid item name (empty, or starting with '.').
    [[nodiscard]] static Result<void> checkName(const QString &key);
};

/// The OS keychain through QtKeychain (Secret Service on Linux, e.g. gnome-keyring; Keychain on
/// macOS; Credential Manager on Windows). Items are stored under the service name given at
/// construction ("sandcastle" by default).
///
/// Listing: the keychain cannot enumerate, so the store keeps the names it wrote in one more item
/// of the same service, `.index` (`{"version":1,"names":[...]}`), updated after every write() and
/// remove() (updates of one store are serialized; two processes writing at the same moment may
/// lose a name from the index, never a secret). Items written by other programs, or by Sandcastle
/// before it kept the index, are not listed; callers that know a name (a profile's credential, a
/// manifest secret) can still read() it, and the next write() of it adds it to the index.
///
/// Large secrets: a value whose UTF-8 form is longer than inlineLimit() bytes (the portable
/// threshold; Windows Credential Manager caps at 2560) is encrypted with AES-256-GCM into a
/// SecretFile in largeSecretDirectory(), and only its random 256-bit key is stored in the keychain
/// item (as `sandcastle-file-secret:v1:<file name>:<base64 key>`; values that themselves start with
/// `sandcastle-file-secret:v1:` are always stored as files, so the form is unambiguous). read() and
/// remove() handle both forms transparently; replacing a secret removes its old file only once the
/// keychain holds the new key. No value is ever written to disk in plaintext, also not as a
/// fallback.
///
/// Failures: NotFound (no such item), PermissionDenied (the keyring refused or is locked),
/// Unsupported (no keychain service: no D-Bus session bus, no Secret Service), Io (other keychain
/// errors), InvalidInput (a damaged secret file or index, naming the file or item). Operations
/// have no timeout of their own (a locked keyring may wait for the user); probe() does.
class KeychainCredentialStore final : public CredentialStore
{
    Q_OBJECT
public:
    explicit KeychainCredentialStore(QString service = QStringLiteral("sandcastle"), QObject *parent = nullptr);

    [[nodiscard]] QFuture<Result<QString>> read(const QString &key) override;
    [[nodiscard]] QFuture<Result<void>> write(const QString &key, const QString &secret) override;
    [[nodiscard]] QFuture<Result<void>> remove(const QString &key) override;
    [[nodiscard]] QFuture<Result<QStringList>> list() override;

    /// Whether a keychain service answers, within `timeoutMs`: succeeds when it does; otherwise
    /// a precise reason for a status line, e.g. Unsupported "no D-Bus session bus:
    /// DBUS_SESSION_BUS_ADDRESS is not set ..." or "no Secret Service (org.freedesktop.secrets) on
    /// the D-Bus session bus ...", PermissionDenied for a refusing keyring, Timeout when nothing
    /// answered in time (e.g. a locked keyring waiting for its password prompt). To be sure a key
    /// can be stored (a Secret Service without a usable default keyring answers reads), it writes
    /// and removes the reserved item `.probe`; it never touches a secret.
    [[nodiscard]] QFuture<Result<void>> probe(int timeoutMs = 3000);

    [[nodiscard]] QString service() const { return m_service; }

    /// Values longer than this many UTF-8 bytes are stored as encrypted files.
    static constexpr qsizetype inlineLimit() { return 2048; }
    /// Where the encrypted files of large secrets go: by default `<app data>/secrets`
    /// (QStandardPaths::AppDataLocation, evaluated at use).
    [[nodiscard]] QString largeSecretDirectory() const;
    void setLargeSecretDirectory(const QString &dir) { m_largeSecretDir = dir; }
    /// The encrypted files of the large secret `key` (normally one):
    /// `<largeSecretDirectory()>/<first 32 hex digits of sha256(service + '\n' + key)>-<16 random hex>.secret`.
    [[nodiscard]] QStringList largeSecretFiles(const QString &key) const;

private:
    [[nodiscard]] QFuture<Result<QString>> readItem(const QString &key);
    [[nodiscard]] QFuture<Result<void>> writeItem(const QString &key, const QString &value);
    [[nodiscard]] QFuture<Result<void>> removeItem(const QString &key);
    [[nodiscard]] QFuture<Result<void>> updateIndex(const QString &key, bool present);
    [[nodiscard]] QFuture<Result<void>> writeLarge(const QString &key, const QString &secret);
    [[nodiscard]] QString filePrefix(const QString &key) const;
    /// Removes the encrypted files of `key` except `keep`.
    [[nodiscard]] Result<void> removeFiles(const QString &key, const QString &keep) const;
    [[nodiscard]] static Result<QStringList> parseIndex(const QString &raw);

    struct IndexUpdate
    {
        QString key;
        bool present = false;
        QPromise<Result<void>> promise;
    };
    void nextIndexUpdate();

    QString m_service;
    QString m_largeSecretDir;
    QList<std::shared_ptr<IndexUpdate>> m_indexQueue; ///< the first one is running
};

/// An in-process store: for headless runs that were given secrets on the command line, the
/// desktop app's session-only keys when no keychain is available, and tests. Nothing leaves the
/// process; everything is gone when it is destroyed.
class MemoryCredentialStore final : public CredentialStore
{
    Q_OBJECT
public:
    using CredentialStore::CredentialStore;

    [[nodiscard]] QFuture<Result<QString>> read(const QString &key) override;
    [[nodiscard]] QFuture<Result<void>> write(const QString &key, const QString &secret) override;
    [[nodiscard]] QFuture<Result<void>> remove(const QString &key) override;
    [[nodiscard]] QFuture<Result<QStringList>> list() override;

private:
    QHash<QString, QString> m_secrets;
};

} // namespace Sandcastle::Core
