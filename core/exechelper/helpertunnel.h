// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

/// Serves a tunnel request (frame 'T', docs/FORMATS.md "Exec helper protocol") on connection
/// `conn`: connects to 127.0.0.1:<port>, then [::1]:<port>, answers 'A' (the address it reached)
/// or 'F' (why neither worked), then relays raw bytes both ways until both directions ended or
/// either side failed. `early` holds connection bytes that arrived after the 'T' frame. Returns
/// the handler's exit status.
int runTunnel(int conn, const std::string &payload, std::string early);
