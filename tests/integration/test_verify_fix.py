"""`dflint verify` and `dflint fix --target legacy --unsafe` against the real builders.

For each BuildKit-only fixture in tests/fixtures/downlevel the classic builder
of Docker Engine 20.10 rejects: verify confirms the DF201 finding with the
builder's own message; after the fix the classic builder builds it, and the
image has the same files (contents, modes, owners) as the original built with
BuildKit, compared with `dflint.verify.inspect` (only its documented builder
noise, empty RUN mount points, is ignored). A secret mount is reported and
left alone.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest

from dflint import cli
from dflint.commands import fix as fix_command
from dflint.commands import verify as verify_command
from dflint.verify.inspect import ImageArchive, differences, save_image

pytestmark = pytest.mark.builders

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "downlevel"
# The engine's BuildKit (20.10, built-in frontend 1.2) has no heredocs and no
# --link, and a `# syntax` pin would pull a newer frontend: for those fixtures
# the reference is BuildKit's build of the rewritten file plus the files
# BuildKit's heredoc semantics write (checked by content below).
NEEDS_NEWER_FRONTEND = {"heredoc-run", "heredoc-run-shebang", "heredoc-copy", "copy-link"}
EXPECTED_FILES = {
    "heredoc-run": {"/out/a": (b"one 2\n", 0o644), "/out/b": (b"two\n", 0o700)},
    "heredoc-run-shebang": {"/script-ran": (b"from a script\n", 0o644)},
    "heredoc-copy": {"/etc/app/app.conf": (b"key=value\n\ttabbed line\n", 0o600)},
    "copy-link": {"/srv/hello.txt": (b"hello\n", 0o644)},
}
# fixture -> extra `dflint fix` options
DOWNLEVELLED = {
    "heredoc-run": [],
    "heredoc-run-shebang": [],
    "heredoc-copy": [],
    "copy-chmod": [],
    "copy-link": [],
    "run-mount-cache": [],
    "run-mount-tmpfs": [],
    "run-mount-bind": [],
    "from-buildplatform": ["--platform", "linux/amd64"],
}


@pytest.fixture(scope="module")
def engine_env(docker_engine):
    """The builders' environment with the 20.10 client first on PATH (the host's newer one lacks buildx)."""
    env = dict(docker_engine.env)
    env["PATH"] = os.path.dirname(docker_engine.client) + os.pathsep + env.get("PATH", "")
    return env


@pytest.fixture
def environ(monkeypatch, engine_env, tmp_path):
    """The builders' PATH and DOCKER_HOST for in-process commands; build logs go to tmp_path."""
    for name in ("PATH", "DOCKER_HOST"):
        monkeypatch.setenv(name, engine_env[name])
    logs = tmp_path / "logs"
    logs.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(logs))
    return engine_env


def _parser() -> argparse.ArgumentParser:
    """dflint's parser, with `verify` and `fix --verify` added where cli.py does not register them yet."""
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if "verify" not in sub.choices:
        verify_command.register(sub)
    fix = sub.choices["fix"]
    if not any("--verify" in a.option_strings for a in fix._actions):
        fix_command.add_verify_arguments(fix)
    return parser


def _run(*argv: str) -> int:
    args = _parser().parse_args(list(argv))
    module = verify_command if args.command == "verify" else fix_command
    return module.run(args)


def _copy(name: str, tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "files", tmp_path / "files")
    dockerfile = tmp_path / "Dockerfile"
    shutil.copy(FIXTURES / f"{name}.Dockerfile", dockerfile)
    return dockerfile


def _build_and_list(engine, dockerfile: Path, buildkit: bool, tmp_path: Path):
    tag = f"dflint-verify-fix-test/{dockerfile.parent.name}:{uuid.uuid4().hex[:8]}"
    args = ["build", "-f", str(dockerfile), "-t", tag]
    if buildkit:
        args += ["--network=host", "--progress=plain"]
    built = engine(*args, str(dockerfile.parent), buildkit=buildkit, timeout=120)
    assert built.returncode == 0, built.stdout[-2000:]
    try:
        archive = save_image(tag, tmp_path / f"{uuid.uuid4().hex}.tar", executable=engine.client, env=engine.env)
        return ImageArchive(archive)
    finally:
        engine("rmi", "-f", tag, timeout=60)


@pytest.mark.parametrize("name", sorted(DOWNLEVELLED))
def test_verify_confirms_then_fix_builds_the_same_image(docker_engine, engine_env, environ, name, tmp_path):
    from dflint.verify.detect import detect

    legacy = detect("legacy", engine_env)
    assert legacy.usable, legacy.message
    dockerfile = _copy(name, tmp_path)

    before = verify_command.verify_file(str(dockerfile), legacy, env=engine_env, platform=None)
    assert not before.built and not before.failure.inconclusive, before.failure
    confirmed = [v for v in before.verdicts if v.status == "confirmed"]
    assert confirmed and not before.refuted, [(v.status, v.reason) for v in before.verdicts]
    assert before.failure.message in confirmed[0].reason  # the builder's own words

    assert _run("fix", "--target", "legacy:20.10", "--unsafe", *DOWNLEVELLED[name], str(dockerfile)) == 0
    fixed_text = dockerfile.read_text()
    assert fixed_text != (FIXTURES / f"{name}.Dockerfile").read_text()
    after = verify_command.verify_file(str(dockerfile), legacy, env=engine_env)
    assert after.built, (after.failure, fixed_text)
    assert after.verdicts == []

    downlevelled = _build_and_list(docker_engine, dockerfile, buildkit=False, tmp_path=tmp_path)
    reference = dockerfile if name in NEEDS_NEWER_FRONTEND else FIXTURES / f"{name}.Dockerfile"
    original = _build_and_list(docker_engine, reference, buildkit=True, tmp_path=tmp_path)
    assert differences(original.files(), downlevelled.files()) == [], fixed_text
    for path, (content, mode) in EXPECTED_FILES.get(name, {}).items():
        assert (downlevelled.read(path), downlevelled.files()[path].mode) == (content, mode), path


def test_secret_mount_is_reported_not_rewritten(docker_engine, engine_env, environ, tmp_path, capsys):
    dockerfile = _copy("run-mount-secret", tmp_path)
    assert _run("fix", "--target", "legacy:20.10", "--unsafe", str(dockerfile)) == 0
    assert dockerfile.read_text() == (FIXTURES / "run-mount-secret.Dockerfile").read_text()
    status = _run("verify", "--builder", "legacy", "--format", "json", str(dockerfile))
    report = __import__("json").loads(capsys.readouterr().out)
    (finding,) = report["findings"]
    assert status == 0 and finding["status"] == "confirmed"
    assert "never rewrites a secret mount" in finding["message"] and "pre-built image" in finding["message"]
    assert "the --mount option requires BuildKit" in finding["reason"]


def test_engine_buildkit_confirms_its_own_heredoc_failure(engine_env, environ, tmp_path, capsys):
    """Engine 20.10's BuildKit (built-in frontend 1.2) fails a heredoc where and how dflint says."""
    dockerfile = _copy("heredoc-run", tmp_path)
    assert _run("verify", "--builder", "docker", "--network", "host", str(dockerfile)) == 0
    out = capsys.readouterr().out
    assert "confirmed" in out and "unknown instruction: MKDIR" in out


def test_fix_verify_reports_before_and_after(engine_env, environ, tmp_path, capsys):
    dockerfile = _copy("heredoc-copy", tmp_path)
    keep = tmp_path / "kept.log"
    assert _run("fix", "--target", "legacy:20.10", "--unsafe", "--verify", str(dockerfile)) == 0
    err = capsys.readouterr().err
    assert "before: the build fails at line 3" in err and "after: the build passes" in err
    assert "gone: line 2 heredoc.copy (was confirmed" in err
    assert _run("verify", "--builder", "legacy", "--keep-log", str(keep), str(dockerfile)) == 0
    assert "Successfully built" in keep.read_text()


def test_help_says_verify_runs_the_dockerfile(capsys):
    with pytest.raises(SystemExit):
        _parser().parse_args(["verify", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "RUNS THE DOCKERFILE'S COMMANDS" in text and "never run it" in text


def test_no_builder_is_exit_2_and_says_what_is_missing(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))
    dockerfile = _copy("copy-link", tmp_path)
    assert _run("verify", "--builder", "legacy", str(dockerfile)) == 2
    assert "`docker` is not on PATH" in capsys.readouterr().err
