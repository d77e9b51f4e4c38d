// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/credentials/credentialstore.h"

#include "keychain_p.h"
#include "opensslthread.h"
#include "sandcastle/core/credentials/secretfile.h"

#include <qt6keychain/keychain.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QPromise>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QtConcurrentRun>

#include <algorithm>
#include <memory>

Q_LOGGING_CATEGORY(lcCredentials, "sandcastle.core.credentials")

namespace Sandcastle::Core {

namespace {

using Internal::kIndexKey;
using Internal::sessionBusProblem;

constexpr auto kFileMarker = "sandcastle-file-secret:v1:";

using Internal::ready;

QByteArray associatedData(const QString &service, const QString &key)
{
    return QByteArrayLiteral("sandcastle-secret\n") + service.toUtf8() + '\n' + key.toUtf8();
}

// Runs a QtKeychain job and completes the future from its finished signal. The job deletes
// itself (autoDelete) after emitting finished.
template<class T, class Job, class OnDone>
QFuture<T> runJob(Job *job, OnDone onDone)
{
    auto promise = std::make_shared<QPromise<T>>();
    promise->start();
    QObject::connect(job, &QKeychain::Job::finished, job, [promise, onDone](QKeychain::Job *finished) {
        promise->addResult(onDone(static_cast<Job &>(*finished)));
        promise->finish();
    });
    job->start();
    return promise->future();
}

Error keychainError(const QKeychain::Job &job, const QString &key)
{
    const ErrorCode code = [&] {
        switch (job.error()) {
        case QKeychain::EntryNotFound:
            return ErrorCode::NotFound;
        case QKeychain::AccessDenied:
        case QKeychain::AccessDeniedByUser:
            return ErrorCode::PermissionDenied;
        case QKeychain::NoBackendAvailable:
        case QKeychain::NotImplemented:
            return ErrorCode::Unsupported;
        default:
            return ErrorCode::Io;
        }
    }();
    if (code != ErrorCode::NotFound) {
        if (const std::optional<Error> bus = sessionBusProblem()) {
            return Error{ErrorCode::Unsupported, QStringLiteral("keychain item '%1': %2").arg(key, bus->message),
                         job.errorString()};
        }
    }
    if (const QString why = Internal::explainKeychainFailure(job.errorString()); !why.isEmpty()) {
        return Error{ErrorCode::Unsupported, QStringLiteral("keychain item '%1': %2").arg(key, why), job.errorString()};
    }
    const QString message = code == ErrorCode::NotFound
                                ? QStringLiteral("no keychain item named '%1'").arg(key)
                                : QStringLiteral("keychain error for item '%1': %2").arg(key, job.errorString());
    return Error{code, message, job.errorString()};
}

} // namespace

KeychainCredentialStore::KeychainCredentialStore(QString service, QObject *parent)
    : CredentialStore(parent)
    , m_service(std::move(service))
{}

QString KeychainCredentialStore::largeSecretDirectory() const
{
    if (!m_largeSecretDir.isEmpty()) {
        return m_largeSecretDir;
    }
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/secrets");
}

QStringList KeychainCredentialStore::largeSecretFiles(const QString &key) const
{
    const QDir dir(largeSecretDirectory());
    QStringList files;
    for (const QString &name : dir.entryList({filePrefix(key) + QStringLiteral("-*.secret")}, QDir::Files)) {
        files << dir.filePath(name);
    }
    return files;
}

QString KeychainCredentialStore::filePrefix(const QString &key) const
{
    const QByteArray id = m_service.toUtf8() + '\n' + key.toUtf8();
    return QString::fromLatin1(QCryptographicHash::hash(id, QCryptographicHash::Sha256).toHex().left(32));
}

QFuture<Result<QString>> KeychainCredentialStore::readItem(const QString &key)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(key);
    return runJob<Result<QString>>(job, [key](QKeychain::ReadPasswordJob &j) -> Result<QString> {
        if (j.error() != QKeychain::NoError) {
            return std::unexpected(keychainError(j, key));
        }
        return j.textData();
    });
}

QFuture<Result<void>> KeychainCredentialStore::writeItem(const QString &key, const QString &value)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setKey(key);
    job->setTextData(value);
    return runJob<Result<void>>(job, [key](QKeychain::WritePasswordJob &j) -> Result<void> {
        if (j.error() != QKeychain::NoError) {
            return std::unexpected(keychainError(j, key));
        }
        return {};
    });
}

QFuture<Result<void>> KeychainCredentialStore::removeItem(const QString &key)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setKey(key);
    return runJob<Result<void>>(job, [key](QKeychain::DeletePasswordJob &j) -> Result<void> {
        if (j.error() != QKeychain::NoError && j.error() != QKeychain::EntryNotFound) {
            return std::unexpected(keychainError(j, key));
        }
        return {};
    });
}

QFuture<Result<QString>> KeychainCredentialStore::read(const QString &key)
{
    if (const Result<void> ok = checkName(key); !ok) {
        return ready<QString>(std::unexpected(ok.error()));
    }
    const QString dir = largeSecretDirectory();
    const QString prefix = filePrefix(key);
    const QByteArray aad = associatedData(m_service, key);
    return readItem(key)
        .then(this,
              [key, dir, prefix, aad](const Result<QString> &value) -> QFuture<Result<QString>> {
                  if (!value || !value->startsWith(QLatin1String(kFileMarker))) {
                      return ready(value);
                  }
                  // sandcastle-file-secret:v1:<file name>:<base64 key>
                  const QStringList parts = value->mid(qsizetype(qstrlen(kFileMarker))).split(QLatin1Char(':'));
                  static const QRegularExpression fileName(QStringLiteral("^[0-9a-f]{32}-[0-9a-f]{16}\\.secret$"));
                  const auto decoded = parts.size() == 2
                                           ? QByteArray::fromBase64Encoding(parts.at(1).toLatin1(),
                                                                            QByteArray::AbortOnBase64DecodingErrors)
                                           : QByteArray::FromBase64Result{};
                  if (parts.size() != 2 || !fileName.match(parts.at(0)).hasMatch() || !parts.at(0).startsWith(prefix) ||
                      !decoded) {
                      return ready<QString>(
                          fail(ErrorCode::InvalidInput,
                               QStringLiteral("the keychain item '%1' holds a malformed reference to an encrypted file")
                                   .arg(key),
                               key));
                  }
                  const QString path = QDir(dir).filePath(parts.at(0));
                  return QtConcurrent::run([key, path, fileKey = *decoded, aad]() -> Result<QString> {
                      const Internal::OpenSslThreadRelease decrypting;
                      const Result<QByteArray> plain = SecretFile::read(path, fileKey, aad);
                      if (!plain) {
                          Error e = plain.error();
                          e.message = QStringLiteral("credential '%1' is stored encrypted in %2, which cannot be "
                                                     "read: %3")
                                          .arg(key, path, e.message);
                          return std::unexpected(e);
                      }
                      return QString::fromUtf8(*plain);
                  });
              })
        .unwrap();
}

QFuture<Result<void>> KeychainCredentialStore::write(const QString &key, const QString &secret)
{
    if (const Result<void> ok = checkName(key); !ok) {
        return ready<void>(ok);
    }
    const bool large = secret.toUtf8().size() > inlineLimit() || secret.startsWith(QLatin1String(kFileMarker));
    QFuture<Result<void>> stored =
        large ? writeLarge(key, secret)
              : writeItem(key, secret).then(this, [this, key](const Result<void> &written) -> Result<void> {
                    if (!written) {
                        return written;
                    }
                    return removeFiles(key, {});
                });
    return stored
        .then(this,
              [this, key](const Result<void> &written) -> QFuture<Result<void>> {
                  if (!written) {
                      return ready(written);
                  }
                  return updateIndex(key, true);
              })
        .unwrap();
}

QFuture<Result<void>> KeychainCredentialStore::writeLarge(const QString &key, const QString &secret)
{
    // A new file next to the old one; the old one goes only once the keychain holds the new key,
    // so a failure at any point leaves the previous secret readable.
    const QString name = filePrefix(key) + QLatin1Char('-') +
                         QString::number(QRandomGenerator::system()->generate64(), 16).rightJustified(16, u'0') +
                         QStringLiteral(".secret");
    const QString path = QDir(largeSecretDirectory()).filePath(name);
    return QtConcurrent::run([path, plain = secret.toUtf8(), aad = associatedData(m_service, key)] {
               const Internal::OpenSslThreadRelease encrypting;
               return SecretFile::write(path, plain, aad);
           })
        .then(this,
              [this, key, name, path](const Result<QByteArray> &fileKey) -> QFuture<Result<void>> {
                  if (!fileKey) {
                      return ready<void>(std::unexpected(fileKey.error()));
                  }
                  const QString reference =
                      QLatin1String(kFileMarker) + name + QLatin1Char(':') + QString::fromLatin1(fileKey->toBase64());
                  return writeItem(key, reference).then(this, [this, key, path](const Result<void> &written) {
                      if (!written) {
                          // Nothing stays on disk without its key, not even the directory it made.
                          QFile::remove(path);
                          QDir().rmdir(QFileInfo(path).absolutePath());
                          return written;
                      }
                      return removeFiles(key, path);
                  });
              })
        .unwrap();
}

Result<void> KeychainCredentialStore::removeFiles(const QString &key, const QString &keep) const
{
    for (const QString &file : largeSecretFiles(key)) {
        if (file != keep && !QFile::remove(file)) {
            return fail(ErrorCode::Io,
                        QStringLiteral("the keychain item '%1' was updated, but the old encrypted file %2 could not be "
                                       "removed")
                            .arg(key, file),
                        file);
        }
    }
    return {};
}

QFuture<Result<void>> KeychainCredentialStore::remove(const QString &key)
{
    if (const Result<void> ok = checkName(key); !ok) {
        return ready<void>(ok);
    }
    return removeItem(key)
        .then(this,
              [this, key](const Result<void> &removed) -> QFuture<Result<void>> {
                  if (!removed) {
                      return ready(removed);
                  }
                  if (const Result<void> files = removeFiles(key, {}); !files) {
                      return ready(files);
                  }
                  return updateIndex(key, false);
              })
        .unwrap();
}

QFuture<Result<QStringList>> KeychainCredentialStore::list()
{
    return readItem(QString::fromLatin1(kIndexKey)).then(this, [](const Result<QString> &raw) -> Result<QStringList> {
        if (!raw) {
            if (raw.error().code == ErrorCode::NotFound) {
                return QStringList{};
            }
            return std::unexpected(raw.error());
        }
        return parseIndex(*raw);
    });
}

Result<QStringList> KeychainCredentialStore::parseIndex(const QString &raw)
{
    const QJsonObject index = QJsonDocument::fromJson(raw.toUtf8()).object();
    if (index.value(QStringLiteral("version")).toInt() != 1 || !index.value(QStringLiteral("names")).isArray()) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("the keychain item '%1' (the list of stored names) is not "
                                   "{\"version\":1,\"names\":[...]}; the next write or delete rebuilds it")
                        .arg(QLatin1String(kIndexKey)));
    }
    QStringList names;
    for (const QJsonValue &v : index.value(QStringLiteral("names")).toArray()) {
        if (v.isString() && checkName(v.toString())) {
            names << v.toString();
        }
    }
    std::ranges::sort(names);
    names.removeDuplicates();
    return names;
}

QFuture<Result<void>> KeychainCredentialStore::updateIndex(const QString &key, bool present)
{
    // One update at a time, in order: each reads the index the previous one wrote. (A QFuture
    // takes one continuation only, so the queue holds promises rather than chained futures.)
    auto update = std::make_shared<IndexUpdate>(IndexUpdate{key, present, {}});
    update->promise.start();
    QFuture<Result<void>> future = update->promise.future();
    m_indexQueue.append(update);
    if (m_indexQueue.size() == 1) {
        nextIndexUpdate();
    }
    return future;
}

void KeychainCredentialStore::nextIndexUpdate()
{
    if (m_indexQueue.isEmpty()) {
        return;
    }
    const std::shared_ptr<IndexUpdate> update = m_indexQueue.first();
    const auto done = [this, update](const Result<void> &result) {
        update->promise.addResult(result);
        update->promise.finish();
        m_indexQueue.removeFirst();
        nextIndexUpdate();
    };
    const QString indexKey = QString::fromLatin1(kIndexKey);
    readItem(indexKey).then(this, [this, update, indexKey, done](const Result<QString> &raw) {
        const QString &key = update->key;
        if (!raw && raw.error().code != ErrorCode::NotFound) {
            Error e = raw.error();
            e.message = QStringLiteral("'%1' is stored, but the list of stored names could not be read: %2")
                            .arg(key, e.message);
            done(std::unexpected(e));
            return;
        }
        QStringList names;
        if (raw) {
            const Result<QStringList> parsed = parseIndex(*raw);
            if (parsed) {
                names = *parsed;
            } else {
                qCWarning(lcCredentials).noquote() << parsed.error().message << "- rebuilding it";
            }
        }
        if (raw && names.contains(key) == update->present) {
            done({});
            return;
        }
        names.removeAll(key);
        if (update->present) {
            names << key;
        }
        std::ranges::sort(names);
        const QJsonObject index{{QStringLiteral("version"), 1},
                                {QStringLiteral("names"), QJsonArray::fromStringList(names)}};
        writeItem(indexKey, QString::fromUtf8(QJsonDocument(index).toJson(QJsonDocument::Compact)))
            .then(this, [key, done](const Result<void> &written) {
                if (!written) {
                    Error e = written.error();
                    e.message = QStringLiteral("'%1' is stored, but the list of stored names could not be updated: %2")
                                    .arg(key, e.message);
                    done(std::unexpected(e));
                    return;
                }
                done({});
            });
    });
}

} // namespace Sandcastle::Core
