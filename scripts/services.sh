# SPDX-FileCopyrightText: 2026 Sandcastle contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Host services for the test suite: dockerd and the locally built sandbox image. Sourced after lib.sh.

SC_IMAGE_PACKAGES="bash,coreutils,python3,git,procps,ca-certificates"
SC_IMAGE_SUITE="trixie"
SC_DOCKERD_STARTED=""

sc_docker_ok() { curl -sf --unix-socket /run/docker.sock http://localhost/_ping >/dev/null 2>&1; }

# Starts dockerd unless one already answers on /run/docker.sock. Remembers whether we started it.
sc_ensure_dockerd() {
    sc_apt_install docker.io curl
    if sc_docker_ok; then return 0; fi
    sc_need_root "starting dockerd"
    sc_log "starting dockerd (log: $SC_CACHE/dockerd.log)"
    mkdir -p "$SC_CACHE"
    dockerd --host unix:///run/docker.sock >"$SC_CACHE/dockerd.log" 2>&1 &
    SC_DOCKERD_STARTED=$!
    for _ in $(seq 1 100); do
        sc_docker_ok && return 0
        kill -0 "$SC_DOCKERD_STARTED" 2>/dev/null || break
        sleep 0.2
    done
    tail -n 3 "$SC_CACHE/dockerd.log" >&2 || true
    sc_die "dockerd did not start (log: $SC_CACHE/dockerd.log) - the Docker tests need a working dockerd"
}

sc_stop_dockerd() {
    if [[ -n "$SC_DOCKERD_STARTED" ]]; then
        # Containers our tests left behind carry the sandcastle label.
        local ids
        ids="$(docker ps -aq --filter label=sandcastle 2>/dev/null || true)"
        [[ -n "$ids" ]] && docker rm -f $ids >/dev/null 2>&1 || true
        kill "$SC_DOCKERD_STARTED" 2>/dev/null || true
        wait "$SC_DOCKERD_STARTED" 2>/dev/null || true
        SC_DOCKERD_STARTED=""
    fi
}

sc_image_tag() {
    echo "sandcastle/sandbox:r$(echo "$SC_IMAGE_SUITE $SC_IMAGE_PACKAGES v1" | sha256sum | cut -c1-12)"
}

sc_project_version() {
    sed -n 's/^project(Sandcastle VERSION \([0-9.]*\).*/\1/p' "$SC_ROOT/CMakeLists.txt"
}

# Builds the sandbox image from a debootstrap root with docker import, once per recipe (tag
# sandcastle/sandbox:r<recipe hash>), and tags it sandcastle/sandbox:<project version> and :latest,
# the Docker client's default image. Prints the recipe tag.
sc_ensure_sandbox_image() {
    local tag; tag="$(sc_image_tag)"
    if docker image inspect "$tag" >/dev/null 2>&1; then
        docker tag "$tag" "sandcastle/sandbox:$(sc_project_version)"
        docker tag "$tag" sandcastle/sandbox:latest
        echo "$tag"; return 0
    fi
    sc_apt_install debootstrap
    local dir="$SC_CACHE/sandbox-rootfs.partial"
    rm -rf "$dir"
    sc_log "building the sandbox image $tag from a debootstrap root (about a minute; cached afterwards)"
    if ! debootstrap --variant=minbase --include="$SC_IMAGE_PACKAGES" "$SC_IMAGE_SUITE" "$dir" "$(sc_mirror)" >"$SC_CACHE/sandbox-image.log" 2>&1; then
        rm -rf "$dir"
        sc_die "debootstrap of the sandbox image failed (log: $SC_CACHE/sandbox-image.log)"
    fi
    rm -rf "$dir/var/cache/apt/archives/"*.deb "$dir/var/lib/apt/lists/"*
    tar -C "$dir" -c . | docker import --change 'CMD ["/bin/bash"]' - "$tag" >/dev/null \
        || { rm -rf "$dir"; sc_die "docker import of the sandbox image failed"; }
    docker tag "$tag" "sandcastle/sandbox:$(sc_project_version)"
    docker tag "$tag" sandcastle/sandbox:latest
    rm -rf "$dir"
    echo "$tag"
}
