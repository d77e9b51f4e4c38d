// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/capabilities/capability.h"
#include "sandcastle/core/capabilities/filesystem/applypatchtool.h"
#include "sandcastle/core/capabilities/filesystem/viewimagetool.h"

#include <memory>

namespace Sandcastle::Core {

/// The "filesystem" capability (spec 2.3): tools `view_image` and `apply_patch`, in that order,
/// both working on ToolContext::workspaceRoot on the host. Like the SDK it adds no instruction
/// fragment (the guidance is in the apply_patch tool description). Owns its tools; one instance
/// per run, on the runner's thread.
class FilesystemCapability : public Capability
{
    Q_OBJECT
public:
    explicit FilesystemCapability(ApplyPatchTool::Transport transport = ApplyPatchTool::Transport::CustomGrammar,
                                  QObject *parent = nullptr);
    ~FilesystemCapability() override;

    [[nodiscard]] QString type() const override { return QStringLiteral("filesystem"); }
    [[nodiscard]] std::vector<Tool *> tools() const override;

    [[nodiscard]] ApplyPatchTool *applyPatchTool() const { return m_applyPatch.get(); }
    [[nodiscard]] ViewImageTool *viewImageTool() const { return m_viewImage.get(); }

private:
    std::unique_ptr<ViewImageTool> m_viewImage;
    std::unique_ptr<ApplyPatchTool> m_applyPatch;
};

} // namespace Sandcastle::Core
