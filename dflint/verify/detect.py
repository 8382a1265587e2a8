"""Which builders are installed and usable here, and exactly what is missing.

Every probe is a quick command with a time limit, so `dflint verify` can say
"no daemon reachable at unix:///var/run/docker.sock" instead of hanging or
failing halfway through a build.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass

from dflint.verify.builders import BUILDERS, default_executable

BUILDX_MISSING = "BuildKit is enabled but the buildx component is missing or broken"
BUILDCTL_DEFAULT_ADDR = "unix:///run/buildkit/buildkitd.sock"
# buildx drivers that run BuildKit in a container or pod: booting them may pull moby/buildkit.
_BOOTING_DRIVERS = ("docker-container", "kubernetes")


@dataclass(frozen=True, slots=True)
class Availability:
    """Whether a builder can build here; `message` says what was found or what is missing."""

    builder: str
    usable: bool
    message: str
    version: str | None = None


@dataclass(frozen=True, slots=True)
class _Probe:
    status: int | None  # None: timed out or could not start
    output: str  # stderr then stdout, for messages
    stdout: str = ""

    @property
    def ok(self) -> bool:
        return self.status == 0

    @property
    def first_line(self) -> str:
        lines = [line.strip() for line in self.output.splitlines() if line.strip()]
        return lines[0] if lines else f"exit status {self.status}"


def detect(
    builder: str, env: Mapping[str, str] | None = None, executable: str | None = None, timeout: float = 5.0
) -> Availability:
    """Probe one builder; `env` is the environment builds will run with."""
    if builder not in BUILDERS:
        raise ValueError(f"unknown builder {builder!r}; expected one of: {', '.join(BUILDERS)}")
    environment = dict(os.environ if env is None else env)
    program = executable or default_executable(builder)
    probe = {
        "legacy": _detect_legacy,
        "docker": _detect_engine_buildkit,
        "buildx": _detect_buildx,
        "buildctl": _detect_buildctl,
        "buildah": _detect_buildah,
        "podman": _detect_podman,
    }[builder]
    if shutil.which(program, path=environment.get("PATH")) is None:
        what = program if builder in ("buildah", "podman") else f"{program} client"
        return Availability(builder, False, f"no {what}: `{program}` is not on PATH")
    return probe(program, environment, timeout)


def detect_all(env: Mapping[str, str] | None = None, timeout: float = 5.0) -> list[Availability]:
    return [detect(builder, env, timeout=timeout) for builder in BUILDERS]


def _run(argv: list[str], env: Mapping[str, str], timeout: float) -> _Probe:
    try:
        done = subprocess.run(
            argv, check=False, stdin=subprocess.DEVNULL, capture_output=True, text=True, env=dict(env), timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return _Probe(None, f"`{' '.join(argv)}` did not answer within {timeout:g}s")
    except OSError as error:
        return _Probe(None, f"`{argv[0]}` could not run: {error}")
    return _Probe(done.returncode, done.stderr + done.stdout, done.stdout)


def _daemon(program: str, env: Mapping[str, str], timeout: float, builder: str) -> Availability:
    """The Docker daemon the client would talk to, named by the host it tried."""
    probe = _run([program, "version", "--format", "{{.Server.Os}} {{.Server.Version}}"], env, timeout)
    host = env.get("DOCKER_HOST")
    tried = f"DOCKER_HOST={host}" if host else "DOCKER_HOST unset"
    if probe.ok:
        os_name, _, version = probe.stdout.strip().partition(" ")
        if builder != "legacy" and os_name != "linux":
            return Availability(
                builder, False, f"the Docker daemon runs {os_name} containers, which have no BuildKit", version
            )
        what = "Docker Engine" if builder == "legacy" else "BuildKit of Docker Engine"
        return Availability(builder, True, f"{what} {version} ({tried})", version)
    match = re.search(r"Cannot connect to the Docker daemon at (\S+?)\.? Is the docker daemon running\?", probe.output)
    if match:
        return Availability(builder, False, f"no Docker daemon reachable at {match.group(1)} ({tried})")
    where = host or "the client's default host"
    return Availability(builder, False, f"no Docker daemon reachable at {where} ({tried}): {probe.first_line}")


def _detect_legacy(program: str, env: Mapping[str, str], timeout: float) -> Availability:
    return _daemon(program, env, timeout, "legacy")


def _detect_engine_buildkit(program: str, env: Mapping[str, str], timeout: float) -> Availability:
    """`DOCKER_BUILDKIT=1 docker build`: clients from 23.0 need the buildx plugin for it."""
    probe = _run([program, "build", "--help"], {**env, "DOCKER_BUILDKIT": "1"}, timeout)
    if BUILDX_MISSING in probe.output:
        return Availability("docker", False, f'no buildx plugin: docker says "{BUILDX_MISSING}"')
    if not probe.ok:
        return Availability("docker", False, f"`{program} build --help` failed: {probe.first_line}")
    return _daemon(program, env, timeout, "docker")


def _detect_buildx(program: str, env: Mapping[str, str], timeout: float) -> Availability:
    """`docker buildx build` on the existing builder; never boots, creates or pulls one."""
    version = _run([program, "buildx", "version"], env, timeout)
    if not version.ok:
        return Availability("buildx", False, f"no buildx plugin: {version.first_line}")
    name = env.get("BUILDX_BUILDER")
    inspect = _run([program, "buildx", "inspect", *([name] if name else [])], env, timeout)
    label = f"buildx builder {name!r} (BUILDX_BUILDER)" if name else "the current buildx builder"
    if not inspect.ok:
        return Availability("buildx", False, f"{label} is not usable: {inspect.first_line}")
    fields = _colon_fields(inspect.output)
    driver, status = fields.get("driver", "?"), fields.get("status", "?")
    buildkit = fields.get("buildkit") or fields.get("buildkit version")
    if status != "running":
        if driver in _BOOTING_DRIVERS:
            return Availability(
                "buildx",
                False,
                f"{label} (driver {driver}) is {status}; dflint does not start it, as that may pull moby/buildkit",
            )
        return Availability("buildx", False, f"{label} (driver {driver}) is {status}")
    return Availability("buildx", True, f"{label}: driver {driver}, BuildKit {buildkit or 'unknown'}", buildkit)


def _colon_fields(output: str) -> dict[str, str]:
    """`Key: value` lines of `docker buildx inspect`, first occurrence of each key."""
    fields: dict[str, str] = {}
    for line in output.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            fields.setdefault(key.strip().lower(), value.strip())
    return fields


def _detect_buildctl(program: str, env: Mapping[str, str], timeout: float) -> Availability:
    addr = env.get("BUILDKIT_HOST")
    tried = f"BUILDKIT_HOST={addr}" if addr else f"BUILDKIT_HOST unset, buildctl's default {BUILDCTL_DEFAULT_ADDR}"
    workers = _run([program, "debug", "workers"], env, timeout)
    if not workers.ok:
        return Availability("buildctl", False, f"no BuildKit daemon reachable ({tried}): {workers.first_line}")
    version = _run([program, "--version"], env, timeout)
    found = re.search(r"\bv\d+\.\d+\S*", version.stdout)
    return Availability("buildctl", True, f"buildkitd ({tried})", found.group(0) if found else None)


def _detect_buildah(program: str, env: Mapping[str, str], timeout: float) -> Availability:
    version = _run([program, "--version"], env, timeout)
    found = re.search(r"version (\S+)", version.output)
    info = _run([program, "info"], env, timeout)
    if not info.ok:
        return Availability("buildah", False, f"buildah cannot use its storage: {info.first_line}")
    number = found.group(1) if found else None
    return Availability("buildah", True, f"buildah {number or '(unknown version)'}", number)


def _detect_podman(program: str, env: Mapping[str, str], timeout: float) -> Availability:
    info = _run([program, "info", "--format", "{{.Version.Version}}"], env, timeout)
    if not info.ok:
        return Availability("podman", False, f"podman cannot run: {info.first_line}")
    number = info.stdout.strip() or None
    return Availability("podman", True, f"podman {number or '(unknown version)'}", number)
