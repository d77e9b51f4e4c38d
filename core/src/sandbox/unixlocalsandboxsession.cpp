// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/sandbox/unixlocalsandboxsession.h"

#include "sandbox/unixlocal/hostmasks_p.h"
#include "sandbox/unixlocal/localprocess_p.h"
#include "sandbox/unixlocal/procscan_p.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QProcess>
#include <QPromise>
#include <QStandardPaths>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <csignal>

namespace Sandcastle::Core {

struct UnixLocalSandboxSession::RunningExec : ExecState
{
    QPointer<QProcess> process;
    std::optional<Error> forcedError; ///< timeout or cancel: reported instead of the exit status
};

UnixLocalSandboxSession::UnixLocalSandboxSession(SandboxOptions options, ConfinementReport confinement,
                                                 QList<quint16> exposedPorts, QObject *parent)
    : SandboxSession(parent)
    , m_options(std::move(options))
    , m_confinement(std::move(confinement))
    , m_root(QDir::cleanPath(m_options.workspaceDir))
    , m_exposedPorts(std::move(exposedPorts))
{}

UnixLocalSandboxSession::~UnixLocalSandboxSession()
{
    const auto ids = m_execs.keys();
    for (const quint64 id : ids) {
        const std::shared_ptr<RunningExec> running = m_execs.value(id);
        if (running->process && running->process->state() != QProcess::NotRunning) {
            Internal::signalProcessGroup(running->process->processId(), SIGKILL);
        }
        finishExec(id, fail(ErrorCode::Cancelled, QStringLiteral("sandbox session closed")));
    }
}

QString UnixLocalSandboxSession::describe() const
{
    QString network = m_options.networkAllowed   ? QStringLiteral("network allowed")
                      : m_exposedPorts.isEmpty() ? QStringLiteral("no network")
                                                 : QStringLiteral("host network shared for the exposed ports");
    if (!m_exposedPorts.isEmpty()) {
        QStringList ports;
        for (const quint16 p : m_exposedPorts) {
            ports << QString::number(p);
        }
        network += QStringLiteral(", exposed ports ") + ports.join(QStringLiteral(", "));
    }
    if (m_confinement.mode == Confinement::Bubblewrap) {
        return QStringLiteral(
                   "unix_local in %1, confined by bubblewrap (read-only root, private /tmp, PID namespace, %2): %3")
            .arg(m_root, network, m_confinement.reason);
    }
    return QStringLiteral("unix_local in %1, NOT confined: commands run with the user's full rights on the host (%2)")
        .arg(m_root, m_confinement.reason);
}

QFuture<Result<void>> UnixLocalSandboxSession::start()
{
    if (!QDir().mkpath(m_root)) {
        return QtFuture::makeReadyValueFuture(
            Result<void>(fail(ErrorCode::Io, QStringLiteral("cannot create the workspace directory"), m_root)));
    }
    m_running = true;
    return QtFuture::makeReadyValueFuture(Result<void>());
}

void UnixLocalSandboxSession::close()
{
    SandboxSession::close();
    const auto ids = m_execs.keys();
    for (const quint64 id : ids) {
        killExec(id, Error{ErrorCode::Cancelled, QStringLiteral("sandbox session closed"), {}});
    }
    m_running = false;
}

QProcessEnvironment UnixLocalSandboxSession::environment(bool tty) const
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("PATH"), UnixLocalSandboxClient::fixedPath());
    env.insert(QStringLiteral("HOME"), m_root);
    env.insert(QStringLiteral("USER"), QStringLiteral("sandbox"));
    env.insert(QStringLiteral("LOGNAME"), QStringLiteral("sandbox"));
    env.insert(QStringLiteral("TMPDIR"), QStringLiteral("/tmp"));
    env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    env.insert(QStringLiteral("SHELL"), QStringLiteral("/bin/sh"));
    env.insert(QStringLiteral("TERM"), tty ? QStringLiteral("xterm-256color") : QStringLiteral("dumb"));
    for (auto it = m_options.environment.cbegin(); it != m_options.environment.cend(); ++it) {
        env.insert(it.key(), it.value());
    }
    return env;
}

QStringList UnixLocalSandboxSession::commandLine(const QStringList &argv, const QString &workdir, bool tty) const
{
    if (m_confinement.mode != Confinement::Bubblewrap) {
        QStringList line = argv;
        if (!line.first().contains(QLatin1Char('/'))) {
            const QString found = QStandardPaths::findExecutable(
                line.first(), UnixLocalSandboxClient::fixedPath().split(QLatin1Char(':')));
            if (!found.isEmpty()) {
                line[0] = found;
            }
        }
        return line;
    }
    QStringList line{m_confinement.bwrapPath, QStringLiteral("--die-with-parent"), QStringLiteral("--unshare-pid"),
                     QStringLiteral("--unshare-ipc")};
    if (!sharesHostNetwork()) {
        line << QStringLiteral("--unshare-net");
    }
    if (!tty) {
        // No controlling terminal to steal input from; a tty command needs to keep its session.
        line << QStringLiteral("--new-session");
    }
    line << QStringLiteral("--ro-bind") << QStringLiteral("/") << QStringLiteral("/");
    line << QStringLiteral("--dev") << QStringLiteral("/dev") << QStringLiteral("--proc") << QStringLiteral("/proc");
    line << QStringLiteral("--tmpfs") << QStringLiteral("/tmp");
    // /run holds daemon sockets (dockerd, dbus): a read-only bind still lets clients connect.
    line << QStringLiteral("--tmpfs") << QStringLiteral("/run");
    if (m_options.networkAllowed) {
        line << QStringLiteral("--ro-bind-try") << QStringLiteral("/run/systemd/resolve")
             << QStringLiteral("/run/systemd/resolve");
    }
    // The rest of the host's secrets and sockets: homes, the runtime dir, Sandcastle's own data and
    // journals, the Docker, D-Bus and agent sockets (SECURITY.md). A mask outside every bound path is
    // applied before the binds, so that a workspace or grant inside a masked folder is still there;
    // one inside the workspace or a grant (Sandcastle's data dir in a workspace that is the home)
    // is applied after them, or the bind would uncover it again.
    const Internal::HostMasks masks = Internal::currentHostMasks();
    QStringList bound{QFileInfo(m_root).canonicalFilePath()};
    for (const QString &path : m_options.writablePaths + m_options.readOnlyPaths) {
        bound << QFileInfo(path).canonicalFilePath();
    }
    auto insideBound = [&bound](const QString &path) {
        return std::ranges::any_of(bound, [&path](const QString &b) {
            return !b.isEmpty() && (path == b || path.startsWith(b + QLatin1Char('/')) || b == QLatin1String("/"));
        });
    };
    auto addMasks = [&](bool afterBinds) {
        for (const QString &dir : masks.dirs) {
            if (insideBound(dir) == afterBinds) {
                line << QStringLiteral("--tmpfs") << dir;
            }
        }
        for (const QString &socket : masks.sockets) {
            if (insideBound(socket) == afterBinds) {
                line << QStringLiteral("--ro-bind") << QStringLiteral("/dev/null") << socket;
            }
        }
    };
    addMasks(false);
    line << QStringLiteral("--bind") << m_root << m_root;
    for (const QString &path : m_options.writablePaths) {
        line << QStringLiteral("--bind") << path << path;
    }
    for (const QString &path : m_options.readOnlyPaths) {
        line << QStringLiteral("--ro-bind") << path << path;
    }
    addMasks(true);
    // The masks are empty and read-only, except for the workspace and grants bound into them.
    for (const QString &dir : masks.dirs) {
        line << QStringLiteral("--remount-ro") << dir;
    }
    line << QStringLiteral("--chdir") << (workdir.isEmpty() ? m_root : workdir) << QStringLiteral("--");
    line << argv;
    return line;
}

ExecCall UnixLocalSandboxSession::exec(const ExecRequest &request)
{
    auto running = std::make_shared<RunningExec>();
    bool accepted = false;
    const ExecCall call = beginExec(*running, request, &accepted);
    if (!accepted) {
        return call;
    }
    auto reject = [&](Error error) { return rejectExec(*running, call, std::move(error)); };
    if (!QFileInfo(m_root).isDir()) {
        return reject(Error{ErrorCode::NotFound, QStringLiteral("workspace root does not exist"), m_root});
    }
    const QString workdir = request.workdir.isEmpty() ? m_root : request.workdir;

    auto *process = new QProcess(this);
    running->process = process;
    const QStringList line = commandLine(request.argv, workdir, false);
    process->setProgram(line.first());
    process->setArguments(line.mid(1));
    process->setProcessEnvironment(environment(false));
    process->setWorkingDirectory(m_confinement.mode == Confinement::Bubblewrap ? m_root : workdir);
    process->setUnixProcessParameters(QProcess::UnixProcessFlag::CreateNewSession |
                                      QProcess::UnixProcessFlag::ResetSignalHandlers |
                                      QProcess::UnixProcessFlag::UseVFork);
    const quint64 id = call.id;
    m_execs.insert(id, running);

    connect(process, &QProcess::finished, this, [this, id, running](int exitCode, QProcess::ExitStatus status) {
        if (running->forcedError) {
            finishExec(id, std::unexpected(*running->forcedError));
            return;
        }
        ExecResult result;
        result.stdoutData = running->process->readAllStandardOutput();
        result.stderrData = running->process->readAllStandardError();
        result.exitCode = status == QProcess::CrashExit ? 128 + exitCode : exitCode;
        result.durationMs = running->clock.elapsed();
        finishExec(id, std::move(result));
    });
    connect(process, &QProcess::errorOccurred, this, [this, id, running](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            finishExec(id, fail(ErrorCode::Sandbox, QStringLiteral("command could not be started"),
                                running->process ? running->process->errorString() : QString()));
        }
    });
    if (request.timeoutMs > 0) {
        const int timeoutMs = request.timeoutMs;
        QTimer::singleShot(timeoutMs, process, [this, id, timeoutMs] {
            killExec(id, Error{ErrorCode::Timeout,
                               QStringLiteral("Command timed out after %1 seconds").arg(timeoutMs / 1000.0, 0, 'f', 3),
                               {}});
        });
    }

    Q_EMIT commandStarted(running->record);
    running->clock.start();
    process->start();
    trackCommand(process->processId());
    if (!request.stdinData.isEmpty()) {
        process->write(request.stdinData);
    }
    process->closeWriteChannel();
    return call;
}

void UnixLocalSandboxSession::cancelExec(quint64 execId)
{
    killExec(execId, Error{ErrorCode::Cancelled, QStringLiteral("command cancelled"), {}});
}

void UnixLocalSandboxSession::killExec(quint64 id, Error reason)
{
    const std::shared_ptr<RunningExec> running = m_execs.value(id);
    if (!running || running->forcedError) {
        return;
    }
    running->forcedError = std::move(reason);
    if (running->process && running->process->state() != QProcess::NotRunning) {
        Internal::signalProcessGroup(running->process->processId(), SIGKILL);
    } else {
        finishExec(id, std::unexpected(*running->forcedError));
    }
}

void UnixLocalSandboxSession::finishExec(quint64 id, Result<ExecResult> result)
{
    const std::shared_ptr<RunningExec> running = m_execs.take(id);
    if (!running) {
        return;
    }
    CommandRecord record = running->record;
    record.durationMs = running->clock.isValid() ? running->clock.elapsed() : 0;
    if (result) {
        record.exitCode = result->exitCode;
        record.output = QByteArray(result->stdoutData + result->stderrData).left(64 * 1024);
    } else {
        record.error = result.error().toString();
    }
    if (running->process) {
        running->process->disconnect(this);
        running->process->deleteLater();
    }
    running->promise.addResult(std::move(result));
    running->promise.finish();
    announceFinished(std::move(record));
}

Result<SandboxProcess *> UnixLocalSandboxSession::spawnProcess(const ProcessRequest &request)
{
    if (!QFileInfo(m_root).isDir()) {
        return fail(ErrorCode::NotFound, QStringLiteral("workspace root does not exist"), m_root);
    }
    const QString workdir = request.workdir.isEmpty() ? m_root : request.workdir;
    auto process = std::make_unique<Internal::LocalProcess>(request.tty);
    Result<void> started =
        process->start(commandLine(request.argv, workdir, request.tty), environment(request.tty),
                       m_confinement.mode == Confinement::Bubblewrap ? m_root : workdir, request.rows, request.columns);
    if (!started) {
        return std::unexpected(started.error());
    }
    trackCommand(process->pid());
    return process.release();
}

void UnixLocalSandboxSession::trackCommand(qint64 pid)
{
    if (pid > 0) {
        m_sessionIds.insert(pid); // every command starts a new session: its pid is the session id
    }
}

bool UnixLocalSandboxSession::sharesHostNetwork() const
{
    return m_confinement.mode != Confinement::Bubblewrap || m_options.networkAllowed || !m_exposedPorts.isEmpty();
}

Result<ExposedPortEndpoint> UnixLocalSandboxSession::resolveExposedPort(quint16 port) const
{
    if (port == 0) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("port 0 cannot be exposed"));
    }
    if (!m_exposedPorts.isEmpty() && !m_exposedPorts.contains(port)) {
        QStringList ports;
        for (const quint16 p : m_exposedPorts) {
            ports << QString::number(p);
        }
        return fail(ErrorCode::NotFound, QStringLiteral("port %1 is not exposed").arg(port),
                    QStringLiteral("exposed ports: %1").arg(ports.join(QStringLiteral(", "))));
    }
    return ExposedPortEndpoint{QStringLiteral("127.0.0.1"), port, false, {}};
}

QFuture<Result<QList<ListeningPort>>> UnixLocalSandboxSession::listeningPorts()
{
    const QSet<qint64> ids = m_sessionIds;
    if (ids.isEmpty()) {
        return QtFuture::makeReadyValueFuture(Result<QList<ListeningPort>>(QList<ListeningPort>()));
    }
    return QtConcurrent::run([ids] { return Internal::scanListeningPorts(ids); })
        .then(this, [this, ids](const Result<Internal::ProcScanResult> &scan) -> Result<QList<ListeningPort>> {
            if (!scan) {
                return std::unexpected(scan.error());
            }
            // Commands started while the scan ran keep their ids; sessions with no process left go.
            m_sessionIds.subtract(ids);
            m_sessionIds.unite(scan->sessionIds);
            return scan->ports;
        });
}

Result<QUrl> UnixLocalSandboxSession::hostUrlForListeningPort(quint16 port)
{
    if (m_exposedPorts.contains(port) || sharesHostNetwork()) {
        QUrl url;
        url.setScheme(QStringLiteral("http"));
        url.setHost(QStringLiteral("127.0.0.1"));
        url.setPort(port);
        url.setPath(QStringLiteral("/"));
        return url;
    }
    return fail(ErrorCode::Unsupported,
                QStringLiteral("port %1 listens in the sandbox's own network namespace (bubblewrap --unshare-net), "
                               "which the host cannot reach; declare it as an exposed port (sandcastle run --port %1) "
                               "or allow the network")
                    .arg(port));
}

QJsonObject UnixLocalSandboxSession::state() const
{
    QJsonArray ports;
    for (const quint16 p : m_exposedPorts) {
        ports.append(int(p));
    }
    return QJsonObject{
        {QStringLiteral("backend"), QStringLiteral("unix_local")},
        {QStringLiteral("version"), 1},
        {QStringLiteral("workspace_dir"), m_root},
        {QStringLiteral("confinement"), confinementName(m_confinement.mode)},
        {QStringLiteral("network"), m_options.networkAllowed},
        {QStringLiteral("exposed_ports"), ports},
    };
}

} // namespace Sandcastle::Core
