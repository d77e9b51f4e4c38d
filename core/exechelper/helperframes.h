// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Frame output of the exec helper (docs/FORMATS.md "Exec helper protocol"), shared by the command
// handler and the TCP tunnel: a frame is one type byte, a big-endian 32-bit length and the payload.

#include <cerrno>
#include <cstddef>
#include <string>

#include <unistd.h>

/// Writes all of `data`, retrying after signals; false when the peer is gone.
inline bool writeAll(int fd, const char *data, size_t size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        data += n;
        size -= size_t(n);
    }
    return true;
}

inline bool sendFrame(int fd, char type, const void *payload, size_t size)
{
    const char header[5] = {type, char(size >> 24), char(size >> 16), char(size >> 8), char(size)};
    return writeAll(fd, header, sizeof header) && writeAll(fd, static_cast<const char *>(payload), size);
}

inline bool sendText(int fd, char type, const std::string &text)
{
    return sendFrame(fd, type, text.data(), text.size());
}
