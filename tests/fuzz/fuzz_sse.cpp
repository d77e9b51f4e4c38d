// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The SSE parser: the input is the stream, its first byte the chunk size. Feeding in chunks must give
// the same events as feeding everything at once.
#include "fuzzsupport.h"
#include "sandcastle/core/model/sseparser.h"

using namespace Sandcastle::Core;
using Sandcastle::Fuzz::check;

namespace {

QList<SseEvent> parse(QByteArrayView stream, qsizetype chunk)
{
    SseParser parser;
    QList<SseEvent> events;
    for (qsizetype pos = 0; pos < stream.size(); pos += chunk) {
        events += parser.feed(stream.sliced(pos, std::min(chunk, stream.size() - pos)));
    }
    events += parser.finish();
    check(parser.bytesFed() == stream.size(), "bytesFed counts every byte");
    return events;
}

bool same(const QList<SseEvent> &a, const QList<SseEvent> &b)
{
    if (a.size() != b.size()) {
        return false;
    }
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i].eventName != b[i].eventName || a[i].data != b[i].data || a[i].id != b[i].id) {
            return false;
        }
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    const qsizetype chunk = qsizetype(data[0] % 13) + 1;
    const QByteArrayView stream(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const QList<SseEvent> whole = parse(stream, std::max<qsizetype>(stream.size(), 1));
    const QList<SseEvent> split = parse(stream, chunk);
    check(same(whole, split), "chunking changes the events");
    return 0;
}
