// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/sandbox/docker/dockerframedemuxer.h"

#include <QtEndian>

#include <cstring>

namespace Sandcastle::Core {

namespace {
constexpr qsizetype headerSize = 8;
}

qsizetype DockerFrameDemuxer::pendingBytes() const
{
    return m_inFrame ? headerSize + m_partial.size() : m_headerFill;
}

Error DockerFrameDemuxer::failAt(const uchar *header)
{
    m_failed = true;
    return Error{
        ErrorCode::Sandbox, QStringLiteral("malformed Docker stream frame header"),
        QStringLiteral("offset %1: header bytes %2, expected stream type 0-3 followed by three zero bytes")
            .arg(m_frameOffset)
            .arg(QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(header), headerSize).toHex(' ')))};
}

Result<void> DockerFrameDemuxer::scan(QByteArrayView chunk, QList<Span> &spans)
{
    if (m_failed) {
        return fail(ErrorCode::Sandbox, QStringLiteral("Docker stream demuxer already failed"),
                    QStringLiteral("offset %1").arg(m_frameOffset));
    }
    const auto *data = reinterpret_cast<const uchar *>(chunk.data());
    const qsizetype size = chunk.size();
    qsizetype pos = 0;
    while (pos < size) {
        if (!m_inFrame) {
            const uchar *header = nullptr;
            if (m_headerFill == 0 && size - pos >= headerSize) {
                header = data + pos; // the common case: read the header in place
                pos += headerSize;
            } else {
                const qsizetype take = std::min(headerSize - m_headerFill, size - pos);
                std::memcpy(m_header + m_headerFill, data + pos, size_t(take));
                m_headerFill += take;
                pos += take;
                if (m_headerFill < headerSize) {
                    break;
                }
                header = m_header;
            }
            m_headerFill = 0;
            if (header[0] > 3 || header[1] != 0 || header[2] != 0 || header[3] != 0) {
                return std::unexpected(failAt(header));
            }
            m_stream = DockerStream(header[0]);
            m_frameSize = qFromBigEndian<quint32>(header + 4);
            m_remaining = m_frameSize;
            m_inFrame = true;
            if (m_frameSize == 0) {
                spans.append(Span{m_stream, QByteArrayView(), true});
                m_inFrame = false;
                m_frameOffset += headerSize;
            }
            continue;
        }
        const qsizetype take = qsizetype(std::min<qint64>(m_remaining, size - pos));
        m_remaining -= take;
        spans.append(Span{m_stream, chunk.sliced(pos, take), m_remaining == 0});
        pos += take;
        if (m_remaining == 0) {
            m_inFrame = false;
            m_frameOffset += headerSize + m_frameSize;
        }
    }
    return {};
}

Result<QList<DockerFrame>> DockerFrameDemuxer::feed(QByteArrayView chunk)
{
    QList<Span> spans;
    if (Result<void> scanned = scan(chunk, spans); !scanned) {
        return std::unexpected(scanned.error());
    }
    QList<DockerFrame> frames;
    for (const Span &span : std::as_const(spans)) {
        if (!span.endsFrame) {
            m_partial.append(span.payload);
        } else if (m_partial.isEmpty()) {
            frames.append(DockerFrame{span.stream, span.payload.toByteArray()});
        } else {
            m_partial.append(span.payload);
            frames.append(DockerFrame{span.stream, std::exchange(m_partial, {})});
        }
    }
    return frames;
}

Result<QList<DockerFrame>> DockerFrameDemuxer::feedCoalesced(QByteArrayView chunk)
{
    QList<Span> spans;
    if (Result<void> scanned = scan(chunk, spans); !scanned) {
        return std::unexpected(scanned.error());
    }
    QList<DockerFrame> frames;
    qsizetype i = 0;
    while (i < spans.size()) {
        const Span &first = spans.at(i);
        if (first.stream == DockerStream::SystemErr) {
            // The daemon's error message is reported whole.
            m_partial.append(first.payload);
            if (first.endsFrame) {
                frames.append(DockerFrame{DockerStream::SystemErr, std::exchange(m_partial, {})});
            }
            ++i;
            continue;
        }
        // A run of spans of one stream type: one allocation, one copy.
        qsizetype end = i;
        qsizetype bytes = 0;
        while (end < spans.size() && spans.at(end).stream == first.stream) {
            bytes += spans.at(end).payload.size();
            ++end;
        }
        if (bytes > 0) {
            QByteArray payload(bytes, Qt::Uninitialized);
            char *out = payload.data();
            for (qsizetype k = i; k < end; ++k) {
                const QByteArrayView piece = spans.at(k).payload;
                if (!piece.isEmpty()) {
                    std::memcpy(out, piece.data(), size_t(piece.size()));
                    out += piece.size();
                }
            }
            frames.append(DockerFrame{first.stream, std::move(payload)});
        }
        i = end;
    }
    return frames;
}

Result<void> DockerFrameDemuxer::finish() const
{
    if (m_inFrame || m_headerFill > 0) {
        const qint64 received = m_inFrame ? headerSize + (m_frameSize - m_remaining) : m_headerFill;
        return fail(ErrorCode::Sandbox, QStringLiteral("Docker stream ended inside a frame"),
                    QStringLiteral("offset %1: %2 bytes of an incomplete frame").arg(m_frameOffset).arg(received));
    }
    return {};
}

} // namespace Sandcastle::Core
