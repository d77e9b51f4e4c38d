// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/model/providerprofile.h"
#include "sandcastle/core/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTcpServer>
#include <QUrl>

namespace Sandcastle::Core {

/// A recorded model conversation (docs/FORMATS.md "Recorded demo transcript"): one Responses SSE
/// stream per model request, with what each request must carry for the recording to fit it.
struct DemoTranscript
{
    struct Step
    {
        QString file;                ///< the .sse file, for messages
        QByteArray sse;              ///< the stream, replayed byte for byte
        QStringList expectedOutputs; ///< call ids whose tool outputs the request's input must hold
        QStringList expectedTools;   ///< tool names the request must offer
        /// "extraction" or "consolidation": the step opens the memory capability's phase run of
        /// that name (a new conversation after the run; extraction asks for structured output).
        QString memoryPhase;
    };
    QString task;  ///< the task the recording answers (the run panel's suggestion)
    QString model; ///< the model name of the demo profile
    QList<Step> steps;

    /// The transcript compiled into Sandcastle (resources/demo/transcript/).
    static constexpr const char *bundledPath = ":/demo/transcript/transcript.json";
    /// Reads `transcript.json` and the .sse files it names (next to it). InvalidInput names the
    /// file, the JSON pointer and what was expected.
    [[nodiscard]] static Result<DemoTranscript> load(const QString &transcriptFile);

    /// The step a Responses request body answers: `next` when that step is a memory phase the
    /// request opens (a structured-output request for extraction, a new conversation for
    /// consolidation), else 0 for a new conversation (its input holds only messages), else `next`.
    /// InvalidInput with a sentence saying how the request differs from the recording (no stream,
    /// structured output where the recording has none, a missing tool or tool output, a
    /// conversation longer than the recording).
    [[nodiscard]] Result<int> stepFor(const QJsonObject &request, int next) const;
};

/// Serves a DemoTranscript on 127.0.0.1 in the Responses wire format, so that the demo runs
/// through the ordinary ResponsesClient: each POST /v1/responses gets the next recorded stream,
/// or HTTP 400 with an OpenAI-style error (`code` "demo_replay_mismatch") when the request does not
/// fit the recording. GET /v1/models lists the transcript's model. Event driven, on the creating
/// thread; every reply closes its connection.
class DemoReplayServer : public QObject
{
    Q_OBJECT
public:
    explicit DemoReplayServer(DemoTranscript transcript, QObject *parent = nullptr);
    ~DemoReplayServer() override;

    /// Listens on a free loopback port (once; later calls return the first result).
    [[nodiscard]] Result<void> listen();
    /// http://127.0.0.1:PORT/v1 (invalid before listen()).
    [[nodiscard]] QUrl baseUrl() const;
    /// Waits this long between SSE events, so the transcript streams like a model (default 0).
    void setEventIntervalMs(int ms) { m_eventIntervalMs = ms; }
    /// A Responses profile named `name` for this server (no credential, the transcript's model).
    [[nodiscard]] ProviderProfile profile(const QString &name) const;
    [[nodiscard]] const DemoTranscript &transcript() const { return m_transcript; }

Q_SIGNALS:
    /// A request did not fit the recording; `message` is what its 400 reply says.
    void mismatch(const QString &message);

private:
    struct Connection;
    void onNewConnection();
    void onReadyRead(Connection *connection);
    void answer(Connection *connection, const QByteArray &method, const QByteArray &path, const QByteArray &body);
    void sendNextEvent(Connection *connection);

    DemoTranscript m_transcript;
    QTcpServer m_server;
    int m_next = 0;
    int m_eventIntervalMs = 0;
};

} // namespace Sandcastle::Core
