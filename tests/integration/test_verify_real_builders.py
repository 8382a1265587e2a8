"""dflint.verify's drivers against the real builders: the live logs still parse as
the captured fixtures do, detection reports this machine truthfully, and built
images can be read back (platform, modes, contents) without a registry."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from dflint.verify.builders import BuildRequest
from dflint.verify.detect import BUILDX_MISSING, detect
from dflint.verify.errors import FailureKind, diagnose
from dflint.verify.inspect import (
    RUN_MOUNT_POINTS,
    ImageArchive,
    differences,
    image_platform,
    save_image,
)
from dflint.verify.run import run_build
from dflint.verify.steps import InstructionLines

pytestmark = pytest.mark.builders

LOGS = Path(__file__).parents[1] / "fixtures" / "verify-logs"
EXPECTED = json.loads((LOGS / "expected.json").read_text())
NEW_CLIENT = "/usr/local/bin/docker"  # this machine kind's Docker 28 client, without buildx
NO_DAEMON = "unix:///nonexistent/docker.sock"
LIVE_CASES = [
    (case, label, expected)
    for case, labels in EXPECTED.items()
    if not case.startswith("_")
    for label, expected in labels.items()
]


def _live_request(request, label: str, dockerfile: Path) -> BuildRequest:
    """The build that printed the captured log `label`, with this machine's builders."""
    if label.startswith("buildah"):
        buildah = request.getfixturevalue("buildah")
        return BuildRequest("buildah", dockerfile, dockerfile.parent, network="host", env=buildah.env)
    engine = request.getfixturevalue("docker_engine")
    if label.startswith("docker-28") and not os.access(NEW_CLIENT, os.X_OK):
        pytest.skip(f"no Docker 28 client at {NEW_CLIENT}")
    env = dict(engine.env)
    builder, executable, network = {
        "legacy-20.10": ("legacy", engine.client, None),
        "buildkit-20.10": ("docker", engine.client, "host"),
        "buildkit-20.10-no-host-network": ("docker", engine.client, None),
        "docker-28-no-daemon": ("legacy", NEW_CLIENT, None),
        "docker-28-buildkit-no-buildx": ("docker", NEW_CLIENT, None),
        "docker-28-buildx-build": ("buildx", NEW_CLIENT, None),
        "docker-20.10-buildx-build": ("buildx", engine.client, None),
    }[label]
    if label == "docker-28-no-daemon":
        env["DOCKER_HOST"] = NO_DAEMON
    return BuildRequest(builder, dockerfile, dockerfile.parent, network=network, executable=executable, env=env)


@pytest.mark.parametrize(("case", "label", "expected"), LIVE_CASES, ids=[f"{c}/{lb}" for c, lb, _ in LIVE_CASES])
def test_live_build_fails_as_the_captured_log_says(request, tmp_path, case, label, expected):
    dockerfile = LOGS / "cases" / case / "Dockerfile"
    outcome = run_build(_live_request(request, label, dockerfile), timeout=120, log_path=tmp_path / "build.log")
    failure = diagnose(outcome, InstructionLines.without_heredocs(dockerfile.read_text()))
    if expected.get("succeeds"):
        assert failure is None, outcome.log
        assert outcome.image_id
        return
    assert failure is not None, outcome.log
    assert (failure.kind, failure.line) == (expected["kind"], expected["line"]), outcome.log
    assert expected["message"] in failure.message


def test_detect_reports_this_machine(docker_engine, buildah):
    env = docker_engine.env
    legacy = detect("legacy", env, executable=docker_engine.client)
    assert legacy.usable and legacy.version.startswith("20.10.")
    assert detect("docker", env, executable=docker_engine.client).usable
    assert detect("buildah", buildah.env).usable
    no_buildx = detect("buildx", env, executable=docker_engine.client)
    assert not no_buildx.usable and no_buildx.message.startswith("no buildx plugin: ")
    gone = detect("legacy", {**env, "DOCKER_HOST": NO_DAEMON}, executable=docker_engine.client)
    assert gone.message == f"no Docker daemon reachable at {NO_DAEMON} (DOCKER_HOST={NO_DAEMON})"


def test_detect_docker_28_client_against_the_20_10_engine(docker_engine):
    if not os.access(NEW_CLIENT, os.X_OK):
        pytest.skip(f"no Docker 28 client at {NEW_CLIENT}")
    assert detect("legacy", docker_engine.env, executable=NEW_CLIENT).usable
    engine_buildkit = detect("docker", docker_engine.env, executable=NEW_CLIENT)
    assert not engine_buildkit.usable and BUILDX_MISSING in engine_buildkit.message


def test_arm64_build_records_platform_and_runs_under_qemu(arm64_platform, tmp_path):
    (tmp_path / "Dockerfile").write_text(f"FROM {arm64_platform.base_image}\nRUN uname -m > /arch && chmod 640 /arch\n")
    engine = arm64_platform.engine
    tag = "dflint-test/verify-arm64:latest"
    outcome = run_build(
        BuildRequest(
            "docker",
            tmp_path / "Dockerfile",
            tmp_path,
            platform=arm64_platform.platform,
            tag=tag,
            network="host",
            executable=engine.client,
            env=engine.env,
        ),
        timeout=120,
        log_path=tmp_path / "build.log",
    )
    assert outcome.succeeded, outcome.log
    assert str(image_platform(tag, docker=engine.client, env=engine.env)) == "linux/arm64"
    archive = ImageArchive(save_image(tag, tmp_path / "image.tar", executable=engine.client, env=engine.env))
    assert archive.read("/arch") == b"aarch64\n"
    assert archive.files()["/arch"].mode == 0o640
    assert str(archive.platform) == "linux/arm64"


def test_legacy_and_buildkit_images_have_the_same_files(docker_engine, tmp_path):
    (tmp_path / "app.sh").write_text("#!/bin/sh\necho hi\n")
    (tmp_path / "Dockerfile").write_text(
        f"FROM {docker_engine.base_image}\nCOPY app.sh /app/\n"
        "RUN chmod 750 /app/app.sh && mkdir -p /data && echo v1 > /data/version && ln -s /app/app.sh /bin/app\n"
    )
    listings = {}
    for builder in ("legacy", "docker"):
        tag = f"dflint-test/verify-same:{builder}"
        outcome = run_build(
            BuildRequest(
                builder,
                tmp_path / "Dockerfile",
                tmp_path,
                tag=tag,
                network="host",
                executable=docker_engine.client,
                env=docker_engine.env,
            ),
            timeout=120,
            log_path=tmp_path / f"{builder}.log",
        )
        assert outcome.succeeded, outcome.log
        archive = ImageArchive(
            save_image(tag, tmp_path / f"{builder}.tar", executable=docker_engine.client, env=docker_engine.env)
        )
        listings[builder] = archive.files()
    assert differences(listings["legacy"], listings["docker"]) == []
    # What differs at all: the empty mount points BuildKit's RUN leaves behind.
    assert set(listings["docker"]) - set(listings["legacy"]) <= RUN_MOUNT_POINTS
    app = listings["legacy"]["/app/app.sh"]
    assert (app.mode, app.size) == (0o750, len("#!/bin/sh\necho hi\n"))
    assert listings["legacy"]["/bin/app"].link_target == "/app/app.sh"


def test_buildah_image_can_be_read_back(buildah, tmp_path):
    (tmp_path / "Dockerfile").write_text(f"FROM {buildah.base_image}\nRUN echo from-buildah > /marker\n")
    tag = "localhost/dflint-test/verify-buildah:latest"
    outcome = run_build(
        BuildRequest("buildah", tmp_path / "Dockerfile", tmp_path, tag=tag, env=buildah.env),
        timeout=120,
        log_path=tmp_path / "build.log",
    )
    assert outcome.succeeded, outcome.log
    archive = ImageArchive(save_image(tag, tmp_path / "image.tar", tool="buildah", env=buildah.env))
    assert archive.read("/marker") == b"from-buildah\n"
    assert str(archive.platform) == "linux/amd64"


@pytest.mark.parametrize("builder", ["legacy", "docker"])
def test_time_limit_stops_a_real_build(docker_engine, tmp_path, builder):
    (tmp_path / "Dockerfile").write_text(f"FROM {docker_engine.base_image}\nRUN sleep 60\n")
    started = time.monotonic()
    outcome = run_build(
        BuildRequest(
            builder,
            tmp_path / "Dockerfile",
            tmp_path,
            network="host",
            executable=docker_engine.client,
            env=docker_engine.env,
        ),
        timeout=3,
        log_path=tmp_path / "build.log",
    )
    assert outcome.timed_out and time.monotonic() - started < 20
    failure = diagnose(outcome, InstructionLines.without_heredocs((tmp_path / "Dockerfile").read_text()))
    assert (failure.kind, failure.line) == (FailureKind.TIMEOUT, 2), outcome.log
    assert docker_engine("version").returncode == 0
