#!/usr/bin/env bash
# Stop the dockerd that start.sh started (by its recorded PID, never by name)
# and remove the state dir. Downloaded .debs are kept for the next start
# unless --purge is given. Idempotent.
set -euo pipefail
. "$(dirname "$0")/common.sh"

purge=0
[ "${1:-}" = --purge ] && purge=1

if pid=$(our_dockerd_pid); then
    say "stopping dockerd (pid $pid)"
    kill -TERM "$pid"
    for _ in $(seq 1 200); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        say "dockerd (pid $pid) did not stop in 20s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
        # Its containerd then stays behind; dockerd recorded that PID too.
        cpid=$(cat "$DOCKERD_EXEC/containerd/containerd.pid" 2>/dev/null || true)
        if [ -n "$cpid" ] && tr '\0' ' ' <"/proc/$cpid/cmdline" 2>/dev/null | grep -qF -- "$DOCKERD_EXEC/"; then
            kill -KILL "$cpid" 2>/dev/null || true
        fi
    fi
else
    say "no dockerd of ours is running"
fi

[ -d "$BUILDERS_DIR" ] || exit 0
unmount_under "$BUILDERS_DIR"
if [ "$purge" -eq 1 ]; then
    rm -rf "$BUILDERS_DIR"
else
    find "$BUILDERS_DIR" -mindepth 1 -maxdepth 1 ! -name cache -exec rm -rf {} +
fi
say "stopped and cleaned $BUILDERS_DIR"
