// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/capabilities/preview/previewcapability.h"

#include "sandcastle/core/capabilities/filesystem/viewimagetool.h"
#include "sandcastle/core/capabilities/preview/previewhost.h"

namespace Sandcastle::Core {

namespace {

ToolOutput failure(const QString &text)
{
    ToolOutput out;
    out.text = text;
    out.failed = true;
    return out;
}

QFuture<Result<ToolOutput>> ready(ToolOutput out)
{
    return QtFuture::makeReadyValueFuture(Result<ToolOutput>(std::move(out)));
}

} // namespace

PreviewCapability::PreviewCapability(PreviewHost *host, QObject *parent)
    : Capability(parent)
    , m_host(host)
    , m_tool(std::make_unique<PreviewScreenshotTool>(host))
{}

PreviewCapability::~PreviewCapability() = default;

void PreviewCapability::setHost(PreviewHost *host)
{
    m_host = host;
    m_tool->setHost(host);
}

QString PreviewCapability::instructions() const
{
    if (!m_host || !m_host->hasOpenPreview()) {
        return {};
    }
    QStringList lines{QStringLiteral("## Preview browser"),
                      QStringLiteral("The user has a preview browser open on a web page served from the sandbox. Call "
                                     "`preview_screenshot` to see the page as the user sees it (a PNG image), for "
                                     "example after changing the page, to check that it renders as intended. "
                                     "Open pages:")};
    for (const QString &url : m_host->openPreviewUrls()) {
        lines << QStringLiteral("- ") + url;
    }
    return lines.join(QLatin1Char('\n'));
}

std::vector<Tool *> PreviewCapability::tools() const
{
    if (!m_host || !m_host->hasOpenPreview()) {
        return {};
    }
    return {m_tool.get()};
}

QJsonObject PreviewScreenshotTool::definition() const
{
    const QJsonObject url{
        {QStringLiteral("type"), QStringLiteral("string")},
        {QStringLiteral("description"),
         QStringLiteral("URL of an open preview page; leave it out for the page the user is looking at.")},
    };
    return QJsonObject{
        {QStringLiteral("type"), QStringLiteral("function")},
        {QStringLiteral("name"), name()},
        {QStringLiteral("description"),
         QStringLiteral("Takes a screenshot of a page open in the user's preview browser and returns it as a "
                        "structured image output.")},
        {QStringLiteral("parameters"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                     {QStringLiteral("properties"), QJsonObject{{QStringLiteral("url"), url}}},
                     {QStringLiteral("additionalProperties"), false}}},
        {QStringLiteral("strict"), false},
    };
}

ToolOutput PreviewScreenshotTool::outputFor(const Result<QByteArray> &png, const QString &url)
{
    const QString page = url.isEmpty() ? QStringLiteral("the current preview page") : url;
    if (!png) {
        return failure(QStringLiteral("could not take a screenshot of %1: %2").arg(page, png.error().toString()));
    }
    if (!png->startsWith("\x89PNG\r\n\x1a\n")) {
        return failure(QStringLiteral("the screenshot of %1 is not a PNG image").arg(page));
    }
    if (png->size() > MaxBytes) {
        return failure(QStringLiteral("the screenshot of %1 exceeded the allowed size of 10MB").arg(page));
    }
    return ViewImageTool::imageOutput(*png, QStringLiteral("image/png"));
}

QFuture<Result<ToolOutput>> PreviewScreenshotTool::invoke(const ToolCall &call, const ToolContext &context)
{
    Q_UNUSED(context)
    if (!m_host || !m_host->hasOpenPreview()) {
        return ready(failure(QStringLiteral("no preview page is open; the user has to open one first")));
    }
    const QJsonValue urlValue = call.arguments.value(QLatin1String("url"));
    if (!urlValue.isUndefined() && !urlValue.isNull() && !urlValue.isString()) {
        return ready(failure(QStringLiteral("preview_screenshot: \"url\" must be a string")));
    }
    const QString url = urlValue.toString().trimmed();
    const QStringList open = m_host->openPreviewUrls();
    return m_host->screenshotPng(url).then([url, open](const Result<QByteArray> &png) -> Result<ToolOutput> {
        ToolOutput out = outputFor(png, url);
        if (!png && png.error().code == ErrorCode::NotFound) {
            out.text += QStringLiteral(" (open pages: %1)").arg(open.join(QStringLiteral(", ")));
        }
        return out;
    });
}

} // namespace Sandcastle::Core
