// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "demoprovider.h"

namespace Sandcastle::Ui {

DemoProvider::DemoProvider(QObject *parent)
    : QObject(parent)
{
    setObjectName(QStringLiteral("demoProvider"));
}

DemoProvider::~DemoProvider() = default;

QString DemoProvider::displayName()
{
    return tr("Demo (recorded)");
}

Core::Result<Core::DemoReplayServer *> DemoProvider::server()
{
    if (!m_server) {
        Core::Result<Core::DemoTranscript> transcript =
            Core::DemoTranscript::load(QString::fromLatin1(Core::DemoTranscript::bundledPath));
        if (!transcript) {
            return std::unexpected(transcript.error());
        }
        m_server = std::make_unique<Core::DemoReplayServer>(std::move(*transcript));
        m_server->setEventIntervalMs(m_eventIntervalMs);
        connect(m_server.get(), &Core::DemoReplayServer::mismatch, this, &DemoProvider::mismatch);
    }
    if (const Core::Result<void> listening = m_server->listen(); !listening) {
        return std::unexpected(listening.error());
    }
    return m_server.get();
}

Core::Result<Core::ProviderProfile> DemoProvider::profile()
{
    Core::Result<Core::DemoReplayServer *> s = server();
    if (!s) {
        return std::unexpected(s.error());
    }
    return (*s)->profile(displayName());
}

QString DemoProvider::task()
{
    const Core::Result<Core::DemoReplayServer *> s = server();
    return s ? (*s)->transcript().task : QString();
}

QString DemoProvider::model()
{
    const Core::Result<Core::DemoReplayServer *> s = server();
    return s ? (*s)->transcript().model : QString();
}

void DemoProvider::setEventIntervalMs(int ms)
{
    m_eventIntervalMs = ms;
    if (m_server) {
        m_server->setEventIntervalMs(ms);
    }
}

} // namespace Sandcastle::Ui
