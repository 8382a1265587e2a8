"""The pre-commit hooks, run by the real `pre-commit` tool against a local clone of this tree.

pre-commit installs the hook repository with pip into its own environment, so
this needs dflint's build backend (hatchling) and `rich` from the package index;
everything else is local: the hook repository is a temporary git copy of the
working tree and the project under test is a second temporary repository.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dflint.files import is_dockerfile_name

ROOT = Path(__file__).resolve().parent.parent
HOOK_TREE = ("dflint", "rules", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml")
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


def _hooks() -> list[dict]:
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())


def test_hook_file_names_match_what_dflint_discovers():
    hooks = {h["id"]: h for h in _hooks()}
    assert set(hooks) == {"dflint", "dflint-fix"}
    assert hooks["dflint"]["entry"] == "dflint check" and hooks["dflint-fix"]["entry"] == "dflint fix"
    for hook in hooks.values():
        pattern = re.compile(hook["files"])
        for name in ("Dockerfile", "Dockerfile.dev", "api.Dockerfile", "api.dockerfile", "Containerfile",
                     "Containerfile.prod", "a/b/Dockerfile", "svc/x.Dockerfile"):
            assert pattern.search(name), name
            assert is_dockerfile_name(name.rsplit("/", 1)[-1]), name
        for name in ("Dockerfile/README.md", "notDockerfile", "docker-compose.yml", "Dockerfile.d/x.txt", "README.md"):
            assert not pattern.search(name), name


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()


def _hook_repo(tmp: Path) -> tuple[Path, str]:
    repo = tmp / "hook-repo"
    repo.mkdir()
    for name in HOOK_TREE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, repo / name)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "hook source")
    return repo, _git(repo, "rev-parse", "HEAD")


def test_pre_commit_fails_on_a_bad_dockerfile_and_passes_on_a_good_one(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    pytest.importorskip("pre_commit", reason="pip install pre-commit")
    hook_repo, rev = _hook_repo(tmp_path)
    project = tmp_path / "project"
    (project / "bad").mkdir(parents=True)
    (project / "good").mkdir()
    (project / "bad" / "Dockerfile").write_text("FROM alpine:3.20\nRUN --mount=type=cahce,target=/x echo\n")
    (project / "good" / "app.dockerfile").write_text(
        "# syntax=docker/dockerfile:1\nFROM alpine:3.20\n"
        "RUN --mount=type=cache,target=/var/cache/apk apk add curl=8.9.1-r2\nUSER 1000\nCMD [\"curl\", \"--version\"]\n"
    )
    # the project's own config (found by the hook as by any dflint run) keeps the test about
    # the hook, not about which practice rules exist today
    (project / ".dflint.toml").write_text('select = ["parse"]\n')
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {hook_repo}\n  rev: {rev}\n  hooks:\n  - id: dflint\n  - id: dflint-fix\n"
    )
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}

    def pre_commit(*args: str):
        cmd = [sys.executable, "-m", "pre_commit", "run", "--color", "never", "--hook-stage", "pre-commit", *args]
        return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=600)

    bad = pre_commit("dflint", "--files", "bad/Dockerfile")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "DF006" in bad.stdout and "bad/Dockerfile:2:5" in bad.stdout

    good = pre_commit("--files", "good/app.dockerfile")
    assert good.returncode == 0, good.stdout + good.stderr
    assert re.search(r"^dflint\.+Passed$", good.stdout, re.M), good.stdout
    assert re.search(r"^dflint fix\.+Passed$", good.stdout, re.M), good.stdout
