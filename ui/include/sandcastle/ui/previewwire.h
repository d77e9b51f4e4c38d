// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Framing of the preview host protocol (docs/FORMATS.md "Preview host protocol"): each message is
// a 4-byte big-endian length followed by that many bytes of one CBOR map. Header-only, shared by
// the dock's side (sandcastle_ui) and sandcastle-preview-host, which links nothing of ours.

#include <QByteArray>
#include <QCborMap>
#include <QCborValue>
#include <QtEndian>

#include <optional>

namespace Sandcastle::Ui::PreviewWire {

/// Larger frames are a protocol error (a screenshot PNG is a few MB at most).
inline constexpr quint32 kMaxFrameBytes = 64u * 1024u * 1024u;

[[nodiscard]] inline QByteArray encode(const QCborMap &message)
{
    const QByteArray body = message.toCborValue().toCbor();
    QByteArray frame(4, Qt::Uninitialized);
    qToBigEndian(static_cast<quint32>(body.size()), frame.data());
    return frame + body;
}

/// Collects bytes and hands out whole messages.
class Decoder
{
public:
    void append(const QByteArray &bytes) { m_buffer.append(bytes); }
    /// The next whole message; nullopt when more bytes are needed. Sets failed() on a frame that
    /// is too large or not a CBOR map (the connection is then unusable).
    [[nodiscard]] std::optional<QCborMap> next()
    {
        if (m_failed || m_buffer.size() < 4) {
            return std::nullopt;
        }
        const quint32 size = qFromBigEndian<quint32>(m_buffer.constData());
        if (size > kMaxFrameBytes) {
            m_failed = true;
            return std::nullopt;
        }
        if (static_cast<quint32>(m_buffer.size()) < 4u + size) {
            return std::nullopt;
        }
        const QCborValue value = QCborValue::fromCbor(m_buffer.mid(4, size));
        m_buffer.remove(0, 4 + static_cast<qsizetype>(size));
        if (!value.isMap()) {
            m_failed = true;
            return std::nullopt;
        }
        return value.toMap();
    }
    [[nodiscard]] bool failed() const { return m_failed; }

private:
    QByteArray m_buffer;
    bool m_failed = false;
};

} // namespace Sandcastle::Ui::PreviewWire
