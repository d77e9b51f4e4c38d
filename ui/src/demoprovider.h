// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/model/demoreplay.h"
#include "sandcastle/core/model/providerprofile.h"
#include "sandcastle/core/result.h"

#include <QObject>
#include <QString>

#include <memory>

namespace Sandcastle::Ui {

/// The run panel's "Demo (recorded)" model provider: the transcript bundled with Sandcastle
/// (resources/demo/transcript/), replayed by a Core::DemoReplayServer on a loopback port through
/// the ordinary Responses client, while the tool calls run for real in the run's sandbox. The
/// transcript is read and the server started with the first demo run.
class DemoProvider : public QObject
{
    Q_OBJECT
public:
    explicit DemoProvider(QObject *parent = nullptr);
    ~DemoProvider() override;

    /// The provider combo's item data for the demo (never a ProviderProfileStore name).
    static QString id() { return QStringLiteral(":demo"); }
    static QString displayName();

    /// The profile of a demo run (the server listening); an error when the transcript cannot be read.
    [[nodiscard]] Core::Result<Core::ProviderProfile> profile();
    /// The task the recording answers, and its model name (empty when the transcript cannot be read).
    [[nodiscard]] QString task();
    [[nodiscard]] QString model();
    /// Pause between the replayed stream's events (default 8 ms, so text streams in visibly).
    void setEventIntervalMs(int ms);

Q_SIGNALS:
    /// A request did not fit the recording (the run fails with the same message).
    void mismatch(const QString &message);

private:
    Core::Result<Core::DemoReplayServer *> server();

    std::unique_ptr<Core::DemoReplayServer> m_server;
    int m_eventIntervalMs = 8;
};

} // namespace Sandcastle::Ui
