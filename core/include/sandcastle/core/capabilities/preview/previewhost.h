// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"

#include <QByteArray>
#include <QFuture>
#include <QStringList>

namespace Sandcastle::Core {

/// What the preview browser (implemented in the ui) offers the agent: which pages are open and a
/// screenshot of one. Core only knows this interface; PreviewCapability asks it on every model
/// call whether to offer the preview_screenshot tool.
///
/// Called on the runner's thread (the GUI thread in the app). The implementation must outlive the
/// PreviewCapability that uses it, or be removed with PreviewCapability::setHost(nullptr) first.
class PreviewHost
{
public:
    virtual ~PreviewHost() = default;

    /// True while at least one preview page is open.
    [[nodiscard]] virtual bool hasOpenPreview() const = 0;
    /// The URLs of the open preview pages (the current one first).
    [[nodiscard]] virtual QStringList openPreviewUrls() const = 0;
    /// A PNG of the page showing `url` (empty: the current page). Finishes exactly once; fails with
    /// ErrorCode::NotFound when no open page shows `url`, or another code with the reason.
    [[nodiscard]] virtual QFuture<Result<QByteArray>> screenshotPng(const QString &url) = 0;
};

} // namespace Sandcastle::Core
