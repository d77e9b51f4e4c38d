// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/model/providercheck.h"

#include "sandcastle/core/model/providererror.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPromise>

#include <memory>

namespace Sandcastle::Core {

namespace {

QUrl modelsUrl(const QUrl &base)
{
    QUrl url = base;
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/'))) {
        path.chop(1);
    }
    url.setPath(path + QStringLiteral("/models"));
    return url;
}

Result<QStringList> modelIds(const QByteArray &body, const QUrl &url)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    const QJsonArray data = doc.object().value(QLatin1String("data")).toArray();
    if (parseError.error != QJsonParseError::NoError || !doc.isObject() ||
        !doc.object().value(QLatin1String("data")).isArray()) {
        return std::unexpected(Error{ErrorCode::Provider,
                                     QStringLiteral("%1 answered, but not with a model list: is this the API's base "
                                                    "URL (usually ending in /v1)?")
                                         .arg(url.toString()),
                                     QString::fromUtf8(body.left(200))});
    }
    QStringList ids;
    for (const QJsonValue &model : data) {
        if (const QString id = model.toObject().value(QLatin1String("id")).toString(); !id.isEmpty()) {
            ids.append(id);
        }
    }
    ids.sort();
    return ids;
}

} // namespace

QFuture<Result<ProviderCheckReport>> checkProvider(const ProviderProfile &profile, const QString &apiKey,
                                                   QObject *context, int timeoutMs)
{
    auto promise = std::make_shared<QPromise<Result<ProviderCheckReport>>>();
    QFuture<Result<ProviderCheckReport>> future = promise->future();
    promise->start();
    if (const Result<void> valid = profile.validate(); !valid) {
        promise->addResult(std::unexpected(valid.error()));
        promise->finish();
        return future;
    }
    ProviderErrorContext errorContext;
    errorContext.url = modelsUrl(profile.baseUrl);
    errorContext.baseUrl = profile.baseUrl;
    errorContext.model = profile.model;
    errorContext.apiKeySent = !apiKey.isEmpty();
    errorContext.credentialName = profile.credentialName;

    auto *nam = new QNetworkAccessManager(context);
    QNetworkRequest request(errorContext.url);
    request.setTransferTimeout(timeoutMs);
    request.setRawHeader("Accept", "application/json");
    if (!apiKey.isEmpty()) {
        request.setRawHeader("Authorization", "Bearer " + apiKey.toUtf8());
    }
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    QNetworkReply *reply = nam->get(request);
    QObject::connect(reply, &QNetworkReply::finished, nam, [=] {
        reply->deleteLater();
        nam->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        Result<ProviderCheckReport> result;
        if (status == 0) {
            result = std::unexpected(explainUnreachable(reply->errorString(),
                                                        reply->error() == QNetworkReply::OperationCanceledError ||
                                                            reply->error() == QNetworkReply::TimeoutError,
                                                        errorContext));
        } else if (status < 200 || status >= 300) {
            result = std::unexpected(explainProviderHttpError(status, body, errorContext));
        } else if (Result<QStringList> ids = modelIds(body, errorContext.url); !ids) {
            result = std::unexpected(ids.error());
        } else {
            ProviderCheckReport report;
            report.httpStatus = status;
            report.models = std::move(*ids);
            report.modelListed = report.models.contains(profile.model);
            report.elapsedMs = clock->elapsed();
            result = std::move(report);
        }
        promise->addResult(std::move(result));
        promise->finish();
    });
    return future;
}

} // namespace Sandcastle::Core
