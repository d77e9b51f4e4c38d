// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/capabilities/filesystem/filesystemcapability.h"

namespace Sandcastle::Core {

FilesystemCapability::FilesystemCapability(ApplyPatchTool::Transport transport, QObject *parent)
    : Capability(parent)
    , m_viewImage(std::make_unique<ViewImageTool>())
    , m_applyPatch(std::make_unique<ApplyPatchTool>(transport))
{}

FilesystemCapability::~FilesystemCapability() = default;

std::vector<Tool *> FilesystemCapability::tools() const
{
    return {m_viewImage.get(), m_applyPatch.get()};
}

} // namespace Sandcastle::Core
