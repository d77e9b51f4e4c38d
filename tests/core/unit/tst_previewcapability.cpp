// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// PreviewCapability and its preview_screenshot tool against a fake PreviewHost (the real one is
// the ui's preview dock).

#include "futurewait.h"
#include "resultverify.h"
#include "sandcastle/core/capabilities/preview/previewcapability.h"
#include "sandcastle/core/capabilities/preview/previewhost.h"

#include <QBuffer>
#include <QPromise>
#include <QTest>

using namespace Sandcastle::Core;
using Sandcastle::Test::await;

namespace {

const QByteArray kPng = QByteArray::fromBase64(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

/// A test-only host: pages by URL, a screenshot answer per call, the URLs it was asked for.
class FakePreviewHost : public PreviewHost
{
public:
    QStringList pages;
    Result<QByteArray> answer = kPng;
    QStringList asked;

    bool hasOpenPreview() const override { return !pages.isEmpty(); }
    QStringList openPreviewUrls() const override { return pages; }
    QFuture<Result<QByteArray>> screenshotPng(const QString &url) override
    {
        asked << url;
        if (!url.isEmpty() && !pages.contains(url)) {
            return QtFuture::makeReadyValueFuture(
                Result<QByteArray>(fail(ErrorCode::NotFound, QStringLiteral("no preview tab shows %1").arg(url))));
        }
        return QtFuture::makeReadyValueFuture(answer);
    }
};

ToolCall call(const QJsonObject &arguments)
{
    ToolCall c;
    c.name = QStringLiteral("preview_screenshot");
    c.arguments = arguments;
    return c;
}

} // namespace

class tst_PreviewCapability : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tools_onlyWhilePreviewOpen()
    {
        FakePreviewHost host;
        PreviewCapability capability(&host);
        QCOMPARE(capability.type(), QStringLiteral("preview"));
        QVERIFY(capability.tools().empty());
        QVERIFY(capability.instructions().isEmpty());

        host.pages = {QStringLiteral("http://127.0.0.1:8000/")};
        QCOMPARE(capability.tools().size(), size_t(1));
        QCOMPARE(capability.tools().front()->name(), QStringLiteral("preview_screenshot"));
        QVERIFY(capability.instructions().contains(QLatin1String("preview_screenshot")));
        QVERIFY(capability.instructions().contains(QLatin1String("http://127.0.0.1:8000/")));

        host.pages.clear();
        QVERIFY(capability.tools().empty());
        host.pages = {QStringLiteral("http://127.0.0.1:8000/")};
        capability.setHost(nullptr);
        QVERIFY(capability.tools().empty());
        QVERIFY(capability.instructions().isEmpty());
    }

    void definition_functionWithOptionalUrl()
    {
        FakePreviewHost host;
        PreviewScreenshotTool tool(&host);
        const QJsonObject d = tool.definition();
        QCOMPARE(d.value(QLatin1String("type")).toString(), QStringLiteral("function"));
        QCOMPARE(d.value(QLatin1String("name")).toString(), QStringLiteral("preview_screenshot"));
        const QJsonObject parameters = d.value(QLatin1String("parameters")).toObject();
        QCOMPARE(parameters.value(QLatin1String("properties"))
                     .toObject()
                     .value(QLatin1String("url"))
                     .toObject()
                     .value(QLatin1String("type"))
                     .toString(),
                 QStringLiteral("string"));
        QVERIFY(!parameters.contains(QLatin1String("required")));
    }

    void invoke_currentPage_imageLikeViewImage()
    {
        FakePreviewHost host;
        host.pages = {QStringLiteral("http://127.0.0.1:8000/")};
        PreviewScreenshotTool tool(&host);
        const Result<ToolOutput> out = await(tool.invoke(call({}), {}));
        SC_VERIFY_OK(out);
        QVERIFY(!out->failed);
        QCOMPARE(host.asked, QStringList{QString()});
        const QString url = QStringLiteral("data:image/png;base64,") + QString::fromLatin1(kPng.toBase64());
        QCOMPARE(out->text, url);
        QCOMPARE(out->content.size(), 1);
        const QJsonObject item = out->content.at(0).toObject();
        QCOMPARE(item, (QJsonObject{{QStringLiteral("type"), QStringLiteral("input_image")},
                                    {QStringLiteral("image_url"), url}}));
    }

    void invoke_namedPage_passesUrl()
    {
        FakePreviewHost host;
        host.pages = {QStringLiteral("http://127.0.0.1:8000/"), QStringLiteral("http://127.0.0.1:9000/")};
        PreviewScreenshotTool tool(&host);
        const Result<ToolOutput> out =
            await(tool.invoke(call({{QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9000/")}}), {}));
        SC_VERIFY_OK(out);
        QVERIFY(!out->failed);
        QCOMPARE(host.asked, QStringList{QStringLiteral("http://127.0.0.1:9000/")});
    }

    void invoke_failures_data()
    {
        QTest::addColumn<QStringList>("pages");
        QTest::addColumn<QJsonObject>("arguments");
        QTest::addColumn<bool>("answerFails");
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<QString>("expected");
        const QStringList one{QStringLiteral("http://127.0.0.1:8000/")};
        QTest::newRow("no preview") << QStringList{} << QJsonObject{} << false << kPng
                                    << "no preview page is open; the user has to open one first";
        QTest::newRow("url not a string") << one << QJsonObject{{QStringLiteral("url"), 5}} << false << kPng
                                          << "preview_screenshot: \"url\" must be a string";
        QTest::newRow("unknown page")
            << one << QJsonObject{{QStringLiteral("url"), QStringLiteral("http://127.0.0.1:1/")}} << false << kPng
            << "could not take a screenshot of http://127.0.0.1:1/: no preview tab shows http://127.0.0.1:1/ "
               "(open pages: http://127.0.0.1:8000/)";
        QTest::newRow("host fails") << one << QJsonObject{} << true << QByteArray()
                                    << "could not take a screenshot of the current preview page: the page is "
                                       "still loading";
        QTest::newRow("not a png") << one << QJsonObject{} << false << QByteArray("GIF89a....")
                                   << "the screenshot of the current preview page is not a PNG image";
        QTest::newRow("too large") << one << QJsonObject{} << false
                                   << kPng + QByteArray(PreviewScreenshotTool::MaxBytes, '\0')
                                   << "the screenshot of the current preview page exceeded the allowed size of 10MB";
    }

    void invoke_failures()
    {
        QFETCH(QStringList, pages);
        QFETCH(QJsonObject, arguments);
        QFETCH(bool, answerFails);
        QFETCH(QByteArray, answer);
        QFETCH(QString, expected);
        FakePreviewHost host;
        host.pages = pages;
        host.answer = answerFails ? Result<QByteArray>(fail(ErrorCode::Unsupported, QStringLiteral("the page is still "
                                                                                                   "loading")))
                                  : Result<QByteArray>(answer);
        PreviewScreenshotTool tool(&host);
        const Result<ToolOutput> out = await(tool.invoke(call(arguments), {}));
        SC_VERIFY_OK(out);
        QVERIFY(out->failed);
        QCOMPARE(out->text, expected);
        QVERIFY(out->content.isEmpty());
    }

    void invoke_asynchronousHost_finishesLater()
    {
        // A host whose screenshot completes later (the ui renders first).
        class SlowHost : public FakePreviewHost
        {
        public:
            QPromise<Result<QByteArray>> promise;
            QFuture<Result<QByteArray>> screenshotPng(const QString &) override
            {
                promise.start();
                return promise.future();
            }
        } host;
        host.pages = {QStringLiteral("http://127.0.0.1:8000/")};
        PreviewScreenshotTool tool(&host);
        QFuture<Result<ToolOutput>> future = tool.invoke(call({}), {});
        QVERIFY(!future.isFinished());
        host.promise.addResult(Result<QByteArray>(kPng));
        host.promise.finish();
        const Result<ToolOutput> out = await(future);
        SC_VERIFY_OK(out);
        QVERIFY(!out->failed);
        QCOMPARE(out->content.size(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_PreviewCapability)
#include "tst_previewcapability.moc"
