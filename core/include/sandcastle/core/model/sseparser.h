// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace Sandcastle::Core {

/// One dispatched server-sent event. `data` is the UTF-8 payload with the `data:` lines joined by
/// '\n' (no trailing newline); `eventName` is the `event:` field or empty ("message" by default).
struct SseEvent
{
    QString eventName;
    QByteArray data;
    QString id;

    /// True for the OpenAI-style end marker `data: [DONE]`.
    [[nodiscard]] bool isDoneMarker() const { return data == "[DONE]"; }
};

/// Incremental parser for `text/event-stream` (WHATWG HTML "server-sent events"): feed bytes in
/// any split, get the events completed so far. Handles LF, CRLF and CR line ends (also when a CRLF
/// is split across two chunks), multi-line `data:`, comments (`:` lines), a leading BOM, and lines
/// with unknown fields (ignored). A plain value type, no thread affinity, never fails: malformed
/// lines are ignored as the SSE specification says.
class SseParser
{
public:
    /// Appends `bytes` and returns every event completed by them.
    [[nodiscard]] QList<SseEvent> feed(QByteArrayView bytes);
    /// End of stream: processes a last unterminated line and dispatches a pending event that had
    /// data but no closing blank line (lenient: the SSE spec would drop it).
    [[nodiscard]] QList<SseEvent> finish();
    /// Bytes fed so far.
    [[nodiscard]] qint64 bytesFed() const { return m_bytesFed; }

private:
    void processLine(QByteArrayView line, QList<SseEvent> &out);
    void dispatch(QList<SseEvent> &out);

    QByteArray m_buffer;
    qsizetype m_scanned = 0; ///< bytes at the start of m_buffer already searched for a line end
    QByteArray m_data;
    QString m_eventName;
    QString m_lastId;
    qint64 m_bytesFed = 0;
    bool m_hasData = false;
    bool m_bomChecked = false;
};

} // namespace Sandcastle::Core
