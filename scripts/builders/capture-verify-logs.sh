#!/usr/bin/env bash
# Re-capture the real builder logs and probe outputs that tests/test_verify_drivers.py
# parses (tests/fixtures/verify-logs/). Needs the builders running
# (scripts/builders/start.sh). Every build uses only the local base images
# or 127.0.0.1, so nothing leaves the machine. Not run by CI: the fixtures are
# committed, so the unit tests need no builder.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"
. "$ENV_FILE"
FIXTURES=$(cd "$HERE/../.." && pwd)/tests/fixtures/verify-logs
CASES="$FIXTURES/cases"
NEW_CLIENT=/usr/local/bin/docker  # the machine's Docker 28 client: no buildx plugin

# capture CASE LABEL COMMAND...: run in the case dir, keep stdout+stderr.
capture() {
    local case=$1 label=$2
    shift 2
    (cd "$CASES/$case" && "$@" >"$label.log" 2>&1) || true
    say "$case/$label.log"
}
legacy() { DOCKER_BUILDKIT=0 "$DFLINT_TEST_DOCKER" build -f Dockerfile .; }
buildkit() { DOCKER_BUILDKIT=1 "$DFLINT_TEST_DOCKER" build --progress=plain --network=host "$@" -f Dockerfile .; }
buildah_bud() { buildah bud --network=host -f Dockerfile .; }

for case in run-mount heredoc run-fails copy-link pull-unreachable buildplatform; do
    capture "$case" legacy-20.10 legacy
    capture "$case" buildkit-20.10 buildkit
    capture "$case" buildah-1.28 buildah_bud
done
capture run-fails buildkit-20.10-no-host-network env DOCKER_BUILDKIT=1 "$DFLINT_TEST_DOCKER" build --progress=plain -f Dockerfile .
capture run-mount docker-28-no-daemon env DOCKER_HOST=unix:///nonexistent/docker.sock DOCKER_BUILDKIT=0 "$NEW_CLIENT" build -f Dockerfile .
capture run-mount docker-28-buildkit-no-buildx env DOCKER_BUILDKIT=1 "$NEW_CLIENT" build -f Dockerfile .
capture run-mount docker-28-buildx-build "$NEW_CLIENT" buildx build --progress=plain -f Dockerfile .
capture run-mount docker-20.10-buildx-build "$DFLINT_TEST_DOCKER" buildx build --progress=plain -f Dockerfile .

# Probe outputs for detection: what each client prints to the exact probes
# dflint/verify/detect.py runs (stderr then stdout, and the exit status).
python3 - "$FIXTURES/probes.json" "$NEW_CLIENT" "$DFLINT_TEST_DOCKER" <<'PY'
import json, os, subprocess, sys

out, new_client, engine_client = sys.argv[1:4]
no_daemon = {**os.environ, "DOCKER_HOST": "unix:///nonexistent/docker.sock"}
probes = {
    "docker-28/version/no-daemon": ([new_client, "version", "--format", "{{.Server.Os}} {{.Server.Version}}"], no_daemon),
    "docker-28/version/daemon-20.10": ([new_client, "version", "--format", "{{.Server.Os}} {{.Server.Version}}"], os.environ),
    "docker-28/build-help/buildkit": ([new_client, "build", "--help"], {**os.environ, "DOCKER_BUILDKIT": "1"}),
    "docker-28/buildx-version": ([new_client, "buildx", "version"], os.environ),
    "docker-20.10/version/daemon-20.10": ([engine_client, "version", "--format", "{{.Server.Os}} {{.Server.Version}}"], os.environ),
    "docker-20.10/build-help/buildkit": ([engine_client, "build", "--help"], {**os.environ, "DOCKER_BUILDKIT": "1"}),
    "docker-20.10/buildx-version": ([engine_client, "buildx", "version"], os.environ),
    "buildah-1.28/version": (["buildah", "--version"], os.environ),
    "buildah-1.28/info": (["buildah", "info"], os.environ),
}
captured = {}
for name, (argv, env) in probes.items():
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=30)
    captured[name] = {"args": argv[1:], "exit": done.returncode, "stderr": done.stderr, "stdout": done.stdout}
with open(out, "w") as f:
    json.dump(captured, f, indent=2, sort_keys=True)
    f.write("\n")
PY
say "$FIXTURES/probes.json"
