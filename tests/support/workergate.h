// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Holds worker threads at an exact point of their work until the test opens the gate, so that a
// test can act (cancel, look at a progress bar) while the work is provably half done.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace Sandcastle::Test {

class WorkerGate
{
public:
    /// Called on a worker thread: marks the gate reached and waits until it is open.
    void pass()
    {
        m_reached.store(true);
        std::unique_lock lock(m_mutex);
        m_opened.wait(lock, [this] { return m_open; });
    }
    /// True once a worker waits at (or went through) the gate.
    [[nodiscard]] bool reached() const { return m_reached.load(); }
    /// Lets every waiting and later worker through.
    void open()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_open = true;
        }
        m_opened.notify_all();
    }
    ~WorkerGate() { open(); }

private:
    std::mutex m_mutex;
    std::condition_variable m_opened;
    bool m_open = false;
    std::atomic_bool m_reached{false};
};

} // namespace Sandcastle::Test
