// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Docker's multiplexed exec stream: the input is the stream; its first byte picks the chunk size the
// stream is fed in. feed() and feedCoalesced() must agree on the payload per stream, and a chunked
// feed must agree with feeding everything at once.
#include "fuzzsupport.h"
#include "sandcastle/core/sandbox/docker/dockerframedemuxer.h"

using namespace Sandcastle::Core;
using Sandcastle::Fuzz::check;

namespace {

struct Outcome
{
    bool ok = true;
    QByteArray perStream[4];
};

Outcome run(QByteArrayView stream, qsizetype chunk, bool coalesced)
{
    Outcome out;
    DockerFrameDemuxer demuxer;
    for (qsizetype pos = 0; pos < stream.size(); pos += chunk) {
        auto frames = coalesced ? demuxer.feedCoalesced(stream.sliced(pos, std::min(chunk, stream.size() - pos)))
                                : demuxer.feed(stream.sliced(pos, std::min(chunk, stream.size() - pos)));
        if (!frames) {
            out.ok = false;
            return out;
        }
        for (const DockerFrame &f : *frames) {
            check(int(f.stream) >= 0 && int(f.stream) <= 3, "stream type in range");
            out.perStream[int(f.stream)] += f.payload;
        }
        check(demuxer.pendingBytes() >= 0, "pending bytes not negative");
    }
    out.ok = bool(demuxer.finish());
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    const qsizetype chunk = qsizetype(data[0] % 17) + 1;
    const QByteArrayView stream(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const Outcome whole = run(stream, std::max<qsizetype>(stream.size(), 1), false);
    const Outcome split = run(stream, chunk, false);
    const Outcome merged = run(stream, chunk, true);
    check(whole.ok == split.ok, "chunking changes whether the stream is valid");
    if (whole.ok && split.ok) {
        for (int s = 0; s < 4; ++s) {
            check(whole.perStream[s] == split.perStream[s], "chunking changes the payload");
        }
    }
    if (whole.ok && merged.ok) {
        for (int s = 1; s < 3; ++s) {
            check(merged.perStream[s].size() <= whole.perStream[s].size() + whole.perStream[0].size(),
                  "feedCoalesced returns more bytes than feed");
        }
    }
    return 0;
}
