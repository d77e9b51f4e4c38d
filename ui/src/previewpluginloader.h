// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/result.h"
#include "sandcastle/ui/previewbackend.h"

#include <QFuture>
#include <QPluginLoader>
#include <QStringList>

namespace Sandcastle::Ui {

/// Finds and loads the sandcastle_preview plugin (the only code linking Qt WebEngine). Looks at
/// $SANDCASTLE_PREVIEW_PLUGIN (a file, for tests) when set, else next to the executable, in
/// ../lib/sandcastle/plugins beside it, then in the build's plugin directory. The plugin stays
/// loaded for the life of the process (Qt WebEngine cannot be unloaded). GUI thread.
class PreviewPluginLoader
{
public:
    static constexpr auto kEnvironmentVariable = "SANDCASTLE_PREVIEW_PLUGIN";
    static constexpr auto kFileName = "libsandcastle_preview.so";

    /// Where load() looks, in order.
    [[nodiscard]] static QStringList candidatePaths();
    /// The first candidate path that is a file; fails with the paths tried.
    [[nodiscard]] static Core::Result<QString> find();
    /// The plugin's factory; fails with the paths tried, or with the loader's message.
    [[nodiscard]] Core::Result<PreviewBackendFactory *> load();
    /// Makes the shared OpenGL context, then maps the plugin and Qt WebEngine's libraries on a
    /// worker thread (about a second of dlopen the GUI thread would otherwise stall on;
    /// bench_preview --breakdown), so that load() afterwards only makes the instance. Ready at
    /// once when loaded already or not found (load() then says why); true when mapped.
    [[nodiscard]] QFuture<bool> preload();

private:
    QPluginLoader m_loader;
};

/// Whether a Qt WebEngine library is mapped into this process (/proc/self/maps).
[[nodiscard]] bool isWebEngineMapped();

} // namespace Sandcastle::Ui
