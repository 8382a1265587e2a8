# Shared settings for the builder scripts (sourced, not run).
# Everything lives under one state dir so start/stop never touch the host's
# default docker or containers storage.

BUILDERS_DIR="${DFLINT_BUILDERS_DIR:-/tmp/dflint-builders}"
DOCKER_SOCK="$BUILDERS_DIR/docker.sock"
DOCKERD_PIDFILE="$BUILDERS_DIR/dockerd.pid"
DOCKERD_LOG="$BUILDERS_DIR/dockerd.log"
DOCKERD_DATA="$BUILDERS_DIR/docker-data"
DOCKERD_EXEC="$BUILDERS_DIR/docker-exec"
STORAGE_CONF="$BUILDERS_DIR/containers-storage.conf"
CONTAINERS_DIR="$BUILDERS_DIR/containers"
CACHE_DIR="$BUILDERS_DIR/cache"
ENV_FILE="$BUILDERS_DIR/env"
# The 20.10 client from Debian's docker.io; the machine's own client may be newer.
ENGINE_CLIENT=/usr/bin/docker
BASE_IMAGE=dflint-test/busybox

say() { printf '[builders] %s\n' "$*" >&2; }

# Print how long a phase took, for the timings reported in docs/verify.md.
now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
phase_start() { PHASE_NAME="$1"; PHASE_T0=$(now_ms); say "$1 ..."; }
phase_end() {
    local ms=$(($(now_ms) - PHASE_T0))
    say "$PHASE_NAME: done in $((ms / 1000)).$(((ms % 1000) / 100))s"
}

# True when the PID in $DOCKERD_PIDFILE is a live dockerd using our data root,
# so a recycled PID is never mistaken for ours.
our_dockerd_pid() {
    local pid
    [ -s "$DOCKERD_PIDFILE" ] || return 1
    pid=$(cat "$DOCKERD_PIDFILE")
    [ -r "/proc/$pid/cmdline" ] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "--data-root $DOCKERD_DATA " || return 1
    echo "$pid"
}

engine() { DOCKER_HOST="unix://$DOCKER_SOCK" "$ENGINE_CLIENT" "$@"; }
buildah_private() { CONTAINERS_STORAGE_CONF="$STORAGE_CONF" buildah "$@"; }

# Unmount whatever a dead dockerd/containerd left mounted under a dir (overlay
# layers, shm), deepest first, so the dir can be removed.
unmount_under() {
    findmnt -rn -o TARGET | { grep -F "$1/" || true; } | sort -r | while read -r target; do
        umount -l "$target" 2>/dev/null || say "could not unmount $target"
    done
}
