// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/sandbox/unixlocalsandboxclient.h"

#include "sandcastle/core/sandbox/unixlocalsandboxsession.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QPromise>
#include <QStandardPaths>

namespace Sandcastle::Core {

QString confinementName(Confinement confinement)
{
    switch (confinement) {
    case Confinement::Auto:
        return QStringLiteral("auto");
    case Confinement::Bubblewrap:
        return QStringLiteral("bwrap");
    case Confinement::None:
        return QStringLiteral("none");
    }
    return {};
}

std::optional<Confinement> confinementFromName(const QString &name)
{
    for (const Confinement c : {Confinement::Auto, Confinement::Bubblewrap, Confinement::None}) {
        if (confinementName(c) == name) {
            return c;
        }
    }
    return std::nullopt;
}

UnixLocalSandboxClient::UnixLocalSandboxClient(Confinement confinement, QObject *parent)
    : SandboxClient(parent)
    , m_confinement(confinement)
{}

void UnixLocalSandboxClient::setBwrapPath(const QString &path)
{
    m_bwrapPath = path;
    m_probeResult.reset();
}

QString UnixLocalSandboxClient::fixedPath()
{
    return QStringLiteral("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
}

QString UnixLocalSandboxClient::explainBwrapFailure(int exitCode, const QByteArray &stderrData)
{
    const QString text = QString::fromUtf8(stderrData).trimmed();
    if (text.contains(QLatin1String("Failed to make / slave"))) {
        return QStringLiteral(
                   "bubblewrap cannot set up its mount namespace because '/' is not a mount point, which is typical "
                   "inside a chroot or some containers (bwrap: %1). Bind-mount the root directory onto itself before "
                   "entering it (mount --bind DIR DIR), or choose confinement \"none\" to run commands unconfined.")
            .arg(text);
    }
    if (text.contains(QLatin1String("No permissions to create new namespace")) ||
        text.contains(QLatin1String("Creating new namespace failed")) ||
        text.contains(QLatin1String("setting up uid map"))) {
        return QStringLiteral("bubblewrap may not create namespaces here (bwrap: %1). Allow unprivileged user "
                              "namespaces (sysctl kernel.unprivileged_userns_clone=1, or the AppArmor profile for "
                              "bwrap), or choose confinement \"none\" to run commands unconfined.")
            .arg(text);
    }
    return QStringLiteral("bubblewrap failed with exit code %1: %2")
        .arg(exitCode)
        .arg(text.isEmpty() ? QStringLiteral("(no message)") : text);
}

QFuture<Result<SandboxSession *>> UnixLocalSandboxClient::create(const SandboxOptions &options)
{
    auto ready = [](Result<SandboxSession *> r) { return QtFuture::makeReadyValueFuture(std::move(r)); };
    if (options.workspaceDir.isEmpty() || !QDir::isAbsolutePath(options.workspaceDir)) {
        return ready(fail(ErrorCode::InvalidInput, QStringLiteral("the workspace directory must be an absolute path"),
                          options.workspaceDir));
    }
    for (const QString &grant : options.readOnlyPaths + options.writablePaths) {
        if (!QDir::isAbsolutePath(grant) || !QFileInfo::exists(grant)) {
            return ready(
                fail(ErrorCode::InvalidInput, QStringLiteral("path grants must be existing absolute paths"), grant));
        }
    }
    for (const quint16 port : m_exposedPorts) {
        if (port == 0) {
            return ready(
                fail(ErrorCode::InvalidInput, QStringLiteral("exposed port 0 is out of range (expected 1..65535)")));
        }
    }
    if (m_confinement == Confinement::None) {
        ConfinementReport report;
        report.mode = Confinement::None;
        report.reason = QStringLiteral("confinement \"none\" chosen by the user");
        return ready(makeSession(options, report));
    }

    const QString bwrap = m_bwrapPath.isEmpty() ? QStandardPaths::findExecutable(QStringLiteral("bwrap"),
                                                                                 fixedPath().split(QLatin1Char(':')))
                                                : m_bwrapPath;
    auto finishWith = [this, options](const Result<ConfinementReport> &probe) -> Result<SandboxSession *> {
        if (!probe) {
            Error error = probe.error();
            if (m_confinement == Confinement::Auto) {
                error.message += QStringLiteral(" Commands were not started unconfined: choose confinement \"none\" "
                                                "explicitly to run them without a sandbox.");
            }
            return std::unexpected(error);
        }
        return makeSession(options, *probe);
    };
    if (bwrap.isEmpty()) {
        return ready(finishWith(fail(ErrorCode::Sandbox, QStringLiteral("bubblewrap (bwrap) is not installed."))));
    }
    if (m_probeResult) {
        return ready(finishWith(*m_probeResult));
    }

    // Probe: the same namespaces a command gets, running `true`.
    auto promise = std::make_shared<QPromise<Result<SandboxSession *>>>();
    promise->start();
    auto *process = new QProcess(this);
    process->setProgram(bwrap);
    process->setArguments({QStringLiteral("--die-with-parent"), QStringLiteral("--unshare-pid"),
                           QStringLiteral("--unshare-net"), QStringLiteral("--ro-bind"), QStringLiteral("/"),
                           QStringLiteral("/"), QStringLiteral("--dev"), QStringLiteral("/dev"),
                           QStringLiteral("--proc"), QStringLiteral("/proc"), QStringLiteral("--tmpfs"),
                           QStringLiteral("/tmp"), QStringLiteral("--"), QStringLiteral("true")});
    QProcessEnvironment env;
    env.insert(QStringLiteral("PATH"), fixedPath());
    process->setProcessEnvironment(env);
    auto done = std::make_shared<bool>(false);
    auto complete = [this, promise, done, process, finishWith](const Result<ConfinementReport> &probe) {
        if (*done) {
            return;
        }
        *done = true;
        m_probeResult = probe;
        process->deleteLater();
        promise->addResult(finishWith(probe));
        promise->finish();
    };
    connect(process, &QProcess::finished, this, [process, bwrap, complete](int exitCode, QProcess::ExitStatus status) {
        if (status == QProcess::NormalExit && exitCode == 0) {
            ConfinementReport report;
            report.mode = Confinement::Bubblewrap;
            report.bwrapPath = bwrap;
            report.reason = QStringLiteral("bubblewrap probe succeeded (%1)").arg(bwrap);
            complete(report);
            return;
        }
        complete(fail(ErrorCode::Sandbox, explainBwrapFailure(exitCode, process->readAllStandardError())));
    });
    connect(process, &QProcess::errorOccurred, this, [process, complete](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            complete(fail(ErrorCode::Sandbox,
                          QStringLiteral("bubblewrap could not be started: %1.").arg(process->errorString())));
        }
    });
    process->start();
    return promise->future();
}

Result<SandboxSession *> UnixLocalSandboxClient::makeSession(const SandboxOptions &options,
                                                             const ConfinementReport &report)
{
    QList<quint16> ports;
    for (const quint16 port : m_exposedPorts) {
        if (!ports.contains(port)) {
            ports.append(port);
        }
    }
    return new UnixLocalSandboxSession(options, report, ports, this);
}

} // namespace Sandcastle::Core
