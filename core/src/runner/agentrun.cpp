// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/runner/agentrun.h"

#include "sandcastle/core/capabilities/compaction/compactioncapability.h"
#include "sandcastle/core/capabilities/filesystem/filesystemcapability.h"
#include "sandcastle/core/capabilities/memory/memorygenerator.h"
#include "sandcastle/core/capabilities/preview/previewcapability.h"
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
#include <QJsonArray>
#include <QJsonObject>

namespace Sandcastle::Core {

namespace {

// SIGKILLs every process in the container that carries the Docker session's command tag, except
// this script itself (its own helpers are started after the /proc listing is taken).
constexpr auto kSweepScript = R"sh(for d in /proc/[0-9]*; do
  p=${d#/proc/}; [ "$p" = "$$" ] && continue
  if tr '\0' '\n' <"$d/environ" 2>/dev/null | grep -q '^SANDCASTLE_EXEC_ID='; then kill -s KILL "$p" 2>/dev/null; fi
done
exit 0)sh";

QJsonValue redacted(const SecretRedactor &redactor, const QJsonValue &value)
{
    if (value.isString()) {
        return redactor.redact(value.toString());
    }
    if (value.isArray()) {
        QJsonArray array;
        for (const QJsonValue &v : value.toArray()) {
            array.append(redacted(redactor, v));
        }
        return array;
    }
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            it.value() = redacted(redactor, it.value());
        }
        return object;
    }
    return value;
}

} // namespace

QStringList AgentRunOptions::defaultCapabilities()
{
    return {QStringLiteral("filesystem"), QStringLiteral("shell"), QStringLiteral("compaction")};
}

QStringList AgentRunOptions::knownCapabilities()
{
    return defaultCapabilities() << QStringLiteral("memory") << QStringLiteral("skills");
}

void AgentRunOptions::applyProfile(const ProviderProfile &profile)
{
    api = profile.api();
    provider.baseUrl = profile.baseUrl;
    provider.credentialName = profile.credentialName;
    run.model = profile.model;
    run.serverKeepsState = profile.serverKeepsState;
    contextWindow = profile.contextWindow;
    profileName = profile.name;
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
    if (m_options.api == QLatin1String("chat") && m_options.run.serverKeepsState) {
        return bad(QStringLiteral("Chat Completions servers keep no conversation state (server state needs the "
                                  "responses API)"));
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
    if (const Result<void> knowledge = validateKnowledge(m_options); !knowledge) {
        return knowledge;
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
    Result<void> ok = validate();
    if (ok) {
        ok = openJournal();
    }
    if (!ok) {
        // Asynchronous like every other outcome, so callers connect after start() safely.
        QMetaObject::invokeMethod(this, [this, error = ok.error()] { fail(error); }, Qt::QueuedConnection);
        return;
    }
    QMetaObject::invokeMethod(this, &AgentRun::resolveApiKey, Qt::QueuedConnection);
}

void AgentRun::resolveApiKey()
{
    if (m_cancelled) {
        return;
    }
    ProviderSettings &provider = m_options.provider;
    const auto check = [this] {
        const ProviderSettings &p = m_options.provider;
        if (p.apiKey.isEmpty() && p.baseUrl.host() == QLatin1String("api.openai.com")) {
            const QString item =
                p.credentialName.isEmpty() ? ProviderProfile::defaultCredentialName() : p.credentialName;
            fail(Error{ErrorCode::InvalidInput,
                       QStringLiteral("no API key for %1: store one as \"%2\" (Settings > Credentials, or `sandcastle "
                                      "credentials set %2`) or set OPENAI_API_KEY")
                           .arg(p.baseUrl.host(), item),
                       item});
            return;
        }
        materialize();
    };
    if (!provider.apiKey.isEmpty() || provider.credentialName.isEmpty() || !m_credentials) {
        check();
        return;
    }
    m_credentials->read(provider.credentialName).then(this, [this, check](const Result<QString> &key) {
        if (key) {
            m_options.provider.apiKey = *key;
        } else if (key.error().code != ErrorCode::NotFound) {
            Q_EMIT preparing(QStringLiteral("no API key from the credential store: %1").arg(key.error().toString()));
        }
        check();
    });
}

void AgentRun::resume(const JournalRunState &state, const QString &prompt)
{
    m_resumeState = state;
    start(prompt);
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
        // Secret values the commands print are redacted before they reach the model or a log.
        for (const auto &[name, value] : std::as_const(m_options.manifest->environment)) {
            if (value.isSecret()) {
                m_redactor.addSecret(name, env->value(name));
            }
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
    const bool dockerClient = m_options.client == QLatin1String("docker");
    setProgress({PreparationPhase::Sandbox, 0, -1, 0,
                 dockerClient ? QStringLiteral("checking image %1, creating the container")
                                    .arg(m_options.docker.image.isEmpty() ? DockerSandboxClient::defaultImage()
                                                                          : m_options.docker.image)
                              : QStringLiteral("starting the Unix-local sandbox")});
    SandboxOptions options;
    options.workspaceDir = QFileInfo(m_options.workspaceDir).absoluteFilePath();
    if (m_options.manifest) {
        options.manifestRoot = m_options.manifest->root;
    }
    options.environment = environment;
    options.networkAllowed = m_options.networkAllowed;
    if (dockerClient) {
        DockerSandboxOptions docker = m_options.docker;
        docker.networkEnabled = docker.networkEnabled || m_options.networkAllowed;
        for (const quint16 port : m_options.exposedPorts) {
            if (!docker.exposedPorts.contains(port)) {
                docker.exposedPorts.append(port);
            }
        }
        // On a root host the container's user is not root: give it the workspace Sandcastle made.
        if (m_createdWorkspace) {
            if (const Result<void> given = giveTreeTo(options.workspaceDir, kRootHostSandboxOwner); !given) {
                fail(given.error());
                return;
            }
        }
        m_client = std::make_unique<DockerSandboxClient>(docker);
    } else {
        auto local = std::make_unique<UnixLocalSandboxClient>(m_options.confinement);
        local->setExposedPorts(m_options.exposedPorts);
        m_client = std::move(local);
    }
    auto *docker = qobject_cast<DockerSandboxClient *>(m_client.get());
    if (docker && m_resumeState && !m_resumeState->run.sessionState.isEmpty()) {
        // Reattach to the run's container; when it is gone, a new one on the same workspace.
        docker->resume(m_resumeState->run.sessionState)
            .then(this, [this, options](const Result<SandboxSession *> &resumed) {
                if (m_cancelled) {
                    if (resumed) {
                        if (auto *kept = qobject_cast<DockerSandboxSession *>(*resumed)) {
                            kept->detach(); // the run's container stays for a later resume
                        }
                        delete *resumed;
                    }
                    return;
                }
                if (resumed) {
                    Q_EMIT preparing(QStringLiteral("reattached to the run's container"));
                    adoptSession(*resumed, true);
                    return;
                }
                if (resumed.error().code != ErrorCode::NotFound) {
                    fail(resumed.error());
                    return;
                }
                Q_EMIT preparing(resumed.error().message + QStringLiteral("; creating a new container"));
                createSession(options);
            });
        return;
    }
    createSession(options);
}

void AgentRun::createSession(const SandboxOptions &options)
{
    m_client->create(options).then(this, [this](const Result<SandboxSession *> &created) {
        if (m_cancelled) {
            if (created) {
                delete *created; // the client still owns it; cancel() has reported the run cancelled
            }
            return;
        }
        if (!created) {
            fail(created.error());
            return;
        }
        adoptSession(*created, false);
    });
}

void AgentRun::adoptSession(SandboxSession *session, bool alreadyStarted)
{
    m_session = session;
    m_session->setParent(this);
    m_session->setRedactor(m_redactor); // the shell log shows what the commands printed, secrets replaced
    if (alreadyStarted) {
        // A reattached container may still run commands of the interrupted process, which would
        // race the calls that are about to run again: end every tagged command first.
        ExecRequest sweep;
        sweep.argv = {QStringLiteral("sh"), QStringLiteral("-c"), QString::fromLatin1(kSweepScript)};
        sweep.timeoutMs = 15000;
        m_session->exec(sweep).future.then(this, [this](const Result<ExecResult> &swept) {
            if (!swept) {
                fail(swept.error());
                return;
            }
            m_sandboxReady = true;
            setProgress({});
            Q_EMIT sandboxReady(m_session);
            startRunner();
        });
        return;
    }
    m_session->start().then(this, [this](const Result<void> &started) {
        if (!started) {
            fail(started.error());
            return;
        }
        m_sandboxReady = true;
        setProgress({});
        Q_EMIT sandboxReady(m_session);
        startRunner();
    });
}

QJsonObject AgentRun::sandboxDescription() const
{
    QJsonObject data{{QStringLiteral("client"), m_session->backendId()},
                     {QStringLiteral("workspace"), m_session->workspaceRoot()},
                     {QStringLiteral("sandbox_root"), m_session->sandboxRoot()},
                     {QStringLiteral("network"), m_options.networkAllowed},
                     {QStringLiteral("reused_workspace"), m_reusedWorkspace},
                     {QStringLiteral("restored_snapshot"), m_restoredSnapshot},
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
    if ((m_options.capabilities.contains(QLatin1String("skills")) && !m_skillsPrepared) ||
        (m_options.capabilities.contains(QLatin1String("memory")) && !m_memorySummary)) {
        prepareCapabilities(); // comes back here
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
            auto filesystem = std::make_unique<FilesystemCapability>(chat ? ApplyPatchTool::Transport::Function
                                                                          : ApplyPatchTool::Transport::CustomGrammar);
            m_reviewGate = std::make_unique<PatchReviewGate>(m_options.patchReview);
            filesystem->applyPatchTool()->setReviewGate(m_reviewGate.get());
            capability = std::move(filesystem);
        } else if (type == QLatin1String("shell")) {
            auto shell = std::make_unique<ShellCapability>();
            shell->bind(m_session);
            shell->setRedactor(m_redactor); // before truncation; the output filter below is the second layer
            capability = std::move(shell);
        } else if (type == QLatin1String("compaction")) {
            capability = std::make_unique<CompactionCapability>(
                m_options.contextWindow > 0 ? std::optional<qint64>(m_options.contextWindow * 9 / 10) : std::nullopt);
        } else {
            capability = createKnowledgeCapability(type); // memory, skills
        }
        capabilities.append(capability.get());
        m_capabilities.push_back(std::move(capability));
    }
    if (m_previewHost) {
        auto preview = std::make_unique<PreviewCapability>(m_previewHost);
        capabilities.append(preview.get());
        m_capabilities.push_back(std::move(preview));
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
    connectKnowledge(); // first: it must see an approval request before anyone can decide it
    if (!m_options.tracePath.isEmpty()) {
        m_trace = std::make_unique<TraceWriter>();
        if (const Result<void> opened = m_trace->open(m_options.tracePath); !opened) {
            fail(opened.error());
            return;
        }
        connect(m_runner.get(), &Runner::eventEmitted, m_trace.get(), &TraceWriter::record);
    }
    connect(m_runner.get(), &Runner::eventEmitted, this, &AgentRun::eventEmitted);
    connect(m_runner.get(), &Runner::finished, this, &AgentRun::onRunnerFinished);
    if (m_resumeState) {
        const JournalRun &run = m_resumeState->run;
        ModelUsage usage = ModelUsage::fromJson(run.usage);
        usage.requests = run.usage.value(QStringLiteral("requests")).toInt();
        m_runner->restore(run.id, m_resumeState->history, run.turns, usage);
        m_historyStart = m_resumeState->history.size();
    }
    connectJournal();
    connectReview();
    if (!m_redactor.isEmpty()) {
        m_runner->setOutputFilter([redactor = m_redactor](ToolOutput output) {
            output.text = redactor.redact(output.text);
            output.content = redacted(redactor, output.content).toArray();
            return output;
        });
    }
    if (m_options.snapshotEveryTurn) {
        m_runner->setAfterToolRound([this](int turn) { return snapshotAfterTurn(turn); });
    }
    if (m_journalError) {
        fail(*m_journalError);
        return;
    }
    if (m_resumeState) {
        QHash<QString, QJsonObject> recorded;
        for (const JournalToolCall &call : std::as_const(m_resumeState->toolCalls)) {
            if (call.status == QLatin1String("done") && !call.outputItem.isEmpty()) {
                recorded.insert(call.callId, call.outputItem);
            }
        }
        m_runner->resume(m_prompt, recorded);
    } else if (m_options.snapshotEveryTurn) {
        startWithBaseline();
    } else {
        m_runner->start(m_prompt);
    }
}

void AgentRun::decideApproval(const QString &callId, ApprovalDecision decision, const QString &comment)
{
    if (m_runner) {
        m_runner->decideApproval(callId, decision, comment);
    }
}

void AgentRun::close()
{
    if (m_session) {
        m_session->close();
    }
}

} // namespace Sandcastle::Core
