// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/sandbox/exposedports.h"

#include <QJsonArray>

namespace Sandcastle::Core {

QUrl ExposedPortEndpoint::urlFor(const QString &scheme) const
{
    QString actual;
    if (scheme == QLatin1String("http")) {
        actual = tls ? QStringLiteral("https") : QStringLiteral("http");
    } else if (scheme == QLatin1String("ws")) {
        actual = tls ? QStringLiteral("wss") : QStringLiteral("ws");
    } else {
        return {};
    }
    QUrl url;
    url.setScheme(actual);
    url.setHost(host); // QUrl puts an IPv6 address in brackets
    if (port != (tls ? 443 : 80)) {
        url.setPort(port);
    }
    url.setPath(QStringLiteral("/"));
    const QString q = query.startsWith(QLatin1Char('?')) ? query.mid(1) : query;
    if (!q.isEmpty()) {
        url.setQuery(q);
    }
    return url;
}

Result<QList<quint16>> validateExposedPorts(const QList<qint64> &ports, const QString &source)
{
    QList<quint16> out;
    for (const qint64 port : ports) {
        if (port < 1 || port > 65535) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("exposed port %1 is out of range (expected 1..65535)").arg(port), source);
        }
        if (!out.contains(quint16(port))) {
            out.append(quint16(port));
        }
    }
    return out;
}

Result<QList<quint16>> validateExposedPorts(const QJsonValue &value, const QString &pointer)
{
    auto asPort = [](const QJsonValue &v, bool *ok) -> qint64 {
        const double d = v.toDouble();
        *ok = v.isDouble() && d == double(qint64(d));
        return qint64(d);
    };
    QList<qint64> ports;
    if (value.isUndefined() || value.isNull()) {
        return QList<quint16>();
    }
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            bool ok = false;
            const qint64 port = asPort(array.at(i), &ok);
            const QString where = pointer + QLatin1Char('/') + QString::number(i);
            if (!ok) {
                return fail(ErrorCode::InvalidInput, QStringLiteral("expected a whole port number"), where);
            }
            Result<QList<quint16>> one = validateExposedPorts(QList<qint64>{port}, where);
            if (!one) {
                return one;
            }
            ports.append(port);
        }
    } else {
        bool ok = false;
        const qint64 port = asPort(value, &ok);
        if (!ok) {
            return fail(ErrorCode::InvalidInput, QStringLiteral("expected a port number or an array of port numbers"),
                        pointer);
        }
        ports.append(port);
    }
    return validateExposedPorts(ports, pointer);
}

} // namespace Sandcastle::Core
