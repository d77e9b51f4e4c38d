// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/model/modelclient.h"

#include <QJsonObject>
#include <QSet>

class QNetworkAccessManager;

namespace Sandcastle::Core {

/// ModelClient for OpenAI-compatible Chat Completions servers (llama.cpp, vLLM, LM Studio,
/// Ollama, Jan): `POST {baseUrl}/chat/completions`.
///
/// Converts the Responses-shaped ModelRequest into chat messages (instructions -> system message,
/// function_call / custom_tool_call items -> assistant tool_calls, their outputs -> tool
/// messages) and tools (a `custom` or hosted `apply_patch` tool becomes a function tool with one
/// string parameter `input`), and converts the answer back into Responses output items (message,
/// reasoning, function_call, and custom_tool_call for tools that were custom) and usage, so the
/// runner sees one shape. Same retry, cancel and threading rules as ResponsesClient.
class ChatCompletionsClient : public ModelClient
{
    Q_OBJECT
public:
    explicit ChatCompletionsClient(ProviderSettings settings, QObject *parent = nullptr);
    ~ChatCompletionsClient() override;

    [[nodiscard]] ModelCall *start(const ModelRequest &request, QObject *parent) override;
    [[nodiscard]] QString apiName() const override { return QStringLiteral("chat"); }

    /// The chat body for `request`; `customTools` receives the names of tools that were custom.
    [[nodiscard]] static Result<QJsonObject> buildBody(const ModelRequest &request, QSet<QString> *customTools);

private:
    ProviderSettings m_settings;
    QNetworkAccessManager *m_nam;
};

} // namespace Sandcastle::Core
