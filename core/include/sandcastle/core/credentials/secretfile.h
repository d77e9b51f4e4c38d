// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QByteArray>
#include <QString>

namespace Sandcastle::Core {

/// A secret too large for the keychain, encrypted with AES-256-GCM (OpenSSL) into a file whose
/// key is kept elsewhere (KeychainCredentialStore keeps it in the keychain). The file format
/// (docs/FORMATS.md "Large secret files"): the 8 bytes `SCSECRET`, a format version byte (1), a
/// cipher byte (1 = AES-256-GCM), two zero bytes, a 12-byte random nonce, the ciphertext and the
/// 16-byte GCM tag. The first 24 bytes and `associatedData` (which binds a file to its item) are
/// authenticated, so a modified, truncated or swapped file fails to open.
///
/// Stateless functions; safe on any thread (KeychainCredentialStore runs them on the thread pool).
/// Errors name the file: InvalidInput for a damaged or foreign file, a wrong key or tag mismatch;
/// NotFound for a missing file; Io for file system failures.
class SecretFile
{
public:
    static constexpr qsizetype keySize() { return 32; }
    static constexpr qsizetype headerSize() { return 24; }
    static constexpr qsizetype tagSize() { return 16; }

    /// Encrypts `plaintext` with a fresh random key and writes it to `path` atomically (mode 0600;
    /// the parent directory is created with mode 0700). Returns the key.
    [[nodiscard]] static Result<QByteArray> write(const QString &path, const QByteArray &plaintext,
                                                  const QByteArray &associatedData);
    /// Reads and decrypts `path` with `key`.
    [[nodiscard]] static Result<QByteArray> read(const QString &path, const QByteArray &key,
                                                 const QByteArray &associatedData);

    /// The file's bytes for `plaintext` under `key` (keySize() bytes) with a fresh random nonce.
    [[nodiscard]] static Result<QByteArray> seal(const QByteArray &plaintext, const QByteArray &key,
                                                 const QByteArray &associatedData);
    /// The plaintext of file bytes `sealed`; `name` (the file path) appears in every error.
    [[nodiscard]] static Result<QByteArray> open(const QByteArray &sealed, const QByteArray &key,
                                                 const QByteArray &associatedData, const QString &name);
};

} // namespace Sandcastle::Core
