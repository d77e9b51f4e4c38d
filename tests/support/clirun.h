// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scriptedmodelserver.h"

#include "sandcastle/core/journal/runjournal.h"

#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <functional>

namespace Sandcastle::Test {

/// What one `sandcastle` invocation did.
struct CliRun
{
    int exitCode = -1;
    bool finished = false; ///< exited normally (not killed, not timed out)
    QString out;
    QString err;
    QList<QJsonObject> events; ///< the lines of the --events file, when one was given

    [[nodiscard]] QList<QJsonObject> eventsOfType(const QString &type) const;
    [[nodiscard]] QString describe() const;
};

/// Runs `$SANDCASTLE_BIN args...` with OPENAI_API_KEY set to a dummy key, OPENAI_BASE_URL unset
/// and XDG_CONFIG_HOME in an empty folder (no provider profiles), waiting with an event loop (so a ScriptedModelServer
/// on this thread keeps answering). `eventsFile` (may be empty) is read into CliRun::events afterwards. When `server`
/// and `onRequest` are given, `onRequest(process, index)` runs for every request the server receives. After `timeoutMs`
/// the process is killed and `finished` stays false.
CliRun runSandcastle(const QStringList &args, const QString &eventsFile = {}, int timeoutMs = 60000,
                     ScriptedModelServer *server = nullptr, const std::function<void(QProcess &, int)> &onRequest = {});

/// Runs `$SANDCASTLE_BIN args...` with exactly `env`, writing `stdinData` to its stdin (then
/// closing it); otherwise as runSandcastle().
CliRun runSandcastleWithEnvironment(const QStringList &args, const QProcessEnvironment &env,
                                    const QByteArray &stdinData = {}, int timeoutMs = 60000);

/// Tool outputs sent back to the model in `request`: call_id -> output text.
QHash<QString, QString> toolOutputs(const RecordedRequest &request);

/// `{"cmd": cmd, "yield_time_ms": yieldMs}`: exec_command arguments.
QJsonObject execArguments(const QString &cmd, int yieldMs = 10000);
/// A turn whose only output item is `item`.
ScriptedTurn toolTurn(const QJsonObject &item);
/// A turn that answers with `text`.
ScriptedTurn answerTurn(const QString &text);

/// The last run of the journal at `journalPath`, opened the way `sandcastle resume` opens it.
Core::Result<Core::JournalRunState> lastJournalRun(const QString &journalPath);

/// Empty when dockerd answers and the sandbox image exists; else why Docker rows must skip.
QString dockerUnavailableReason();

} // namespace Sandcastle::Test
