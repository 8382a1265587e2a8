"""dflint's predictions against real builds: the classic builder and the BuildKit of
Docker Engine 20.10, and Buildah 1.28 (started by scripts/builders/start.sh).

Each fixture of tests/fixtures/compat that can build offline is built for real
and compared with what `dflint check --target …` predicts for that builder:
error ⇔ the build failed; warning ⇔ it built but dropped the feature (checked
in the image where the fixture says how); nothing ⇔ it built. Where dflint has
no record (an info prediction), the test skips and says what the build did.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from dflint.engine.context import LintOptions
from dflint.engine.linter import Selection, lint_document
from dflint.knowledge.targets import parse_target
from dflint.syntax import parse

pytestmark = pytest.mark.builders

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "compat"
BASE = "dflint-test/busybox:amd64"
COMPAT_RULES = frozenset({"DF201", "DF203", "DF204", "DF205"})
RANK = {"error": 3, "warning": 2, "info": 1}

# Fixtures that cannot build offline here: remote ADD sources, a `# syntax` pin
# on BuildKit (it pulls the frontend image), and names that would be pulled.
NEEDS_NETWORK = {
    "add-checksum-git": "ADD from a git URL",
    "add-checksum-http": "ADD from an https URL",
    "add-git": "ADD from a git URL",
    "add-keep-git-dir": "ADD from a git URL",
    "named-context-typo": "`bulder` would be pulled from Docker Hub",
}
PULLS_FRONTEND = {"syntax-pin-old", "syntax-pin-new", "syntax-malformed"}
# Builders without named contexts would pull `docs` from Docker Hub.
NEEDS_BUILD_CONTEXT = {"named-context"}

# What to look at in the built image: (command run in it, expected output) per
# target for the fixtures where a warning means "built, but differently".
IMAGE_CHECKS = {
    "platform-args": {
        "legacy:20.10": (["cat", "/arch"], "arch="),
        "docker:20.10": (["cat", "/arch"], "arch=amd64"),
    },
    "copy-chmod-octal": {"docker:20.10": (["ls", "-l", "/hello"], "-rwxr-xr-x")},
    # the RUN wrote `ls -ld` of its cache mount (uid=1000,gid=1000,mode=0750) to /ok
    "run-mount-uid-gid-mode": {"docker:20.10": (["cat", "/ok"], "drwxr-x---")},
    # frontend 1.2 parses only octal modes and drops anything else without a word
    "copy-chmod-symbolic": {"docker:20.10": (["ls", "-l", "/hello"], "-rw-r--r--")},
    "copy-chmod-variable": {"docker:20.10": (["ls", "-l", "/hello"], "-rw-r--r--")},
}


def _fixtures():
    for path in sorted(FIXTURES.glob("*.Dockerfile")):
        name = path.name.removesuffix(".Dockerfile")
        if BASE not in path.read_text():
            continue  # only fixtures on the local base image build offline
        yield name


def predicted(name: str, target: str) -> str | None:
    """dflint's worst compat finding for this file and target (None: builds as written)."""
    doc = parse((FIXTURES / f"{name}.Dockerfile").read_text())
    options = LintOptions(targets=(parse_target(target),))
    findings = lint_document(doc, options=options, selection=Selection(select=COMPAT_RULES))
    return max((f.severity for f in findings), key=RANK.__getitem__, default=None)


def _tag(name: str, builder: str) -> str:
    return f"dflint-compat-test/{name}:{builder}-{uuid.uuid4().hex[:8]}"


def _compare(name: str, target: str, built: bool, log: str, image_output: str | None = None) -> None:
    check = IMAGE_CHECKS.get(name, {}).get(target)
    if check is not None and image_output is not None:
        assert image_output.split()[0] == check[1], f"{name} on {target}: the image says {image_output.strip()!r}"
    expected = predicted(name, target)
    tail = "\n".join(log.strip().splitlines()[-6:])
    if expected == "info":
        last = log.strip().splitlines()[-1] if log.strip() else ""
        pytest.skip(f"{name}: dflint has no record for {target}; the real build {'succeeded' if built else 'failed: ' + last}")
    if expected == "error":
        assert not built, f"dflint predicted a failure on {target}, but it built:\n{tail}"
    else:
        assert built, f"dflint predicted {expected or 'success'} on {target}, but the build failed:\n{tail}"


def _docker_build(engine, name: str, buildkit: bool):
    tag = _tag(name, "bk" if buildkit else "legacy")
    args = ["build", "-f", str(FIXTURES / f"{name}.Dockerfile"), "-t", tag]
    if buildkit:
        args[1:1] = ["--network=host", "--progress=plain"]
    result = engine(*args, str(FIXTURES), buildkit=buildkit, timeout=180)
    return tag, result


def _docker_image_output(engine, tag: str, name: str, target: str) -> str | None:
    check = IMAGE_CHECKS.get(name, {}).get(target)
    if check is None:
        return None
    run = engine("run", "--rm", "--network=none", tag, *check[0], timeout=60)
    assert run.returncode == 0, run.stdout
    return run.stdout


@pytest.mark.parametrize("name", [n for n in _fixtures() if n not in NEEDS_NETWORK and n not in NEEDS_BUILD_CONTEXT])
def test_legacy_builder_matches_prediction(docker_engine, name):
    tag, result = _docker_build(docker_engine, name, buildkit=False)
    try:
        built = result.returncode == 0
        output = _docker_image_output(docker_engine, tag, name, "legacy:20.10") if built else None
        _compare(name, "legacy:20.10", built, result.stdout, output)
    finally:
        docker_engine("rmi", "-f", tag, timeout=60)


@pytest.mark.parametrize(
    "name",
    [n for n in _fixtures() if n not in NEEDS_NETWORK and n not in NEEDS_BUILD_CONTEXT and n not in PULLS_FRONTEND],
)
def test_engine_buildkit_matches_prediction(docker_engine, name):
    tag, result = _docker_build(docker_engine, name, buildkit=True)
    try:
        built = result.returncode == 0
        output = _docker_image_output(docker_engine, tag, name, "docker:20.10") if built else None
        _compare(name, "docker:20.10", built, result.stdout, output)
    finally:
        docker_engine("rmi", "-f", tag, timeout=60)


@pytest.mark.parametrize("name", [n for n in _fixtures() if n not in NEEDS_NETWORK])
def test_buildah_matches_prediction(buildah, name):
    tag = _tag(name, "buildah")
    args = ["bud", "--network", "host", "--isolation", "chroot", "-f", str(FIXTURES / f"{name}.Dockerfile"), "-t", tag]
    if name in NEEDS_BUILD_CONTEXT:
        args += ["--build-context", f"docs={FIXTURES / 'files'}"]
    result = buildah(*args, str(FIXTURES), timeout=180)
    try:
        _compare(name, "buildah:1.28", result.returncode == 0, result.stdout)
    finally:
        buildah("rmi", "-f", tag, timeout=60)
