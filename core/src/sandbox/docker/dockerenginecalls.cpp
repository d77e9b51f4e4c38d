// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The container and exec calls of DockerEngine (negotiation and transport are in dockerengine.cpp).
#include "dockerengine_p.h"
#include "sandcastle/core/sandbox/docker/dockerexecstream.h"

#include <QPointer>
#include <QTimer>
#include <QUrlQuery>

namespace Sandcastle::Core {

using namespace Internal;

namespace {

QByteArray createBody(const DockerContainerSpec &spec)
{
    QJsonObject labels;
    for (auto it = spec.labels.begin(); it != spec.labels.end(); ++it) {
        labels.insert(it.key(), it.value());
    }
    labels.insert(DockerEngine::sandcastleLabel, QStringLiteral("1"));
    labels.insert(DockerEngine::sessionLabel, spec.sessionId);

    QJsonObject exposed;
    QJsonObject portBindings;
    for (quint16 port : spec.exposedPorts) {
        const QString key = QString::number(port) + QLatin1String("/tcp");
        exposed.insert(key, QJsonObject());
        portBindings.insert(key, QJsonArray{QJsonObject{{QStringLiteral("HostIp"), QStringLiteral("127.0.0.1")},
                                                        {QStringLiteral("HostPort"), QStringLiteral("0")}}});
    }

    QJsonObject host{
        {QStringLiteral("Binds"), toArray(spec.binds)},
        {QStringLiteral("Init"), spec.init},
        {QStringLiteral("CapDrop"), QJsonArray{QStringLiteral("ALL")}},
        {QStringLiteral("SecurityOpt"), QJsonArray{QStringLiteral("no-new-privileges")}},
        {QStringLiteral("PortBindings"), portBindings},
        {QStringLiteral("NetworkMode"), spec.networkDisabled ? QStringLiteral("none") : QStringLiteral("bridge")},
        {QStringLiteral("RestartPolicy"), QJsonObject{{QStringLiteral("Name"), QStringLiteral("no")}}},
    };
    if (spec.memoryBytes > 0) {
        host.insert(QStringLiteral("Memory"), spec.memoryBytes);
        host.insert(QStringLiteral("MemorySwap"), spec.memoryBytes);
    }
    if (spec.nanoCpus > 0) {
        host.insert(QStringLiteral("NanoCpus"), spec.nanoCpus);
    }
    if (spec.pidsLimit > 0) {
        host.insert(QStringLiteral("PidsLimit"), spec.pidsLimit);
    }

    QJsonObject body{
        {QStringLiteral("Image"), spec.image},
        {QStringLiteral("Env"), toArray(spec.env)},
        {QStringLiteral("Labels"), labels},
        {QStringLiteral("ExposedPorts"), exposed},
        {QStringLiteral("Tty"), false},
        {QStringLiteral("OpenStdin"), false},
        {QStringLiteral("NetworkDisabled"), spec.networkDisabled},
        {QStringLiteral("HostConfig"), host},
    };
    if (!spec.cmd.isEmpty()) {
        body.insert(QStringLiteral("Cmd"), toArray(spec.cmd));
    }
    if (!spec.entrypoint.isEmpty()) {
        body.insert(QStringLiteral("Entrypoint"), toArray(spec.entrypoint));
    }
    if (!spec.workingDir.isEmpty()) {
        body.insert(QStringLiteral("WorkingDir"), spec.workingDir);
    }
    if (!spec.user.isEmpty()) {
        body.insert(QStringLiteral("User"), spec.user);
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

// Completes `promise` with Result<void> when the reply status is one of `ok`.
auto voidReply(std::shared_ptr<QPromise<Result<void>>> promise, std::initializer_list<int> ok, QByteArray method,
               QString path)
{
    return [promise, okList = QList<int>(ok), method, path](Result<DockerHttpResponse> r) {
        if (!r) {
            settle<void>(promise, std::unexpected(r.error()));
        } else if (!okList.contains(r->status)) {
            settle<void>(promise, std::unexpected(httpError(*r, method, path.toUtf8())));
        } else {
            settle<void>(promise, {});
        }
    };
}

} // namespace

QFuture<Result<QString>> DockerEngine::createContainer(const DockerContainerSpec &spec)
{
    auto promise = makePromise<QString>();
    if (spec.image.isEmpty()) {
        settle<QString>(promise, fail(ErrorCode::InvalidInput, QStringLiteral("a Docker container needs an image")));
        return promise->future();
    }
    if (spec.networkDisabled && !spec.exposedPorts.isEmpty()) {
        settle<QString>(promise,
                        fail(ErrorCode::InvalidInput,
                             QStringLiteral("exposed ports need a network, but the container's network is disabled"),
                             QStringLiteral("image %1, ports %2").arg(spec.image).arg(spec.exposedPorts.size())));
        return promise->future();
    }
    QString path = QStringLiteral("/containers/create");
    if (!spec.name.isEmpty()) {
        path += QLatin1String("?name=") + QString::fromLatin1(segment(spec.name));
    }
    const QString image = spec.image;
    request("POST", path, createBody(spec), true, [promise, path, image](Result<DockerHttpResponse> r) {
        if (!r) {
            settle<QString>(promise, std::unexpected(r.error()));
            return;
        }
        if (r->status != 201) {
            Error e = httpError(*r, "POST", path.toUtf8());
            if (r->status == 404 && !e.message.contains(image)) {
                e.message = QStringLiteral("Docker image %1 not found: %2").arg(image, e.message);
            }
            settle<QString>(promise, std::unexpected(e));
            return;
        }
        auto obj = jsonObject(*r, QStringLiteral("POST ") + path);
        if (!obj) {
            settle<QString>(promise, std::unexpected(obj.error()));
            return;
        }
        for (const QJsonValue &w : obj->value(QLatin1String("Warnings")).toArray()) {
            qCWarning(lcDocker) << "container create:" << w.toString();
        }
        const QString id = obj->value(QLatin1String("Id")).toString();
        if (id.isEmpty()) {
            settle<QString>(promise,
                            fail(ErrorCode::Sandbox, QStringLiteral("dockerd created a container without an id"),
                                 QStringLiteral("POST %1: /Id").arg(path)));
            return;
        }
        settle<QString>(promise, id);
    });
    return promise->future();
}

QFuture<Result<void>> DockerEngine::inspectImage(const QString &reference)
{
    auto promise = makePromise<void>();
    const QString path = QStringLiteral("/images/%1/json").arg(QString::fromLatin1(segment(reference)));
    request("GET", path, {}, true, [promise, path, reference](Result<DockerHttpResponse> r) {
        if (r && r->status == 404) {
            Error e = httpError(*r, "GET", path.toUtf8());
            if (!e.message.contains(reference)) {
                e.message = QStringLiteral("Docker image %1 not found: %2").arg(reference, e.message);
            }
            settle<void>(promise, std::unexpected(e));
            return;
        }
        settle<void>(promise, expectStatus(r, {200}, "GET", path));
    });
    return promise->future();
}

QFuture<Result<void>> DockerEngine::startContainer(const QString &id)
{
    auto promise = makePromise<void>();
    const QString path = QStringLiteral("/containers/%1/start").arg(QString::fromLatin1(segment(id)));
    request("POST", path, {}, true, voidReply(promise, {204, 304}, "POST", path));
    return promise->future();
}

QFuture<Result<void>> DockerEngine::stopContainer(const QString &id, int timeoutSeconds)
{
    auto promise = makePromise<void>();
    const QString path =
        QStringLiteral("/containers/%1/stop?t=%2").arg(QString::fromLatin1(segment(id))).arg(timeoutSeconds);
    request("POST", path, {}, true, voidReply(promise, {204, 304}, "POST", path));
    return promise->future();
}

QFuture<Result<void>> DockerEngine::removeContainer(const QString &id, bool force)
{
    auto promise = makePromise<void>();
    const QString path = QStringLiteral("/containers/%1?v=1%2")
                             .arg(QString::fromLatin1(segment(id)), force ? QStringLiteral("&force=1") : QString());
    request("DELETE", path, {}, true, voidReply(promise, {204}, "DELETE", path));
    return promise->future();
}

QFuture<Result<DockerContainerInfo>> DockerEngine::inspectContainer(const QString &id)
{
    auto promise = makePromise<DockerContainerInfo>();
    const QString path = QStringLiteral("/containers/%1/json").arg(QString::fromLatin1(segment(id)));
    request("GET", path, {}, true, [promise, path](Result<DockerHttpResponse> r) {
        if (auto ok = expectStatus(r, {200}, "GET", path); !ok) {
            settle<DockerContainerInfo>(promise, std::unexpected(ok.error()));
            return;
        }
        auto obj = jsonObject(*r, QStringLiteral("GET ") + path);
        if (!obj) {
            settle<DockerContainerInfo>(promise, std::unexpected(obj.error()));
            return;
        }
        settle<DockerContainerInfo>(promise, containerFromInspect(*obj));
    });
    return promise->future();
}

QFuture<Result<QList<DockerContainerInfo>>> DockerEngine::listContainers(const QStringList &labelFilters)
{
    auto promise = makePromise<QList<DockerContainerInfo>>();
    const QByteArray filters =
        QJsonDocument(QJsonObject{{QStringLiteral("label"), toArray(labelFilters)}}).toJson(QJsonDocument::Compact);
    const QString path = QStringLiteral("/containers/json?all=1&filters=") +
                         QString::fromLatin1(QUrl::toPercentEncoding(QString::fromUtf8(filters)));
    request("GET", path, {}, true, [promise, path](Result<DockerHttpResponse> r) {
        if (auto ok = expectStatus(r, {200}, "GET", path); !ok) {
            settle<QList<DockerContainerInfo>>(promise, std::unexpected(ok.error()));
            return;
        }
        const QJsonDocument doc = QJsonDocument::fromJson(r->body);
        if (!doc.isArray()) {
            settle<QList<DockerContainerInfo>>(
                promise,
                fail(ErrorCode::Sandbox, QStringLiteral("dockerd sent a container list that is not a JSON array"),
                     QStringLiteral("GET %1").arg(path)));
            return;
        }
        QList<DockerContainerInfo> list;
        for (const QJsonValue &v : doc.array()) {
            list.append(containerFromSummary(v.toObject()));
        }
        settle<QList<DockerContainerInfo>>(promise, std::move(list));
    });
    return promise->future();
}

QFuture<Result<QString>> DockerEngine::createExec(const QString &containerId, const DockerExecSpec &spec)
{
    auto promise = makePromise<QString>();
    if (spec.cmd.isEmpty()) {
        settle<QString>(promise, fail(ErrorCode::InvalidInput, QStringLiteral("an exec needs a command"),
                                      QStringLiteral("container %1").arg(containerId)));
        return promise->future();
    }
    QJsonObject body{{QStringLiteral("AttachStdin"), spec.attachStdin},
                     {QStringLiteral("AttachStdout"), true},
                     {QStringLiteral("AttachStderr"), true},
                     {QStringLiteral("Tty"), spec.tty},
                     {QStringLiteral("Cmd"), toArray(spec.cmd)},
                     {QStringLiteral("Env"), toArray(spec.env)}};
    if (!spec.workingDir.isEmpty()) {
        body.insert(QStringLiteral("WorkingDir"), spec.workingDir);
    }
    if (!spec.user.isEmpty()) {
        body.insert(QStringLiteral("User"), spec.user);
    }
    const QString path = QStringLiteral("/containers/%1/exec").arg(QString::fromLatin1(segment(containerId)));
    request("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), true,
            [promise, path](Result<DockerHttpResponse> r) {
                if (auto ok = expectStatus(r, {201}, "POST", path); !ok) {
                    settle<QString>(promise, std::unexpected(ok.error()));
                    return;
                }
                auto obj = jsonObject(*r, QStringLiteral("POST ") + path);
                if (!obj) {
                    settle<QString>(promise, std::unexpected(obj.error()));
                    return;
                }
                const QString id = obj->value(QLatin1String("Id")).toString();
                if (id.isEmpty()) {
                    settle<QString>(promise,
                                    fail(ErrorCode::Sandbox, QStringLiteral("dockerd created an exec without an id"),
                                         QStringLiteral("POST %1: /Id").arg(path)));
                    return;
                }
                settle<QString>(promise, id);
            });
    return promise->future();
}

DockerExecStream *DockerEngine::startExec(const QString &execId, bool tty)
{
    auto *stream = new DockerExecStream(execId, tty, this);
    QPointer<DockerExecStream> guard(stream);
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("Detach"), false}, {QStringLiteral("Tty"), tty}})
                                .toJson(QJsonDocument::Compact);
    // Deferred so that the caller can connect to the stream's signals before anything is emitted.
    QTimer::singleShot(0, stream, [this, guard, execId, body] {
        withApiVersion([this, guard, execId, body](Result<QString> v) {
            if (!guard) {
                return;
            }
            if (!v) {
                guard->fail(v.error());
                return;
            }
            const QByteArray target = QByteArray("/v") + v->toLatin1() + "/exec/" + segment(execId) + "/start";
            guard->begin(m_socketPath,
                         buildRequest("POST", target, body, {{"Connection", "Upgrade"}, {"Upgrade", "tcp"}}));
        });
    });
    return stream;
}

QFuture<Result<DockerExecInfo>> DockerEngine::inspectExec(const QString &execId)
{
    auto promise = makePromise<DockerExecInfo>();
    const QString path = QStringLiteral("/exec/%1/json").arg(QString::fromLatin1(segment(execId)));
    request("GET", path, {}, true, [promise, path](Result<DockerHttpResponse> r) {
        if (auto ok = expectStatus(r, {200}, "GET", path); !ok) {
            settle<DockerExecInfo>(promise, std::unexpected(ok.error()));
            return;
        }
        auto obj = jsonObject(*r, QStringLiteral("GET ") + path);
        if (!obj) {
            settle<DockerExecInfo>(promise, std::unexpected(obj.error()));
            return;
        }
        DockerExecInfo info;
        info.id = obj->value(QLatin1String("ID")).toString();
        info.containerId = obj->value(QLatin1String("ContainerID")).toString();
        info.running = obj->value(QLatin1String("Running")).toBool();
        if (obj->value(QLatin1String("ExitCode")).isDouble()) {
            info.exitCode = obj->value(QLatin1String("ExitCode")).toInt();
        }
        info.pid = obj->value(QLatin1String("Pid")).toInteger();
        settle<DockerExecInfo>(promise, info);
    });
    return promise->future();
}

QFuture<Result<void>> DockerEngine::resizeExec(const QString &execId, int rows, int columns)
{
    auto promise = makePromise<void>();
    const QString path =
        QStringLiteral("/exec/%1/resize?h=%2&w=%3").arg(QString::fromLatin1(segment(execId))).arg(rows).arg(columns);
    request("POST", path, {}, true, voidReply(promise, {200, 201}, "POST", path));
    return promise->future();
}

namespace {

// The state of one runExec chain. If the chain is dropped (engine destroyed), the last owner
// settles the future with Cancelled so it still finishes exactly once with a Result.
struct RunExecState
{
    std::shared_ptr<QPromise<Result<DockerExecResult>>> promise = makePromise<DockerExecResult>();
    DockerExecResult result;
    QString execId;
    bool settled = false;

    void finish(Result<DockerExecResult> r)
    {
        if (!std::exchange(settled, true)) {
            settle<DockerExecResult>(promise, std::move(r));
        }
    }
    ~RunExecState() { finish(fail(ErrorCode::Cancelled, QStringLiteral("exec cancelled"), execId)); }
};

} // namespace

QFuture<Result<DockerExecResult>> DockerEngine::runExec(const QString &containerId, const DockerExecSpec &spec,
                                                        const QByteArray &standardInput)
{
    auto state = std::make_shared<RunExecState>();
    auto future = state->promise->future();
    const bool tty = spec.tty;
    const bool attachStdin = spec.attachStdin;
    createExec(containerId, spec).then(this, [this, state, tty, attachStdin, standardInput](Result<QString> id) {
        if (!id) {
            state->finish(std::unexpected(id.error()));
            return;
        }
        state->execId = *id;
        DockerExecStream *stream = startExec(*id, tty);
        connect(stream, &DockerExecStream::outputReceived, stream, [state](DockerStream s, const QByteArray &data) {
            appendCollected(s == DockerStream::Stderr ? state->result.standardError : state->result.standardOutput,
                            data);
        });
        if (attachStdin) {
            stream->writeStdin(standardInput);
            stream->closeStdin();
        }
        connect(stream, &DockerExecStream::finished, this, [this, state, stream] {
            stream->deleteLater();
            if (auto ok = stream->result(); !ok) {
                state->finish(std::unexpected(ok.error()));
                return;
            }
            pollExitCode(state->execId, 200, [state](Result<DockerExecInfo> info) {
                if (!info) {
                    state->finish(std::unexpected(info.error()));
                    return;
                }
                state->result.exitCode = info->exitCode.value_or(-1);
                state->finish(std::move(state->result));
            });
        });
    });
    return future;
}

QFuture<Result<DockerExecInfo>> DockerEngine::waitForExecExit(const QString &execId)
{
    auto promise = makePromise<DockerExecInfo>();
    pollExitCode(execId, 200,
                 [promise](Result<DockerExecInfo> info) { settle<DockerExecInfo>(promise, std::move(info)); });
    return promise->future();
}

void DockerEngine::pollExitCode(const QString &execId, int attemptsLeft,
                                std::function<void(Result<DockerExecInfo>)> done)
{
    // The stream can reach EOF just before dockerd records the exit code: poll briefly.
    inspectExec(execId).then(this, [this, execId, attemptsLeft, done](Result<DockerExecInfo> info) {
        if (!info || (!info->running && info->exitCode)) {
            done(std::move(info));
            return;
        }
        if (attemptsLeft <= 0) {
            done(fail(
                ErrorCode::Sandbox, QStringLiteral("dockerd did not report an exit code for the exec"),
                QStringLiteral("exec %1 still %2")
                    .arg(execId, info->running ? QStringLiteral("running") : QStringLiteral("without exit code"))));
            return;
        }
        QTimer::singleShot(10, this,
                           [this, execId, attemptsLeft, done] { pollExitCode(execId, attemptsLeft - 1, done); });
    });
}

} // namespace Sandcastle::Core
