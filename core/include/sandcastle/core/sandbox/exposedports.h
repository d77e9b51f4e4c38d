// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QUrl>

namespace Sandcastle::Core {

/// Where the host reaches a port the sandbox exposes (spec 3.2 `resolve_exposed_port`): the
/// Unix-local client answers 127.0.0.1:<port>, the Docker client the port published on 127.0.0.1.
struct ExposedPortEndpoint
{
    QString host;
    quint16 port = 0;
    bool tls = false;
    QString query; ///< appended as `?<query>` (a leading '?' is ignored)

    /// The endpoint as a URL for `scheme` "http" or "ws" (spec `url_for`): https/wss when `tls`,
    /// an IPv6 host in brackets, the port left out when it is the scheme's default (80, or 443
    /// with TLS), the path "/", then the query. An empty QUrl for any other scheme.
    [[nodiscard]] QUrl urlFor(const QString &scheme) const;

    friend bool operator==(const ExposedPortEndpoint &, const ExposedPortEndpoint &) = default;
};

/// A TCP socket in LISTEN state inside a sandbox (from /proc/net/tcp or tcp6).
struct ListeningPort
{
    quint16 port = 0;
    QString address; ///< the local address it is bound to: "127.0.0.1", "0.0.0.0", "::", "::1", ...
    bool ipv6 = false;

    friend bool operator==(const ListeningPort &, const ListeningPort &) = default;
};

/// Checks a list of exposed ports: every entry in 1..65535; duplicates are removed, the first
/// occurrence's order kept. ErrorCode::InvalidInput "exposed port N is out of range (expected
/// 1..65535)" with `source` (e.g. "--port" or "/exposed_ports/2") as detail.
[[nodiscard]] Result<QList<quint16>> validateExposedPorts(const QList<qint64> &ports, const QString &source = {});
/// The same for a JSON value (spec: an int or an array of ints), e.g. a state file's
/// `exposed_ports`. Errors name `pointer` (plus "/<index>" for an array element) in the detail.
[[nodiscard]] Result<QList<quint16>> validateExposedPorts(const QJsonValue &value, const QString &pointer);

} // namespace Sandcastle::Core
