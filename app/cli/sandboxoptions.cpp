// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/sandboxoptions.h"

#include "sandcastle/core/sandbox/exposedports.h"

namespace Sandcastle::App::Cli {

SandboxOptions::SandboxOptions()
    : m_client(QStringLiteral("client"), QStringLiteral("unix|docker"), QStringLiteral("CLIENT"),
               QStringLiteral("unix"))
    , m_image(QStringLiteral("image"), QStringLiteral("Docker image"), QStringLiteral("NAME"))
    , m_cpus(QStringLiteral("cpus"), QStringLiteral("Docker CPU limit"), QStringLiteral("N"))
    , m_memory(QStringLiteral("memory"), QStringLiteral("Docker memory limit in MiB"), QStringLiteral("MIB"))
    , m_confine(QStringLiteral("confine"), QStringLiteral("auto|bwrap|none"), QStringLiteral("MODE"),
                QStringLiteral("auto"))
    , m_network(QStringLiteral("network"), QStringLiteral("allow network access"))
    , m_port(QStringLiteral("port"), QStringLiteral("exposed port (repeatable)"), QStringLiteral("N"))
{}

void SandboxOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({m_client, m_image, m_cpus, m_memory, m_confine, m_network, m_port});
}

std::optional<QString> SandboxOptions::apply(const QCommandLineParser &parser, Core::AgentRunOptions &options) const
{
    const QString client = parser.value(m_client);
    if (client == QLatin1String("unix") || client == QLatin1String("unix_local")) {
        options.client = QStringLiteral("unix_local");
    } else if (client == QLatin1String("docker")) {
        options.client = QStringLiteral("docker");
    } else {
        return QStringLiteral("--client must be unix or docker (got \"%1\")").arg(client);
    }
    if (options.client != QLatin1String("docker") &&
        (parser.isSet(m_image) || parser.isSet(m_cpus) || parser.isSet(m_memory))) {
        return QStringLiteral("--image, --cpus and --memory need --client docker");
    }
    if (options.client == QLatin1String("docker") && parser.isSet(m_confine)) {
        return QStringLiteral("--confine applies to --client unix (a container is the docker client's confinement)");
    }
    options.docker.image = parser.value(m_image);
    if (parser.isSet(m_cpus)) {
        bool okCpus = false;
        const double cpus = parser.value(m_cpus).toDouble(&okCpus);
        if (!okCpus || cpus <= 0) {
            return QStringLiteral("--cpus must be a positive number (got \"%1\")").arg(parser.value(m_cpus));
        }
        options.docker.nanoCpus = qint64(cpus * 1e9);
    }
    if (parser.isSet(m_memory)) {
        bool okMemory = false;
        const qint64 mib = parser.value(m_memory).toLongLong(&okMemory);
        if (!okMemory || mib < 6) {
            return QStringLiteral("--memory must be a number of MiB, at least 6 (got \"%1\")")
                .arg(parser.value(m_memory));
        }
        options.docker.memoryBytes = mib * 1024 * 1024;
    }
    const std::optional<Core::Confinement> confinement = Core::confinementFromName(parser.value(m_confine));
    if (!confinement) {
        return QStringLiteral("--confine must be auto, bwrap or none (got \"%1\")").arg(parser.value(m_confine));
    }
    options.confinement = *confinement;
    options.networkAllowed = parser.isSet(m_network);
    QList<qint64> ports;
    for (const QString &value : parser.values(m_port)) {
        bool okPort = false;
        ports.append(value.toLongLong(&okPort));
        if (!okPort) {
            return QStringLiteral("--port must be a port number in 1..65535 (got \"%1\")").arg(value);
        }
    }
    const Core::Result<QList<quint16>> exposed = Core::validateExposedPorts(ports, QStringLiteral("--port"));
    if (!exposed) {
        return QStringLiteral("--port: ") + exposed.error().message;
    }
    options.exposedPorts = *exposed;
    if (options.client == QLatin1String("docker") && !options.exposedPorts.isEmpty() && !options.networkAllowed) {
        return QStringLiteral("--port with --client docker needs --network: the port is published from the "
                              "container's network, which is off without it");
    }
    return std::nullopt;
}

} // namespace Sandcastle::App::Cli
