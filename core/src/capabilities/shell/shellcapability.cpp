// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/capabilities/shell/shellcapability.h"

#include "capabilities/shell/shelltools_p.h"
#include "sandcastle/core/capabilities/shell/outputtruncation.h"
#include "sandcastle/core/sandbox/sandboxsession.h"

#include <QElapsedTimer>
#include <QJsonValue>
#include <QRegularExpression>
#include <QUuid>

#include <cmath>

namespace Sandcastle::Core {

namespace {

constexpr int kDefaultExecYieldMs = 10000;
constexpr int kDefaultWriteYieldMs = 250;

QJsonObject nullable(const QJsonObject &schema)
{
    return QJsonObject{
        {QStringLiteral("anyOf"), QJsonArray{schema, QJsonObject{{QStringLiteral("type"), QStringLiteral("null")}}}}};
}

QJsonObject field(QJsonObject schema, const QString &title, const QString &description)
{
    schema.insert(QStringLiteral("title"), title);
    schema.insert(QStringLiteral("description"), description);
    return schema;
}

QJsonObject maxOutputTokensSchema()
{
    QJsonObject s =
        nullable(QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")}, {QStringLiteral("minimum"), 1}});
    s.insert(QStringLiteral("default"), QJsonValue::Null);
    return field(s, QStringLiteral("Max Output Tokens"),
                 QStringLiteral("Maximum number of tokens to return. Excess output will be truncated."));
}

QJsonObject yieldTimeMsSchema(int defaultMs)
{
    return field(QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")},
                             {QStringLiteral("default"), defaultMs},
                             {QStringLiteral("minimum"), 0}},
                 QStringLiteral("Yield Time Ms"),
                 QStringLiteral("How long to wait (in milliseconds) for output before yielding."));
}

/// The parameters of exec_command and write_stdin: the tool's own `properties` plus the two
/// fields they share, yield_time_ms (with the tool's default) and max_output_tokens.
QJsonObject parametersSchema(const QString &title, QJsonObject properties, const QString &required, int defaultYieldMs)
{
    properties.insert(QStringLiteral("yield_time_ms"), yieldTimeMsSchema(defaultYieldMs));
    properties.insert(QStringLiteral("max_output_tokens"), maxOutputTokensSchema());
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                       {QStringLiteral("title"), title},
                       {QStringLiteral("properties"), properties},
                       {QStringLiteral("required"), QJsonArray{required}}};
}

QJsonObject functionTool(const QString &name, const QString &description, const QJsonObject &parameters)
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                       {QStringLiteral("name"), name},
                       {QStringLiteral("description"), description},
                       {QStringLiteral("parameters"), parameters},
                       {QStringLiteral("strict"), false}};
}

/// Argument readers: each returns false and sets `error` ("/pointer: expected ...") on bad input.
struct ArgReader
{
    const QJsonObject &args;
    QString error;

    bool string(const QString &key, QString *out, bool required, bool nullable)
    {
        const QJsonValue v = args.value(key);
        if (v.isUndefined() || (v.isNull() && nullable)) {
            if (required) {
                error = QStringLiteral("/%1: required").arg(key);
                return false;
            }
            return true;
        }
        if (!v.isString()) {
            error = QStringLiteral("/%1: expected a string").arg(key);
            return false;
        }
        *out = v.toString();
        return true;
    }
    bool integer(const QString &key, std::optional<qint64> *out, bool required, bool nullable, qint64 minimum)
    {
        const QJsonValue v = args.value(key);
        if (v.isUndefined() || (v.isNull() && nullable)) {
            if (required) {
                error = QStringLiteral("/%1: required").arg(key);
                return false;
            }
            return true;
        }
        const double d = v.toDouble(std::nan(""));
        if (!v.isDouble() || std::isnan(d) || d != std::floor(d) || std::abs(d) > 9e15) {
            error = QStringLiteral("/%1: expected an integer").arg(key);
            return false;
        }
        if (qint64(d) < minimum) {
            error = QStringLiteral("/%1: must be >= %2").arg(key).arg(minimum);
            return false;
        }
        *out = qint64(d);
        return true;
    }
    bool boolean(const QString &key, bool *out)
    {
        const QJsonValue v = args.value(key);
        if (v.isUndefined()) {
            return true;
        }
        if (!v.isBool()) {
            error = QStringLiteral("/%1: expected a boolean").arg(key);
            return false;
        }
        *out = v.toBool();
        return true;
    }
};

QFuture<Result<ToolOutput>> readyOutput(ToolOutput output)
{
    return QtFuture::makeReadyValueFuture(Result<ToolOutput>(std::move(output)));
}

ToolOutput invalidArguments(const QString &tool, const QString &error)
{
    ToolOutput out;
    out.failed = true;
    out.text = QStringLiteral("Invalid arguments for %1: %2").arg(tool, error);
    return out;
}

/// Python shlex.quote().
QString shellQuote(const QString &s)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_@%+=:,./-]+$"));
    if (!s.isEmpty() && safe.match(s).hasMatch()) {
        return s;
    }
    QString quoted = s;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\"'\"'"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

int clampInt(qint64 v)
{
    return int(std::clamp<qint64>(v, 0, 24 * 3600 * 1000));
}

/// `processId`: the table id the chunk belongs to (the one write_stdin polled; for a start, the
/// chunk's own id, or 0 when the command already ended).
ToolOutput chunkOutput(const Result<ProcessChunk> &chunk, const QElapsedTimer &clock, std::optional<qint64> maxTokens,
                       ShellCapability *capability, int processId)
{
    ToolOutput out;
    const QString redacted = capability->redactStream(processId, chunk->output, chunk->exitCode.has_value());
    const TruncatedOutput t = truncateOutput(redacted, maxTokens);
    out.text = ShellCapability::formatResponse(t.text, double(clock.nsecsElapsed()) / 1e9, chunk->exitCode,
                                               chunk->processId, t.originalTokenCount);
    return out;
}

} // namespace

ShellCapability::ShellCapability(QObject *parent)
    : Capability(parent)
    , m_exec(std::make_unique<Internal::ExecCommandTool>(this))
    , m_writeStdin(std::make_unique<Internal::WriteStdinTool>(this))
{}

ShellCapability::~ShellCapability() = default;

QString ShellCapability::redactStream(int processId, const QByteArray &chunk, bool finished)
{
    QByteArray data = m_heldOutput.take(processId) + chunk;
    if (!finished && processId != 0) {
        if (const qsizetype held = m_redactor.heldPrefixLength(data); held > 0) {
            m_heldOutput.insert(processId, data.last(held));
            data.chop(held);
        }
    }
    return m_redactor.redact(QString::fromUtf8(data));
}

QString ShellCapability::instructions() const
{
    return QStringLiteral(
        "- Run shell commands with `exec_command`.\n"
        "- When `write_stdin` is available, use it to send input to a running command or to poll it for more "
        "output, using the session ID that `exec_command` returned.\n"
        "- To be able to interrupt a command, start it with `tty=true`; then send Ctrl-C (`\\u0003`) through "
        "`write_stdin`.\n"
        "- Search with `rg` (and list files with `rg --files`): it is much faster than `grep -r` or `find`.\n"
        "- Do not write Python scripts just to print large parts of files; read them with the shell in "
        "reasonably sized ranges.");
}

std::vector<Tool *> ShellCapability::tools() const
{
    if (!m_session) {
        return {};
    }
    std::vector<Tool *> list{m_exec.get()};
    if (m_session->supportsPty()) {
        list.push_back(m_writeStdin.get());
    }
    return list;
}

void ShellCapability::bind(SandboxSession *session)
{
    m_session = session;
}

QString ShellCapability::formatResponse(const QString &output, double wallTimeSeconds, std::optional<int> exitCode,
                                        std::optional<int> sessionId, std::optional<qint64> originalTokenCount)
{
    QStringList lines;
    lines << QStringLiteral("Chunk ID: ") + QUuid::createUuid().toString(QUuid::Id128).left(6);
    lines << QStringLiteral("Wall time: %1 seconds").arg(wallTimeSeconds, 0, 'f', 4);
    if (exitCode) {
        lines << QStringLiteral("Process exited with code %1").arg(*exitCode);
    }
    if (sessionId) {
        lines << QStringLiteral("Process running with session ID %1").arg(*sessionId);
    }
    if (originalTokenCount) {
        lines << QStringLiteral("Original token count: %1").arg(*originalTokenCount);
    }
    lines << QStringLiteral("Output:") << output;
    return lines.join(QLatin1Char('\n'));
}

namespace Internal {

QJsonObject ExecCommandTool::definition() const
{
    QJsonObject properties;
    properties.insert(QStringLiteral("cmd"), field(QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                                               {QStringLiteral("minLength"), 1}},
                                                   QStringLiteral("Cmd"), QStringLiteral("Shell command to execute.")));
    QJsonObject workdir = nullable(QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}});
    workdir.insert(QStringLiteral("default"), QJsonValue::Null);
    properties.insert(
        QStringLiteral("workdir"),
        field(workdir, QStringLiteral("Workdir"),
              QStringLiteral("Optional working directory to run the command in; defaults to the turn cwd.")));
    QJsonObject shell = nullable(QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}});
    shell.insert(QStringLiteral("default"), QJsonValue::Null);
    properties.insert(QStringLiteral("shell"),
                      field(shell, QStringLiteral("Shell"),
                            QStringLiteral("Shell binary to launch. Defaults to the user's default shell.")));
    properties.insert(
        QStringLiteral("login"),
        field(QJsonObject{{QStringLiteral("type"), QStringLiteral("boolean")}, {QStringLiteral("default"), true}},
              QStringLiteral("Login"),
              QStringLiteral("Whether to run the shell with -l/-i semantics. Defaults to true.")));
    properties.insert(
        QStringLiteral("tty"),
        field(QJsonObject{{QStringLiteral("type"), QStringLiteral("boolean")}, {QStringLiteral("default"), false}},
              QStringLiteral("Tty"),
              QStringLiteral("Whether to allocate a TTY for the command. Defaults to false (plain pipes); "
                             "set to true to open a PTY and access TTY process.")));
    return functionTool(
        name(), QStringLiteral("Runs a command in a PTY, returning output or a session ID for ongoing interaction."),
        parametersSchema(QStringLiteral("ExecCommandArgs"), properties, QStringLiteral("cmd"), kDefaultExecYieldMs));
}

QFuture<Result<ToolOutput>> ExecCommandTool::invoke(const ToolCall &call, const ToolContext &context)
{
    Q_UNUSED(context)
    QElapsedTimer clock;
    clock.start();
    SandboxSession *session = m_capability->session();
    if (!session) {
        return QtFuture::makeReadyValueFuture(Result<ToolOutput>(
            fail(ErrorCode::Internal,
                 QStringLiteral("exec_command called before the shell capability was bound to a session"))));
    }
    ArgReader args{call.arguments, {}};
    QString cmd;
    QString workdir;
    QString shell;
    bool login = true;
    bool tty = false;
    std::optional<qint64> yieldMs = kDefaultExecYieldMs;
    std::optional<qint64> maxTokens;
    if (!args.string(QStringLiteral("cmd"), &cmd, true, false) ||
        !args.string(QStringLiteral("workdir"), &workdir, false, true) ||
        !args.string(QStringLiteral("shell"), &shell, false, true) || !args.boolean(QStringLiteral("login"), &login) ||
        !args.boolean(QStringLiteral("tty"), &tty) ||
        !args.integer(QStringLiteral("yield_time_ms"), &yieldMs, false, false, 0) ||
        !args.integer(QStringLiteral("max_output_tokens"), &maxTokens, false, true, 1)) {
        return readyOutput(invalidArguments(name(), args.error));
    }
    if (cmd.isEmpty()) {
        return readyOutput(invalidArguments(name(), QStringLiteral("/cmd: must not be empty")));
    }

    QString command = cmd;
    if (!workdir.trimmed().isEmpty()) {
        workdir.replace(QLatin1Char('\\'), QLatin1Char('/'));
        Result<QString> resolved = session->resolveSandboxPath(workdir);
        if (!resolved) {
            ToolOutput out;
            out.failed = true;
            out.text = QStringLiteral("Invalid workdir %1: %2").arg(workdir, resolved.error().message);
            return readyOutput(out);
        }
        command = QStringLiteral("cd %1 && %2").arg(shellQuote(*resolved), cmd);
    }
    QStringList argv;
    if (shell.isEmpty()) {
        argv = login ? session->defaultShell() : QStringList{QStringLiteral("sh"), QStringLiteral("-c")};
    } else {
        argv = {shell, login ? QStringLiteral("-lc") : QStringLiteral("-c")};
    }
    argv << command;

    QObject *ctx = m_capability;
    if (session->supportsPty()) {
        ProcessRequest request;
        request.argv = argv;
        request.tty = tty;
        return session->startProcess(request, SandboxSession::clampYieldTimeMs(clampInt(*yieldMs), false))
            .then(
                ctx,
                [clock, maxTokens, capability = m_capability](const Result<ProcessChunk> &chunk) -> Result<ToolOutput> {
                    if (!chunk) {
                        ToolOutput out;
                        out.failed = true;
                        out.text = QStringLiteral("Command could not be started: %1").arg(chunk.error().toString());
                        return out;
                    }
                    return chunkOutput(chunk, clock, maxTokens, capability, chunk->processId.value_or(0));
                });
    }

    ExecRequest request;
    request.argv = argv;
    request.timeoutMs = std::max(1, clampInt(*yieldMs));
    const double timeoutSeconds = double(*yieldMs) / 1000.0;
    ExecCall execCall = session->exec(request);
    m_running.insert(execCall.id);
    const quint64 id = execCall.id;
    return execCall.future.then(
        ctx,
        [this, id, clock, maxTokens, timeoutSeconds,
         redactor = m_capability->redactor()](const Result<ExecResult> &r) -> Result<ToolOutput> {
            m_running.remove(id);
            if (!r) {
                if (r.error().code == ErrorCode::Timeout) {
                    ToolOutput out;
                    out.text = ShellCapability::formatResponse(
                        QStringLiteral("Command timed out after %1 seconds.").arg(timeoutSeconds, 0, 'f', 3),
                        double(clock.nsecsElapsed()) / 1e9, std::nullopt, std::nullopt, std::nullopt);
                    return out;
                }
                if (r.error().code == ErrorCode::Cancelled) {
                    return std::unexpected(r.error());
                }
                ToolOutput out;
                out.failed = true;
                out.text = QStringLiteral("Command could not be started: %1").arg(r.error().toString());
                return out;
            }
            const QString out = QString::fromUtf8(r->stdoutData);
            const QString err = QString::fromUtf8(r->stderrData);
            QString joined = out.isEmpty() ? err : out;
            if (!out.isEmpty() && !err.isEmpty()) {
                joined = out + (out.endsWith(QLatin1Char('\n')) ? QString() : QStringLiteral("\n")) + err;
            }
            const TruncatedOutput t = truncateOutput(redactor.redact(joined), maxTokens);
            ToolOutput output;
            output.text = ShellCapability::formatResponse(t.text, double(clock.nsecsElapsed()) / 1e9, r->exitCode,
                                                          std::nullopt, t.originalTokenCount);
            return output;
        });
}

void ExecCommandTool::cancel()
{
    SandboxSession *session = m_capability->session();
    if (!session) {
        return;
    }
    const auto ids = m_running;
    for (const quint64 id : ids) {
        session->cancelExec(id);
    }
}

QJsonObject WriteStdinTool::definition() const
{
    QJsonObject properties;
    properties.insert(QStringLiteral("session_id"),
                      field(QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")}},
                            QStringLiteral("Session Id"),
                            QStringLiteral("Identifier of the running unified exec session.")));
    properties.insert(
        QStringLiteral("chars"),
        field(QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}, {QStringLiteral("default"), QString()}},
              QStringLiteral("Chars"), QStringLiteral("Bytes to write to stdin (may be empty to poll).")));
    return functionTool(
        name(), QStringLiteral("Writes characters to an existing unified exec session and returns recent output."),
        parametersSchema(QStringLiteral("WriteStdinArgs"), properties, QStringLiteral("session_id"),
                         kDefaultWriteYieldMs));
}

QFuture<Result<ToolOutput>> WriteStdinTool::invoke(const ToolCall &call, const ToolContext &context)
{
    Q_UNUSED(context)
    QElapsedTimer clock;
    clock.start();
    SandboxSession *session = m_capability->session();
    if (!session || !session->supportsPty()) {
        return QtFuture::makeReadyValueFuture(Result<ToolOutput>(
            fail(ErrorCode::Unsupported, QStringLiteral("write_stdin is not available for non-PTY sandboxes"))));
    }
    ArgReader args{call.arguments, {}};
    std::optional<qint64> sessionId;
    QString chars;
    std::optional<qint64> yieldMs = kDefaultWriteYieldMs;
    std::optional<qint64> maxTokens;
    if (!args.integer(QStringLiteral("session_id"), &sessionId, true, false, std::numeric_limits<int>::min()) ||
        !args.string(QStringLiteral("chars"), &chars, false, false) ||
        !args.integer(QStringLiteral("yield_time_ms"), &yieldMs, false, false, 0) ||
        !args.integer(QStringLiteral("max_output_tokens"), &maxTokens, false, true, 1)) {
        return readyOutput(invalidArguments(name(), args.error));
    }
    const int id =
        int(std::clamp<qint64>(*sessionId, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
    const int yield = SandboxSession::clampYieldTimeMs(clampInt(*yieldMs), chars.isEmpty());
    return session->writeStdin(id, chars.toUtf8(), yield)
        .then(
            m_capability,
            [clock, maxTokens, capability = m_capability, id](const Result<ProcessChunk> &chunk) -> Result<ToolOutput> {
                if (!chunk) {
                    ToolOutput out;
                    const double wall = double(clock.nsecsElapsed()) / 1e9;
                    if (chunk.error().code == ErrorCode::NotFound) {
                        out.text = ShellCapability::formatResponse(
                            QStringLiteral("write_stdin failed: %1").arg(chunk.error().message), wall, 1, std::nullopt,
                            std::nullopt);
                        return out;
                    }
                    if (chunk.error().code == ErrorCode::Unsupported) {
                        out.text = ShellCapability::formatResponse(
                            QStringLiteral(
                                "stdin is not available for this process. Start the command with `tty=true` in "
                                "`exec_command` before using `write_stdin`."),
                            wall, 1, std::nullopt, std::nullopt);
                        return out;
                    }
                    out.failed = true;
                    out.text = QStringLiteral("write_stdin failed: %1").arg(chunk.error().toString());
                    return out;
                }
                return chunkOutput(chunk, clock, maxTokens, capability, id);
            });
}

} // namespace Internal
} // namespace Sandcastle::Core
