# SPDX-FileCopyrightText: 2026 Sandcastle contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Shared shell helpers for scripts/*: environment detection, the Debian 13 dev root, services.
# Sourced, never executed. Every failure ends with one line "sandcastle: <what> - <how to fix>".

set -euo pipefail

SC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SC_CACHE="${SANDCASTLE_CACHE:-/var/cache/sandcastle}"
SC_DEVROOT="${SANDCASTLE_DEVROOT:-$SC_CACHE/devroot-trixie}"
SC_PACKAGES_FILE="$SC_ROOT/scripts/devroot-packages.txt"

sc_die() { echo "sandcastle: $*" >&2; exit 1; }
sc_log() { echo "sandcastle: $*" >&2; }

sc_packages() { grep -v '^\s*#' "$SC_PACKAGES_FILE" | grep -v '^\s*$'; }
sc_packages_hash() { sc_packages | sha256sum | cut -c1-16; }

# Prints "native" when this machine can build Sandcastle with its own packages, "devroot" otherwise.
sc_mode() {
    if [[ -n "${SANDCASTLE_IN_DEVROOT:-}" ]]; then echo native; return; fi
    if [[ -n "${SANDCASTLE_MODE:-}" ]]; then echo "$SANDCASTLE_MODE"; return; fi
    local id="" ver=""
    if [[ -r /etc/os-release ]]; then
        id="$(. /etc/os-release; echo "${ID:-}")"
        ver="$(. /etc/os-release; echo "${VERSION_ID:-0}")"
    fi
    case "$id" in
        debian) if [[ "${ver%%.*}" -ge 13 ]] 2>/dev/null || [[ -z "$ver" ]]; then echo native; else echo devroot; fi ;;
        ubuntu) if [[ "${ver%%.*}" -ge 26 ]] 2>/dev/null; then echo native; else echo devroot; fi ;;
        *) echo devroot ;;
    esac
}

sc_need_root() {
    [[ "$(id -u)" == 0 ]] || sc_die "$1 needs root (apt-get, chroot) - run it as root or with sudo"
}

# The Debian mirror this machine's apt already uses.
sc_mirror() {
    local m
    m="$(grep -hE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
        | grep -oE 'https?://[^ ]*/debian/?' | grep -v security | head -n1 || true)"
    echo "${m:-http://deb.debian.org/debian}"
}

sc_apt_updated=""
sc_apt_install() {
    # Installs the named packages that are missing on this machine (not in the dev root).
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    sc_need_root "installing ${missing[*]}"
    sc_log "installing ${missing[*]}"
    if [[ -z "$sc_apt_updated" ]]; then
        apt-get update -qq >/dev/null || sc_die "apt-get update failed - check the machine's Debian mirror in /etc/apt/sources.list*"
        sc_apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || sc_die "apt-get install ${missing[*]} failed - run it by hand to see why"
}

# Creates (or repairs) the cached Debian 13 dev root. Safe to interrupt: an unfinished root
# has no stamp and is rebuilt from scratch; a root whose package list changed is topped up.
sc_ensure_devroot() {
    local stamp="$SC_DEVROOT/.sandcastle-devroot" hash
    hash="$(sc_packages_hash)"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$hash" ]]; then return 0; fi
    sc_need_root "creating the Debian 13 dev root in $SC_DEVROOT"
    if [[ ! -f "$SC_DEVROOT/.sandcastle-bootstrapped" ]]; then
        sc_apt_install debootstrap
        local tmp="$SC_DEVROOT.partial"
        rm -rf "$tmp"
        mkdir -p "$(dirname "$SC_DEVROOT")"
        sc_log "creating the Debian 13 (trixie) dev root in $SC_DEVROOT (about 2 minutes, 2.5 GB; cached afterwards)"
        local include
        include="$(sc_packages | paste -sd, -)"
        if ! debootstrap --variant=minbase --include="$include" trixie "$tmp" "$(sc_mirror)" >"$SC_CACHE/debootstrap.log" 2>&1; then
            tail -n 5 "$SC_CACHE/debootstrap.log" >&2
            rm -rf "$tmp"
            sc_die "debootstrap of the dev root failed (log: $SC_CACHE/debootstrap.log) - check the Debian mirror and disk space"
        fi
        rm -rf "$SC_DEVROOT"
        mv "$tmp" "$SC_DEVROOT"
        touch "$SC_DEVROOT/.sandcastle-bootstrapped"
    else
        sc_log "updating the dev root's packages"
        cp /etc/resolv.conf "$SC_DEVROOT/etc/resolv.conf" 2>/dev/null || true
        # shellcheck disable=SC2046
        chroot "$SC_DEVROOT" /bin/sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(sc_packages | paste -sd' ' -)" >"$SC_CACHE/devroot-apt.log" 2>&1 \
            || sc_die "installing packages into the dev root failed (log: $SC_CACHE/devroot-apt.log)"
    fi
    cp /etc/resolv.conf "$SC_DEVROOT/etc/resolv.conf" 2>/dev/null || true
    echo "$hash" >"$stamp"
}

sc_ensure_environment() {
    if [[ "$(sc_mode)" == native ]]; then
        [[ -n "${SANDCASTLE_IN_DEVROOT:-}" ]] && return 0
        # shellcheck disable=SC2046
        sc_apt_install $(sc_packages)
    else
        sc_ensure_devroot
    fi
}

# Runs "$@" inside the development environment with the built programs on PATH.
sc_devenv_exec() {
    local bindir="$SC_ROOT/build/dev/bin"
    if [[ "$(sc_mode)" == native ]]; then
        export PATH="$bindir:$SC_ROOT/build/dev/tests/bin:$PATH"
        exec "$@"
    fi
    [[ -f "$SC_DEVROOT/.sandcastle-devroot" ]] || sc_die "the dev root $SC_DEVROOT does not exist yet - run scripts/build first"
    sc_need_root "entering the dev root"
    local cwd="$PWD"
    case "$cwd" in "$SC_ROOT"*|/tmp*|/run*) ;; *) cwd="$SC_ROOT" ;; esac
    mkdir -p "$SC_CACHE/ccache"
    # A private mount namespace: every mount below disappears with the command, nothing to clean up.
    exec unshare --mount --propagation private -- /bin/bash -c '
        set -e
        R="$1"; SRC="$2"; CWD="$3"; CC_DIR="$4"; shift 4
        mount --bind "$R" "$R"                     # bubblewrap needs / to be a mount point
        mount -t proc proc "$R/proc"
        mount --rbind /dev "$R/dev"
        mount --rbind /sys "$R/sys"
        mount --rbind /tmp "$R/tmp"
        mount --rbind /run "$R/run"
        mkdir -p "$R$SRC" "$R$CC_DIR"
        mount --bind "$SRC" "$R$SRC"
        mount --bind "$CC_DIR" "$R$CC_DIR"
        SHARED="$(dirname "$SRC")/shared"          # external conformance data, when present
        if [[ -d "$SHARED" ]]; then mkdir -p "$R$SHARED"; mount --bind "$SHARED" "$R$SHARED"; fi
        exec chroot "$R" /usr/bin/env -i \
            HOME=/root TERM="${TERM:-dumb}" LANG=C.UTF-8 \
            PATH="$SRC/build/dev/bin:$SRC/build/dev/tests/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
            SANDCASTLE_IN_DEVROOT=1 CCACHE_DIR="$CC_DIR" CCACHE_BASEDIR="$SRC" CCACHE_NOHASHDIR=1 DISPLAY="${DISPLAY:-}" CI="${CI:-}" \
            OPENAI_API_KEY="${OPENAI_API_KEY:-}" OPENAI_BASE_URL="${OPENAI_BASE_URL:-}" \
            SANDCASTLE_SANDBOX_IMAGE="${SANDCASTLE_SANDBOX_IMAGE:-}" DOCKER_HOST="${DOCKER_HOST:-}" \
            /bin/bash -c "cd \"\$0\" && exec \"\$@\"" "$CWD" "$@"
    ' sandcastle-devenv "$SC_DEVROOT" "$SC_ROOT" "$cwd" "$SC_CACHE/ccache" "$@"
}
