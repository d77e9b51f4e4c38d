// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace Sandcastle::Core {

/// The stream a multiplexed Docker frame belongs to (first header byte).
enum class DockerStream : quint8 {
    Stdin = 0, ///< written as stdout by the daemon; callers treat it as stdout
    Stdout = 1,
    Stderr = 2,
    SystemErr = 3, ///< a daemon-side error (newer daemons): fatal for the exec
};

struct DockerFrame
{
    DockerStream stream = DockerStream::Stdout;
    QByteArray payload;

    friend bool operator==(const DockerFrame &, const DockerFrame &) = default;
};

/// Splits the multiplexed stream of a non-TTY exec/attach/logs connection into frames.
/// Each frame is an 8-byte header {type, 0, 0, 0, size as uint32 big-endian} plus `size` payload
/// bytes. feed() accepts arbitrary chunks: frames split across reads, several frames in one
/// read and headers split in the middle are all buffered until complete; zero-length frames are
/// returned as empty frames. A header with a stream type above 3 or non-zero padding bytes is an
/// error (ErrorCode::Sandbox, naming the stream offset); after an error the demuxer stays failed.
/// TTY execs send raw bytes without frames: do not use this class for them.
///
/// feedCoalesced() is the streaming variant for consumers that want the bytes, not the frame
/// boundaries: payload bytes are returned as soon as they arrive (a frame split across reads
/// comes out in pieces), consecutive payloads of the same stream type within one chunk are
/// merged into one DockerFrame, zero-length payloads are dropped, and a SystemErr frame is still
/// returned whole, on its own. Each payload byte is copied once. Use either feed() or
/// feedCoalesced() on one demuxer, not both.
/// A plain value type, not thread-safe; use from one thread.
class DockerFrameDemuxer
{
public:
    /// Consumes `chunk` and returns the frames it completed (possibly none).
    [[nodiscard]] Result<QList<DockerFrame>> feed(QByteArrayView chunk);
    /// Consumes `chunk` and returns its payload bytes, merged per stream type (see above).
    [[nodiscard]] Result<QList<DockerFrame>> feedCoalesced(QByteArrayView chunk);
    /// Call at end of stream: an error if a frame was cut off.
    [[nodiscard]] Result<void> finish() const;

    /// Bytes of the incomplete frame not returned yet: its header (or the part of it received)
    /// and, for feed(), the payload received so far.
    [[nodiscard]] qsizetype pendingBytes() const;
    /// Stream offset of the incomplete frame (the bytes of all complete frames), which is where
    /// errors point.
    [[nodiscard]] qint64 offset() const { return m_frameOffset; }

private:
    /// A piece of one frame's payload, pointing into the chunk being fed.
    struct Span
    {
        DockerStream stream;
        QByteArrayView payload;
        bool endsFrame; ///< the last piece of its frame
    };
    /// Parses `chunk` into payload spans, keeping the header state across calls.
    [[nodiscard]] Result<void> scan(QByteArrayView chunk, QList<Span> &spans);
    [[nodiscard]] Error failAt(const uchar *header);

    QByteArray m_partial;     ///< feed() / SystemErr: payload of the incomplete frame
    qint64 m_frameOffset = 0; ///< stream offset of the current frame's header
    qint64 m_remaining = 0;   ///< payload bytes of the current frame still to come
    quint32 m_frameSize = 0;
    uchar m_header[8] = {};
    qsizetype m_headerFill = 0; ///< bytes of a split header received so far
    DockerStream m_stream = DockerStream::Stdout;
    bool m_inFrame = false; ///< header complete, payload still coming
    bool m_failed = false;
};

} // namespace Sandcastle::Core
