// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/sandbox/docker/dockerframedemuxer.h"

#include <QtEndian>

namespace Sandcastle::Core {

namespace {
constexpr qsizetype headerSize = 8;
}

Result<QList<DockerFrame>> DockerFrameDemuxer::feed(QByteArrayView chunk)
{
    if (m_failed) {
        return fail(ErrorCode::Sandbox, QStringLiteral("Docker stream demuxer already failed"),
                    QStringLiteral("offset %1").arg(m_offset));
    }
    m_buffer.append(chunk);
    QList<DockerFrame> frames;
    qsizetype pos = 0;
    while (m_buffer.size() - pos >= headerSize) {
        const auto *header = reinterpret_cast<const uchar *>(m_buffer.constData() + pos);
        const quint8 type = header[0];
        if (type > 3 || header[1] != 0 || header[2] != 0 || header[3] != 0) {
            m_failed = true;
            return fail(
                ErrorCode::Sandbox, QStringLiteral("malformed Docker stream frame header"),
                QStringLiteral("offset %1: header bytes %2, expected stream type 0-3 followed by three zero bytes")
                    .arg(m_offset + pos)
                    .arg(QString::fromLatin1(m_buffer.mid(pos, headerSize).toHex(' '))));
        }
        const quint32 size = qFromBigEndian<quint32>(header + 4);
        if (m_buffer.size() - pos - headerSize < qsizetype(size)) {
            break;
        }
        frames.append(DockerFrame{DockerStream(type), m_buffer.mid(pos + headerSize, size)});
        pos += headerSize + size;
    }
    if (pos > 0) {
        m_buffer.remove(0, pos);
        m_offset += pos;
    }
    return frames;
}

Result<void> DockerFrameDemuxer::finish() const
{
    if (!m_buffer.isEmpty()) {
        return fail(ErrorCode::Sandbox, QStringLiteral("Docker stream ended inside a frame"),
                    QStringLiteral("offset %1: %2 bytes of an incomplete frame").arg(m_offset).arg(m_buffer.size()));
    }
    return {};
}

} // namespace Sandcastle::Core
