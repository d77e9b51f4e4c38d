// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/model/chatcompletionsclient.h"

#include "chatresponseaccumulator_p.h"
#include "httpmodelcall_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>

namespace Sandcastle::Core {

namespace {

QString str(const QJsonObject &o, QLatin1StringView key)
{
    return o.value(key).toString();
}

class ChatCall : public Internal::HttpModelCall
{
public:
    ChatCall(QNetworkAccessManager *nam, const ProviderSettings &settings, QUrl url, bool stream,
             QSet<QString> customTools, QObject *parent)
        : HttpModelCall(nam, settings, std::move(url), stream, parent)
        , m_acc(std::move(customTools))
    {}

protected:
    void handleSseEvent(const SseEvent &event) override
    {
        if (event.isDoneMarker()) {
            m_acc.markDone();
            complete();
            return;
        }
        const auto events = m_acc.addChunk(event.data);
        if (!events) {
            if (events.error().code == ErrorCode::Provider) {
                finish(std::unexpected(events.error()));
            } else {
                qCWarning(lcModel).noquote() << "ignoring a malformed chat stream chunk:" << events.error().toString();
            }
            return;
        }
        for (const ModelStreamEvent &e : *events) {
            Q_EMIT streamEvent(e);
            if (isFinished()) {
                return;
            }
        }
    }
    void handleStreamEnd() override { complete(); }
    void handleJsonBody(const QByteArray &body) override
    {
        const auto events = m_acc.addChunk(body);
        if (!events) {
            finish(fail(ErrorCode::Provider,
                        QStringLiteral("the chat server answered with an unusable body: ") + events.error().message,
                        events.error().detail));
            return;
        }
        m_acc.markDone();
        complete();
    }

private:
    void complete()
    {
        const Result<ModelResponse> r = m_acc.result();
        if (r) {
            for (const ModelStreamEvent &e : m_acc.itemsDoneEvents()) {
                Q_EMIT streamEvent(e);
                if (isFinished()) {
                    return;
                }
            }
        }
        finish(r);
    }

    Internal::ChatResponseAccumulator m_acc;
};

// Text of a Responses content value (string or parts); images go to `images`.
QString contentText(const QJsonValue &content, QJsonArray *images)
{
    if (content.isString()) {
        return content.toString();
    }
    QStringList texts;
    for (const QJsonValue &v : content.toArray()) {
        const QJsonObject part = v.toObject();
        const QString type = str(part, QLatin1StringView("type"));
        if (type == QLatin1StringView("input_image")) {
            if (images) {
                images->append(
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("image_url")},
                                {QStringLiteral("image_url"),
                                 QJsonObject{{QStringLiteral("url"), part.value(QLatin1StringView("image_url"))}}}});
            }
        } else if (part.contains(QLatin1StringView("text"))) {
            texts << str(part, QLatin1StringView("text"));
        } else if (type == QLatin1StringView("refusal")) {
            texts << str(part, QLatin1StringView("refusal"));
        }
    }
    return texts.join(QLatin1Char('\n'));
}

QJsonObject functionTool(const QString &name, const QString &description, const QJsonObject &parameters)
{
    QJsonObject fn{{QStringLiteral("name"), name}, {QStringLiteral("parameters"), parameters}};
    if (!description.isEmpty()) {
        fn.insert(QLatin1StringView("description"), description);
    }
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("function")}, {QStringLiteral("function"), fn}};
}

QJsonObject inputParameters()
{
    return QJsonObject{
        {QStringLiteral("type"), QStringLiteral("object")},
        {QStringLiteral("properties"),
         QJsonObject{{QStringLiteral("input"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                                           {QStringLiteral("description"),
                                                            QStringLiteral("The raw input text for the tool.")}}}}},
        {QStringLiteral("required"), QJsonArray{QStringLiteral("input")}},
        {QStringLiteral("additionalProperties"), false}};
}

// Appends an assistant tool call, joining the assistant message right before it.
void appendToolCall(QJsonArray &messages, const QJsonObject &toolCall)
{
    if (!messages.isEmpty()) {
        QJsonObject last = messages.last().toObject();
        if (str(last, QLatin1StringView("role")) == QLatin1StringView("assistant")) {
            QJsonArray calls = last.value(QLatin1StringView("tool_calls")).toArray();
            calls.append(toolCall);
            last.insert(QLatin1StringView("tool_calls"), calls);
            messages.replace(messages.size() - 1, last);
            return;
        }
    }
    messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                {QStringLiteral("content"), QJsonValue::Null},
                                {QStringLiteral("tool_calls"), QJsonArray{toolCall}}});
}

QJsonArray convertInput(const ModelRequest &request)
{
    QJsonArray messages;
    if (!request.instructions.isEmpty()) {
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                                    {QStringLiteral("content"), request.instructions}});
    }
    QJsonArray pendingImages; // tool outputs with images: sent as a user message after the tool messages
    const auto flushImages = [&] {
        if (!pendingImages.isEmpty()) {
            QJsonArray parts{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                         {QStringLiteral("text"), QStringLiteral("Images returned by the tools:")}}};
            for (const QJsonValue &v : std::as_const(pendingImages)) {
                parts.append(v);
            }
            messages.append(
                QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), parts}});
            pendingImages = QJsonArray();
        }
    };
    for (const QJsonValue &v : request.input) {
        const QJsonObject item = v.toObject();
        QString type = str(item, QLatin1StringView("type"));
        if (type.isEmpty() && item.contains(QLatin1StringView("role"))) {
            type = QStringLiteral("message");
        }
        const QString callId = str(item, QLatin1StringView("call_id"));
        if (type == QLatin1StringView("function_call_output") || type == QLatin1StringView("custom_tool_call_output")) {
            const QJsonValue output = item.value(QLatin1StringView("output"));
            messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("tool")},
                                        {QStringLiteral("tool_call_id"), callId},
                                        {QStringLiteral("content"), contentText(output, &pendingImages)}});
            continue;
        }
        flushImages();
        if (type == QLatin1StringView("message")) {
            QString role = str(item, QLatin1StringView("role"));
            if (role == QLatin1StringView("developer")) {
                role = QStringLiteral("system");
            }
            QJsonArray images;
            const QString text = contentText(item.value(QLatin1StringView("content")), &images);
            if (images.isEmpty() || role != QLatin1StringView("user")) {
                messages.append(QJsonObject{{QStringLiteral("role"), role}, {QStringLiteral("content"), text}});
            } else {
                QJsonArray parts{
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), text}}};
                for (const QJsonValue &image : std::as_const(images)) {
                    parts.append(image);
                }
                messages.append(QJsonObject{{QStringLiteral("role"), role}, {QStringLiteral("content"), parts}});
            }
        } else if (type == QLatin1StringView("function_call") || type == QLatin1StringView("custom_tool_call")) {
            const QString arguments =
                type == QLatin1StringView("function_call")
                    ? str(item, QLatin1StringView("arguments"))
                    : QString::fromUtf8(
                          QJsonDocument(QJsonObject{{QStringLiteral("input"), item.value(QLatin1StringView("input"))}})
                              .toJson(QJsonDocument::Compact));
            appendToolCall(messages,
                           QJsonObject{{QStringLiteral("id"), callId},
                                       {QStringLiteral("type"), QStringLiteral("function")},
                                       {QStringLiteral("function"),
                                        QJsonObject{{QStringLiteral("name"), item.value(QLatin1StringView("name"))},
                                                    {QStringLiteral("arguments"), arguments}}}});
        } else {
            // reasoning, compaction, item_reference, hosted tool items: nothing a chat server understands.
            qCDebug(lcModel) << "chat request: skipping input item of type" << type;
        }
    }
    flushImages();
    return messages;
}

} // namespace

ChatCompletionsClient::ChatCompletionsClient(ProviderSettings settings, QObject *parent)
    : ModelClient(parent)
    , m_settings(std::move(settings))
    , m_nam(new QNetworkAccessManager(this))
{}

ChatCompletionsClient::~ChatCompletionsClient() = default;

Result<QJsonObject> ChatCompletionsClient::buildBody(const ModelRequest &request, QSet<QString> *customTools)
{
    QJsonObject body;
    body.insert(QLatin1StringView("model"), request.model);
    body.insert(QLatin1StringView("messages"), convertInput(request));
    QJsonArray tools;
    for (const QJsonValue &v : request.tools) {
        const QJsonObject tool = v.toObject();
        const QString type = str(tool, QLatin1StringView("type"));
        const QString name = str(tool, QLatin1StringView("name"));
        if (type == QLatin1StringView("function")) {
            tools.append(functionTool(name, str(tool, QLatin1StringView("description")),
                                      tool.value(QLatin1StringView("parameters")).toObject()));
        } else if (type == QLatin1StringView("custom") || type == QLatin1StringView("apply_patch")) {
            const QString toolName = name.isEmpty() ? type : name;
            QString description = str(tool, QLatin1StringView("description"));
            const QString grammar =
                tool.value(QLatin1StringView("format")).toObject().value(QLatin1StringView("definition")).toString();
            if (!grammar.isEmpty()) {
                description += QStringLiteral("\n\nThe input must match this grammar:\n") + grammar;
            }
            tools.append(functionTool(toolName, description, inputParameters()));
            if (customTools) {
                customTools->insert(toolName);
            }
        } else {
            qCDebug(lcModel) << "chat request: skipping tool of type" << type;
        }
    }
    if (!tools.isEmpty()) {
        body.insert(QLatin1StringView("tools"), tools);
        body.insert(QLatin1StringView("parallel_tool_calls"), request.parallelToolCalls);
    }
    if (request.toolChoice.isString()) {
        body.insert(QLatin1StringView("tool_choice"), request.toolChoice);
    } else if (request.toolChoice.isObject()) {
        const QJsonObject choice = request.toolChoice.toObject();
        const QString name = choice.value(QLatin1StringView("name")).toString(str(choice, QLatin1StringView("type")));
        body.insert(QLatin1StringView("tool_choice"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                                {QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), name}}}});
    }
    if (request.stream) {
        body.insert(QLatin1StringView("stream"), true);
        body.insert(QLatin1StringView("stream_options"), QJsonObject{{QStringLiteral("include_usage"), true}});
    }
    // Responses-only settings a chat server does not understand.
    static const QStringList dropped{QStringLiteral("context_management"),
                                     QStringLiteral("prompt_cache_key"),
                                     QStringLiteral("prompt_cache_retention"),
                                     QStringLiteral("prompt_cache_options"),
                                     QStringLiteral("include"),
                                     QStringLiteral("truncation"),
                                     QStringLiteral("store"),
                                     QStringLiteral("previous_response_id"),
                                     QStringLiteral("conversation"),
                                     QStringLiteral("prompt")};
    for (auto it = request.extra.begin(); it != request.extra.end(); ++it) {
        const QString key = it.key();
        if (dropped.contains(key)) {
            continue;
        }
        QString target = key;
        QJsonValue value = it.value();
        if (key == QLatin1StringView("max_output_tokens")) {
            target = QStringLiteral("max_tokens");
        } else if (key == QLatin1StringView("reasoning")) {
            target = QStringLiteral("reasoning_effort");
            value = value.toObject().value(QLatin1StringView("effort"));
        } else if (key == QLatin1StringView("text")) {
            const QJsonObject format = value.toObject().value(QLatin1StringView("format")).toObject();
            if (str(format, QLatin1StringView("type")) != QLatin1StringView("json_schema")) {
                continue;
            }
            QJsonObject schema = format;
            schema.remove(QLatin1StringView("type"));
            target = QStringLiteral("response_format");
            value = QJsonObject{{QStringLiteral("type"), QStringLiteral("json_schema")},
                                {QStringLiteral("json_schema"), schema}};
        }
        if (value.isUndefined() || value.isNull()) {
            continue;
        }
        if (body.contains(target) || target == QLatin1StringView("stream") || target == QLatin1StringView("input") ||
            target == QLatin1StringView("instructions")) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("extra request key \"%1\" duplicates a request field").arg(key),
                        QStringLiteral("/extra/") + key);
        }
        body.insert(target, value);
    }
    return body;
}

ModelCall *ChatCompletionsClient::start(const ModelRequest &request, QObject *parent)
{
    QSet<QString> customTools;
    const Result<QJsonObject> body = buildBody(request, &customTools);
    auto *call =
        new ChatCall(m_nam, m_settings, ChatCall::endpoint(m_settings.baseUrl, QLatin1StringView("chat/completions")),
                     request.stream, customTools, parent);
    call->begin(body);
    return call;
}

} // namespace Sandcastle::Core
