// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/credentialscommand.h"

#include "cli/cli.h"

#include "sandcastle/core/credentials/credentialstore.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QFutureWatcher>
#include <QTextStream>
#include <QTimer>

#include <cstdio>
#include <unistd.h>

namespace Sandcastle::App::Cli {

namespace {

constexpr int kWriteTimeoutMs = 10000;
constexpr int kProbeTimeoutMs = 3000;

int fail(const QString &message, int code)
{
    QTextStream(stderr) << "sandcastle credentials: " << message << '\n';
    return code;
}

/// Waits for `future` for at most `timeoutMs` on a local event loop.
template<class T>
Core::Result<T> waitFor(QFuture<Core::Result<T>> future, int timeoutMs)
{
    QEventLoop loop;
    QFutureWatcher<Core::Result<T>> watcher;
    QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    watcher.setFuture(future);
    if (!future.isFinished()) {
        loop.exec();
    }
    if (!future.isFinished()) {
        return std::unexpected(Core::Error{
            Core::ErrorCode::Timeout,
            QStringLiteral(
                "the keychain did not answer within %1 s (is a Secret Service such as gnome-keyring running?)")
                .arg(timeoutMs / 1000),
            {}});
    }
    if (future.resultCount() == 0) {
        return std::unexpected(Core::Error{Core::ErrorCode::Cancelled, QStringLiteral("cancelled"), {}});
    }
    return future.result();
}

/// A store that outlives a timed-out wait: its pending QtKeychain job may still answer later.
Core::KeychainCredentialStore *keychain()
{
    return new Core::KeychainCredentialStore(QStringLiteral("sandcastle"), QCoreApplication::instance());
}

int exitFor(const Core::Error &error)
{
    return error.code == Core::ErrorCode::InvalidInput || error.code == Core::ErrorCode::NotFound ? BadInput : Failure;
}

} // namespace

Core::Result<QString> readCredential(const QString &name, int timeoutMs)
{
    return waitFor(keychain()->read(name), timeoutMs);
}

int credentialsCommand(const QStringList &args)
{
    const QString usage = QStringLiteral("usage: sandcastle credentials set NAME   (the value is read from stdin)\n"
                                         "       sandcastle credentials delete NAME\n"
                                         "       sandcastle credentials list | status");
    const QString action = args.value(0);
    const QString name = args.value(1);
    if (action == QLatin1String("list") && args.size() == 1) {
        const Core::Result<QStringList> names = waitFor(keychain()->list(), kWriteTimeoutMs);
        if (!names) {
            return fail(names.error().toString(), exitFor(names.error()));
        }
        for (const QString &n : *names) {
            QTextStream(stdout) << n << '\n';
        }
        return Done;
    }
    if (action == QLatin1String("status") && args.size() == 1) {
        auto *store = keychain();
        const Core::Result<void> probed = waitFor(store->probe(kProbeTimeoutMs), kProbeTimeoutMs + 1000);
        if (!probed) {
            QTextStream(stdout) << "unavailable: " << probed.error().message << '\n';
            return Failure;
        }
        QTextStream(stdout) << "available: OS keychain, service " << store->service() << "; large secrets in "
                            << store->largeSecretDirectory() << '\n';
        return Done;
    }
    if (args.size() != 2 || name.isEmpty() || name.startsWith(QLatin1Char('-'))) {
        return fail(usage, BadInput);
    }
    if (action == QLatin1String("set")) {
        if (::isatty(STDIN_FILENO)) {
            QTextStream(stderr) << "sandcastle credentials: type the value of " << name << ", then Ctrl-D\n";
        }
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly)) {
            return fail(QStringLiteral("cannot read the value from stdin"), BadInput);
        }
        QString value = QString::fromUtf8(in.readAll());
        // `echo VALUE | sandcastle credentials set NAME` adds one line break that is not part of it.
        if (value.endsWith(QLatin1Char('\n'))) {
            value.chop(1);
            if (value.endsWith(QLatin1Char('\r'))) {
                value.chop(1);
            }
        }
        if (value.isEmpty()) {
            return fail(QStringLiteral("no value on stdin (pipe the secret in: sandcastle credentials set NAME)"),
                        BadInput);
        }
        const Core::Result<void> written = waitFor(keychain()->write(name, value), kWriteTimeoutMs);
        if (!written) {
            return fail(written.error().toString(), exitFor(written.error()));
        }
        QTextStream(stderr) << "sandcastle credentials: stored " << name << '\n';
        return Done;
    }
    if (action == QLatin1String("delete")) {
        const Core::Result<void> removed = waitFor(keychain()->remove(name), kWriteTimeoutMs);
        if (!removed) {
            return fail(removed.error().toString(), exitFor(removed.error()));
        }
        QTextStream(stderr) << "sandcastle credentials: deleted " << name << '\n';
        return Done;
    }
    return fail(usage, BadInput);
}

} // namespace Sandcastle::App::Cli
