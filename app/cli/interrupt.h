// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

#include <functional>

class QSocketNotifier;

namespace Sandcastle::App::Cli {

/// Turns SIGINT and SIGTERM into a call of `onInterrupt` on the event loop (self-pipe), so a
/// command can cancel cleanly: the run ends with `run_finished` "cancelled" and the sandbox's
/// processes are killed. A second signal while the first is handled exits at once (status 130).
/// One instance at a time; the previous handlers come back when it is destroyed.
class InterruptHandler : public QObject
{
    Q_OBJECT
public:
    explicit InterruptHandler(std::function<void()> onInterrupt, QObject *parent = nullptr);
    ~InterruptHandler() override;

private:
    std::function<void()> m_onInterrupt;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Sandcastle::App::Cli
