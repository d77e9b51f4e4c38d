// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

namespace Sandcastle::Test {

/// One frame of Docker's multiplexed stream (non-TTY attach / exec output): the 8-byte header
/// (stream type, three zero bytes, big-endian payload length), then `payload`.
inline QByteArray dockerFrame(quint8 type, const QByteArray &payload)
{
    QByteArray header(8, '\0');
    header[0] = char(type);
    const quint32 n = quint32(payload.size());
    header[4] = char(n >> 24);
    header[5] = char(n >> 16);
    header[6] = char(n >> 8);
    header[7] = char(n);
    header.append(payload);
    return header;
}

} // namespace Sandcastle::Test
