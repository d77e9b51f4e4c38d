// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/capabilities/capability.h"

#include <memory>

namespace Sandcastle::Core {

class PreviewHost;
class PreviewScreenshotTool;

/// Lets the model look at the preview browser (issue 9): while the host has a preview open,
/// tools() offers the function tool `preview_screenshot` ({url?: string}) and instructions() says
/// which pages are open; with no preview open (or no host) it offers nothing. The runner asks
/// both on every model call, so the tool appears and disappears with the preview.
///
/// The tool's output is an `input_image` content item with the PNG as a data URL, exactly like
/// view_image's; failures (no preview, no page with that URL, screenshot failed, too large) are
/// tool failures the model is told about. Does not own the host. Lives on the runner's thread.
class PreviewCapability : public Capability
{
    Q_OBJECT
public:
    explicit PreviewCapability(PreviewHost *host, QObject *parent = nullptr);
    ~PreviewCapability() override;

    [[nodiscard]] QString type() const override { return QStringLiteral("preview"); }
    [[nodiscard]] QString instructions() const override;
    [[nodiscard]] std::vector<Tool *> tools() const override;

    [[nodiscard]] PreviewHost *host() const { return m_host; }
    /// Replaces the host; nullptr removes it (the tool disappears).
    void setHost(PreviewHost *host);

private:
    PreviewHost *m_host;
    std::unique_ptr<PreviewScreenshotTool> m_tool;
};

/// The `preview_screenshot` function tool of PreviewCapability.
class PreviewScreenshotTool : public Tool
{
public:
    explicit PreviewScreenshotTool(PreviewHost *host)
        : m_host(host)
    {}

    static constexpr qsizetype MaxBytes = 10 * 1024 * 1024;

    [[nodiscard]] QString name() const override { return QStringLiteral("preview_screenshot"); }
    [[nodiscard]] ToolKind kind() const override { return ToolKind::Function; }
    [[nodiscard]] QJsonObject definition() const override;
    [[nodiscard]] QFuture<Result<ToolOutput>> invoke(const ToolCall &call, const ToolContext &context) override;
    void setHost(PreviewHost *host) { m_host = host; }

    /// The tool output for a screenshot result (public for tests).
    [[nodiscard]] static ToolOutput outputFor(const Result<QByteArray> &png, const QString &url);

private:
    PreviewHost *m_host;
};

} // namespace Sandcastle::Core
