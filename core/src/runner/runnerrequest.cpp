// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The request of one turn: instructions, input (whole, or after previous_response_id), tools and
// parameters from the capabilities.
#include "sandcastle/core/runner/runner.h"

#include "runner_p.h"

#include <QFile>

namespace Sandcastle::Core {

namespace {

QString loadPrompt(const QString &name)
{
    QFile f(QStringLiteral(":/prompts/") + name);
    if (!f.open(QIODevice::ReadOnly)) {
        qCCritical(lcRunner) << "missing prompt resource" << name;
        return {};
    }
    return QString::fromUtf8(f.readAll()).trimmed();
}

// Deep-merges `from` into `into` (objects merge recursively, everything else replaces).
void deepMerge(QJsonObject &into, const QJsonObject &from)
{
    for (auto it = from.begin(); it != from.end(); ++it) {
        if (it->isObject() && into.value(it.key()).isObject()) {
            QJsonObject nested = into.value(it.key()).toObject();
            deepMerge(nested, it->toObject());
            into.insert(it.key(), nested);
        } else {
            into.insert(it.key(), *it);
        }
    }
}

} // namespace

bool Runner::continuesOnServer() const
{
    return m_config.serverKeepsState && !m_previousResponseId.isEmpty() &&
           m_model->apiName() == QLatin1String("responses") && m_deliveredItems <= m_history.size();
}

void Runner::noteResponse(const QString &responseId)
{
    if (m_config.serverKeepsState) {
        m_previousResponseId = responseId;
        m_deliveredItems = m_history.size();
    }
}

void Runner::forgetServerState()
{
    m_previousResponseId.clear();
    m_deliveredItems = 0;
}

QString Runner::instructions() const
{
    QStringList sections;
    sections << (m_config.baseInstructions.isEmpty() ? loadPrompt(QStringLiteral("sandbox.md"))
                                                     : m_config.baseInstructions);
    if (!m_config.agentInstructions.trimmed().isEmpty()) {
        sections << QStringLiteral("# Agent instructions\n\n") + m_config.agentInstructions.trimmed();
    }
    QStringList fragments;
    for (const Capability *c : m_capabilities) {
        const QString f = c->instructions().trimmed();
        if (!f.isEmpty()) {
            fragments << f;
        }
    }
    if (!fragments.isEmpty()) {
        sections << QStringLiteral("# Sandbox capability instructions\n\n") + fragments.join(QStringLiteral("\n\n"));
    }
    QString fs =
        QStringLiteral("# Filesystem\nYou have access to a container with a filesystem. The filesystem layout is:");
    if (!m_config.workspaceDescription.isEmpty()) {
        fs += QStringLiteral("\n\n") + m_config.workspaceDescription;
    }
    sections << fs;
    return sections.join(QStringLiteral("\n\n"));
}

ModelRequest Runner::buildRequest() const
{
    ModelRequest request;
    request.model = m_config.model;
    request.instructions = instructions();
    const bool onServer = continuesOnServer();
    if (onServer) {
        // The server has the conversation up to its last response: send what came after it.
        QJsonArray input;
        for (qsizetype i = m_deliveredItems; i < m_history.size(); ++i) {
            input.append(m_history.at(i));
        }
        request.input = input;
    } else {
        QJsonArray input = m_history;
        for (const Capability *c : m_capabilities) {
            input = c->processContext(input);
        }
        request.input = input;
    }
    QJsonArray tools;
    for (const Capability *c : m_capabilities) {
        for (const Tool *t : c->tools()) {
            tools.append(t->definition());
        }
    }
    request.tools = tools;
    request.parallelToolCalls = m_config.parallelToolCalls;
    QJsonObject extra = m_config.extraParameters;
    QJsonObject view = extra;
    view.insert(QStringLiteral("model"), m_config.model);
    for (const Capability *c : m_capabilities) {
        deepMerge(extra, c->requestParameters(view));
    }
    if (onServer) {
        extra.insert(QStringLiteral("previous_response_id"), m_previousResponseId);
    }
    request.extra = extra;
    request.stream = true;
    return request;
}

} // namespace Sandcastle::Core
