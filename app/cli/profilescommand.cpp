// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/profilescommand.h"

#include "cli/cli.h"

#include "sandcastle/core/model/providerprofilestore.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace Sandcastle::App::Cli {

namespace {

int fail(const QString &message, int code = BadInput)
{
    QTextStream(stderr) << "sandcastle profiles: " << message << '\n';
    return code;
}

int exitFor(const Core::Error &error)
{
    return error.code == Core::ErrorCode::Io ? Failure : BadInput;
}

QString describe(const Core::ProviderProfile &p)
{
    QStringList parts{Core::providerKindName(p.kind), p.baseUrl.toString(), p.model};
    parts << (p.credentialName.isEmpty() ? QStringLiteral("no credential")
                                         : QStringLiteral("credential ") + p.credentialName);
    if (p.contextWindow > 0) {
        parts << QStringLiteral("context %1").arg(p.contextWindow);
    }
    if (p.serverKeepsState) {
        parts << QStringLiteral("server state");
    }
    return parts.join(QStringLiteral("  "));
}

int list(const Core::ProviderProfileStore &store, bool json)
{
    if (json) {
        QJsonArray profiles;
        for (const Core::ProviderProfile &p : store.profiles()) {
            profiles.append(p.toJson());
        }
        QTextStream(stdout) << QJsonDocument(QJsonObject{{QStringLiteral("last_used"), store.lastUsed()},
                                                         {QStringLiteral("profiles"), profiles}})
                                   .toJson(QJsonDocument::Compact)
                            << '\n';
        return Done;
    }
    if (store.profiles().isEmpty()) {
        QTextStream(stderr) << "sandcastle profiles: no profiles in " << store.path()
                            << " (add one with sandcastle profiles set NAME --kind KIND ...)\n";
    }
    for (const Core::ProviderProfile &p : store.profiles()) {
        QTextStream(stdout) << (p.name == store.lastUsed() ? "* " : "  ") << p.name << "  " << describe(p) << '\n';
    }
    return Done;
}

int set(Core::ProviderProfileStore &store, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption kindOpt(QStringLiteral("kind"), QStringLiteral("openai|responses|chat"),
                                     QStringLiteral("KIND"));
    const QCommandLineOption urlOpt(QStringLiteral("base-url"), QStringLiteral("base URL"), QStringLiteral("URL"));
    const QCommandLineOption modelOpt(QStringLiteral("model"), QStringLiteral("model"), QStringLiteral("NAME"));
    const QCommandLineOption windowOpt(QStringLiteral("context-window"), QStringLiteral("tokens"), QStringLiteral("N"));
    const QCommandLineOption stateOpt(QStringLiteral("server-state"), QStringLiteral("on|off"), QStringLiteral("ON"));
    const QCommandLineOption credentialOpt(QStringLiteral("credential"), QStringLiteral("keychain item"),
                                           QStringLiteral("ITEM"));
    const QCommandLineOption noCredentialOpt(QStringLiteral("no-credential"), QStringLiteral("send no API key"));
    const QCommandLineOption defaultOpt(QStringLiteral("default"), QStringLiteral("make it the default"));
    parser.addOptions({kindOpt, urlOpt, modelOpt, windowOpt, stateOpt, credentialOpt, noCredentialOpt, defaultOpt});
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("profile name"));
    if (!parser.parse(QStringList{QStringLiteral("sandcastle profiles set")} + args)) {
        return fail(parser.errorText());
    }
    if (parser.positionalArguments().size() != 1) {
        return fail(QStringLiteral("give exactly one profile name (usage: sandcastle profiles set NAME [options])"));
    }
    if (parser.isSet(credentialOpt) && parser.isSet(noCredentialOpt)) {
        return fail(QStringLiteral("--credential and --no-credential exclude each other"));
    }
    const QString name = parser.positionalArguments().first();
    const std::optional<Core::ProviderProfile> existing = store.profile(name);
    std::optional<Core::ProviderKind> kind = existing ? existing->kind : Core::ProviderKind::OpenAi;
    if (parser.isSet(kindOpt)) {
        kind = Core::providerKindFromName(parser.value(kindOpt));
        if (!kind) {
            return fail(
                QStringLiteral("--kind must be openai, responses or chat (got \"%1\")").arg(parser.value(kindOpt)));
        }
    }
    Core::ProviderProfile profile = existing ? *existing : Core::ProviderProfile::withDefaults(name, *kind);
    profile.kind = *kind;
    if (parser.isSet(urlOpt)) {
        profile.baseUrl = QUrl(parser.value(urlOpt), QUrl::StrictMode);
    }
    if (parser.isSet(modelOpt)) {
        profile.model = parser.value(modelOpt);
    }
    if (parser.isSet(windowOpt)) {
        bool ok = false;
        profile.contextWindow = parser.value(windowOpt).toLongLong(&ok);
        if (!ok) {
            return fail(QStringLiteral("--context-window must be a number of tokens (got \"%1\")")
                            .arg(parser.value(windowOpt)));
        }
    }
    if (parser.isSet(stateOpt)) {
        const QString state = parser.value(stateOpt);
        if (state != QLatin1String("on") && state != QLatin1String("off")) {
            return fail(QStringLiteral("--server-state must be on or off (got \"%1\")").arg(state));
        }
        profile.serverKeepsState = state == QLatin1String("on");
    }
    if (parser.isSet(credentialOpt)) {
        profile.credentialName = parser.value(credentialOpt);
    } else if (parser.isSet(noCredentialOpt)) {
        profile.credentialName.clear();
    }
    if (const Core::Result<void> ok = store.setProfile(profile); !ok) {
        return fail(ok.error().message);
    }
    if (parser.isSet(defaultOpt) || store.profiles().size() == 1) {
        (void)store.setLastUsed(name); // it exists: set just above
    }
    if (const Core::Result<void> saved = store.save(); !saved) {
        return fail(saved.error().message, exitFor(saved.error()));
    }
    QTextStream(stderr) << "sandcastle profiles: " << (existing ? "updated " : "added ") << name << '\n';
    return Done;
}

} // namespace

Core::Result<std::optional<Core::ProviderProfile>> selectProfile(const QString &name, const QString &command)
{
    Core::ProviderProfileStore store;
    if (const Core::Result<void> loaded = store.load(); !loaded) {
        return std::unexpected(loaded.error());
    }
    if (name.isEmpty()) {
        return store.defaultProfile();
    }
    const std::optional<Core::ProviderProfile> profile = store.profile(name);
    if (!profile) {
        QStringList names;
        for (const Core::ProviderProfile &p : store.profiles()) {
            names << p.name;
        }
        return Core::fail(Core::ErrorCode::InvalidInput,
                          QStringLiteral("there is no provider profile named \"%1\" (%2)")
                              .arg(name, names.isEmpty()
                                             ? QStringLiteral("there are none yet: sandcastle profiles set")
                                             : QStringLiteral("known: ") + names.join(QStringLiteral(", "))),
                          store.path());
    }
    if (store.lastUsed() != name) {
        Core::Result<void> recorded = store.setLastUsed(name);
        if (recorded) {
            recorded = store.save();
        }
        if (!recorded) {
            QTextStream(stderr) << "sandcastle " << command
                                << ": cannot record the last used profile: " << recorded.error().message << '\n';
        }
    }
    return profile;
}

int profilesCommand(const QStringList &args)
{
    const QString usage =
        QStringLiteral("usage: sandcastle profiles list [--json]\n"
                       "       sandcastle profiles set NAME [--kind openai|responses|chat] [--base-url URL] "
                       "[--model NAME]\n"
                       "                               [--context-window N] [--server-state on|off] "
                       "[--credential ITEM | --no-credential] [--default]\n"
                       "       sandcastle profiles remove NAME");
    const QString action = args.value(0);
    Core::ProviderProfileStore store;
    if (const Core::Result<void> loaded = store.load(); !loaded) {
        return fail(loaded.error().message, exitFor(loaded.error()));
    }
    if (action == QLatin1String("list") &&
        (args.size() == 1 || (args.size() == 2 && args.at(1) == QLatin1String("--json")))) {
        return list(store, args.size() == 2);
    }
    if (action == QLatin1String("set") && args.size() >= 2) {
        return set(store, args.mid(1));
    }
    if (action == QLatin1String("remove") && args.size() == 2) {
        if (!store.removeProfile(args.at(1))) {
            return fail(QStringLiteral("there is no profile named \"%1\"").arg(args.at(1)));
        }
        if (const Core::Result<void> saved = store.save(); !saved) {
            return fail(saved.error().message, exitFor(saved.error()));
        }
        QTextStream(stderr) << "sandcastle profiles: removed " << args.at(1) << '\n';
        return Done;
    }
    return fail(usage);
}

} // namespace Sandcastle::App::Cli
