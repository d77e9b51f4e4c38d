// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/credentials/credentialstore.h"

#include <qt6keychain/keychain.h>

#include <QLoggingCategory>
#include <QPromise>

#include <memory>

Q_LOGGING_CATEGORY(lcCredentials, "sandcastle.core.credentials")

namespace Sandcastle::Core {

namespace {

template<class T>
QFuture<T> readyFuture(T value)
{
    QPromise<T> promise;
    promise.start();
    promise.addResult(std::move(value));
    promise.finish();
    return promise.future();
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
    QString message = code == ErrorCode::NotFound ? QStringLiteral("no keychain item named '%1'").arg(key)
                                                  : QStringLiteral("keychain error for item '%1'").arg(key);
    return Error{code, message, job.errorString()};
}

// Runs a QtKeychain job and completes the promise from its finished signal. The job deletes
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

} // namespace

KeychainCredentialStore::KeychainCredentialStore(QString service, QObject *parent)
    : CredentialStore(parent)
    , m_service(std::move(service))
{}

QFuture<Result<QString>> KeychainCredentialStore::read(const QString &key)
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

QFuture<Result<void>> KeychainCredentialStore::write(const QString &key, const QString &secret)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setKey(key);
    job->setTextData(secret);
    return runJob<Result<void>>(job, [key](QKeychain::WritePasswordJob &j) -> Result<void> {
        if (j.error() != QKeychain::NoError) {
            return std::unexpected(keychainError(j, key));
        }
        return {};
    });
}

QFuture<Result<void>> KeychainCredentialStore::remove(const QString &key)
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

QFuture<Result<QString>> MemoryCredentialStore::read(const QString &key)
{
    const auto it = m_secrets.constFind(key);
    if (it == m_secrets.cend()) {
        return readyFuture<Result<QString>>(
            fail(ErrorCode::NotFound, QStringLiteral("no keychain item named '%1'").arg(key)));
    }
    return readyFuture<Result<QString>>(*it);
}

QFuture<Result<void>> MemoryCredentialStore::write(const QString &key, const QString &secret)
{
    m_secrets.insert(key, secret);
    return readyFuture<Result<void>>({});
}

QFuture<Result<void>> MemoryCredentialStore::remove(const QString &key)
{
    m_secrets.remove(key);
    return readyFuture<Result<void>>({});
}

} // namespace Sandcastle::Core
