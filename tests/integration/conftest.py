"""Fixtures for tests against the real builders that scripts/builders/start.sh starts.

start.sh writes `$DFLINT_BUILDERS_DIR/env` (default /tmp/dflint-builders/env)
saying which builders and platforms it could provide, and why not. The
fixtures read it (from the environment when it was sourced, else from the
file) and hand tests the client path, the environment for subprocesses and the
local image names. Outside CI an unavailable builder skips the test with that
reason; under CI (CI=true) it fails, because CI must have every builder. The
one exception is arm64 when the host itself cannot register binfmt_misc
(start.sh then sets DFLINT_TEST_ARM64_HOST_CANNOT=1): it skips even in CI.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

START_HINT = "run scripts/builders/start.sh (as root) first"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "builders: needs the real builders started by scripts/builders/start.sh")


def _builders_env() -> dict[str, str]:
    """os.environ, plus start.sh's env file when it was not sourced."""
    env = dict(os.environ)
    if "DFLINT_TEST_DOCKERD" in env:
        return env
    env_file = Path(env.get("DFLINT_BUILDERS_DIR", "/tmp/dflint-builders")) / "env"
    if env_file.is_file():
        for line in env_file.read_text().splitlines():
            words = shlex.split(line, comments=True)
            if len(words) == 2 and words[0] == "export" and "=" in words[1]:
                name, _, value = words[1].partition("=")
                env[name] = value
    return env


def _unavailable(what: str, reason: str, *, host_cannot: bool = False) -> None:
    message = f"{what} unavailable: {reason or START_HINT}"
    if os.environ.get("CI") == "true" and not host_cannot:
        pytest.fail(f"{message} (CI must provide it)", pytrace=False)
    pytest.skip(message)


def _run(argv: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
    """Run a builder command; stdout and stderr together in `.stdout`, never raising on failure."""
    return subprocess.run(
        argv,
        check=False,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
    )


@dataclass(frozen=True)
class DockerEngine:
    """The private dockerd 20.10 and its client; `env` has DOCKER_HOST set."""

    client: str
    env: dict[str, str]
    base_image: str  # amd64 busybox, also tagged :latest

    def __call__(self, *args: str, buildkit: bool | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
        """Run the client; stdout and stderr together in `.stdout`."""
        env = dict(self.env)
        if buildkit is not None:
            env["DOCKER_BUILDKIT"] = "1" if buildkit else "0"
        return _run([self.client, *args], env, timeout)


@dataclass(frozen=True)
class Buildah:
    """Buildah with its private vfs storage and chroot isolation (in `env`)."""

    executable: str
    env: dict[str, str]
    base_image: str

    def __call__(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return _run([self.executable, *args], self.env, timeout)


@dataclass(frozen=True)
class Arm64Platform:
    """arm64 under QEMU: the platform string and the local arm64 base image."""

    platform: str
    base_image: str
    engine: DockerEngine


@pytest.fixture(scope="session")
def builders_env() -> dict[str, str]:
    return _builders_env()


@pytest.fixture(scope="session")
def docker_engine(builders_env: dict[str, str]) -> DockerEngine:
    if builders_env.get("DFLINT_TEST_DOCKERD") != "1":
        _unavailable("Docker engine", builders_env.get("DFLINT_TEST_DOCKERD_REASON", ""))
    engine = DockerEngine(
        client=builders_env["DFLINT_TEST_DOCKER"],
        env=builders_env,
        base_image=f"{builders_env['DFLINT_TEST_BASE_IMAGE']}:latest",
    )
    answer = engine("version", "--format", "{{.Server.Version}}", timeout=20)
    if answer.returncode != 0:
        _unavailable("Docker engine", f"{builders_env['DOCKER_HOST']} does not answer: {answer.stdout.strip()}")
    return engine


@pytest.fixture(scope="session")
def buildah(builders_env: dict[str, str]) -> Buildah:
    if builders_env.get("DFLINT_TEST_BUILDAH") != "1":
        _unavailable("buildah", builders_env.get("DFLINT_TEST_BUILDAH_REASON", ""))
    return Buildah("buildah", builders_env, f"{builders_env['DFLINT_TEST_BASE_IMAGE']}:latest")


@pytest.fixture(scope="session")
def arm64_platform(builders_env: dict[str, str], docker_engine: DockerEngine) -> Arm64Platform:
    if builders_env.get("DFLINT_TEST_ARM64") != "1":
        _unavailable(
            "arm64 emulation",
            builders_env.get("DFLINT_TEST_ARM64_REASON", ""),
            host_cannot=builders_env.get("DFLINT_TEST_ARM64_HOST_CANNOT") == "1",
        )
    return Arm64Platform("linux/arm64", f"{builders_env['DFLINT_TEST_BASE_IMAGE']}:arm64", docker_engine)
