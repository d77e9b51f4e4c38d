// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// KeychainCredentialStore::probe(): is there a keychain service, and if not, why.
#include "sandcastle/core/credentials/credentialstore.h"

#include "keychain_p.h"

#include <QFileInfo>
#include <QPromise>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace Sandcastle::Core {

namespace Internal {

std::optional<Error> sessionBusProblem()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
    const QString address = qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");
    if (address.isEmpty()) {
        const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
        if (runtime.isEmpty() || !QFileInfo::exists(runtime + QStringLiteral("/bus"))) {
            return Error{ErrorCode::Unsupported,
                         QStringLiteral("no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set and there is no "
                                        "$XDG_RUNTIME_DIR/bus (start Sandcastle in a desktop session, or under "
                                        "dbus-run-session with a keyring daemon such as gnome-keyring)"),
                         {}};
        }
        return std::nullopt;
    }
    // "unix:path=/run/user/1000/bus;unix:abstract=..." : give up only when every alternative is a
    // socket path that does not exist.
    QStringList missing;
    for (const QString &alternative : address.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        if (!alternative.startsWith(QLatin1String("unix:"))) {
            return std::nullopt;
        }
        QString path;
        for (const QString &pair : alternative.mid(5).split(QLatin1Char(','))) {
            if (pair.startsWith(QLatin1String("path="))) {
                path = QUrl::fromPercentEncoding(pair.mid(5).toUtf8());
            }
        }
        if (path.isEmpty() || QFileInfo::exists(path)) {
            return std::nullopt;
        }
        missing << path;
    }
    if (!missing.isEmpty()) {
        return Error{ErrorCode::Unsupported,
                     QStringLiteral("the D-Bus session bus is not reachable: DBUS_SESSION_BUS_ADDRESS names %1, "
                                    "which does not exist (the session that started Sandcastle has ended?)")
                         .arg(missing.join(QStringLiteral(", "))),
                     address};
    }
#endif
    return std::nullopt;
}

QString explainKeychainFailure(const QString &errorString)
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
    if (errorString.contains(QLatin1String("org.freedesktop.secrets")) ||
        errorString.contains(QLatin1String("ServiceUnknown"))) {
        return QStringLiteral("no Secret Service (org.freedesktop.secrets) on the D-Bus session bus: no keyring daemon "
                              "such as gnome-keyring or KWallet is running");
    }
    if (errorString.contains(QLatin1String("/org/freedesktop/secrets/collection"))) {
        return QStringLiteral("the Secret Service has no usable default keyring (it could not create or unlock one; "
                              "is a password prompt available?)");
    }
#else
    Q_UNUSED(errorString)
#endif
    return {};
}

} // namespace Internal

namespace {

Error probeError(const Error &error)
{
    if (error.code == ErrorCode::PermissionDenied) {
        return Error{ErrorCode::PermissionDenied,
                     QStringLiteral("the keychain refused access (locked, or access was denied)"), error.detail};
    }
    if (const QString why = Internal::explainKeychainFailure(error.detail); !why.isEmpty()) {
        return Error{ErrorCode::Unsupported, why, error.detail};
    }
    if (error.code == ErrorCode::Unsupported) {
        return error;
    }
    return Error{error.code, QStringLiteral("the keychain does not work: ") + error.detail, error.detail};
}

} // namespace

QFuture<Result<void>> KeychainCredentialStore::probe(int timeoutMs)
{
    if (const std::optional<Error> bus = Internal::sessionBusProblem()) {
        return Internal::ready<void>(std::unexpected(*bus));
    }
    auto promise = std::make_shared<QPromise<Result<void>>>();
    auto done = std::make_shared<bool>(false);
    promise->start();
    const auto settle = [promise, done](const Result<void> &result) {
        if (!*done) {
            *done = true;
            promise->addResult(result);
            promise->finish();
        }
    };
    // A service that answers reads may still be unable to store (no default keyring), so the probe
    // stores and removes a reserved item too.
    const QString probeKey = QStringLiteral(".probe");
    readItem(QString::fromLatin1(Internal::kIndexKey))
        .then(this, [this, settle, probeKey](const Result<QString> &read) {
            if (!read && read.error().code != ErrorCode::NotFound) {
                settle(std::unexpected(probeError(read.error())));
                return;
            }
            writeItem(probeKey, QStringLiteral("sandcastle keychain probe"))
                .then(this, [this, settle, probeKey](const Result<void> &written) {
                    if (!written) {
                        settle(std::unexpected(probeError(written.error())));
                        return;
                    }
                    removeItem(probeKey).then(this, [settle](const Result<void> &removed) {
                        settle(removed ? removed : Result<void>(std::unexpected(probeError(removed.error()))));
                    });
                });
        });
    QTimer::singleShot(timeoutMs, this, [settle, timeoutMs] {
        settle(fail(ErrorCode::Timeout,
                    QStringLiteral("the keychain did not answer within %1 ms (a locked keyring waiting for its "
                                   "password prompt, or a Secret Service that does not respond)")
                        .arg(timeoutMs)));
    });
    return promise->future();
}

} // namespace Sandcastle::Core
