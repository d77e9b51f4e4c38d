// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/model/sseparser.h"

#include <QTest>

using namespace Sandcastle::Core;

namespace {
QString render(const QList<SseEvent> &events)
{
    QStringList parts;
    for (const SseEvent &e : events) {
        parts << e.eventName + QLatin1Char('=') + QString::fromUtf8(e.data);
    }
    return parts.join(QLatin1Char('|'));
}
} // namespace

class tst_SseParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void feed_wholeAndEveryChunking_sameEvents_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<QString>("expected");
        QTest::newRow("lf") << QByteArray("event: a\ndata: {\"x\":1}\n\nevent: b\ndata: 2\n\n")
                            << QStringLiteral("a={\"x\":1}|b=2");
        QTest::newRow("crlf") << QByteArray("event: a\r\ndata: 1\r\n\r\ndata: 2\r\n\r\n") << QStringLiteral("a=1|=2");
        QTest::newRow("cr") << QByteArray("event: a\rdata: 1\r\rdata: 2\r\r") << QStringLiteral("a=1|=2");
        QTest::newRow("multiline-data") << QByteArray("data: line1\ndata: line2\ndata\n\n")
                                        << QStringLiteral("=line1\nline2\n");
        QTest::newRow("comments-and-unknown-fields")
            << QByteArray(": keep-alive\nretry: 10\nfoo: bar\n...\ndata: x\n\n") << QStringLiteral("=x");
        QTest::newRow("no-space-after-colon") << QByteArray("event:e\ndata:v\n\n") << QStringLiteral("e=v");
        QTest::newRow("two-spaces-keep-one") << QByteArray("data:  v\n\n") << QStringLiteral("= v");
        QTest::newRow("event-without-data-not-dispatched")
            << QByteArray("event: lonely\n\ndata: d\n\n") << QStringLiteral("=d");
        QTest::newRow("done-marker") << QByteArray("data: [DONE]\n\n") << QStringLiteral("=[DONE]");
        QTest::newRow("bom") << QByteArray("\xEF\xBB\xBF"
                                           "data: b\n\n")
                             << QStringLiteral("=b");
        QTest::newRow("utf8") << QByteArray("data: gr\xC3\xBC\xC3\x9F\n\n") << QStringLiteral("=grüß");
        QTest::newRow("unterminated-last-event-flushed")
            << QByteArray("data: a\n\ndata: tail") << QStringLiteral("=a|=tail");
        QTest::newRow("empty") << QByteArray() << QString();
    }
    void feed_wholeAndEveryChunking_sameEvents()
    {
        QFETCH(QByteArray, stream);
        QFETCH(QString, expected);
        {
            SseParser p;
            QList<SseEvent> all = p.feed(stream);
            all += p.finish();
            QCOMPARE(render(all), expected);
        }
        // Every split point, and byte by byte.
        for (qsizetype cut = 0; cut <= stream.size(); ++cut) {
            SseParser p;
            QList<SseEvent> all = p.feed(QByteArrayView(stream).first(cut));
            all += p.feed(QByteArrayView(stream).sliced(cut));
            all += p.finish();
            QVERIFY2(render(all) == expected, qPrintable(QStringLiteral("split at %1: %2").arg(cut).arg(render(all))));
        }
        SseParser p;
        QList<SseEvent> all;
        for (char c : stream) {
            all += p.feed(QByteArrayView(&c, 1));
        }
        all += p.finish();
        QCOMPARE(render(all), expected);
        QCOMPARE(p.bytesFed(), stream.size());
    }
    void feed_crAtChunkEnd_waitsForLf()
    {
        SseParser p;
        QCOMPARE(p.feed("data: a\r").size(), 0);
        QCOMPARE(p.feed("\n").size(), 0); // CRLF is one line end, not two (no early dispatch)
        const QList<SseEvent> events = p.feed("\r\n");
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().data, QByteArray("a"));
    }
    void feed_idField_keptAcrossEvents()
    {
        SseParser p;
        const QList<SseEvent> events = p.feed("id: 7\ndata: a\n\ndata: b\n\n");
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.at(0).id, QStringLiteral("7"));
        QCOMPARE(events.at(1).id, QStringLiteral("7"));
        QVERIFY(!events.at(0).isDoneMarker());
    }
};

QTEST_GUILESS_MAIN(tst_SseParser)
#include "tst_sseparser.moc"
