// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "previewplugin.h"

#include "webenginebackend.h"

namespace Sandcastle::Preview {

std::unique_ptr<Ui::PreviewBackend> PreviewPlugin::createBackend(const Ui::PreviewProfileSettings &settings)
{
    return std::make_unique<WebEngineBackend>(settings);
}

} // namespace Sandcastle::Preview
