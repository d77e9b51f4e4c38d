// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/sandbox/docker/dockerengine.h"

#include "dockerengine_p.h"
#include "sandcastle/core/sandbox/docker/dockerexecstream.h"

#include <QFileInfo>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcDocker, "sandcastle.core.docker", QtInfoMsg)

namespace Sandcastle::Core {

using namespace Internal;

Result<QString> DockerEngine::socketPathForDockerHost(const QString &dockerHost)
{
    if (dockerHost.isEmpty()) {
        const QString primary = QStringLiteral("/run/docker.sock");
        const QString legacy = QStringLiteral("/var/run/docker.sock");
        return !QFileInfo::exists(primary) && QFileInfo::exists(legacy) ? legacy : primary;
    }
    if (dockerHost.startsWith(QLatin1String("unix://"))) {
        const QString path = dockerHost.mid(7);
        if (!path.startsWith(QLatin1Char('/'))) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("DOCKER_HOST %1 does not name an absolute socket path").arg(dockerHost),
                        QStringLiteral("expected unix:///absolute/path/to/docker.sock"));
        }
        return path;
    }
    const auto schemeEnd = dockerHost.indexOf(QLatin1String("://"));
    const QString scheme = schemeEnd < 0 ? QString() : dockerHost.left(schemeEnd);
    if (scheme.isEmpty()) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("DOCKER_HOST %1 has no scheme").arg(dockerHost),
                    QStringLiteral("expected unix:///absolute/path/to/docker.sock"));
    }
    return fail(ErrorCode::Unsupported, QStringLiteral("DOCKER_HOST %1://... is not supported yet").arg(scheme),
                QStringLiteral("DOCKER_HOST=%1; Sandcastle talks to dockerd over a Unix socket only "
                               "(unset DOCKER_HOST or use unix:///path/to/docker.sock)")
                    .arg(dockerHost));
}

Result<QString> DockerEngine::socketPathFromEnvironment()
{
    return socketPathForDockerHost(qEnvironmentVariable("DOCKER_HOST"));
}

DockerEngine::DockerEngine(QString socketPath, QObject *parent)
    : QObject(parent)
    , m_socketPath(std::move(socketPath))
{}

DockerEngine::~DockerEngine()
{
    // Finish every pending call with Cancelled while our members are still alive; chained steps
    // see m_destroying and stop.
    m_destroying = true;
    finishNegotiation(fail(ErrorCode::Cancelled, QStringLiteral("Docker engine destroyed")));
    const auto calls = findChildren<Internal::DockerHttpCall *>(Qt::FindDirectChildrenOnly);
    for (auto *call : calls) {
        call->cancel();
        delete call;
    }
    qDeleteAll(findChildren<DockerExecStream *>(Qt::FindDirectChildrenOnly));
}

void DockerEngine::send(const QByteArray &method, const QByteArray &target, const QByteArray &body,
                        ResponseCallback done)
{
    if (m_destroying) {
        done(fail(ErrorCode::Cancelled, QStringLiteral("Docker engine destroyed"),
                  QString::fromLatin1(method + ' ' + target)));
        return;
    }
    qCDebug(lcDocker) << method << target;
    auto *call =
        new Internal::DockerHttpCall(m_socketPath, Internal::buildRequest(method, target, body), std::move(done), this);
    call->start();
}

void DockerEngine::request(const QByteArray &method, const QString &path, const QByteArray &body, bool versioned,
                           ResponseCallback done)
{
    if (!versioned) {
        send(method, path.toUtf8(), body, std::move(done));
        return;
    }
    withApiVersion([this, method, path, body, done = std::move(done)](Result<QString> v) mutable {
        if (!v) {
            done(std::unexpected(v.error()));
            return;
        }
        send(method, QByteArray("/v") + v->toLatin1() + path.toUtf8(), body, std::move(done));
    });
}

void DockerEngine::withApiVersion(std::function<void(Result<QString>)> then)
{
    if (!m_apiVersion.isEmpty()) {
        then(m_apiVersion);
        return;
    }
    m_waitingForVersion.append(std::move(then));
    if (m_negotiating) {
        return;
    }
    m_negotiating = true;
    send("GET", "/version", {}, [this](Result<DockerHttpResponse> r) {
        if (auto ok = expectStatus(r, {200}, "GET", QStringLiteral("/version")); !ok) {
            finishNegotiation(std::unexpected(ok.error()));
            return;
        }
        auto obj = jsonObject(*r, QStringLiteral("GET /version"));
        QString serverMax = obj ? obj->value(QLatin1String("ApiVersion")).toString() : QString();
        const QString serverMin = obj ? obj->value(QLatin1String("MinAPIVersion")).toString() : QString();
        if (serverMax.isEmpty()) {
            serverMax = QString::fromLatin1(r->header("Api-Version"));
        }
        const int max = versionNumber(serverMax);
        if (max < 0) {
            finishNegotiation(fail(ErrorCode::Sandbox, QStringLiteral("dockerd did not report its API version"),
                                   QStringLiteral("GET /version: ApiVersion '%1'").arg(serverMax)));
            return;
        }
        const int ours = versionNumber(QString(maximumApiVersion));
        if (max < versionNumber(QString(minimumApiVersion))) {
            finishNegotiation(fail(ErrorCode::Unsupported,
                                   QStringLiteral("dockerd speaks Docker API %1 but Sandcastle needs at least %2")
                                       .arg(serverMax, minimumApiVersion),
                                   QStringLiteral("upgrade Docker to 20.10 or newer")));
            return;
        }
        if (versionNumber(serverMin) > ours) {
            finishNegotiation(
                fail(ErrorCode::Unsupported,
                     QStringLiteral("dockerd requires Docker API %1 or newer but Sandcastle speaks at most %2")
                         .arg(serverMin, maximumApiVersion),
                     QStringLiteral("set DOCKER_MIN_API_VERSION=%1 for dockerd").arg(minimumApiVersion)));
            return;
        }
        finishNegotiation(max < ours ? QString::number(max / 1000) + QLatin1Char('.') + QString::number(max % 1000)
                                     : QString(maximumApiVersion));
    });
}

void DockerEngine::finishNegotiation(Result<QString> result)
{
    m_negotiating = false;
    if (result) {
        m_apiVersion = *result;
        qCDebug(lcDocker) << "negotiated Docker API" << m_apiVersion;
    }
    const auto waiting = std::exchange(m_waitingForVersion, {});
    for (const auto &then : waiting) {
        then(result);
    }
}

QFuture<Result<QString>> DockerEngine::ping()
{
    auto promise = makePromise<QString>();
    request("GET", QStringLiteral("/_ping"), {}, false, [promise](Result<DockerHttpResponse> r) {
        if (auto ok = expectStatus(r, {200}, "GET", QStringLiteral("/_ping")); !ok) {
            settle<QString>(promise, std::unexpected(ok.error()));
            return;
        }
        settle<QString>(promise, QString::fromLatin1(r->header("Api-Version")));
    });
    return promise->future();
}

QFuture<Result<DockerVersion>> DockerEngine::version()
{
    auto promise = makePromise<DockerVersion>();
    request("GET", QStringLiteral("/version"), {}, false, [promise](Result<DockerHttpResponse> r) {
        if (auto ok = expectStatus(r, {200}, "GET", QStringLiteral("/version")); !ok) {
            settle<DockerVersion>(promise, std::unexpected(ok.error()));
            return;
        }
        auto obj = jsonObject(*r, QStringLiteral("GET /version"));
        if (!obj) {
            settle<DockerVersion>(promise, std::unexpected(obj.error()));
            return;
        }
        settle<DockerVersion>(promise, DockerVersion{obj->value(QLatin1String("Version")).toString(),
                                                     obj->value(QLatin1String("ApiVersion")).toString(),
                                                     obj->value(QLatin1String("MinAPIVersion")).toString(),
                                                     obj->value(QLatin1String("Os")).toString(),
                                                     obj->value(QLatin1String("Arch")).toString()});
    });
    return promise->future();
}

QFuture<Result<QString>> DockerEngine::negotiate()
{
    auto promise = makePromise<QString>();
    withApiVersion([promise](Result<QString> v) { settle<QString>(promise, std::move(v)); });
    return promise->future();
}

} // namespace Sandcastle::Core
