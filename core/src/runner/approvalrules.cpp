// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The approval classifier of ApprovalPolicy::Outside and the keys of "Always for this run".
// Both read commands through the small shell word splitter in commandwords_p.h.
#include "sandcastle/core/runner/approvalrules.h"

#include "commandwords_p.h"

#include "sandcastle/core/capabilities/filesystem/patchparser.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>

#include <algorithm>

namespace Sandcastle::Core {

namespace {

using Internal::CommandWords;

constexpr int kMaxNesting = 4;

const QSet<QString> &harmlessDevices()
{
    static const QSet<QString> devices{QStringLiteral("/dev/null"),   QStringLiteral("/dev/stdin"),
                                       QStringLiteral("/dev/stdout"), QStringLiteral("/dev/stderr"),
                                       QStringLiteral("/dev/zero"),   QStringLiteral("/dev/random"),
                                       QStringLiteral("/dev/urandom")};
    return devices;
}

/// Programs that always use the network.
const QSet<QString> &networkPrograms()
{
    static const QSet<QString> programs{QStringLiteral("curl"),   QStringLiteral("wget"),     QStringLiteral("ssh"),
                                        QStringLiteral("scp"),    QStringLiteral("sftp"),     QStringLiteral("rsync"),
                                        QStringLiteral("nc"),     QStringLiteral("ncat"),     QStringLiteral("netcat"),
                                        QStringLiteral("telnet"), QStringLiteral("ftp"),      QStringLiteral("ping"),
                                        QStringLiteral("dig"),    QStringLiteral("nslookup"), QStringLiteral("npx")};
    return programs;
}

/// Programs whose listed subcommands use the network.
const QHash<QString, QSet<QString>> &networkSubcommands()
{
    static const QSet<QString> pip{QStringLiteral("install"), QStringLiteral("download"), QStringLiteral("add")};
    static const QSet<QString> node{QStringLiteral("install"), QStringLiteral("i"), QStringLiteral("ci"),
                                    QStringLiteral("add"), QStringLiteral("update")};
    static const QSet<QString> system{QStringLiteral("install"), QStringLiteral("update"), QStringLiteral("upgrade"),
                                      QStringLiteral("add"), QStringLiteral("download")};
    static const QHash<QString, QSet<QString>> table{
        {QStringLiteral("git"),
         {QStringLiteral("clone"), QStringLiteral("fetch"), QStringLiteral("pull"), QStringLiteral("push"),
          QStringLiteral("ls-remote"), QStringLiteral("submodule")}},
        {QStringLiteral("pip"), pip},
        {QStringLiteral("pip3"), pip},
        {QStringLiteral("uv"), pip},
        {QStringLiteral("poetry"), pip},
        {QStringLiteral("npm"), node},
        {QStringLiteral("pnpm"), node},
        {QStringLiteral("yarn"), node},
        {QStringLiteral("bun"), node},
        {QStringLiteral("cargo"),
         {QStringLiteral("install"), QStringLiteral("add"), QStringLiteral("fetch"), QStringLiteral("update"),
          QStringLiteral("publish")}},
        {QStringLiteral("apt"), system},
        {QStringLiteral("apt-get"), system},
        {QStringLiteral("dnf"), system},
        {QStringLiteral("yum"), system},
        {QStringLiteral("apk"), system},
        {QStringLiteral("gem"), {QStringLiteral("install")}},
        {QStringLiteral("go"), {QStringLiteral("install"), QStringLiteral("get"), QStringLiteral("mod")}},
    };
    return table;
}

QString baseName(const QString &word)
{
    return word.mid(word.lastIndexOf(QLatin1Char('/')) + 1);
}

/// The first argument after the program that is not an option (git: skipping `-C DIR`, `-c K=V`).
QString subcommand(const QStringList &words, qsizetype program)
{
    const bool git = baseName(words.at(program)) == QLatin1String("git");
    for (qsizetype k = program + 1; k < words.size(); ++k) {
        const QString &w = words.at(k);
        if (git && (w == QLatin1String("-C") || w == QLatin1String("-c"))) {
            ++k;
            continue;
        }
        if (!w.startsWith(QLatin1Char('-'))) {
            return w;
        }
    }
    return {};
}

bool isUrl(const QString &word)
{
    static const QRegularExpression url(QStringLiteral(R"(^[A-Za-z][A-Za-z0-9+.-]*://|^[\w.-]+@[\w.-]+:)"));
    return url.match(word).hasMatch();
}

/// Workspace-relative depth of `path` (a workspace-relative directory), or -1 when it climbs out.
int depthOf(const QString &relative, int startDepth)
{
    int depth = startDepth;
    for (const QString &part : relative.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        if (part == QLatin1String("..")) {
            if (--depth < 0) {
                return -1;
            }
        } else if (part != QLatin1String(".")) {
            ++depth;
        }
    }
    return depth;
}

bool insideRoot(const QString &absolute, const QString &root)
{
    const QString clean = QDir::cleanPath(absolute);
    const QString cleanRoot = QDir::cleanPath(root);
    return !cleanRoot.isEmpty() && (clean == cleanRoot || clean.startsWith(cleanRoot + QLatin1Char('/')));
}

struct Classifier
{
    QString root;
    int workdirDepth = 0;

    /// Why a word that names a path leaves the workspace, or empty.
    QString pathReason(const QString &word) const
    {
        // `--file=/etc/x` and `key=~/x`: the value counts too.
        const qsizetype eq = word.indexOf(QLatin1Char('='));
        if (eq > 0 && !word.startsWith(QLatin1Char('/'))) {
            const QString value = pathReason(word.mid(eq + 1));
            if (!value.isEmpty()) {
                return value;
            }
        }
        if (word.startsWith(QLatin1Char('~'))) {
            return QStringLiteral("names %1 in a home directory, outside the workspace").arg(word);
        }
        if (word.startsWith(QLatin1Char('/'))) {
            if (isUrl(word) || harmlessDevices().contains(QDir::cleanPath(word)) || insideRoot(word, root)) {
                return {};
            }
            return QStringLiteral("names %1, outside the workspace").arg(word);
        }
        if ((word == QLatin1String("..") || word.contains(QLatin1Char('/'))) && !isUrl(word) &&
            depthOf(word, workdirDepth) < 0) {
            return QStringLiteral("names %1, which climbs out of the workspace").arg(word);
        }
        return {};
    }

    QString networkReason(const QStringList &words, qsizetype program) const
    {
        const QString name = baseName(words.at(program));
        if (networkPrograms().contains(name)) {
            return QStringLiteral("uses the network (%1)").arg(name);
        }
        const QString sub = subcommand(words, program);
        const auto table = networkSubcommands().constFind(name);
        if (table != networkSubcommands().constEnd() && table->contains(sub)) {
            return QStringLiteral("uses the network (%1 %2)").arg(name, sub);
        }
        if (name == QLatin1String("yarn") && sub.isEmpty()) {
            return QStringLiteral("uses the network (yarn installs)");
        }
        const qsizetype m = words.indexOf(QStringLiteral("-m"), program + 1);
        if (name.startsWith(QLatin1String("python")) && m > 0 && m + 2 < words.size() &&
            (words.at(m + 1) == QLatin1String("pip")) &&
            networkSubcommands().value(QStringLiteral("pip")).contains(words.at(m + 2))) {
            return QStringLiteral("uses the network (%1 -m pip %2)").arg(name, words.at(m + 2));
        }
        return {};
    }

    QString commandReason(const QString &text, int nesting) const
    {
        for (const QStringList &words : CommandWords::split(text)) {
            for (const QString &word : words) {
                if (isUrl(word)) {
                    return QStringLiteral("uses the network (%1)").arg(word);
                }
                const QString path = pathReason(word);
                if (!path.isEmpty()) {
                    return path;
                }
            }
            const qsizetype program = CommandWords::programIndex(words);
            if (program < 0) {
                continue;
            }
            const QString network = networkReason(words, program);
            if (!network.isEmpty()) {
                return network;
            }
            const std::optional<QString> script = CommandWords::shellScript(words, program);
            if (script) {
                if (nesting >= kMaxNesting) {
                    return QStringLiteral("nests shells more than %1 deep").arg(kMaxNesting);
                }
                const QString inner = commandReason(*script, nesting + 1);
                if (!inner.isEmpty()) {
                    return inner;
                }
            }
        }
        return {};
    }
};

QString patchReason(const QList<PatchOperation> &operations)
{
    for (const PatchOperation &op : operations) {
        for (const QString &path : {op.path, op.moveTo}) {
            if (path.isEmpty()) {
                continue;
            }
            if (path.startsWith(QLatin1Char('/')) || path.startsWith(QLatin1Char('~'))) {
                return QStringLiteral("patches %1, outside the workspace").arg(path);
            }
            if (depthOf(path, 0) < 0) {
                return QStringLiteral("patches %1, which climbs out of the workspace").arg(path);
            }
        }
    }
    return {};
}

/// The operations of an apply_patch call in any of its three forms; std::nullopt when unparsable.
std::optional<QList<PatchOperation>> patchOperations(const ToolCall &call)
{
    Result<QList<PatchOperation>> ops = QList<PatchOperation>();
    if (call.kind == ToolKind::ApplyPatch) {
        const Result<PatchOperation> op = PatchParser::parseOperation(call.operation);
        if (!op) {
            return std::nullopt;
        }
        return QList<PatchOperation>{*op};
    }
    const QString text = call.kind == ToolKind::Custom ? call.input
                         : call.arguments.contains(QLatin1String("input"))
                             ? call.arguments.value(QLatin1String("input")).toString()
                             : call.arguments.value(QLatin1String("patch")).toString();
    ops = PatchParser::parse(text);
    if (!ops) {
        return std::nullopt;
    }
    return *ops;
}

bool isPatch(const ToolCall &call)
{
    return call.kind == ToolKind::ApplyPatch || call.name == QLatin1String("apply_patch");
}

/// One key per command of `text`: the words up to the program (wrappers, assignments) and a plain
/// first argument; a shell's `-c` script stands for its own commands.
QStringList commandKeys(const QString &text, int nesting)
{
    QStringList keys;
    for (const QStringList &words : CommandWords::split(text)) {
        const qsizetype program = CommandWords::programIndex(words);
        if (program < 0) {
            continue;
        }
        const std::optional<QString> script = CommandWords::shellScript(words, program);
        if (script) {
            const QStringList inner = nesting < kMaxNesting ? commandKeys(*script, nesting + 1) : QStringList();
            if (inner.isEmpty()) {
                return {}; // too deep or empty: never covered
            }
            keys += inner;
            continue;
        }
        const QString sub = program + 1 < words.size() ? words.at(program + 1) : QString();
        keys.append(QStringLiteral("exec_command:") + words.mid(0, program + 1).join(QLatin1Char(' ')) +
                    (sub.isEmpty() || sub.startsWith(QLatin1Char('-')) ? QString() : QLatin1Char(' ') + sub));
    }
    return keys;
}

} // namespace

QString approvalPolicyName(ApprovalPolicy policy)
{
    switch (policy) {
    case ApprovalPolicy::Auto:
        return QStringLiteral("auto");
    case ApprovalPolicy::Deny:
        return QStringLiteral("deny");
    case ApprovalPolicy::Ask:
        return QStringLiteral("ask");
    case ApprovalPolicy::Outside:
        return QStringLiteral("outside");
    }
    return {};
}

std::optional<ApprovalPolicy> approvalPolicyFromName(const QString &name)
{
    for (ApprovalPolicy p :
         {ApprovalPolicy::Auto, ApprovalPolicy::Deny, ApprovalPolicy::Ask, ApprovalPolicy::Outside}) {
        if (approvalPolicyName(p) == name) {
            return p;
        }
    }
    return std::nullopt;
}

QString approvalReason(const ToolCall &call, const QString &sandboxRoot)
{
    Classifier classifier{sandboxRoot, 0};
    if (isPatch(call)) {
        const auto ops = patchOperations(call);
        return ops ? patchReason(*ops) : QString(); // unparsable: the tool reports it, nothing is written
    }
    if (call.name == QLatin1String("write_stdin")) {
        return classifier.commandReason(call.arguments.value(QLatin1String("chars")).toString(), 0);
    }
    if (call.name != QLatin1String("exec_command")) {
        return {};
    }
    const QString workdir = call.arguments.value(QLatin1String("workdir")).toString().trimmed();
    if (!workdir.isEmpty()) {
        if (workdir.startsWith(QLatin1Char('/'))) {
            if (!insideRoot(workdir, sandboxRoot)) {
                return QStringLiteral("runs in %1, outside the workspace").arg(workdir);
            }
            classifier.workdirDepth = depthOf(QDir::cleanPath(workdir).mid(QDir::cleanPath(sandboxRoot).size()), 0);
        } else {
            classifier.workdirDepth = depthOf(workdir, 0);
            if (classifier.workdirDepth < 0 || workdir.startsWith(QLatin1Char('~'))) {
                return QStringLiteral("runs in %1, outside the workspace").arg(workdir);
            }
        }
    }
    return classifier.commandReason(call.arguments.value(QLatin1String("cmd")).toString(), 0);
}

QStringList approvalKeys(const ToolCall &call)
{
    QStringList keys;
    if (isPatch(call)) {
        const auto ops = patchOperations(call);
        if (!ops) {
            return {};
        }
        for (const PatchOperation &op : *ops) {
            for (const QString &path : {op.path, op.moveTo}) {
                if (!path.isEmpty()) {
                    const QString dir = QFileInfo(QDir::cleanPath(path)).path();
                    keys.append(QStringLiteral("apply_patch:%1/").arg(dir));
                }
            }
        }
    } else if (call.name == QLatin1String("exec_command")) {
        keys = commandKeys(call.arguments.value(QLatin1String("cmd")).toString(), 0);
    } else {
        keys.append(call.name);
    }
    keys.removeDuplicates();
    return keys;
}

void ApprovalRules::allow(const ToolCall &call)
{
    for (const QString &key : approvalKeys(call)) {
        m_keys.insert(key);
    }
}

bool ApprovalRules::covers(const ToolCall &call) const
{
    const QStringList keys = approvalKeys(call);
    return !keys.isEmpty() &&
           std::all_of(keys.cbegin(), keys.cend(), [this](const QString &k) { return m_keys.contains(k); });
}

QStringList ApprovalRules::keys() const
{
    QStringList list(m_keys.cbegin(), m_keys.cend());
    list.sort();
    return list;
}

} // namespace Sandcastle::Core
