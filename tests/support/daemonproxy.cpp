// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemonproxy.h"

#include <cstdio>
#include <cstring>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace Sandcastle::Test {

namespace {

constexpr int kHeldPollMs = 20; // how often a held pump looks whether it was released

} // namespace

DaemonProxy::DaemonProxy(std::string path, std::string upstream)
    : m_path(std::move(path))
    , m_upstream(std::move(upstream))
{}

DaemonProxy::~DaemonProxy()
{
    down();
}

bool DaemonProxy::up()
{
    ::unlink(m_path.c_str());
    m_listener = listenOn(m_path);
    if (m_listener < 0) {
        return false;
    }
    m_acceptor = std::thread([this, listener = m_listener] {
        for (;;) {
            const int client = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
            if (client < 0) {
                return; // down(): the listener was shut down
            }
            const int daemon = connectTo(m_upstream);
            if (daemon < 0) {
                ::close(client);
                continue;
            }
            const std::lock_guard lock(m_mutex);
            m_fds.push_back(client);
            m_fds.push_back(daemon);
            m_pumps.emplace_back([this, client, daemon] { pump(client, daemon); });
        }
    });
    return true;
}

void DaemonProxy::down()
{
    m_released = true; // held pumps end too
    if (m_listener >= 0) {
        ::shutdown(m_listener, SHUT_RDWR);
        m_acceptor.join();
        ::close(std::exchange(m_listener, -1));
    }
    std::vector<std::thread> pumps;
    {
        const std::lock_guard lock(m_mutex);
        for (const int fd : m_fds) {
            ::shutdown(fd, SHUT_RDWR);
        }
        pumps.swap(m_pumps);
    }
    for (std::thread &t : pumps) {
        t.join();
    }
    const std::lock_guard lock(m_mutex);
    for (const int fd : m_fds) {
        ::close(fd);
    }
    m_fds.clear();
}

void DaemonProxy::holdRepliesTo(const std::string &fragment)
{
    const std::lock_guard lock(m_mutex);
    m_holdFragment = fragment;
    m_released = false;
}

void DaemonProxy::releaseReplies()
{
    m_released = true;
}

QStringList DaemonProxy::requestLines() const
{
    const std::lock_guard lock(m_mutex);
    QStringList lines;
    for (const std::string &line : m_requestLines) {
        lines.append(QString::fromStdString(line));
    }
    return lines;
}

bool DaemonProxy::noteRequest(const char *data, size_t size)
{
    const std::string head(data, size);
    const std::string line = head.substr(0, head.find("\r\n"));
    const std::lock_guard lock(m_mutex);
    m_requestLines.push_back(line);
    return !m_released && !m_holdFragment.empty() && line.find(m_holdFragment) != std::string::npos;
}

int DaemonProxy::listenOn(const std::string &path)
{
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) < 0 || ::listen(fd, 64) < 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

int DaemonProxy::connectTo(const std::string &path)
{
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) < 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

void DaemonProxy::pump(int client, int daemon)
{
    bool open[2] = {true, true}; // client->daemon, daemon->client
    bool seenRequest = false;
    bool held = false;
    char buf[65536];
    while (open[0] || open[1]) {
        held = held && !m_released;
        const bool readDaemon = open[1] && !held;
        pollfd fds[2] = {{client, short(open[0] ? POLLIN : 0), 0}, {daemon, short(readDaemon ? POLLIN : 0), 0}};
        if (::poll(fds, 2, held ? kHeldPollMs : -1) < 0) {
            return;
        }
        for (int i = 0; i < 2; ++i) {
            if (!open[i] || !fds[i].revents || (i == 1 && held)) {
                continue;
            }
            const int from = i == 0 ? client : daemon;
            const int to = i == 0 ? daemon : client;
            const ssize_t n = ::read(from, buf, sizeof buf);
            if (i == 0 && n > 0 && !seenRequest) {
                seenRequest = true;
                held = noteRequest(buf, size_t(n));
            }
            if (n <= 0 || ::send(to, buf, size_t(n), MSG_NOSIGNAL) != n) {
                open[i] = false;
                ::shutdown(to, SHUT_WR);
                if (n < 0 || fds[i].revents & POLLERR) {
                    return;
                }
            }
        }
    }
}

} // namespace Sandcastle::Test
