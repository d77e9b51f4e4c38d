// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/capabilities/filesystem/viewimagetool.h"

#include "capabilities/filesystem/safefile_p.h"
#include "sandcastle/core/capabilities/filesystem/patchapplier.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

namespace Sandcastle::Core {

namespace {

ToolOutput failure(const QString &text)
{
    ToolOutput out;
    out.text = text;
    out.failed = true;
    return out;
}

ToolOutput toolError(const QString &message)
{
    return failure(QStringLiteral("An error occurred while running the tool. Please try again. Error: ") + message);
}

// Maps an absolute path under the sandbox root (as the model sees it) or the host workspace root to a
// workspace-relative one; returns empty when it is outside both.
QString relativeFromAbsolute(const QString &path, const ToolContext &context)
{
    for (const QString &root : {context.sandboxRoot, context.workspaceRoot}) {
        if (root.isEmpty()) {
            continue;
        }
        const QString cleanRoot = QDir::cleanPath(root);
        const QString clean = QDir::cleanPath(path);
        if (clean == cleanRoot) {
            return QStringLiteral(".");
        }
        if (clean.startsWith(cleanRoot + QLatin1Char('/'))) {
            return clean.mid(cleanRoot.size() + 1);
        }
    }
    return {};
}

} // namespace

QJsonObject ViewImageTool::definition() const
{
    const QJsonObject path{
        {QStringLiteral("type"), QStringLiteral("string")},
        {QStringLiteral("minLength"), 1},
        {QStringLiteral("description"),
         QStringLiteral("Path of the image, relative to the workspace root or absolute inside it.")},
    };
    return QJsonObject{
        {QStringLiteral("type"), QStringLiteral("function")},
        {QStringLiteral("name"), name()},
        {QStringLiteral("description"),
         QStringLiteral("Loads an image from the sandbox workspace or an explicitly granted sandbox path and "
                        "returns it as a structured image output.")},
        {QStringLiteral("parameters"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                     {QStringLiteral("properties"), QJsonObject{{QStringLiteral("path"), path}}},
                     {QStringLiteral("required"), QJsonArray{QStringLiteral("path")}},
                     {QStringLiteral("additionalProperties"), false}}},
        {QStringLiteral("strict"), false},
    };
}

QString ViewImageTool::sniffMimeType(const QByteArray &head, const QString &fileName)
{
    if (head.startsWith("\x89PNG\r\n\x1a\n")) {
        return QStringLiteral("image/png");
    }
    if (head.startsWith("\xff\xd8\xff")) {
        return QStringLiteral("image/jpeg");
    }
    if (head.startsWith("GIF87a") || head.startsWith("GIF89a")) {
        return QStringLiteral("image/gif");
    }
    if (head.size() >= 12 && head.startsWith("RIFF") && head.mid(8, 4) == "WEBP") {
        return QStringLiteral("image/webp");
    }
    if (head.startsWith("BM")) {
        return QStringLiteral("image/bmp");
    }
    if (head.startsWith(QByteArray("II*\0", 4)) || head.startsWith(QByteArray("MM\0*", 4))) {
        return QStringLiteral("image/tiff");
    }
    const QByteArray text = head.left(2048).trimmed().toLower();
    if (text.startsWith("<svg") || (text.startsWith("<?xml") && text.contains("<svg"))) {
        return QStringLiteral("image/svg+xml");
    }
    const QString lower = fileName.toLower();
    if (lower.endsWith(QLatin1String(".svg")) || lower.endsWith(QLatin1String(".svgz"))) {
        return QStringLiteral("image/svg+xml");
    }
    return {};
}

ToolOutput ViewImageTool::view(const QString &path, const ToolContext &context)
{
    QString relative = path.trimmed();
    relative.replace(QLatin1Char('\\'), QLatin1Char('/'));
    if (relative.isEmpty()) {
        return toolError(QStringLiteral("view_image needs a non-empty string \"path\""));
    }
    if (QDir::isAbsolutePath(relative)) {
        const QString mapped = relativeFromAbsolute(relative, context);
        if (mapped.isEmpty()) {
            return toolError(QStringLiteral("path %1 is outside the workspace").arg(relative));
        }
        relative = mapped;
    }
    const auto host = PatchApplier::resolveInside(context.workspaceRoot, relative);
    if (!host) {
        return toolError(host.error().toString());
    }
    const QString display = QDir::cleanPath(relative);
    // Not a link, not a FIFO or device, not hard-linked, within the size limit (safefile_p.h).
    const QString canonicalRoot = QFileInfo(context.workspaceRoot).canonicalFilePath();
    const auto entry = Internal::inspectInside(canonicalRoot, *host, QStringLiteral("`%1`").arg(display),
                                               QStringLiteral("unable to read image at"), false, MaxBytes);
    if (!entry) {
        return failure(entry.error().message);
    }
    if (entry->kind == Internal::SafeEntry::Kind::Missing) {
        return failure(QStringLiteral("image path `%1` was not found").arg(display));
    }
    if (entry->kind == Internal::SafeEntry::Kind::Directory) {
        return failure(QStringLiteral("unable to read image at `%1`: IsADirectoryError").arg(display));
    }
    if (entry->size > MaxBytes) {
        return failure(QStringLiteral("image path `%1` exceeded the allowed size of 10MB; resize or compress the "
                                      "image and try again")
                           .arg(display));
    }
    const auto read = Internal::inspectInside(canonicalRoot, *host, QStringLiteral("`%1`").arg(display),
                                              QStringLiteral("unable to read image at"), true, MaxBytes);
    if (!read) {
        return failure(read.error().message);
    }
    if (read->kind != Internal::SafeEntry::Kind::File) {
        return failure(QStringLiteral("unable to read image at `%1`: it changed while it was read").arg(display));
    }
    const QByteArray &bytes = read->bytes;
    const QString mime = sniffMimeType(bytes.left(4096), display);
    if (mime.isEmpty()) {
        return failure(QStringLiteral("image path `%1` is not a supported image file").arg(display));
    }
    return imageOutput(bytes, mime);
}

ToolOutput ViewImageTool::imageOutput(const QByteArray &bytes, const QString &mime)
{
    const QString url = QStringLiteral("data:%1;base64,%2").arg(mime, QString::fromLatin1(bytes.toBase64()));
    ToolOutput out;
    out.text = url;
    out.content = QJsonArray{
        QJsonObject{{QStringLiteral("type"), QStringLiteral("input_image")}, {QStringLiteral("image_url"), url}}};
    return out;
}

QFuture<Result<ToolOutput>> ViewImageTool::invoke(const ToolCall &call, const ToolContext &context)
{
    if (context.workspaceRoot.isEmpty()) {
        return QtFuture::makeReadyValueFuture(Result<ToolOutput>(
            fail(ErrorCode::Internal, QStringLiteral("view_image was called without a workspace root"))));
    }
    const QJsonValue path = call.arguments.value(QLatin1String("path"));
    if (!path.isString()) {
        return QtFuture::makeReadyValueFuture(
            Result<ToolOutput>(toolError(QStringLiteral("view_image needs a non-empty string \"path\""))));
    }
    return QtConcurrent::run([p = path.toString(), context]() -> Result<ToolOutput> { return view(p, context); });
}

} // namespace Sandcastle::Core
