// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/capabilities/tool.h"

#include <QByteArray>

namespace Sandcastle::Core {

/// The `view_image` function tool (spec 2.3.4): reads an image from ToolContext::workspaceRoot
/// (relative path, or an absolute path under the workspace or sandbox root; symlinks must not
/// leave the root), at most 10 MiB, MIME type sniffed from the content (PNG, JPEG, GIF, WebP, BMP,
/// TIFF, SVG; `.svg`/`.svgz` by name), and returns `content = [{"type":"input_image","image_url":
/// "data:<mime>;base64,..."}]` with the data URL also in `text` (Chat Completions fallback).
/// Missing, unreadable, oversized and non-image files are ToolOutput texts with `failed = true`
/// worded as the spec says; paths outside the workspace get the generic function-tool error text.
/// invoke() reads on the Qt global thread pool.
class ViewImageTool : public Tool
{
public:
    static constexpr qint64 MaxBytes = 10 * 1024 * 1024;

    [[nodiscard]] QString name() const override { return QStringLiteral("view_image"); }
    [[nodiscard]] ToolKind kind() const override { return ToolKind::Function; }
    [[nodiscard]] QJsonObject definition() const override;
    [[nodiscard]] QFuture<Result<ToolOutput>> invoke(const ToolCall &call, const ToolContext &context) override;

    /// MIME type from the first bytes (and, for SVG only, the file name), or empty.
    [[nodiscard]] static QString sniffMimeType(const QByteArray &head, const QString &fileName);
    /// The tool output for image `bytes` of type `mime`: a data URL as text and as an
    /// `input_image` content item (also what preview_screenshot returns).
    [[nodiscard]] static ToolOutput imageOutput(const QByteArray &bytes, const QString &mime);
    /// Synchronous core of invoke(), for tests and callers already off the GUI thread.
    [[nodiscard]] static ToolOutput view(const QString &path, const ToolContext &context);
};

} // namespace Sandcastle::Core
