// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/credentials/secretfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>

namespace Sandcastle::Core {

namespace {

constexpr char kMagic[] = "SCSECRET";
constexpr qsizetype kMagicSize = 8;
constexpr char kFormatVersion = 1;
constexpr char kCipherAes256Gcm = 1;
constexpr qsizetype kNonceSize = 12;

struct CipherContextDeleter
{
    void operator()(EVP_CIPHER_CTX *ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextDeleter>;

const unsigned char *bytes(const QByteArray &data)
{
    return reinterpret_cast<const unsigned char *>(data.constData());
}

unsigned char *bytes(QByteArray &data)
{
    return reinterpret_cast<unsigned char *>(data.data());
}

Error cryptoError(const QString &what, const QString &name = {})
{
    return Error{ErrorCode::Internal, QStringLiteral("OpenSSL failed to %1").arg(what), name};
}

} // namespace

Result<QByteArray> SecretFile::seal(const QByteArray &plaintext, const QByteArray &key,
                                    const QByteArray &associatedData)
{
    if (key.size() != keySize()) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("a secret file key has %1 bytes, not %2").arg(keySize()).arg(key.size()));
    }
    QByteArray header(kMagic, kMagicSize);
    header.append(kFormatVersion);
    header.append(kCipherAes256Gcm);
    header.append(2, '\0');
    QByteArray nonce(kNonceSize, Qt::Uninitialized);
    if (RAND_bytes(bytes(nonce), int(nonce.size())) != 1) {
        return std::unexpected(cryptoError(QStringLiteral("generate a nonce")));
    }
    header.append(nonce);
    const QByteArray aad = header + associatedData;

    CipherContext ctx(EVP_CIPHER_CTX_new());
    int length = 0;
    QByteArray out = header;
    out.resize(headerSize() + plaintext.size() + tagSize());
    unsigned char *cipher = bytes(out) + headerSize();
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, int(kNonceSize), nullptr) != 1 ||
        EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key), bytes(nonce)) != 1 ||
        EVP_EncryptUpdate(ctx.get(), nullptr, &length, bytes(aad), int(aad.size())) != 1) {
        return std::unexpected(cryptoError(QStringLiteral("start AES-256-GCM encryption")));
    }
    int written = 0;
    if (!plaintext.isEmpty() &&
        EVP_EncryptUpdate(ctx.get(), cipher, &written, bytes(plaintext), int(plaintext.size())) != 1) {
        return std::unexpected(cryptoError(QStringLiteral("encrypt")));
    }
    if (EVP_EncryptFinal_ex(ctx.get(), cipher + written, &length) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, int(tagSize()), cipher + plaintext.size()) != 1) {
        return std::unexpected(cryptoError(QStringLiteral("finish AES-256-GCM encryption")));
    }
    return out;
}

Result<QByteArray> SecretFile::open(const QByteArray &sealed, const QByteArray &key, const QByteArray &associatedData,
                                    const QString &name)
{
    const auto bad = [&](const QString &message) -> Result<QByteArray> {
        return std::unexpected(Error{ErrorCode::InvalidInput, QStringLiteral("%1: %2").arg(name, message), name});
    };
    if (sealed.size() < kMagicSize || !sealed.startsWith(QByteArrayView(kMagic, kMagicSize))) {
        return bad(QStringLiteral("not a Sandcastle secret file (it does not start with SCSECRET)"));
    }
    if (sealed.size() < headerSize() + tagSize()) {
        return bad(QStringLiteral("truncated: %1 bytes, a secret file has at least %2")
                       .arg(sealed.size())
                       .arg(headerSize() + tagSize()));
    }
    if (sealed.at(kMagicSize) != kFormatVersion) {
        return bad(QStringLiteral("format version %1; this Sandcastle reads version %2")
                       .arg(int(sealed.at(kMagicSize)))
                       .arg(int(kFormatVersion)));
    }
    if (sealed.at(kMagicSize + 1) != kCipherAes256Gcm) {
        return bad(QStringLiteral("unknown cipher %1 (expected 1, AES-256-GCM)").arg(int(sealed.at(kMagicSize + 1))));
    }
    if (key.size() != keySize()) {
        return bad(QStringLiteral("the key from the keychain has %1 bytes, not %2").arg(key.size()).arg(keySize()));
    }
    const QByteArray header = sealed.first(headerSize());
    const QByteArray nonce = header.sliced(headerSize() - kNonceSize);
    const QByteArray aad = header + associatedData;
    const qsizetype cipherSize = sealed.size() - headerSize() - tagSize();
    QByteArray tag = sealed.last(tagSize());

    CipherContext ctx(EVP_CIPHER_CTX_new());
    int length = 0;
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, int(kNonceSize), nullptr) != 1 ||
        EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key), bytes(nonce)) != 1 ||
        EVP_DecryptUpdate(ctx.get(), nullptr, &length, bytes(aad), int(aad.size())) != 1) {
        return std::unexpected(cryptoError(QStringLiteral("start AES-256-GCM decryption"), name));
    }
    QByteArray plain(cipherSize, Qt::Uninitialized);
    int written = 0;
    if (cipherSize > 0 &&
        EVP_DecryptUpdate(ctx.get(), bytes(plain), &written, bytes(sealed) + headerSize(), int(cipherSize)) != 1) {
        return std::unexpected(cryptoError(QStringLiteral("decrypt"), name));
    }
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, int(tagSize()), bytes(tag)) != 1 ||
        EVP_DecryptFinal_ex(ctx.get(), bytes(plain) + written, &length) != 1) {
        OPENSSL_cleanse(plain.data(), size_t(plain.size()));
        return bad(QStringLiteral("authentication failed: the file was modified or truncated, or it belongs to "
                                  "another credential or key"));
    }
    return plain;
}

Result<QByteArray> SecretFile::write(const QString &path, const QByteArray &plaintext, const QByteArray &associatedData)
{
    QByteArray key(keySize(), Qt::Uninitialized);
    if (RAND_bytes(bytes(key), int(key.size())) != 1) {
        return std::unexpected(cryptoError(QStringLiteral("generate a key"), path));
    }
    const Result<QByteArray> sealed = seal(plaintext, key, associatedData);
    if (!sealed) {
        return std::unexpected(sealed.error());
    }
    const QString dir = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(dir)) {
        return fail(ErrorCode::Io, QStringLiteral("cannot create the directory %1 for secret files").arg(dir), dir);
    }
    QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return fail(ErrorCode::Io, QStringLiteral("cannot write the secret file %1: %2").arg(path, file.errorString()),
                    path);
    }
    // Before any byte is written: the temporary file is never readable by others.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (file.write(*sealed) != sealed->size() || !file.commit()) {
        return fail(ErrorCode::Io, QStringLiteral("cannot write the secret file %1: %2").arg(path, file.errorString()),
                    path);
    }
    return key;
}

Result<QByteArray> SecretFile::read(const QString &path, const QByteArray &key, const QByteArray &associatedData)
{
    QFile file(path);
    if (!file.exists()) {
        return fail(ErrorCode::NotFound, QStringLiteral("%1: the secret file is missing").arg(path), path);
    }
    if (!file.open(QIODevice::ReadOnly)) {
        return fail(ErrorCode::Io, QStringLiteral("cannot read the secret file %1: %2").arg(path, file.errorString()),
                    path);
    }
    return open(file.readAll(), key, associatedData, path);
}

} // namespace Sandcastle::Core
