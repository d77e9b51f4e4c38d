// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/runcommand.h"

#include "cli/cli.h"
#include "cli/credentialscommand.h"
#include "cli/interrupt.h"
#include "cli/knowledgeoptions.h"
#include "cli/profilescommand.h"
#include "cli/sandboxoptions.h"

#include "sandcastle/core/credentials/credentialstore.h"
#include "sandcastle/core/journal/runjournal.h"
#include "sandcastle/core/manifest/manifestparser.h"
#include "sandcastle/core/runner/agentrun.h"
#include "sandcastle/core/vcs/gitfetcher.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QStandardPaths>
#include <QTextStream>
#include <QThreadPool>
#include <QUuid>

#include <cstdio>

namespace Sandcastle::App::Cli {

namespace {

constexpr auto kDefaultBaseUrl = "https://api.openai.com/v1";

int badInput(const QString &message, const QString &command = QStringLiteral("run"))
{
    QTextStream(stderr) << "sandcastle " << command << ": " << message << '\n';
    return BadInput;
}

int exitCodeFor(const Core::RunOutcome &outcome)
{
    switch (outcome.status) {
    case Core::RunStatus::Done:
        return Done;
    case Core::RunStatus::MaxTurns:
        return MaxTurnsReached;
    case Core::RunStatus::Running:
    case Core::RunStatus::Cancelled:
        return Failure;
    case Core::RunStatus::Failed:
        break;
    }
    switch (outcome.error.code) {
    case Core::ErrorCode::InvalidInput:
    case Core::ErrorCode::NotFound:
        return BadInput;
    case Core::ErrorCode::Network:
    case Core::ErrorCode::Provider:
        return ProviderError;
    case Core::ErrorCode::PermissionDenied:
    case Core::ErrorCode::Unsupported:
    case Core::ErrorCode::Io:
    case Core::ErrorCode::Sandbox:
    case Core::ErrorCode::Timeout:
        return SandboxError;
    case Core::ErrorCode::Cancelled:
    case Core::ErrorCode::Internal:
        break;
    }
    return Failure;
}

/// Fills in provider.apiKey for provider.credentialName: OPENAI_API_KEY when set (then
/// provider.apiKeyVariable names it), else that keychain item; nothing for a profile without a
/// credential. A keychain that does not answer within a few seconds is reported and skipped.
void resolveApiKey(Core::ProviderSettings &provider, const QString &command, bool verbose)
{
    if (provider.credentialName.isEmpty()) {
        return;
    }
    if (const QString key = qEnvironmentVariable("OPENAI_API_KEY"); !key.isEmpty()) {
        provider.apiKey = key;
        provider.apiKeyVariable = QStringLiteral("OPENAI_API_KEY");
        return;
    }
    constexpr int kKeychainTimeoutMs = 3000;
    const Core::Result<QString> stored = readCredential(provider.credentialName, kKeychainTimeoutMs);
    if (stored) {
        provider.apiKey = *stored;
        return;
    }
    if (stored.error().code != Core::ErrorCode::NotFound || verbose) {
        QTextStream(stderr) << "sandcastle " << command
                            << ": no API key from the keychain: " << stored.error().toString() << '\n';
    }
}

/// `run` and `resume` end the same way without a key for api.openai.com.
std::optional<int> requireKeyForOpenAi(const Core::AgentRunOptions &options, const QString &command)
{
    if (!options.provider.apiKey.isEmpty() || options.provider.baseUrl.host() != QLatin1String("api.openai.com")) {
        return std::nullopt;
    }
    const QString item = options.provider.credentialName.isEmpty() ? Core::ProviderProfile::defaultCredentialName()
                                                                   : options.provider.credentialName;
    return badInput(QStringLiteral("no API key: set OPENAI_API_KEY or store one with `sandcastle credentials set "
                                   "%1` (or use --base-url for a local server)")
                        .arg(item),
                    command);
}

QString defaultWorkspace()
{
    const QString base = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return base + QStringLiteral("/workspaces/") + QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd-HHmmss") +
           QLatin1Char('-') + QUuid::createUuid().toString(QUuid::Id128).left(6);
}

/// Runs (or resumes) one composed run to its end: events file, progress, interrupt handling,
/// final output and exit code.
int execute(const QString &command, const Core::AgentRunOptions &options, const QString &prompt,
            const QString &eventsPath, bool verbose, const std::optional<Core::JournalRunState> &resumeState)
{
    QFile events(eventsPath);
    if (!eventsPath.isEmpty() && !events.open(QIODevice::WriteOnly | QIODevice::Append)) {
        return badInput(QStringLiteral("cannot open the events file %1: %2").arg(eventsPath, events.errorString()),
                        command);
    }
    Core::KeychainCredentialStore keychain;
    Core::AgentRun run(options, &keychain);
    if (const Core::Result<void> valid = run.validate(); !valid) {
        return badInput(valid.error().toString(), command);
    }
    if (verbose && !qEnvironmentVariableIsSet("QT_LOGGING_RULES")) {
        QLoggingCategory::setFilterRules(QStringLiteral("sandcastle.*.debug=true"));
    }
    const QString prefix = QStringLiteral("sandcastle %1: ").arg(command);
    QEventLoop loop;
    int exitCode = Failure;
    QObject::connect(&run, &Core::AgentRun::preparing, &loop, [verbose, prefix](const QString &what) {
        if (verbose) {
            QTextStream(stderr) << prefix << what << '\n';
        }
    });
    QObject::connect(&run, &Core::AgentRun::eventEmitted, &loop, [&events, &run, prefix](const Core::RunEvent &event) {
        if (events.isOpen()) {
            events.write(QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact) + '\n');
            events.flush();
        }
        if (event.kind == Core::RunEvent::Kind::CapabilityIssue) {
            const Core::CapabilityIssue issue = Core::CapabilityIssue::fromJson(event.data);
            QTextStream(stderr) << prefix << issue.capability << ": " << issue.file << ": " << issue.reason << '\n';
        }
        if (event.kind == Core::RunEvent::Kind::ApprovalRequested) {
            // Headless (--approve outside, or a resumed journal's ask): nobody answers, so a call the
            // policy holds is denied and the model is told why.
            const QString reason = event.data.value(QStringLiteral("reason")).toString();
            run.decideApproval(event.data.value(QStringLiteral("call_id")).toString(), Core::ApprovalDecision::Deny,
                               reason.isEmpty()
                                   ? QStringLiteral("headless run: nobody can approve this call")
                                   : QStringLiteral("headless run with --approve outside: the call ") + reason);
        } else if (event.kind == Core::RunEvent::Kind::PatchReviewRequested) {
            // Headless: nobody reviews, so the held patch is accepted whole (with --approve deny the
            // call never runs; the rejection below is only a guard).
            const QString callId = event.data.value(QStringLiteral("call_id")).toString();
            const QList<Core::ChangeSet> pending = run.reviewGate()->pending();
            for (const Core::ChangeSet &set : pending) {
                if (set.callId == callId) {
                    run.decidePatchReview(callId, run.options().run.approval == Core::ApprovalPolicy::Deny
                                                      ? Core::PatchReviewDecision::rejectAll(
                                                            QStringLiteral("headless run with --approve deny"))
                                                      : Core::PatchReviewDecision::acceptAll(set));
                }
            }
        }
    });
    // Once the workspace is materialized: the kept git_repo clones of deleted workspaces go, on a
    // worker thread (the run never waits for it).
    QObject::connect(
        &run, &Core::AgentRun::sandboxReady, &loop,
        [] {
            QThreadPool::globalInstance()->start(
                [] { [[maybe_unused]] const auto pruned = Core::GitFetcher::pruneKeptRepositories(); });
        },
        Qt::SingleShotConnection);
    QObject::connect(&run, &Core::AgentRun::finished, &loop, [&](const Core::RunOutcome &outcome) {
        exitCode = exitCodeFor(outcome);
        if (outcome.status == Core::RunStatus::Done) {
            QTextStream(stdout) << outcome.finalOutput << '\n';
        } else if (outcome.status == Core::RunStatus::Cancelled) {
            exitCode = Interrupted;
            QTextStream(stderr) << prefix << "cancelled\n";
        } else if (outcome.status == Core::RunStatus::MaxTurns) {
            QTextStream(stderr) << prefix << "max turns (" << options.run.maxTurns << ") reached\n";
        } else {
            QTextStream(stderr) << prefix << outcome.error.toString() << '\n';
        }
        loop.quit();
    });
    const InterruptHandler interrupt([&run, prefix] {
        QTextStream(stderr) << prefix << "interrupted, cancelling (again to quit at once)\n";
        run.cancel();
    });
    if (resumeState) {
        run.resume(*resumeState, prompt);
    } else {
        run.start(prompt);
    }
    loop.exec();
    run.close();
    return exitCode;
}

} // namespace

int agentRunCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption manifestOpt(QStringLiteral("manifest"), QStringLiteral("workspace manifest"),
                                         QStringLiteral("FILE"));
    const QCommandLineOption workspaceOpt(QStringLiteral("workspace"), QStringLiteral("host workspace directory"),
                                          QStringLiteral("DIR"));
    const QCommandLineOption profileOpt(QStringLiteral("profile"), QStringLiteral("provider profile"),
                                        QStringLiteral("NAME"));
    const QCommandLineOption baseUrlOpt(QStringLiteral("base-url"), QStringLiteral("provider base URL"),
                                        QStringLiteral("URL"));
    const QCommandLineOption modelOpt(QStringLiteral("model"), QStringLiteral("model name"), QStringLiteral("NAME"),
                                      Core::ProviderProfile::defaultModel());
    const QCommandLineOption apiOpt(QStringLiteral("api"), QStringLiteral("responses|chat"), QStringLiteral("API"),
                                    QStringLiteral("responses"));
    const QCommandLineOption maxTurnsOpt(QStringLiteral("max-turns"), QStringLiteral("turn limit"), QStringLiteral("N"),
                                         QStringLiteral("10"));
    const QCommandLineOption eventsOpt(QStringLiteral("events"), QStringLiteral("run events as JSON lines"),
                                       QStringLiteral("FILE"));
    const QCommandLineOption traceOpt(QStringLiteral("trace"), QStringLiteral("trace spans as JSON lines"),
                                      QStringLiteral("FILE"));
    const QCommandLineOption approveOpt(QStringLiteral("approve"), QStringLiteral("auto|deny|outside"),
                                        QStringLiteral("POLICY"), QStringLiteral("auto"));
    const QCommandLineOption patchReviewOpt(QStringLiteral("patch-review"),
                                            QStringLiteral("write_then_review|review_before_write"),
                                            QStringLiteral("MODE"), QStringLiteral("write_then_review"));
    const QCommandLineOption capabilitiesOpt(QStringLiteral("capabilities"), QStringLiteral("capability list"),
                                             QStringLiteral("LIST"),
                                             Core::AgentRunOptions::defaultCapabilities().join(QLatin1Char(',')));
    const QCommandLineOption instructionsOpt(QStringLiteral("instructions"), QStringLiteral("agent instructions"),
                                             QStringLiteral("TEXT"));
    const QCommandLineOption verboseOpt(QStringLiteral("verbose"), QStringLiteral("progress on stderr"));
    const QCommandLineOption stateOpt(QStringLiteral("state"), QStringLiteral("run journal"), QStringLiteral("FILE"));
    const QCommandLineOption noStateOpt(QStringLiteral("no-state"), QStringLiteral("no journal"));
    const QCommandLineOption snapshotOpt(QStringLiteral("snapshot-every-turn"),
                                         QStringLiteral("snapshot the workspace after every tool round"));
    const QCommandLineOption storeOpt(QStringLiteral("snapshot-store"), QStringLiteral("snapshot store"),
                                      QStringLiteral("DIR"));
    parser.addOptions({snapshotOpt, storeOpt, profileOpt, patchReviewOpt, stateOpt, noStateOpt, manifestOpt,
                       workspaceOpt, baseUrlOpt, modelOpt, apiOpt, maxTurnsOpt, eventsOpt, traceOpt, approveOpt,
                       capabilitiesOpt, instructionsOpt, verboseOpt});
    const SandboxOptions sandbox;
    sandbox.addTo(parser);
    const KnowledgeOptions knowledge;
    knowledge.addTo(parser);
    parser.addPositionalArgument(QStringLiteral("PROMPT"), QStringLiteral("the task; - reads it from stdin"));
    if (!parser.parse(QStringList{QStringLiteral("sandcastle run")} + args)) {
        return badInput(parser.errorText());
    }

    Core::AgentRunOptions options;
    QString prompt = parser.positionalArguments().join(QLatin1Char(' '));
    if (prompt == QLatin1String("-")) {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly)) {
            return badInput(QStringLiteral("cannot read the prompt from stdin"));
        }
        prompt = QString::fromUtf8(in.readAll()).trimmed();
    }
    if (prompt.trimmed().isEmpty()) {
        return badInput(QStringLiteral("no prompt given (usage: sandcastle run [options] PROMPT)"));
    }
    if (parser.isSet(manifestOpt)) {
        auto manifest = Core::ManifestParser::parseFile(parser.value(manifestOpt));
        if (!manifest) {
            return badInput(manifest.error().toString());
        }
        options.manifest = std::move(*manifest);
        options.manifestPath = QFileInfo(parser.value(manifestOpt)).absoluteFilePath();
    }
    const bool defaultedWorkspace = !parser.isSet(workspaceOpt);
    options.workspaceDir = defaultedWorkspace
                               ? defaultWorkspace()
                               : QDir::cleanPath(QDir::current().absoluteFilePath(parser.value(workspaceOpt)));
    if (const std::optional<QString> bad = sandbox.apply(parser, options)) {
        return badInput(*bad);
    }
    // --profile NAME, else the last used profile, else OpenAI (OPENAI_BASE_URL) with the
    // openai_api_key credential; explicit --base-url, --model and --api win over all of them.
    const auto profile = selectProfile(parser.value(profileOpt), QStringLiteral("run"));
    if (!profile) {
        return badInput(profile.error().message);
    }
    if (*profile) {
        options.applyProfile(**profile);
    } else {
        options.provider.baseUrl =
            QUrl(qEnvironmentVariable("OPENAI_BASE_URL", QString::fromLatin1(kDefaultBaseUrl)), QUrl::StrictMode);
        options.provider.credentialName = Core::ProviderProfile::defaultCredentialName();
    }
    if (parser.isSet(baseUrlOpt)) {
        options.provider.baseUrl = QUrl(parser.value(baseUrlOpt), QUrl::StrictMode);
    }
    if (!options.provider.baseUrl.isValid() || (options.provider.baseUrl.scheme() != QLatin1String("http") &&
                                                options.provider.baseUrl.scheme() != QLatin1String("https"))) {
        return badInput(QStringLiteral("the base URL must be an http or https URL (got \"%1\")")
                            .arg(options.provider.baseUrl.toString()));
    }
    if (parser.isSet(apiOpt) || !*profile) {
        options.api = parser.value(apiOpt);
    }
    if (options.api == QLatin1String("chat")) {
        options.run.serverKeepsState = false; // a chat server keeps nothing
    }
    if (parser.isSet(modelOpt) || !*profile) {
        options.run.model = parser.value(modelOpt);
    }
    resolveApiKey(options.provider, QStringLiteral("run"), parser.isSet(verboseOpt));
    if (const std::optional<int> missing = requireKeyForOpenAi(options, QStringLiteral("run"))) {
        return *missing;
    }
    bool ok = false;
    options.run.maxTurns = parser.value(maxTurnsOpt).toInt(&ok);
    if (!ok || options.run.maxTurns < 1) {
        return badInput(
            QStringLiteral("--max-turns must be a positive number (got \"%1\")").arg(parser.value(maxTurnsOpt)));
    }
    const QString approve = parser.value(approveOpt);
    const std::optional<Core::ApprovalPolicy> policy = Core::approvalPolicyFromName(approve);
    if (!policy || *policy == Core::ApprovalPolicy::Ask) {
        return badInput(QStringLiteral("--approve must be auto, deny or outside (got \"%1\")").arg(approve));
    }
    options.run.approval = *policy;
    const auto patchReview = Core::patchReviewModeFromName(parser.value(patchReviewOpt));
    if (!patchReview) {
        return badInput(QStringLiteral("--patch-review must be write_then_review or review_before_write (got \"%1\")")
                            .arg(parser.value(patchReviewOpt)));
    }
    options.patchReview = *patchReview;
    options.capabilities = parser.value(capabilitiesOpt).split(QLatin1Char(','), Qt::SkipEmptyParts);
    options.run.agentInstructions = parser.value(instructionsOpt);
    options.tracePath = parser.value(traceOpt);
    if (const std::optional<QString> bad = knowledge.apply(parser, options)) {
        return badInput(*bad);
    }

    if (parser.isSet(stateOpt) && parser.isSet(noStateOpt)) {
        return badInput(QStringLiteral("--state and --no-state exclude each other"));
    }
    if (!parser.isSet(noStateOpt)) {
        options.journalPath =
            parser.isSet(stateOpt) ? parser.value(stateOpt) : Core::RunJournal::defaultPathFor(options.workspaceDir);
    }
    options.snapshotEveryTurn = parser.isSet(snapshotOpt);
    if (parser.isSet(storeOpt)) {
        options.snapshotStore = QDir::cleanPath(QDir::current().absoluteFilePath(parser.value(storeOpt)));
    }
    if (defaultedWorkspace) {
        QTextStream(stderr) << "sandcastle run: workspace " << options.workspaceDir << '\n';
    }
    return execute(QStringLiteral("run"), options, prompt, parser.value(eventsOpt), parser.isSet(verboseOpt), {});
}

int resumeCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption stateOpt(QStringLiteral("state"), QStringLiteral("run journal"), QStringLiteral("FILE"));
    const QCommandLineOption workspaceOpt(QStringLiteral("workspace"),
                                          QStringLiteral("workspace (its default journal)"), QStringLiteral("DIR"));
    const QCommandLineOption profileOpt(QStringLiteral("profile"), QStringLiteral("provider profile"),
                                        QStringLiteral("NAME"));
    const QCommandLineOption baseUrlOpt(QStringLiteral("base-url"), QStringLiteral("provider base URL"),
                                        QStringLiteral("URL"));
    const QCommandLineOption modelOpt(QStringLiteral("model"), QStringLiteral("model name"), QStringLiteral("NAME"));
    const QCommandLineOption apiOpt(QStringLiteral("api"), QStringLiteral("responses|chat"), QStringLiteral("API"));
    const QCommandLineOption eventsOpt(QStringLiteral("events"), QStringLiteral("run events as JSON lines"),
                                       QStringLiteral("FILE"));
    const QCommandLineOption verboseOpt(QStringLiteral("verbose"), QStringLiteral("progress on stderr"));
    parser.addOptions({stateOpt, workspaceOpt, profileOpt, baseUrlOpt, modelOpt, apiOpt, eventsOpt, verboseOpt});
    parser.addPositionalArgument(QStringLiteral("PROMPT"), QStringLiteral("optional new user message"));
    if (!parser.parse(QStringList{QStringLiteral("sandcastle resume")} + args)) {
        return badInput(parser.errorText(), QStringLiteral("resume"));
    }
    if (parser.isSet(stateOpt) == parser.isSet(workspaceOpt)) {
        return badInput(QStringLiteral("give exactly one of --state FILE or --workspace DIR"),
                        QStringLiteral("resume"));
    }
    const QString journalPath =
        parser.isSet(stateOpt) ? parser.value(stateOpt)
                               : Core::RunJournal::defaultPathFor(
                                     QDir::cleanPath(QDir::current().absoluteFilePath(parser.value(workspaceOpt))));
    Core::RunJournal journal;
    const auto opened = journal.openExisting(journalPath);
    if (!opened) {
        return badInput(opened.error().message, QStringLiteral("resume"));
    }
    const Core::Result<QString> runId = journal.lastRunId();
    if (!runId) {
        return badInput(runId.error().message, QStringLiteral("resume"));
    }
    const Core::Result<Core::JournalRunState> state = journal.loadRun(*runId);
    if (!state) {
        return badInput(state.error().message, QStringLiteral("resume"));
    }
    journal.close();
    auto options = Core::AgentRunOptions::fromJson(state->run.config, journalPath);
    if (!options) {
        return badInput(options.error().message, QStringLiteral("resume"));
    }
    options->journalPath = journalPath;
    // The run's own provider, unless --profile picks another; explicit flags win.
    if (parser.isSet(profileOpt)) {
        const auto profile = selectProfile(parser.value(profileOpt), QStringLiteral("resume"));
        if (!profile) {
            return badInput(profile.error().message, QStringLiteral("resume"));
        }
        options->applyProfile(**profile);
    }
    if (parser.isSet(baseUrlOpt)) {
        options->provider.baseUrl = QUrl(parser.value(baseUrlOpt), QUrl::StrictMode);
    }
    if (parser.isSet(modelOpt)) {
        options->run.model = parser.value(modelOpt);
    }
    if (parser.isSet(apiOpt)) {
        options->api = parser.value(apiOpt);
    }
    if (options->api == QLatin1String("chat")) {
        options->run.serverKeepsState = false;
    }
    resolveApiKey(options->provider, QStringLiteral("resume"), parser.isSet(verboseOpt));
    if (const std::optional<int> missing = requireKeyForOpenAi(*options, QStringLiteral("resume"))) {
        return *missing;
    }
    return execute(QStringLiteral("resume"), *options, parser.positionalArguments().join(QLatin1Char(' ')),
                   parser.value(eventsOpt), parser.isSet(verboseOpt), *state);
}

} // namespace Sandcastle::App::Cli
