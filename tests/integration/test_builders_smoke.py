"""Proof that the real builders behave as docs/verify.md says, before anything relies on them."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.builders


def _context(tmp_path: Path, dockerfile: str) -> Path:
    (tmp_path / "Dockerfile").write_text(dockerfile)
    return tmp_path


def test_legacy_builder_rejects_run_mount(docker_engine, tmp_path):
    ctx = _context(tmp_path, f"FROM {docker_engine.base_image}\nRUN --mount=type=cache,target=/x true\n")
    result = docker_engine("build", str(ctx), buildkit=False)
    assert result.returncode != 0
    assert "the --mount option requires BuildKit" in result.stdout


def test_engine_buildkit_builds_run_mount(docker_engine, tmp_path):
    ctx = _context(tmp_path, f"FROM {docker_engine.base_image}\nRUN --mount=type=cache,target=/x true\n")
    result = docker_engine("build", "--network=host", "--progress=plain", str(ctx), buildkit=True)
    assert result.returncode == 0, result.stdout


def test_legacy_builder_reads_heredoc_body_as_instruction(docker_engine, tmp_path):
    ctx = _context(tmp_path, f"FROM {docker_engine.base_image}\nRUN <<EOT\necho hello\nEOT\n")
    result = docker_engine("build", str(ctx), buildkit=False)
    assert result.returncode != 0
    assert "dockerfile parse error line 3: unknown instruction: ECHO" in result.stdout


def test_buildah_builds_run_mount(buildah, tmp_path):
    ctx = _context(tmp_path, f"FROM {buildah.base_image}\nRUN --mount=type=cache,target=/x true\n")
    result = buildah("bud", "-f", str(ctx / "Dockerfile"), str(ctx))
    assert result.returncode == 0, result.stdout


def test_arm64_image_runs_under_qemu(arm64_platform):
    engine = arm64_platform.engine
    result = engine(
        "run", "--rm", "--network=none", "--platform", arm64_platform.platform, arm64_platform.base_image, "uname", "-m"
    )
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().splitlines()[-1] == "aarch64"


def test_buildkit_sets_targetarch_for_arm64(arm64_platform, tmp_path):
    ctx = _context(tmp_path, f'FROM {arm64_platform.base_image}\nARG TARGETARCH\nRUN echo "$TARGETARCH $(uname -m)"\n')
    result = arm64_platform.engine(
        "build",
        "--network=host",
        "--progress=plain",
        "--no-cache",
        "--platform",
        arm64_platform.platform,
        str(ctx),
        buildkit=True,
    )
    assert result.returncode == 0, result.stdout
    assert "arm64 aarch64" in result.stdout
