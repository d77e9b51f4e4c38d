// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The script file format: ScriptedTurn::fromJson and ScriptedModelServer::loadScript.
// Documented in tests/support/README.md.
#include "scriptedmodelserver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSet>

namespace Sandcastle::Test {

namespace {

bool setError(QString *error, const QString &pointer, const QString &what)
{
    if (error) {
        *error = pointer + QStringLiteral(": ") + what;
    }
    return false;
}

bool checkItem(const QJsonValue &value, const QString &pointer, QString *error)
{
    if (!value.isObject() || !value.toObject().value(QLatin1String("type")).isString()) {
        return setError(error, pointer, QStringLiteral("expected an object with a string \"type\""));
    }
    const QJsonObject item = value.toObject();
    const QString type = item.value(QLatin1String("type")).toString();
    auto needString = [&](const char *key) {
        if (!item.value(QLatin1String(key)).isString()) {
            return setError(error, pointer + QLatin1Char('/') + QLatin1String(key),
                            QStringLiteral("expected a string for a %1 item").arg(type));
        }
        return true;
    };
    if (type == QLatin1String("message")) {
        if (!item.value(QLatin1String("text")).isString() && !item.value(QLatin1String("content")).isArray()) {
            return setError(error, pointer,
                            QStringLiteral("a message item needs \"text\" (string) or \"content\" (array)"));
        }
    } else if (type == QLatin1String("function_call")) {
        const QJsonValue args = item.value(QLatin1String("arguments"));
        if (!needString("name")) {
            return false;
        }
        if (!args.isUndefined() && !args.isObject() && !args.isString()) {
            return setError(error, pointer + QStringLiteral("/arguments"),
                            QStringLiteral("expected an object or a JSON string"));
        }
    } else if (type == QLatin1String("custom_tool_call")) {
        return needString("name") && needString("input");
    } else if (type == QLatin1String("apply_patch_call")) {
        const QJsonObject op = item.value(QLatin1String("operation")).toObject();
        static const QSet<QString> ops{QStringLiteral("create_file"), QStringLiteral("update_file"),
                                       QStringLiteral("delete_file")};
        if (!ops.contains(op.value(QLatin1String("type")).toString())) {
            return setError(error, pointer + QStringLiteral("/operation/type"),
                            QStringLiteral("expected create_file, update_file or delete_file"));
        }
        if (!op.value(QLatin1String("path")).isString()) {
            return setError(error, pointer + QStringLiteral("/operation/path"), QStringLiteral("expected a string"));
        }
    } else if (type == QLatin1String("reasoning")) {
        const QJsonValue summary = item.value(QLatin1String("summary"));
        if (!summary.isUndefined() && !summary.isString() && !summary.isArray()) {
            return setError(error, pointer + QStringLiteral("/summary"),
                            QStringLiteral("expected a string or an array"));
        }
    }
    return true;
}

bool parseTurn(const QJsonObject &o, const QString &baseDir, ScriptedTurn *turn, QString *error)
{
    static const QSet<QString> known{QStringLiteral("sse_file"),
                                     QStringLiteral("sse"),
                                     QStringLiteral("output"),
                                     QStringLiteral("text"),
                                     QStringLiteral("usage"),
                                     QStringLiteral("status"),
                                     QStringLiteral("error_body"),
                                     QStringLiteral("headers"),
                                     QStringLiteral("cut_after_events"),
                                     QStringLiteral("delay_ms"),
                                     QStringLiteral("event_interval_ms"),
                                     QStringLiteral("terminal"),
                                     QStringLiteral("error"),
                                     QStringLiteral("incomplete_reason"),
                                     QStringLiteral("response_id"),
                                     QStringLiteral("comment")};
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!known.contains(it.key())) {
            return setError(error, QLatin1Char('/') + it.key(), QStringLiteral("unknown key"));
        }
    }
    const bool raw = o.contains(QLatin1String("sse_file")) || o.contains(QLatin1String("sse"));
    if (o.contains(QLatin1String("sse_file")) && o.contains(QLatin1String("sse"))) {
        return setError(error, QStringLiteral("/sse"), QStringLiteral("give either \"sse\" or \"sse_file\", not both"));
    }
    if (raw && (o.contains(QLatin1String("output")) || o.contains(QLatin1String("text")))) {
        return setError(error, o.contains(QLatin1String("sse")) ? QStringLiteral("/sse") : QStringLiteral("/sse_file"),
                        QStringLiteral("a raw SSE body cannot be combined with \"output\" or \"text\""));
    }
    if (o.contains(QLatin1String("sse_file"))) {
        const QJsonValue v = o.value(QLatin1String("sse_file"));
        if (!v.isString() || v.toString().isEmpty()) {
            return setError(error, QStringLiteral("/sse_file"), QStringLiteral("expected a file name"));
        }
        const QString path = QDir(baseDir).absoluteFilePath(v.toString());
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            return setError(error, QStringLiteral("/sse_file"),
                            QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
        }
        turn->rawSse = f.readAll();
        if (turn->rawSse.isEmpty()) {
            return setError(error, QStringLiteral("/sse_file"), QStringLiteral("%1 is empty").arg(path));
        }
    }
    if (o.contains(QLatin1String("sse"))) {
        if (!o.value(QLatin1String("sse")).isString() || o.value(QLatin1String("sse")).toString().isEmpty()) {
            return setError(error, QStringLiteral("/sse"), QStringLiteral("expected a non-empty string"));
        }
        turn->rawSse = o.value(QLatin1String("sse")).toString().toUtf8();
    }
    if (o.contains(QLatin1String("output"))) {
        if (!o.value(QLatin1String("output")).isArray()) {
            return setError(error, QStringLiteral("/output"), QStringLiteral("expected an array of output items"));
        }
        const QJsonArray items = o.value(QLatin1String("output")).toArray();
        for (qsizetype i = 0; i < items.size(); ++i) {
            if (!checkItem(items.at(i), QStringLiteral("/output/%1").arg(i), error)) {
                return false;
            }
        }
        turn->outputItems = items;
    }
    if (o.contains(QLatin1String("text"))) {
        if (!o.value(QLatin1String("text")).isString()) {
            return setError(error, QStringLiteral("/text"), QStringLiteral("expected a string"));
        }
        turn->outputItems.append(messageItem(o.value(QLatin1String("text")).toString()));
    }
    auto objectKey = [&](const char *key, QJsonObject *target) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (!v.isUndefined() && !v.isObject()) {
            return setError(error, QLatin1Char('/') + QLatin1String(key), QStringLiteral("expected an object"));
        }
        *target = v.toObject();
        return true;
    };
    auto intKey = [&](const char *key, int *target, int min, int max) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined()) {
            return true;
        }
        const double d = v.toDouble(-1e300);
        if (!v.isDouble() || d != double(int(d)) || d < min || d > max) {
            return setError(error, QLatin1Char('/') + QLatin1String(key),
                            QStringLiteral("expected an integer from %1 to %2").arg(min).arg(max));
        }
        *target = int(d);
        return true;
    };
    auto stringKey = [&](const char *key, QString *target) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (!v.isUndefined() && !v.isString()) {
            return setError(error, QLatin1Char('/') + QLatin1String(key), QStringLiteral("expected a string"));
        }
        *target = v.toString();
        return true;
    };
    if (!objectKey("usage", &turn->usage) || !objectKey("error", &turn->error) ||
        !intKey("status", &turn->httpStatus, 100, 599) ||
        !intKey("cut_after_events", &turn->cutAfterEvents, 0, 1 << 30) ||
        !intKey("delay_ms", &turn->delayMs, 0, 600000) ||
        !intKey("event_interval_ms", &turn->eventIntervalMs, 0, 600000) || !stringKey("terminal", &turn->terminal) ||
        !stringKey("incomplete_reason", &turn->incompleteReason) || !stringKey("response_id", &turn->responseId)) {
        return false;
    }
    static const QSet<QString> terminals{QString(), QStringLiteral("completed"), QStringLiteral("failed"),
                                         QStringLiteral("incomplete"), QStringLiteral("error")};
    if (!terminals.contains(turn->terminal)) {
        return setError(error, QStringLiteral("/terminal"),
                        QStringLiteral("expected \"completed\", \"failed\", \"incomplete\" or \"error\""));
    }
    if (turn->terminal == QLatin1String("completed")) {
        turn->terminal.clear();
    }
    const QJsonValue body = o.value(QLatin1String("error_body"));
    if (body.isObject()) {
        turn->errorBody = QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
    } else if (body.isString()) {
        turn->errorBody = body.toString().toUtf8();
    } else if (!body.isUndefined()) {
        return setError(error, QStringLiteral("/error_body"), QStringLiteral("expected an object or a string"));
    }
    const QJsonValue headers = o.value(QLatin1String("headers"));
    if (!headers.isUndefined() && !headers.isObject()) {
        return setError(error, QStringLiteral("/headers"), QStringLiteral("expected an object of strings"));
    }
    const QJsonObject h = headers.toObject();
    for (auto it = h.begin(); it != h.end(); ++it) {
        if (!it.value().isString()) {
            return setError(error, QStringLiteral("/headers/") + it.key(), QStringLiteral("expected a string"));
        }
        turn->headers.append({it.key().toUtf8(), it.value().toString().toUtf8()});
    }
    return true;
}

} // namespace

ScriptedTurn ScriptedTurn::fromJson(const QJsonObject &o, const QString &baseDir, QString *error)
{
    ScriptedTurn turn;
    if (!parseTurn(o, baseDir, &turn, error)) {
        return {};
    }
    if (error) {
        error->clear();
    }
    return turn;
}

bool ScriptedModelServer::loadScript(const QString &jsonFile, QString *error)
{
    auto failWith = [&](const QString &what) {
        if (error) {
            *error = jsonFile + QStringLiteral(": ") + what;
        }
        return false;
    };
    QFile f(jsonFile);
    if (!f.open(QIODevice::ReadOnly)) {
        return failWith(f.errorString());
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return failWith(
            QStringLiteral("invalid JSON at offset %1: %2").arg(parseError.offset).arg(parseError.errorString()));
    }
    if (!doc.isObject() || !doc.object().value(QLatin1String("turns")).isArray()) {
        return failWith(QStringLiteral("/turns: expected {\"turns\": [ ... ]}"));
    }
    const QString baseDir = QFileInfo(jsonFile).absolutePath();
    const QJsonArray turns = doc.object().value(QLatin1String("turns")).toArray();
    QList<ScriptedTurn> parsed;
    for (qsizetype i = 0; i < turns.size(); ++i) {
        const QString pointer = QStringLiteral("/turns/%1").arg(i);
        if (!turns.at(i).isObject()) {
            return failWith(pointer + QStringLiteral(": expected an object"));
        }
        QString why;
        ScriptedTurn turn = ScriptedTurn::fromJson(turns.at(i).toObject(), baseDir, &why);
        if (!why.isEmpty()) {
            return failWith(pointer + why);
        }
        parsed.append(turn);
    }
    setScript(parsed);
    return true;
}

} // namespace Sandcastle::Test
