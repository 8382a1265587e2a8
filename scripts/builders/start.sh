#!/usr/bin/env bash
# Start the real builders for tests and CI (idempotent): install what is
# missing, register arm64 emulation, start a private dockerd by PID, build the
# local busybox base images, load them into buildah, and write $DIR/env.
#
# Exit status: 0 when the engine and buildah are usable (arm64 is optional),
# 1 otherwise. The env file is written either way and says what is missing.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"

T0=$(now_ms)
mkdir -p "$BUILDERS_DIR"

phase_start "install packages"
install_ok=1
"$HERE/install.sh" || install_ok=0
phase_end

phase_start "register binfmt for aarch64"
arm64_reason=""
arm64_host_cannot=0
binfmt_status=0
arm64_reason=$("$HERE/binfmt.sh") || binfmt_status=$?
if [ "$binfmt_status" -ne 0 ]; then
    [ -n "$arm64_reason" ] || arm64_reason="binfmt registration failed"
    [ "$binfmt_status" -ne 1 ] || arm64_host_cannot=1
    say "arm64 unavailable: $arm64_reason"
fi
phase_end

mkdir -p "$CONTAINERS_DIR"
cat >"$STORAGE_CONF" <<CONF
# Private buildah/podman storage for dflint's tests (vfs: works anywhere).
[storage]
driver = "vfs"
graphroot = "$CONTAINERS_DIR/storage"
runroot = "$CONTAINERS_DIR/run"
CONF

start_dockerd() {
    local pid i
    if pid=$(our_dockerd_pid) && engine info >/dev/null 2>&1; then
        say "dockerd already running (pid $pid)"
        return 0
    fi
    if ! command -v dockerd >/dev/null; then
        dockerd_reason="dockerd is not installed"
        return 1
    fi
    # Runtime state of a dockerd that is gone (e.g. killed with the session):
    # its pidfile, socket and exec root (containerd's pid and sockets) would
    # confuse the new one. Images in the data root are kept.
    unmount_under "$DOCKERD_EXEC"
    rm -rf "$DOCKERD_PIDFILE" "$DOCKER_SOCK" "$DOCKERD_EXEC"
    mkdir -p "$DOCKERD_DATA" "$DOCKERD_EXEC"
    # --bridge=none and no iptables: this machine has neither; BuildKit RUN
    # steps then need --network=host.
    setsid dockerd --data-root "$DOCKERD_DATA" --exec-root "$DOCKERD_EXEC" \
        --pidfile "$DOCKERD_PIDFILE" -H "unix://$DOCKER_SOCK" \
        --iptables=false --ip6tables=false --bridge=none \
        </dev/null >"$DOCKERD_LOG" 2>&1 &
    pid=$!
    for i in $(seq 1 600); do
        if ! kill -0 "$pid" 2>/dev/null; then
            dockerd_reason="dockerd exited at start; see $DOCKERD_LOG"
            tail -n 20 "$DOCKERD_LOG" >&2 || true
            return 1
        fi
        if engine info >/dev/null 2>&1; then
            # stop.sh reads the pidfile dockerd wrote; make sure it is this one.
            if [ "$(our_dockerd_pid)" != "$pid" ]; then
                dockerd_reason="dockerd pidfile $DOCKERD_PIDFILE does not hold pid $pid"
                return 1
            fi
            say "dockerd started (pid $pid)"
            return 0
        fi
        sleep 0.1
    done
    dockerd_reason="dockerd did not answer within 60s; see $DOCKERD_LOG"
    return 1
}

phase_start "start dockerd"
dockerd_ok=1
dockerd_reason=""
if [ "$install_ok" -eq 0 ] && ! command -v dockerd >/dev/null; then
    dockerd_ok=0
    dockerd_reason="docker.io could not be installed"
else
    start_dockerd || dockerd_ok=0
fi
phase_end

buildah_reason=""
if [ "$dockerd_ok" -eq 1 ]; then
    phase_start "base images"
    "$HERE/base-images.sh" || say "base images failed"
    phase_end
fi

docker_has() { [ "$dockerd_ok" -eq 1 ] && engine image inspect "$1" >/dev/null 2>&1; }
if ! docker_has "$BASE_IMAGE:amd64"; then
    [ "$dockerd_ok" -eq 0 ] || { dockerd_ok=0; dockerd_reason="base image $BASE_IMAGE:amd64 was not built"; }
fi
if ! command -v buildah >/dev/null; then
    buildah_reason="buildah is not installed"
elif ! buildah_private inspect --type image "$BASE_IMAGE:amd64" >/dev/null 2>&1; then
    buildah_reason="base image $BASE_IMAGE:amd64 is not in buildah's storage"
fi
if [ -z "$arm64_reason" ] && ! docker_has "$BASE_IMAGE:arm64"; then
    arm64_reason="base image $BASE_IMAGE:arm64 was not built"
fi

platforms=linux/amd64
[ -n "$arm64_reason" ] || platforms="$platforms,linux/arm64"
flag() { [ -z "$1" ] && echo 1 || echo 0; }
# export NAME='value', single-quoted so both sh and Python's shlex read it.
export_line() { printf "export %s='%s'\n" "$1" "${2//\'/\'\\\'\'}"; }
{
    echo "# Written by scripts/builders/start.sh; source it before the tests."
    export_line DFLINT_BUILDERS_DIR "$BUILDERS_DIR"
    export_line DOCKER_HOST "unix://$DOCKER_SOCK"
    export_line DFLINT_TEST_DOCKER "$ENGINE_CLIENT"
    export_line DFLINT_TEST_DOCKERD "$([ "$dockerd_ok" -eq 1 ] && echo 1 || echo 0)"
    export_line DFLINT_TEST_DOCKERD_REASON "$dockerd_reason"
    export_line DFLINT_TEST_BUILDAH "$(flag "$buildah_reason")"
    export_line DFLINT_TEST_BUILDAH_REASON "$buildah_reason"
    export_line CONTAINERS_STORAGE_CONF "$STORAGE_CONF"
    # chroot isolation: no user namespaces or runtime setup needed here.
    export_line BUILDAH_ISOLATION chroot
    export_line DFLINT_TEST_ARM64 "$(flag "$arm64_reason")"
    export_line DFLINT_TEST_ARM64_REASON "$arm64_reason"
    # 1 when the host itself cannot run arm64 (binfmt_misc missing or not ours to change).
    export_line DFLINT_TEST_ARM64_HOST_CANNOT "$arm64_host_cannot"
    export_line DFLINT_TEST_PLATFORMS "$platforms"
    export_line DFLINT_TEST_BASE_IMAGE "$BASE_IMAGE"
} >"$ENV_FILE"

ms=$(($(now_ms) - T0))
say "engine: $([ "$dockerd_ok" -eq 1 ] && echo "ok ($("$ENGINE_CLIENT" -H "unix://$DOCKER_SOCK" version --format '{{.Server.Version}}' 2>/dev/null))" || echo "UNAVAILABLE: $dockerd_reason")"
say "buildah: $([ -z "$buildah_reason" ] && echo "ok ($(buildah --version 2>/dev/null))" || echo "UNAVAILABLE: $buildah_reason")"
say "arm64: $([ -z "$arm64_reason" ] && echo ok || echo "unavailable: $arm64_reason")"
say "env file: $ENV_FILE"
say "start.sh took $((ms / 1000)).$(((ms % 1000) / 100))s"
[ "$dockerd_ok" -eq 1 ] && [ -z "$buildah_reason" ]
