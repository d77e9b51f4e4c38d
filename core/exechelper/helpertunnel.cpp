// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The exec helper's TCP tunnel: one connection relays one TCP connection to a port inside the
// container (used by the host's PortTunnel for ports that are not published).

#include "helpertunnel.h"

#include "helperframes.h"

#include <cerrno>
#include <cstdint>
#include <cstring>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

constexpr size_t kBufferLimit = 256 * 1024;

/// A connected TCP socket, or -1 with errno's text in `*error`.
int connectTo(const sockaddr *address, socklen_t length, int family, std::string *error)
{
    const int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *error = std::strerror(errno);
        return -1;
    }
    int rc;
    do {
        rc = ::connect(fd, address, length);
    } while (rc < 0 && errno == EINTR);
    if (rc < 0) {
        *error = std::strerror(errno);
        ::close(fd);
        return -1;
    }
    return fd;
}

/// One direction of the relay.
struct Direction
{
    int from;
    int to;
    std::string buffer;
    bool eof = false;      // `from` has no more bytes
    bool shutDown = false; // `to` was told so
};

/// Reads what `d.from` has (up to the buffer limit). False on a read error.
bool fill(Direction &d)
{
    char chunk[64 * 1024];
    const size_t room = kBufferLimit - d.buffer.size();
    const ssize_t n = ::read(d.from, chunk, room < sizeof chunk ? room : sizeof chunk);
    if (n > 0) {
        d.buffer.append(chunk, size_t(n));
        return true;
    }
    if (n == 0) {
        d.eof = true;
        return true;
    }
    return errno == EINTR || errno == EAGAIN;
}

/// Writes what it can of the buffer; passes an end of stream on once the buffer is empty.
bool drain(Direction &d)
{
    if (!d.buffer.empty()) {
        const ssize_t n = ::write(d.to, d.buffer.data(), d.buffer.size());
        if (n < 0) {
            return errno == EINTR || errno == EAGAIN;
        }
        d.buffer.erase(0, size_t(n));
    }
    if (d.eof && d.buffer.empty() && !d.shutDown) {
        ::shutdown(d.to, SHUT_WR);
        d.shutDown = true;
    }
    return true;
}

} // namespace

int runTunnel(int conn, const std::string &payload, std::string early)
{
    if (payload.size() != 2) {
        sendText(conn, 'F', "protocol error: a tunnel request needs a 16-bit port");
        return 1;
    }
    const uint16_t port = uint16_t((uint16_t(uint8_t(payload[0])) << 8) | uint8_t(payload[1]));
    if (port == 0) {
        sendText(conn, 'F', "protocol error: port 0 cannot be tunnelled");
        return 1;
    }
    const std::string portText = std::to_string(port);
    sockaddr_in v4{};
    v4.sin_family = AF_INET;
    v4.sin_port = htons(port);
    v4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::string error4;
    std::string error6;
    std::string reached = "127.0.0.1:" + portText;
    int tcp = connectTo(reinterpret_cast<const sockaddr *>(&v4), sizeof v4, AF_INET, &error4);
    if (tcp < 0) {
        sockaddr_in6 v6{};
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(port);
        v6.sin6_addr = in6addr_loopback;
        reached = "[::1]:" + portText;
        tcp = connectTo(reinterpret_cast<const sockaddr *>(&v6), sizeof v6, AF_INET6, &error6);
    }
    if (tcp < 0) {
        sendText(conn, 'F',
                 "cannot connect to port " + portText + " in the sandbox: 127.0.0.1:" + portText + ": " + error4 +
                     "; [::1]:" + portText + ": " + error6);
        return 0;
    }
    if (!sendText(conn, 'A', reached)) {
        ::close(tcp);
        return 0;
    }
    for (const int fd : {conn, tcp}) {
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    }
    Direction up{conn, tcp, std::move(early)}; // host -> service
    Direction down{tcp, conn, {}};             // service -> host
    while (!(up.shutDown && down.shutDown)) {
        pollfd fds[2] = {{conn, 0, 0}, {tcp, 0, 0}};
        for (Direction *d : {&up, &down}) {
            pollfd &in = d->from == conn ? fds[0] : fds[1];
            pollfd &out = d->to == conn ? fds[0] : fds[1];
            if (!d->eof && d->buffer.size() < kBufferLimit) {
                in.events |= POLLIN;
            }
            if (!d->buffer.empty()) {
                out.events |= POLLOUT;
            }
        }
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        bool ok = true;
        for (Direction *d : {&up, &down}) {
            const pollfd &in = d->from == conn ? fds[0] : fds[1];
            if (!d->eof && (in.revents & (POLLIN | POLLHUP | POLLERR))) {
                ok = ok && fill(*d);
            }
            ok = ok && drain(*d);
        }
        const bool broken = (fds[0].revents | fds[1].revents) & POLLERR;
        if (!ok || broken) {
            break; // a reset or failed write: nothing more can be delivered
        }
        if (up.shutDown && (fds[0].revents & POLLHUP)) {
            break; // the host hung up completely: nobody is left to read the service's answer
        }
    }
    ::close(tcp);
    return 0;
}
