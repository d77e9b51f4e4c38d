// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/ui/previewbackend.h"

#include <QObject>

namespace Sandcastle::Preview {

/// The plugin's root object: makes one WebEngineBackend (one persistent profile) per request.
class PreviewPlugin : public QObject, public Ui::PreviewBackendFactory
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID SandcastlePreviewBackendFactory_iid)
    Q_INTERFACES(Sandcastle::Ui::PreviewBackendFactory)
public:
    using QObject::QObject;
    [[nodiscard]] std::unique_ptr<Ui::PreviewBackend>
    createBackend(const Ui::PreviewProfileSettings &settings) override;
};

} // namespace Sandcastle::Preview
