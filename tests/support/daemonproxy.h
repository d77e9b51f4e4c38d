// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace Sandcastle::Test {

/// A Unix socket that forwards every connection to dockerd's socket (one thread per connection,
/// half-closes passed on, as the exec streams need). It can go down like a restarting daemon: all
/// connections dropped, new ones refused, until up() again. It records each connection's request
/// line, and can hold back dockerd's replies to chosen requests (dockerd has done the work; the
/// client has not heard of it yet) until releaseReplies().
class DaemonProxy
{
public:
    DaemonProxy(std::string path, std::string upstream);
    ~DaemonProxy();
    DaemonProxy(const DaemonProxy &) = delete;
    DaemonProxy &operator=(const DaemonProxy &) = delete;

    bool up();
    void down();
    [[nodiscard]] QString path() const { return QString::fromStdString(m_path); }

    /// Replies to requests whose request line ("POST /v1.45/containers/create?name=... HTTP/1.1")
    /// contains `fragment`, on connections opened from now on, wait until releaseReplies().
    void holdRepliesTo(const std::string &fragment);
    void releaseReplies();
    /// The request line of every connection so far, in order.
    [[nodiscard]] QStringList requestLines() const;

private:
    static int listenOn(const std::string &path);
    static int connectTo(const std::string &path);
    /// Copies both ways until both directions ended; an end of input becomes SHUT_WR on the other side.
    void pump(int client, int daemon);
    /// Records the request line of a connection's first bytes; true when its reply is to be held.
    bool noteRequest(const char *data, size_t size);

    std::string m_path;
    std::string m_upstream;
    int m_listener = -1;
    std::thread m_acceptor;
    mutable std::mutex m_mutex;
    std::vector<int> m_fds;
    std::vector<std::thread> m_pumps;
    std::vector<std::string> m_requestLines;
    std::string m_holdFragment;
    std::atomic<bool> m_released{true};
};

} // namespace Sandcastle::Test
