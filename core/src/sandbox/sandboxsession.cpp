// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/sandbox/sandboxsession.h"

#include "sandbox/processtable_p.h"
#include "sandcastle/core/sandbox/sandboxprocess.h"
#include "sandcastle/core/sandbox/workspaceowner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QPointer>
#include <QPromise>
#include <QSaveFile>
#include <QTimer>

Q_LOGGING_CATEGORY(lcSandbox, "sandcastle.core.sandbox")

namespace Sandcastle::Core {

namespace {

template<class T>
QFuture<Result<T>> readyFuture(Result<T> value)
{
    return QtFuture::makeReadyValueFuture(std::move(value));
}

bool isWithin(const QString &path, const QString &root)
{
    return path == root || path.startsWith(root.endsWith(QLatin1Char('/')) ? root : root + QLatin1Char('/'));
}

QString permissionString(const QFileInfo &info)
{
    const QFile::Permissions p = info.permissions();
    QString s;
    s += (p & QFile::ReadOwner) ? QLatin1Char('r') : QLatin1Char('-');
    s += (p & QFile::WriteOwner) ? QLatin1Char('w') : QLatin1Char('-');
    s += (p & QFile::ExeOwner) ? QLatin1Char('x') : QLatin1Char('-');
    s += (p & QFile::ReadGroup) ? QLatin1Char('r') : QLatin1Char('-');
    s += (p & QFile::WriteGroup) ? QLatin1Char('w') : QLatin1Char('-');
    s += (p & QFile::ExeGroup) ? QLatin1Char('x') : QLatin1Char('-');
    s += (p & QFile::ReadOther) ? QLatin1Char('r') : QLatin1Char('-');
    s += (p & QFile::WriteOther) ? QLatin1Char('w') : QLatin1Char('-');
    s += (p & QFile::ExeOther) ? QLatin1Char('x') : QLatin1Char('-');
    return s;
}

} // namespace

SandboxSession::SandboxSession(QObject *parent)
    : QObject(parent)
    , m_table(std::make_unique<Internal::ProcessTable>(kMaxProcesses, 8))
{}

SandboxSession::~SandboxSession()
{
    for (const int id : m_table->ids()) {
        if (SandboxProcess *p = m_table->take(id)) {
            p->kill();
        }
    }
}

void SandboxSession::close()
{
    terminateAllProcesses();
}

int SandboxSession::clampYieldTimeMs(int yieldMs, bool emptyWrite)
{
    int ms = std::clamp(yieldMs, 250, 30000);
    if (emptyWrite) {
        ms = std::max(ms, 5000);
    }
    return ms;
}

QFuture<Result<ProcessChunk>> SandboxSession::startProcess(const ProcessRequest &request, int yieldMs)
{
    if (request.argv.isEmpty()) {
        return readyFuture<ProcessChunk>(fail(ErrorCode::InvalidInput, QStringLiteral("empty command")));
    }
    if (request.tty && !supportsPty()) {
        return readyFuture<ProcessChunk>(
            fail(ErrorCode::Unsupported, QStringLiteral("this sandbox cannot allocate a terminal (tty)")));
    }
    Result<SandboxProcess *> spawned = spawnProcess(request);
    if (!spawned) {
        return readyFuture<ProcessChunk>(std::unexpected(spawned.error()));
    }
    SandboxProcess *process = *spawned;
    process->setParent(this);

    SandboxProcess *evicted = nullptr;
    int evictedId = 0;
    const int id = m_table->insert(process, &evicted, &evictedId);
    if (evicted) {
        qCInfo(lcSandbox) << "process table full: terminating process" << evictedId;
        finishRecord(evictedId, evicted);
        if (evicted->hasExited()) {
            evicted->deleteLater();
        } else {
            connect(evicted, &SandboxProcess::exited, evicted, &QObject::deleteLater);
            evicted->kill();
        }
    }
    if (m_table->size() >= 60) {
        qCWarning(lcSandbox) << "session has" << m_table->size() << "process table entries (limit" << kMaxProcesses
                             << ")";
    }

    CommandRecord record;
    record.id = nextCommandId();
    record.kind = CommandRecord::Kind::Process;
    record.processId = id;
    record.argv = request.argv;
    record.workdir = request.workdir.isEmpty() ? sandboxRoot() : request.workdir;
    record.tty = request.tty;
    record.startedAt = QDateTime::currentDateTimeUtc();
    m_processRecords.insert(id, record);
    Q_EMIT commandStarted(record);
    connect(process, &SandboxProcess::exited, this, [this, id, process] { finishRecord(id, process); });

    return collect(id, yieldMs, 0);
}

QFuture<Result<ProcessChunk>> SandboxSession::writeStdin(int processId, const QByteArray &chars, int yieldMs)
{
    SandboxProcess *process = m_table->use(processId);
    if (!process) {
        return readyFuture<ProcessChunk>(
            fail(ErrorCode::NotFound, QStringLiteral("PTY session not found: %1").arg(processId)));
    }
    if (chars.isEmpty()) {
        return collect(processId, yieldMs, 0);
    }
    if (!process->hasExited()) {
        Result<void> written = process->writeInput(chars);
        if (!written) {
            return readyFuture<ProcessChunk>(std::unexpected(written.error()));
        }
    }
    return collect(processId, yieldMs, 100);
}

QFuture<Result<ProcessChunk>> SandboxSession::collect(int processId, int yieldMs, int delayMs)
{
    auto promise = std::make_shared<QPromise<Result<ProcessChunk>>>();
    promise->start();
    QFuture<Result<ProcessChunk>> future = promise->future();

    QPointer<SandboxProcess> process = m_table->peek(processId);
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    auto done = std::make_shared<bool>(false);
    auto finish = [this, processId, promise, done, timer, process] {
        if (*done) {
            return;
        }
        *done = true;
        timer->stop();
        timer->deleteLater();
        if (!process) {
            promise->addResult(fail(ErrorCode::Cancelled, QStringLiteral("process %1 was terminated").arg(processId)));
            promise->finish();
            return;
        }
        ProcessChunk chunk;
        chunk.output = process->takeOutput();
        if (process->hasExited()) {
            chunk.exitCode = process->exitCode();
            finishRecord(processId, process);
            if (m_table->peek(processId) == process) {
                m_table->take(processId);
                process->deleteLater();
            }
        } else {
            chunk.processId = processId;
        }
        promise->addResult(std::move(chunk));
        promise->finish();
    };
    auto arm = [process, timer, finish, yieldMs] {
        if (!process || process->hasExited() || yieldMs <= 0) {
            finish();
            return;
        }
        connect(process, &SandboxProcess::exited, timer, finish);
        connect(process, &QObject::destroyed, timer, finish);
        connect(timer, &QTimer::timeout, timer, finish);
        timer->start(yieldMs);
    };
    if (delayMs > 0) {
        QTimer::singleShot(delayMs, timer, arm);
    } else {
        arm();
    }
    return future;
}

void SandboxSession::finishRecord(int processId, SandboxProcess *process)
{
    auto it = m_processRecords.find(processId);
    if (it == m_processRecords.end()) {
        return;
    }
    CommandRecord record = *it;
    m_processRecords.erase(it);
    record.exitCode = process->exitCode();
    if (!record.exitCode) {
        record.error = QStringLiteral("terminated (process table full or session closed)");
    }
    record.durationMs = record.startedAt.msecsTo(QDateTime::currentDateTimeUtc());
    record.output = process->transcript();
    announceFinished(std::move(record));
}

void SandboxSession::announceFinished(CommandRecord record)
{
    if (!m_redactor.isEmpty()) {
        record.output = m_redactor.redact(record.output);
    }
    Q_EMIT commandFinished(record);
}

Result<void> SandboxSession::resizeProcess(int processId, int rows, int columns)
{
    SandboxProcess *process = m_table->use(processId);
    if (!process) {
        return fail(ErrorCode::NotFound, QStringLiteral("PTY session not found: %1").arg(processId));
    }
    return process->resize(rows, columns);
}

void SandboxSession::terminateProcess(int processId)
{
    SandboxProcess *process = m_table->take(processId);
    if (!process) {
        return;
    }
    if (process->hasExited()) {
        finishRecord(processId, process);
        process->deleteLater();
        return;
    }
    connect(process, &SandboxProcess::exited, process, &QObject::deleteLater);
    process->kill();
}

void SandboxSession::terminateAllProcesses()
{
    for (const int id : m_table->ids()) {
        terminateProcess(id);
    }
}

int SandboxSession::processCount() const
{
    return m_table->size();
}

QList<int> SandboxSession::processIds() const
{
    return m_table->ids();
}

Result<QString> SandboxSession::resolveHostPath(const QString &path) const
{
    if (path.trimmed().isEmpty()) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("path must not be empty"));
    }
    const QString hostRoot = QDir::cleanPath(workspaceRoot());
    const QString boxRoot = QDir::cleanPath(sandboxRoot());
    QString relative = path;
    if (QDir::isAbsolutePath(path)) {
        const QString clean = QDir::cleanPath(path);
        if (isWithin(clean, boxRoot)) {
            relative = clean.mid(boxRoot.size());
        } else if (isWithin(clean, hostRoot)) {
            relative = clean.mid(hostRoot.size());
        } else {
            return fail(ErrorCode::PermissionDenied, QStringLiteral("path is outside the workspace"), path);
        }
        while (relative.startsWith(QLatin1Char('/'))) {
            relative.remove(0, 1);
        }
    }
    relative = QDir::cleanPath(relative.isEmpty() ? QStringLiteral(".") : relative);
    if (relative == QLatin1String("..") || relative.startsWith(QLatin1String("../"))) {
        return fail(ErrorCode::PermissionDenied, QStringLiteral("path escapes the workspace"), path);
    }
    const QString host = relative == QLatin1String(".") ? hostRoot : hostRoot + QLatin1Char('/') + relative;

    // Symlinks: the real location of the deepest existing component must stay inside the real root.
    const QString realRoot = QFileInfo(hostRoot).canonicalFilePath();
    if (realRoot.isEmpty()) {
        return fail(ErrorCode::NotFound, QStringLiteral("workspace root does not exist"), hostRoot);
    }
    QString probe = host;
    while (true) {
        const QFileInfo info(probe);
        if (info.isSymLink() && !info.exists()) {
            const QString target = QDir::cleanPath(info.absoluteDir().absoluteFilePath(info.symLinkTarget()));
            if (!isWithin(target, realRoot) && !isWithin(target, hostRoot)) {
                return fail(ErrorCode::PermissionDenied, QStringLiteral("path leaves the workspace through a symlink"),
                            path);
            }
        }
        if (info.exists()) {
            if (!isWithin(info.canonicalFilePath(), realRoot)) {
                return fail(ErrorCode::PermissionDenied, QStringLiteral("path leaves the workspace through a symlink"),
                            path);
            }
            break;
        }
        const QString parent = QFileInfo(probe).absolutePath();
        if (parent == probe || !isWithin(parent, hostRoot)) {
            break;
        }
        probe = parent;
    }
    return host;
}

Result<QString> SandboxSession::resolveSandboxPath(const QString &path) const
{
    Result<QString> host = resolveHostPath(path);
    if (!host) {
        return host;
    }
    const QString hostRoot = QDir::cleanPath(workspaceRoot());
    return QDir::cleanPath(sandboxRoot() + host->mid(hostRoot.size()));
}

Result<QByteArray> SandboxSession::readFile(const QString &path)
{
    Result<QString> host = resolveHostPath(path);
    if (!host) {
        return std::unexpected(host.error());
    }
    QFile file(*host);
    if (!file.exists()) {
        return fail(ErrorCode::NotFound, QStringLiteral("file not found"), path);
    }
    if (!file.open(QIODevice::ReadOnly)) {
        return fail(ErrorCode::Io, QStringLiteral("cannot read file: %1").arg(file.errorString()), path);
    }
    return file.readAll();
}

Result<void> SandboxSession::writeFile(const QString &path, const QByteArray &data)
{
    Result<QString> host = resolveHostPath(path);
    if (!host) {
        return std::unexpected(host.error());
    }
    if (!Internal::makePathInheritingOwner(QFileInfo(*host).absolutePath())) {
        return fail(ErrorCode::Io, QStringLiteral("cannot create parent directories"), path);
    }
    QSaveFile file(*host);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        return fail(ErrorCode::Io, QStringLiteral("cannot write file: %1").arg(file.errorString()), path);
    }
    if (!Internal::inheritParentOwner(*host)) {
        return fail(ErrorCode::Io, QStringLiteral("cannot give the file its folder's owner"), path);
    }
    return {};
}

Result<QList<FileEntry>> SandboxSession::listDir(const QString &path)
{
    Result<QString> host = resolveHostPath(path);
    if (!host) {
        return std::unexpected(host.error());
    }
    const QDir dir(*host);
    if (!dir.exists()) {
        return fail(ErrorCode::NotFound, QStringLiteral("directory not found"), path);
    }
    const QString hostRoot = QDir::cleanPath(workspaceRoot());
    QList<FileEntry> entries;
    const auto infos =
        dir.entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDir::Name);
    for (const QFileInfo &info : infos) {
        FileEntry e;
        e.name = info.fileName();
        e.path = QDir::cleanPath(*host + QLatin1Char('/') + e.name).mid(hostRoot.size() + 1);
        e.kind = info.isSymLink() ? FileEntry::Kind::Symlink
                 : info.isDir()   ? FileEntry::Kind::Directory
                 : info.isFile()  ? FileEntry::Kind::File
                                  : FileEntry::Kind::Other;
        e.size = e.kind == FileEntry::Kind::File ? info.size() : 0;
        e.permissions = permissionString(info);
        entries.append(e);
    }
    return entries;
}

Result<void> SandboxSession::remove(const QString &path, bool recursive)
{
    Result<QString> host = resolveHostPath(path);
    if (!host) {
        return std::unexpected(host.error());
    }
    if (QDir::cleanPath(*host) == QDir::cleanPath(workspaceRoot())) {
        return fail(ErrorCode::PermissionDenied, QStringLiteral("refusing to remove the workspace root"), path);
    }
    const QFileInfo info(*host);
    if (!info.exists() && !info.isSymLink()) {
        if (recursive) {
            return {};
        }
        return fail(ErrorCode::NotFound, QStringLiteral("no such file or directory"), path);
    }
    bool ok = false;
    if (info.isDir() && !info.isSymLink()) {
        ok = recursive ? QDir(*host).removeRecursively() : QDir().rmdir(*host);
    } else {
        ok = QFile::remove(*host);
    }
    if (!ok) {
        return fail(ErrorCode::Io, QStringLiteral("cannot remove (not empty or not permitted)"), path);
    }
    return {};
}

Result<void> SandboxSession::makeDir(const QString &path, bool parents)
{
    Result<QString> host = resolveHostPath(path);
    if (!host) {
        return std::unexpected(host.error());
    }
    if (parents) {
        if (!Internal::makePathInheritingOwner(*host)) {
            return fail(ErrorCode::Io, QStringLiteral("cannot create directory"), path);
        }
        return {};
    }
    if (QFileInfo::exists(*host)) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("already exists"), path);
    }
    if (!QDir().mkdir(*host) || !Internal::inheritParentOwner(*host)) {
        return fail(ErrorCode::Io, QStringLiteral("cannot create directory (does the parent exist?)"), path);
    }
    return {};
}

Result<ExposedPortEndpoint> SandboxSession::resolveExposedPort(quint16 port) const
{
    return fail(ErrorCode::NotFound, QStringLiteral("port %1 is not exposed").arg(port),
                QStringLiteral("%1 sandbox").arg(backendId()));
}

QFuture<Result<QList<ListeningPort>>> SandboxSession::listeningPorts()
{
    return readyFuture<QList<ListeningPort>>(fail(
        ErrorCode::Unsupported, QStringLiteral("the %1 sandbox cannot list its listening ports").arg(backendId())));
}

Result<QUrl> SandboxSession::hostUrlForListeningPort(quint16 port)
{
    if (exposedPorts().contains(port)) {
        Result<ExposedPortEndpoint> endpoint = resolveExposedPort(port);
        if (!endpoint) {
            return std::unexpected(endpoint.error());
        }
        return endpoint->urlFor(QStringLiteral("http"));
    }
    return fail(ErrorCode::Unsupported,
                QStringLiteral("port %1 is not exposed and the %2 sandbox offers no other way to reach it")
                    .arg(port)
                    .arg(backendId()));
}

ExecCall SandboxSession::beginExec(ExecState &state, const ExecRequest &request, bool *accepted)
{
    ExecCall call;
    call.id = nextCommandId();
    state.promise.start();
    call.future = state.promise.future();
    state.record.id = call.id;
    state.record.kind = CommandRecord::Kind::Exec;
    state.record.argv = request.argv;
    state.record.workdir = request.workdir.isEmpty() ? sandboxRoot() : request.workdir;
    state.record.startedAt = QDateTime::currentDateTimeUtc();
    *accepted = !request.argv.isEmpty() && !request.argv.first().isEmpty();
    if (!*accepted) {
        rejectExec(state, call, Error{ErrorCode::InvalidInput, QStringLiteral("empty command"), {}});
    }
    return call;
}

ExecCall SandboxSession::rejectExec(ExecState &state, const ExecCall &call, Error error)
{
    state.promise.emplaceResult(std::unexpect, std::move(error));
    state.promise.finish();
    return call;
}

} // namespace Sandcastle::Core
