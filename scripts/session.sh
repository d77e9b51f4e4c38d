# SPDX-FileCopyrightText: 2026 Sandcastle contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Display and keyring helpers (sourced inside the development environment).

SC_XVFB_PID=""

# Starts Xvfb on a free display and exports DISPLAY, unless a usable DISPLAY is already set.
sc_start_xvfb() {
    if [[ -n "${DISPLAY:-}" ]] && xdpyinfo >/dev/null 2>&1; then return 0; fi
    command -v Xvfb >/dev/null || sc_die "Xvfb is missing - install the package xvfb (scripts/build does this)"
    local n
    for n in $(seq 91 140); do
        [[ -e "/tmp/.X11-unix/X$n" || -e "/tmp/.X$n-lock" ]] && continue
        Xvfb ":$n" -screen 0 1600x1000x24 -nolisten tcp >/tmp/sandcastle-xvfb-$n.log 2>&1 &
        SC_XVFB_PID=$!
        for _ in $(seq 1 50); do
            [[ -e "/tmp/.X11-unix/X$n" ]] && { export DISPLAY=":$n"; return 0; }
            kill -0 "$SC_XVFB_PID" 2>/dev/null || break
            sleep 0.1
        done
    done
    sc_die "Xvfb did not start (log: /tmp/sandcastle-xvfb-*.log) - the GUI needs an X server"
}

sc_stop_xvfb() {
    [[ -n "$SC_XVFB_PID" ]] && kill "$SC_XVFB_PID" 2>/dev/null || true
    SC_XVFB_PID=""
}

# Runs "$@" in a fresh D-Bus session bus with an unlocked gnome-keyring (Secret Service).
sc_in_keyring_session() {
    command -v dbus-run-session >/dev/null || sc_die "dbus-run-session is missing - install the package dbus"
    command -v gnome-keyring-daemon >/dev/null || sc_die "gnome-keyring-daemon is missing - install the package gnome-keyring"
    local keyring_home; keyring_home="$(mktemp -d /tmp/sandcastle-keyring.XXXXXX)"
    HOME="$keyring_home" XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run" \
        dbus-run-session -- bash -c '
            mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
            eval "$(printf "sandcastle-test\n" | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" \
                || { echo "sandcastle: gnome-keyring-daemon did not unlock - the keychain tests need it" >&2; exit 1; }
            export GNOME_KEYRING_CONTROL
            "$@"
        ' sandcastle-keyring "$@" 2> >(grep -v "Unable to set up transient service directory\|fd limit" >&2)
    local rc=$?
    rm -rf "$keyring_home"
    return $rc
}
