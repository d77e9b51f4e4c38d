// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/model/sseparser.h"

#include <algorithm>

namespace Sandcastle::Core {

QList<SseEvent> SseParser::feed(QByteArrayView bytes)
{
    QList<SseEvent> out;
    m_bytesFed += bytes.size();
    m_buffer.append(bytes);
    if (!m_bomChecked) {
        if (m_buffer.size() < 3 && QByteArrayView("\xEF\xBB\xBF").startsWith(m_buffer)) {
            return out; // could still be a BOM
        }
        if (m_buffer.startsWith("\xEF\xBB\xBF")) {
            m_buffer.remove(0, 3);
        }
        m_bomChecked = true;
    }
    qsizetype start = 0;
    const qsizetype n = m_buffer.size();
    // Only the new bytes are searched: rescanning a long unfinished line on every small chunk was
    // quadratic (a 200 KB line fed byte by byte took minutes; found with fuzz_sse).
    qsizetype i = std::min(m_scanned, n);
    for (; i < n; ++i) {
        const char c = m_buffer.at(i);
        if (c != '\n' && c != '\r') {
            continue;
        }
        if (c == '\r' && i + 1 == n) {
            break; // a CR at the end may be the first half of a CRLF: wait for more bytes
        }
        processLine(QByteArrayView(m_buffer).sliced(start, i - start), out);
        if (c == '\r' && m_buffer.at(i + 1) == '\n') {
            ++i;
        }
        start = i + 1;
    }
    m_buffer.remove(0, start);
    m_scanned = std::min(i, n) - start; // a trailing CR (i == its index) is searched again
    return out;
}

QList<SseEvent> SseParser::finish()
{
    QList<SseEvent> out;
    if (!m_buffer.isEmpty()) {
        QByteArrayView line(m_buffer);
        if (line.endsWith('\r')) {
            line.chop(1);
        }
        processLine(line, out);
        m_buffer.clear();
        m_scanned = 0;
    }
    dispatch(out);
    return out;
}

void SseParser::processLine(QByteArrayView line, QList<SseEvent> &out)
{
    if (line.isEmpty()) {
        dispatch(out);
        return;
    }
    if (line.startsWith(':')) {
        return; // comment / keep-alive
    }
    const qsizetype colon = line.indexOf(':');
    QByteArrayView field = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (value.startsWith(' ')) {
        value = value.sliced(1);
    }
    if (field == "data") {
        if (m_hasData) {
            m_data.append('\n');
        }
        m_data.append(value);
        m_hasData = true;
    } else if (field == "event") {
        m_eventName = QString::fromUtf8(value);
    } else if (field == "id") {
        if (!value.contains('\0')) {
            m_lastId = QString::fromUtf8(value);
        }
    }
    // "retry" and unknown fields are ignored.
}

void SseParser::dispatch(QList<SseEvent> &out)
{
    if (m_hasData) {
        out.append(SseEvent{m_eventName, m_data, m_lastId});
    }
    m_data.clear();
    m_hasData = false;
    m_eventName.clear();
}

} // namespace Sandcastle::Core
