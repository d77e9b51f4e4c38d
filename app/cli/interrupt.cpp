// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/interrupt.h"

#include <QSocketNotifier>

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace Sandcastle::App::Cli {

namespace {

int g_pipe[2] = {-1, -1};
volatile std::sig_atomic_t g_seen = 0;
struct sigaction g_oldInt = {};
struct sigaction g_oldTerm = {};

void onSignal(int)
{
    if (g_seen) {
        ::_exit(130);
    }
    g_seen = 1;
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(g_pipe[1], &byte, 1);
}

} // namespace

InterruptHandler::InterruptHandler(std::function<void()> onInterrupt, QObject *parent)
    : QObject(parent)
    , m_onInterrupt(std::move(onInterrupt))
{
    if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        return;
    }
    g_seen = 0;
    m_notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        char buffer[16];
        while (::read(g_pipe[0], buffer, sizeof buffer) > 0) {
        }
        if (m_onInterrupt) {
            m_onInterrupt();
        }
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, &g_oldInt);
    ::sigaction(SIGTERM, &action, &g_oldTerm);
}

InterruptHandler::~InterruptHandler()
{
    if (g_pipe[0] < 0) {
        return;
    }
    ::sigaction(SIGINT, &g_oldInt, nullptr);
    ::sigaction(SIGTERM, &g_oldTerm, nullptr);
    delete m_notifier;
    ::close(g_pipe[0]);
    ::close(g_pipe[1]);
    g_pipe[0] = g_pipe[1] = -1;
}

} // namespace Sandcastle::App::Cli
