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
/// A plain value type, not thread-safe; use from one thread.
class DockerFrameDemuxer
{
public:
    /// Consumes `chunk` and returns the frames it completed (possibly none).
    [[nodiscard]] Result<QList<DockerFrame>> feed(QByteArrayView chunk);
    /// Call at end of stream: an error if a frame was cut off.
    [[nodiscard]] Result<void> finish() const;

    /// Bytes of an incomplete frame held back until more data arrives.
    [[nodiscard]] qsizetype pendingBytes() const { return m_buffer.size(); }
    /// Total bytes consumed so far (the offset errors refer to).
    [[nodiscard]] qint64 offset() const { return m_offset; }

private:
    QByteArray m_buffer;
    qint64 m_offset = 0; // stream offset of m_buffer[0]
    bool m_failed = false;
};

} // namespace Sandcastle::Core
