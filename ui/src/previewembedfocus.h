// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace Sandcastle::Ui {

/// Lets a preview host's window embedded in one of ours take the keyboard (X11 only): a click
/// in it makes the host's Qt ask its embedder for focus (XEMBED_REQUEST_FOCUS), which Qt's
/// widgets do not answer; this gives the X input focus to the host's window and tells it so
/// (XEMBED_FOCUS_IN). Installed once, for the application's life; does nothing elsewhere.
void installEmbedFocusHandler();

} // namespace Sandcastle::Ui
