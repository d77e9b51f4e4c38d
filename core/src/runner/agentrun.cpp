// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/runner/agentrun.h"

#include "sandcastle/core/capabilities/compaction/compactioncapability.h"
#include "sandcastle/core/capabilities/filesystem/filesystemcapability.h"
#include "sandcastle/core/capabilities/shell/shellcapability.h"
#include "sandcastle/core/credentials/credentialstore.h"
#include "sandcastle/core/manifest/manifestenvironment.h"
#include "sandcastle/core/manifest/materializer.h"
#include "sandcastle/core/model/chatcompletionsclient.h"
#include "sandcastle/core/model/responsesclient.h"
#include "sandcastle/core/runner/tracewriter.h"
#include "sandcastle/core/sandbox/docker/dockersandboxsession.h"
#include "sandcastle/core/sandbox/sandboxsession.h"
#include "sandcastle/core/sandbox/unixlocalsandboxsession.h"

#include <QDir>
#include <QFileInfo>

namespace Sandcastle::Core {

namespace {

QString mebibytes(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1) + QStringLiteral(" MiB");
}

QString confinementName(Confinement c)
{
    switch (c) {
    case Confinement::Auto:
        return QStringLiteral("auto");
    case Confinement::Bubblewrap:
        return QStringLiteral("bwrap");
    case Confinement::None:
        return QStringLiteral("none");
    }
    return {};
}

bool isEmptyOrMissingDir(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        return true;
    }
    return info.isDir() && QDir(path).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System);
}

} // namespace

QStringList AgentRunOptions::defaultCapabilities()
{
    return {QStringLiteral("filesystem"), QStringLiteral("shell"), QStringLiteral("compaction")};
}

QStringList AgentRunOptions::knownCapabilities()
{
    return defaultCapabilities();
}

AgentRun::AgentRun(AgentRunOptions options, CredentialStore *credentials, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_credentials(credentials)
{}

AgentRun::~AgentRun()
{
    if (m_runner && m_runner->isRunning()) {
        m_runner->cancel();
    }
    close();
}

Result<void> AgentRun::validate() const
{
    const auto bad = [](const QString &message, const QString &detail = {}) -> Result<void> {
        return std::unexpected(Error{ErrorCode::InvalidInput, message, detail});
    };
    if (m_options.workspaceDir.isEmpty() || !QDir::isAbsolutePath(m_options.workspaceDir)) {
        return bad(QStringLiteral("the workspace directory must be an absolute path"), m_options.workspaceDir);
    }
    if (const QFileInfo info(m_options.workspaceDir); info.exists() && !info.isDir()) {
        return bad(QStringLiteral("the workspace path exists and is not a directory"), m_options.workspaceDir);
    }
    if (m_options.client != QLatin1String("unix_local") && m_options.client != QLatin1String("docker")) {
        return bad(
            QStringLiteral("unknown sandbox client \"%1\" (expected unix_local or docker)").arg(m_options.client));
    }
    if (m_options.api != QLatin1String("responses") && m_options.api != QLatin1String("chat")) {
        return bad(QStringLiteral("unknown model API \"%1\" (expected responses or chat)").arg(m_options.api));
    }
    for (const QString &c : m_options.capabilities) {
        if (!AgentRunOptions::knownCapabilities().contains(c)) {
            return bad(QStringLiteral("unknown capability \"%1\" (expected one of: %2)")
                           .arg(c, AgentRunOptions::knownCapabilities().join(QStringLiteral(", "))));
        }
    }
    if (QStringList unique = m_options.capabilities; unique.removeDuplicates() != 0) {
        return bad(QStringLiteral("a capability is listed twice"), m_options.capabilities.join(QLatin1Char(',')));
    }
    if (m_options.run.model.isEmpty()) {
        return bad(QStringLiteral("no model name given"));
    }
    if (!m_options.provider.baseUrl.isValid() || m_options.provider.baseUrl.scheme().isEmpty()) {
        return bad(QStringLiteral("the provider base URL is not a valid URL"), m_options.provider.baseUrl.toString());
    }
    if (m_options.run.maxTurns < 1) {
        return bad(QStringLiteral("max turns must be at least 1"), QString::number(m_options.run.maxTurns));
    }
    return {};
}

void AgentRun::start(const QString &prompt)
{
    if (m_started) {
        qWarning("AgentRun::start() called twice; ignored");
        return;
    }
    m_started = true;
    m_prompt = prompt;
    if (const Result<void> ok = validate(); !ok) {
        // Asynchronous like every other outcome, so callers connect after start() safely.
        QMetaObject::invokeMethod(this, [this, error = ok.error()] { fail(error); }, Qt::QueuedConnection);
        return;
    }
    QMetaObject::invokeMethod(this, &AgentRun::materialize, Qt::QueuedConnection);
}

void AgentRun::materialize()
{
    if (m_cancelled) {
        return;
    }
    if (!m_options.manifest || !isEmptyOrMissingDir(m_options.workspaceDir)) {
        m_reusedWorkspace = QFileInfo::exists(m_options.workspaceDir) && !isEmptyOrMissingDir(m_options.workspaceDir);
        if (!QDir().mkpath(m_options.workspaceDir)) {
            fail(Error{ErrorCode::Io, QStringLiteral("cannot create the workspace directory"), m_options.workspaceDir});
            return;
        }
        resolveEnvironment();
        return;
    }
    // Materializer refuses an existing empty directory only when it is not a directory; an
    // empty one is replaced by the staged tree.
    m_materializer = std::make_unique<Materializer>();
    connect(m_materializer.get(), &Materializer::progress, this, [this](qint64 done, qint64 total, qint64 bytes) {
        Q_EMIT preparing(QStringLiteral("materializing %1/%2 entries, %3").arg(done).arg(total).arg(mebibytes(bytes)));
    });
    connect(m_materializer.get(), &Materializer::finished, this, [this](const Result<MaterializeReport> &result) {
        if (!result) {
            fail(result.error());
            return;
        }
        Q_EMIT preparing(
            QStringLiteral("materialized %1 entries (%2)").arg(result->items).arg(mebibytes(result->bytes)));
        resolveEnvironment();
    });
    m_materializer->start(*m_options.manifest, m_options.workspaceDir);
}

void AgentRun::resolveEnvironment()
{
    if (m_cancelled) {
        return;
    }
    if (!m_options.manifest || m_options.manifest->environment.isEmpty()) {
        createSandbox({});
        return;
    }
    MemoryCredentialStore noSecrets;
    CredentialStore &store = m_credentials ? *m_credentials : noSecrets;
    Core::resolveEnvironment(*m_options.manifest, store).then(this, [this](const Result<QHash<QString, QString>> &env) {
        if (!env) {
            fail(env.error());
            return;
        }
        QMap<QString, QString> sorted;
        for (auto it = env->cbegin(); it != env->cend(); ++it) {
            sorted.insert(it.key(), it.value());
        }
        createSandbox(sorted);
    });
}

void AgentRun::createSandbox(const QMap<QString, QString> &environment)
{
    if (m_cancelled) {
        return;
    }
    Q_EMIT preparing(QStringLiteral("starting the %1 sandbox").arg(m_options.client));
    SandboxOptions options;
    options.workspaceDir = QFileInfo(m_options.workspaceDir).absoluteFilePath();
    if (m_options.manifest) {
        options.manifestRoot = m_options.manifest->root;
    }
    options.environment = environment;
    options.networkAllowed = m_options.networkAllowed;
    if (m_options.client == QLatin1String("docker")) {
        DockerSandboxOptions docker = m_options.docker;
        docker.networkEnabled = docker.networkEnabled || m_options.networkAllowed;
        m_client = std::make_unique<DockerSandboxClient>(docker);
    } else {
        m_client = std::make_unique<UnixLocalSandboxClient>(m_options.confinement);
    }
    m_client->create(options).then(this, [this](const Result<SandboxSession *> &created) {
        if (!created) {
            fail(created.error());
            return;
        }
        m_session = *created;
        m_session->setParent(this);
        m_session->start().then(this, [this](const Result<void> &started) {
            if (!started) {
                fail(started.error());
                return;
            }
            Q_EMIT sandboxReady(m_session);
            startRunner();
        });
    });
}

QJsonObject AgentRun::sandboxDescription() const
{
    QJsonObject data{{QStringLiteral("client"), m_session->backendId()},
                     {QStringLiteral("workspace"), m_session->workspaceRoot()},
                     {QStringLiteral("sandbox_root"), m_session->sandboxRoot()},
                     {QStringLiteral("network"), m_options.networkAllowed},
                     {QStringLiteral("reused_workspace"), m_reusedWorkspace},
                     {QStringLiteral("description"), m_session->describe()}};
    if (const auto *local = qobject_cast<const UnixLocalSandboxSession *>(m_session.data())) {
        data.insert(QStringLiteral("confinement"), confinementName(local->confinementReport().mode));
        data.insert(QStringLiteral("requested_confinement"), confinementName(m_options.confinement));
        data.insert(QStringLiteral("reason"), local->confinementReport().reason);
    } else if (const auto *docker = qobject_cast<const DockerSandboxSession *>(m_session.data())) {
        data.insert(QStringLiteral("confinement"), QStringLiteral("docker"));
        data.insert(QStringLiteral("image"), docker->image());
        data.insert(QStringLiteral("container_id"), docker->containerId());
        data.insert(QStringLiteral("reason"), QStringLiteral("the Docker client runs every command in its container"));
    }
    return data;
}

void AgentRun::startRunner()
{
    if (m_cancelled) {
        return;
    }
    ProviderSettings provider = m_options.provider;
    const bool chat = m_options.api == QLatin1String("chat");
    if (chat) {
        m_model = std::make_unique<ChatCompletionsClient>(provider);
    } else {
        m_model = std::make_unique<ResponsesClient>(provider);
    }
    QList<Capability *> capabilities;
    for (const QString &type : std::as_const(m_options.capabilities)) {
        std::unique_ptr<Capability> capability;
        if (type == QLatin1String("filesystem")) {
            capability = std::make_unique<FilesystemCapability>(chat ? ApplyPatchTool::Transport::Function
                                                                     : ApplyPatchTool::Transport::CustomGrammar);
        } else if (type == QLatin1String("shell")) {
            auto shell = std::make_unique<ShellCapability>();
            shell->bind(m_session);
            capability = std::move(shell);
        } else if (type == QLatin1String("compaction")) {
            capability = std::make_unique<CompactionCapability>();
        }
        capabilities.append(capability.get());
        m_capabilities.push_back(std::move(capability));
    }

    RunConfig config = m_options.run;
    if (config.workspaceDescription.isEmpty() && m_options.manifest) {
        config.workspaceDescription = m_options.manifest->renderTree();
    }
    config.sandbox = sandboxDescription();
    ToolContext context;
    context.workspaceRoot = m_session->workspaceRoot();
    context.sandboxRoot = m_session->sandboxRoot();
    m_runner = std::make_unique<Runner>(m_model.get(), capabilities, context, config);
    if (!m_options.tracePath.isEmpty()) {
        m_trace = std::make_unique<TraceWriter>();
        if (const Result<void> opened = m_trace->open(m_options.tracePath); !opened) {
            fail(opened.error());
            return;
        }
        connect(m_runner.get(), &Runner::eventEmitted, m_trace.get(), &TraceWriter::record);
    }
    connect(m_runner.get(), &Runner::eventEmitted, this, &AgentRun::eventEmitted);
    connect(m_runner.get(), &Runner::finished, this, [this](const RunOutcome &outcome) {
        m_finished = true;
        Q_EMIT finished(outcome);
    });
    m_runner->start(m_prompt);
}

void AgentRun::cancel()
{
    if (m_finished || !m_started) {
        return;
    }
    if (m_runner) {
        m_runner->cancel();
        return;
    }
    m_cancelled = true;
    if (m_materializer && m_materializer->isRunning()) {
        m_materializer->cancel(); // its finished() is ignored: m_cancelled
    }
    QMetaObject::invokeMethod(
        this, [this] { fail(Error{ErrorCode::Cancelled, QStringLiteral("the run was cancelled"), {}}); },
        Qt::QueuedConnection);
}

void AgentRun::decideApproval(const QString &callId, bool approved, const QString &comment)
{
    if (m_runner) {
        m_runner->decideApproval(callId, approved, comment);
    }
}

void AgentRun::close()
{
    if (m_session) {
        m_session->close();
    }
}

void AgentRun::fail(const Error &error)
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    RunOutcome outcome;
    outcome.status = error.code == ErrorCode::Cancelled ? RunStatus::Cancelled : RunStatus::Failed;
    outcome.error = error;
    Q_EMIT finished(outcome);
}

} // namespace Sandcastle::Core
