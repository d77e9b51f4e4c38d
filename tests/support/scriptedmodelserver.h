// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QQueue>
#include <QString>
#include <QTcpServer>
#include <QUrl>

#include <memory>

namespace Sandcastle::Test {

/// One scripted model reply: what the server answers to the next POST to /v1/responses or
/// /v1/chat/completions. The script JSON format (ScriptedTurn::fromJson) is documented in
/// tests/support/README.md.
struct ScriptedTurn
{
    // What the server replies to the next POST. Exactly one source of the body:
    QByteArray rawSse;      ///< non-empty: replay these bytes verbatim as text/event-stream
    QJsonArray outputItems; ///< else: render a complete Responses stream (or JSON when "stream": false)
    QJsonObject usage;      ///< usage for the terminal event (default: counts computed from sizes)
    int httpStatus = 200;   ///< non-200: reply with this status and errorBody, no stream
    QByteArray errorBody;   ///< JSON error body for non-200 (default: an OpenAI-style error object)
    QList<QPair<QByteArray, QByteArray>> headers; ///< extra response headers, e.g. {"Retry-After","1"}
    int cutAfterEvents = -1; ///< >= 0: close the connection after that many SSE events (truncated stream)
    int delayMs = 0;         ///< wait before answering
    int eventIntervalMs = 0; ///< > 0: wait this long between SSE events (for cancellation tests)
    /// "" = response.completed; "failed" = response.failed; "incomplete" = response.incomplete;
    /// "error" = an `error` event followed by response.failed (as in the recorded streams).
    QString terminal;
    QJsonObject error;        ///< {code, message} for "failed"/"error" (default: server_error)
    QString incompleteReason; ///< incomplete_details.reason for "incomplete" (default max_output_tokens)
    QString responseId;       ///< response id (default resp_scripted_<request index>)

    /// Parses one element of the script's "turns" array. `baseDir` resolves "sse_file".
    /// Returns a default turn and fills `error` (naming the offending key) on bad input.
    static ScriptedTurn fromJson(const QJsonObject &o, const QString &baseDir, QString *error);
};

/// One HTTP request as the server received it.
struct RecordedRequest
{
    QByteArray method;
    QByteArray path; ///< including any query string
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;  ///< decoded (chunked bodies are joined)
    QJsonObject json; ///< body parsed as a JSON object, empty when it is not one
    /// First value of the header `name` (case-insensitive), empty when absent.
    QByteArray header(const QByteArray &name) const;
    /// {"method","path","headers":{lower-case name: value},"body": text,"json": object when JSON}
    QJsonObject toJson() const;
};

/// A real HTTP/1.1 server on 127.0.0.1 that answers model requests from a script of turns, in the
/// OpenAI Responses and Chat Completions wire formats. Each POST to /v1/responses or
/// /v1/chat/completions consumes one turn; when the script is exhausted it answers 500 with a JSON
/// error saying so. `GET /v1/models` lists setModels(). Unknown paths get 404 and consume nothing. Every request is
/// recorded (and requestReceived emitted) before the reply is sent. Lives and works on the thread that created it
/// (event driven, never blocks). Owns its sockets.
class ScriptedModelServer : public QObject
{
    Q_OBJECT
public:
    explicit ScriptedModelServer(QObject *parent = nullptr);
    ~ScriptedModelServer() override;

    /// Listens on 127.0.0.1:`port` (0 = any free port). False when the port cannot be bound.
    bool listen(quint16 port = 0);
    quint16 port() const;
    /// http://127.0.0.1:PORT/v1
    QUrl baseUrl() const;

    void enqueue(const ScriptedTurn &turn);
    /// Replaces the remaining turns.
    void setScript(const QList<ScriptedTurn> &turns);
    /// Loads `{"turns":[...]}` from `jsonFile` and replaces the remaining turns. On error the script
    /// is left unchanged and `error` names the file, JSON pointer and what was expected.
    bool loadScript(const QString &jsonFile, QString *error);

    QList<RecordedRequest> requests() const;
    int remainingTurns() const;

    /// What `GET /v1/models` lists (`{"object":"list","data":[{"id",...}]}`); it consumes no turn.
    void setModels(const QStringList &models) { m_models = models; }
    /// When set, every request without `Authorization: Bearer <key>` gets OpenAI's 401
    /// `invalid_api_key` answer (consuming no turn), as api.openai.com does for a wrong key.
    void setRequiredApiKey(const QString &key) { m_requiredApiKey = key; }

Q_SIGNALS:
    /// A request was recorded; `index` is its position in requests().
    void requestReceived(int index);
    /// The reply that consumed a scripted turn has been fully handed to the OS (or the connection closed).
    void turnAnswered(int requestIndex);
    /// Emitted after turnAnswered when no scripted turns remain.
    void allTurnsAnswered();

private:
    struct Connection;
    void onNewConnection();
    void processBuffer(const std::shared_ptr<Connection> &conn);
    void handleRequest(const std::shared_ptr<Connection> &conn, RecordedRequest request);
    void answer(const std::shared_ptr<Connection> &conn, const ScriptedTurn &turn, int requestIndex, bool chat);
    void sendJson(const std::shared_ptr<Connection> &conn, int status, const QByteArray &body,
                  const QList<QPair<QByteArray, QByteArray>> &headers);
    void sendSse(const std::shared_ptr<Connection> &conn, const QList<QByteArray> &events, const ScriptedTurn &turn,
                 int requestIndex);
    void sendNextEvent(const std::shared_ptr<Connection> &conn);
    void finishTurn(const std::shared_ptr<Connection> &conn, int requestIndex);

    QTcpServer m_server;
    QQueue<ScriptedTurn> m_turns;
    QList<RecordedRequest> m_requests;
    QStringList m_models{QStringLiteral("gpt-5.5")};
    QString m_requiredApiKey;
    int m_inFlight = 0; // turns taken from the queue whose reply is not yet flushed
};

// Builders for output items in exactly the Responses API shape (status "completed", fresh ids).
QJsonObject messageItem(const QString &text, const QString &id = {});
QJsonObject functionCallItem(const QString &name, const QJsonObject &arguments, const QString &callId);
QJsonObject customToolCallItem(const QString &name, const QString &input, const QString &callId);
/// `operation` = {type: create_file|update_file|delete_file, path, diff (V4A body, absent for delete)}
QJsonObject applyPatchCallItem(const QJsonObject &operation, const QString &callId);
QJsonObject reasoningItem(const QString &summaryText);
/// A turn that answers with these output items.
ScriptedTurn itemsTurn(const QJsonArray &items);
/// The `output` of the `*_output` item for `callId` in the request at `index`, or
/// "<no output for ID>" when that request has none.
QString toolOutputIn(const ScriptedModelServer &server, int index, const QString &callId);

} // namespace Sandcastle::Test
