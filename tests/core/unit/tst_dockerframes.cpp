// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "dockerframe.h"
#include "resultverify.h"
#include "sandcastle/core/sandbox/docker/dockerframedemuxer.h"

#include <QTest>

using namespace Sandcastle::Core;
using Sandcastle::Test::dockerFrame;

namespace {

// "1:payload" per frame, so that the expected frames fit in a QStringList column.
QString describe(const DockerFrame &f)
{
    return QString::number(int(f.stream)) + QLatin1Char(':') + QString::fromLatin1(f.payload);
}

// Feeds `stream` cut at `cuts` (ascending offsets) and returns the frames as describe() strings.
Result<QStringList> demux(const QByteArray &stream, const QList<int> &cuts)
{
    DockerFrameDemuxer demuxer;
    QStringList out;
    int from = 0;
    QList<int> all = cuts;
    all.append(int(stream.size()));
    for (int to : all) {
        auto frames = demuxer.feed(QByteArrayView(stream).sliced(from, to - from));
        if (!frames) {
            return std::unexpected(frames.error());
        }
        for (const DockerFrame &f : *frames) {
            out.append(describe(f));
        }
        from = to;
    }
    if (auto done = demuxer.finish(); !done) {
        return std::unexpected(done.error());
    }
    return out;
}

} // namespace

class tst_DockerFrames : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void feed_chunks_yieldsFrames_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<QList<int>>("cuts");
        QTest::addColumn<QStringList>("expected");

        const QByteArray hi = dockerFrame(1, "hi\n");
        const QByteArray err = dockerFrame(2, "err\n");
        const QByteArray both = hi + err;
        const QStringList bothFrames{QStringLiteral("1:hi\n"), QStringLiteral("2:err\n")};

        QTest::newRow("one frame, one read") << hi << QList<int>{} << QStringList{QStringLiteral("1:hi\n")};
        QTest::newRow("two frames, one read") << both << QList<int>{} << bothFrames;
        QTest::newRow("payload split across reads") << hi << QList<int>{9} << QStringList{QStringLiteral("1:hi\n")};
        QTest::newRow("header split in the middle") << both << QList<int>{3} << bothFrames;
        QTest::newRow("second header split") << both << QList<int>{13} << bothFrames;
        QTest::newRow("split at frame boundary") << both << QList<int>{11} << bothFrames;
        QTest::newRow("frame and a half, then rest") << both << QList<int>{15, 17} << bothFrames;
        QList<int> eachByte;
        for (int i = 1; i < both.size(); ++i) {
            eachByte.append(i);
        }
        QTest::newRow("byte by byte") << both << eachByte << bothFrames;
        QTest::newRow("zero-length frame") << (dockerFrame(1, {}) + hi) << QList<int>{4}
                                           << QStringList{QStringLiteral("1:"), QStringLiteral("1:hi\n")};
        QTest::newRow("stdin stream type kept")
            << dockerFrame(0, "x") << QList<int>{} << QStringList{QStringLiteral("0:x")};
        QTest::newRow("systemerr frame") << dockerFrame(3, "boom") << QList<int>{}
                                         << QStringList{QStringLiteral("3:boom")};
        QTest::newRow("empty stream") << QByteArray() << QList<int>{} << QStringList{};
        const QByteArray big(70000, 'a');
        QTest::newRow("large frame in pieces") << dockerFrame(2, big) << QList<int>{1, 8, 32776, 65544}
                                               << QStringList{QStringLiteral("2:") + QString::fromLatin1(big)};
    }
    void feed_chunks_yieldsFrames()
    {
        QFETCH(QByteArray, stream);
        QFETCH(QList<int>, cuts);
        QFETCH(QStringList, expected);
        const auto frames = demux(stream, cuts);
        SC_VERIFY_OK(frames);
        QCOMPARE(*frames, expected);
    }

    void feed_everySplitPoint_sameFrames()
    {
        const QByteArray stream =
            dockerFrame(1, "out\n") + dockerFrame(2, {}) + dockerFrame(2, "err\n") + dockerFrame(1, "x");
        const auto whole = demux(stream, {});
        SC_VERIFY_OK(whole);
        QCOMPARE(whole->size(), 4);
        for (int a = 1; a < stream.size(); ++a) {
            for (int b = a; b < stream.size(); ++b) {
                const auto split = demux(stream, {a, b});
                SC_VERIFY_OK(split);
                QCOMPARE(*split, *whole);
            }
        }
    }

    void feed_badHeader_fails_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<int>("offset");
        QTest::newRow("stream type 4") << dockerFrame(4, "x") << 0;
        QTest::newRow("stream type 0xff after a good frame") << (dockerFrame(1, "ok") + dockerFrame(0xff, "x")) << 10;
        QByteArray padding = dockerFrame(1, "x");
        padding[2] = 1;
        QTest::newRow("non-zero padding") << padding << 0;
        QTest::newRow("tty text mistaken for frames") << QByteArray("hello, world\n") << 0;
    }
    void feed_badHeader_fails()
    {
        QFETCH(QByteArray, stream);
        QFETCH(int, offset);
        DockerFrameDemuxer demuxer;
        const auto frames = demuxer.feed(stream);
        QVERIFY(!frames.has_value());
        QCOMPARE(frames.error().code, ErrorCode::Sandbox);
        QVERIFY2(frames.error().detail.startsWith(QStringLiteral("offset %1:").arg(offset)),
                 qPrintable(frames.error().detail));
        // A failed demuxer stays failed, even for good input.
        QVERIFY(!demuxer.feed(dockerFrame(1, "x")).has_value());
    }

    void finish_partialFrame_fails_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::newRow("half a header") << dockerFrame(1, "abc").left(4);
        QTest::newRow("header without payload") << dockerFrame(1, "abc").left(8);
        QTest::newRow("payload cut short") << dockerFrame(1, "abc").left(10);
    }
    void finish_partialFrame_fails()
    {
        QFETCH(QByteArray, stream);
        DockerFrameDemuxer demuxer;
        const auto frames = demuxer.feed(stream);
        SC_VERIFY_OK(frames);
        QVERIFY(frames->isEmpty());
        QCOMPARE(demuxer.pendingBytes(), stream.size());
        const auto done = demuxer.finish();
        QVERIFY(!done.has_value());
        QCOMPARE(done.error().code, ErrorCode::Sandbox);
        QVERIFY2(done.error().message.contains(QStringLiteral("inside a frame")), qPrintable(done.error().message));
    }
};

QTEST_GUILESS_MAIN(tst_DockerFrames)
#include "tst_dockerframes.moc"
